"""Screenshots of every console view, from a fresh demo marketplace.

Usage: python scripts/screenshots.py [--out docs/screenshots] [--accounts 2000]

Loads and scores a demo marketplace into a temporary embedded store, serves
it with uvicorn (``--dev``, for GraphiQL), signs in to the console in
Debian's headless chromium and saves the queue, the riskiest account with
its graph, its cluster, a case, the evidence sections (login timeline,
portrait preview, message excerpt) and GraphiQL as PNG files (1280×800).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.browser import CHROMIUM, FLAGS, serving, sign_in
from graph.model import Queue
from service.api.app import create_app
from service.demo.generator import generate
from service.keys import create_key
from service.rescore import rescore
from service.runtime import make_ingestor, open_store
from service.settings import Settings

# screenshot name: the reason whose evidence it shows, and the page's section for it
EVIDENCE_VIEWS = {
    "logins": ("SHARED_LOGIN", "Logins"),
    "portrait": ("LOGO_PORTRAIT", "Portraits"),
    "excerpt": ("OFF_PLATFORM_CONTACT", "Off-platform attempts"),
}


async def _seed(settings: Settings, accounts: int) -> tuple[str, str, dict[str, str]]:
    """The demo loaded and scored; an investigator key, an account in a
    cluster, and an account carrying each of EVIDENCE_VIEWS' reasons."""
    out = settings.data_dir / "demo"
    generate(accounts, 8128, out)
    async with open_store(settings) as store:
        await make_ingestor(store, settings).ingest_files([str(out / "events.jsonl")])
        await rescore(store)
        key = await create_key(store, "investigator", "screenshots")
        examples = {}
        for name, (code, _) in EVIDENCE_VIEWS.items():
            found = await store.riskiest(Queue(reason=code), -1.0, "", 1)
            if found:
                examples[name] = found[0].id
        risky = await store.riskiest(Queue(band="HIGH_RISK"), -1.0, "", 50)
        for row in risky:
            if await store.account_cluster(row.id) is not None:
                return key, row.id, examples
        return key, risky[0].id, examples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--accounts", type=int, default=2000)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="tms-", dir="/tmp"))
    # the demo's messages are years old: keep their excerpts, for the picture
    settings = Settings(data_dir=data, excerpt_retention_days=3650)
    try:
        key, account, examples = asyncio.run(_seed(settings, args.accounts))
        with serving(create_app(settings, dev=True)) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(f"{base}/console/session")
            page.screenshot(path=args.out / "sign-in.png")
            sign_in(page, base, key)
            page.screenshot(path=args.out / "queue.png")
            page.goto(f"{base}/console/accounts/{account}")
            page.get_by_text("Click an account to expand it").wait_for()
            page.screenshot(path=args.out / "account.png", full_page=True)
            page.locator("#graph").screenshot(path=args.out / "graph.png")
            cluster = page.get_by_role("link", name=re.compile(r"^cluster "))
            if cluster.count():
                cluster.first.click()
                page.get_by_role("table", name="Links").wait_for()
                page.screenshot(path=args.out / "cluster.png", full_page=True)
                page.get_by_label("New case title").fill("one person behind these accounts")
                page.once("dialog", lambda dialog: dialog.accept())
                page.get_by_role("button", name="Open a case").click()
                page.get_by_role("button", name="Assign to me").click()
                page.get_by_text("assigned to screenshots").wait_for()
                page.get_by_label("Note").fill("Same card and phone; asked for ID documents.")
                page.get_by_role("button", name="Add note").click()
                page.locator("ul.notes li").wait_for()
                page.screenshot(path=args.out / "case.png", full_page=True)
            for name, shown in examples.items():
                page.goto(f"{base}/console/accounts/{shown}")
                region = page.get_by_role("region", name=EVIDENCE_VIEWS[name][1])
                region.wait_for()
                region.screenshot(path=args.out / f"{name}.png")
            page.goto(f"{base}/graphql")
            page.get_by_role("button", name="Execute query (Ctrl-Enter)").wait_for()
            page.screenshot(path=args.out / "graphiql.png")
            browser.close()
        print(
            f"screenshots in {args.out}: "
            + ", ".join(sorted(p.name for p in args.out.glob("*.png")))
        )
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
