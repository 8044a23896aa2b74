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
from service.admin_cli import add_admin_commands, interactive
from service.errors import ServiceError
from service.hooks_cli import add_hook_commands
from service.ingest.pipeline import IngestReport
from service.ingest.types import Rejected
from service.rejects import RejectSink
from service.settings import Settings
from service.threads import one_native_thread


def count(text: str) -> int:
    """An argparse type: a whole number of at least one."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


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
        disable=quiet or not interactive(),
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

    events, accounts = generate(
        args.accounts, args.seed, args.out, args.portrait_share, workers=args.workers
    )
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


def cmd_evaluate_images(args: argparse.Namespace, settings: Settings) -> int:
    from identity.evaluation import evaluate, format_report
    from service.imagesets import read_image_folder

    known, unknown, photos = read_image_folder(args.folder, settings)
    print(f"{len(known)} known logos, {len(unknown)} unknown logos, {len(photos)} photos")
    print(format_report(evaluate(known, unknown, photos)))
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
    demo.add_argument("--accounts", type=count, default=2000)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--out", type=Path, required=True)
    demo.add_argument(
        "--portrait-share",
        type=float,
        default=0.04,
        help="share of ordinary accounts that upload a portrait",
    )
    demo.add_argument(
        "--workers",
        type=count,
        default=None,
        help="processes rendering portfolio pictures (default: one per core)",
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

    add_admin_commands(sub)
    add_hook_commands(sub)

    images = sub.add_parser(
        "evaluate-images", help="measure the portrait checks on known_logos/ unknown_logos/ photos/"
    )
    images.add_argument("folder", type=Path)
    images.set_defaults(func=cmd_evaluate_images)

    serve = sub.add_parser("serve", help="run the GraphQL API")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=count, default=1)
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
            message = error["msg"].removeprefix("Value error, ")  # a validator's own words
            print(f"trustmesh: {name}: {message}", file=sys.stderr)
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
