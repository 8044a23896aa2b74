"""The rest of the rulebook in the demo: portfolios, hours, and what people write.

Planted after everything else, from a random stream of its own, so adding
it left every earlier pattern of a seed exactly as it was. Shares come from
the seed's knobs (:mod:`service.demo.knobs`).

==================  =====================================================
pattern             how it shows
==================  =====================================================
copied_portfolio    a portfolio picture resized, re-compressed, cropped
                    10% or padded from another person's earlier item, or
                    from a registered stock work (``works/``)
padded_hours        hours billed on two contracts at once, days over 16
                    hours, time outside the contract's dates, or weeks of
                    hand-entered time far above the freelancer's own
prohibited_job      a job post in one of the prohibited categories
not_a_job           a freelancer's ad, or a post naming no work, as a job
scam_request        fees to get a job, work before a contract, bank logins
feedback_extortion  a rating in exchange for the files, or a bad one threatened
abusive_message     insults and threats
suspicious_link     a look-alike of a protected domain, a shortener, a bare
                    IP address or a program (:mod:`service.demo.links`)
spam_messages       one pitch, reworded, to dozens of strangers in days
                    (:mod:`service.demo.spam`)
==================  =====================================================

Look-alikes: agency members showing their agency's portfolio
(``agency_portfolio``), original work on a registered template's layout
(``template_layout``), ten-hour days for a month (``long_days``), people
who always enter time by hand (``manual_logger``), victims quoting a scam
(``scam_victim``, also quoting a suspicious link), honest links to work
(``shared_link``), an authorised pentest post (``pentest_job``), essay
editing (``essay_editing``), paid test tasks (``paid_test``), a client's
invitation to one job sent to many freelancers (``job_invites``) and one
update sent to all of a freelancer's clients (``client_updates``).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

from service.demo import links, spam, texts
from service.demo.artwork import Artwork, render_all
from service.demo.world import YEAR, Marketplace

DAY, HOUR = 86_400, 3_600
COPY_TRANSFORMS = ("resize-64", "resize-512", "jpeg-q30", "crop-10%", "pad-coloured")
TEMPLATES = 3  # registered templates whose layout honest work reuses


class Rulebook(Marketplace):
    def plant_rulebook(self, workers: int) -> None:
        """Plant the rulebook's patterns; ``workers`` processes render the pictures."""
        self.rb = random.Random(f"rulebook-{self.seed}")
        self.pictures: list[tuple[Path, Artwork]] = []  # rendered once all are drawn
        self._portfolios()
        render_all(self.pictures, workers)
        self.pictures.clear()  # half a million recipes at 1M accounts
        self._hours()
        self._writing()
        people = [a for a in (*self.clients, *self.freelancers) if not self.labels.get(a)]
        for said in links.plant(self.rb, people, self.knobs.link_share, self.knobs.link_kinds):
            self._tell(said)
        self._spam()

    # -- portfolios -----------------------------------------------------------

    def _item(self, account: str, picture: Artwork, t: float, label: str | None = None) -> str:
        item = self._id("pf")
        path = f"portfolio/{item}.png"
        self.pictures.append((self.out / path, picture))
        self._emit(
            type="portfolio",
            id=item,
            account=account,
            at=self._time(t),
            path=path,
            title=self.rb.choice(["Brand identity", "Poster", "Landing page", "Photo set"]),
        )
        if label:
            self._label(account, label)
        return item

    def _portfolios(self) -> None:
        r, k = self.rb, self.knobs
        for folder in ("works", "portfolio"):
            (self.out / folder).mkdir(exist_ok=True)
        stock = [Artwork.draw(r) for _ in range(12)]
        layouts = [r.randrange(1 << 30) for _ in range(TEMPLATES)]
        for i, work in enumerate([*stock, *(Artwork(layout=seed) for seed in layouts)]):
            self.pictures.append((self.out / "works" / f"stock-{i:02d}.png", work))
        honest = [a for a in self.freelancers if not self.labels.get(a)]
        owners = r.sample(honest, k=int(len(honest) * k.portfolio_share))
        shown: list[tuple[Artwork, float]] = []
        for owner in owners:
            for _ in range(r.randint(1, 3)):
                t = r.uniform(YEAR * 0.3, YEAR * 0.8)
                picture = Artwork.draw(r)
                if r.random() < k.template_share:
                    picture = picture.set_in(r.choice(layouts))
                    self._mark(owner, "template_layout")
                self._item(owner, picture, t)
                shown.append((picture, t))
        self._agency_portfolios()
        showing = set(owners)  # a list here cost minutes at 1M accounts
        copiers = r.sample(
            [a for a in honest if a not in showing],
            k=min(len(honest) - len(owners), int(len(honest) * k.copied_share)),
        )
        for copier in copiers:
            if r.random() < k.stock_copies or not shown:
                original, t = r.choice(stock), r.uniform(YEAR * 0.3, YEAR)
            else:
                original, first = r.choice(shown)
                t = r.uniform(first + DAY, max(first + 2 * DAY, YEAR))
            copy = original.copied(r.choice(COPY_TRANSFORMS))
            self._item(copier, copy, t, "copied_portfolio")

    def _agency_portfolios(self) -> None:
        r = self.rb
        by_agency: dict[str, list[str]] = {}
        for account, kind in self.kind.items():
            if kind == "AGENCY":
                by_agency[account] = []
        for line in self.events:
            if '"agency"' not in line:  # only account events name one
                continue
            event = json.loads(line)
            if event["type"] == "account" and event.get("agency") in by_agency:
                by_agency[str(event["agency"])].append(str(event["id"]))
        for agency, members in by_agency.items():
            picture, t = Artwork.draw(r), r.uniform(YEAR * 0.3, YEAR * 0.6)
            self._item(agency, picture, t)
            for member in members[: r.randint(1, len(members))] if members else []:
                copy = picture.copied(r.choice(COPY_TRANSFORMS))
                self._item(member, copy, r.uniform(t + DAY, YEAR))
                self._mark(member, "agency_portfolio")

    # -- hours ----------------------------------------------------------------

    def _log(
        self, contract: str, freelancer: str, start: float, hours: float, manual: bool
    ) -> None:
        self._emit(
            type="time_log",
            id=self._id("tl"),
            contract=contract,
            freelancer=freelancer,
            start=self._time(start),
            end=self._time(start + hours * HOUR),
            manual=manual,
        )

    def _hourly(self, freelancer: str, weeks: int, start: float | None = None) -> tuple[str, float]:
        """An hourly contract with an honest client; (contract, its start)."""
        r = self.rb
        client = r.choice(self.hiring)
        t = start if start is not None else r.uniform(YEAR * 0.3, YEAR * 0.8)
        amount = r.uniform(20, 60) * weeks * 25
        contract = self.contract(client, freelancer, t, amount, None, message=False, days=weeks * 7)
        return contract, t

    def _workdays(
        self,
        contract: str,
        freelancer: str,
        t: float,
        weeks: int,
        hours: tuple[float, float],
        by_hand: Callable[[int], float],
    ) -> None:
        """Weekday logs: a morning start, the day's hours in one to three
        entries, each entered by hand with the week's ``by_hand`` chance."""
        r = self.rb
        for day in range(weeks * 7):
            if day % 7 >= 5:
                continue
            clock = t + day * DAY + r.uniform(7, 10) * HOUR
            total = r.uniform(*hours)
            parts = r.randint(1, 3)
            for _ in range(parts):
                span = total / parts
                self._log(contract, freelancer, clock, span, r.random() < by_hand(day // 7))
                clock += span * HOUR + r.uniform(0.2, 1.0) * HOUR

    def _hours(self) -> None:
        r, k = self.rb, self.knobs
        # drawn from once per hourly contract: built per draw, it made 1M
        # accounts quadratic (hours planting labels freelancers, never clients)
        self.hiring = [c for c in self.clients if not self.labels.get(c)]
        honest = [a for a in self.freelancers if not self.labels.get(a)]
        hourly = r.sample(honest, k=int(len(honest) * k.hourly_share))
        for freelancer in hourly:
            roll = r.random()
            if roll < k.padding_share:
                how = r.choices(
                    ("overlap", "long_day", "outside", "manual"), weights=k.padding_kinds
                )[0]
                # a surge needs weeks before it to stand out from
                weeks = r.randint(6, 10) if how == "manual" else r.randint(3, 10)
                contract, t = self._hourly(freelancer, weeks)
                self._pad(freelancer, contract, t, weeks, how)
                continue
            weeks = r.randint(3, 10)
            contract, t = self._hourly(freelancer, weeks)
            rate = r.uniform(0.0, 0.25)
            long_days = roll < k.padding_share + k.long_days
            if long_days:
                self._mark(freelancer, "long_days")
            elif roll > 1 - k.manual_loggers:
                rate = 1.0
                self._mark(freelancer, "manual_logger")
            hours = (9.5, 11.0) if long_days else (3.0, 8.0)

            def by_hand(_week: int, rate: float = rate) -> float:
                return rate

            self._workdays(contract, freelancer, t, weeks, hours, by_hand)

    def _pad(self, freelancer: str, contract: str, t: float, weeks: int, how: str) -> None:
        r = self.rb
        surge_from = weeks // 2 if how == "manual" else weeks
        self._workdays(
            contract,
            freelancer,
            t,
            weeks,
            (4.0, 8.0),
            lambda week: 0.85 if week >= surge_from else 0.05,
        )
        if how == "overlap":
            other, _ = self._hourly(freelancer, weeks, start=t)
            for day in r.sample(range(weeks * 7), k=r.randint(2, 5)):
                self._log(
                    other,
                    freelancer,
                    t + day * DAY + r.uniform(8, 10) * HOUR,
                    r.uniform(1.5, 4),
                    r.random() < 0.5,
                )
        elif how == "long_day":
            # a workday (up to 8 h from the morning) made 17-22 h by an evening entry
            workdays = [d for d in range(weeks * 7) if d % 7 < 5]
            for day in r.sample(workdays, k=min(len(workdays), r.randint(1, 3))):
                self._log(contract, freelancer, t + day * DAY + 19 * HOUR, r.uniform(13, 15), True)
        elif how == "outside":
            for _ in range(r.randint(1, 3)):
                before = r.random() < 0.5
                at = (
                    t - r.uniform(3, 20) * DAY
                    if before
                    else t + (weeks * 7 + r.uniform(3, 20)) * DAY
                )
                self._log(contract, freelancer, at, r.uniform(2, 6), r.random() < 0.7)
        self._label(freelancer, "padded_hours")

    # -- what people write --------------------------------------------------

    def _say(
        self, sender: str, to: str, text: str, label: str | None = None, at: float | None = None
    ) -> None:
        self._emit(
            type="message",
            id=self._id("msg"),
            **{"from": sender, "to": to},
            at=self._time(self.rb.uniform(YEAR * 0.3, YEAR) if at is None else at),
            text=text.format(n=self.rb.randint(2, 9)),
        )
        if label:
            self._label(sender, label)

    def _post(self, poster: str, post: tuple[str, str], label: str | None = None) -> None:
        self._emit(
            type="job_post",
            id=self._id("job"),
            client=poster,
            at=self._time(self.rb.uniform(YEAR * 0.3, YEAR)),
            title=post[0],
            text=post[1].format(n=self.rb.randint(2, 9)),
        )
        if label:
            self._label(poster, label)

    def _writing(self) -> None:
        r, k = self.rb, self.knobs
        clients = [c for c in self.clients if not self.labels.get(c)]
        freelancers = [f for f in self.freelancers if not self.labels.get(f)]
        share = max(1, int(len(clients) * k.text_share))
        for client in r.sample(clients, k=min(len(clients), 4 * share)):
            roll = r.random()
            if roll < 0.25:
                self._post(client, r.choice(texts.PROHIBITED_POSTS), "prohibited_job")
            elif roll < 0.5:
                self._say(
                    client, r.choice(freelancers), r.choice(texts.SCAM_MESSAGES), "scam_request"
                )
            elif roll < 0.7:
                self._post(client, r.choice(texts.PENTEST_POSTS + texts.EDITING_POSTS))
                self._mark(client, "pentest_job" if roll < 0.6 else "essay_editing")
            else:
                self._say(client, r.choice(freelancers), r.choice(texts.PAID_TEST_MESSAGES))
                self._mark(client, "paid_test")
        for freelancer in r.sample(freelancers, k=min(len(freelancers), 4 * share)):
            roll = r.random()
            peer = r.choice(clients)
            if roll < 0.25:
                self._post(freelancer, r.choice(texts.AD_POSTS), "not_a_job")
            elif roll < 0.5:
                self._say(
                    freelancer, peer, r.choice(texts.EXTORTION_MESSAGES), "feedback_extortion"
                )
            elif roll < 0.75:
                self._say(freelancer, peer, r.choice(texts.ABUSIVE_MESSAGES), "abusive_message")
            else:
                self._say(freelancer, peer, r.choice(texts.VICTIM_MESSAGES))
                self._mark(freelancer, "scam_victim")

    def _spam(self) -> None:
        """Spammers, and clients and freelancers who send one text to many honestly."""
        r, k = self.rb, self.knobs
        clients = [c for c in self.clients if not self.labels.get(c)]
        freelancers = [f for f in self.freelancers if not self.labels.get(f)]
        people = clients + freelancers
        start = YEAR * 0.3
        senders = r.sample(people, k=max(1, int(len(people) * k.spam_share)))
        sent = spam.spammers(r, senders, people, k.spam_reach, k.spam_replies, start, k.spam_days)
        hosts = [c for c in clients if c not in senders]
        inviting = r.sample(hosts, k=max(1, int(len(hosts) * k.invite_share)))
        sent += spam.invitations(r, inviting, freelancers, k.invite_replies, start)
        writers = [f for f in freelancers if f not in senders]
        for writer in r.sample(writers, k=max(1, int(len(writers) * k.update_share))):
            partners = r.sample(hosts, k=min(len(hosts), r.randint(25, 45)))
            t = r.uniform(start, YEAR * 0.8)
            for client in partners:
                self.contract(client, writer, t - r.uniform(10, 90) * DAY, r.uniform(100, 900),
                              None, message=False)  # fmt: skip
            sent += spam.updates(r, writer, partners, t)
        for said in sent:
            self._tell(said)

    def _tell(self, said: links.Said) -> None:
        """A planted message, and its sender's label or look-alike mark."""
        self._say(said.sender, said.to, said.text, said.pattern, at=said.at)
        if said.look_alike:
            self._mark(said.sender, said.look_alike)
