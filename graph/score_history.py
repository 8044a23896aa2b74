"""An account's score history: the changes an investigator asks about.

Each scoring write appends an entry to the account's ``score_history`` (text
in a list, oldest first; engines keep no maps in lists) when the band,
the recommended action or the set of reason codes changed, or the score
moved at least ``HISTORY_STEP`` points from the last entry. A nightly run
that changes nothing adds nothing, so the kept entries span months of real
changes, not the drift of a tenure bonus.

An entry is ``at|trigger|score|band|action|code,code``, not JSON: every
account's row carries it to each write, and JSON inside the statement's
parameters cost the 100k write-back a fifth more (``bench/quality.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from graph.codec import ScoreRecord

HISTORY_KEPT = 100  # entries per account; older ones are dropped by the same write
HISTORY_STEP = 5.0  # score points: a quarter of a badge's 20-point range


class ScoreTrigger(StrEnum):
    RESCORE = "RESCORE"  # the batch run over every account
    NEIGHBOURHOOD = "NEIGHBOURHOOD"  # an ingest batch's or an investigator's local rescore


@dataclass(frozen=True)
class ScoreChange:
    at: int  # epoch seconds of the scoring
    trigger: ScoreTrigger
    score: float
    band: str
    action: str | None
    codes: tuple[str, ...]  # sorted, each once


def history_fields(record: ScoreRecord, at: int, trigger: ScoreTrigger) -> dict[str, Any]:
    """The score row's history columns: what marks a change (band, action,
    codes: none holds '|' or ','), and the entry recording it."""
    codes = ",".join(sorted({r.code for r in record.reasons}))
    mark = f"{record.band}|{record.recommended_action or ''}|{codes}"
    return {"mark": mark, "entry": f"{at}|{trigger.value}|{record.score}|{mark}"}


def decode_history(entries: Sequence[str] | None) -> list[ScoreChange]:
    """Stored entries, newest first."""
    changes = []
    for text in reversed(entries or []):
        at, trigger, score, band, action, codes = text.split("|")
        changes.append(
            ScoreChange(int(at), ScoreTrigger(trigger), float(score), band, action or None,
                        tuple(codes.split(",")) if codes else ())
        )  # fmt: skip
    return changes
