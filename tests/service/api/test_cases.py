"""Cases over HTTP: opened on accounts and clusters, assigned, noted, closed,
audited, in the queue as "my cases", and closed to every other role."""

from __future__ import annotations

from typing import Any

from graph.store import CypherStore
from service.ingest.pipeline import Ingestor
from service.keys import create_key, key_id
from service.rescore import rescore
from service.settings import Settings
from tests.conftest import lines
from tests.service.api.client import Api, code_of, serving
from tests.service.test_rescore import NOW
from tests.service.test_rescore import marketplace as two_duplicates_and_an_evader

CASE_FIELDS = "id subject subjectId status outcome assignee assigneeName members openedBy"
OPEN = (
    "mutation($subject: CaseSubject!, $id: ID!, $title: String!) { "
    f"openCase(subject: $subject, subjectId: $id, title: $title) {{ {CASE_FIELDS} }} }}"
)
ASSIGN = (
    "mutation($id: ID!, $to: String, $me: Boolean!) { "
    f"assignCase(id: $id, assignee: $to, toMe: $me) {{ {CASE_FIELDS} }} }}"
)
STATUS = (
    "mutation($id: ID!, $status: CaseStatus!, $outcome: CaseOutcome, $reason: String!) { "
    "setCaseStatus(id: $id, status: $status, outcome: $outcome, reason: $reason) "
    f"{{ {CASE_FIELDS} }} }}"
)
NOTE = "mutation($id: ID!, $text: String!) { addCaseNote(id: $id, text: $text) { id who text } }"
READ = (
    f"query($id: ID!) {{ case(id: $id) {{ {CASE_FIELDS} notes {{ who text }} "
    "audit { who what before after reason detail } } }"
)
QUEUE_MINE = "{ riskiestAccounts(band: null, first: 50, myCases: true) { total nodes { id } } }"


async def _data(api: Api, query: str, variables: dict[str, Any], key: str) -> Any:
    answer = await api.ask(query, variables, key)
    assert "errors" not in answer, answer
    return answer["data"]


