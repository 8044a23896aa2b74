from __future__ import annotations

from graph.model import LoginRecord
from graph.sharing import detect, haversine_km

DAY = 86400
LISBON = ("PT", 38.72, -9.14)
MANILA = ("PH", 14.60, 120.98)
KYIV = ("UA", 50.45, 30.52)


def login(at: int, device: str, place: tuple[str, float, float]) -> LoginRecord:
    return LoginRecord(at, device, "1.2.3.4", place[0], place[1], place[2])


def test_haversine() -> None:
    assert 11_000 < haversine_km(38.72, -9.14, 14.60, 120.98) < 13_000
    assert haversine_km(0, 0, 0, 0) == 0


def test_rented_account_alternates_between_continents() -> None:
    logins = []
    for i in range(8):
        logins.append(login(i * DAY, "home-laptop", LISBON))
        logins.append(login(i * DAY + 1200, "renter-pc", MANILA))
    verdict = detect(logins, "PT")
    assert verdict is not None
    assert verdict.impossible_hops >= 8 and verdict.concurrent >= 3
    assert verdict.severity >= 0.8


def test_a_traveller_and_a_mover_are_not_sharing() -> None:
    trip = [login(i * DAY, "phone", LISBON) for i in range(10)]
    trip += [login(10 * DAY + 12 * 3600 + i * DAY, "phone", MANILA) for i in range(5)]
    trip += [login(16 * DAY + i * DAY, "phone", LISBON) for i in range(5)]
    assert detect(trip, "PT") is None
    moved = [login(i * DAY, "laptop", LISBON) for i in range(10)]
    moved += [login(20 * DAY + i * DAY, "laptop", KYIV) for i in range(30)]
    assert detect(moved, "PT") is None


def test_noisy_geolocation_is_not_travel() -> None:
    porto = ("PT", 41.15, -8.61)
    noisy = [login(i * 600, f"d{i % 2}", LISBON if i % 2 else porto) for i in range(20)]
    assert detect(noisy, "PT") is None


def _no_coordinates(at: int, device: str, country: str) -> LoginRecord:
    return LoginRecord(at, device, "1.2.3.4", country, None, None)


def test_alternating_abroad_on_other_devices_is_sharing_without_coordinates() -> None:
    """A German profile with nearly half its logins from Nigeria, hours
    apart, on devices never used in Germany, for weeks: rented, though no
    hop is impossible and no two sessions overlap."""
    logins = []
    for day in range(30):
        logins.append(_no_coordinates(day * DAY + 9 * 3600, "home-pc", "DE"))
        if day % 3 != 2:
            logins.append(_no_coordinates(day * DAY + 20 * 3600, f"lagos-{day % 4}", "NG"))
    verdict = detect(logins, "DE")
    assert verdict is not None and verdict.impossible_hops == 0 and verdict.concurrent == 0
    assert {"NG", "DE"} <= set(verdict.countries)
    # the same back and forth within a fortnight is a trip, not a rental
    assert detect([x for x in logins if x.at < 14 * DAY], "DE") is None


def test_a_commuter_or_a_trip_is_not_sharing() -> None:
    commute = []
    for day in range(30):
        commute.append(_no_coordinates(day * DAY + 8 * 3600, "laptop", "DE"))
        commute.append(_no_coordinates(day * DAY + 12 * 3600, "laptop", "NL"))
    assert detect(commute, "DE") is None  # one's own laptop in both countries
    away = (5, 6, 7)
    trip = [_no_coordinates(d * DAY, "laptop", "DE") for d in range(30) if d not in away]
    trip += [_no_coordinates(d * DAY + 3600, "hotel-pc", "NG") for d in away]
    assert detect(trip, "DE") is None  # one trip on a hotel's computer
