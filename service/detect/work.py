"""Work integrity: portfolios that show someone else's work, and padded hours."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import ClassVar

from graph import hours
from graph.model import EvidenceKind
from graph.projection import Projection, WorkPicture
from identity.similar import Views, same_photo, same_photo_groups, views_of
from service.detect.base import Detector, Finding, Found, Product
from service.scoring import ReasonCode

# Portfolio work is composed (templates, layouts, one subject in many
# pictures), so a claim between two people takes nearer pictures than the
# portrait rule: whole or centre signatures within COPY_BITS. Measured by
# bench/portfolio.py and the demo sweep (bench/quality.py --sweep): copies
# come within 9 bits whole (resize, JPEG q30) or 0-4 by centre or frame
# (crop, padding); different work on one layout came 17-24 bits apart.
COPY_BITS = 12


def copied(a: Views, b: Views) -> bool:
    """Whether one portfolio picture is a copy of the other (COPY_BITS)."""
    return same_photo(a, b, whole_bits=COPY_BITS, inner_bits=COPY_BITS)


def _agency_of(p: Projection) -> dict[int, int]:
    """Each member's agency, and each agency itself."""
    out: dict[int, int] = {}
    for member, agency in p.memberships:
        out[member] = agency
        out[agency] = agency
    return out


@dataclass(frozen=True)
class CopiedPortfolio(Detector):
    """COPIED_PORTFOLIO: a portfolio picture that is the same or a
    near-identical picture (:func:`copied`: the portrait rule, stricter) as a
    registered stock or template work, or as an earlier item of another
    person's portfolio. The earliest upload keeps it; one person's accounts
    (a duplicate cluster) and the members of one agency may share work."""

    registered_severity: float = 1.0  # a registry entry is known, licensed-elsewhere work
    copied_severity: float = 0.9  # the earlier uploader might be the copier, rarely

    name: ClassVar[str] = "copied_portfolio"
    needs: ClassVar[tuple[Product, ...]] = (Product.CLUSTERS,)
    codes: ClassVar[tuple[ReasonCode, ...]] = (ReasonCode.COPIED_PORTFOLIO,)
    local: ClassVar[bool] = False  # a copy may be of any portfolio in the marketplace
    KNOWN: ClassVar[str] = "Portfolio shows {n} picture(s) of registered work: {sources}."
    COPIED: ClassVar[str] = "Portfolio shows {n} picture(s) first uploaded by another account."

    def run(self, p: Projection, found: Found) -> list[Finding]:
        pictures: list[WorkPicture] = [*p.portfolio, *p.works]
        agency = _agency_of(p)
        clusters = found.clusters
        registered: dict[int, list[tuple[str, str]]] = defaultdict(list)  # owner -> (item, source)
        taken: dict[int, list[tuple[str, str, str]]] = defaultdict(list)  # owner -> (item, first…)
        views = [views_of(i, w) for i, w in enumerate(pictures)]
        for group in same_photo_groups(views, COPY_BITS, COPY_BITS):
            # groups join pictures through others: each claim is checked pair by
            # pair, so a chain of copies never links its two ends
            works = [i for i in group if pictures[i].owner is None]
            items = sorted((i for i in group if pictures[i].owner is not None),
                           key=lambda i: (pictures[i].at, pictures[i].id))  # fmt: skip
            for rank, i in enumerate(items):
                item, owner = pictures[i], pictures[i].owner
                assert owner is not None  # items, not registry works
                sources = sorted({pictures[w].source for w in works if copied(views[i], views[w])})
                if sources:
                    registered[owner] += [(item.id, source) for source in sources]
                    continue
                for e in items[:rank]:
                    first = pictures[e].owner
                    assert first is not None
                    if not copied(views[i], views[e]):
                        continue
                    if first == owner or clusters.same_person(first, owner) >= 1.0:
                        break  # the same person's own work
                    if owner in agency and agency.get(first) == agency[owner]:
                        break  # the agency's shared portfolio
                    taken[owner].append((item.id, pictures[e].id, p.ids[first]))
                    break
        out = []
        for owner, known in sorted(registered.items()):
            shown, named = sorted({i for i, _ in known}), sorted({s for _, s in known})
            evidence = (*shown, *named)
            kinds = (EvidenceKind.PORTFOLIO,) * len(shown) + (EvidenceKind.WORK,) * len(named)
            sentence = self.KNOWN.format(n=len(shown), sources=", ".join(named))
            out.append(Finding(owner, ReasonCode.COPIED_PORTFOLIO, self.registered_severity,
                               sentence, evidence, kinds))  # fmt: skip
        for owner, copies in sorted(taken.items()):
            evidence = tuple(v for copy in copies for v in copy)
            kinds = (EvidenceKind.PORTFOLIO, EvidenceKind.PORTFOLIO, EvidenceKind.ACCOUNT) * len(
                copies
            )
            sentence = self.COPIED.format(n=len(copies))
            out.append(Finding(owner, ReasonCode.COPIED_PORTFOLIO, self.copied_severity,
                               sentence, evidence, kinds))  # fmt: skip
        return out


