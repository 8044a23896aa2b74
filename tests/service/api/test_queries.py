"""Queries over HTTP: badges, the investigator's account, pages, graph views."""

from __future__ import annotations

from typing import Any

from graph.codec import ScoreRecord
from graph.store import CypherStore
from service.ingest.pipeline import Ingestor
from service.keys import create_key
from service.rescore import rescore
from service.settings import Settings
from tests.conftest import lines
from tests.service.api.client import code_of, serving
from tests.service.test_rescore import NOW
from tests.service.test_rescore import marketplace as two_duplicates_and_an_evader

QUERY = (
    "query($id: ID!) { account(id: $id) { id kind name country createdAt status agency "
    "deviceCount ipCount paymentMethodCount recentLoginCount } }"
)
BADGES = (
    "query($ids: [ID!]!) { trustBadges(accountIds: $ids) "
    "{ accountId band scoreRange memberSince } }"
)
SCORE = (
    "query($id: ID!) { account(id: $id) { trustScore { score band reasons { code evidence } } } }"
)


async def test_roles_badges_and_account(
    store: CypherStore, ingestor: Ingestor, settings: Settings, marketplace: list[dict[str, Any]]
) -> None:
    await ingestor.ingest(lines(marketplace))
    await rescore(store, now=1_735_689_600)
    keys = {role: await create_key(store, role) for role in ("frontend", "investigator")}
    async with serving(store, settings) as api:
        health = await api.http.get("/healthz")
        assert health.status_code == 200 and health.json() == {"status": "ok"}

        # no key, an unknown key, the wrong role
        for key, code in (
            ("", "UNAUTHENTICATED"),
            ("tm_admin_forged", "UNAUTHENTICATED"),
            (keys["frontend"], "FORBIDDEN"),
        ):
            denied = await api.ask(QUERY, {"id": "fl-2"}, key)
            assert denied["data"] in (None, {"account": None})  # nothing leaks
            assert code_of(denied) == code
        assert code_of(await api.ask(BADGES, {"ids": ["fl-1"]}, "")) == "UNAUTHENTICATED"

        badges = await api.ask(
            BADGES, {"ids": ["fl-1", "newbie-unknown", "cl-1"]}, keys["frontend"]
        )
        fl1, missing, cl1 = badges["data"]["trustBadges"]
        assert missing is None and cl1["accountId"] == "cl-1"
        assert fl1 == {
            "accountId": "fl-1",
            "band": fl1["band"],
            "scoreRange": fl1["scoreRange"],
            "memberSince": "2024-01-01",
        }
        assert fl1["band"] in ("TRUSTED", "STANDARD", "CAUTION", "HIGH_RISK")
        assert fl1["scoreRange"] in ("0-20", "20-40", "40-60", "60-80", "80-100")
        # a badge says nothing about why: no reasons, no flags, no reporters
        assert "flag" not in repr(badges).lower() and "reason" not in repr(badges).lower()
        too_many = await api.ask(BADGES, {"ids": [f"a{i}" for i in range(501)]}, keys["frontend"])
        assert code_of(too_many) == "BAD_USER_INPUT"

        found = await api.ask(QUERY, {"id": "fl-2"}, keys["investigator"])
        assert found["data"]["account"] == {
            "id": "fl-2",
            "kind": "FREELANCER",
            "name": "Rui Costa",
            "country": "PT",
            "createdAt": "2024-01-02T23:00:00+00:00",
            "status": "ACTIVE",
            "agency": "ag-1",
            "deviceCount": 1,
            "ipCount": 1,
            "paymentMethodCount": 0,
            "recentLoginCount": 1,
        }
        scored = await api.ask(SCORE, {"id": "fl-1"}, keys["investigator"])
        trust = scored["data"]["account"]["trustScore"]
        assert trust["band"] == fl1["band"]
        flagged = next(r for r in trust["reasons"] if r["code"] == "FLAGGED")
        # an account flag and a portfolio flag: flag ids, never the reporters
        assert flagged["evidence"] == ["flag-1", "flag-4"]
        assert (await api.ask(QUERY, {"id": "zz"}, keys["investigator"])) == {
            "data": {"account": None}
        }
        assert "errors" in await api.ask("{ account { id } }", {}, keys["investigator"])


