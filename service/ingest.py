"""Ingestion: validated events in, idempotent batched graph writes out.

The CLI (``trustmesh ingest``) and the GraphQL ``ingestEvents`` mutation both
go through :class:`Ingestor`, so validation, PII hashing and idempotency are
the same whichever door an event comes in by.

Speed comes from overlapping the two halves: while the store applies batch
*n*, a worker thread parses and converts batch *n+1* (the store works in its
own process, so the GIL is free for parsing while we wait on its socket).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.model import LoginRow, WriteBatch
from graph.plan import WritePlan, plan
from graph.store import GraphStore
from identity.errors import IdentityError
from identity.logos import LogoRegistry
from identity.pii import PiiHasher
from identity.portraits import load_image, portrait_hashes
from identity.text import off_platform_categories
from service.collector import collect_now, collector_paused
from service.events import (
    AccountEvent,
    ActionEvent,
    ContractEvent,
    Event,
    FeedbackEvent,
    FlagEvent,
    JobPostEvent,
    LoginEvent,
    MessageEvent,
    PaymentMethodEvent,
    PortraitEvent,
    epoch,
    parse_event,
)
from service.logos import load_registry
from service.rescore import rescore_accounts

# a full collection every million events (batches of 10,000) bounds what
# cycles the paused collector lets build up
COLLECT_EVERY_BATCHES = 100


@dataclass(frozen=True)
class Line:
    """One input line and where it came from (``file:line`` or ``events[i]``)."""

    source: str
    text: str | bytes
    base_dir: Path | None = None  # where relative portrait paths are resolved


@dataclass(frozen=True)
class Rejected:
    source: str
    reason: str
    text: str | bytes


@dataclass
class IngestReport:
    accepted: int = 0
    rejected: int = 0
    seconds: float = 0.0
    rejects: list[Rejected] = field(default_factory=list)

    @property
    def events_per_second(self) -> float:
        return self.accepted / self.seconds if self.seconds > 0 else 0.0


def _key(*parts: object) -> str:
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()


class Converter:
    """Turns validated events into store rows: hashing PII, reading portraits."""

    def __init__(self, hasher: PiiHasher, max_portrait_bytes: int, max_portrait_pixels: int):
        self.hasher = hasher
        self.max_portrait_bytes = max_portrait_bytes
        self.max_portrait_pixels = max_portrait_pixels

    def add(self, event: Event, batch: WriteBatch, base_dir: Path | None) -> None:
        """Append the rows for ``event``; raises ValueError for unusable input."""
        match event:
            case AccountEvent():
                batch.accounts.append(
                    {
                        "id": event.id,
                        "kind": event.kind.value,
                        "name": event.name,
                        "country": event.country,
                        "created_at": epoch(event.created_at),
                        # the model already normalised both (so variants meet); hash only
                        "email_hash": self._hash("email", event.email),
                        "phone_hash": self._hash("phone", event.phone),
                        "agency": event.agency,
                    }
                )
            case LoginEvent():
                row: LoginRow = {
                    "key": "",
                    "account": event.account,
                    "at": epoch(event.at),
                    "device": event.device,
                    "ip": event.ip,
                    "prefix": event.prefix,
                    "country": event.country,
                    "lat": event.lat,
                    "lon": event.lon,
                }
                row["key"] = _key(
                    "login", event.account, row["at"], event.device, event.ip,
                    event.country, event.lat, event.lon,
                )  # fmt: skip
                batch.logins.append(row)
            case PaymentMethodEvent():
                fingerprint = self.hasher.normalized("payment", event.fingerprint)
                at = epoch(event.at)
                batch.payments.append(
                    {
                        "key": _key("payment", event.account, fingerprint, event.kind.value, at),
                        "account": event.account,
                        "fingerprint": fingerprint,
                        "kind": event.kind.value,
                        "at": at,
                    }
                )
            case ContractEvent():
                batch.contracts.append(
                    {
                        "id": event.id,
                        "client": event.client,
                        "freelancer": event.freelancer,
                        "amount": event.amount,
                        "started_at": epoch(event.started_at),
                        "ended_at": epoch(event.ended_at) if event.ended_at else None,
                    }
                )
            case FeedbackEvent():
                batch.feedback.append(
                    {
                        "contract": event.contract,
                        "src": event.src,
                        "dst": event.dst,
                        "rating": event.rating,
                        "at": epoch(event.at),
                        "text_len": len(event.text or ""),
                    }
                )
            case FlagEvent():
                batch.flags.append(
                    {
                        "id": event.id,
                        "reporter": event.reporter,
                        "target": event.target,
                        "target_kind": event.target_kind.value,
                        "reason": event.reason.value,
                        "details": event.details,
                        "at": epoch(event.at),
                    }
                )
            case PortraitEvent():
                hashes = portrait_hashes(
                    load_image(
                        self._portrait_bytes(event, base_dir),
                        self.max_portrait_bytes,
                        self.max_portrait_pixels,
                    )
                )
                batch.portraits.append(
                    {
                        "account": event.account,
                        "at": epoch(event.at),
                        "phash": hashes.phash,
                        "dhash": hashes.dhash,
                        "whash": hashes.whash,
                        "width": hashes.width,
                        "height": hashes.height,
                        "not_a_photo": hashes.not_a_photo,
                        "trimmed": hashes.trimmed,
                        "on_black": hashes.on_black,
                        "colour": hashes.colour,
                    }
                )
            case MessageEvent():
                batch.messages.append(
                    {
                        "id": event.id,
                        "src": event.src,
                        "dst": event.dst,
                        "at": epoch(event.at),
                        "text_len": len(event.text),
                        "categories": off_platform_categories(event.text),
                    }
                )
            case JobPostEvent():
                batch.job_posts.append(
                    {
                        "id": event.id,
                        "client": event.client,
                        "at": epoch(event.at),
                        "title": event.title,
                        "text_len": len(event.text),
                        "categories": off_platform_categories(f"{event.title}\n{event.text}"),
                    }
                )
            case ActionEvent():
                at = epoch(event.at)
                batch.actions.append(
                    {
                        "key": _key("action", event.account, event.action.value, at),
                        "account": event.account,
                        "action": event.action.value,
                        "reason": event.reason,
                        "at": at,
                        "expires_at": epoch(event.expires_at) if event.expires_at else None,
                        "by": event.by,
                    }
                )

    def _hash(self, kind: str, value: str | None) -> str | None:
        return None if value is None else self.hasher.normalized(kind, value)

    def _portrait_bytes(self, event: PortraitEvent, base_dir: Path | None) -> bytes:
        if event.data is not None:
            return event.image_bytes()
        if base_dir is None:
            raise ValueError("path: portrait paths are only accepted from files; send data")
        path = base_dir / (event.path or "")
        try:
            size = path.stat().st_size
            if size > self.max_portrait_bytes:
                return b"\0" * (self.max_portrait_bytes + 1)  # reported as too large
            return path.read_bytes()
        except OSError as exc:
            raise ValueError(f"path: {event.path}: {exc.strerror or exc}") from None


@dataclass
class Converted:
    plan: WritePlan
    accepted: int
    rejects: list[Rejected]


def convert(lines: list[Line], converter: Converter) -> Converted:
    """Parse, convert and plan one chunk of lines; bad lines become rejects."""
    batch = WriteBatch()
    rejects: list[Rejected] = []
    accepted = 0
    for line in lines:
        try:
            event = parse_event(line.text)
            converter.add(event, batch, line.base_dir)
        except (ValueError, IdentityError) as exc:
            rejects.append(Rejected(line.source, str(exc), line.text))
            continue
        accepted += 1
    return Converted(plan(batch), accepted, rejects)


def chunked(lines: Iterable[Line], size: int) -> Iterator[list[Line]]:
    chunk: list[Line] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Ingestor:
    """Validates, converts and writes events; the one ingest path."""

    def __init__(
        self,
        store: GraphStore,
        converter: Converter,
        batch_size: int = 2000,
        rescore_on_ingest: str = "auto",
    ):
        self.store = store
        self.converter = converter
        self.batch_size = batch_size
        self.rescore_on_ingest = rescore_on_ingest

    async def ingest(
        self,
        lines: Iterable[Line],
        on_progress: Callable[[int, int], None] | None = None,
        on_reject: Callable[[Rejected], None] | None = None,
        keep_rejects: bool = False,
    ) -> IngestReport:
        """Ingest ``lines``; each batch is durable before the next is written."""
        loop = asyncio.get_running_loop()
        start = loop.time()
        report = IngestReport()
        chunks = chunked(lines, self.batch_size)

        def next_converted() -> Converted | None:
            chunk = next(chunks, None)
            if chunk is None:
                return None
            converted = convert(chunk, self.converter)
            converted.plan = self.store.prerender(converted.plan)
            return converted

        rescoring = self.rescore_on_ingest == "on" or (
            self.rescore_on_ingest == "auto" and await self.store.has_scores()
        )
        logos = await load_registry(self.store) if rescoring else None
        with collector_paused():
            await self._batches(next_converted, rescoring, logos, report, on_progress, on_reject,
                                keep_rejects)  # fmt: skip
        report.seconds = loop.time() - start
        return report

    async def ingest_one(self, source: str, event: Mapping[str, Any]) -> str | None:
        """One event built by the service itself (a flag, an upload, an action):
        ``None`` once stored, else why it was rejected."""
        report = await self.ingest([Line(source, json.dumps(event))], keep_rejects=True)
        return report.rejects[0].reason if report.rejects else None

    async def _batches(
        self,
        next_converted: Callable[[], Converted | None],
        rescoring: bool,
        logos: LogoRegistry | None,
        report: IngestReport,
        on_progress: Callable[[int, int], None] | None,
        on_reject: Callable[[Rejected], None] | None,
        keep_rejects: bool,
    ) -> None:
        """Write each converted batch while the next one is converted."""
        done = 0
        converted = await asyncio.to_thread(next_converted)
        while converted is not None:
            writing = asyncio.ensure_future(self.store.write(converted.plan))
            following = asyncio.ensure_future(asyncio.to_thread(next_converted))
            try:
                await writing
                if rescoring:
                    # a login from a blocked account's device shows up at once
                    await rescore_accounts(self.store, converted.plan.touched, logos=logos)
            except BaseException:
                following.cancel()
                raise
            report.accepted += converted.accepted
            report.rejected += len(converted.rejects)
            for rejected in converted.rejects:
                if on_reject is not None:
                    on_reject(rejected)
                if keep_rejects:
                    report.rejects.append(rejected)
            if on_progress is not None:
                on_progress(converted.accepted, len(converted.rejects))
            done += 1
            if done % COLLECT_EVERY_BATCHES == 0:
                collect_now()
            converted = await following
