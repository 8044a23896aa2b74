"""Fixtures for the webhook tests: receivers on loopback, a sender with short waits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.codec import ScoreRecord
from graph.model import WriteBatch
from graph.store import CypherStore
from graph.store.ports import IngestWriter
from service.webhooks.secrets import SecretBox
from service.webhooks.sender import Sender, SenderConfig
from tests.conftest import SECRET, account_row
from tests.service.webhooks.receiver import Receiver

FAST = SenderConfig(
    timeout_s=2.0, retry_s=3600.0, backoff_s=0.05, max_backoff_s=0.2, lease_s=5.0, poll_s=0.05
)


@pytest.fixture
def box() -> SecretBox:
    return SecretBox(SECRET.encode())


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    started = Receiver().start()
    yield started
    started.stop()


def sender(store: CypherStore, box: SecretBox, config: SenderConfig = FAST) -> Sender:
    return Sender(store, box, config)


def scored(ids: list[str], band: str, score: float, action: str = "NONE") -> list[ScoreRecord]:
    return [ScoreRecord(a, score, band, {}, (), action, None, None) for a in ids]


async def accounts(store: IngestWriter, n: int, prefix: str = "a") -> list[str]:
    """``n`` declared accounts (only those have badges, and so band events)."""
    batch = WriteBatch()
    ids = [f"{prefix}{i:05d}" for i in range(n)]
    batch.accounts += [account_row(a) for a in ids]
    await store.write(batch)
    return ids
