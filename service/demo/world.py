"""A demo marketplace's building blocks: people, accounts, logins, contracts."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import phonenumbers
from phonenumbers import PhoneNumberType

from service.demo import names
from service.demo.knobs import Knobs

MOBILE = PhoneNumberType.MOBILE

START = datetime(2024, 1, 1, tzinfo=UTC)
YEAR = 365 * 86400

# code, latitude, longitude, first IPv4 octet
Country = tuple[str, float, float, int]
COUNTRIES: list[Country] = [
    ("US", 39.8, -98.6, 23),
    ("GB", 52.4, -1.5, 51),
    ("IN", 21.1, 78.0, 49),
    ("PH", 12.9, 121.8, 112),
    ("UA", 49.0, 31.4, 46),
    ("PK", 30.4, 69.3, 39),
    ("NG", 9.1, 8.7, 41),
    ("BR", -14.2, -51.9, 177),
    ("DE", 51.2, 10.4, 84),
    ("PT", 39.4, -8.2, 85),
    ("KE", -0.02, 37.9, 105),
    ("VN", 14.1, 108.3, 113),
    ("EG", 26.8, 30.8, 156),
    ("AR", -38.4, -63.6, 181),
    ("JP", 36.2, 138.3, 126),
]

OFF_PLATFORM = [
    "Let's continue on WhatsApp, my number is +1 415 555 0199",
    "Send me an email at {user}@gmail.com so we can skip the fees",
    "Can you pay me via PayPal directly? It is cheaper for both of us",
    "Add me on Telegram @{user}_work and we talk there",
    "My skype is live:{user}, call me",
    "Please pay by Western Union, I will send details",
    "call me on nine one seven, five five five, zero one two three",
    "Do a small free test task first, unpaid, then we see",
]
NORMAL_MESSAGES = [
    "Thanks for the invite, I have read the brief and can start on Monday.",
    "I attached the first draft in the workroom, looking forward to your comments.",
    "Could you share the brand guidelines? I want to match the colours.",
    "The milestone is done, please review when you have a moment.",
    "Happy to help, what is the deadline for this project?",
]
FEEDBACK_TEXT = ["Great work, on time.", "Very professional.", "Good communication.", "", ""]


@dataclass
class Person:
    """One human; may own several accounts (the duplicate-account pattern)."""

    country: Country
    name: str
    seed: int
    key: str = ""  # who it is, in the labels
    accounts: list[str] = field(default_factory=list)


class Marketplace:
    """The marketplace's primitives: people, accounts, logins, portraits,
    contracts, and the events and labels they write."""

    def __init__(
        self,
        accounts: int,
        seed: int,
        out: Path,
        portrait_share: float = 0.04,
        knobs: Knobs | None = None,
    ):
        self.n = accounts
        self.rng = random.Random(seed)
        self.knobs = knobs or Knobs.draw(random.Random(f"knobs-{seed}"))
        self.person_of: dict[str, str] = {}  # account -> the person behind it
        self.created: dict[str, float] = {}  # account -> seconds after START
        self.seed = seed
        self.out = out
        self.portrait_share = portrait_share
        # each event as its JSON line: a marketplace of 1M accounts has ~23M
        # events, which as dicts alone would need several times the memory
        self.events: list[str] = []
        self.labels: dict[str, set[str]] = {}
        self.benign: dict[str, set[str]] = {}
        self.kind: dict[str, str] = {}
        self.home: dict[str, tuple[str, str]] = {}  # account -> (device, ip)
        self.freelancers: list[str] = []
        self.clients: list[str] = []
        self._ids: dict[str, int] = {}
        self.hubs = [self._ip(c) for c in self.rng.choices(COUNTRIES, k=max(3, accounts // 2000))]
        (out / "portraits").mkdir(parents=True, exist_ok=True)

    # -- small helpers ------------------------------------------------------

    def _id(self, prefix: str) -> str:
        self._ids[prefix] = self._ids.get(prefix, 0) + 1
        return f"{prefix}-{self._ids[prefix]:07d}"

    def _ip(self, country: Country) -> str:
        r = self.rng
        return f"{country[3]}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"

    def _time(self, t: float) -> str:
        return (START + timedelta(seconds=int(t))).isoformat().replace("+00:00", "Z")

    def _emit(self, **event: object) -> None:
        self.events.append(json.dumps(event, ensure_ascii=False))

    def _label(self, account: str, pattern: str) -> None:
        self.labels.setdefault(account, set()).add(pattern)

    def _mark(self, account: str, look_alike: str) -> None:
        self.benign.setdefault(account, set()).add(look_alike)

    def _phone(self, country: Country) -> str:
        """A possible mobile number for the country, written the way people do."""
        example = phonenumbers.example_number_for_type(country[0], MOBILE)
        assert example is not None, country  # every COUNTRIES entry has mobile examples
        national = str(example.national_number)
        # seven random digits: as rare as real numbers (chance collisions stay
        # rare but happen, like recycled numbers do)
        digits = national[:-7] + "".join(str(self.rng.randint(0, 9)) for _ in range(7))
        return f"+{example.country_code} {digits[:3]} {digits[3:6]} {digits[6:]}".strip()

    # -- accounts -----------------------------------------------------------

    def person(self, surname: str | None = None) -> Person:
        country = self.rng.choice(COUNTRIES)
        name = names.real_name(self.rng)
        if surname:
            name = f"{name.split()[0]} {surname}"
        return Person(country, name, self.rng.randrange(1 << 30), self._id("per"))

    def account(
        self,
        person: Person,
        kind: str,
        *,
        name: str | None = None,
        email: str | None = None,
        phone: str | None = None,
        agency: str | None = None,
        created: float | None = None,
    ) -> str:
        account_id = self._id("acc")
        person.accounts.append(account_id)
        self.person_of[account_id] = person.key
        handle = f"user{self.rng.randrange(10**9)}"
        event: dict[str, object] = {
            "type": "account",
            "id": account_id,
            "kind": kind,
            "name": name or person.name,
            "country": person.country[0],
            "created_at": self._time(
                self.created.setdefault(
                    account_id, created if created is not None else self.rng.uniform(0, YEAR * 0.3)
                )
            ),
            "email": email
            or f"{handle}@{self.rng.choice(['gmail.com', 'mail.example.org', 'proton.me'])}",
        }
        if phone or self.rng.random() < 0.6:
            event["phone"] = phone or self._phone(person.country)
        if agency:
            event["agency"] = agency
        self._emit(**event)
        self.kind[account_id] = kind
        self.labels.setdefault(account_id, set())
        (self.freelancers if kind == "FREELANCER" else self.clients).append(account_id)
        return account_id

    def logins(
        self,
        account: str,
        country: Country,
        device: str,
        ip: str,
        count: int,
        span: tuple[float, float] = (YEAR * 0.3, YEAR),
    ) -> None:
        for _ in range(count):
            event: dict[str, object] = {
                "type": "login",
                "account": account,
                "at": self._time(self.rng.uniform(*span)),
                "device": device,
                "ip": ip,
                "country": country[0],
            }
            if self.rng.random() < self.knobs.coordinates:
                event["lat"] = round(country[1] + self.rng.uniform(-1.5, 1.5), 3)
                event["lon"] = round(country[2] + self.rng.uniform(-1.5, 1.5), 3)
            self._emit(**event)

    def ordinary_life(
        self, account: str, person: Person, device: str | None = None, ip: str | None = None
    ) -> None:
        """Home device and IP, logins, a payment method; sometimes a coworking hub."""
        device = device or self._id("dev")
        ip = ip or self._ip(person.country)
        self.home[account] = (device, ip)
        self.logins(account, person.country, device, ip, self.rng.randint(5, 12))
        if self.rng.random() < 0.15:
            hub = self.rng.choice(self.hubs)
            self.logins(account, person.country, device, hub, self.rng.randint(1, 4))
            self._mark(account, "coworking_ip")
        kind = "card" if self.kind[account] == "CLIENT" else self.rng.choice(["bank", "paypal"])
        self._emit(
            type="payment_method",
            account=account,
            kind=kind,
            fingerprint=f"tok_{self.rng.randrange(16**12):012x}",
            at=self._time(self.rng.uniform(0, YEAR * 0.3)),
        )

    def portrait(self, account: str, picture: bytes, label: str | None = None) -> None:
        path = f"portraits/{account}.jpg"
        (self.out / path).write_bytes(picture)
        self._emit(
            type="portrait", account=account, at=self._time(self.rng.uniform(0, YEAR)), path=path
        )
        if label:
            self._label(account, label)

    # -- marketplace activity -----------------------------------------------

    def contract(
        self,
        client: str,
        freelancer: str,
        t: float,
        amount: float,
        ratings: tuple[int, int] | None,
        *,
        message: bool = True,
        days: float | None = None,  # how long it runs; drawn (2-30) when not given
    ) -> str:
        contract_id = self._id("ctr")
        days = self.rng.uniform(2, 30) if days is None else days
        self._emit(
            type="contract",
            id=contract_id,
            client=client,
            freelancer=freelancer,
            amount=round(amount, 2),
            started_at=self._time(t),
            ended_at=self._time(t + days * 86400),
        )
        if message:
            self._emit(
                type="message",
                id=self._id("msg"),
                **{"from": freelancer, "to": client},
                at=self._time(t - 3600),
                text=self.rng.choice(NORMAL_MESSAGES),
            )
        if ratings:
            end = t + 31 * 86400
            self._emit(
                type="feedback",
                contract=contract_id,
                **{"from": client, "to": freelancer},
                rating=ratings[0],
                at=self._time(end),
                text=self.rng.choice(FEEDBACK_TEXT),
            )
            self._emit(
                type="feedback",
                contract=contract_id,
                **{"from": freelancer, "to": client},
                rating=ratings[1],
                at=self._time(end + 3600),
            )
        return contract_id

    def honest_contract(self, client: str, freelancer: str) -> None:
        """Ordinary work, rated the way real clients and freelancers rate."""
        r = self.rng
        start = max(YEAR * 0.3, self.created[client], self.created[freelancer])
        t, amount = r.uniform(start, max(start, YEAR * 0.95)), r.uniform(50, 3000)
        self.contract(client, freelancer, t, amount, (self.genuine_rating(), self.genuine_rating()))

    def genuine_rating(self) -> int:
        return self.rng.choices([5, 4, 3, 2, 1], weights=[55, 27, 10, 5, 3])[0]
