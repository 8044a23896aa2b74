"""Scores in and out: a rescore's write-back, verdicts, badges."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any, final

from graph import cypher
from graph.codec import ScoreRecord, decode_score, score_row
from graph.cypher import rows
from graph.plan import Statement
from graph.score_history import (
    HISTORY_KEPT,
    HISTORY_STEP,
    ScoreChange,
    ScoreTrigger,
    decode_history,
    history_fields,
)
from graph.store.records import RescoreWrite, VerdictWrite
from graph.store.runner import QueryRunner

# rows per write-back statement: bounded transactions on Neo4j, bounded
# query text on FalkorDB
WRITE_BACK_CHUNK = 5000


def _score_rows(
    scores: Sequence[ScoreRecord], at: int | None, trigger: ScoreTrigger
) -> list[dict[str, Any]]:
    when = int(time.time()) if at is None else at
    return [score_row(s) | history_fields(s, when, trigger) for s in scores]


def _params(run: str, table: list[Any], first_band: str | None) -> dict[str, Any]:
    return {"rows": table, "run": run, "first_band": first_band, "keep": HISTORY_KEPT,
            "step": HISTORY_STEP}  # fmt: skip


class ScoreWrites(QueryRunner):
    @final
    async def purge_excerpts(self, now: int) -> None:
        await self._write_all(
            [
                Statement(cypher.write_back.PURGE_MESSAGE_EXCERPTS, {"now": now}),
                Statement(cypher.write_back.PURGE_POST_EXCERPTS, {"now": now}),
            ]
        )

    @final
    async def write_scores(
        self,
        run: str,
        scores: Sequence[ScoreRecord],
        first_band: str | None = None,
        at: int | None = None,
    ) -> None:
        """Scores only (a local rescore): one SET per account, groups untouched."""
        table = _score_rows(scores, at, ScoreTrigger.NEIGHBOURHOOD)
        params = _params(run, table, first_band)
        await self._write_all([Statement(cypher.write_back.WRITE_SCORES, params)])

    @final
    async def write_rescore(
        self,
        run: str,
        result: RescoreWrite,
        first_band: str | None = None,
        at: int | None = None,
    ) -> None:
        tables = (
            (cypher.write_back.WRITE_SCORES, _score_rows(result.scores, at, ScoreTrigger.RESCORE)),
            (cypher.write_back.WRITE_SAME_PERSON, result.same_person),
            (cypher.write_back.WRITE_CLUSTERS, result.clusters),
            (cypher.write_back.WRITE_RINGS, result.rings),
        )
        for query, table in tables:
            for start in range(0, len(table), WRITE_BACK_CHUNK):
                part = table[start : start + WRITE_BACK_CHUNK]
                await self._write_all([Statement(query, _params(run, part, first_band))])
        stale = (
            cypher.write_back.DELETE_STALE_SAME_PERSON,
            cypher.write_back.DELETE_STALE_CLUSTER_LINKS,
            cypher.write_back.DELETE_STALE_RING_LINKS,
            cypher.write_back.DELETE_STALE_CLUSTERS,
            cypher.write_back.DELETE_STALE_RINGS,
        )
        await self._write_all([Statement(query, {"run": run}) for query in stale])

    @final
    async def record_verdict(self, verdict: VerdictWrite) -> None:
        await self._write_all([Statement(cypher.write_back.MERGE_VERDICT, asdict(verdict))])

    @final
    async def scores(self) -> list[ScoreRecord]:
        return [decode_score(row) for row in await self._read(cypher.reads.READ_SCORES)]

    @final
    async def has_scores(self) -> bool:
        return bool(await self._read(cypher.reads.HAS_SCORES))

    @final
    async def badges(self, ids: Sequence[str]) -> list[rows.Badge]:
        return await self._read(cypher.views.READ_BADGES, {"ids": list(ids)})

    @final
    async def score_history(self, account_id: str, limit: int) -> list[ScoreChange]:
        found = await self._read(
            cypher.views.ACCOUNT_SCORE_HISTORY, {"id": account_id, "limit": limit}
        )
        return decode_history(found[0].entries) if found else []
