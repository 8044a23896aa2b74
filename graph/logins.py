"""The bounded recent-login window kept on each account.

The shared-login detector needs the *sequence* of recent logins (time, device,
place), which aggregated relationship counters cannot give. Each account keeps
its :data:`graph.model.LOGIN_WINDOW` most recent logins as one string (a
property of the account; on FalkorDB a field of a hash beside the graph, see
``FalkorDBStore``): newline-separated entries of tab-separated fields (``at,
device, ip, country, lat, lon``). Neo4j cannot store maps inside lists, and one
string reads and writes far cheaper than a list of hundreds of items. Ids
cannot contain control characters (the event format forbids them), so a tab
never occurs inside a field.

Merging is a pure set union truncated to the newest entries, so it gives the
same window whatever order logins arrive in and however often they repeat.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.model import LOGIN_WINDOW, LoginRecord, LoginRow


def entry(
    at: int,
    device: str,
    ip: str,
    country: str | None,
    lat: float | str | None,
    lon: float | str | None,
) -> str:
    """One login as a window entry (made once per login, when it is converted).
    Coordinates may come already printed (``repr`` of the float)."""
    return (
        f"{at}\t{device}\t{ip}\t{country or ''}\t"
        f"{'' if lat is None else lat}\t{'' if lon is None else lon}"
    )


def decode(entry: str) -> LoginRecord:
    at, device, ip, country, lat, lon = entry.split("\t")
    return LoginRecord(
        at=int(at),
        device=device,
        ip=ip,
        country=country or None,
        lat=float(lat) if lat else None,
        lon=float(lon) if lon else None,
    )


def _sort_key(entry: str) -> tuple[int, str]:
    # Entries start with the epoch seconds; ties are broken by the full text so
    # that the window is a deterministic function of the set of logins.
    return (int(entry[: entry.index("\t")]), entry)


def pack(entries: list[str]) -> str:
    return "\n".join(entries)


def unpack(window: str | None) -> list[str]:
    return window.split("\n") if window else []


def merge_window(
    existing: Iterable[str] | None, new: Iterable[str], limit: int = LOGIN_WINDOW
) -> list[str]:
    """Union of old and new entries, oldest first, keeping the newest ``limit``."""
    entries = set(existing or ())
    entries.update(new)
    ordered = sorted(entries, key=_sort_key)
    return ordered[-limit:]


def window_of(rows: Iterable[LoginRow], limit: int = LOGIN_WINDOW) -> list[str]:
    """:func:`merge_window` of the rows' entries alone, sorted by the rows'
    own times instead of times parsed back out of the text."""
    timed = sorted({(row["at"], row["entry"]) for row in rows})
    return [entry for _, entry in timed[-limit:]]
