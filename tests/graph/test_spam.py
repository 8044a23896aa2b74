"""Spam bursts: the rule's cases, and the window search against brute force."""

from __future__ import annotations

import math
import random

from graph import spam
from graph.spam import DAY, Rule, Sent, Ties
from identity.shapes import TextShaper, near

SHAPER = TextShaper(b"spam tests' own key, 32 bytes..!")
PITCH = ("I noticed your shop and can double its sales with my proven advertising method, "
         "first week free, just answer this message to start today")  # fmt: skip
OTHER = ("Thank you for the quick payment, the final files and the source code are uploaded "
         "to the shared folder we agreed on last week")  # fmt: skip
RULE = Rule(least=10, window_s=3 * DAY, cold_share=0.9)


def shape(text: str) -> str:
    out = SHAPER.shape(text)
    assert out is not None
    return out


def pitches(count: int, gap_s: int = 3600, text: str = PITCH, first: int = 0) -> list[Sent]:
    return [Sent(f"m{first + i}", f"r{first + i}", 1_000_000 + i * gap_s,
                 shape(f"Hi friend {i}, {text}")) for i in range(count)]  # fmt: skip


NONE = Ties()


def answers(recipients: range, at: int = 2_000_000) -> Ties:
    """Ties of recipients who wrote to the sender at ``at`` (after the pitches)."""
    return Ties(wrote={f"r{i}": at for i in recipients})


def test_one_text_to_many_strangers_is_a_burst() -> None:
    (burst,) = spam.bursts(pitches(15), NONE, rule=RULE)
    assert burst.cold == 15 and burst.reached == 15 and burst.answered == 0
    assert burst.ids == tuple(f"m{i}" for i in range(15))
    assert burst.end - burst.start == 14 * 3600


def test_recipients_tied_to_the_sender_are_not_cold() -> None:
    """Twelve cold of fifteen: 0.8 of those reached, under the rule's 0.9."""
    partners = Ties(partners={"r0", "r1", "r2"})
    assert spam.bursts(pitches(15), partners, rule=RULE) == []
    talked = Ties(wrote={"r0": 0, "r1": 0, "r2": 999_999})  # before their pitch
    assert spam.bursts(pitches(15), talked, rule=RULE) == []


def test_an_answer_does_not_warm_the_pitch_up() -> None:
    """Two of thirty wrote back afterwards: still cold, and too few answers
    for a welcome text."""
    (burst,) = spam.bursts(pitches(30), answers(range(2)), rule=RULE)
    assert burst.cold == 30 and burst.answered == 2


def test_an_answered_invitation_is_no_burst() -> None:
    """Six of fifteen answered: as many as a welcome text gets."""
    assert spam.bursts(pitches(15), answers(range(6)), rule=RULE) == []


def test_the_welcome_test_is_one_sided_at_alpha() -> None:
    rule = Rule()
    # the most answers still called short of welcome, by the binomial's tail
    for cold in (25, 40, 100):
        most = max(k for k in range(cold + 1) if spam.unwelcome(k, cold, rule))
        assert 0.03 < most / cold < rule.welcome
        tail = sum(math.comb(cold, k) * 0.3**k * 0.7 ** (cold - k) for k in range(most + 1))
        assert tail < rule.alpha


def test_the_same_text_spread_over_weeks_is_no_burst() -> None:
    assert spam.bursts(pitches(15, gap_s=DAY), NONE, rule=RULE) == []


def test_different_texts_do_not_add_up() -> None:
    sent = pitches(8) + pitches(8, text=OTHER, first=8)
    assert spam.bursts(sent, NONE, rule=RULE) == []


def test_short_texts_are_never_counted() -> None:
    sent = [Sent(f"m{i}", f"r{i}", 1_000_000 + i, "") for i in range(50)]
    assert spam.bursts(sent, NONE, rule=RULE) == []


def test_packed_rows_decode() -> None:
    packed = "msg-1\tacc-2\t1700000000\tab"
    assert spam.decode(packed) == Sent("msg-1", "acc-2", 1_700_000_000, "ab")
    assert spam.decode("msg-1\tacc-2\t5\t").shape == ""


def brute_force(group: list[Sent], ties: Ties, window_s: int) -> int:
    """The most distinct cold recipients of any window starting at a message,
    each cold or not as of the first message to them."""

    def cold(r: str) -> bool:
        return ties.cold(r, min(m.at for m in group if m.recipient == r))

    best = 0
    for first in group:
        inside = {m.recipient for m in group if first.at <= m.at <= first.at + window_s}
        best = max(best, len({r for r in inside if cold(r)}))
    return best


def test_the_busiest_window_matches_brute_force() -> None:
    """The two-pointer search, against every window; answers counted among its cold."""
    for seed in range(40):
        r = random.Random(seed)
        people = [f"p{i}" for i in range(r.randint(5, 40))]
        partners = set(r.sample(people, r.randint(0, len(people) // 4)))
        wrote = {p: r.randint(0, 20 * DAY) for p in r.sample(people, len(people) // 3)}
        ties = Ties(partners, wrote)
        sent = [Sent(f"m{i}", r.choice(people), r.randint(0, 20 * DAY), shape(PITCH))
                for i in range(r.randint(12, 80))]  # fmt: skip
        window = r.choice((DAY, 3 * DAY, 7 * DAY))
        group = sorted(sent, key=lambda m: (m.at, m.id))
        burst = spam._busiest(group, ties, window)
        expected = brute_force(group, ties, window)
        if expected == 0:
            assert burst is None
            continue
        assert burst is not None and burst.cold == expected, seed
        assert len(burst.ids) == expected and burst.end - burst.start <= window
        answering = {m.recipient for m in group if m.id in burst.ids} & set(wrote)
        assert burst.answered == len(answering)


def brute_force_texts(sent: list[Sent], similar: float) -> list[list[str]]:
    """Each message into the earliest group whose first message it is near."""
    groups: list[list[Sent]] = []
    for m in sorted(sent, key=lambda m: (m.at, m.id)):
        home = next((g for g in groups if near(g[0].shape, m.shape, similar)), None)
        if home is None:
            groups.append([m])
        else:
            home.append(m)
    return [[m.id for m in g] for g in groups]


def test_the_band_index_groups_as_comparing_every_pair_does() -> None:
    r = random.Random(11)
    vocabulary = ["".join(r.choices("abcdefghijklmnopqrstuvwxyz", k=6)) for _ in range(3000)]
    bases = [r.sample(vocabulary, r.randint(12, 40)) for _ in range(15)]
    sent = []
    for i in range(300):
        words = list(r.choice(bases))
        words[r.randrange(len(words))] = r.choice(vocabulary)  # one word changed
        sent.append(Sent(f"m{i}", f"r{i}", r.randint(0, 10 * DAY), shape(" ".join(words))))
    grouped = [[m.id for m in g] for g in spam.texts(sent, RULE.near)]
    assert grouped == brute_force_texts(sent, RULE.near)
    assert len(grouped) <= 20  # the 15 texts, a reworded one now and then apart
