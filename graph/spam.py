"""Spam: one text sent to many accounts that never asked for it.

Pure functions over one sender's messages, each with its recipient and the
text's shape (:mod:`identity.shapes`; the text itself is never stored). A
recipient is *cold* when nothing tied them to the sender when the text
reached them: no contract either way, no shared agency, and no earlier
message of theirs to the sender. A cold recipient who writes back later
has *answered*; an answer does not make the pitch welcome after the fact.
A burst is one text (shapes within ``near`` of each other) sent to at
least ``least`` cold recipients within ``window_s``, the cold ones
``cold_share`` of all it reached then, and answered by significantly fewer
of them than a welcome text is: under ``welcome`` of them, by a one-sided
binomial test at ``alpha``.

What the rule leaves alone, and why:

* a template sent to one's own clients (thanks, status updates): each has a
  contract with the sender;
* a client inviting freelancers to one job: a third or more of them answer,
  and the test is built so that such a text is called a burst at most
  ``alpha`` of the time;
* an agency writing to its members.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from scipy.stats import binom

from identity.shapes import NEAR, SLOTS, near

DAY = 86_400
BAND = 2  # slots per band of the index: shapes at 0.5 share one of 16 bands 99% of the time


@dataclass(frozen=True, slots=True)
class Sent:
    id: str
    recipient: str
    at: int
    shape: str  # "" for a text too short to have one


def decode(entry: str) -> Sent:
    """One message as the projection packs it: id, recipient, at, shape."""
    message, recipient, at, shape = entry.split("\t")
    # one pitch's shape is sent many times, and recipients recur
    return Sent(message, sys.intern(recipient), int(at), sys.intern(shape))


@dataclass(frozen=True)
class Ties:
    """What tied recipients to one sender: ``partners`` (contracts either
    way, a shared agency) always; ``wrote``, each account's first message to
    the sender, from that time on."""

    partners: Collection[str] = frozenset()
    wrote: Mapping[str, int] = field(default_factory=dict)

    def cold(self, recipient: str, at: int) -> bool:
        return recipient not in self.partners and self.wrote.get(recipient, at) >= at


@dataclass(frozen=True)
class Burst:
    ids: tuple[str, ...]  # one message per cold recipient, earliest first
    cold: int  # distinct cold recipients
    answered: int  # of them, those who wrote to the sender afterwards
    reached: int  # distinct recipients of the text in the burst's time
    start: int
    end: int


@dataclass(frozen=True)
class Rule:
    least: int = 25  # cold recipients of one text
    window_s: int = 7 * DAY
    cold_share: float = 0.9  # of the text's recipients in that time
    # a welcome text (a job invitation) is answered by this share or more of
    # the people it reaches; a burst's answers must fall significantly short
    welcome: float = 0.3
    alpha: float = 0.01  # how often a welcome text may still be called a burst
    near: float = NEAR  # shape similarity of one text


def texts(sent: Sequence[Sent], similar: float) -> list[list[Sent]]:
    """The sender's messages grouped by text, each group in time order.

    A message joins the earliest group whose first message it is near:
    groups start from a text, so a chain of small edits never joins two
    texts. Candidates come from an index of the first messages' bands of
    BAND slots, so a sender of thousands of different texts is not
    compared pair by pair."""
    groups: list[list[Sent]] = []
    index: dict[str, list[int]] = {}  # band -> groups whose first message has it
    for message in sorted(sent, key=lambda m: (m.at, m.id)):
        if not message.shape:
            continue
        bands = _bands(message.shape)
        candidates = sorted({g for band in bands for g in index.get(band, ())})
        joined = next((g for g in candidates if near(groups[g][0].shape, message.shape, similar)),
                      None)  # fmt: skip
        if joined is not None:
            groups[joined].append(message)
            continue
        for band in bands:
            index.setdefault(band, []).append(len(groups))
        groups.append([message])
    return groups


def _bands(shape: str) -> list[str]:
    """The shape's bands, each with its position (2 hex digits a slot)."""
    width = 2 * BAND
    return [f"{i}:{shape[i : i + width]}" for i in range(0, 2 * SLOTS, width)]


def bursts(sent: Sequence[Sent], ties: Ties, rule: Rule = Rule()) -> list[Burst]:
    """Each text's busiest ``rule.window_s`` of cold recipients, where it
    makes a burst."""
    out = []
    for group in texts(sent, rule.near):
        if len({m.recipient for m in group}) < rule.least:
            continue  # too few recipients in all: most texts end here
        best = _busiest(group, ties, rule.window_s)
        if best is None or best.cold < rule.least or best.cold < rule.cold_share * best.reached:
            continue
        if unwelcome(best.answered, best.cold, rule):
            out.append(best)
    return out


def unwelcome(answered: int, cold: int, rule: Rule) -> bool:
    """Whether ``answered`` of ``cold`` is significantly under ``rule.welcome``."""
    return bool(binom.cdf(answered, cold, rule.welcome) < rule.alpha)


def _busiest(group: list[Sent], ties: Ties, window_s: int) -> Burst | None:
    """The window with the most distinct cold recipients (two pointers). A
    recipient is cold or not as of the text's first message to them."""
    first: dict[str, int] = {}
    for m in group:
        first.setdefault(m.recipient, m.at)
    cold_ones = {r for r, at in first.items() if ties.cold(r, at)}
    answering = {r for r in cold_ones if r in ties.wrote}
    best = (0, 0, -1, 0)  # left, right, cold, reached
    cold: Counter[str] = Counter()
    reached: Counter[str] = Counter()
    left = 0
    for right, message in enumerate(group):
        reached[message.recipient] += 1
        if message.recipient in cold_ones:
            cold[message.recipient] += 1
        while message.at - group[left].at > window_s:
            gone = group[left].recipient
            for counts in (reached, cold):
                if gone in counts:
                    counts[gone] -= 1
                    if not counts[gone]:
                        del counts[gone]
            left += 1
        if len(cold) > best[2]:
            best = (left, right, len(cold), len(reached))
    left, right, count, reached_count = best
    if count <= 0:
        return None
    firsts: dict[str, str] = {}
    for m in group[left : right + 1]:
        if m.recipient in cold_ones:
            firsts.setdefault(m.recipient, m.id)
    answered = len(answering.intersection(firsts))
    return Burst(tuple(firsts.values()), count, answered, reached_count,
                 group[left].at, group[right].at)  # fmt: skip
