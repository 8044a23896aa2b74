"""Managing allow and deny lists: what the CLI and the admin API both call.

Every change is audited on the ``lists`` admin trail (who, what, which
list, why); entry values there are the stored form, never the raw value.
Adding values keeps the valid ones and reports each invalid one as
``values[i]: what is wrong``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from graph.cypher.lists import ListRow
from graph.store.ports import InvestigatorReads, Outbox
from identity.pii import PiiHasher
from service.enforcement import audit_entry
from service.errors import ServiceError
from service.lists import ListEffect, ListKind, check_name, stored_value
from service.logos import load_registry
from service.rescore import Rescoring, rescore_accounts
from service.scoring import Action, ReasonCode

TRAIL = "lists"
MAX_REASON = 500
MAX_VALUES = 10_000  # values in one call


class ListAdmin(Rescoring, Outbox, InvestigatorReads, Protocol):
    """What list management needs of the store: the lists, the admin trail,
    and what rescoring the accounts a change reaches needs."""


@dataclass
class Added:
    added: int = 0
    errors: list[str] = field(default_factory=list)
    rescored: int = 0  # accounts the change reached at once


# what the holders of a hashed value are found by (graph.store.views.holders)
_HOLDERS = {ListKind.EMAIL: "email", ListKind.PHONE: "phone", ListKind.CARD: "payment"}
RESCORE_AT_ONCE = 1000  # accounts a list change rescores itself; the rest wait for the night


async def _apply_now(store: ListAdmin, kind: ListKind, values: Sequence[str]) -> int:
    """Rescore the accounts a change of these values reaches, where the store
    can name them (account ids, and holders of an email, phone or card), so
    the change shows at once; other kinds apply at each account's next
    rescore. Nothing before the first nightly run, which applies every list."""
    if not values or not await store.has_scores():
        return 0
    if kind is ListKind.ACCOUNT:
        ids = set(values)
    elif kind in _HOLDERS:
        ids = {
            hit.id
            for value in values
            for hit in await store.holders(_HOLDERS[kind], value, RESCORE_AT_ONCE)
        }
    else:
        return 0
    wanted = sorted(ids)[:RESCORE_AT_ONCE]
    return await rescore_accounts(store, wanted, logos=await load_registry(store))


def _now() -> int:
    return int(datetime.now(tz=UTC).timestamp())


async def create_list(
    store: ListAdmin,
    name: str,
    kind: str,
    effect: str,
    who: str,
    action: str | None = None,
    suppress: Sequence[str] = (),
    description: str = "",
) -> ListRow:
    check_name(name)
    try:
        list_kind, list_effect = ListKind(kind), ListEffect(effect)
    except ValueError:
        raise ServiceError(
            f"kind/effect: {kind!r}/{effect!r}; kind one of {', '.join(ListKind)}, "
            f"effect one of {', '.join(ListEffect)}"
        ) from None
    codes = sorted({c.strip().upper() for c in suppress if c.strip()})
    unknown = [c for c in codes if c not in ReasonCode.__members__]
    if unknown:
        raise ServiceError(f"suppress: unknown reason code(s) {', '.join(unknown)}")
    if list_effect is ListEffect.ALLOW and (not codes or action):
        raise ServiceError(
            "suppress: an allow list names the reason codes it suppresses, no action"
        )
    if list_effect is ListEffect.DENY and codes:
        raise ServiceError("suppress: only an allow list suppresses codes")
    if ReasonCode.DENY_LISTED in codes:
        raise ServiceError("suppress: DENY_LISTED cannot be allowed away; remove the entry instead")
    chosen: Action | None = None
    if list_effect is ListEffect.DENY:
        try:
            chosen = Action((action or Action.RESTRICTION).upper())
        except ValueError:
            raise ServiceError(f"action: one of {', '.join(Action)}") from None
    if await store.list_info(name) is not None:
        raise ServiceError(f"name: a list named {name!r} exists")
    await store.create_list(
        {"name": name, "kind": list_kind.value, "effect": list_effect.value,
         "action": chosen.value if chosen else None, "suppress": codes,
         "description": description[:MAX_REASON], "at": _now(), "by": who}
    )  # fmt: skip
    detail = f"{list_kind} {list_effect} " + (f"action {chosen}" if chosen else ",".join(codes))
    await _audit(store, who, "LIST_CREATED", name, description, detail)
    created = await store.list_info(name)
    assert created is not None
    return created


async def _find(store: ListAdmin, name: str) -> ListRow:
    found = await store.list_info(name)
    if found is None:
        raise ServiceError(f"{name}: no such list (see `trustmesh lists list`)")
    return found


async def _audit(store: Outbox, who: str, what: str, name: str, reason: str, detail: str) -> None:
    _, entry = audit_entry(who, what, reason, None, name, detail)
    await store.append_trail(TRAIL, entry)


async def delete_list(store: ListAdmin, name: str, who: str, reason: str) -> None:
    found = await _find(store, name)
    await store.delete_list(name)
    await _audit(store, who, "LIST_DELETED", name, reason, f"{found.entries} entries")


async def add_values(
    store: ListAdmin,
    hasher: PiiHasher,
    name: str,
    values: Sequence[str],
    who: str,
    reason: str,
    expires_at: datetime | None = None,
) -> Added:
    """Add ``values`` (raw) to a list, normalised and hashed as it keeps them."""
    found = await _find(store, name)
    if not reason.strip():
        raise ServiceError("reason: say why these values are listed")
    if len(values) > MAX_VALUES:
        raise ServiceError(f"values: at most {MAX_VALUES:,} in one call")
    now = _now()
    expires = None if expires_at is None else int(expires_at.timestamp())
    if expires is not None and expires <= now:
        raise ServiceError("expires_at: must be in the future")
    report, rows = Added(), []
    for i, raw in enumerate(values):
        try:
            value = stored_value(ListKind(found.kind), raw, hasher)
        except ValueError as exc:
            report.errors.append(f"values[{i}]: {exc}")
            continue
        rows.append({"value": value, "added_by": who, "reason": reason[:MAX_REASON],
                     "added_at": now, "expires_at": expires})  # fmt: skip
    if rows:
        await store.add_list_entries(name, rows)
        report.rescored = await _apply_now(
            store, ListKind(found.kind), [str(r["value"]) for r in rows]
        )
        stored = ", ".join(sorted({str(r["value"]) for r in rows})[:20])
        until = "" if expires is None else f"; expires {datetime.fromtimestamp(expires, tz=UTC)}"
        await _audit(store, who, "LIST_VALUES_ADDED", name, reason, f"{len(rows)}: {stored}{until}")
    report.added = len(rows)
    return report


async def remove_values(
    store: ListAdmin, hasher: PiiHasher, name: str, values: Sequence[str], who: str, reason: str
) -> int:
    found = await _find(store, name)
    keyed = []
    for i, raw in enumerate(values):
        try:
            keyed.append(stored_value(ListKind(found.kind), raw, hasher))
        except ValueError as exc:
            raise ServiceError(f"values[{i}]: {exc}") from None
    removed = await store.remove_list_entries(name, keyed)
    await _apply_now(store, ListKind(found.kind), keyed)
    await _audit(
        store, who, "LIST_VALUES_REMOVED", name, reason, f"{removed}: {', '.join(keyed[:20])}"
    )
    return removed
