"""The package structure docs/DESIGN.md describes: one-way imports, no cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("identity", "graph", "service")  # each may import only those before it


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _imports() -> nx.DiGraph:
    """Every import between trustmesh modules, ``TYPE_CHECKING`` ones included."""
    graph = nx.DiGraph()
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            module = _module_name(path)
            graph.add_node(module)
            for node in ast.walk(ast.parse(path.read_text())):
                targets: list[str] = []
                if isinstance(node, ast.Import):
                    targets = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    targets = [node.module]
                    targets += [f"{node.module}.{a.name}" for a in node.names]
                for target in targets:
                    if target.split(".")[0] in PACKAGES and _is_module(target):
                        graph.add_edge(module, target)
    return graph


def test_no_module_imports_itself_through_others() -> None:
    graph = _imports()
    assert graph.number_of_edges() > 100, "the import scan found too little"
    # a package's __init__ importing its own modules is not a cycle of its modules
    cycles = [c for c in nx.simple_cycles(graph) if not any(_is_package_root(m, c) for m in c)]
    assert cycles == []


def _is_package_root(module: str, cycle: list[str]) -> bool:
    is_package = (ROOT.joinpath(*module.split(".")) / "__init__.py").exists()
    return is_package and all(other.startswith(module) for other in cycle)


def test_imports_go_one_way_identity_graph_service() -> None:
    upward = [
        (source, target)
        for source, target in _imports().edges
        if PACKAGES.index(target.split(".")[0]) > PACKAGES.index(source.split(".")[0])
    ]
    assert upward == []


def test_only_the_adapters_import_a_database_driver() -> None:
    drivers = {"neo4j", "falkordb", "redis"}
    importers = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module]
                if any(name.split(".")[0] in drivers for name in names):
                    importers.add(_module_name(path))
    adapters = {"graph.store.falkordb", "graph.falkordb_params", "graph.store.neo4j"}
    assert importers <= adapters | {"graph.embedded"}  # the server it starts, probed


def test_no_module_is_longer_than_a_reader_can_hold() -> None:
    too_long = {
        _module_name(path): lines
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if (lines := len(path.read_text().splitlines())) > 400
    }
    assert too_long == {}