async def _scored_duplicates(store: CypherStore, ingestor: Ingestor) -> str:
    await ingestor.ingest(lines(two_duplicates_and_an_evader()))
    await rescore(store, now=NOW)
    return await create_key(store, "investigator")


async def test_name_search_ignores_case_and_accents(
    store: CypherStore, settings: Settings, ingestor: Ingestor
) -> None:
    await ingestor.ingest(lines([
        {"type": "account", "id": "fl-jc", "kind": "FREELANCER", "name": "José Conceição",
         "country": "PT", "created_at": "2024-01-01T00:00:00Z"},
        {"type": "account", "id": "fl-ob", "kind": "FREELANCER", "name": "Siobhán O'Brien",
         "country": "IE", "created_at": "2024-01-01T00:00:00Z"},
    ]))  # fmt: skip
    key = await create_key(store, "investigator")
    async with serving(store, settings, key) as api:
        for typed, found in (
            ("jose conceicao", ["fl-jc"]),
            ("CONCEIÇÃO", ["fl-jc"]),
            ("o'brien", ["fl-ob"]),
            ("siobhan", ["fl-ob"]),
            ("conceicão", ["fl-jc"]),
            ("josé o", []),
        ):
            hits = await api.ask("query($q: String!) { search(query: $q) { id } }", {"q": typed})
            assert [h["id"] for h in hits["data"]["search"]] == found, typed


async def test_search_and_group_pages(
    store: CypherStore, settings: Settings, ingestor: Ingestor
) -> None:
    async with serving(store, settings, await _scored_duplicates(store, ingestor)) as api:
        hits = (await api.ask('{ search(query: "dup-a") { id } }'))["data"]["search"]
        assert hits == [{"id": "dup-a"}]
        anywhere = (await api.ask('{ search(query: "SANTOS", first: 3) { name } }'))["data"]
        assert anywhere["search"] and all(
            "santos" in h["name"].lower() for h in anywhere["search"]
        )  # any case, any word of the name
        named = (await api.ask('{ search(query: "Maria", first: 3) { id name } }'))["data"]
        assert len(named["search"]) == 3 and all(
            h["name"] == "Maria Santos" for h in named["search"]
        )
        page_one = (
            "{ duplicateClusters(first: 1) { nodes { id size members } endCursor hasNextPage } }"
        )
        first = (await api.ask(page_one))["data"]["duplicateClusters"]
        assert first["hasNextPage"] is True and len(first["nodes"]) == 1
        page_two = (
            f'{{ duplicateClusters(first: 1, after: "{first["endCursor"]}") '
            "{ nodes { id members } hasNextPage } }"
        )
        page = (await api.ask(page_two))["data"]["duplicateClusters"]
        assert page["hasNextPage"] is False
        members = {tuple(first["nodes"][0]["members"]), tuple(page["nodes"][0]["members"])}
        assert members == {("dup-a", "dup-b"), ("banned", "evader")}
        bad = await api.ask("{ duplicateClusters(first: 1000) { endCursor } }")
        assert code_of(bad) == "BAD_USER_INPUT"

        # riskiest accounts, page by page, lowest score first, no repeats
        seen: list[tuple[float, str]] = []
        cursor_arg = ""
        for _ in range(10):
            riskiest = await api.ask(
                '{ riskiestAccounts(band: "HIGH_RISK", first: 1' + cursor_arg + ") "
                "{ nodes { id score } endCursor hasNextPage } }"
            )
            page = riskiest["data"]["riskiestAccounts"]
            seen += [(n["score"], n["id"]) for n in page["nodes"]]
            if not page["hasNextPage"]:
                break
            cursor_arg = f', after: "{page["endCursor"]}"'
        assert seen == sorted(seen) and len(seen) == len(set(seen)) >= 2
        assert {"dup-a", "dup-b", "evader"} <= {i for _, i in seen}
        wrong = await api.ask('{ riskiestAccounts(band: "SCARY") { endCursor } }')
        assert code_of(wrong) == "BAD_USER_INPUT"


