"""Settings: every variable is documented, and secrets never show."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from service.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = [
        f"TRUSTMESH_{name.upper()}"
        for name in Settings.model_fields
        if f"`TRUSTMESH_{name.upper()}`" not in readme
    ]
    assert not missing, f"add to README's configuration table: {missing}"


def test_the_public_view_hides_secrets(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, secret="a-very-secret-value-123", graph_password="pw")
    shown = settings.public_view()
    assert shown["secret"] == "(set)" and shown["graph_password"] == "(set)"
    assert "a-very-secret-value-123" not in repr(shown) and "pw" not in shown.values()
    assert shown["rate_limit"] == str(settings.rate_limit)


def test_credentials_in_the_graph_url_are_never_shown(tmp_path: Path) -> None:
    from graph.store.neo4j import Neo4jStore

    url = "bolt://neo4j:s3cr%40t@127.0.0.1:7687"
    shown = Settings(data_dir=tmp_path, graph_url=url).public_view()
    assert shown["graph_url"] == "bolt://(credentials)@127.0.0.1:7687"
    store = Neo4jStore(url, None, None)
    assert store.where == "bolt://127.0.0.1:7687#home"
    # the credentials themselves log in: the Neo4j variants connect by such a URL


def test_protected_domains_are_registrable_names(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, protected_domains=" Acme.co.uk, upwork.com ,")
    assert settings.protected == {"acme.co.uk", "upwork.com"}
    for bad in ("www.upwork.com", "upwork", "https://upwork.com"):
        with pytest.raises(ValidationError, match="is not a registrable domain"):
            Settings(data_dir=tmp_path, protected_domains=bad)
