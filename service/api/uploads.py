"""File uploads (GraphQL multipart request spec): portraits and logos.

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
import json
from datetime import UTC, datetime
from typing import Any

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from identity.errors import PortraitError
from service.api.permissions import Admins, Ingesters, bad_input
from service.ingest import Line
from service.keys import ROLES, create_key
from service.logos import add_logo_images
from service.settings import Settings

MAX_BRAND = 100


async def _read(file: Upload, limit: int) -> bytes:
    read = getattr(file, "read", None)
    if read is None:
        raise bad_input("file: expected a multipart file part")
    data: bytes = await read(limit + 1)
    if len(data) > limit:
        raise bad_input(f"file: larger than the {limit}-byte limit")
    return data


@strawberry.type
class PortraitReceipt:
    account_id: strawberry.ID
    received: bool


@strawberry.type
class LogoRegistration:
    brand: str
    signatures: int = strawberry.field(description="Hashes stored for this picture's variants.")


@strawberry.type
class NewApiKey:
    role: str
    key: str = strawberry.field(description="Shown once; only its hash is stored.")


@strawberry.type
class UploadMutation:
    @strawberry.mutation(
        permission_classes=[Ingesters],
        description="An account's profile picture (JPEG, PNG, WebP or GIF), as a file part.",
    )
    async def upload_portrait(
        self, info: Info[dict[str, Any], None], account_id: strawberry.ID, file: Upload
    ) -> PortraitReceipt:
        settings: Settings = info.context["settings"]
        data = await _read(file, settings.max_portrait_bytes)
        event = {
            "type": "portrait", "account": str(account_id),
            "at": datetime.now(tz=UTC).isoformat(), "data": base64.b64encode(data).decode(),
        }  # fmt: skip
        report = await info.context["ingestor"].ingest(
            [Line("file", json.dumps(event))], keep_rejects=True
        )
        if report.rejects:
            reason = report.rejects[0].reason
            raise bad_input("file: " + reason.removeprefix("data: "))
        return PortraitReceipt(account_id=account_id, received=True)


@strawberry.type
class AdminMutation:
    @strawberry.mutation(
        permission_classes=[Admins],
        description="Register a brand's logo picture; portraits matching it become "
        "LOGO_PORTRAIT at the next rescore.",
    )
    async def register_logo(
        self, info: Info[dict[str, Any], None], file: Upload, brand: str
    ) -> LogoRegistration:
        brand = brand.strip()
        if not 1 <= len(brand) <= MAX_BRAND:
            raise bad_input(f"brand: 1 to {MAX_BRAND} characters")
        settings: Settings = info.context["settings"]
        data = await _read(file, settings.max_portrait_bytes)
        name = getattr(file, "filename", None) or "upload"
        try:
            stored = await add_logo_images(
                info.context["store"], [(f"upload:{name}", data)], brand,
                settings.max_portrait_bytes, settings.max_portrait_pixels,
            )  # fmt: skip
        except PortraitError as exc:
            raise bad_input(f"file: {exc}") from None
        return LogoRegistration(brand=brand, signatures=stored)

    @strawberry.mutation(
        permission_classes=[Admins], description=f"A new API key for one of: {', '.join(ROLES)}."
    )
    async def create_api_key(
        self, info: Info[dict[str, Any], None], role: str, name: str = ""
    ) -> NewApiKey:
        if role not in ROLES:
            raise bad_input(f"role: one of {', '.join(ROLES)}, got {role!r}")
        return NewApiKey(role=role, key=await create_key(info.context["store"], role, name[:200]))
