"""Links that hide or fake where they lead, in job posts and messages.

The marketplace's flag menu has "message contains a suspicious link or
looks like spam". The categories (family ``link``) are:

* ``link:lookalike`` — a host imitating a protected domain (the
  marketplace's own, the payment providers its users know): a misspelling
  (upw0rk.com, paypa1.com, upwrok.com), the name inside another domain
  (upwork-payments.com, securepaypal.net), the name as a subdomain of
  another (upwork.com.verify-id.net), or an internationalised name whose
  letters only look alike (xn--pypal-4ve.com);
* ``link:shortener`` — a URL shortener's link (bit.ly/…): the destination
  is hidden;
* ``link:ip_host`` — a web link to a bare IP address;
* ``link:download`` — a link to a program or installer (.exe, .apk, …).

Links are read from the text as written (lower-cased), not normalised:
folding leetspeak would turn paypa1.com into the real paypal.com. Dots
written as ``[.]`` or ``(dot)``, spaced out ("bit . ly"), or as the word
"dot" before a common ending ("site dot com") are joined first. Whether a
host is a domain at all comes from the public suffix list in tldextract's
bundled snapshot: nothing is fetched.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import tldextract
from anyascii import anyascii
from rapidfuzz.distance import OSA

from identity.policy_rules import PolicyCategory

# Coined names only: a dictionary word's look-alikes ("wise-choice.com")
# are mostly innocent. A deployment sets its own (TRUSTMESH_PROTECTED_DOMAINS).
DEFAULT_PROTECTED = frozenset(
    {"upwork.com", "fiverr.com", "paypal.com", "paypal.me", "payoneer.com"}
)
SHORTENERS = frozenset({
    "bit.ly", "bitly.com", "tinyurl.com", "goo.gl", "ow.ly", "is.gd", "v.gd", "buff.ly",
    "cutt.ly", "rebrand.ly", "shorturl.at", "rb.gy", "t.ly", "tiny.cc", "s.id", "shorte.st",
    "adf.ly", "bl.ink", "short.gy", "tiny.one", "shrtco.de", "clck.ru", "qps.ru", "u.to",
})  # fmt: skip
# programs and installers: what a brief or a "time tracker" should never be
DOWNLOADS = frozenset({
    "exe", "msi", "scr", "bat", "cmd", "ps1", "vbs", "jar", "apk", "xapk", "dmg", "pkg",
    "iso", "lnk", "hta", "wsf",
})  # fmt: skip
NAME_FROM = 5  # protected names shorter than this are matched exactly only
# misspellings within this many edits (transpositions count one) of a name
# of NAME_FROM-7 letters, and one more from 8
EDITS_SHORT, EDITS_LONG = 1, 2
_ENDINGS = "com|net|org|io|co|ly|me|info|biz|xyz|ru|top|site|online|app|link|click|gl|at"
_DEFANGED = re.compile(r"\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}")
# "bit . ly", "site dot com": a dot with a space before it ends no sentence
# ("upwork. At least" stays two words)
_SPACED_DOT = re.compile(
    rf"(?<=[a-z0-9])(?:\s+\.|\s+dot\s+(?=(?:{_ENDINGS})\b))\s*(?=[a-z]{{2,}}\b)"
)
_SPACED_SLASH = re.compile(r"(\.[a-z]{2,})\s+/\s*(?=\w)")
_URL = re.compile(
    r"(?<![@\w.-])(?:(?P<scheme>[a-z][a-z0-9+.-]{1,9})://)?"
    r"(?P<host>(?:[\w-]+\.)+[\w-]+)(?::(?P<port>\d{1,5}))?(?P<path>/[^\s<>\"'()]*)?"
)
_LEET = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a"})
_extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@dataclass(frozen=True)
class Link:
    """One link as found: its host split by the public suffix list, and its path."""

    host: str
    subdomain: str
    domain: str
    suffix: str
    path: str
    web: bool  # written with a scheme, a port or a path: meant as a link

    @property
    def registrable(self) -> str:
        return f"{self.domain}.{self.suffix}"


def skeleton(label: str) -> str:
    """What a domain label reads as: ASCII letters, leetspeak and look-alike
    letters folded ("pаypa1" with a Cyrillic a -> "paypal"; "rn" -> "m")."""
    if label.startswith("xn--"):
        try:
            label = label.encode("ascii").decode("idna")
        except UnicodeError:
            return label
    folded = anyascii(label).lower().translate(_LEET)
    return folded.replace("rn", "m").replace("vv", "w")


@dataclass(frozen=True)
class LinkCheck:
    """The link categories of a text, with ``protected`` domains' look-alikes."""

    protected: frozenset[str] = DEFAULT_PROTECTED
    _names: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = {skeleton(_extract(domain).domain) for domain in self.protected}
        object.__setattr__(self, "_names", tuple(sorted(n for n in names if n)))

    def matches(self, text: str) -> Iterator[tuple[PolicyCategory, str]]:
        """Each category with the link (host and path) that shows it."""
        for link in links(text):
            shown = link.host + link.path
            if self._lookalike(link):
                yield PolicyCategory.LINK_LOOKALIKE, shown
            if link.registrable in SHORTENERS and len(link.path) > 1:
                yield PolicyCategory.LINK_SHORTENER, shown
            if link.suffix == "" and link.web:
                yield PolicyCategory.LINK_IP_HOST, shown
            ending = link.path.split("?", 1)[0].rsplit(".", 1)
            if len(ending) == 2 and ending[1] in DOWNLOADS:
                yield PolicyCategory.LINK_DOWNLOAD, shown

    def without_lookalikes(self, text: str) -> str:
        """``text`` as links are read (:func:`joined`), look-alike hosts
        blanked: a brand's name in a phishing host is no request to pay by it."""
        return _blanked(joined(text), self._lookalike)

    def _lookalike(self, link: Link) -> bool:
        if not link.suffix or link.registrable in self.protected:
            return False
        own = skeleton(link.domain)
        parts = [skeleton(part) for part in link.subdomain.split(".") if part]
        return any(_imitates(own, name) or name in parts for name in self._names)


