"""Scores in and out: a rescore's write-back, verdicts, badges."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import final

from graph import cypher
from graph.codec import ScoreRecord, decode_score, score_row
from graph.cypher import rows
from graph.plan import Statement
from graph.store.records import RescoreWrite, VerdictWrite
from graph.store.runner import QueryRunner

# rows per write-back statement: bounded transactions on Neo4j, bounded
# query text on FalkorDB
WRITE_BACK_CHUNK = 5000


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
        self, run: str, scores: Sequence[ScoreRecord], first_band: str | None = None
    ) -> None:
        """Scores only (a local rescore): one SET per account, groups untouched."""
        params = {"rows": [score_row(s) for s in scores], "run": run, "first_band": first_band}
        await self._write_all([Statement(cypher.write_back.WRITE_SCORES, params)])

    @final
    async def write_rescore(
        self, run: str, result: RescoreWrite, first_band: str | None = None
    ) -> None:
        tables = (
            (cypher.write_back.WRITE_SCORES, [score_row(s) for s in result.scores]),
            (cypher.write_back.WRITE_SAME_PERSON, result.same_person),
            (cypher.write_back.WRITE_CLUSTERS, result.clusters),
            (cypher.write_back.WRITE_RINGS, result.rings),
        )
        for query, table in tables:
            for start in range(0, len(table), WRITE_BACK_CHUNK):
                part = table[start : start + WRITE_BACK_CHUNK]
                params = {"rows": part, "run": run, "first_band": first_band}
                await self._write_all([Statement(query, params)])
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
