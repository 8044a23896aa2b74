"""Community reports: flags weighed by their reporters' credibility."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from graph import flags
from graph.model import ActionKind, EvidenceKind
from graph.projection import Projection
from service.detect.base import Detector, Finding, Found, Product, typed
from service.scoring import ReasonCode

# Actions that take effect on an account: a flag followed by one was upheld.
STATUS_ACTIONS = frozenset({ActionKind.RESTRICTION, ActionKind.TIMED_RESTRICTION, ActionKind.BLOCK})


@dataclass(frozen=True)
class Flags(Detector):
    """FLAGGED: reporters count by their own trust and how often their flags
    were upheld; a brigade of one duplicate cluster or ring is one voice."""

    min_severity: float = 0.2  # below this, reports are noise
    unscored_trust: float = 70.0  # a reporter's score before any rescore

    name: ClassVar[str] = "flags"
    needs: ClassVar[tuple[Product, ...]] = (Product.CLUSTERS, Product.RINGS)
    codes: ClassVar[tuple[ReasonCode, ...]] = (ReasonCode.FLAGGED,)
    SENTENCE: ClassVar[str] = "Reported by {reporters} user(s) for {reasons}."

    def run(self, p: Projection, found: Found) -> list[Finding]:
        actioned: dict[int, int] = {}
        for act in p.actions:
            if act.action in STATUS_ACTIONS:
                actioned[act.account] = min(actioned.get(act.account, act.at), act.at)
        trust = [(s if s is not None else self.unscored_trust) / 100 for s in p.previous_score]
        group_of = {**found.rings.of, **found.clusters.of}
        upheld = flags.upheld_ratio(p.flags, actioned)
        out = []
        for target, weighed in flags.pressure(p.flags, trust, upheld, group_of).items():
            if weighed.severity < self.min_severity:
                continue
            sentence = self.SENTENCE.format(
                reporters=len(weighed.reporters),
                reasons=", ".join(weighed.reasons).replace("_", " "),
            )
            evidence, kinds = typed((EvidenceKind.FLAG, weighed.flags))
            out.append(
                Finding(target, ReasonCode.FLAGGED, weighed.severity, sentence, evidence, kinds)
            )
        return out