DEFAULT_LINKS = LinkCheck()


def _imitates(label: str, name: str) -> bool:
    if label == name:  # the name under another ending, or spelled with look-alikes
        return True
    if len(name) < NAME_FROM:
        return False
    if name in label:  # upworkpayments, secure-paypal
        return True
    edits = EDITS_SHORT if len(name) < 8 else EDITS_LONG
    return OSA.distance(label, name, score_cutoff=edits) <= edits


def joined(text: str) -> str:
    """``text`` lower-cased, with defanged and spaced-out links joined up."""
    low = text.lower()
    if "." not in low and "dot" not in low:
        return low
    # each rewrite only where its sign is: most texts have none of them
    if "[" in low or "(" in low or "{" in low:
        low = _DEFANGED.sub(".", low)
    if " ." in low or "dot " in low:
        low = _SPACED_DOT.sub(".", low)
    if " /" in low:
        low = _SPACED_SLASH.sub(r"\1/", low)
    return low.replace("hxxp", "http") if "hxxp" in low else low


def registrable(name: str) -> str | None:
    """``name``'s registrable domain ("www.upwork.com" -> "upwork.com"), or
    None when it does not end in a public suffix."""
    parts = _split(name.strip().lower().rstrip("."))
    return None if parts is None else f"{parts[1]}.{parts[2]}"


_URL_ANY_CASE = re.compile(_URL.pattern, re.I)


def blank_links(text: str) -> str:
    """``text`` with its web links and IP addresses blanked out, at the same
    length: the digits of a link are no phone number ("articles/211062538"),
    nor is "the draft at www.site.com" an address written out. A bare
    "gmail.com" stays: "name at gmail.com" is one. The blank is ``#``, which
    no address or number pattern reads across (a space would join its ends)."""
    return _blanked(text, lambda link: not link.suffix or link.web or link.host[:4] == "www.")


def links(text: str) -> Iterator[Link]:
    """The links in ``text``: hosts with a known public suffix, or IP addresses."""
    for _, link in _found(joined(text), _URL):
        yield link


def _found(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[tuple[int, int], Link]]:
    for match in pattern.finditer(text):
        host = match["host"].lower().strip(".-")
        path = match["path"] or ""
        web = bool(match["scheme"] or match["port"] or path)
        if _is_ip(host):
            yield match.span(), Link(host, "", host, "", path, web)
            continue
        parts = _split(host)
        if parts is not None:
            yield match.span(), Link(host, *parts, path, web)


def _blanked(text: str, blank: Callable[[Link], bool]) -> str:
    """``text`` with the links ``blank`` picks written over with ``#``."""
    if "." not in text:
        return text
    out = text
    for (start, end), link in _found(text, _URL_ANY_CASE):
        if blank(link):
            out = out[:start] + "#" * (end - start) + out[end:]
    return out


@lru_cache(maxsize=8192)  # the same few hosts recur; a bound keeps a bulk load's memory flat
def _split(host: str) -> tuple[str, str, str] | None:
    """(subdomain, domain, suffix) when ``host`` ends in a public suffix."""
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    found = _extract(host)
    if not found.suffix or not found.domain:
        return None
    return found.subdomain, found.domain, found.suffix


def _is_ip(host: str) -> bool:
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        return False
    return True
