"""The bounded recent-login window kept on each account.

The shared-login detector needs the *sequence* of recent logins (time, device,
place), which aggregated relationship counters cannot give. Each account keeps
its :data:`graph.model.LOGIN_WINDOW` most recent logins; entries are JSON
arrays stored as strings because Neo4j cannot store maps inside lists.

Merging is a pure set union truncated to the newest entries, so it gives the
same window whatever order logins arrive in and however often they repeat.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from graph.model import LOGIN_WINDOW, LoginRecord, LoginRow


def encode(row: LoginRow) -> str:
    return json.dumps(
        [row["at"], row["device"], row["ip"], row["country"], row["lat"], row["lon"]],
        separators=(",", ":"),
    )


def decode(entry: str) -> LoginRecord:
    at, device, ip, country, lat, lon = json.loads(entry)
    return LoginRecord(at=at, device=device, ip=ip, country=country, lat=lat, lon=lon)


def _sort_key(entry: str) -> tuple[int, str]:
    # Entries start with the epoch seconds; ties are broken by the full text so
    # that the window is a deterministic function of the set of logins.
    return (int(entry[1 : entry.index(",")]), entry)


def merge_window(
    existing: Iterable[str] | None, new: Iterable[str], limit: int = LOGIN_WINDOW
) -> list[str]:
    """Union of old and new entries, oldest first, keeping the newest ``limit``."""
    entries = set(existing or ())
    entries.update(new)
    ordered = sorted(entries, key=_sort_key)
    return ordered[-limit:]
