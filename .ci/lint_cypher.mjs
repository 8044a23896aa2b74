// Lints every statement trustmesh sends to Neo4j with Neo4j's own Cypher front end
// (@neo4j-cypher/language-support). Reads the JSON from export_cypher.py on stdin.
// Exit 1 on any error-severity diagnostic (syntax, semantics, undefined variables).
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

let errors = 0;
let warnings = 0;
for (const st of input.statements) {
  const parameters = Object.fromEntries(st.parameters.map((p) => [p, 'x']));
  const dbSchema = { labels: input.labels, relationshipTypes: input.relationshipTypes, parameters };
  const { diagnostics } = lintCypherQuery(st.text, dbSchema);
  for (const d of diagnostics) {
    const where = `${st.name}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
    if (d.severity === 1) {
      errors += 1;
      console.error(`error   ${where}: ${d.message}`);
    } else {
      warnings += 1;
      console.error(`warning ${where}: ${d.message}`);
    }
  }
}
console.log(`cypher lint: ${input.statements.length} statements, ${errors} errors, ${warnings} warnings`);
process.exit(errors ? 1 : 0);