VIEW = "{ nodes { id kind ref label risk holders } edges { source target relation } truncated }"


async def test_neighborhood_and_connection(
    store: CypherStore, settings: Settings, ingestor: Ingestor
) -> None:
    async with serving(store, settings, await _scored_duplicates(store, ingestor)) as api:
        near = await api.ask(f'{{ neighborhood(accountId: "dup-a", depth: 1) {VIEW} }}')
        view = near["data"]["neighborhood"]
        nodes = {n["id"]: n for n in view["nodes"]}
        assert nodes["Account:dup-b"]["kind"] == "Account"
        assert nodes["Account:dup-a"]["risk"] > 0.3  # a scored duplicate
        shared = [n for n in view["nodes"] if n["kind"] == "PaymentMethod"]
        assert shared and all(n["holders"] >= 2 for n in shared)
        assert all(len(n["label"]) < 40 for n in shared)  # hashes are shortened in labels
        assert all(e["source"] in nodes and e["target"] in nodes for e in view["edges"])

        path = await api.ask(f'{{ connection(from: "dup-a", to: "dup-b", maxDepth: 2) {VIEW} }}')
        refs = [n["ref"] for n in path["data"]["connection"]["nodes"]]
        assert refs[0] == "dup-a" and refs[-1] == "dup-b" and len(refs) == 3
        none = await api.ask(f'{{ connection(from: "dup-a", to: "nobody") {VIEW} }}')
        assert code_of(none) == "NOT_FOUND" and "to: no account" in none["errors"][0]["message"]
        assert (await api.ask(f'{{ neighborhood(accountId: "nobody") {VIEW} }}')) == {
            "data": {"neighborhood": None}
        }
        for bad in (
            f'{{ neighborhood(accountId: "dup-a", depth: 4) {VIEW} }}',
            f'{{ neighborhood(accountId: "dup-a", limit: 0) {VIEW} }}',
            f'{{ connection(from: "dup-a", to: "dup-b", maxDepth: 9) {VIEW} }}',
        ):
            assert code_of(await api.ask(bad)) == "BAD_USER_INPUT"


FULL = """query($id: ID!) { account(id: $id) {
  id devices ips paymentFingerprints recommendedAction
  trustScore { score band reasons { code severity explanation evidence } recommendedAction }
  actions { action reason at by }
  duplicateCluster { id confidence members
    links { a b confidence evidence { kind value sharedBy weight } } }
  rings { id members }
  contracts { id role counterpart amount ratingGiven ratingReceived }
  flags { id reason at reporter details }
} }"""


async def test_account_page_shows_every_section_with_its_evidence(
    store: CypherStore, settings: Settings, ingestor: Ingestor
) -> None:
    flag = {"type": "flag", "id": "f-1", "reporter": "mum", "target": "dup-a",
            "target_kind": "account", "reason": "fake_profile", "details": "same photo",
            "at": "2024-05-01T00:00:00Z"}  # fmt: skip
    await ingestor.ingest(lines([flag]))
    async with serving(store, settings, await _scored_duplicates(store, ingestor)) as api:
        page = (await api.ask(FULL, {"id": "dup-a"}))["data"]["account"]
        cluster = page["duplicateCluster"]
        assert cluster["members"] == ["dup-a", "dup-b"]
        (link,) = cluster["links"]
        assert {link["a"], link["b"]} == {"dup-a", "dup-b"} and link["confidence"] > 0.9
        # the evidence is the shared card's keyed hash, never the card number
        shared = {e["kind"]: e for e in link["evidence"]}
        assert shared["payment"]["value"] in page["paymentFingerprints"]
        assert shared["payment"]["sharedBy"] == 2 and shared["payment"]["weight"] > 0
        assert "phone" in shared and "4000" not in repr(link)
        assert page["contracts"] == [
            {"id": "self-1", "role": "FREELANCER", "counterpart": "dup-b", "amount": 40.0,
             "ratingGiven": None, "ratingReceived": 5}
        ]  # fmt: skip
        assert page["flags"] == [
            {"id": "f-1", "reason": "fake_profile", "at": "2024-05-01T00:00:00+00:00",
             "reporter": "mum", "details": "same photo"}
        ]  # fmt: skip
        assert "SELF_DEALING" in {r["code"] for r in page["trustScore"]["reasons"]}
        assert page["recommendedAction"] == page["trustScore"]["recommendedAction"] != "NONE"

        banned = (await api.ask(FULL, {"id": "banned"}))["data"]["account"]
        assert [(a["action"], a["reason"], a["by"]) for a in banned["actions"]] == [
            ("BLOCK", "fraud", "inv-1")
        ]
        assert banned["duplicateCluster"]["members"] == ["banned", "evader"]
        alone = (await api.ask(FULL, {"id": "newbie"}))["data"]["account"]
        assert alone["duplicateCluster"] is None and alone["contracts"] == []
        assert alone["flags"] == [] and alone["rings"] == []
        too_many = await api.ask('{ account(id: "dup-a") { flags(first: 501) { id } } }')
        assert code_of(too_many) == "BAD_USER_INPUT"


