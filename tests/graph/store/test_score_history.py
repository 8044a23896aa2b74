"""The score history on the real store: entries only for changes, the newest kept."""

from __future__ import annotations

from graph.codec import ScoreRecord, reason
from graph.model import WriteBatch
from graph.score_history import HISTORY_KEPT, ScoreTrigger
from graph.store import CypherStore
from graph.store.records import RescoreWrite
from tests.conftest import account_row


def _score(score: float, band: str, *codes: str, action: str = "NONE") -> ScoreRecord:
    reasons = tuple(reason(c, 0.5, f"{c} seen", [f"ev-{c}"]) for c in codes)
    return ScoreRecord("a", score, band, {}, reasons, action, None, None)


async def test_only_changes_worth_one_are_kept(store: CypherStore) -> None:
    await store.write(WriteBatch(accounts=[account_row("a")]))
    steps = [
        (72.0, "STANDARD", ()),  # the first score is an entry
        (73.5, "STANDARD", ()),  # drift under the step: none
        (76.9, "STANDARD", ()),  # 4.9 points from the last entry: none
        (77.0, "STANDARD", ()),  # 5 points from it: an entry
        (40.0, "CAUTION", ("FAKE_NAME",)),  # band and codes
        (40.0, "CAUTION", ("FAKE_NAME", "FAKE_NAME")),  # the same set of codes: none
        (38.0, "CAUTION", ("FAKE_NAME", "LOGO_PORTRAIT")),  # a new code
    ]
    for day, (score, band, codes) in enumerate(steps):
        await store.write_scores(f"r{day}", [_score(score, band, *codes)], at=1000 + day)
    await store.write_rescore(
        "nightly", RescoreWrite([_score(10.0, "HIGH_RISK", "LOGO_PORTRAIT", action="BLOCK")],
                                [], [], []), at=2000
    )  # fmt: skip
    changes = await store.score_history("a", 50)
    assert [c.at for c in changes] == [2000, 1006, 1004, 1003, 1000]  # newest first
    assert [c.score for c in changes] == [10.0, 38.0, 40.0, 77.0, 72.0]
    newest = changes[0]
    assert (newest.trigger, newest.band, newest.action) == (
        ScoreTrigger.RESCORE, "HIGH_RISK", "BLOCK"
    )  # fmt: skip
    assert newest.codes == ("LOGO_PORTRAIT",)
    assert changes[1].codes == ("FAKE_NAME", "LOGO_PORTRAIT")
    assert changes[1].trigger is ScoreTrigger.NEIGHBOURHOOD
    assert [c.at for c in await store.score_history("a", 2)] == [2000, 1006]
    assert await store.score_history("nobody", 5) == []


async def test_the_oldest_entries_make_way(store: CypherStore) -> None:
    await store.write(WriteBatch(accounts=[account_row("a")]))
    writes = HISTORY_KEPT + 5
    for i in range(writes):  # each a different score bucket
        await store.write_scores(f"r{i}", [_score(float(i * 10 % 100), "STANDARD")], at=i)
    changes = await store.score_history("a", HISTORY_KEPT + 10)
    assert len(changes) == HISTORY_KEPT
    assert changes[0].at == writes - 1 and changes[-1].at == writes - HISTORY_KEPT
