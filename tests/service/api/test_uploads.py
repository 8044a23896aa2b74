"""Multipart uploads (GraphQL multipart request spec) with real images."""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import httpx
from PIL import Image

from graph.store import CypherStore
from service.demo.images import encode, logo, photo
from service.keys import create_key
from service.settings import Settings
from tests.service.api.client import Api, serving

PORTRAIT = (
    'mutation($file: Upload!) { uploadPortrait(accountId: "fl-7", file: $file) '
    "{ accountId received } }"
)
LOGO = (
    "mutation($file: Upload!, $brand: String!) { registerLogo(file: $file, brand: $brand) "
    "{ brand signatures } }"
)


async def upload(
    api: Api, query: str, data: bytes, key: str, variables: dict[str, Any] | None = None
) -> httpx.Response:
    operations = {"query": query, "variables": {"file": None, **(variables or {})}}
    return await api.http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": ("picture.jpg", data, "application/octet-stream")},
        headers=api.headers(key),
    )


async def test_upload_portrait_stores_hashes_and_refuses_broken_images(
    store: CypherStore, settings: Settings
) -> None:
    keys = {r: await create_key(store, r) for r in ("ingest", "frontend")}
    picture = encode(photo(7), "JPEG")
    async with serving(store, settings) as api:
        denied = (await upload(api, PORTRAIT, picture, keys["frontend"])).json()
        assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        stored = await upload(api, PORTRAIT, picture, keys["ingest"])
        assert stored.status_code == 200, stored.text
        assert stored.json()["data"]["uploadPortrait"] == {"accountId": "fl-7", "received": True}
        assert (await store.counts()).get("Portrait") == 1
        for broken, says in (
            (b"", "empty"),
            (b"GIF89a this is not really a gif", "not an image"),
            (picture[: len(picture) // 2], "truncated"),
            (b"\xff" * (settings.max_portrait_bytes + 10), "limit"),
        ):
            reply = (await upload(api, PORTRAIT, broken, keys["ingest"])).json()
            error = reply["errors"][0]
            assert error["extensions"]["code"] == "BAD_USER_INPUT", reply
            assert error["message"].startswith("file: ") and says in error["message"].lower()
        assert (await store.counts()).get("Portrait") == 1  # nothing stored for them
    # hashes, the verdict and a 64-pixel preview are kept: nothing else could hold the picture
    dump = await store.dump()
    sizes = [len(repr(v)) for _, props in dump.nodes for name, v in props if name != "thumb"]
    assert max(sizes) < len(picture) / 4
    (thumb,) = [v for _, props in dump.nodes for name, v in props if name == "thumb"]
    assert max(Image.open(io.BytesIO(base64.b64decode(thumb))).size) == 64


async def test_previews_can_be_turned_off(store: CypherStore, settings: Settings) -> None:
    key = await create_key(store, "ingest")
    hashes_only = settings.model_copy(update={"portrait_thumbnails": False})
    async with serving(store, hashes_only) as api:
        stored = await upload(api, PORTRAIT, encode(photo(7), "JPEG"), key)
        assert stored.json()["data"]["uploadPortrait"]["received"] is True
    dump = await store.dump()
    assert [v for _, props in dump.nodes for name, v in props if name == "thumb"] == [""]


async def test_register_logo_and_create_keys_are_admin_only(
    store: CypherStore, settings: Settings
) -> None:
    keys = {r: await create_key(store, r) for r in ("admin", "investigator")}
    mark = encode(logo(3), "PNG")
    async with serving(store, settings) as api:
        variables = {"brand": "Acme Rockets"}
        denied = (await upload(api, LOGO, mark, keys["investigator"], variables)).json()
        assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        added = (await upload(api, LOGO, mark, keys["admin"], variables)).json()
        assert added["data"]["registerLogo"]["brand"] == "Acme Rockets"
        assert added["data"]["registerLogo"]["signatures"] >= 4
        assert {row.brand for row in await store.logos()} == {"Acme Rockets"}
        blank = (await upload(api, LOGO, mark, keys["admin"], {"brand": "  "})).json()
        assert blank["errors"][0]["message"].startswith("brand:")
        junk = (await upload(api, LOGO, b"<svg>", keys["admin"], variables)).json()
        assert junk["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

        made = await api.ask(
            'mutation { createApiKey(role: "frontend", name: "web") { id role key } }',
            key=keys["admin"],
        )
        new_key = made["data"]["createApiKey"]["key"]
        badge = await api.ask('{ trustBadge(accountId: "x") { band } }', key=new_key)
        assert badge == {"data": {"trustBadge": None}}
        wrong = await api.ask('mutation { createApiKey(role: "root") { key } }', key=keys["admin"])
        assert wrong["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

        listed = (await api.ask("{ apiKeys { id role name } }", key=keys["admin"]))["data"]
        web = next(k for k in listed["apiKeys"] if k["name"] == "web")
        assert web == {"id": made["data"]["createApiKey"]["id"], "role": "frontend", "name": "web"}
        assert new_key not in repr(listed)  # listed by id, never by the key
        revoke = "mutation($id: String!) { revokeApiKey(id: $id) }"
        assert (await api.ask(revoke, {"id": web["id"]}, keys["admin"]))["data"] == {
            "revokeApiKey": True
        }
        assert (await api.ask(revoke, {"id": web["id"]}, keys["admin"]))["data"] == {
            "revokeApiKey": False
        }
        gone = await api.ask('{ trustBadge(accountId: "x") { band } }', key=new_key)
        assert gone["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        config = (await api.ask("{ configuration { name value } }", key=keys["admin"]))["data"]
        values = {c["name"]: c["value"] for c in config["configuration"]}
        assert values["TRUSTMESH_SECRET"] == "(set)" and settings.hashing_secret().decode() not in (
            repr(config)
        )
        assert values["TRUSTMESH_RATE_LIMIT"] == str(settings.rate_limit)
        denied_config = await api.ask("{ configuration { name } }", key=keys["investigator"])
        assert denied_config["errors"][0]["extensions"]["code"] == "FORBIDDEN"


PORTFOLIO = (
    'mutation($file: Upload!) { uploadPortfolioItem(accountId: "fl-7", itemId: "pf-1", '
    'file: $file, title: "Poster") { accountId itemId received } }'
)
WORKS = (
    "mutation($files: [Upload!]!, $source: String!) { registerWork(files: $files, source: $source) "
    "{ source works } }"
)


async def upload_many(
    api: Api, pictures: list[bytes], key: str, variables: dict[str, Any]
) -> httpx.Response:
    operations = {"query": WORKS, "variables": {"files": [None] * len(pictures), **variables}}
    return await api.http.post(
        "/graphql",
        data={
            "operations": json.dumps(operations),
            "map": json.dumps({str(i): [f"variables.files.{i}"] for i in range(len(pictures))}),
        },
        files={str(i): (f"w{i}.png", data, "image/png") for i, data in enumerate(pictures)},
        headers=api.headers(key),
    )


async def test_portfolio_items_and_the_work_registry(
    store: CypherStore, settings: Settings
) -> None:
    keys = {r: await create_key(store, r) for r in ("ingest", "admin", "investigator")}
    async with serving(store, settings) as api:
        item = await upload(api, PORTFOLIO, encode(photo(8), "PNG"), keys["ingest"])
        assert item.json()["data"]["uploadPortfolioItem"]["received"] is True
        again = await upload(api, PORTFOLIO, encode(photo(9), "PNG"), keys["ingest"])
        assert again.status_code == 200  # the same id replaces the item
        assert (await store.counts()).get("PortfolioItem") == 1
        broken = (await upload(api, PORTFOLIO, b"GIF89a nope", keys["ingest"])).json()
        assert broken["errors"][0]["message"].startswith("file: ")

        works = [encode(photo(10), "PNG"), encode(photo(11), "PNG")]
        source = {"source": "Acme Stock"}
        denied = (await upload_many(api, works, keys["investigator"], source)).json()
        assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        added = (await upload_many(api, works, keys["admin"], source)).json()
        assert added["data"]["registerWork"] == {"source": "Acme Stock", "works": 2}
        # one unusable picture: nothing of the upload is stored
        mixed = (await upload_many(api, [works[0], b"junk"], keys["admin"], source)).json()
        assert mixed["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert "w1.png" in mixed["errors"][0]["message"]
        blank = (await upload_many(api, works, keys["admin"], {"source": " "})).json()
        assert blank["errors"][0]["message"].startswith("source:")
        listed = await api.ask("{ workSources { source works } }", key=keys["admin"])
        assert listed["data"]["workSources"] == [{"source": "Acme Stock", "works": 2}]

        # investigators open what COPIED_PORTFOLIO and PADDED_HOURS name
        logged = await api.ask(
            "mutation($e: [EventInput!]!) { ingestEvents(events: $e) { accepted } }",
            {"e": [
                {"type": "account", "id": "fl-7", "kind": "FREELANCER", "name": "Ana Lima",
                 "country": "PT", "createdAt": "2024-01-01T00:00:00Z"},
                {"type": "contract", "id": "ct-9", "client": "cl-9", "freelancer": "fl-7",
                 "amount": 100.0, "startedAt": "2024-02-01T00:00:00Z"},
                {"type": "time_log", "id": "tl-9", "contract": "ct-9", "freelancer": "fl-7",
                 "start": "2024-01-30T09:00:00Z", "end": "2024-01-30T12:30:00Z", "manual": True},
            ]},
            keys["ingest"],
        )  # fmt: skip
        assert logged["data"]["ingestEvents"]["accepted"] == 3, logged
        page = await api.ask(
            '{ account(id: "fl-7") { portfolio { id title } '
            "timeLogs { id contract hours manual contractStart } } }",
            key=keys["investigator"],
        )
        account = page["data"]["account"]
        assert account["portfolio"] == [{"id": "pf-1", "title": "Poster"}]
        (log,) = account["timeLogs"]
        assert log["id"] == "tl-9" and log["hours"] == 3.5 and log["manual"] is True
        assert log["contractStart"].startswith("2024-02-01")