async def test_a_case_from_opening_to_its_outcome(
    store: CypherStore, settings: Settings, ingestor: Ingestor
) -> None:
    await ingestor.ingest(lines(two_duplicates_and_an_evader()))
    await rescore(store, now=NOW)
    alice = await create_key(store, "investigator", "alice")
    bob = await create_key(store, "investigator", "bob")
    ingest = await create_key(store, "ingest", "pipeline")
    async with serving(store, settings) as api:
        cluster = await store.account_cluster("dup-a")
        assert cluster is not None
        on_cluster = {"subject": "CLUSTER", "id": cluster.id, "title": "card and phone shared"}
        opened = (await _data(api, OPEN, on_cluster, alice))["openCase"]
        assert opened["status"] == "OPEN" and opened["outcome"] is None
        assert sorted(opened["members"]) == ["dup-a", "dup-b"]
        assert opened["openedBy"] == f"key:{key_id(alice)} (alice)"
        case = opened["id"]

        # nobody's case yet: not in alice's queue
        assert (await _data(api, QUEUE_MINE, {}, alice))["riskiestAccounts"]["total"] == 0
        mine = await _data(api, ASSIGN, {"id": case, "to": None, "me": True}, alice)
        assert mine["assignCase"]["assignee"] == key_id(alice)
        assert mine["assignCase"]["assigneeName"] == "alice"
        queue = (await _data(api, QUEUE_MINE, {}, alice))["riskiestAccounts"]
        assert sorted(n["id"] for n in queue["nodes"]) == ["dup-a", "dup-b"]
        assert (await _data(api, QUEUE_MINE, {}, bob))["riskiestAccounts"]["total"] == 0

        # the ingest pipeline's key is not an investigator: cannot be assigned
        refused = await api.ask(ASSIGN, {"id": case, "to": key_id(ingest), "me": False}, alice)
        assert code_of(refused) == "BAD_USER_INPUT"
        assert "assignee:" in refused["errors"][0]["message"]

        note = await _data(api, NOTE, {"id": case, "text": "  same card, same phone  "}, bob)
        assert note["addCaseNote"]["text"] == "same card, same phone"

        review = {"id": case, "status": "IN_REVIEW", "outcome": None, "reason": ""}
        assert (await _data(api, STATUS, review, bob))["setCaseStatus"]["status"] == "IN_REVIEW"
        no_outcome = {"id": case, "status": "CLOSED", "outcome": None, "reason": "done"}
        refusal = await api.ask(STATUS, no_outcome, bob)
        assert code_of(refusal) == "BAD_USER_INPUT"
        assert refusal["errors"][0]["message"].startswith("outcome:")
        close = {**no_outcome, "outcome": "CONFIRMED"}
        closed = (await _data(api, STATUS, close, bob))["setCaseStatus"]
        assert (closed["status"], closed["outcome"]) == ("CLOSED", "CONFIRMED")
        # closed: no longer anyone's open case
        assert (await _data(api, QUEUE_MINE, {}, alice))["riskiestAccounts"]["total"] == 0

        read = (await _data(api, READ, {"id": case}, alice))["case"]
        assert read["notes"] == [
            {"who": f"key:{key_id(bob)} (bob)", "text": "same card, same phone"}
        ]
        trail = [(e["what"], e["before"], e["after"]) for e in read["audit"]]
        assert trail == [
            ("CASE_STATUS", "IN_REVIEW", "CLOSED:CONFIRMED"),
            ("CASE_STATUS", "OPEN", "IN_REVIEW"),
            ("CASE_NOTE", None, None),
            ("CASE_ASSIGNED", None, "alice"),
            ("CASE_OPENED", None, "OPEN"),
        ]
        assert read["audit"][0]["reason"] == "done"

        listed = await _data(api, '{ cases(accountId: "dup-b") { id } }', {}, alice)
        assert listed["cases"] == [{"id": case}]

        # visible to investigators and admins only
        for query in (READ, "{ cases { id } }", "{ caseAssignees { id } }"):
            assert code_of(await api.ask(query, {"id": case}, ingest)) == "FORBIDDEN"

    labels = await store.case_labels()
    assert sorted((label.account, label.outcome) for label in labels) == [
        ("dup-a", "CONFIRMED"),
        ("dup-b", "CONFIRMED"),
    ]


async def test_bad_case_input_is_named(
    store: CypherStore, settings: Settings, ingestor: Ingestor
) -> None:
    await ingestor.ingest(lines(two_duplicates_and_an_evader()))
    alice = await create_key(store, "investigator", "alice")
    async with serving(store, settings) as api:
        nobody = await api.ask(OPEN, {"subject": "ACCOUNT", "id": "nobody", "title": ""}, alice)
        assert code_of(nobody) == "NOT_FOUND"
        ring = await api.ask(OPEN, {"subject": "RING", "id": "ring-x", "title": ""}, alice)
        assert ring["errors"][0]["message"] == "subjectId: no ring ring-x"
        opened = await _data(api, OPEN, {"subject": "ACCOUNT", "id": "dup-a", "title": ""}, alice)
        case = opened["openCase"]["id"]
        empty = await api.ask(NOTE, {"id": case, "text": "   "}, alice)
        assert empty["errors"][0]["message"] == "text: a note needs some words"
        again = {"id": case, "status": "OPEN", "outcome": None, "reason": ""}
        assert (await api.ask(STATUS, again, alice))["errors"][0]["message"].startswith("status:")
        missing = await api.ask(NOTE, {"id": "case-none", "text": "x"}, alice)
        assert code_of(missing) == "NOT_FOUND"
        outcome_open = {"id": case, "status": "IN_REVIEW", "outcome": "DISMISSED", "reason": ""}
        assert code_of(await api.ask(STATUS, outcome_open, alice)) == "BAD_USER_INPUT"
    # nothing refused was stored: one case, one note-free trail entry
    assert len(await store.case_audit(case, 10)) == 1
    assert await store.case_notes(case) == []
