"""The abuse a demo marketplace plants: duplicates, rings, shared logins.

Each planter reads its shape from the marketplace's knobs
(``service.demo.knobs``) and labels every account it makes.
"""

from __future__ import annotations

from service.demo import images, names
from service.demo.knobs import IDENTIFIER_KINDS
from service.demo.world import COUNTRIES, YEAR, Marketplace, Person


class Abuse(Marketplace):
    """Planters of the abuse patterns; the generator adds the rest."""

    camouflaged: list[str]

    def _shared_identifiers(self) -> set[str]:
        """Which identifiers a duplicate's accounts share: one personal one, or
        two or three of any kind, weighted per marketplace."""
        r, k = self.rng, self.knobs
        if r.random() < k.single_identifier:
            personal = [i for i, kind in enumerate(IDENTIFIER_KINDS) if kind != "device"]
            weights = [k.identifier_weights[i] for i in personal]
            return {IDENTIFIER_KINDS[r.choices(personal, weights)[0]]}
        chosen: set[str] = set()
        want = r.randint(2, 3)
        while len(chosen) < want:
            chosen.add(r.choices(IDENTIFIER_KINDS, k.identifier_weights)[0])
        return chosen

    def _email_variant(self, handle: str, i: int) -> str:
        """The same Gmail inbox written another way: dots, a +tag, capitals."""
        r, k = self.rng, self.knobs
        local = handle
        if i and r.random() < k.email_dots:
            local = ".".join(local)
        if i and (local == handle or r.random() < k.email_tag):  # never the same address twice
            local += f"+acct{i}"
        address = f"{local}@gmail.com"
        return address.upper() if r.random() < k.email_upper else address

    def _plant_duplicates(self) -> None:
        r, k = self.rng, self.knobs
        for _ in range(int(self.n * k.duplicate_share / 2.4)):
            person = self.person()
            card = "".join(str(r.randint(0, 9)) for _ in range(16))
            device = self._id("dev")
            phone = self._phone(person.country)
            handle = f"{person.name.split()[0].lower()}{r.randint(1, 999)}"
            shared = self._shared_identifiers()
            self_deal = r.random() < k.self_dealing
            accounts = []
            for i in range(r.choice([2, 2, 2, 3])):
                kind = "FREELANCER" if i == 0 else r.choice(["FREELANCER", "CLIENT"])
                if i == 1 and self_deal:
                    kind = "CLIENT"  # hiring oneself needs a client-side account
                email = self._email_variant(handle, i) if "email" in shared else None
                roll = r.random()
                name = (
                    person.name
                    if i == 0 or roll < k.same_name
                    else names.real_name(r)
                    if roll < k.same_name + k.other_name
                    else names.variant_of(person.name, r)
                )
                acc = self.account(
                    person,
                    kind,
                    name=name,
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

    def _plant_rings(self) -> None:
        r, k = self.rng, self.knobs
        members = 0
        while members < self.n * k.ring_share:
            t0 = r.uniform(YEAR * 0.4, YEAR * 0.9)
            sellers = []
            for _ in range(r.randint(*k.ring_sellers)):
                person = self.person()
                seller = self.account(person, "FREELANCER")
                self.ordinary_life(seller, person)
                sellers.append(seller)
            buyers = []
            for _ in range(r.randint(*k.ring_buyers)):
                person = self.person()
                buyer = self.account(person, "CLIENT", created=t0 - r.uniform(1, 10) * 86400)
                self.ordinary_life(buyer, person)
                buyers.append(buyer)
            for buyer in buyers:
                for seller in sellers:
                    if r.random() < 0.85:
                        stars = 4 if r.random() < k.ring_four_stars else 5
                        self.contract(
                            buyer,
                            seller,
                            t0 + r.uniform(0, k.ring_window_days) * 86400,
                            r.uniform(5, k.ring_amount),
                            (stars, 5),
                            message=False,
                        )
            for account in sellers + buyers:
                self._label(account, "feedback_ring")
                if r.random() < k.ring_camouflage:
                    self.camouflaged.append(account)
            members += len(sellers) + len(buyers)

    def _plant_shared_login(self, account: str, person: Person) -> None:
        """Someone abroad logs in between the owner's own logins, for weeks."""
        r, k = self.rng, self.knobs
        others = r.sample([c for c in COUNTRIES if c[0] != person.country[0]], k=r.randint(1, 2))
        home_device, home_ip = self.home[account]
        for other in others:
            devices = [self._id("dev") for _ in range(k.foreign_devices)]
            ip = self._ip(other)
            t = r.uniform(YEAR * 0.4, YEAR * 0.8)
            foreign = r.randint(6, 14)
            # home logins inside the same weeks, so that the foreign share is the knob's
            home = max(2, round(foreign * (1 - k.foreign_share) / k.foreign_share) - 4)
            for i in range(foreign):
                t += r.expovariate(1 / k.login_gap_days) * 86400 + 3600
                self.logins(account, other, r.choice(devices), ip, 1, span=(t, t + 1))
                if i * home // foreign != (i + 1) * home // foreign:
                    back = t + r.uniform(600, 6 * 3600)
                    self.logins(
                        account, person.country, home_device, home_ip, 1, span=(back, back + 1)
                    )
        self._label(account, "shared_login")

    def _camouflage(self, honest_clients: list[str], honest_freelancers: list[str]) -> None:
        """Ring members who also trade honestly, to look like everyone else."""
        r = self.rng
        for account in self.camouflaged:
            for _ in range(r.randint(1, 3)):
                client, freelancer = (
                    (account, r.choice(honest_freelancers))
                    if self.kind[account] == "CLIENT"
                    else (r.choice(honest_clients), account)
                )
                self.honest_contract(client, freelancer)
