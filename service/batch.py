"""Batch jobs behind the CLI: export, evaluate, investigator verdicts."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph import codec
from graph.codec import ScoreRecord
from graph.model import Decision
from graph.store import GraphStore
from graph.store.records import VerdictWrite
from service.detect.verdicts import PAIRWISE_CODES
from service.enforcement import audit
from service.errors import InputFileError, ServiceError, UnknownAccount
from service.evaluate import (
    LookAlikeRate,
    PatternQuality,
    false_positive_rates,
    quality,
    roc_auc,
)
from service.scoring import CODES


def score_lines(records: list[ScoreRecord]) -> list[dict[str, Any]]:
    """Stored scores as export records (the documented scores.jsonl format)."""
    return [
        {
            "account": r.account,
            "score": r.score,
            "band": r.band,
            "dimensions": r.dimensions,
            "reasons": [reason.as_dict() for reason in r.reasons],
            "recommended_action": r.recommended_action,
            "duplicate_cluster": r.duplicate_cluster,
            "ring": r.ring,
        }
        for r in records
    ]


def export_differences(
    left: list[dict[str, Any]], right: list[dict[str, Any]], limit: int = 20
) -> list[str]:
    """How two score exports differ, account by account (empty: identical).

    Compares every field of every record: score, band, dimensions, reasons
    with their evidence, recommended action, cluster and ring ids.
    """
    a = {r["account"]: r for r in left}
    b = {r["account"]: r for r in right}
    out = [f"{k}: only in the first" for k in sorted(a.keys() - b.keys())]
    out += [f"{k}: only in the second" for k in sorted(b.keys() - a.keys())]
    for k in sorted(a.keys() & b.keys()):
        for field in sorted(a[k].keys() | b[k].keys()):
            if a[k].get(field) != b[k].get(field):
                out.append(f"{k}: {field} {a[k].get(field)!r} != {b[k].get(field)!r}")
    if len(out) > limit:
        out = [*out[:limit], f"… and {len(out) - limit} more"]
    return out


async def export_scores(store: GraphStore, out: Path) -> int:
    records = score_lines(await store.scores())
    with out.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(records)


def _read_labels(path: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    labels: dict[str, set[str]] = {}
    benign: dict[str, set[str]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputFileError(str(path), exc.strerror or str(exc)) from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            labels[row["account"]] = set(row.get("patterns", []))
            benign[row["account"]] = set(row.get("benign", []))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputFileError(f"{path}:{number}", f"not a label line ({exc})") from exc
    return labels, benign


@dataclass(frozen=True)
class QualityReport:
    """Detection quality of the stored scores against a demo's labels."""

    patterns: list[PatternQuality]
    auc: float  # of 100 - score, against "any pattern"
    accounts: int
    false_positives: dict[str, LookAlikeRate]  # by look-alike


async def measure(store: GraphStore, labels_path: Path) -> QualityReport:
    labels, benign = _read_labels(labels_path)
    records = score_lines(await store.scores())
    if not records:
        raise ServiceError("no scores stored yet: run `trustmesh rescore` first")
    codes = {r["account"]: {x["code"] for x in r["reasons"]} for r in records}
    scored = [r for r in records if r["account"] in labels]
    auc = roc_auc([100 - r["score"] for r in scored], [bool(labels[r["account"]]) for r in scored])
    rates = false_positive_rates(benign, labels, codes)
    return QualityReport(quality(labels, codes), auc, len(scored), rates)


async def evaluate(store: GraphStore, labels_path: Path) -> str:
    report = await measure(store, labels_path)
    lines = [
        f"{'pattern':22s} {'support':>7s} {'flagged':>7s} {'precision':>9s} "
        f"{'recall':>7s} {'F1':>6s}"
    ]
    for q in report.patterns:
        lines.append(
            f"{q.pattern:22s} {q.support:7d} {q.flagged:7d} {q.precision:9.3f} "
            f"{q.recall:7.3f} {q.f1:6.3f}"
        )
    lines.append(
        f"ROC AUC of 100 - score vs any pattern: {report.auc:.4f} ({report.accounts} accounts)"
    )
    for kind, r in report.false_positives.items():
        lines.append(
            f"look-alike {kind:16s} false positives {r.wrong:5d} / {r.accounts:6d} = {r.rate:.2%}"
            f" (leads only: {r.leads})"
        )
    return "\n".join(lines)


async def record_verdict(
    store: GraphStore, account: str, code: str, evidence: str, decision: str, note: str, by: str
) -> None:
    """Dismiss or confirm a finding; the current evidence is its fingerprint.

    A dismissed finding stays dismissed until a later run finds evidence that
    is not in the fingerprint.
    """
    if code not in CODES:
        raise ServiceError(f"{code}: unknown reason code; one of {', '.join(sorted(CODES))}")
    record = await store.account(account)
    if record is None:
        raise UnknownAccount(account)
    if record.score is None:
        raise ServiceError(f"{account}: no score stored for this account; rescore first")
    fingerprint: list[str] = []
    found = False
    for reason in record.score.reasons:
        if reason.code == code:
            fingerprint, found = list(reason.evidence), True
    if decision == Decision.DISMISSED and not found:
        # nothing to dismiss: an audited no-op would read as a decision taken
        raise ServiceError(f"{code}: {account} has no such finding to dismiss")
    if code in PAIRWISE_CODES and evidence not in fingerprint and decision == Decision.DISMISSED:
        raise ServiceError(f"{evidence}: not in the evidence of {code} for {account}")
    key = hashlib.blake2b(f"{account}\x1f{code}\x1f{evidence}".encode(), digest_size=16)
    await store.record_verdict(
        VerdictWrite(
            key=key.hexdigest(),
            account=account,
            code=code,
            evidence=evidence,
            decision=decision,
            note=note,
            by=by,
            at=int(time.time()),
            fingerprint=codec.encode_fingerprint(fingerprint),
        )
    )
    # audited like an action: who decided what about which evidence, and why
    what = "DISMISS_EVIDENCE" if decision == Decision.DISMISSED else "CONFIRM_EVIDENCE"
    await audit(store, account, by, what, note or "", None, None, f"{code}: {evidence}")
