"""Identity policy: portraits, names and off-platform contact.

Near-identical portraits also become one ``portrait`` identifier value, so a
reused photo is evidence for the duplicate-account step too: this step gives
the identifiers that step reads.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import ClassVar

from graph.model import AccountKind, EvidenceKind
from graph.projection import Projection
from identity.logos import LogoRegistry
from identity.names import BrandNames, NameVerdict, check_name
from identity.portraits import NOT_A_PHOTO_THRESHOLD
from identity.similar import same_photo_groups, views_of
from identity.text import CONTACT
from service.detect.base import Detector, Finding, Found, Product
from service.scoring import ReasonCode

# Accounts that may show a logo: agencies and (company) clients.
LOGO_ALLOWED_KINDS = frozenset({AccountKind.AGENCY, AccountKind.CLIENT})

NEVER = 2**62  # a contract start later than any message


SAME_PHOTO = "Shows the same photo as {others} other account(s)."


def same_photo_explanation(others: int) -> str:
    return SAME_PHOTO.format(others=others)


@dataclass(frozen=True)
class Portraits(Detector):
    """DUPLICATE_PORTRAIT and LOGO_PORTRAIT; gives the identifiers with portraits."""

    logos: LogoRegistry | None = None
    same_photo_severity: float = 0.8
    most_listed: int = 20  # other accounts named as evidence; a stock photo may have thousands

    name: ClassVar[str] = "portraits"
    gives: ClassVar[tuple[Product, ...]] = (Product.IDENTIFIERS,)
    codes: ClassVar[tuple[ReasonCode, ...]] = (
        ReasonCode.DUPLICATE_PORTRAIT,
        ReasonCode.LOGO_PORTRAIT,
    )
    KNOWN_LOGO: ClassVar[str] = "The profile picture is the {brand} logo."
    GRAPHIC: ClassVar[str] = "The profile picture is a logo or graphic, not a photo of the person."

    def run(self, p: Projection, found: Found) -> list[Finding]:
        out: list[Finding] = []
        identifiers = p.identifiers.copy()
        views = [views_of(k, r) for k, r in enumerate(p.portraits)]
        group_of: dict[int, str] = {}
        for members in same_photo_groups(views):
            records = [p.portraits[k] for k in members]
            name = "pic-" + min(r.phash for r in records)
            for r in records:
                group_of[id(r)] = name
            # a logo, shared or not, is LOGO_PORTRAIT's business: only the
            # accounts showing a photo share a stolen photo
            accounts = sorted({r.account for r in records if r.not_a_photo < NOT_A_PHOTO_THRESHOLD})
            if len(accounts) < 2:
                continue
            for a in accounts:
                # the first few others by index: the same ones on every rescore
                others = [p.ids[o] for o in accounts[: self.most_listed + 1] if o != a]
                listed = tuple(others[: self.most_listed])
                out.append(
                    Finding(
                        a,
                        ReasonCode.DUPLICATE_PORTRAIT,
                        self.same_photo_severity,
                        same_photo_explanation(len(accounts) - 1),
                        listed,
                        (EvidenceKind.ACCOUNT,) * len(listed),
                        unlisted=len(accounts) - 1 - len(listed),
                    )
                )
        logos = self.logos
        for r in p.portraits:
            identifiers.add("portrait", r.account, group_of.get(id(r), "pic-" + r.phash))
            if not r.current or p.kind[r.account] in LOGO_ALLOWED_KINDS:
                continue
            known = (
                logos.match_portrait(r.signature, r.trimmed, r.on_black, r.segments)
                if logos
                else None
            )
            if known is not None:
                brand = known[0].brand
                out.append(
                    Finding(
                        r.account,
                        ReasonCode.LOGO_PORTRAIT,
                        1.0,
                        self.KNOWN_LOGO.format(brand=brand),
                        (brand, r.phash),
                        (EvidenceKind.BRAND, EvidenceKind.PORTRAIT),
                    )
                )
            elif r.not_a_photo >= NOT_A_PHOTO_THRESHOLD:
                severity = min(1.0, 0.5 + r.not_a_photo / 2)
                code = ReasonCode.LOGO_PORTRAIT
                portrait = (EvidenceKind.PORTRAIT,)
                out.append(Finding(r.account, code, severity, self.GRAPHIC, (r.phash,), portrait))
        found.give(Product.IDENTIFIERS, identifiers)
        return out


@dataclass(frozen=True)
class FakeNames(Detector):
    """FAKE_NAME: the real-name rule binds individual freelancers; a client or
    an agency may trade under a company name."""

    logos: LogoRegistry | None = None  # brand names are not personal names

    name: ClassVar[str] = "names"
    codes: ClassVar[tuple[ReasonCode, ...]] = (ReasonCode.FAKE_NAME,)
    SENTENCE: ClassVar[str] = "The display name {why}."

    def run(self, p: Projection, found: Found) -> list[Finding]:
        brands = BrandNames(self.logos.brands if self.logos else ())
        verdicts: dict[str, NameVerdict] = {}  # names repeat: check each spelling once
        out: list[Finding] = []
        for i, display in enumerate(p.name):
            if not display or p.kind[i] != AccountKind.FREELANCER:
                continue
            verdict = verdicts.get(display)
            if verdict is None:
                verdict = verdicts[display] = check_name(display, brands=brands)
            if verdict.fake:
                why = "; ".join(verdict.why)
                out.append(
                    Finding(
                        i, ReasonCode.FAKE_NAME, verdict.severity, self.SENTENCE.format(why=why), ()
                    )
                )
        return out


@dataclass(frozen=True)
class OffPlatformContact(Detector):
    """OFF_PLATFORM_CONTACT: asking to move contact or payment off the
    platform; sharing contact details is fine once the two are under contract."""

    base: float = 0.5
    per_kind: float = 0.1  # each further kind of detail asked for
    per_attempt: float = 0.1  # each further message or post

    name: ClassVar[str] = "off_platform"
    codes: ClassVar[tuple[ReasonCode, ...]] = (ReasonCode.OFF_PLATFORM_CONTACT,)
    SENTENCE: ClassVar[str] = "Asked to take {kinds} off the platform."

    def run(self, p: Projection, found: Found) -> list[Finding]:
        attempts: dict[int, list[tuple[str, tuple[str, ...], EvidenceKind]]] = defaultdict(list)
        for attempt in p.contact_attempts:
            # free work is a scam request now (identity.policy); texts stored
            # before that still carry it here, and count there only
            categories = set(attempt.categories) - {"free_work"}
            if attempt.recipient is not None:
                me, other = p.ids[attempt.sender], attempt.recipient
                started = min(
                    p.contracts.get((me, other), NEVER), p.contracts.get((other, me), NEVER)
                )
                if started <= attempt.at:
                    categories -= CONTACT
            if categories:
                kind = EvidenceKind.JOB_POST if attempt.recipient is None else EvidenceKind.MESSAGE
                attempts[attempt.sender].append((attempt.id, tuple(sorted(categories)), kind))
        out = []
        for sender, asked in attempts.items():
            kinds = sorted({c for _, cs, _ in asked for c in cs})
            severity = min(
                1.0, self.base + self.per_kind * len(kinds) + self.per_attempt * (len(asked) - 1)
            )
            words = ", ".join(k.replace("_", " ") for k in kinds)
            out.append(
                Finding(
                    sender,
                    ReasonCode.OFF_PLATFORM_CONTACT,
                    severity,
                    self.SENTENCE.format(kinds=words),
                    tuple(mid for mid, _, _ in asked),
                    tuple(kind for _, _, kind in asked),
                )
            )
        return out
