"""Suspicious links: look-alikes of protected domains, shorteners, bare
addresses and programs, through the disguises people use, and never the
links honest people share."""

from __future__ import annotations

import pytest

from identity.links import LinkCheck, links, registrable, skeleton
from identity.policy import policy_categories
from identity.text import off_platform_categories

LOOKALIKE, SHORTENER = "link:lookalike", "link:shortener"
IP_HOST, DOWNLOAD = "link:ip_host", "link:download"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Confirm your payout at https://upw0rk-verify.com/login today", LOOKALIKE),
        ("Log in at upwork.com.secure-id.net/auth to be paid", LOOKALIKE),
        ("Pay the invoice through paypa1.com/invoice/123", LOOKALIKE),
        ("Check upwrok.com/jobs for the offer", LOOKALIKE),  # letters swapped
        ("Sign in: securepaypal.net/signin", LOOKALIKE),
        ("Verify at xn--pypal-4ve.com/login", LOOKALIKE),  # punycode of a look-alike
        ("Use p\u0430ypal.com/signin to get paid", LOOKALIKE),  # a Cyrillic a
        ("Same company, other ending: upwork.co/offer", LOOKALIKE),
        ("visit upwork[.]com-pay[.]net/x", LOOKALIKE),  # defanged
        ("The brief is at bit.ly/3xYz9Q", SHORTENER),
        ("the brief: bit . ly / abc123", SHORTENER),  # spaced out
        ("task details on tinyurl dot com / y7abc", SHORTENER),
        ("Download the brief: http://185.22.10.4/brief.pdf", IP_HOST),
        ("Open 192.168.1.20:8080/admin", IP_HOST),
        ("hxxp://203.0.113.9/pay", IP_HOST),
        ("Install our tracker from example-tools.net/tracker.exe first", DOWNLOAD),
        ("Get the app: mysite dot com / app.apk", DOWNLOAD),
        ("Brief: files.example.org/brief.pdf.scr?dl=1", DOWNLOAD),
    ],
)
def test_each_category_through_its_disguises(text: str, category: str) -> None:
    assert category in policy_categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "My portfolio: github.com/maria/designs and behance.net/maria",
        "See https://www.upwork.com/legal and support.upwork.com/hc for the terms",
        "Pay me through paypal.com/invoice? No: through the platform only.",
        "Use docs.google.com/document/d/abc to share the draft",
        "The script is report.py and setup.exe sits in the repo",  # files, not links
        "Server is 10.0.0.5, ssh in with your key",  # an address, not a web link
        "Version 1.2.3 is out, see e.g. the notes. Meet at 10.30.",
        "bitly is fine, I used bit.ly once",  # the service named, no link
        "Our blog freelancer-tips.com has guides",  # no protected name in it
        "The mockup is at figma.com/file/abc/landing and dropbox.com/s/x/brief.pdf",
        "We both use fiverr.com and upwork.com",
    ],
)
def test_what_honest_people_share_is_clean(text: str) -> None:
    assert not [c for c in policy_categories(text) if c.startswith("link:")]


@pytest.mark.parametrize(
    "text",
    [
        "He sent me bit.ly/3xYz9Q and asked for my login.",
        "Is upw0rk-verify.com/login a scam? It asks for my password.",
        "A client told me to install example-tools.net/tracker.exe, should I report it?",
    ],
)
def test_a_link_reported_is_not_sent(text: str) -> None:
    assert not [c for c in policy_categories(text) if c.startswith("link:")]


def test_protected_domains_are_a_deployment_s_own() -> None:
    own = LinkCheck(frozenset({"acmework.io"}))
    found = {category.value for category, _ in own.matches("Log in at acmew0rk.io/login")}
    assert found == {LOOKALIKE}
    assert not list(own.matches("upw0rk.com/login"))  # not protected here
    assert not list(own.matches("app.acmework.io/login and acmework.io"))
    shown = [link for _, link in own.matches("see ACMEWORK-pay.com/x")]
    assert shown == ["acmework-pay.com/x"]


def test_short_names_match_only_exactly() -> None:
    check = LinkCheck(frozenset({"wise.com"}))
    assert {c.value for c, _ in check.matches("wise.net/login")} == {LOOKALIKE}
    assert not list(check.matches("wiser.com/tips and otherwise.com/x"))


def test_links_split_by_the_public_suffix_list() -> None:
    [link] = links("see shop.example.co.uk/a/b.html")
    assert (link.subdomain, link.domain, link.suffix, link.path) == (
        "shop",
        "example",
        "co.uk",
        "/a/b.html",
    )
    assert not list(links("e.g. i.e. v1.2 node.js"))  # no public suffix: no link
    assert registrable("WWW.Example.co.uk.") == "example.co.uk"
    assert registrable("localhost") is None


def test_skeleton_folds_what_only_looks_alike() -> None:
    assert skeleton("paypa1") == skeleton("p\u0430ypal") == "paypal"
    assert skeleton("xn--pypal-4ve") == "paypal"
    assert skeleton("upvvork") == "upwork" and skeleton("rnyshop") == "myshop"


@pytest.mark.parametrize(
    "text",
    [
        "I like upwork. At least the fees are clear.",
        "Paid with paypal. Me and my team agree.",
        "We met on fiverr. Co-founders now.",
    ],
)
def test_a_sentence_ending_after_a_protected_name_is_no_link(text: str) -> None:
    assert policy_categories(text) == []


def test_a_brand_in_a_phishing_host_is_no_payment_request() -> None:
    """Off-platform payment reads the text with look-alike hosts blanked;
    the brand's own domains, and the brand named, still count."""
    check = LinkCheck()

    def payment(text: str) -> bool:
        return "payment_outside" in off_platform_categories(check.without_lookalikes(text))

    assert not payment("Confirm the payout at paypal[.]com.verify-id.net/x")
    assert not payment("He sent me paypal . org/login, is this a scam?")
    assert payment("pay me at paypal.me/john") and payment("send it to my PayPal")


def test_the_rules_read_prose_not_links() -> None:
    """A link's letters are the link check's: "n5fw" in a host is no "nsfw"."""
    text = "Verify your identity at files-n5fw . net/timesheet.exe"
    assert policy_categories(text) == [DOWNLOAD]
    assert policy_categories("Post NSFW videos for my channel") != []
