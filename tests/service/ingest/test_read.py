"""Input files read in chunks: every line keeps its file:line name."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from identity.pii import PiiHasher
from service.ingest.convert import Converter, chunks_of, convert
from service.ingest.read import read_chunks
from service.ingest.types import Line
from tests.conftest import SECRET


def _login(n: int) -> str:
    return json.dumps({"type": "login", "account": f"a{n}", "at": "2025-01-01T00:00:00Z",
                       "device": "d", "ip": "10.0.0.1"})  # fmt: skip


def test_chunks_number_lines_across_chunks_blank_lines_included(tmp_path: Path) -> None:
    texts = [_login(1), "", _login(3), "{broken", _login(5), "  ", _login(7)]
    plain = tmp_path / "e.jsonl"
    plain.write_text("\n".join(texts) + "\n")
    packed = tmp_path / "e.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    chunks = list(read_chunks([str(plain), str(packed)], 3))
    assert [(c.label, c.first, len(c.texts)) for c in chunks] == [
        (str(plain), 1, 3), (str(plain), 4, 3), (str(plain), 7, 1),
        (str(packed), 1, 3), (str(packed), 4, 3), (str(packed), 7, 1),
    ]  # fmt: skip
    assert chunks[1].base_dir == tmp_path
    converter = Converter(PiiHasher(SECRET.encode()), 1 << 20, 1 << 20)
    converted = [convert(chunk, converter) for chunk in chunks[:3]]
    assert [c.accepted for c in converted] == [2, 1, 1]  # blank lines are neither
    assert [r.source for c in converted for r in c.rejects] == [f"{plain}:4"]


def test_lines_keep_their_own_names_and_folders_in_chunks(tmp_path: Path) -> None:
    lines = [Line("api:0", _login(1)), Line("api:1", _login(2)), Line("f:9", _login(3), tmp_path)]
    chunks = list(chunks_of(lines, 5))
    assert [(c.names, c.base_dir) for c in chunks] == [
        (["api:0", "api:1"], None),
        (["f:9"], tmp_path),
    ]
    assert chunks[1].source(0) == "f:9"
