"""How scores, reasons and link evidence are stored: the one codec both ways.

Engines store no maps inside lists (rule 5 of :mod:`graph.cypher`), so a
score's dimensions and reasons, and a same-person link's evidence, are kept
as JSON text. Everything that writes or reads them goes through here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from graph.cypher import rows


class StoredReason(NamedTuple):
    code: str
    severity: float  # stored rounded to 3 places
    explanation: str
    evidence: tuple[str, ...]
    kinds: tuple[str, ...] = ()  # graph.model.EvidenceKind of each item; () if never typed

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "explanation": self.explanation,
            "evidence": list(self.evidence),
            "kinds": list(self.kinds),
        }


class ScoreRecord(NamedTuple):
    """An account's last score as a rescore stored it (a NamedTuple: a
    nightly run makes one per account)."""

    account: str
    score: float
    band: str
    dimensions: dict[str, float]
    reasons: tuple[StoredReason, ...]
    recommended_action: str | None
    duplicate_cluster: str | None
    ring: str | None


class LinkEvidence(NamedTuple):
    kind: str  # payment, device, phone, email, portrait, ip, prefix
    value: str  # the identifier (a keyed hash for personal data)
    shared_by: int  # how many accounts hold it: the rarer, the stronger
    weight: float  # its log-likelihood contribution to the link


def reason(
    code: str,
    severity: float,
    explanation: str,
    evidence: Sequence[str],
    kinds: Sequence[str] = (),
) -> StoredReason:
    return StoredReason(code, round(severity, 3), explanation, tuple(evidence), tuple(kinds))


def encode_reasons(reasons: Sequence[StoredReason]) -> str:
    return json.dumps([r.as_dict() for r in reasons])


def reason_code_needle(code: str) -> str:
    """What :func:`encode_reasons` writes for a reason with this code, to find
    it inside the stored text."""
    return json.dumps({"code": code})[1:-1]


def decode_reasons(text: str | None) -> tuple[StoredReason, ...]:
    return tuple(
        StoredReason(str(r["code"]), float(r["severity"]), str(r["explanation"]),
                     tuple(r["evidence"]), tuple(r.get("kinds", ())))
        for r in json.loads(text or "[]")
    )  # fmt: skip


def encode_dimensions(dimensions: dict[str, float]) -> str:
    return json.dumps(dimensions, sort_keys=True)


def decode_dimensions(text: str | None) -> dict[str, float]:
    return {str(k): float(v) for k, v in json.loads(text or "{}").items()}


def score_row(record: ScoreRecord) -> dict[str, Any]:
    """The row graph.cypher.write_back.WRITE_SCORES takes."""
    return {
        "id": record.account,
        "score": record.score,
        "band": record.band,
        "dimensions": encode_dimensions(record.dimensions),
        "reasons": encode_reasons(record.reasons),
        "action": record.recommended_action,
        "cluster": record.duplicate_cluster,
        "ring": record.ring,
    }


def decode_score(row: rows.StoredScore) -> ScoreRecord:
    return ScoreRecord(
        account=row.id,
        score=row.score,
        band=row.band,
        dimensions=decode_dimensions(row.dimensions),
        reasons=decode_reasons(row.reasons),
        recommended_action=row.action,
        duplicate_cluster=row.cluster,
        ring=row.ring,
    )


def encode_link_evidence(evidence: Sequence[LinkEvidence]) -> str:
    return json.dumps(
        [
            {"kind": e.kind, "value": e.value, "shared_by": e.shared_by,
             "weight": round(e.weight, 2)}
            for e in evidence
        ]
    )  # fmt: skip


def decode_link_evidence(text: str | None) -> tuple[LinkEvidence, ...]:
    return tuple(
        LinkEvidence(str(e["kind"]), str(e["value"]), int(e["shared_by"]), float(e["weight"]))
        for e in json.loads(text or "[]")
    )


def encode_fingerprint(evidence: Sequence[str]) -> str:
    """The evidence a verdict was given on, to tell later whether it changed."""
    return json.dumps(sorted(evidence))


def decode_fingerprint(text: str | None) -> set[str]:
    return set(json.loads(text or "[]"))