async def test_badges_are_cached_until_a_mutation_or_their_age_limit(
    store: CypherStore, settings: Settings, ingestor: Ingestor
) -> None:
    await _scored_duplicates(store, ingestor)
    keys = {r: await create_key(store, r) for r in ("frontend", "investigator")}
    badge = '{ trustBadge(accountId: "newbie") { band scoreRange } }'
    row = ScoreRecord("newbie", 10.0, "HIGH_RISK", {}, (), "BLOCK", None, None)
    for ttl, stale in ((3600.0, True), (0.0, False)):
        await rescore(store, now=NOW)
        cached = settings.model_copy(update={"badge_cache_s": ttl})
        async with serving(store, cached, keys["frontend"]) as api:
            before = (await api.ask(badge))["data"]["trustBadge"]
            assert before["band"] != "HIGH_RISK"
            await store.write_scores("elsewhere", [row])  # another process's nightly run
            after = (await api.ask(badge))["data"]["trustBadge"]
            assert (after == before) is stale
            # a mutation through this server drops the cache at once
            await api.ask(
                'mutation { recordAppeal(accountId: "dup-a", text: "hi") { what } }',
                key=keys["investigator"],
            )
            assert (await api.ask(badge))["data"]["trustBadge"]["band"] == "HIGH_RISK"


async def test_a_possible_duplicate_is_a_lead_for_investigators_not_a_badge(
    store: CypherStore, settings: Settings, ingestor: Ingestor
) -> None:
    """One Gmail inbox written two ways links two accounts at a calibrated
    probability: the investigator reads it, the public badge stays STANDARD."""
    twins = [
        {"type": "account", "id": "ana-1", "kind": "FREELANCER", "name": "Ana Lima",
         "country": "PT", "created_at": "2024-01-01T00:00:00Z", "email": "ana.lima+x@gmail.com"},
        {"type": "account", "id": "ana-2", "kind": "CLIENT", "name": "A. Lima",
         "country": "PT", "created_at": "2024-02-01T00:00:00Z", "email": "ANALIMA@GMAIL.COM"},
    ]  # fmt: skip
    await ingestor.ingest(lines(twins))
    await rescore(store, now=NOW)
    investigator = await create_key(store, "investigator")
    async with serving(store, settings, investigator) as api:
        page = (await api.ask(FULL, {"id": "ana-1"}))["data"]["account"]
        (lead,) = [r for r in page["trustScore"]["reasons"] if r["code"] == "POSSIBLE_DUPLICATE"]
        assert 0.5 <= lead["severity"] < 1.0
        assert lead["evidence"][0] == "ana-2" and "an email address" in lead["explanation"]
        assert "gmail" not in repr(page).lower()  # the inbox is a keyed hash, never the address
        assert page["duplicateCluster"] is None  # one identifier is a lead, not the same person
        assert page["trustScore"]["band"] == "STANDARD"
    async with serving(store, settings, await create_key(store, "frontend")) as api:
        badge = (await api.ask(BADGES, {"ids": ["ana-1"]}))["data"]["trustBadges"]
        assert badge[0]["band"] == "STANDARD"


