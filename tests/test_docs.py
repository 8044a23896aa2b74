"""The docs describe the code as it is: the graph model and the doc sizes."""

from __future__ import annotations

import re
from pathlib import Path

from graph import cypher

ROOT = Path(__file__).resolve().parent.parent
# a label right after ':' in a node pattern; relationship types inside [..]
_LABEL = re.compile(r"\(\w*:(\w+)")
_RELATIONSHIP = re.compile(r"\[\w*:([\w|]+)")


def _used_by_cypher() -> tuple[set[str], set[str]]:
    labels: set[str] = set()
    relationships: set[str] = set()
    for text in cypher.all_statements().values():
        labels.update(_LABEL.findall(text))
        for alternatives in _RELATIONSHIP.findall(text):
            relationships.update(alternatives.split("|"))
    return labels, relationships


def _graph_model_section() -> str:
    design = (ROOT / "docs" / "DESIGN.md").read_text()
    return design.split("## Graph model", 1)[1].split("\n## ", 1)[0]


def test_the_graph_model_names_every_label_and_relationship_the_cypher_uses() -> None:
    section = _graph_model_section()
    documented_labels = set(re.findall(r"`(\w+) \{", section)) | set(_LABEL.findall(section))
    documented_relationships: set[str] = set()
    for alternatives in _RELATIONSHIP.findall(section):
        documented_relationships.update(alternatives.split("|"))
    labels, relationships = _used_by_cypher()
    assert labels, "the statement scan found no labels: the pattern no longer matches"
    assert labels - documented_labels == set(), "add to docs/DESIGN.md's graph model"
    assert relationships - documented_relationships == set(), "add to docs/DESIGN.md"
    assert documented_labels - labels == set(), "no statement uses these labels"
    assert documented_relationships - relationships == set(), "no statement uses these"


def test_the_readme_and_the_performance_page_stay_short() -> None:
    # past these lengths they stop being read: the rest belongs in docs/
    assert len((ROOT / "README.md").read_text().splitlines()) <= 250
    assert len((ROOT / "docs" / "PERFORMANCE.md").read_text().splitlines()) <= 250
