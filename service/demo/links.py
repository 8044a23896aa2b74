"""Links in the demo's messages: suspicious ones, honest ones, and victims quoting.

Each suspicious link is built from a random draw of how it disguises
itself, so no two seeds share a fixed list: a look-alike of a protected
domain (a letter swapped or doubled, leetspeak, a Cyrillic letter, the name
in another domain or as a subdomain of one, another ending), a shortener
with a random code, a bare IP address, or a program behind an innocent name;
some written defanged or spaced out. Written apart from the unit tests' and
the corpus' links.
"""

from __future__ import annotations

import random
import string
from collections.abc import Sequence
from dataclasses import dataclass

KINDS = ("lookalike", "shortener", "ip_host", "download")
NAMES = ("upwork", "paypal", "fiverr", "payoneer")  # identity.links.DEFAULT_PROTECTED
SHORTENERS = ("bit.ly", "tinyurl.com", "cutt.ly", "rb.gy", "is.gd", "t.ly", "shorturl.at")
WORDS = ("secure", "verify", "payments", "payout", "login", "support", "billing", "account")
ENDINGS = ("com", "net", "io", "xyz", "info", "online", "top")
PROGRAMS = ("tracker", "timesheet", "brief", "invoice", "contract", "setup", "player")
DOWNLOADS = ("exe", "apk", "msi", "scr", "jar", "dmg")
CYRILLIC = {"a": "\u0430", "o": "\u043e", "e": "\u0435", "p": "\u0440", "c": "\u0441"}
LEET = {"o": "0", "l": "1", "e": "3", "a": "4", "s": "5"}

SUSPICIOUS_MESSAGES = [
    "Your payout is on hold. Confirm your account at {link} within 24 hours.",
    "Please sign the contract here before we start: {link}",
    "Install our time tracker from {link} so I can see your hours.",
    "The full brief for the job is here: {link}",
    "To receive the payment verify your identity at {link}",
]
HONEST_LINKS = [
    "github.com/{user}/portfolio",
    "www.behance.net/{user}",
    "https://docs.google.com/document/d/{code}/edit",
    "https://www.upwork.com/freelancers/~{code}",
    "www.dropbox.com/s/{code}/brief.pdf",
    "figma.com/file/{code}/landing",
    "https://support.upwork.com/hc/en-us/articles/{code}",
]
HONEST_MESSAGES = [
    "Here is my previous work: {link}",
    "I put the draft at {link}, comments welcome.",
    "The reference design is {link} if that helps.",
]
QUOTED_MESSAGES = [
    "He sent me {link} and asked for my login, is this a scam?",
    "A client wants me to install {link}, should I report it?",
    "I was told to confirm my payout at {link}. Is it legit?",
]


def _code(r: random.Random, n: int) -> str:
    return "".join(r.choice(string.ascii_letters + string.digits) for _ in range(n))


def _misspelled(r: random.Random, name: str) -> str:
    how = r.randrange(4)
    i = r.randrange(len(name) - 1)
    if how == 0 and name[i] != name[i + 1]:  # two letters swapped
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if how < 2:  # a letter doubled
        return name[: i + 1] + name[i] + name[i + 1 :]
    table = LEET if how == 2 else CYRILLIC
    j = r.choice([j for j, ch in enumerate(name) if ch in table])
    return name[:j] + table[name[j]] + name[j + 1 :]


def _lookalike(r: random.Random) -> str:
    name, word, ending = r.choice(NAMES), r.choice(WORDS), r.choice(ENDINGS)
    how = r.randrange(4)
    if how == 0:
        host = f"{_misspelled(r, name)}.com"
    elif how == 1:
        host = f"{name}-{word}.{ending}" if r.random() < 0.5 else f"{word}{name}.{ending}"
    elif how == 2:
        host = f"{name}.com.{word}-{r.choice(WORDS)}.{ending}"
    else:
        host = f"{name}.{r.choice(('co', 'net', 'org', 'info'))}"
    return f"{host}/{r.choice(WORDS)}"


def suspicious(r: random.Random, kind: str) -> str:
    """A link of ``kind`` (one of :data:`KINDS`), sometimes disguised."""
    if kind == "lookalike":
        link = _lookalike(r)
    elif kind == "shortener":
        link = f"{r.choice(SHORTENERS)}/{_code(r, r.randint(5, 8))}"
    elif kind == "ip_host":
        address = ".".join(str(r.randint(11, 223)) for _ in range(4))
        port = f":{r.choice((8080, 8000, 8443))}" if r.random() < 0.3 else ""
        link = f"http://{address}{port}/{r.choice(WORDS)}"
    else:
        site = f"{r.choice(('files', 'cloud', 'work', 'drive'))}-{_code(r, 4).lower()}"
        program = f"{r.choice(PROGRAMS)}.{r.choice(DOWNLOADS)}"
        link = f"{site}.{r.choice(ENDINGS)}/{program}"
    if r.random() < 0.2 and "://" not in link:  # written so a filter misses it
        link = link.replace(".", r.choice(("[.]", " . ", "(dot)")), 1)
    if r.random() < 0.3 and "://" not in link:
        link = "https://" + link
    return link


def honest(r: random.Random, user: str) -> str:
    return r.choice(HONEST_LINKS).format(user=user, code=_code(r, 10))


@dataclass(frozen=True)
class Said:
    """One planted message: who sends it, to whom, and what it makes them."""

    sender: str
    to: str
    text: str
    pattern: str | None = None  # the sender's label, when the link is suspicious
    look_alike: str | None = None  # the sender's look-alike mark, when it is not
    at: float | None = None  # seconds after the demo's start; None: any time in its year


def plant(r: random.Random, people: list[str], share: float, kinds: Sequence[float]) -> list[Said]:
    """Suspicious links from ``share`` of ``people``; as many honest links,
    and as many victims quoting a suspicious one."""
    count = max(1, int(len(people) * share))
    out = []
    for i, sender in enumerate(r.sample(people, k=min(len(people), 3 * count))):
        to = r.choice(people)
        if to == sender:
            to = people[0] if people[0] != sender else people[-1]
        if i < count:
            link = suspicious(r, r.choices(KINDS, weights=kinds)[0])
            out.append(Said(sender, to, r.choice(SUSPICIOUS_MESSAGES).format(link=link),
                            pattern="suspicious_link"))  # fmt: skip
        elif i < 2 * count:
            link = honest(r, sender)
            out.append(Said(sender, to, r.choice(HONEST_MESSAGES).format(link=link),
                            look_alike="shared_link"))  # fmt: skip
        else:
            link = suspicious(r, r.choice(KINDS))
            out.append(Said(sender, to, r.choice(QUOTED_MESSAGES).format(link=link),
                            look_alike="scam_victim"))  # fmt: skip
    return out
