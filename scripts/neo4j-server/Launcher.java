// Starts a Neo4j Community server in this JVM: Bolt on 127.0.0.1, auth on.
// Usage: java -cp CLASSPATH Launcher.java DATA_DIR PORT PASSWORD_FILE  (PORT 0: a free one)
// Prints "ready 127.0.0.1:PORT" once Bolt accepts logins; stops cleanly on SIGTERM.
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;

public class Launcher {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        if (port == 0) {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
        }
        String password = Files.readString(Path.of(args[2])).strip();

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // trustmesh's own writes are batched; bigger pages cut checkpoint stalls
                .setConfig(GraphDatabaseSettings.pagecache_memory, 512L * 1024 * 1024)
                .build();
        try {
            setPassword(dbms, password);
        } catch (RuntimeException e) {
            // the DBMS's threads would keep the JVM up: stop it so the script sees the exit
            e.printStackTrace();
            dbms.shutdown();
            System.exit(1);
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }));
        System.out.println("ready 127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }

    // The built-in user starts with a password that must be changed before any
    // query; set ours so clients log straight in. On a restart it is set already,
    // and Neo4j refuses to "change" a password to itself.
    static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (QueryExecutionException e) {
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }
}