QUEUE = """query($band: String, $code: String, $action: String, $kind: String,
  $country: String, $unreviewed: Boolean!) {
  riskiestAccounts(band: $band, first: 2, reasonCode: $code, recommendedAction: $action,
    kind: $kind, country: $country, unreviewed: $unreviewed) {
    nodes { id band recommendedAction } total hasNextPage } }"""


async def test_the_queue_filters_and_counts(
    store: CypherStore, settings: Settings, ingestor: Ingestor
) -> None:
    async with serving(store, settings, await _scored_duplicates(store, ingestor)) as api:

        async def queue(**filters: Any) -> dict[str, Any]:
            variables = {"band": None, "unreviewed": False, **filters}
            answer = await api.ask(QUEUE, variables)
            assert "errors" not in answer, answer
            return dict(answer["data"]["riskiestAccounts"])

        everyone = await queue()
        scored = await store.scores()
        assert everyone["total"] == len(scored) and everyone["hasNextPage"]
        linked = await queue(code="LINKED_TO_BLOCKED")
        assert [n["id"] for n in linked["nodes"]] == ["evader"] and linked["total"] == 1
        blocks = await queue(action="BLOCK")
        assert {n["recommendedAction"] for n in blocks["nodes"]} == {"BLOCK"}
        assert (await queue(country="pt"))["total"] == everyone["total"]  # all in Portugal
        assert (await queue(country="DE"))["total"] == 0
        # kinds partition the queue
        by_kind = [(await queue(kind=k))["total"] for k in ("CLIENT", "FREELANCER", "AGENCY")]
        assert sum(by_kind) == everyone["total"] and by_kind[0] >= 1  # dup-b is a client
        # acting on the evader takes it out of the unreviewed queue
        before = (await queue(unreviewed=True))["total"]
        took = await api.ask(
            'mutation { takeAction(accountId: "evader", action: "WARNING", reason: "ban evasion")'
            " { id } }"
        )
        assert "errors" not in took, took
        after = await queue(unreviewed=True, code="LINKED_TO_BLOCKED")
        assert after["total"] == 0 and (await queue(unreviewed=True))["total"] == before - 1
        for name, value, said in (
            ("band", "RED", "band: one of"),
            ("code", "NOPE", "reasonCode: one of"),
            ("action", "BAN", "recommendedAction: one of"),
            ("kind", "ROBOT", "kind: one of"),
            ("country", "Portugal", "country: a two-letter ISO code"),
        ):
            bad = await api.ask(QUEUE, {"band": None, "unreviewed": False, name: value})
            assert code_of(bad) == "BAD_USER_INPUT" and said in bad["errors"][0]["message"]


def _ring_events() -> list[dict[str, Any]]:
    """Eight new clients praising three freelancers with small contracts in a fortnight."""
    ev: list[dict[str, Any]] = []
    for who, kind in [(f"rc{i}", "CLIENT") for i in range(8)] + [
        (f"rf{i}", "FREELANCER") for i in range(3)
    ]:
        ev.append({"type": "account", "id": who, "kind": kind, "name": f"Ring {who}",
                   "country": "PT", "created_at": "2024-03-01T00:00:00Z"})  # fmt: skip
    for c in range(8):
        for f in range(3):
            day = 2 + (c + f) % 12
            contract = f"rk-{c}-{f}"
            ev.append({"type": "contract", "id": contract, "client": f"rc{c}",
                       "freelancer": f"rf{f}", "amount": 15,
                       "started_at": f"2024-03-{day:02d}T00:00:00Z"})  # fmt: skip
            ev.append({"type": "feedback", "contract": contract, "from": f"rc{c}",
                       "to": f"rf{f}", "rating": 5,
                       "at": f"2024-03-{day + 1:02d}T00:00:00Z"})  # fmt: skip
    return ev


