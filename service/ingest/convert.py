"""Turning input lines into store rows: parse, validate, hash, plan.

Pure CPU and no I/O against the store, so it can run in a worker thread or in
worker processes (:mod:`service.ingest.pool`) while the store writes.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import TypedDict, cast

from PIL.Image import Image

from graph import logins
from graph.model import PortfolioRow, PortraitRow, WriteBatch
from graph.names import search_key
from graph.plan import plan
from identity.errors import IdentityError
from identity.links import DEFAULT_LINKS, LinkCheck
from identity.pii import PiiHasher
from identity.policy import screen
from identity.portraits import load_image, portrait_hashes, work_hashes
from identity.shapes import TextShaper
from identity.signatures import WORK_SIGNATURES
from identity.text import masked, off_platform_categories, off_platform_excerpt
from identity.thumbnails import thumbnail
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
    PortfolioEvent,
    PortraitEvent,
    TimeLogEvent,
    epoch,
    parse_event,
)
from service.ingest.route import check
from service.ingest.types import Chunk, Converted, Line, Rejected


def _key(*parts: object) -> str:
    """An event's ledger key: the hash of its normalised fields."""
    return _digest("\x1f".join(map(str, parts)))


def _digest(text: str) -> str:
    # logins (two thirds of a marketplace's events) format their key text in
    # one f-string: the same text as _key's, a quarter cheaper
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


EXCERPT_CHARS = 160  # of the sentence that broke a text-policy rule, normalised


class Screened(TypedDict):
    categories: list[str]
    policy: list[str]
    excerpt: str
    excerpt_until: int | None


