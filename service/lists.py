"""Allow and deny lists: values a Trust & Safety team decided on, applied at every rescore.

A list holds values of one kind and has one effect:

* **deny**: a matching account gets ``DENY_LISTED`` at severity 1, the list's
  name as evidence, and at least the list's recommended action;
* **allow**: the reason codes the list names are dropped for matching
  accounts (a verified brand owner's ``LOGO_PORTRAIT``, say).

Values are kept in the form the graph keeps the identifier: emails, email
domains, phones and card numbers as the keyed hashes ingest stores (never
raw); devices, IPs and countries as the graph already holds them; an IP
network (``203.0.113.0/24``) as the network. Matching is pure: a
projection's tables against the lists.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from graph.cypher.lists import ActiveList
from graph.model import EvidenceKind
from graph.projection import Projection
from identity.errors import IdentityError
from identity.pii import PiiHasher, normalize_email, normalize_payment, normalize_phone
from service.addresses import ip_and_prefix
from service.errors import ServiceError
from service.scoring import Action, Reason, ReasonCode

NETWORK_MARK = "net:"  # a stored IP-list value that is a network, not an address
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_DOMAIN = re.compile(r"^(?=.{3,253}$)[a-z0-9-]+(\.[a-z0-9-]+)+$")


class ListKind(StrEnum):
    EMAIL = "email"
    EMAIL_DOMAIN = "email_domain"
    PHONE = "phone"
    CARD = "card"
    DEVICE = "device"
    IP = "ip"  # an address, or a network in CIDR form
    COUNTRY = "country"
    ACCOUNT = "account"


class ListEffect(StrEnum):
    DENY = "deny"
    ALLOW = "allow"


def stored_value(kind: ListKind, raw: str, hasher: PiiHasher) -> str:
    """``raw`` as the list keeps it; ValueError (its message says what is
    wrong) for a value that cannot be one of ``kind``."""
    value = raw.strip()
    if not value:
        raise ValueError("empty")
    try:
        match kind:
            case ListKind.EMAIL:
                return hasher.normalized("email", normalize_email(value))
            case ListKind.EMAIL_DOMAIN:
                domain = value.lower().removeprefix("@")
                if not _DOMAIN.match(domain):
                    raise ValueError(f"{domain!r} is not a domain name")
                return hasher.normalized("email_domain", domain)
            case ListKind.PHONE:
                if not value.startswith("+"):
                    raise ValueError("give the number with its + country code")
                return hasher.normalized("phone", normalize_phone(value))
            case ListKind.CARD:
                return hasher.normalized("payment", normalize_payment(value))
            case ListKind.IP:
                if "/" in value:
                    return NETWORK_MARK + str(ipaddress.ip_network(value, strict=False))
                return ip_and_prefix(value)[0]
            case ListKind.COUNTRY:
                if not _COUNTRY.match(value.upper()):
                    raise ValueError("a two-letter ISO country code")
                return value.upper()
            case ListKind.DEVICE | ListKind.ACCOUNT:
                return value
    except IdentityError as exc:
        raise ValueError(str(exc)) from exc


@dataclass(frozen=True)
class ValueList:
    """An active list, ready to match: its values not expired."""

    name: str
    kind: ListKind
    effect: ListEffect
    action: Action | None
    suppress: frozenset[ReasonCode]
    values: frozenset[str]
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @classmethod
    def of(cls, row: ActiveList) -> ValueList:
        values = set(row.values)
        networks = tuple(
            ipaddress.ip_network(v.removeprefix(NETWORK_MARK)) for v in values
            if v.startswith(NETWORK_MARK)
        )  # fmt: skip
        return cls(
            row.name, ListKind(row.kind), ListEffect(row.effect),
            Action(row.action) if row.action else None,
            frozenset(ReasonCode(c) for c in row.suppress or () if c in ReasonCode.__members__),
            frozenset(v for v in values if not v.startswith(NETWORK_MARK)), networks,
        )  # fmt: skip

    def holds(self, values: Iterable[str]) -> bool:
        for value in values:
            if value in self.values:
                return True
            if self.networks and _in_networks(value, self.networks):
                return True
        return False


def _in_networks(
    value: str, networks: Sequence[ipaddress.IPv4Network | ipaddress.IPv6Network]
) -> bool:
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return False
    return any(address in network for network in networks)


def _values(p: Projection, kind: ListKind) -> dict[int, list[str]]:
    """Each account's values of ``kind``, as the projection holds them."""
    out: dict[int, list[str]] = {}
    identifier = {
        ListKind.EMAIL: "email", ListKind.PHONE: "phone", ListKind.CARD: "payment",
        ListKind.DEVICE: "device", ListKind.IP: "ip",
    }.get(kind)  # fmt: skip
    if identifier is not None:
        for account, value in p.identifiers.of(identifier):
            out.setdefault(account, []).append(value)
    elif kind is ListKind.EMAIL_DOMAIN:
        out = {i: [d] for i, d in p.email_domains.items()}
    elif kind is ListKind.COUNTRY:  # the profile's, and where it logged in from
        for i in range(len(p)):
            countries = {c for c in [p.country[i], *(e.country for e in p.logins_of(i))] if c}
            if countries:
                out[i] = sorted(countries)
    elif kind is ListKind.ACCOUNT:
        out = {i: [account] for i, account in enumerate(p.ids)}
    return out


def matches(p: Projection, lists: Sequence[ValueList]) -> dict[int, list[ValueList]]:
    """The lists each account is on (only accounts on at least one)."""
    out: dict[int, list[ValueList]] = {}
    for kind in {v.kind for v in lists}:
        of_kind = [v for v in lists if v.kind is kind]
        for account, values in _values(p, kind).items():
            for value_list in of_kind:
                if value_list.holds(values):
                    out.setdefault(account, []).append(value_list)
    return out


def listed(reasons: Sequence[Reason], on: Sequence[ValueList]) -> list[Reason]:
    """``reasons`` as the lists ``on`` leave them: allowed codes dropped, and
    ``DENY_LISTED`` for any deny list, naming them all."""
    suppressed = {c for v in on if v.effect is ListEffect.ALLOW for c in v.suppress}
    out = [r for r in reasons if r.code not in suppressed and r.code is not ReasonCode.DENY_LISTED]
    deny = sorted((v for v in on if v.effect is ListEffect.DENY), key=lambda v: v.name)
    if deny:
        floors = [v.action for v in deny if v.action is not None]
        out.append(
            Reason(
                ReasonCode.DENY_LISTED, 1.0,
                f"on the deny list{'s' if len(deny) > 1 else ''} "
                + ", ".join(repr(v.name) for v in deny),
                tuple(v.name for v in deny), (EvidenceKind.LIST,) * len(deny),
                floor=max(floors, key=list(Action).index) if floors else None,
            )
        )  # fmt: skip
    return out


def check_name(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", name):
        raise ServiceError(
            f"name: {name!r}: 1 to 64 letters, digits, '_', '.' or '-', "
            "starting with a letter or digit"
        )
    return name