async def test_clusters_and_rings_open_by_id(
    store: CypherStore, settings: Settings, ingestor: Ingestor
) -> None:
    await ingestor.ingest(lines(_ring_events()))
    async with serving(store, settings, await _scored_duplicates(store, ingestor)) as api:
        mine = (await api.ask(FULL, {"id": "dup-a"}))["data"]["account"]["duplicateCluster"]
        by_id = await api.ask(
            "query($id: ID!) { duplicateCluster(id: $id) { id confidence members "
            "links { a b confidence evidence { kind } } } }",
            {"id": mine["id"]},
        )
        cluster = by_id["data"]["duplicateCluster"]
        assert cluster["members"] == mine["members"] == ["dup-a", "dup-b"]
        assert cluster["links"] and cluster["links"][0]["confidence"] > 0.9
        ring_of = await api.ask('{ account(id: "rf0") { rings { id members } } }')
        (ring,) = ring_of["data"]["account"]["rings"]
        found = await api.ask(
            "query($id: ID!) { feedbackRing(id: $id) { id size members } }", {"id": ring["id"]}
        )
        assert found["data"]["feedbackRing"]["members"] == ring["members"]
        assert {"rf0", "rc0"} <= set(ring["members"])
        for field in ("duplicateCluster", "feedbackRing"):
            missing = await api.ask(f'{{ {field}(id: "nope") {{ id }} }}')
            assert missing["data"][field] is None


async def test_search_finds_holders_of_a_typed_in_card_or_phone(
    store: CypherStore, settings: Settings, ingestor: Ingestor
) -> None:
    async with serving(store, settings, await _scored_duplicates(store, ingestor)) as api:
        search = "query($q: String!) { search(query: $q) { id } }"
        for typed in ("4000-0000-0000-0002", "+351 912 000 111"):
            hits = (await api.ask(search, {"q": typed}))["data"]["search"]
            assert {h["id"] for h in hits} == {"dup-a", "dup-b"}, typed
        nobody = (await api.ask(search, {"q": "9999 9999 9999 9999"}))["data"]["search"]
        assert nobody == []


async def test_graph_views_leave_crowded_things_out_unless_asked(
    store: CypherStore, settings: Settings, ingestor: Ingestor
) -> None:
    """Twelve strangers behind one office IP: no link between them by default."""
    office = []
    for i in range(12):
        office.append({"type": "account", "id": f"o{i}", "kind": "FREELANCER",
                       "name": f"Office {i}", "country": "PT",
                       "created_at": "2024-01-01T00:00:00Z"})  # fmt: skip
        office.append({"type": "login", "account": f"o{i}", "at": "2024-02-01T09:00:00Z",
                       "device": f"pc-{i}", "ip": "85.9.9.9", "country": "PT"})  # fmt: skip
    await ingestor.ingest(lines(office))
    async with serving(store, settings, await create_key(store, "investigator")) as api:
        near = (
            'query($crowded: Boolean!, $rel: [String!]) { neighborhood(accountId: "o0", '
            f"includeCrowded: $crowded, relations: $rel) {VIEW} }}"
        )
        alone = (await api.ask(near, {"crowded": False}))["data"]["neighborhood"]
        assert {n["kind"] for n in alone["nodes"]} == {"Account", "Device"}
        crowded = (await api.ask(near, {"crowded": True}))["data"]["neighborhood"]
        ip = [n for n in crowded["nodes"] if n["kind"] == "IP"]
        assert ip and ip[0]["holders"] == 12
        devices_only = await api.ask(near, {"crowded": True, "rel": ["USED_DEVICE"]})
        kinds = {n["kind"] for n in devices_only["data"]["neighborhood"]["nodes"]}
        assert kinds == {"Account", "Device"}
        path = (
            'query($crowded: Boolean!) { connection(from: "o0", to: "o1", '
            f"includeCrowded: $crowded) {VIEW} }}"
        )
        assert (await api.ask(path, {"crowded": False}))["data"]["connection"] is None
        through = (await api.ask(path, {"crowded": True}))["data"]["connection"]
        assert [n["kind"] for n in through["nodes"]] == ["Account", "IP", "Account"]
        bad = await api.ask(near, {"crowded": False, "rel": ["KNOWS"]})
        assert (
            code_of(bad) == "BAD_USER_INPUT" and "relations: some of" in bad["errors"][0]["message"]
        )
