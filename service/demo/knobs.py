"""What a demo marketplace plants, drawn per seed.

A detector tuned on one fixed generator learns that generator. Every seed
draws its own abuse and look-alike parameters from the ranges below, so a
sweep over seeds (``bench/quality.py --sweep``) measures rules against
marketplaces they were not tuned on. ``Knobs.fixed()`` keeps the middle of
every range, for tests that need a known shape.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, fields
from typing import Any

IDENTIFIER_KINDS = ("card", "device", "phone", "email")


@dataclass(frozen=True)
class Knobs:
    # -- duplicate accounts -------------------------------------------------
    duplicate_share: float = 0.04  # of accounts
    single_identifier: float = 0.45  # duplicates sharing exactly one identifier
    # among identifiers a duplicate shares, how often each kind is chosen
    identifier_weights: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    email_dots: float = 0.5  # a Gmail variant with dots …
    email_tag: float = 0.5  # … with a +tag …
    email_upper: float = 0.3  # … in capitals
    same_name: float = 0.5  # a second account under the same name (else a variant) …
    other_name: float = 0.1  # … or under somebody else's name altogether
    self_dealing: float = 0.45  # duplicate groups where one hires the other
    # -- families: a shared laptop and home IP, sometimes one card ----------
    family_share: float = 0.015
    family_card: float = 0.2
    family_surname: float = 0.8  # families whose members share a surname
    # -- shared logins ------------------------------------------------------
    shared_login_share: float = 0.015
    foreign_share: float = 0.5  # of the account's logins from the other country
    login_gap_days: float = 1.0  # mean days between foreign logins
    foreign_devices: int = 1
    coordinates: float = 1.0  # logins that carry lat/lon
    # -- feedback rings -----------------------------------------------------
    ring_share: float = 0.01
    ring_sellers: tuple[int, int] = (2, 4)
    ring_buyers: tuple[int, int] = (6, 10)
    ring_window_days: float = 21.0
    ring_amount: float = 30.0  # the largest ring contract
    ring_camouflage: float = 0.0  # ring members that also trade honestly
    ring_four_stars: float = 0.0  # ring ratings that are 4, not 5
    # -- reputation ---------------------------------------------------------
    bad_reviews: float = 0.03  # honest freelancers who receive a run of bad reviews
    # -- portfolios ---------------------------------------------------------
    portfolio_share: float = 0.3  # honest freelancers showing a portfolio
    template_share: float = 0.15  # of their items, original work on a registered layout
    copied_share: float = 0.02  # freelancers showing a copied picture
    stock_copies: float = 0.5  # of the copies, from registered stock rather than a person
    # -- hours ---------------------------------------------------------------
    hourly_share: float = 0.2  # honest freelancers on hourly contracts
    padding_share: float = 0.08  # of those, padding their hours
    # overlap, long day, outside the contract, manual surge
    padding_kinds: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    long_days: float = 0.08  # of those, ten-hour days for weeks
    manual_loggers: float = 0.1  # of those, entering all time by hand
    # -- what people write ---------------------------------------------------
    text_share: float = 0.01  # clients and freelancers writing (ab)use, per kind
    link_share: float = 0.005  # accounts sending a suspicious link (as many share an honest one)
    # look-alike domain, shortener, bare IP address, program
    link_kinds: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    # -- one text to many ----------------------------------------------------
    spam_share: float = 0.002  # accounts sending one pitch to strangers
    spam_reach: tuple[int, int] = (40, 120)  # strangers each pitch goes to
    spam_days: float = 3.0  # over how many days
    spam_replies: float = 0.04  # strangers who answer
    invite_share: float = 0.02  # clients inviting 5-30 freelancers to a job
    invite_replies: float = 0.5  # invited freelancers who answer
    update_share: float = 0.002  # freelancers writing one update to all their clients

    @classmethod
    def fixed(cls) -> Knobs:
        return cls()

    @classmethod
    def draw(cls, rng: random.Random) -> Knobs:
        u = rng.uniform
        low, high = rng.randint(2, 3), rng.randint(4, 5)
        buyers = rng.randint(5, 8)
        return cls(
            duplicate_share=u(0.025, 0.05),
            single_identifier=u(0.2, 0.7),
            identifier_weights=(u(0.5, 2), u(0.5, 2), u(0.5, 2), u(0.5, 2)),
            email_dots=u(0.2, 0.9),
            email_tag=u(0.2, 0.9),
            email_upper=u(0.0, 0.6),
            same_name=u(0.2, 0.8),
            other_name=u(0.0, 0.25),
            self_dealing=u(0.3, 0.6),
            family_share=u(0.01, 0.03),
            family_card=u(0.0, 0.4),
            family_surname=u(0.5, 1.0),
            shared_login_share=u(0.01, 0.025),
            foreign_share=u(0.3, 0.7),
            login_gap_days=u(0.3, 2.5),
            foreign_devices=rng.randint(1, 3),
            coordinates=rng.choice((0.0, u(0.3, 1.0), 1.0)),
            ring_share=u(0.006, 0.015),
            ring_sellers=(low, high),
            ring_buyers=(buyers, buyers + rng.randint(2, 5)),
            ring_window_days=u(7, 40),
            ring_amount=u(15, 60),
            ring_camouflage=u(0.0, 0.5),
            ring_four_stars=u(0.0, 0.3),
            bad_reviews=u(0.01, 0.08),
            portfolio_share=u(0.15, 0.45),
            template_share=u(0.05, 0.3),
            copied_share=u(0.01, 0.04),
            stock_copies=u(0.2, 0.8),
            hourly_share=u(0.1, 0.3),
            padding_share=u(0.04, 0.12),
            padding_kinds=(u(0.5, 2), u(0.5, 2), u(0.5, 2), u(0.5, 2)),
            long_days=u(0.04, 0.12),
            manual_loggers=u(0.05, 0.15),
            text_share=u(0.005, 0.02),
            link_share=u(0.002, 0.01),
            link_kinds=(u(0.5, 2), u(0.5, 2), u(0.5, 2), u(0.5, 2)),
            spam_share=u(0.001, 0.004),
            spam_reach=(rng.randint(30, 50), rng.randint(80, 200)),
            spam_days=u(0.5, 6.0),
            spam_replies=u(0.0, 0.08),
            invite_share=u(0.01, 0.04),
            invite_replies=u(0.3, 0.8),
            update_share=u(0.001, 0.004),
        )

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        return {f.name: _rounded(out[f.name]) for f in fields(self)}


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, tuple):
        return [_rounded(v) for v in value]
    return value
