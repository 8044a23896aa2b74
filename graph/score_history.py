"""An account's score history: the changes an investigator asks about.

Each scoring write appends an entry to the account's ``score_history`` (JSON
text in a list, oldest first; engines keep no maps in lists) when the band,
the recommended action or the set of reason codes changed, or the score
moved at least ``HISTORY_STEP`` points from the last entry. A nightly run
that changes nothing adds nothing, so the kept entries span months of real
changes, not the drift of a tenure bonus.
"""

from __future__ import annotations

import json
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


def _codes(record: ScoreRecord) -> list[str]:
    return sorted({r.code for r in record.reasons})


def history_fields(record: ScoreRecord, at: int, trigger: ScoreTrigger) -> dict[str, Any]:
    """The score row's history columns: what marks a change, and the entry."""
    codes = _codes(record)
    mark = json.dumps([record.band, record.recommended_action, codes])
    entry = json.dumps(
        {"at": at, "trigger": trigger.value, "score": record.score, "band": record.band,
         "action": record.recommended_action, "codes": codes}
    )  # fmt: skip
    return {"mark": mark, "entry": entry}


def decode_history(entries: Sequence[str] | None) -> list[ScoreChange]:
    """Stored entries, newest first."""
    changes = []
    for text in reversed(entries or []):
        e = json.loads(text)
        changes.append(
            ScoreChange(int(e["at"]), ScoreTrigger(e["trigger"]), float(e["score"]),
                        str(e["band"]), e.get("action"), tuple(e["codes"]))
        )  # fmt: skip
    return changes
