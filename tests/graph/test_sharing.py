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
    # a fortnight of it is no trip either: nobody flies Berlin–Lagos daily
    assert detect([x for x in logins if x.at < 14 * DAY], "DE") is not None


def test_home_keeps_interrupting_a_long_stay_abroad() -> None:
    """Weeks of logins abroad on a stranger's computer, with the owner
    logging in at home now and then: someone else is using the account."""
    logins = [_no_coordinates(d * DAY, "home-pc", "PT") for d in range(0, 60, 10)]
    logins += [_no_coordinates(d * DAY + 7200, "cafe-pc", "NG") for d in range(61, 90, 2)]
    logins += [_no_coordinates(d * DAY + 9 * 3600, "home-pc", "PT") for d in (70, 80)]
    assert detect(logins, "PT") is not None
    # the same stay without the owner at home is a long trip, or a move
    assert detect([x for x in logins if not 61 * DAY < x.at < 90 * DAY or x.country == "NG"],
                  "PT") is None  # fmt: skip


def test_one_day_trip_in_the_middle_of_a_holiday_is_not_sharing() -> None:
    """Home, then a fortnight abroad with one hop home and back: one sandwich."""
    logins = [_no_coordinates(d * DAY, "laptop", "DE") for d in range(10)]
    logins += [_no_coordinates(d * DAY, "hotel-pc", "NG") for d in range(10, 14)]
    logins += [_no_coordinates(14 * DAY + 3600, "laptop", "DE")]
    logins += [_no_coordinates(d * DAY, "hotel-pc", "NG") for d in range(15, 20)]
    logins += [_no_coordinates(d * DAY, "laptop", "DE") for d in range(20, 30)]
    assert detect(logins, "DE") is None


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


def test_two_stays_abroad_each_ended_within_hours_at_home_is_sharing() -> None:
    """Someone abroad for a few days, the owner logging in at home hours after
    their last login, twice: no flight is that fast, even without coordinates."""
    logins = [_no_coordinates(d * DAY, "home-pc", "BR") for d in range(0, 30, 5)]
    for start in (31, 41):
        logins += [_no_coordinates((start + d) * DAY, "renter-pc", "NG") for d in range(4)]
        logins.append(_no_coordinates((start + 3) * DAY + 3 * 3600, "home-pc", "BR"))
    assert detect(logins, "BR") is not None
    # the same two stays, with a day's journey home each time, are two trips
    slow = [x if x.device == "renter-pc" or x.at < 31 * DAY else
            _no_coordinates(x.at + DAY, x.device, "BR") for x in logins]  # fmt: skip
    assert detect(slow, "BR") is None


def test_an_office_computer_across_the_border_is_a_commute() -> None:
    """Home in Germany, an office PC in the Netherlands every weekday: the
    same days with the office in Nigeria are no commute."""

    def days(office: str) -> list[LoginRecord]:
        out = []
        for day in range(30):
            out.append(_no_coordinates(day * DAY + 7 * 3600, "home-pc", "DE"))
            out.append(_no_coordinates(day * DAY + 9 * 3600, "office-pc", office))
            out.append(_no_coordinates(day * DAY + 19 * 3600, "home-pc", "DE"))
        return out

    assert detect(days("NL"), "DE") is None
    assert detect(days("NG"), "DE") is not None


def test_neighbours_come_from_geonames() -> None:
    from graph.sharing import near_home

    assert {"DE", "NL", "FR", "PL"} <= near_home("DE")
    assert "NG" not in near_home("DE")
    assert near_home("XX") == {"XX"}  # an unknown code is only itself
