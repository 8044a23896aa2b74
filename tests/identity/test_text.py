from __future__ import annotations

import pytest

from identity.text import off_platform_categories

CASES = {
    "Let's move to WhatsApp: +1 415 555 0199": ["messenger", "phone"],
    "write me at jane.doe (at) gmail (dot) com": ["email"],
    "my email is jane@example.org": ["email"],
    "call me, nine one seven five five five zero one two three": ["phone"],
    "ping me on t.me/janedoe": ["messenger"],
    "add my skype live:jane": ["messenger"],
    "I can pay you directly via PayPal to skip the fees": ["payment_outside"],
    "payment by Western Union please": ["payment_outside"],
    "I only accept USDT or bitcoin": ["payment_outside"],
    "send amazon gift cards": ["payment_outside"],
    "first do an unpaid test task": ["free_work"],
    "a free sample logo first?": ["free_work"],
}
CLEAN = [
    "Thanks for the invite, I can start on Monday.",
    "Budget is 1500 USD for 3 pages, deadline 2024-05-01 at 10:30.",
    "Please review milestone 2 of 3 in the workroom.",
    "Order 12345 shipped on 12/05/2024",
    "The signal was weak in my area",
]


@pytest.mark.parametrize(("text", "expected"), CASES.items())
def test_categories(text: str, expected: list[str]) -> None:
    assert off_platform_categories(text) == expected


@pytest.mark.parametrize("text", CLEAN)
def test_ordinary_messages_are_clean(text: str) -> None:
    assert off_platform_categories(text) == []
