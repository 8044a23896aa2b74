"""Investigator verdicts and stable group ids: what a rescore carries over.

A dismissed finding stays dismissed until new, different evidence appears; a
confirmed one is kept at full severity. Cluster and ring ids survive changes
in membership, so an investigator's bookmark still points at the same group.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace

from graph.codec import decode_fingerprint
from graph.model import Decision
from graph.projection import Projection
from service.detect.identity import same_photo_explanation
from service.scoring import Reason, ReasonCode

# Findings whose evidence items are other accounts: a dismissal clears one
# pair (this account and that one), not the whole finding.
PAIRWISE_CODES = frozenset({ReasonCode.DUPLICATE_ACCOUNT, ReasonCode.DUPLICATE_PORTRAIT})

CONFIRMED = "Confirmed by an investigator."


def stable_ids(groups: list[set[str]], previous: Mapping[str, set[str]], prefix: str) -> list[str]:
    """Ids that survive membership changes and are deterministic for one graph.

    A new group inherits the id of the previous group it overlaps most (each
    old id is given out once, biggest overlaps first); the rest are named
    after their members.
    """
    old_of = {account: old_id for old_id, old in previous.items() for account in old}
    overlaps: dict[tuple[int, str], int] = defaultdict(int)
    for i, members in enumerate(groups):
        for account in members:
            if (old_id := old_of.get(account)) is not None:
                overlaps[(i, old_id)] += 1
    candidates = sorted((-n, old_id, i) for (i, old_id), n in overlaps.items())
    assigned: dict[int, str] = {}
    taken: set[str] = set()
    for _, old_id, i in candidates:
        if i not in assigned and old_id not in taken:
            assigned[i] = old_id
            taken.add(old_id)
    out = []
    for i, members in enumerate(groups):
        if i in assigned:
            out.append(assigned[i])
            continue
        digest = hashlib.blake2b("\n".join(sorted(members)).encode(), digest_size=5).hexdigest()
        out.append(f"{prefix}-{digest}")
    return out


class Verdicts:
    """Investigator dismissals and confirmations, by (account, code, evidence)."""

    def __init__(self, projection: Projection) -> None:
        self.dismissed: dict[tuple[str, str], list[tuple[str, set[str]]]] = defaultdict(list)
        self.confirmed: set[tuple[str, str, str]] = set()
        self.confirmed_of: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for v in projection.verdicts:
            if v.decision == Decision.DISMISSED:
                seen = decode_fingerprint(v.fingerprint)
                self.dismissed[(v.account, v.code)].append((v.evidence, seen))
            elif v.decision == Decision.CONFIRMED:
                self.confirmed.add((v.account, v.code, v.evidence))
                self.confirmed_of[v.account].append((v.code, v.evidence))

    def suppressed(self, account: str, code: str, evidence: Iterable[str]) -> bool:
        """Dismissed, and nothing new has appeared since."""
        current = set(evidence)
        return any(current <= seen for _, seen in self.dismissed.get((account, code), []))

    def apply_confirmations(self, account: str, found: list[Reason]) -> list[Reason]:
        """A confirmed finding is kept at full severity, even when the detector no
        longer sees it (confirmed duplicate links are forced links instead)."""
        out = list(found)
        for code, evidence in sorted(self.confirmed_of.get(account, [])):
            if code == ReasonCode.DUPLICATE_ACCOUNT:
                continue
            matching = [i for i, r in enumerate(out) if r.code == code]
            for i in matching:
                out[i] = replace(out[i], severity=1.0)
            if not matching:
                confirmed = Reason(ReasonCode(code), 1.0, CONFIRMED, (evidence,))
                out.append(confirmed)
        return out

    def pair_dismissed(
        self, a: str, b: str, evidence: Iterable[str], code: str = "DUPLICATE_ACCOUNT"
    ) -> bool:
        """Either side dismissed the other for ``code``, and nothing new appeared."""
        current = set(evidence)
        for x, y in ((a, b), (b, a)):
            for other, seen in self.dismissed.get((x, code), []):
                if other == y and current <= seen:
                    return True
        return False

    def without_dismissed_pairs(self, account: str, reason: Reason) -> Reason | None:
        """A pairwise finding minus the accounts dismissed from it; None when none is left.

        The photo itself is the evidence of each pair, so a dismissed pair stays
        dismissed while the same two accounts share it. Others past the ones
        the evidence names still count.
        """
        items = [
            (kind, other)
            for kind, other in reason.items()
            if not self.pair_dismissed(account, other, (), reason.code)
        ]
        if not items and not reason.unlisted:
            return None
        if len(items) == len(reason.evidence):
            return reason
        return replace(
            reason,
            evidence=tuple(v for _, v in items),
            kinds=tuple(k for k, _ in items) if reason.kinds else (),
            explanation=same_photo_explanation(len(items) + reason.unlisted),
        )
