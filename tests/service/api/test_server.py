"""``serve --demo`` on a store that is not empty."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from service.api.server import load_demo_if_empty
from service.runtime import make_ingestor, open_store
from service.settings import Settings
from tests.conftest import SECRET, lines


async def test_demo_on_a_store_with_data_mints_no_keys(capsys: pytest.CaptureFixture[str]) -> None:
    data = Path(tempfile.mkdtemp(prefix="tmd-", dir="/tmp"))  # short: the socket lives there
    settings = Settings(data_dir=data, secret=SECRET)
    account = {"type": "account", "id": "a1", "kind": "CLIENT", "name": "Ann Lee",
               "country": "DE", "created_at": "2024-01-01T00:00:00Z"}  # fmt: skip
    try:
        async with open_store(settings) as store:
            await make_ingestor(store, settings).ingest(lines([account]))
        await load_demo_if_empty(settings)
        async with open_store(settings) as store:
            assert await store.api_keys() == []
            assert (await store.counts())["Account"] == 1
        assert "no keys made" in capsys.readouterr().out
    finally:
        shutil.rmtree(data, ignore_errors=True)
