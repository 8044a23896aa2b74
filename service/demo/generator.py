"""The demo marketplace generator.

Shares of the population (of ``accounts``), chosen so that a 100k marketplace
has hundreds of examples of every pattern and look-alike:

========================  =====  ===========================================
planted pattern           share  how it shows in the events
========================  =====  ===========================================
duplicate_account         ~4%    2–3 accounts of one person share a card
                                 (formatted differently), a device, a phone
                                 (spaced differently) or a Gmail variant
self_dealing              ~1%    a duplicate pair where one hires the other
                                 and praises it
shared_login              ~1.5%  logins from 2–3 countries interleaved, with
                                 impossible travel and concurrent devices
feedback_ring             ~1%    6–10 throwaway clients × 2–4 freelancers, small
                                 contracts and 5 stars within three weeks
logo_portrait             ~0.5%  a freelancer's portrait is a logo
duplicate_portrait        ~0.6%  the same photo (near copies) on unrelated
                                 accounts
fake_name                 ~1%    business words, handles, mash, brands
off_platform_contact      ~2%    messages asking for WhatsApp, email, PayPal…
========================  =====  ===========================================

Benign look-alikes (recorded under ``benign`` in the labels): coworking and
carrier-NAT IPs shared by hundreds (``coworking_ip``), families sharing one
laptop (``family_device``), agencies with members (``agency_member``),
travellers and one-time movers (``traveller``), loyal repeat clients with
genuine reviews (``loyal_client``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from service.demo import images, names
from service.demo.world import COUNTRIES, OFF_PLATFORM, YEAR, Marketplace, Person


class Generator(Marketplace):
    """Plants every pattern and look-alike of the module docstring."""

    # -- the whole marketplace ------------------------------------------------

    def build(self) -> None:
        r = self.rng
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
            if roll < 0.015:
                self._plant_shared_login(account, person)
            elif roll < 0.035:
                self._travel(account, person)
        self._portraits()
        self._jobs_and_contracts()
        self._off_platform()

    def _plant_duplicates(self) -> None:
        r = self.rng
        for _ in range(int(self.n * 0.04 / 2.4)):
            person = self.person()
            card = "".join(str(r.randint(0, 9)) for _ in range(16))
            device = self._id("dev")
            phone = self._phone(person.country)
            handle = f"{person.name.split()[0].lower()}{r.randint(1, 999)}"
            shared = set(r.sample(["card", "device", "phone", "email"], k=r.randint(2, 3)))
            self_deal = r.random() < 0.45
            accounts = []
            for i in range(r.choice([2, 2, 2, 3])):
                kind = "FREELANCER" if i == 0 else r.choice(["FREELANCER", "CLIENT"])
                if i == 1 and self_deal:
                    kind = "CLIENT"  # hiring oneself needs a client-side account
                dotted = ".".join(handle) if i % 2 else handle
                email = f"{dotted}+acct{i}@gmail.com" if "email" in shared else None
                acc = self.account(
                    person,
                    kind,
                    name=names.variant_of(person.name, r) if i else person.name,
                    email=email,
                    phone=(phone if i % 2 == 0 else phone.replace(" ", ""))
                    if "phone" in shared
                    else None,
                )
                self.ordinary_life(acc, person, device=device if "device" in shared else None)
                if "card" in shared:
                    spaced = " ".join(card[j : j + 4] for j in range(0, 16, 4))
                    self._emit(
                        type="payment_method",
                        account=acc,
                        kind="card",
                        fingerprint=spaced if i % 2 else card,
                        at=self._time(r.uniform(0, YEAR * 0.3)),
                    )
                self._label(acc, "duplicate_account")
                accounts.append(acc)
            if r.random() < 0.3:
                picture = images.photo(person.seed)
                for i, acc in enumerate(accounts):
                    self.portrait(
                        acc,
                        images.encode(images.near_copy(picture, person.seed + i), "JPEG"),
                        "duplicate_portrait",
                    )
            if self_deal:
                buyer, seller = accounts[1], accounts[0]
                t = r.uniform(YEAR * 0.35, YEAR * 0.9)
                self.contract(buyer, seller, t, r.uniform(20, 200), (5, 5))
                self._label(buyer, "self_dealing")
                self._label(seller, "self_dealing")

    def _plant_families(self) -> None:
        r = self.rng
        for _ in range(int(self.n * 0.015 / 3)):
            device = self._id("dev")
            home = None
            for _member in range(r.randint(2, 4)):
                person = self.person()
                account = self.account(person, r.choice(["FREELANCER", "CLIENT"]))
                home = home or self._ip(person.country)
                self.ordinary_life(account, person, device=device, ip=home)
                self._mark(account, "family_device")

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

    def _plant_rings(self) -> None:
        r = self.rng
        members = 0
        while members < self.n * 0.01:
            t0 = r.uniform(YEAR * 0.4, YEAR * 0.9)
            sellers = []
            for _ in range(r.randint(2, 4)):
                person = self.person()
                seller = self.account(person, "FREELANCER")
                self.ordinary_life(seller, person)
                sellers.append(seller)
            buyers = []
            for _ in range(r.randint(6, 10)):
                person = self.person()
                buyer = self.account(person, "CLIENT", created=t0 - r.uniform(1, 10) * 86400)
                self.ordinary_life(buyer, person)
                buyers.append(buyer)
            for buyer in buyers:
                for seller in sellers:
                    if r.random() < 0.85:
                        self.contract(
                            buyer,
                            seller,
                            t0 + r.uniform(0, 21) * 86400,
                            r.uniform(5, 30),
                            (5, 5),
                            message=False,
                        )
            for account in sellers + buyers:
                self._label(account, "feedback_ring")
            members += len(sellers) + len(buyers)

    def _plant_shared_login(self, account: str, person: Person) -> None:
        r = self.rng
        others = r.sample([c for c in COUNTRIES if c[0] != person.country[0]], k=r.randint(1, 2))
        for other in others:
            device, ip = self._id("dev"), self._ip(other)
            base = r.uniform(YEAR * 0.4, YEAR * 0.8)
            for i in range(r.randint(6, 12)):
                t = base + i * r.uniform(0.2, 2) * 86400
                self.logins(account, other, device, ip, 1, span=(t, t + 1))
                home_device, home_ip = self.home[account]
                self.logins(
                    account, person.country, home_device, home_ip, 1, span=(t + 600, t + 1800)
                )
        self._label(account, "shared_login")

    def _travel(self, account: str, person: Person) -> None:
        r = self.rng
        other = r.choice([c for c in COUNTRIES if c[0] != person.country[0]])
        t = r.uniform(YEAR * 0.5, YEAR * 0.8)
        moving = r.random() < 0.4
        ip = self._ip(other)
        span = (t + 86400, YEAR * 1.0) if moving else (t + 86400, t + 10 * 86400)
        device = f"dev-travel-{account}"
        if moving:
            # someone who moved logs in from the new country only, from then on;
            # the account's own events are the newest ones in the list
            cutoff = self._time(t)
            start = len(self.events) - 1
            while not (
                self.events[start]["type"] == "account" and self.events[start]["id"] == account
            ):
                start -= 1
            self.events[start:] = [
                e
                for e in self.events[start:]
                if not (e["type"] == "login" and str(e["at"]) > cutoff)
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
                freelancer = r.choice(honest_freelancers)
                self.contract(
                    client,
                    freelancer,
                    r.uniform(YEAR * 0.3, YEAR * 0.95),
                    r.uniform(50, 3000),
                    (self.genuine_rating(), self.genuine_rating()),
                )
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

    def _off_platform(self) -> None:
        r = self.rng
        candidates = [a for a in self.kind if not self.labels.get(a)]
        for account in r.sample(candidates, k=int(self.n * 0.02)):
            peer = r.choice(self.freelancers if self.kind[account] == "CLIENT" else self.clients)
            if peer == account:
                continue
            text = r.choice(OFF_PLATFORM).format(user=f"{account.replace('-', '')}x")
            self._emit(
                type="message",
                id=self._id("msg"),
                **{"from": account, "to": peer},
                at=self._time(r.uniform(YEAR * 0.3, YEAR)),
                text=text,
            )
            self._label(account, "off_platform_contact")

    # -- output ---------------------------------------------------------------

    def label_rows(self) -> Iterator[dict[str, object]]:
        for account in sorted(self.kind):
            yield {
                "account": account,
                "patterns": sorted(self.labels.get(account, ())),
                "benign": sorted(self.benign.get(account, ())),
            }

    def write(self) -> tuple[int, int]:
        with (self.out / "events.jsonl").open("w", encoding="utf-8") as handle:
            for event in self.events:
                handle.write(json.dumps(event, ensure_ascii=False) + "\n")
        with (self.out / "labels.jsonl").open("w", encoding="utf-8") as handle:
            for row in self.label_rows():
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        return len(self.events), len(self.kind)


def generate(accounts: int, seed: int, out: Path, portrait_share: float = 0.04) -> tuple[int, int]:
    """Write ``events.jsonl``, ``labels.jsonl`` and ``portraits/`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    generator = Generator(accounts, seed, out, portrait_share)
    generator.build()
    return generator.write()
