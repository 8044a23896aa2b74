"""The CLI's ``webhooks`` and ``lists`` commands (admin work, on the local store).

Changes are attributed to ``--by`` (default: ``cli:`` and the login name)
on the admin trails that ``webhooks audit`` and ``lists audit`` print.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from graph.store import GraphStore
from identity.pii import PiiHasher
from service.admin_cli import by_whom as _by
from service.errors import ServiceError
from service.settings import Settings

T = TypeVar("T")


def _with_store(settings: Settings, work: Callable[[GraphStore], Awaitable[T]]) -> T:
    from service.runtime import open_store

    async def go() -> T:
        async with open_store(settings) as store:
            return await work(store)

    return asyncio.run(go())


def _when(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%d %H:%M:%S")


def _order(parallel: int) -> str:
    return f"  ({parallel} in flight, in order per account)" if parallel > 1 else ""


def cmd_webhooks_add(args: argparse.Namespace, settings: Settings) -> int:
    from service.webhooks.secrets import SecretBox
    from service.webhooks.subscriptions import add_subscription

    box = SecretBox(settings.hashing_secret())
    events = args.events.split(",")
    sub, secret = _with_store(
        settings,
        lambda s: add_subscription(
            s, box, args.url, events, _by(args), args.secret, args.description, args.parallel
        ),
    )
    print(f"{sub.id}  {sub.url}  {','.join(sub.events)}{_order(sub.parallel)}")
    if args.secret is None:
        print(secret)
        print("(signing secret; shown once, stored encrypted)", file=sys.stderr)
    return 0


def cmd_webhooks_list(args: argparse.Namespace, settings: Settings) -> int:
    from service.webhooks.subscriptions import subscriptions

    for sub in _with_store(settings, subscriptions):
        print(
            f"{sub.id}  {sub.url}  {','.join(sub.events)}{_order(sub.parallel)}  "
            f"by {sub.created_by}  {sub.description}"
        )
    return 0


def cmd_webhooks_remove(args: argparse.Namespace, settings: Settings) -> int:
    from service.webhooks.subscriptions import remove_subscription

    _with_store(settings, lambda s: remove_subscription(s, args.id, _by(args)))
    print(f"removed {args.id}")
    return 0


def cmd_webhooks_test(args: argparse.Namespace, settings: Settings) -> int:
    from service.webhooks.subscriptions import send_test

    print(_with_store(settings, lambda s: send_test(s, args.id, _by(args))))
    return 0


def cmd_webhooks_failed(args: argparse.Namespace, settings: Settings) -> int:
    rows = _with_store(settings, lambda s: s.failed_deliveries(args.id, args.limit))
    for r in rows:
        retry = _when(r.next_at if r.status == "pending" else None)
        print(f"{r.subscription}  {r.id}  {r.type:36s} {r.status:7s} tries {r.attempts}  "
              f"next {retry}  {r.error or ''}")  # fmt: skip
    return 0


def cmd_webhooks_replay(args: argparse.Namespace, settings: Settings) -> int:
    from service.webhooks.subscriptions import replay

    n = _with_store(settings, lambda s: replay(s, _by(args), args.id, args.event))
    print(f"queued {n} dead deliveries again")
    return 0


def cmd_webhooks_deliver(args: argparse.Namespace, settings: Settings) -> int:
    from service.webhooks.secrets import SecretBox
    from service.webhooks.sender import Sender, SenderConfig, WebhookMetrics

    box = SecretBox(settings.hashing_secret())

    async def work(store: GraphStore) -> bool:
        sender = Sender(store, box, SenderConfig.of(settings), WebhookMetrics())
        if args.once:
            held = await sender.drain()
        else:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
            await sender.run(stop)
            held = True
        r = sender.report
        print(f"delivered {r.delivered}, failed {r.failed} (dead {r.dead})")
        return held

    if not _with_store(settings, work):
        print("trustmesh: webhooks: another sender holds the lease (a running `serve`?)",
              file=sys.stderr)  # fmt: skip
        return 1
    return 0


def _print_trail(settings: Settings, trail: str, limit: int) -> None:
    for e in _with_store(settings, lambda s: s.trail(trail, limit)):
        print(f"{_when(e.at)}  {e.who:20s} {e.what:20s} {e.after or e.before or '':24s} "
              f"{e.reason or ''}  {e.detail or ''}")  # fmt: skip


def cmd_webhooks_audit(args: argparse.Namespace, settings: Settings) -> int:
    from service.webhooks.subscriptions import TRAIL

    _print_trail(settings, TRAIL, args.limit)
    return 0


def cmd_lists_create(args: argparse.Namespace, settings: Settings) -> int:
    from service.list_admin import create_list

    suppress = args.suppress.split(",") if args.suppress else []
    row = _with_store(
        settings,
        lambda s: create_list(
            s, args.name, args.kind, args.effect, _by(args), args.action, suppress, args.description
        ),
    )
    print(f"created {row.effect} list {row.name} of {row.kind}")
    return 0


def cmd_lists_list(args: argparse.Namespace, settings: Settings) -> int:
    for r in _with_store(settings, lambda s: s.lists()):
        effect = (
            f"deny -> {r.action}" if r.effect == "deny" else f"allow {','.join(r.suppress or [])}"
        )
        print(
            f"{r.name:24s} {r.kind:13s} {effect:32s} {r.entries:7d} entries  {r.description or ''}"
        )
    return 0


def cmd_lists_show(args: argparse.Namespace, settings: Settings) -> int:
    for e in _with_store(settings, lambda s: s.list_entries(args.name, args.limit)):
        print(f"{e.value}  by {e.added_by}  {_when(e.added_at)}  expires {_when(e.expires_at)}  "
              f"{e.reason}")  # fmt: skip
    return 0


def cmd_lists_delete(args: argparse.Namespace, settings: Settings) -> int:
    from service.list_admin import delete_list

    _with_store(settings, lambda s: delete_list(s, args.name, _by(args), args.reason))
    print(f"deleted list {args.name}")
    return 0


def _values(args: argparse.Namespace) -> list[str]:
    values = list(args.values)
    if args.file is not None:
        values += [line.strip() for line in args.file.read_text().splitlines() if line.strip()]
    if not values:
        raise ServiceError("values: give some, or --file")
    return values


def cmd_lists_add(args: argparse.Namespace, settings: Settings) -> int:
    from service.list_admin import add_values

    hasher = PiiHasher(settings.hashing_secret())
    expires = None
    if args.expires:
        try:
            expires = datetime.fromisoformat(args.expires)
        except ValueError:
            raise ServiceError(f"--expires: {args.expires!r} is not an ISO date or time") from None
        expires = expires if expires.tzinfo else expires.replace(tzinfo=UTC)
    report = _with_store(
        settings,
        lambda s: add_values(s, hasher, args.name, _values(args), _by(args), args.reason, expires),
    )
    for error in report.errors:
        print(f"trustmesh: {error}", file=sys.stderr)
    print(f"added {report.added} value(s) to {args.name}; rescored {report.rescored} account(s)")
    return 1 if report.errors else 0


def cmd_lists_remove(args: argparse.Namespace, settings: Settings) -> int:
    from service.list_admin import remove_values

    hasher = PiiHasher(settings.hashing_secret())
    n = _with_store(
        settings,
        lambda s: remove_values(s, hasher, args.name, _values(args), _by(args), args.reason),
    )
    print(f"removed {n} value(s) from {args.name}")
    return 0


def cmd_lists_audit(args: argparse.Namespace, settings: Settings) -> int:
    from service.list_admin import TRAIL

    _print_trail(settings, TRAIL, args.limit)
    return 0


def _who(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--by", help="who makes the change (default cli:<login name>)")
    return parser


def add_hook_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    hooks = sub.add_parser("webhooks", help="calls to the marketplace when trust changes")
    w = hooks.add_subparsers(dest="webhooks_command", required=True)
    add = _who(w.add_parser("add", help="subscribe a URL; prints the signing secret once"))
    add.add_argument("url", help="https://…, or http://localhost… for development")
    add.add_argument("--events", required=True, help="comma-separated, e.g. account.band_changed")
    add.add_argument("--secret", help="your own signing secret (default: a new one)")
    add.add_argument("--description", default="")
    add.add_argument(
        "--parallel", type=int, default=1, metavar="N",
        help="calls in flight (default 1: strict order); above 1, order holds per account",
    )  # fmt: skip
    add.set_defaults(func=cmd_webhooks_add)
    w.add_parser("list", help="subscriptions").set_defaults(func=cmd_webhooks_list)
    for name, func, text in (
        ("remove", cmd_webhooks_remove, "delete a subscription and its queue"),
        ("test", cmd_webhooks_test, "queue a webhook.test event for one subscription"),
    ):
        one = _who(w.add_parser(name, help=text))
        one.add_argument("id")
        one.set_defaults(func=func)
    failed = w.add_parser("failed", help="deliveries that failed: dead, or waiting to retry")
    failed.add_argument("id", nargs="?", help="one subscription's only")
    failed.add_argument("--limit", type=int, default=100)
    failed.set_defaults(func=cmd_webhooks_failed)
    again = _who(w.add_parser("replay", help="queue dead deliveries again"))
    again.add_argument("id", nargs="?", help="one subscription's only")
    again.add_argument("--event", help="one event's only")
    again.set_defaults(func=cmd_webhooks_replay)
    deliver = w.add_parser("deliver", help="run the sender (for setups without `serve`)")
    deliver.add_argument("--once", action="store_true", help="deliver what is due, then exit")
    deliver.set_defaults(func=cmd_webhooks_deliver)
    audit = w.add_parser("audit", help="who changed which subscription")
    audit.add_argument("--limit", type=int, default=100)
    audit.set_defaults(func=cmd_webhooks_audit)

    lists = sub.add_parser("lists", help="allow and deny lists")
    ls = lists.add_subparsers(dest="lists_command", required=True)
    create = _who(ls.add_parser("create", help="a new list"))
    create.add_argument("name")
    create.add_argument("--kind", required=True, help="email, email_domain, phone, card, "
                        "device, ip, country or account")  # fmt: skip
    create.add_argument("--effect", required=True, choices=["deny", "allow"])
    create.add_argument(
        "--action", help="deny: the least action a match gets (default RESTRICTION)"
    )
    create.add_argument("--suppress", help="allow: comma-separated reason codes it drops")
    create.add_argument("--description", default="")
    create.set_defaults(func=cmd_lists_create)
    ls.add_parser("list", help="lists and their sizes").set_defaults(func=cmd_lists_list)
    show = ls.add_parser("show", help="a list's entries (stored form: hashes for personal data)")
    show.add_argument("name")
    show.add_argument("--limit", type=int, default=100)
    show.set_defaults(func=cmd_lists_show)
    delete = _who(ls.add_parser("delete", help="delete a list and its entries"))
    delete.add_argument("name")
    delete.add_argument("--reason", default="")
    delete.set_defaults(func=cmd_lists_delete)
    for name, func, text in (
        ("add", cmd_lists_add, "add values (raw; stored normalised and hashed)"),
        ("remove", cmd_lists_remove, "remove values"),
    ):
        values = _who(ls.add_parser(name, help=text))
        values.add_argument("name")
        values.add_argument("values", nargs="*")
        values.add_argument("--file", type=Path, help="one value a line")
        values.add_argument("--reason", required=name == "add", default="",
                            help="why (kept with each entry)")  # fmt: skip
        if name == "add":
            values.add_argument("--expires", help="ISO date or time the entries stop applying")
        values.set_defaults(func=func)
    audit = ls.add_parser("audit", help="who changed which list")
    audit.add_argument("--limit", type=int, default=100)
    audit.set_defaults(func=cmd_lists_audit)
