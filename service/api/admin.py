"""The admin role: the logo and work registries, API keys, and the running configuration.

Keys are listed by id (the first 12 hex digits of their hash), never by the
key itself, which is shown once when created. The configuration is shown
without its secrets.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from identity.errors import PortraitError
from service.api.context import Context
from service.api.evidence import when
from service.api.permissions import ADMINS, bad_input, refusing
from service.api.uploads import read_upload
from service.erasure import erase
from service.errors import InputFileError
from service.keys import ROLES, create_key, key_id
from service.logos import add_logo_images
from service.settings import Settings
from service.works import MAX_SOURCE, add_work_images

MAX_BRAND = 100
MAX_WORK_FILES = 50  # pictures in one registration


@strawberry.type
class LogoRegistration:
    brand: str
    signatures: int = strawberry.field(description="Hashes stored for this picture's variants.")


@strawberry.type
class WorkRegistration:
    source: str
    works: int = strawberry.field(description="Pictures registered from this upload.")


@strawberry.type
class WorkSource:
    source: str
    works: int
    added_at: datetime | None = strawberry.field(description="The latest registration.")


@strawberry.type
class NewApiKey:
    id: str
    role: str
    key: str = strawberry.field(description="Shown once; only its hash is stored.")


@strawberry.type(description="Accounts erased, and 'ids[i]: …' for each id that is none.")
class Erasure:
    erased: list[strawberry.ID]
    errors: list[str]


@strawberry.type
class ApiKey:
    id: str = strawberry.field(description="The first 12 hex digits of the key's hash.")
    role: str
    name: str
    created_at: datetime | None


@strawberry.type
class Setting:
    name: str = strawberry.field(description="The TRUSTMESH_* variable.")
    value: str | None


@strawberry.type
class AdminQuery:
    @strawberry.field(permission_classes=ADMINS, description="Every API key, oldest first.")
    async def api_keys(self, info: Info[Context, None]) -> list[ApiKey]:
        return [
            ApiKey(id=k.id, role=k.role, name=k.name, created_at=when(k.created_at))
            for k in await info.context.store.api_keys()
        ]

    @strawberry.field(permission_classes=ADMINS, description="Registered stock and template work.")
    async def work_sources(self, info: Info[Context, None]) -> list[WorkSource]:
        return [
            WorkSource(source=s.source, works=s.works, added_at=when(s.added_at))
            for s in await info.context.store.work_sources()
        ]

    @strawberry.field(
        permission_classes=ADMINS,
        description="The settings this server runs with; secrets hidden.",
    )
    def configuration(self, info: Info[Context, None]) -> list[Setting]:
        settings: Settings = info.context.settings
        return [
            Setting(name=f"TRUSTMESH_{name.upper()}", value=value)
            for name, value in settings.public_view().items()
        ]


@strawberry.type
class AdminMutation:
    @strawberry.mutation(
        permission_classes=ADMINS,
        description="Register a brand's logo picture; portraits matching it become "
        "LOGO_PORTRAIT at the next rescore.",
    )
    async def register_logo(
        self, info: Info[Context, None], file: Upload, brand: str
    ) -> LogoRegistration:
        brand = brand.strip()
        if not 1 <= len(brand) <= MAX_BRAND:
            raise bad_input(f"brand: 1 to {MAX_BRAND} characters")
        settings: Settings = info.context.settings
        data = await read_upload(file, settings.max_portrait_bytes)
        name = getattr(file, "filename", None) or "upload"
        try:
            stored = await add_logo_images(
                info.context.store, [(f"upload:{name}", data)], brand,
                settings.max_portrait_bytes, settings.max_portrait_pixels,
            )  # fmt: skip
        except PortraitError as exc:
            raise bad_input(f"file: {exc}") from None
        return LogoRegistration(brand=brand, signatures=stored)

    @strawberry.mutation(
        permission_classes=ADMINS,
        description="Register pictures of known stock or template work from one source; "
        "portfolio items that show one become COPIED_PORTFOLIO at the next rescore.",
    )
    async def register_work(
        self,
        info: Info[Context, None],
        files: list[Upload],
        # "source" is the permission extension's own argument name: renamed here only
        named: Annotated[str, strawberry.argument(name="source")],
    ) -> WorkRegistration:
        source = named.strip()
        if not 1 <= len(source) <= MAX_SOURCE:
            raise bad_input(f"source: 1 to {MAX_SOURCE} characters")
        if not 1 <= len(files) <= MAX_WORK_FILES:
            raise bad_input(f"files: 1 to {MAX_WORK_FILES} pictures")
        settings: Settings = info.context.settings
        pictures = [
            (
                f"upload:{getattr(f, 'filename', None) or i}",
                await read_upload(f, settings.max_portrait_bytes),
            )
            for i, f in enumerate(files)
        ]
        try:
            stored = await add_work_images(
                info.context.store, pictures, source,
                settings.max_portrait_bytes, settings.max_portrait_pixels,
            )  # fmt: skip
        except InputFileError as exc:
            raise bad_input(f"files: {exc}") from None
        return WorkRegistration(source=source, works=stored)

    @strawberry.mutation(
        permission_classes=ADMINS, description=f"A new API key for one of: {', '.join(ROLES)}."
    )
    async def create_api_key(
        self, info: Info[Context, None], role: str, name: str = ""
    ) -> NewApiKey:
        if role not in ROLES:
            raise bad_input(f"role: one of {', '.join(ROLES)}, got {role!r}")
        key = await create_key(info.context.store, role, name[:200])
        return NewApiKey(id=key_id(key), role=role, key=key)

    @strawberry.mutation(
        permission_classes=ADMINS, description="Delete a key by its id; false if unknown."
    )
    async def revoke_api_key(self, info: Info[Context, None], id: str) -> bool:
        revoked = bool(await info.context.store.revoke_api_key(id.strip()))
        info.context.roles.clear()  # the revoked key stops working at once
        return revoked

    @strawberry.mutation(
        permission_classes=ADMINS,
        description="Erase accounts' personal data on a person's request (docs/PRIVACY.md); "
        "audited on each account's trail.",
    )
    async def erase_accounts(
        self, info: Info[Context, None], ids: list[strawberry.ID], reason: str
    ) -> Erasure:
        done = await refusing(erase(info.context.store, [str(i) for i in ids],
                                    info.context.actor, reason))  # fmt: skip
        return Erasure(erased=[strawberry.ID(a) for a in done.erased], errors=done.errors)
