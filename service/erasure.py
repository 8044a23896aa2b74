"""Erasing accounts' personal data on a person's request: what the CLI and
the admin API both call.

What goes and what stays is :mod:`graph.cypher.erasure`'s to say (and
docs/PRIVACY.md's). Each erased account keeps one more entry on its audit
trail, ``ACCOUNT_ERASED``, with who asked for it and why, so that the
erasure itself can be shown. Unknown ids are reported as ``ids[i]: …`` and
the known ones erased.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from graph.store.ports import AuditLog, Erasure
from service.enforcement import audit
from service.errors import ServiceError

MAX_IDS = 1000  # accounts in one call
MAX_REASON = 500


class Eraser(Erasure, AuditLog, Protocol):
    """What erasing needs of the store."""


@dataclass
class Erased:
    erased: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def erase(store: Eraser, ids: Sequence[str], who: str, reason: str) -> Erased:
    """Erase the stored accounts among ``ids``; the rest are named in ``errors``."""
    reason = reason.strip()
    if not reason:
        raise ServiceError("reason: say why (a request's reference, for instance)")
    if len(reason) > MAX_REASON:
        raise ServiceError(f"reason: at most {MAX_REASON} characters")
    if not ids:
        raise ServiceError("ids: name at least one account")
    if len(ids) > MAX_IDS:
        raise ServiceError(f"ids: at most {MAX_IDS:,} in one call")
    wanted = list(dict.fromkeys(i.strip() for i in ids))
    known = set(await store.erasable([i for i in wanted if i]))
    report = Erased()
    for i, account in enumerate(ids):
        if account.strip() not in known:
            report.errors.append(f"ids[{i}]: {account!r} is no stored account")
    report.erased = [account for account in wanted if account in known]
    if report.erased:
        at = int(datetime.now(tz=UTC).timestamp())
        await store.erase_accounts(report.erased, at)
        for account in report.erased:
            await audit(store, account, who, "ACCOUNT_ERASED", reason, None, None)
    return report
