"""The text policy: each category, the disguises people use, and the look-alikes."""

from __future__ import annotations

import pytest

from identity.policy import policy_categories, screen
from identity.textnorm import normalise


def families(text: str, *, job_post: bool = False, title: str = "") -> set[str]:
    return {c.split(":")[0] for c in policy_categories(text, job_post=job_post, title=title)}


@pytest.mark.parametrize(
    ("disguised", "plain"),
    [
        ("p a y the d e p o s i t", "pay the deposit"),
        ("f.e.e", "fee"),
        ("p@y the d3p0s1t", "pay the deposit"),
        ("раy а fее", "pay a fee"),  # Cyrillic р, а, е
        ("Ｐａｙ ｆｉｆｔｙ dollars", "pay 50 dollars"),  # full-width letters, a spelled number
        ("feeeeee", "fee"),
        ("b e f o r e t h e contract", "before the contract"),
        ("h a c k i n s t a g r a m", "hack instagram"),
    ],
)
def test_normalising_takes_the_disguise_off(disguised: str, plain: str) -> None:
    assert normalise(disguised) == plain


@pytest.mark.parametrize(
    "honest", ["mp3 files in 4k", "b2b leads in 24h", "web3 and h264", "u r a star"]
)
def test_normalising_leaves_honest_mixes_of_letters_and_digits(honest: str) -> None:
    assert normalise(honest) == honest


CASES = {
    "Please pay the $45 registration fee to start the job.": {"scam"},
    "Send 50 dollars to activate your account and get the job.": {"scam"},
    "Start the full logo now, I'll open the contract once I see it.": {"scam"},
    "Write a complete 2000 word article for free as a test.": {"scam"},
    "Send me your bank login and password for the payroll.": {"scam"},
    "Leave me 5 stars or you won't get the source files.": {"extortion"},
    "Refund me or I will leave you a 1 star review.": {"extortion"},
    "You are a useless idiot.": {"abuse"},
    "I know where you live.": {"abuse"},
    "I can hack any Facebook account for you.": {"prohibited"},
    "I sell Instagram followers, 5k for $20.": {"prohibited"},
}


@pytest.mark.parametrize(("text", "expected"), CASES.items())
def test_each_category(text: str, expected: set[str]) -> None:
    assert families(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "P A Y the r3g1strat10n f-e-e first",
        "Please раy the registration fее",
        "Pay fifty dollars to get the job",
        "5 stars or no files",
        "f i v e stars or no files",
    ],
)
def test_disguised_requests_are_read(text: str) -> None:
    assert families(text) & {"scam", "extortion"}


@pytest.mark.parametrize(
    "text",
    [
        # victims reporting or asking, not scammers
        "He asked me to pay a fee, is that allowed?",
        "A client wants me to buy a starter kit first. Sounds like a scam.",
        "I was told to pay a deposit to get the job, reporting this.",
        "The client said 'leave me 5 stars or no files', can you help?",
        # negations
        "There is no registration fee and you never have to pay to apply.",
        "We will never ask for your bank password.",
        # legitimate look-alikes
        "This is a paid test task, $50, via an Upwork contract.",
        "If you liked my work, a 5 star review would mean a lot.",
        "I will send the files as soon as the milestone is released.",
        "The bug is killing me, kill the process and restart it.",
        "Don't worry, the files are attached.",
    ],
)
def test_look_alikes_break_no_rule(text: str) -> None:
    assert families(text) == set()


def test_abuse_in_the_writers_own_voice_counts_even_beside_a_report() -> None:
    assert families("I reported you, you stupid idiot.") == {"abuse"}
    assert families("He called me an idiot, I want to report him.") == set()


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Take my exam", "Take my online statistics exam this Saturday, you log in as me."),
        (
            "Reviews",
            "Write 50 five-star reviews for our product on Amazon from different accounts.",
        ),
        ("Research", "Find the home address of this anonymous Twitter user."),
        ("Web page", "Build a clone of the PayPal login page that saves the passwords."),
        ("Models", "Casting a 10 year old girl as a model for our commercial."),
    ],
)
def test_prohibited_job_posts(title: str, text: str) -> None:
    assert "prohibited" in families(text, job_post=True, title=title)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Pentest", "Authorized, scoped penetration test of our own web app, written permission."),
        ("Essay editing", "Proofread my college essay and give feedback; I wrote it myself."),
        ("Moderator", "Moderate and remove explicit content uploaded to our forum."),
        ("Security training", "Phishing awareness training for our employees."),
        ("Illustrator", "Illustrations for a children's picture book about a fox."),
        ("React developer", "We need a React developer. Requirements: 3 years. Budget $2000."),
    ],
)
def test_legitimate_job_posts_pass(title: str, text: str) -> None:
    assert families(text, job_post=True, title=title) == set()


def test_a_freelancer_ad_and_an_empty_post_are_not_jobs() -> None:
    ad = "I am a WordPress developer with 8 years of experience. Hire me! Check my portfolio."
    assert policy_categories(ad, job_post=True, title="Developer available") == ["not_a_job:ad"]
    assert policy_categories("asdf", job_post=True, title="job") == ["not_a_job:unclear"]
    # messages are never judged as job posts
    assert policy_categories(ad) == []


def test_the_match_names_the_sentence_that_broke_the_rule() -> None:
    (match,) = screen("Hello! Thanks for applying. Pay the $30 training fee first.")
    assert match.sentence == "pay the $30 training fee first."
