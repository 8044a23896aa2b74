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
