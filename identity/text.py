"""Attempts to move contact or payment off the platform, found in message text.

Returns *categories*, never the matched text: trustmesh stores what kind of
thing was asked for, not the words. Categories:

* ``email`` — an address, also written as "name at gmail dot com";
* ``phone`` — 7+ digits, also spaced, dotted or spelled out ("nine one seven");
* ``messenger`` — WhatsApp, Telegram, Skype, Signal, WeChat, Discord, Viber,
  by name or by link (wa.me, t.me, discord.gg);
* ``payment_outside`` — pay or be paid by PayPal, Western Union, wire, crypto,
  gift cards, or "outside"/"directly" to skip fees.

Contact categories are allowed once a contract exists between the two
parties (the caller decides); payment requests never are. Free tests and
samples are the text policy's (:mod:`identity.policy`, a scam request).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from identity.links import blank_links

CONTACT = frozenset({"email", "phone", "messenger"})

_NUMBER_WORDS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip

# The look-behind starts a try only where an address could begin, not at
# every letter of every word.
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+\s*(@|\(at\)|\[at\]|\bat\b)\s*[\w-]+\s*(\.|\(dot\)|\[dot\]|\bdot\b)\s*[a-z]{2,}"
    # an address ends there; a path after it makes a link ("at site(dot)com/login")
    r"\b(?!\s*/)",
    re.I,
)
_MESSENGER = re.compile(
    r"\b(whats\s?app|watsapp|telegram|skype|we\s?chat|discord|viber|line id)\b"
    # words that are also ordinary English count only as a place to talk
    r"|\b(on|via|my|add me on)\s+(signal|imo|line)\b"
    r"|wa\.me/|t\.me/|discord\.gg/|skype:|live:",
    re.I,
)
_PAYMENT = re.compile(
    r"\b(paypal|western\s+union|moneygram|wire\s+transfer|bank\s+transfer|crypto|bitcoin|btc|"
    r"usdt|ethereum|gift\s*cards?|zelle|venmo|cash\s*app)\b"
    r"|\b(pay|paid|payment)\b.{0,30}"
    r"\b(outside|directly|off[- ]?platform|skip\w*\s+(the\s+)?fees?)\b"
    r"|\bskip\w*\s+(the\s+)?fees?\b",
    re.I,
)
PHONE_DIGITS = 7  # digits in a row (give or take separators) that make a phone number
_DIGITS = re.compile(rf"(?:\+?\d[\s().-]{{0,3}}){{{PHONE_DIGITS},}}")
# dates and times are digit runs too; they are not phone numbers
_NOT_PHONES = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(t[\d:.]+z?)?\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2}:\d{2}\b",
    re.I,
)


def _spelled_digits(text: str) -> str:
    """'nine one seven, five five five' -> '917 555' so the phone rule sees it."""
    words = re.findall(r"[a-z]+|\d+", text.lower())
    return " ".join(_NUMBER_WORDS.get(w, w) for w in words)


# Word hints: what every match of a pattern must contain, tested on the
# lower-cased text before the pattern runs. Most messages hold none, and a
# substring test costs a hundredth of a pattern that tries every word start,
# with the same verdicts. Each hint follows from its pattern's alternatives
# ("pay" or "line" alone would pass most messages). Only for ASCII texts: IGNORECASE
# folds some other letters onto ASCII ones ("ſ" matches "s") that lower()
# keeps apart, so anything else goes straight to the patterns.
_AT_WORD = re.compile(r"\bat\b")
_SPACED_WORD = re.compile(r"\s(?:imo|line)")  # the two-word messenger forms ("on line")
_MESSENGER_WORDS = ("whats", "watsapp", "telegram", "skype", "chat", "discord", "viber",
                    "line id", "signal", "wa.me/", "t.me/", "live:")  # fmt: skip
_PAYMENT_WORDS = ("paypal", "western", "moneygram", "wire", "transfer", "crypto", "bitcoin",
                  "btc", "usdt", "ethereum", "gift", "zelle", "venmo", "cash", "skip")  # fmt: skip
_WAYS_AROUND = ("outside", "directly", "off", "skip")


def _may_hold_email(low: str) -> bool:
    return "@" in low or "(at)" in low or "[at]" in low or _AT_WORD.search(low) is not None


def _may_hold_phone(low: str) -> bool:
    # spelled digits count too; substring counts can only overcount words
    digits = sum(map(low.count, "0123456789")) + sum(map(low.count, _NUMBER_WORDS))
    return digits >= PHONE_DIGITS


def _may_hold_messenger(low: str) -> bool:
    return any(w in low for w in _MESSENGER_WORDS) or _SPACED_WORD.search(low) is not None


def _may_hold_payment(low: str) -> bool:
    if any(w in low for w in _PAYMENT_WORDS):
        return True
    return "pa" in low and any(w in low for w in _WAYS_AROUND)  # pay/paid ... directly


EXCERPT_CONTEXT = 40  # characters kept on each side of the match, at most
_MASKED_EMAIL = re.compile(r"[\w.+-]+\s*(@|\(at\)|\[at\])\s*[\w.-]+", re.I)
_ANY_DIGIT = re.compile(r"\d")


def off_platform_excerpt(text: str) -> str:
    """The first off-platform match with a little context, for an
    investigator to read; "" when nothing matches.

    Digits become ``#`` and addresses ``•••@•••``, so the excerpt keeps how
    contact was asked for and never the number or address itself."""
    # links and dates blanked to the same length, so a span in plain is a span in text
    unlinked = blank_links(text)
    plain = _NOT_PHONES.sub(lambda m: " " * len(m.group()), unlinked)
    spans = [
        m.span()
        for pattern, where in (
            (_EMAIL, unlinked), (_DIGITS, plain), (_MESSENGER, text), (_PAYMENT, text),
        )
        if (m := pattern.search(where)) is not None
    ]  # fmt: skip
    if not spans:
        return ""
    start, end = min(spans)
    left = max(0, start - EXCERPT_CONTEXT)
    right = min(len(text), end + EXCERPT_CONTEXT)
    # cut at word boundaries, so no half word suggests what was dropped
    if left > 0 and (space := text.find(" ", left, start)) != -1:
        left = space + 1
    if right < len(text) and (space := text.rfind(" ", end, right)) != -1:
        right = space
    shown = masked(text[left:right])
    return ("… " if left > 0 else "") + shown + (" …" if right < len(text) else "")


def masked(text: str) -> str:
    """``text`` on one line with addresses as ``•••@•••`` and digits as ``#``."""
    shown = _MASKED_EMAIL.sub("•••@•••", text)
    return _ANY_DIGIT.sub("#", " ".join(shown.split()))


def off_platform_categories(text: str) -> list[str]:
    """Sorted categories found in ``text`` (empty when it is clean)."""
    return _categories(text, text.lower() if text.isascii() else None)


def _categories(text: str, low: str | None) -> list[str]:
    """The patterns' verdicts, each pattern tried only where its word hint
    (tested on ``low``, the lower-cased text) allows; ``None``: try them all."""

    def worth(hint: Callable[[str], bool]) -> bool:
        return low is None or hint(low)

    found = set()
    email, phone = worth(_may_hold_email), worth(_may_hold_phone)
    unlinked = blank_links(text) if email or phone else text
    if email and _EMAIL.search(unlinked):
        found.add("email")
    if phone:
        plain = _NOT_PHONES.sub(" ", unlinked)
        if _DIGITS.search(plain) or _DIGITS.search(_spelled_digits(plain)):
            found.add("phone")
    if worth(_may_hold_messenger) and _MESSENGER.search(text):
        found.add("messenger")
    if worth(_may_hold_payment) and _PAYMENT.search(text):
        found.add("payment_outside")
    return sorted(found)
