"""Spam: one text sent to many accounts that never asked for it.

Pure functions over one sender's messages, each with its recipient and the
text's shape (:mod:`identity.shapes`; the text itself is never stored). A
recipient is *cold* when nothing ties them to the sender: no contract
either way, no shared agency, and no message of theirs to the sender,
before or after. A burst is one text (shapes within ``near`` of each other)
sent to at least ``least`` cold recipients within ``window_s``, with cold
recipients ``cold_share`` of all it went to in that time.

What the rule leaves alone, and why:

* a template sent to one's own clients (thanks, status updates): each has a
  contract with the sender;
* a client inviting freelancers to one job: some of them answer, so the
  invitation's recipients are not all cold;
* an agency writing to its members.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

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
    return Sent(message, recipient, int(at), shape)


@dataclass(frozen=True)
class Burst:
    ids: tuple[str, ...]  # one message per cold recipient, earliest first
    cold: int  # distinct cold recipients
    reached: int  # distinct recipients of the text in the burst's time
    start: int
    end: int


@dataclass(frozen=True)
class Rule:
    least: int = 25  # cold recipients of one text
    window_s: int = 7 * DAY
    # of the text's recipients in that time: an invitation many answer stays under
    cold_share: float = 0.9
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


def bursts(sent: Sequence[Sent], known: Collection[str], rule: Rule = Rule()) -> list[Burst]:
    """Each text's busiest ``rule.window_s`` of cold recipients, where it
    makes a burst; ``known`` holds the recipients tied to the sender."""
    out = []
    for group in texts(sent, rule.near):
        if len({m.recipient for m in group}) < rule.least:
            continue  # too few recipients in all: most texts end here
        best = _busiest(group, known, rule.window_s)
        if best is None or best.cold < rule.least:
            continue
        if best.cold >= rule.cold_share * best.reached:
            out.append(best)
    return out


def _busiest(group: list[Sent], known: Collection[str], window_s: int) -> Burst | None:
    """The window with the most distinct cold recipients (two pointers)."""
    best = (0, 0, -1, 0)  # left, right, cold, reached
    cold: Counter[str] = Counter()
    reached: Counter[str] = Counter()
    left = 0
    for right, message in enumerate(group):
        reached[message.recipient] += 1
        if message.recipient not in known:
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
        if m.recipient not in known:
            firsts.setdefault(m.recipient, m.id)
    return Burst(tuple(firsts.values()), count, reached_count, group[left].at, group[right].at)
