"""Attempts to move contact or payment off the platform, found in message text.

Returns *categories*, never the matched text: trustmesh stores what kind of
thing was asked for, not the words. Categories:

* ``email`` — an address, also written as "name at gmail dot com";
* ``phone`` — 7+ digits, also spaced, dotted or spelled out ("nine one seven");
* ``messenger`` — WhatsApp, Telegram, Skype, Signal, WeChat, Discord, Viber,
  by name or by link (wa.me, t.me, discord.gg);
* ``payment_outside`` — pay or be paid by PayPal, Western Union, wire, crypto,
  gift cards, or "outside"/"directly" to skip fees;
* ``free_work`` — unpaid tests, free samples.

Contact categories are allowed once a contract exists between the two
parties (the caller decides); payment and free-work requests never are.
"""

from __future__ import annotations

import re

CONTACT = frozenset({"email", "phone", "messenger"})

_NUMBER_WORDS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip

# The look-behind starts a try only where an address could begin: without it
# every letter of every word was a start, 14 us of a 64-character message.
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+\s*(@|\(at\)|\[at\]|\bat\b)\s*[\w-]+\s*(\.|\(dot\)|\[dot\]|\bdot\b)\s*[a-z]{2,}",
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
_FREE_WORK = re.compile(
    r"\b(free|unpaid)\s+(test|trial|sample|task|work)\b|\btest\s+task\b.{0,30}\b(free|unpaid)\b",
    re.I,
)
_DIGITS = re.compile(r"(?:\+?\d[\s().-]{0,3}){7,}")
# dates and times are digit runs too; they are not phone numbers
_NOT_PHONES = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(t[\d:.]+z?)?\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2}:\d{2}\b",
    re.I,
)


def _spelled_digits(text: str) -> str:
    """'nine one seven, five five five' -> '917 555' so the phone rule sees it."""
    words = re.findall(r"[a-z]+|\d+", text.lower())
    return " ".join(_NUMBER_WORDS.get(w, w) for w in words)


def off_platform_categories(text: str) -> list[str]:
    """Sorted categories found in ``text`` (empty when it is clean)."""
    found = set()
    if _EMAIL.search(text):
        found.add("email")
    plain = _NOT_PHONES.sub(" ", text)
    if _DIGITS.search(plain) or _DIGITS.search(_spelled_digits(plain)):
        found.add("phone")
    if _MESSENGER.search(text):
        found.add("messenger")
    if _PAYMENT.search(text):
        found.add("payment_outside")
    if _FREE_WORK.search(text):
        found.add("free_work")
    return sorted(found)
