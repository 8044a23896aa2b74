"""What the marketplace rulebook forbids in job posts and messages, as patterns.

Each :class:`Rule` names a category and a pattern over normalised text
(:func:`identity.textnorm.normalise`: plain lower-case ASCII, disguises
removed), read one sentence at a time. A rule may carry ``unless``, the
contexts that make the same words legitimate (a scoped, authorised pentest;
an essay edited, not written; a test task that is paid). Negation and
reported speech are decided for every rule alike, in :mod:`identity.policy`.

The categories come from the marketplace's public rules: the prohibited
services list, the client scams it tells freelancers to report (fees to get
a job, work before a contract, tests that are really work, asking for
financial details), blackmail for feedback, and threatening or abusive
messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class PolicyCategory(StrEnum):
    """A category of forbidden text; stored on the job post or message."""

    ACADEMIC_CHEATING = "prohibited:academic_cheating"
    SEXUAL_CONTENT = "prohibited:sexual_content"
    CHILD_EXPLOITATION = "prohibited:child_exploitation"
    CHILD_LABOUR = "prohibited:child_labour"
    SCRAPING = "prohibited:scraping"
    FAKE_ENGAGEMENT = "prohibited:fake_engagement"
    FAKE_REVIEWS = "prohibited:fake_reviews"
    FAKE_NEWS = "prohibited:fake_news"
    HACKING = "prohibited:hacking"
    DOXXING = "prohibited:doxxing"
    PHISHING = "prohibited:phishing"
    VIOLENCE = "prohibited:violence"
    NOT_A_JOB = "not_a_job:ad"
    UNCLEAR_JOB = "not_a_job:unclear"
    FEE = "scam:fee"
    WORK_BEFORE_CONTRACT = "scam:work_before_contract"
    FINANCIAL_DETAILS = "scam:financial_details"
    EXTORTION = "extortion:feedback"
    THREAT = "abuse:threat"
    HARASSMENT = "abuse:harassment"
    SLUR = "abuse:slur"
    LINK_LOOKALIKE = "link:lookalike"
    LINK_SHORTENER = "link:shortener"
    LINK_IP_HOST = "link:ip_host"
    LINK_DOWNLOAD = "link:download"

    @property
    def family(self) -> str:
        """``prohibited``, ``not_a_job``, ``scam``, ``extortion``, ``abuse`` or ``link``."""
        return self.value.split(":", 1)[0]


def pattern(text: str) -> re.Pattern[str]:
    """A rule's pattern: verbose, so the alternatives can be laid out."""
    return re.compile(text, re.X)


_p = pattern  # short, for the long tables of patterns


@dataclass(frozen=True)
class Rule:
    category: PolicyCategory
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None = None  # in the same text: legitimate after all
    negatable: bool = True  # "no registration fee", "I will not hack"
    # concepts that must also be in the sentence, in any order: the request is
    # the pattern, the leverage and the condition around it these
    also: tuple[re.Pattern[str], ...] = ()


# Freelancer ads posted as jobs: first person selling oneself. Each match is
# one sign; an ad shows several and a job post few of them (identity.policy).
AD_SIGNS: tuple[re.Pattern[str], ...] = (
    _p(
        r"\bi\s*(?:am|'m)\s+(?:an?\s+)?(?:\w+\s+){0,3}(?:developer|designer|writer|editor|"
        r"assistant|marketer|programmer|engineer|translator|expert|specialist|freelancer|"
        r"consultant|artist|animator|photographer|videographer|copywriter|illustrator|"
        r"professional|accountant|bookkeeper|tutor|coder|architect|strategist)\b"
    ),
    _p(
        r"\bhire\s+me\b|\bavailable\s+for\s+(?:hire|work|new\s+projects|freelance)|"
        r"\bopen\s+(?:to|for)\s+(?:work|new\s+projects|opportunities|offers)"
    ),
    _p(
        r"\bmy\s+(?:services|portfolio|skills|expertise|rates?|gig|profile|previous\s+clients|"
        r"past\s+clients|work\s+samples)\b"
    ),
    _p(
        r"\bi\s+(?:can|will|offer|provide|specialize|specialise|deliver|have\s+\d+\+?\s+years)\b"
        r"[^.]{0,40}\b(?:for\s+you|your\s+(?:business|website|site|brand|project|needs|emails?|"
        r"calendar|social\s+media|store|shop|books|content|rankings?|app)|services?|"
        r"experience|clients)"
    ),
    _p(
        r"\b(?:contact|message|dm|inbox)\s+me\b|\blooking\s+for\s+(?:work|projects|clients|"
        r"a\s+job|jobs|new\s+clients|long[\s-]term\s+clients|gigs|opportunities)\b"
    ),
    _p(r"\b(?:\d+\+?\s+years?\s+(?:of\s+)?experience|years\s+of\s+experience\s+in)\b"),
    _p(
        r"\b(?:expert|specialist|developer|designer|writer|freelancer|professional|consultant)\s+"
        r"here\b|\btop[\s-]rated\s+(?:\w+\s+){0,2}(?:expert|specialist|developer|designer|writer|"
        r"freelancer|seller)"
    ),
    # a title that names the poster's own offer: "Logo designer available", "SEO services"
    _p(r"\b(?:services|for\s+hire|available)\s*$"),
    _p(
        r"\b(?:why\s+choose\s+me|what\s+i\s+offer|my\s+rate\s+is|i\s+charge|starting\s+(?:at|from)\s+"
        r"\$?\d+|(?:fast|quick)\s+delivery|unlimited\s+revisions|satisfaction\s+guaranteed)\b"
    ),
)
JOB_SIGNS: tuple[re.Pattern[str], ...] = (
    _p(
        r"\b(?:we\s+(?:are|'re)|i\s*(?:am|'m))\s+(?:\w+\s+){0,2}(?:looking|searching|seeking)\s+"
        r"(?:for\s+)?(?:an?\s+|some\s+)?(?:\w+\s+){0,3}(?:developer|designer|writer|editor|"
        r"assistant|freelancer|expert|specialist|someone|somebody|person|help|professional|"
        r"team|agency|programmer|engineer|translator|marketer|consultant)"
    ),
    _p(
        r"\b(?:we\s+need|i\s+need|need\s+(?:an?|someone|somebody|help)|seeking\s+an?|"
        r"hiring\s+an?|to\s+hire\s+an?)\b"
    ),
    _p(
        r"\b(?:requirements|responsibilities|deliverables|the\s+ideal\s+candidate|you\s+will|"
        r"please\s+(?:apply|include|send|share\s+your)|in\s+your\s+proposal|applicants|"
        r"budget\s+(?:is|of)|our\s+budget|timeline|deadline)\b"
    ),
)
