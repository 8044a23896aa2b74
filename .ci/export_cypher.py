"""Print every Cypher statement the Neo4j adapter runs, as JSON, for the linter.

Parameters are declared with sample values so the linter checks their use
instead of reporting them undefined; labels, relationship types and property
keys are declared so that typos in them show up as warnings.
"""

from __future__ import annotations

import json
import re

from graph import cypher
from graph.dialect import NEO4J, schema_items


def main() -> None:
    statements = dict(cypher.all_statements())
    for item in schema_items():
        statements[f"DDL {item.name}"] = NEO4J.ddl(item)
    out = []
    for name, text in sorted(statements.items()):
        params = sorted(set(re.findall(r"\$(\w+)", text)))
        out.append({"name": name, "text": text, "parameters": params})
    labels = sorted({label for label, _ in cypher.schema.NODE_KEYS})
    rel_types = sorted(set(re.findall(r"\[\w*:([A-Z_]+)", " ".join(statements.values()))))
    print(json.dumps({"statements": out, "labels": labels, "relationshipTypes": rel_types}))


if __name__ == "__main__":
    main()
