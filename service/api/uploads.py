"""File uploads (GraphQL multipart request spec): portraits (logos: admin.py).

Uploads are read with a hard cap (the portrait size limit) so a huge part
never sits in memory whole, then go through the same validation as the CLI:
a portrait becomes an ordinary ``portrait`` event, a logo the same signatures
``trustmesh logos add`` stores. A broken image is BAD_USER_INPUT naming the
``file`` argument; nothing is stored for it.

Multipart is off in strawberry by default because a form post needs no CORS
preflight (a CSRF risk for cookie sessions). trustmesh authenticates with a
Bearer header, which a cross-site form cannot send, so enabling it is safe.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from service.api.context import Context
from service.api.permissions import INGESTERS, bad_input
from service.settings import Settings


async def read_upload(file: Upload, limit: int) -> bytes:
    read = getattr(file, "read", None)
    if read is None:
        raise bad_input("file: expected a multipart file part")
    data: bytes = await read(limit + 1)
    if len(data) > limit:
        raise bad_input(f"file: larger than the {limit}-byte limit")
    return data


async def _ingest_picture(info: Info[Context, None], file: Upload, event: dict[str, str]) -> None:
    """``event`` with the uploaded picture, stamped now, through the same
    validation and idempotency as a line of the CLI's JSONL."""
    settings: Settings = info.context.settings
    data = await read_upload(file, settings.max_portrait_bytes)
    event = {**event, "at": datetime.now(tz=UTC).isoformat(),
             "data": base64.b64encode(data).decode()}  # fmt: skip
    rejected = await info.context.ingestor.ingest_one("file", event)
    if rejected is not None:
        raise bad_input("file: " + rejected.removeprefix("data: "))


@strawberry.type
class PortraitReceipt:
    account_id: strawberry.ID
    received: bool


MAX_TITLE = 500  # a portfolio item's title, as the event format allows


@strawberry.type
class PortfolioReceipt:
    account_id: strawberry.ID
    item_id: strawberry.ID
    received: bool


@strawberry.type
class UploadMutation:
    @strawberry.mutation(
        permission_classes=INGESTERS,
        description="An account's profile picture (JPEG, PNG, WebP or GIF), as a file part.",
    )
    async def upload_portrait(
        self, info: Info[Context, None], account_id: strawberry.ID, file: Upload
    ) -> PortraitReceipt:
        await _ingest_picture(info, file, {"type": "portrait", "account": str(account_id)})
        return PortraitReceipt(account_id=account_id, received=True)

    @strawberry.mutation(
        permission_classes=INGESTERS,
        description="A picture of work an account shows in its portfolio, as a file part; "
        "hashed, never stored. Sent again under the same id, it replaces the item.",
    )
    async def upload_portfolio_item(
        self,
        info: Info[Context, None],
        account_id: strawberry.ID,
        item_id: strawberry.ID,
        file: Upload,
        title: str | None = None,
    ) -> PortfolioReceipt:
        if title is not None and len(title) > MAX_TITLE:
            raise bad_input(f"title: at most {MAX_TITLE} characters")
        item = {"type": "portfolio", "id": str(item_id), "account": str(account_id)}
        await _ingest_picture(info, file, item | ({} if title is None else {"title": title}))
        return PortfolioReceipt(account_id=account_id, item_id=item_id, received=True)
