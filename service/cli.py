"""The ``trustmesh`` command line.

Exit codes: 0 success; 1 finished but some input was rejected; 2 could not
run (bad configuration, store unreachable, unreadable file). Every error is
one line, ``where: what is wrong``, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from graph.errors import GraphError
from graph.model import Decision
from identity.errors import IdentityError
from service.errors import ServiceError
from service.ingest.pipeline import IngestReport
from service.ingest.types import Rejected
from service.keys import ROLES
from service.rejects import RejectSink
from service.settings import Settings
from service.threads import one_native_thread


def _interactive() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


async def ingest_files(
    settings: Settings, names: list[str], rejects: Path, quiet: bool
) -> IngestReport:
    from service.ingest.read import check_readable, damaged_inputs
    from service.runtime import make_ingestor, open_store

    check_readable(names)
    console = Console(stderr=True)
    sink = RejectSink(rejects, console)
    damaged = damaged_inputs(names)
    for name, why in damaged.items():
        sink(Rejected(name, why, b""))
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.completed:,.0f} events"),
        TextColumn("{task.fields[rate]:,.0f} events/s"),
        TextColumn("{task.fields[rejected]} rejected"),
        TimeElapsedColumn(),
        console=console,
        disable=quiet or not _interactive(),
    )
    started = time.monotonic()
    async with open_store(settings) as store:
        ingestor = make_ingestor(store, settings)
        with progress:
            task = progress.add_task("ingest", total=None, rate=0.0, rejected=0)

            def on_progress(accepted: int, rejected: int) -> None:
                done = progress.tasks[0].completed + accepted
                rate = done / max(time.monotonic() - started, 1e-9)
                progress.update(
                    task,
                    completed=done,
                    rate=rate,
                    rejected=progress.tasks[0].fields["rejected"] + rejected,
                )

            try:
                report = await ingestor.ingest_files(names, on_progress, sink)
            finally:
                sink.close()
    report.rejected += len(damaged)  # a damaged file is not all stored: exit 1
    return report


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    # the process id keeps two runs in the same second apart
    stamp = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
    rejects = args.rejects or settings.data_dir / "rejects" / f"ingest-{stamp}.jsonl"
    report = asyncio.run(ingest_files(settings, args.files, rejects, args.quiet))
    print(
        f"ingested {report.accepted} events, rejected {report.rejected}, "
        f"{report.events_per_second:,.0f} events/s"
    )
    return 1 if report.rejected else 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from service.demo.generator import generate

    events, accounts = generate(args.accounts, args.seed, args.out, args.portrait_share)
    print(f"wrote {events} events for {accounts} accounts to {args.out}")
    return 0


def cmd_schema(args: argparse.Namespace, settings: Settings) -> int:
    from service.events import json_schema

    if args.events:
        args.events.write_text(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    if args.graphql:
        from service.api.schema import schema_sdl

        args.graphql.write_text(schema_sdl())
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from service.api.server import run

    run(
        settings,
        host=args.host or settings.host,
        port=args.port or settings.port,
        demo=args.demo,
        dev=args.dev,
        workers=args.workers,
    )
    return 0


def cmd_rescore(args: argparse.Namespace, settings: Settings) -> int:
    from service.rescore import rescore
    from service.runtime import open_store

    console = Console(stderr=True)

    async def go() -> None:
        async with open_store(settings) as store:
            with console.status("rescore", spinner="dots") as status:
                report = await rescore(store, on_stage=lambda s: status.update(f"rescore: {s}"))
        print(
            f"rescored {report.accounts} accounts: {report.clusters} duplicate clusters, "
            f"{report.rings} rings"
        )
        for stage, seconds in report.timings.items():
            print(f"  {stage:14s} {seconds:8.2f}s")

    asyncio.run(go())
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from service.batch import export_scores
    from service.runtime import open_store

    async def go() -> int:
        async with open_store(settings) as store:
            return await export_scores(store, args.out)

    print(f"exported {asyncio.run(go())} scores to {args.out}")
    return 0


def cmd_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from service.batch import evaluate
    from service.runtime import open_store

    async def go() -> str:
        async with open_store(settings) as store:
            return await evaluate(store, args.labels)

    print(asyncio.run(go()))
    return 0


def cmd_verdict(args: argparse.Namespace, settings: Settings) -> int:
    from service.batch import record_verdict
    from service.runtime import open_store

    decision = Decision.CONFIRMED if args.confirm else Decision.DISMISSED

    async def go() -> None:
        async with open_store(settings) as store:
            await record_verdict(
                store, args.account, args.code, args.evidence, decision, args.note, args.by
            )

    asyncio.run(go())
    print(f"{decision.lower()} {args.code} for {args.account} ({args.evidence})")
    return 0


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
                disable=not _interactive(),
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
    from service.runtime import open_store
    from service.works import MAX_SOURCE, add_work_images, read_pictures

    source = args.source.strip()
    if not 1 <= len(source) <= MAX_SOURCE:
        raise ServiceError(f"--source: 1 to {MAX_SOURCE} characters")

    async def go() -> int:
        async with open_store(settings) as store:
            return await add_work_images(
                store, read_pictures(args.paths), source,
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


def cmd_evaluate_images(args: argparse.Namespace, settings: Settings) -> int:
    from identity.evaluation import evaluate, format_report
    from service.imagesets import read_image_folder

    known, unknown, photos = read_image_folder(args.folder, settings)
    print(f"{len(known)} known logos, {len(unknown)} unknown logos, {len(photos)} photos")
    print(format_report(evaluate(known, unknown, photos)))
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="trustmesh", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    ingest = sub.add_parser("ingest", help="load JSONL events (plain, .gz or - for stdin)")
    ingest.add_argument("files", nargs="+", help="JSONL files; - reads standard input")
    ingest.add_argument("--rejects", type=Path, help="where rejected lines go (JSONL, 0600)")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest.set_defaults(func=cmd_ingest)

    demo = sub.add_parser("demo", help="write a synthetic marketplace with ground-truth labels")
    demo.add_argument("--accounts", type=int, default=2000)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--out", type=Path, required=True)
    demo.add_argument(
        "--portrait-share",
        type=float,
        default=0.04,
        help="share of ordinary accounts that upload a portrait",
    )
    demo.set_defaults(func=cmd_demo)

    schema = sub.add_parser("schema", help="export schema.graphql and the events JSON Schema")
    schema.add_argument("--graphql", type=Path)
    schema.add_argument("--events", type=Path)
    schema.set_defaults(func=cmd_schema)

    rescore = sub.add_parser("rescore", help="nightly batch: run every detector, store scores")
    rescore.set_defaults(func=cmd_rescore)

    export = sub.add_parser("export", help="write stored scores as JSON Lines")
    export.add_argument("--out", type=Path, required=True)
    export.set_defaults(func=cmd_export)

    evaluate = sub.add_parser("evaluate", help="detection quality against demo labels")
    evaluate.add_argument("--labels", type=Path, required=True)
    evaluate.set_defaults(func=cmd_evaluate)

    verdict = sub.add_parser("verdict", help="dismiss (default) or confirm a finding")
    verdict.add_argument("account")
    verdict.add_argument("code", help="reason code, e.g. DUPLICATE_ACCOUNT")
    verdict.add_argument("evidence", help="the evidence id (e.g. the other account)")
    verdict.add_argument("--confirm", action="store_true")
    verdict.add_argument("--note", default="")
    verdict.add_argument("--by", default="cli")
    verdict.set_defaults(func=cmd_verdict)

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

    images = sub.add_parser(
        "evaluate-images", help="measure the portrait checks on known_logos/ unknown_logos/ photos/"
    )
    images.add_argument("folder", type=Path)
    images.set_defaults(func=cmd_evaluate_images)

    serve = sub.add_parser("serve", help="run the GraphQL API")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--demo", action="store_true", help="load a demo marketplace if empty")
    serve.add_argument("--dev", action="store_true", help="GraphiQL and introspection on")
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    one_native_thread()
    try:
        settings = Settings()
        code: int = args.func(args, settings)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            name = "TRUSTMESH_" + "_".join(str(p) for p in error["loc"]).upper()
            print(f"trustmesh: {name}: {error['msg']}", file=sys.stderr)
        return 2
    except (GraphError, IdentityError, ServiceError) as exc:
        print(f"trustmesh: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("trustmesh: interrupted; re-run the same command to finish", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":
    raise SystemExit(main())