@dataclass(frozen=True)
class PaddedHours(Detector):
    """PADDED_HOURS: time logged that cannot all have been worked (graph.hours)."""

    base: float = 0.6  # one sign
    per_hour: float = 0.05  # each hour in question on top, up to 1
    per_sign: float = 0.15  # each further sign
    most_ids: int = 20  # evidence kept per sign

    name: ClassVar[str] = "padded_hours"
    codes: ClassVar[tuple[ReasonCode, ...]] = (ReasonCode.PADDED_HOURS,)
    local: ClassVar[bool] = False  # the manual-time norm is the whole marketplace's
    WORDS: ClassVar[dict[hours.Sign, str]] = {
        hours.Sign.OVERLAP: "{h:.1f} h billed on two contracts at once",
        hours.Sign.LONG_DAY: "up to {h:.1f} h in one day",
        hours.Sign.OUTSIDE_CONTRACT: "{h:.1f} h outside the contract's dates",
        hours.Sign.MANUAL_SURGE: "{h:.1f} h entered by hand in weeks far above their norm",
    }

    def run(self, p: Projection, found: Found) -> list[Finding]:
        # logs are decoded a freelancer at a time, not all held at once; the
        # peers' norm only narrows the manual surge, so the accounts that show
        # a sign without it are the only ones to read again once it is known
        shares: list[float] = []
        suspects = []
        for freelancer in sorted(p.time_logs):
            logs = p.time_logs_of(freelancer)
            if (share := hours.manual_share(logs)) is not None:
                shares.append(share)
            if hours.padding(logs, peers=0.0):
                suspects.append(freelancer)
        peers = hours.peer_level(shares)
        out = []
        for freelancer in suspects:
            signs = hours.padding(p.time_logs_of(freelancer), peers)
            if not signs:
                continue
            # a long day's question is the hours past the limit; the others' all of them
            worst = max(
                s.hours - hours.DAY_LIMIT_H if s.sign is hours.Sign.LONG_DAY else s.hours
                for s in signs
            )
            severity = min(
                1.0, self.base + self.per_hour * worst + self.per_sign * (len(signs) - 1)
            )
            said = "; ".join(self.WORDS[s.sign].format(h=s.hours) for s in signs)
            evidence: list[str] = []
            kinds: list[EvidenceKind] = []
            for sign in signs:
                ids = sign.logs[: self.most_ids]
                evidence += [*ids, f"{sign.hours:.1f}"]
                kinds += [EvidenceKind.TIME_LOG] * len(ids) + [EvidenceKind.HOURS]
            out.append(
                Finding(freelancer, ReasonCode.PADDED_HOURS, severity,
                        f"Logged {said}.", tuple(evidence), tuple(kinds))
            )  # fmt: skip
        return out