class Converter:
    """Turns validated events into store rows: hashing PII, reading portraits."""

    def __init__(
        self,
        hasher: PiiHasher,
        max_portrait_bytes: int,
        max_portrait_pixels: int,
        thumbnails: bool = True,
        excerpt_retention_s: int = 90 * 86_400,
        links: LinkCheck = DEFAULT_LINKS,
    ):
        self.links = links  # whose look-alikes make a link suspicious
        self.excerpt_retention_s = excerpt_retention_s  # 0: keep no excerpt
        self.hasher = hasher
        self.shaper = TextShaper(hasher.derived("text-shape"))  # repeated messages meet
        self.thumbnails = thumbnails  # keep a small preview of each portrait
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
                        "name_key": search_key(event.name),
                        "country": event.country,
                        "created_at": epoch(event.created_at),
                        # the model already normalised both (so variants meet); hash only
                        "email_hash": self._hash("email", event.email),
                        "email_domain": self._hash(
                            "email_domain", event.email and event.email.rsplit("@", 1)[1]
                        ),
                        "phone_hash": self._hash("phone", event.phone),
                        "agency": event.agency,
                    }
                )
            case LoginEvent():
                at = int(event.at.timestamp())
                account, device, ip = event.account, event.device, event.ip
                country = event.country
                # each coordinate printed once, for the key and the window entry
                # (the same text f"{lat}" gives)
                lat = None if event.lat is None else repr(event.lat)
                lon = None if event.lon is None else repr(event.lon)
                batch.logins.append(
                    {
                        "key": _digest(
                            f"login\x1f{account}\x1f{at}\x1f{device}\x1f{ip}"
                            f"\x1f{country}\x1f{lat}\x1f{lon}"
                        ),
                        "account": account,
                        "at": at,
                        "device": device,
                        "ip": ip,
                        "prefix": event.prefix,
                        "country": country,
                        "lat": event.lat,
                        "lon": event.lon,
                        "entry": logins.entry(at, device, ip, country, lat, lon),
                    }
                )
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
                        "score": event.score,
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
                image = self._picture(event, base_dir)
                hashes = portrait_hashes(image)
                # every hash is a row field (tests/service/ingest/test_convert.py holds them equal)
                portrait = {
                    "account": event.account, "at": epoch(event.at), **asdict(hashes),
                    "thumb": thumbnail(image) if self.thumbnails else "",
                }  # fmt: skip
                batch.portraits.append(cast(PortraitRow, portrait))
            case PortfolioEvent():
                signatures = asdict(work_hashes(self._picture(event, base_dir)))
                item = {"id": event.id, "account": event.account, "at": epoch(event.at),
                        "title": event.title or "",
                        **{name: signatures[name] for name in WORK_SIGNATURES}}  # fmt: skip
                batch.portfolio.append(cast(PortfolioRow, item))
            case TimeLogEvent():
                batch.time_logs.append(
                    {
                        "id": event.id,
                        "contract": event.contract,
                        "freelancer": event.freelancer,
                        "start": epoch(event.start),
                        "end": epoch(event.end),
                        "manual": event.manual,
                        "memo_len": len(event.memo or ""),
                    }
                )
            case MessageEvent():
                at = epoch(event.at)
                batch.messages.append(
                    {
                        "id": event.id,
                        "src": event.src,
                        "dst": event.dst,
                        "at": at,
                        "text_len": len(event.text),
                        "shape": self.shaper.shape(event.text),
                        **self._screened(event.text, at, job_post=False),
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
                        **self._screened(
                            event.text, epoch(event.at), job_post=True, title=event.title
                        ),
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

    def _screened(self, text: str, at: int, *, job_post: bool, title: str = "") -> Screened:
        """What a text leaves in the store: its off-platform and text-policy
        categories and, for a while, the masked match an investigator may read."""
        whole = f"{title}\n{text}" if title else text
        categories = off_platform_categories(self.links.without_lookalikes(whole))
        broken = screen(text, job_post=job_post, title=title, links=self.links)
        excerpt = ""
        if self.excerpt_retention_s:
            if categories:
                excerpt = off_platform_excerpt(whole)
            elif broken:
                excerpt = masked(broken[0].sentence[:EXCERPT_CHARS])
        until = at + self.excerpt_retention_s if excerpt else None
        return {"categories": categories, "policy": [m.category.value for m in broken],
                "excerpt": excerpt, "excerpt_until": until}  # fmt: skip

    def _picture(self, event: PortraitEvent | PortfolioEvent, base_dir: Path | None) -> Image:
        """The event's picture, decoded under the size and pixel limits; a
        refusal names the field the picture came in."""
        data = self._portrait_bytes(event, base_dir)
        try:
            return load_image(data, self.max_portrait_bytes, self.max_portrait_pixels)
        except IdentityError as exc:
            raise ValueError(f"{'data' if event.data is not None else 'path'}: {exc}") from None

    def _portrait_bytes(
        self, event: PortraitEvent | PortfolioEvent, base_dir: Path | None
    ) -> bytes:
        if event.data is not None:
            return event.image_bytes()
        if base_dir is None:
            raise ValueError("path: portrait paths are only accepted from files; send data")
        # One answer for every refusal, so that an event cannot ask whether a
        # file exists outside the folder; only regular files, as a FIFO or a
        # device would block or never end.
        refused = ValueError(f"path: {event.path}: no such image file in the events file's folder")
        root = base_dir.resolve()
        path = (root / (event.path or "")).resolve()
        if not path.is_relative_to(root):
            raise refused
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        except OSError:
            raise refused from None
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise refused
            if info.st_size > self.max_portrait_bytes:
                return b"\0" * (self.max_portrait_bytes + 1)  # reported as too large
            return handle.read()


def convert(chunk: Chunk, converter: Converter) -> Converted:
    """Parse, convert and plan one chunk; bad lines become rejects."""
    batch = WriteBatch()
    rejects: list[Rejected] = []
    accepted = 0
    for i, text in enumerate(chunk.texts):
        if not text or text.isspace():
            continue
        try:
            event = parse_event(text)
            check(chunk.stream, event.type)
            converter.add(event, batch, chunk.base_dir)
        # OverflowError: arithmetic on an extreme value the models let through
        except (ValueError, OverflowError, IdentityError) as exc:
            rejects.append(Rejected(chunk.source(i), str(exc), text))
            continue
        accepted += 1
    return Converted(plan(batch), accepted, rejects)


def chunks_of(lines: Iterable[Line], size: int) -> Iterator[Chunk]:
    """Lines in chunks of at most ``size``, each chunk from one folder."""
    texts: list[str | bytes] = []
    names: list[str] = []
    base_dir: Path | None = None
    for line in lines:
        if texts and (len(texts) >= size or line.base_dir != base_dir):
            yield Chunk(texts, base_dir, names=names)
            texts, names = [], []
        base_dir = line.base_dir
        texts.append(line.text)
        names.append(line.source)
    if texts:
        yield Chunk(texts, base_dir, names=names)
