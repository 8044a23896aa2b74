"""The text policy on a labelled corpus of job posts and messages.

Usage: python bench/textpolicy.py [--variants 3] [--seed 7] [--split holdout]

``bench/corpus/policy.jsonl`` holds hand-written texts, each labelled with
the reason codes it should give (none for the benign look-alikes: victims
reporting a scam, quoted threats, a paid test task, an authorised pentest,
essay editing…) and a ``split``: ``tune`` texts were used to write the
rules, ``holdout`` texts never were. Every text also comes back in
``--variants`` disguised copies, drawn per seed: leetspeak, letters spaced
or dotted apart, homoglyphs, spelled-out numbers, shouting, greetings and
sign-offs around it.

Prints, per split and reason code, support, precision and recall, then
the throughput of the whole check (normalisation included) on one core.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine
from identity.policy import policy_categories
from identity.shapes import TextShaper
from service.detect.conduct import POLICY_CODES, codes_of

CORPUS = Path(__file__).resolve().parent / "corpus" / "policy.jsonl"

_HOMOGLYPHS = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і", "y": "у"}
_LEET = {"a": "4", "e": "3", "o": "0", "i": "1", "s": "5", "t": "7"}
_SPELLED = {"5": "five", "10": "ten", "20": "twenty", "50": "fifty", "30": "thirty", "1": "one"}
_OPENERS = ("", "", "Hi, ", "Hello there. ", "Dear friend, ", "hey ")
_CLOSERS = ("", "", " Thanks.", " Regards.", " Best wishes!", " ok?")


@dataclass(frozen=True)
class Text:
    split: str
    kind: str
    title: str
    text: str
    labels: frozenset[str]


def corpus() -> list[Text]:
    out = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        out.append(
            Text(row["split"], row["kind"], row.get("title", ""), row["text"],
                 frozenset(row["labels"]))
        )  # fmt: skip
    return out


def _disguise_word(word: str, rng: random.Random) -> str:
    how = rng.choice(("leet", "spaced", "dotted", "homoglyph", "upper"))
    if how == "leet":
        return "".join(_LEET.get(c, c) if rng.random() < 0.6 else c for c in word)
    if how == "spaced":
        return " ".join(word)
    if how == "dotted":
        return ".".join(word)
    if how == "homoglyph":
        return "".join(_HOMOGLYPHS.get(c, c) for c in word)
    return word.upper()


def disguised(text: str, rng: random.Random) -> str:
    """``text`` as someone avoiding a filter would write it."""
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if w.isalpha() and len(w) >= 3]
    for i in rng.sample(long_words, k=min(len(long_words), rng.randint(1, 3))):
        words[i] = _disguise_word(words[i], rng)
    for i, w in enumerate(words):
        bare = w.lstrip("$")
        if bare in _SPELLED and rng.random() < 0.7:
            words[i] = _SPELLED[bare] + (" dollars" if w.startswith("$") else "")
    return rng.choice(_OPENERS) + " ".join(words) + rng.choice(_CLOSERS)


def variants(texts: list[Text], per_text: int, seed: int) -> Iterator[Text]:
    rng = random.Random(seed)
    for t in texts:
        yield t
        for _ in range(per_text):
            yield Text(t.split, t.kind, t.title, disguised(t.text, rng), t.labels)


def found(t: Text) -> set[str]:
    """The reason codes a text gives, through the check ingest runs."""
    categories = policy_categories(t.text, job_post=t.kind == "job_post", title=t.title)
    return {str(c) for c in codes_of(categories)}


def report(texts: list[Text]) -> None:
    got = [found(t) for t in texts]
    print(f"{'code':20s} {'support':>8s} {'flagged':>8s} {'precision':>10s} {'recall':>8s}")
    for code in POLICY_CODES:
        truth = [code in t.labels for t in texts]
        said = [code in g for g in got]
        hits = sum(1 for a, b in zip(truth, said, strict=True) if a and b)
        flagged, support = sum(said), sum(truth)
        precision = hits / flagged if flagged else float("nan")
        recall = hits / support if support else float("nan")
        print(f"{code:20s} {support:8d} {flagged:8d} {precision:10.3f} {recall:8.3f}")
    benign = [g for t, g in zip(texts, got, strict=True) if not t.labels]
    print(f"benign texts given any code: {sum(1 for g in benign if g)} / {len(benign)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variants", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--split", choices=("tune", "holdout", "all"), default="all")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    print(machine())
    texts = list(variants(corpus(), args.variants, args.seed))
    for split in ("tune", "holdout") if args.split == "all" else (args.split,):
        part = [t for t in texts if t.split == split]
        print(f"\n== {split}: {len(part)} texts ({args.variants} disguised copies of each)")
        report(part)
        if args.show_misses:
            for t in part:
                if found(t) != set(t.labels):
                    print(f"  {sorted(t.labels)} -> {sorted(found(t))}: {t.text[:100]}")
    sample = [t for t in texts] * max(1, 20_000 // len(texts))
    started = time.process_time()
    for t in sample:
        policy_categories(t.text, job_post=t.kind == "job_post", title=t.title)
    seconds = time.process_time() - started
    mean = sum(len(t.text) for t in texts) / len(texts)
    rate = len(sample) / seconds
    print(
        f"\nthroughput: {rate:,.0f} texts/s on one core ({len(sample):,} texts, {mean:.0f} chars)"
    )
    shaper = TextShaper(b"a benchmark's key of 32 bytes..!")
    started = time.process_time()
    for t in sample:
        shaper.shape(t.text)
    shaping = time.process_time() - started
    print(
        f"message shapes (identity.shapes): {len(sample) / shaping:,.0f} texts/s; "
        f"policy and shape together {len(sample) / (seconds + shaping):,.0f} texts/s"
    )


if __name__ == "__main__":
    main()
