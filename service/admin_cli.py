"""The CLI's admin commands: the logo and work registries, API keys, and
erasing accounts' personal data."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import Progress, TextColumn, TimeElapsedColumn

from service.errors import ServiceError
from service.keys import ROLES
from service.settings import Settings


def interactive() -> bool:
    """Whether progress bars have a person to show them to."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def cmd_logos_seed(args: argparse.Namespace, settings: Settings) -> int:
    from service.logos import seed_registry
    from service.runtime import open_store

    console = Console(stderr=True)

    async def go() -> int:
        async with open_store(settings) as store:
            with Progress(
                TextColumn("{task.completed}/{task.total} brands"),
                TimeElapsedColumn(),
                console=console,
                disable=not interactive(),
            ) as progress:
                task = progress.add_task("seed", total=None)
                return await seed_registry(
                    store,
                    args.limit,
                    lambda done, total: progress.update(task, completed=done, total=total),
                )

    print(f"registered {asyncio.run(go())} brands from simple-icons")
    return 0


def cmd_logos_add(args: argparse.Namespace, settings: Settings) -> int:
    from service.logos import add_logo_files
    from service.runtime import open_store

    async def go() -> int:
        async with open_store(settings) as store:
            return await add_logo_files(
                store,
                args.paths,
                args.brand,
                settings.max_portrait_bytes,
                settings.max_portrait_pixels,
            )

    signatures = asyncio.run(go())
    print(f"registered {len(args.paths)} picture(s) for {args.brand} ({signatures} signatures)")
    return 0


def cmd_works_add(args: argparse.Namespace, settings: Settings) -> int:
    from service.imagesets import read_files
    from service.runtime import open_store
    from service.works import MAX_SOURCE, add_work_images

    source = args.source.strip()
    if not 1 <= len(source) <= MAX_SOURCE:
        raise ServiceError(f"--source: 1 to {MAX_SOURCE} characters")

    async def go() -> int:
        async with open_store(settings) as store:
            return await add_work_images(
                store, read_files(args.paths), source,
                settings.max_portrait_bytes, settings.max_portrait_pixels,
            )  # fmt: skip

    print(f"registered {asyncio.run(go())} work(s) from {source}")
    return 0


def cmd_works_list(args: argparse.Namespace, settings: Settings) -> int:
    from service.runtime import open_store

    async def go() -> list[tuple[str, int]]:
        async with open_store(settings) as store:
            return [(s.source, s.works) for s in await store.work_sources()]

    for source, works in asyncio.run(go()):
        print(f"{works:8d}  {source}")
    return 0


def cmd_keys_create(args: argparse.Namespace, settings: Settings) -> int:
    from service.keys import create_key
    from service.runtime import open_store

    async def go() -> str:
        async with open_store(settings) as store:
            return await create_key(store, args.role, args.name)

    key = asyncio.run(go())
    print(key)
    print(f"({args.role} key; shown once, only its hash is stored)", file=sys.stderr)
    return 0


def cmd_keys_list(args: argparse.Namespace, settings: Settings) -> int:
    from service.runtime import open_store

    async def go() -> list[str]:
        async with open_store(settings) as store:
            return [f"{k.id}  {k.role:12s}  {k.name}" for k in await store.api_keys()]

    for line in asyncio.run(go()):
        print(line)
    return 0


def cmd_keys_revoke(args: argparse.Namespace, settings: Settings) -> int:
    from service.runtime import open_store

    async def go() -> bool:
        async with open_store(settings) as store:
            return await store.revoke_api_key(args.id)

    if not asyncio.run(go()):
        print(f"{args.id}: no such key id (see `trustmesh keys list`)", file=sys.stderr)
        return 1
    print(f"revoked {args.id}")
    return 0


def by_whom(args: argparse.Namespace) -> str:
    """Who an admin command's change is attributed to: ``--by``, or the login."""
    return str(args.by or f"cli:{getpass.getuser()}")


def cmd_erase(args: argparse.Namespace, settings: Settings) -> int:
    from service.erasure import erase
    from service.runtime import open_store

    who = by_whom(args)

    async def go() -> tuple[list[str], list[str]]:
        async with open_store(settings) as store:
            done = await erase(store, args.ids, who, args.reason)
            return done.erased, done.errors

    erased, errors = asyncio.run(go())
    for error in errors:
        print(f"trustmesh: {error}", file=sys.stderr)
    print(f"erased {len(erased)} account(s): {' '.join(erased)}" if erased else "erased nothing")
    return 1 if errors else 0


def add_admin_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    logos = sub.add_parser("logos", help="the logo registry").add_subparsers(
        dest="logos_command", required=True
    )
    seed = logos.add_parser("seed", help="register the simple-icons brand set")
    seed.add_argument("--limit", type=int, help="only the first N brands (by slug)")
    seed.set_defaults(func=cmd_logos_seed)
    add = logos.add_parser("add", help="register pictures of a brand's logo")
    add.add_argument("paths", nargs="+", type=Path)
    add.add_argument("--brand", required=True)
    add.set_defaults(func=cmd_logos_add)

    works = sub.add_parser("works", help="the registry of stock and template work").add_subparsers(
        dest="works_command", required=True
    )
    add_works = works.add_parser("add", help="register pictures of known work from one source")
    add_works.add_argument("paths", nargs="+", type=Path)
    add_works.add_argument("--source", required=True, help="e.g. the stock site or template pack")
    add_works.set_defaults(func=cmd_works_add)
    works.add_parser("list", help="registered sources and their works").set_defaults(
        func=cmd_works_list
    )

    keys = sub.add_parser("keys", help="API keys").add_subparsers(
        dest="keys_command", required=True
    )
    create = keys.add_parser("create", help="create a key for a role; prints it once")
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--name", default="")
    create.set_defaults(func=cmd_keys_create)
    keys.add_parser("list", help="list keys by id, role and name").set_defaults(func=cmd_keys_list)
    revoke = keys.add_parser("revoke", help="delete a key by the id `keys list` shows")
    revoke.add_argument("id")
    revoke.set_defaults(func=cmd_keys_revoke)

    erase = sub.add_parser("erase", help="erase accounts' personal data (docs/PRIVACY.md)")
    erase.add_argument("ids", nargs="+", metavar="ACCOUNT")
    erase.add_argument("--reason", required=True, help="why: the request's reference, say")
    erase.add_argument("--by", help="who asks (default cli:<login name>)")
    erase.set_defaults(func=cmd_erase)
