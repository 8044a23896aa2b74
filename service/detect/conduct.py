"""Conduct: what job posts and messages say (identity.policy's categories).

Only the categories are stored, never the text; the findings name the job
posts and messages, for an investigator to open.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar

from graph import spam
from graph.model import EvidenceKind
from graph.projection import Projection
from identity.policy import PolicyCategory
from service.detect.base import Detector, Finding, Found
from service.scoring import ReasonCode

# each category family is one reason code
FAMILY_CODES: dict[str, ReasonCode] = {
    "prohibited": ReasonCode.PROHIBITED_JOB,
    "not_a_job": ReasonCode.NOT_A_JOB,
    "scam": ReasonCode.SCAM_REQUEST,
    "extortion": ReasonCode.FEEDBACK_EXTORTION,
    "abuse": ReasonCode.ABUSIVE_MESSAGE,
    "link": ReasonCode.SUSPICIOUS_LINK,
}
POLICY_CODES: tuple[ReasonCode, ...] = tuple(FAMILY_CODES.values())

# How sure one text makes each category: plain offences are certain; work
# before a contract and harassment leave room for a misreading.
SEVERITY: dict[PolicyCategory, float] = {
    PolicyCategory.WORK_BEFORE_CONTRACT: 0.7,
    PolicyCategory.HARASSMENT: 0.7,
    PolicyCategory.SCRAPING: 0.8,
    # a hidden destination is how spam and phishing travel, and how a busy
    # person shares a long link; a program or a bare address rarely is honest
    PolicyCategory.LINK_SHORTENER: 0.5,
    PolicyCategory.LINK_IP_HOST: 0.7,
    PolicyCategory.LINK_DOWNLOAD: 0.8,
}
DEFAULT_SEVERITY = 1.0
PER_FURTHER_TEXT = 0.1  # each further text in the same family

WORDS: dict[PolicyCategory, str] = {
    PolicyCategory.ACADEMIC_CHEATING: "academic cheating",
    PolicyCategory.SEXUAL_CONTENT: "sexually explicit content",
    PolicyCategory.CHILD_EXPLOITATION: "child exploitation",
    PolicyCategory.CHILD_LABOUR: "children asked to work",
    PolicyCategory.SCRAPING: "scraping data that is not theirs",
    PolicyCategory.FAKE_ENGAGEMENT: "fake profiles or bot followers",
    PolicyCategory.FAKE_REVIEWS: "fake reviews",
    PolicyCategory.FAKE_NEWS: "fake news",
    PolicyCategory.HACKING: "hacking",
    PolicyCategory.DOXXING: "doxxing",
    PolicyCategory.PHISHING: "phishing",
    PolicyCategory.VIOLENCE: "violence",
    PolicyCategory.NOT_A_JOB: "a freelancer's ad rather than a job",
    PolicyCategory.UNCLEAR_JOB: "no work described",
    PolicyCategory.FEE: "money to get a job (a fee or deposit)",
    PolicyCategory.WORK_BEFORE_CONTRACT: "work before a contract, or a test that is real work",
    PolicyCategory.FINANCIAL_DETAILS: "bank, card, identity or login details",
    PolicyCategory.EXTORTION: "a rating in exchange for the work, or a bad one as a threat",
    PolicyCategory.THREAT: "threats",
    PolicyCategory.HARASSMENT: "insults",
    PolicyCategory.SLUR: "slurs",
    PolicyCategory.LINK_LOOKALIKE: "a site posing as a protected domain",
    PolicyCategory.LINK_SHORTENER: "a shortened link hiding its destination",
    PolicyCategory.LINK_IP_HOST: "a link to a bare IP address",
    PolicyCategory.LINK_DOWNLOAD: "a link to a program or installer",
}
SENTENCES: dict[ReasonCode, str] = {
    ReasonCode.PROHIBITED_JOB: "Posted or offered prohibited work: {what}.",
    ReasonCode.NOT_A_JOB: "A job post that is not a job: {what}.",
    ReasonCode.SCAM_REQUEST: "Asked for {what}.",
    ReasonCode.FEEDBACK_EXTORTION: "Demanded {what}.",
    ReasonCode.ABUSIVE_MESSAGE: "Sent messages with {what}.",
    ReasonCode.SUSPICIOUS_LINK: "Sent suspicious links: {what}.",
}

NEVER = 2**62  # a contract start later than any message


def codes_of(categories: Iterable[str]) -> set[ReasonCode]:
    """The reason codes stored categories give."""
    families = {c.split(":", 1)[0] for c in categories}
    return {FAMILY_CODES[f] for f in families if f in FAMILY_CODES}


@dataclass(frozen=True)
class TextPolicy(Detector):
    """PROHIBITED_JOB, NOT_A_JOB, SCAM_REQUEST, FEEDBACK_EXTORTION,
    ABUSIVE_MESSAGE and SUSPICIOUS_LINK on the sender of each job post or
    message. Work before a contract is no scam once the two have one."""

    name: ClassVar[str] = "text_policy"
    codes: ClassVar[tuple[ReasonCode, ...]] = POLICY_CODES

    def run(self, p: Projection, found: Found) -> list[Finding]:
        texts: dict[tuple[int, ReasonCode], list[tuple[str, EvidenceKind, set[PolicyCategory]]]]
        texts = defaultdict(list)
        for attempt in p.contact_attempts:
            categories = {PolicyCategory(c) for c in attempt.policy if c in _KNOWN}
            if "free_work" in attempt.categories:  # stored by the off-platform check of old
                categories.add(PolicyCategory.WORK_BEFORE_CONTRACT)
            if attempt.recipient is not None and PolicyCategory.WORK_BEFORE_CONTRACT in categories:
                me, other = p.ids[attempt.sender], attempt.recipient
                started = min(
                    p.contracts.get((me, other), NEVER), p.contracts.get((other, me), NEVER)
                )
                if started <= attempt.at:
                    categories.discard(PolicyCategory.WORK_BEFORE_CONTRACT)
            kind = EvidenceKind.JOB_POST if attempt.recipient is None else EvidenceKind.MESSAGE
            by_code: dict[ReasonCode, set[PolicyCategory]] = defaultdict(set)
            for category in categories:
                by_code[FAMILY_CODES[category.family]].add(category)
            for code, named in by_code.items():
                texts[(attempt.sender, code)].append((attempt.id, kind, named))
        out = []
        for (sender, code), shown in sorted(texts.items(), key=lambda item: item[0]):
            named = set().union(*(cs for _, _, cs in shown))
            severity = max(SEVERITY.get(c, DEFAULT_SEVERITY) for c in named)
            severity = min(1.0, severity + PER_FURTHER_TEXT * (len(shown) - 1))
            what = ", ".join(sorted(WORDS[c] for c in named))
            broken = sorted(c.value for c in named)
            out.append(
                Finding(
                    sender,
                    code,
                    severity,
                    SENTENCES[code].format(what=what),
                    (*(text_id for text_id, _, _ in shown), *broken),
                    (*(kind for _, kind, _ in shown), *[EvidenceKind.CATEGORY] * len(broken)),
                )
            )
        return out


_KNOWN = frozenset(c.value for c in PolicyCategory)


@dataclass(frozen=True)
class SpamMessages(Detector):
    """SPAM_MESSAGES: one text sent to many accounts nothing ties to the
    sender (:mod:`graph.spam`). Severity grows from ``base`` at the rule's
    least burst to 1 at ``full`` times it."""

    rule: spam.Rule = field(default_factory=spam.Rule)
    base: float = 0.6
    full: float = 3.0
    most_ids: int = 20  # evidence kept: the burst's first messages

    name: ClassVar[str] = "spam_messages"
    codes: ClassVar[tuple[ReasonCode, ...]] = (ReasonCode.SPAM_MESSAGES,)
    # who a recipient wrote to is the whole marketplace's; a rescore at
    # ingest reads only its neighbourhood
    local: ClassVar[bool] = False
    SENTENCE: ClassVar[str] = (
        "Sent one text to {cold} accounts it had no contract or conversation with before, "
        "within {days:.0f} day(s); {answered} of them answered."
    )

    def run(self, p: Projection, found: Found) -> list[Finding]:
        wrote: dict[int, dict[str, int]] = defaultdict(dict)  # account -> who wrote to it, first
        for sender, messages in p.sent.items():
            who = p.ids[sender]
            for message in messages:
                if (to := p.index.get(message.recipient)) is not None:
                    seen = wrote[to]
                    seen[who] = min(seen.get(who, message.at), message.at)
        partners: dict[str, set[str]] = defaultdict(set)
        for client, freelancer in p.contracts:
            partners[client].add(freelancer)
            partners[freelancer].add(client)
        for a, b in p.same_agency_pairs():
            partners[p.ids[a]].add(p.ids[b])
            partners[p.ids[b]].add(p.ids[a])
        out = []
        for sender, messages in sorted(p.sent.items()):
            if len(messages) < self.rule.least:
                continue  # nearly every account: too few messages to be a burst
            me = p.ids[sender]
            bursts = spam.bursts(messages, spam.Ties(partners[me], wrote[sender]), self.rule)
            if not bursts:
                continue
            worst = max(bursts, key=lambda b: (b.cold, -b.start))
            over = (worst.cold - self.rule.least) / (self.rule.least * (self.full - 1))
            severity = min(1.0, self.base + (1.0 - self.base) * over)
            ids = worst.ids[: self.most_ids]
            days = max(1.0, (worst.end - worst.start) / spam.DAY)
            sentence = self.SENTENCE.format(cold=worst.cold, days=days, answered=worst.answered)
            out.append(Finding(sender, ReasonCode.SPAM_MESSAGES, round(severity, 3), sentence,
                               ids, (EvidenceKind.MESSAGE,) * len(ids)))  # fmt: skip
        return out
