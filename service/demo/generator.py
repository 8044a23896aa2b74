"""The demo marketplace generator.

Shares of the population (of ``accounts``) are drawn per seed from the
ranges in ``service.demo.knobs``, as are the details below, so that a sweep
over seeds measures rules on marketplaces they were not tuned on:

========================  ========  ========================================
planted pattern           share     how it shows in the events
========================  ========  ========================================
duplicate_account         2.5–5%    2–3 accounts of one person share one
                                    personal identifier (a card formatted
                                    differently, a phone spaced differently,
                                    a Gmail variant with dots, a +tag or
                                    capitals) or two or three of any kind
self_dealing              ~1%       a duplicate pair where one hires the
                                    other and praises it
shared_login              1–2.5%    someone abroad logs in between the
                                    owner's logins for weeks, on 1–3
                                    devices, with or without coordinates
feedback_ring             0.6–1.5%  throwaway clients × freelancers, small
                                    contracts and top ratings in a 1–6 week
                                    burst, some members also trading honestly
logo_portrait             ~0.5%     a freelancer's portrait is a logo
duplicate_portrait        ~0.6%     the same photo (near copies) on
                                    unrelated accounts
fake_name                 ~1%       business words, handles, mash, brands
off_platform_contact      ~2%       messages asking for WhatsApp, email…
========================  ========  ========================================

Benign look-alikes (recorded under ``benign`` in the labels): coworking and
carrier-NAT IPs shared by hundreds (``coworking_ip``), families sharing one
laptop, home IP and surname (``family_device``) and sometimes a couple's card
(``family_card``), agencies with members (``agency_member``), travellers and
one-time movers (``traveller``), loyal repeat clients with genuine reviews
(``loyal_client``), honest freelancers with a run of bad reviews
(``poorly_reviewed``). Each label row names the ``person`` behind the
account, so pair-level answers are known too.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

from service.demo import images, names
from service.demo.abuse import Abuse
from service.demo.knobs import Knobs
from service.demo.rulebook import Rulebook
from service.demo.world import COUNTRIES, OFF_PLATFORM, YEAR, Person


def _is_account(event: dict[str, object], account: str) -> bool:
    return event["type"] == "account" and event["id"] == account


def _login_within(event: dict[str, object], first: str, last: str) -> bool:
    return event["type"] == "login" and first < str(event["at"]) <= last


class Generator(Abuse, Rulebook):
    """Plants every pattern and look-alike of the module docstring and of
    :mod:`service.demo.rulebook`'s."""

    # -- the whole marketplace ------------------------------------------------

    def build(self, workers: int = 1) -> None:
        r = self.rng
        self.camouflaged = []
        self._plant_duplicates()
        self._plant_families()
        self._plant_agencies()
        self._plant_rings()
        while len(self.kind) < self.n:
            person = self.person()
            kind = "CLIENT" if r.random() < 0.36 else "FREELANCER"
            # the real-name rule binds individual freelancers; clients may be companies
            fake = kind == "FREELANCER" and r.random() < 0.015
            account = self.account(person, kind, name=names.fake_name(r) if fake else None)
            if fake:
                self._label(account, "fake_name")
            self.ordinary_life(account, person)
            roll = r.random()
            if roll < self.knobs.shared_login_share:
                self._plant_shared_login(account, person)
            elif roll < self.knobs.shared_login_share + 0.02:
                self._travel(account, person)
        self._portraits()
        self._jobs_and_contracts()
        self._off_platform()
        self.plant_rulebook(workers)

    def _plant_families(self) -> None:
        """One laptop and home IP, one surname; sometimes a couple's one card."""
        r, k = self.rng, self.knobs
        for _ in range(int(self.n * k.family_share / 3)):
            device = self._id("dev")
            surname = names.real_name(r).split()[-1] if r.random() < k.family_surname else None
            home = None
            members = []
            for _member in range(r.randint(2, 4)):
                person = self.person(surname)
                account = self.account(person, r.choice(["FREELANCER", "CLIENT"]))
                home = home or self._ip(person.country)
                self.ordinary_life(account, person, device=device, ip=home)
                self._mark(account, "family_device")
                members.append(account)
            if r.random() < k.family_card:
                card = "".join(str(r.randint(0, 9)) for _ in range(16))
                for account in members[:2]:
                    self._emit(
                        type="payment_method",
                        account=account,
                        kind="card",
                        fingerprint=card,
                        at=self._time(r.uniform(0, YEAR * 0.3)),
                    )
                    self._mark(account, "family_card")

    def _plant_agencies(self) -> None:
        r = self.rng
        for _ in range(max(1, int(self.n * 0.02 / 6))):
            owner = self.person()
            agency = self.account(owner, "AGENCY", name=f"{owner.name.split()[-1]} Digital Agency")
            office_ip, office_device = self._ip(owner.country), self._id("dev")
            self.ordinary_life(agency, owner, device=office_device, ip=office_ip)
            self._mark(agency, "agency_member")
            for _member in range(r.randint(3, 8)):
                person = self.person()
                person.country = owner.country
                member = self.account(person, "FREELANCER", agency=agency)
                self.ordinary_life(member, person)
                self.logins(member, owner.country, office_device, office_ip, r.randint(2, 6))
                self._mark(member, "agency_member")

    def _bad_reviews(self, honest_clients: list[str], honest_freelancers: list[str]) -> None:
        """Honest freelancers whose clients were unhappy: a run of bad ratings."""
        r = self.rng
        for freelancer in r.sample(
            honest_freelancers, k=int(len(honest_freelancers) * self.knobs.bad_reviews)
        ):
            for _ in range(r.randint(3, 8)):
                self.contract(
                    r.choice(honest_clients),
                    freelancer,
                    r.uniform(YEAR * 0.3, YEAR * 0.95),
                    r.uniform(50, 2000),
                    (r.choice([1, 1, 2, 2, 3]), r.choice([3, 4, 5])),
                )
            self._mark(freelancer, "poorly_reviewed")

    def _travel(self, account: str, person: Person) -> None:
        r = self.rng
        other = r.choice([c for c in COUNTRIES if c[0] != person.country[0]])
        t = r.uniform(YEAR * 0.5, YEAR * 0.8)
        moving = r.random() < 0.4
        ip = self._ip(other)
        span = (t + 86400, YEAR * 1.0) if moving else (t + 86400, t + 10 * 86400)
        device = f"dev-travel-{account}"
        # one person is in one place: no logins from home after a move, or
        # during a trip; the account's own events are the newest in the list
        first, last = self._time(span[0] - 86400), self._time(span[1])
        start = len(self.events) - 1
        while not _is_account(json.loads(self.events[start]), account):
            start -= 1
        self.events[start:] = [
            line for line in self.events[start:] if not _login_within(json.loads(line), first, last)
        ]
        self.logins(account, other, device, ip, r.randint(3, 8), span=span)
        self._mark(account, "traveller")

    def _portraits(self) -> None:
        r = self.rng
        freelancers = [a for a in self.freelancers if not self.labels.get(a)]
        for account in r.sample(freelancers, k=min(len(freelancers), max(5, int(self.n * 0.005)))):
            self.portrait(
                account, images.encode(images.logo(r.randrange(1 << 30)), "PNG"), "logo_portrait"
            )
        plain = [a for a in self.kind if not self.labels.get(a) and not self.benign.get(a)]
        for _ in range(max(2, int(self.n * 0.003))):
            a, b = r.sample(plain, 2)
            picture = images.photo(r.randrange(1 << 30))
            for i, acc in enumerate((a, b)):
                self.portrait(
                    acc, images.encode(images.near_copy(picture, i), "JPEG"), "duplicate_portrait"
                )
        for account in r.sample(plain, k=int(len(plain) * self.portrait_share)):
            if account not in self.labels or not self.labels[account]:
                self.portrait(account, images.encode(images.photo(r.randrange(1 << 30)), "JPEG"))

    def _jobs_and_contracts(self) -> None:
        r = self.rng
        honest_clients = [c for c in self.clients if not self.labels.get(c)]
        honest_freelancers = [f for f in self.freelancers if not self.labels.get(f)]
        for client in honest_clients:
            for _ in range(r.randint(0, 2)):
                self._emit(
                    type="job_post",
                    id=self._id("job"),
                    client=client,
                    at=self._time(r.uniform(YEAR * 0.3, YEAR)),
                    title=r.choice(
                        [
                            "Logo design",
                            "Shopify store",
                            "Data cleanup",
                            "Translate website",
                            "Mobile app MVP",
                        ]
                    ),
                    text="We are looking for an experienced professional.",
                )
            for _ in range(r.randint(0, 3)):
                self.honest_contract(client, r.choice(honest_freelancers))
            if r.random() < 0.04:
                freelancer = r.choice(honest_freelancers)
                for _ in range(r.randint(5, 12)):
                    rating = 5 if r.random() < 0.85 else 4
                    self.contract(
                        client,
                        freelancer,
                        r.uniform(YEAR * 0.3, YEAR * 0.95),
                        r.uniform(200, 4000),
                        (rating, 5),
                    )
                self._mark(client, "loyal_client")
                self._mark(freelancer, "loyal_client")
        self._bad_reviews(honest_clients, honest_freelancers)
        self._camouflage(honest_clients, honest_freelancers)

    def _off_platform(self) -> None:
        r = self.rng
        candidates = [a for a in self.kind if not self.labels.get(a)]
        for account in r.sample(candidates, k=int(self.n * 0.02)):
            peer = r.choice(self.freelancers if self.kind[account] == "CLIENT" else self.clients)
            if peer == account:
                continue
            template = r.choice(OFF_PLATFORM)
            text = template.format(user=f"{account.replace('-', '')}x")
            self._emit(
                type="message",
                id=self._id("msg"),
                **{"from": account, "to": peer},
                at=self._time(r.uniform(YEAR * 0.3, YEAR)),
                text=text,
            )
            # free work is a scam request of the text policy's now
            self._label(account, "scam_request" if "free" in template else "off_platform_contact")

    # -- output ---------------------------------------------------------------

    def label_rows(self) -> Iterator[dict[str, object]]:
        for account in sorted(self.kind):
            yield {
                "account": account,
                "person": self.person_of[account],
                "patterns": sorted(self.labels.get(account, ())),
                "benign": sorted(self.benign.get(account, ())),
            }

    def write(self) -> tuple[int, int]:
        with (self.out / "events.jsonl").open("w", encoding="utf-8") as handle:
            for line in self.events:
                handle.write(line + "\n")
        with (self.out / "labels.jsonl").open("w", encoding="utf-8") as handle:
            for row in self.label_rows():
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        (self.out / "knobs.json").write_text(json.dumps(self.knobs.as_dict(), indent=1) + "\n")
        return len(self.events), len(self.kind)


def generate(
    accounts: int,
    seed: int,
    out: Path,
    portrait_share: float = 0.04,
    knobs: Knobs | None = None,
    workers: int | None = None,
) -> tuple[int, int]:
    """Write ``events.jsonl``, ``labels.jsonl``, ``knobs.json`` and
    ``portraits/`` into ``out``; the knobs are drawn from the seed unless given.
    ``workers`` processes render the portfolio pictures (default: one per core)."""
    out.mkdir(parents=True, exist_ok=True)
    generator = Generator(accounts, seed, out, portrait_share, knobs)
    generator.build(workers or os.cpu_count() or 1)
    return generator.write()
