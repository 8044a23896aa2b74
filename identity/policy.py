"""The marketplace's text policy: which rules a job post or message breaks.

Returns *categories* (:class:`identity.policy_rules.PolicyCategory`), never
the words: trustmesh stores what kind of thing was written, not the text.

How a text is read:

* normalised first (:func:`identity.textnorm.normalise`), so spacing,
  leetspeak, homoglyphs and spelled-out numbers do not hide a rule;
* one sentence at a time, each rule's pattern over the sentence;
* a match preceded by a negation in its clause is dropped ("there is **no**
  registration fee", "I will **never** ask you to work for free");
* a sentence that reports what *someone else* asked of the writer is a
  victim speaking, not an offender ("**he asked me** to pay a fee"), and a
  text that asks whether something is allowed or calls it a scam reports it
  too: scams, extortion and prohibited requests found there are dropped.
  Abuse reported that way is dropped only in the reporting sentence;
* a rule's ``unless`` context anywhere in the text makes its match
  legitimate (an authorised pentest, a paid test task, essay *editing*);
* links are read from the text as written (:mod:`identity.links`), and
  dropped where the text or their sentence reports them; the rules read
  the text with its web links blanked out;
* a job post whose sentences sell the poster ("I am a web developer with
  5 years of experience, hire me") rather than ask for work is a freelancer
  ad (``not_a_job:ad``); one that names no work at all is unclear
  (``not_a_job:unclear``).

Contact details and payment outside the platform are
:mod:`identity.text`'s (OFF_PLATFORM_CONTACT); nothing here looks for them,
so the two never count one request twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from identity.abuse import ABUSE_RULES
from identity.links import DEFAULT_LINKS, LinkCheck, blank_links, joined
from identity.policy_rules import AD_SIGNS, JOB_SIGNS, PolicyCategory, Rule
from identity.prohibited import PROHIBITED_RULES
from identity.scams import SCAM_RULES
from identity.textnorm import normalise

__all__ = ["PolicyCategory", "PolicyMatch", "policy_categories", "screen"]

RULES = SCAM_RULES + ABUSE_RULES + PROHIBITED_RULES
# each rule with its family, looked up once: screening runs every rule on every sentence
_PLAN = tuple((rule, rule.category.family) for rule in RULES)

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+|(?<=[a-z0-9)])\s*[:\u2022*]\s+|\s+-\s+")

# Someone else's request, told by the one it was made of.
_REPORTED = re.compile(
    r"\b(?:he|she|they|client|clients|employer|recruiter|someone|somebody|this\s+(?:person|guy|"
    r"user|client|man|woman)|the\s+(?:guy|person|user|man|woman|freelancer)|a\s+(?:user|guy|"
    r"person|freelancer)|buyer|seller|hr|manager|company)\b[^.?!]{0,40}\b(?:asked|asks|asking|"
    r"told|tells|wants|wanted|said|says|demanded|demands|demanding|requested|requests|"
    r"requesting|insisted|insists|threatened|threatens|threatening|keeps|kept|offered|"
    r"offers|sent|messaged|called|emailed|wrote|is\s+making|made|expects|expected|tried|"
    r"tries|is\s+trying)\b[^.?!]{0,40}\b(?:me|us|i|we|my)\b"
    r"|\b(?:i|we)\s+(?:was|were|am|are|'m|'re|got|have\s+been|had\s+been|just\s+got)\s+"
    r"(?:being\s+)?(?:asked|told|offered|threatened|called|sent|contacted|messaged|"
    r"invited|requested)\b"
    r"|\b(?:i|we)\s+(?:received|got|get)\s+(?:a|an|this|these|some|the)\s+(?:message|messages|"
    r"offer|invitation|invite|email|job\s+post|request|threat)"
    r"|(?:^|\s)\"[^\"]{3,}\"|(?:^|\s)'[^']{12,}'(?=[\s.,!?]|$)"
)
# The whole text reports or asks about something, rather than doing it.
_ABOUT_IT = re.compile(
    r"\b(?:is|are)\s+(?:this|that|it|these|they)\s+(?:a\s+|an\s+)?(?:scam|legit|legitimate|"
    r"normal|allowed|ok|okay|safe|real|fraud|fake|against|permitted|common)\b"
    r"|\b(?:is\s+it|are\s+we)\s+(?:normal|allowed|okay|ok|safe|legit)\b"
    r"|\bshould\s+i\s+(?:pay|do|send|accept|trust|report|give|share)\b"
    # "reporting" the noun (real reporting, news reporting) reports nobody
    r"|\b(?:scam|scammer|scammers|scammy|fraudster|fraudulent|(?<!real\s)(?<!news\s)"
    r"(?<!fake\s)report(?:ed|ing)?|flag(?:ged|"
    r"ging)?|beware|"
    r"be\s+careful|red\s+flags?|warning\s+(?:to|for)\s+(?:other|fellow)|sounds?\s+(?:like|fishy|"
    r"suspicious))\b"
)
# Reported text can still be abusive where the writer says it in their own voice.
_REPORTABLE = frozenset({"scam", "extortion", "prohibited", "not_a_job"})
_NEGATION = re.compile(
    r"\b(?:no|not|never|n't|dont|don't|doesnt|doesn't|didnt|didn't|wont|won't|cannot|can't|"
    r"cant|without|nor|neither|nobody|nothing|zero|refuse\s+to|against)\b"
)
# "don't worry", "no problem", "not only": negations of something else
_NOT_NEGATION = re.compile(
    r"\b(?:don'?t|do\s+not)\s+(?:worry|hesitate|forget|be\s+(?:late|shy|afraid))\b"
    r"|\bno\s+(?:problem|worries|doubt|matter|later)\b|\bnot\s+only\b|\bwithout\s+delay\b"
    r"|\bcan'?t\s+wait\b"
)
_CLAUSE = re.compile(r"[,;:()]|\b(?:but|however|although|though|because|so|and\s+then)\b")
NEGATION_WORDS = 6  # a negation this many words before a match scopes over it
_AFTER_NEGATION = re.compile(
    r"^[^.,;]{0,20}\b(?:is|are|will\s+be|was)\s+(?:not|never)\s+(?:required|needed|necessary|"
    r"charged|asked|requested|accepted|allowed|tolerated)"
)
# A job post names some work: one of these, or a word of at least 4 letters
# beyond the greetings and filler below.
_FILLER = frozenset(
    re.findall(
        r"\w+",
        "hello hi hey dear all please thanks thank you contact me message job work details "
        "here there this that the a an is are for to and or urgent asap now today need needed "
        "want wanted someone somebody help good best quick fast easy simple test new post "
        "text info information more inbox dm call friend friends regards wishes cheers "
        "sincerely kind yours there",
    )
)
_WORDS = re.compile(r"[a-z]{3,}")
AD_MARGIN = 2  # ad signs beyond job signs that make a job post an ad


@dataclass(frozen=True)
class PolicyMatch:
    """A category and where in the *normalised* text it matched (for tests
    and a masked excerpt)."""

    category: PolicyCategory
    sentence: str


def sentences(text: str) -> Iterator[str]:
    for part in _SENTENCE.split(text):
        if part and not part.isspace():
            yield part.strip()


def _negated(sentence: str, start: int, end: int) -> bool:
    before = sentence[:start]
    clause = _CLAUSE.split(before)[-1]
    window = " ".join(clause.split()[-NEGATION_WORDS:])
    window = _NOT_NEGATION.sub(" ", window)
    if _NEGATION.search(window):
        return True
    return _AFTER_NEGATION.search(sentence[end:]) is not None


def _rule_holds(rule: Rule, sentence: str, text: str) -> bool:
    for match in rule.pattern.finditer(sentence):
        if rule.negatable and _negated(sentence, match.start(), match.end()):
            continue
        if not all(concept.search(sentence) for concept in rule.also):
            return False
        return rule.unless is None or rule.unless.search(text) is None
    return False


def screen(
    text: str, *, job_post: bool = False, title: str = "", links: LinkCheck = DEFAULT_LINKS
) -> list[PolicyMatch]:
    """Every category ``text`` breaks, with the sentence that shows it.

    ``job_post``: also judge it as a job post (freelancer ad, unclear post);
    ``title`` is the post's title, read with its text; ``links`` says which
    domains' look-alikes are suspicious."""
    raw = f"{title}\n{text}" if title else text
    # the rules read prose: a link's letters are the link check's ("files-n5fw.net"
    # would read as "nsfw")
    read = joined(raw)
    whole = normalise(blank_links(read))
    about_it = _ABOUT_IT.search(whole) is not None
    found: dict[PolicyCategory, PolicyMatch] = {}
    if not about_it:
        found.update(_links(read, links))
    ad_signs = job_signs = 0
    for sentence in sentences(whole):
        reported = _REPORTED.search(sentence) is not None
        for rule, family in _PLAN:
            # most sentences match no rule: the one C-level search decides first
            if rule.category in found or rule.pattern.search(sentence) is None:
                continue
            if family in _REPORTABLE and (about_it or reported):
                continue
            if family == "abuse" and reported:
                continue
            if _rule_holds(rule, sentence, whole):
                found[rule.category] = PolicyMatch(rule.category, sentence)
        if job_post and not reported:
            ad_signs += sum(1 for sign in AD_SIGNS if sign.search(sentence))
            job_signs += sum(1 for sign in JOB_SIGNS if sign.search(sentence))
    if job_post and not about_it:
        if ad_signs - job_signs >= AD_MARGIN:
            found[PolicyCategory.NOT_A_JOB] = PolicyMatch(PolicyCategory.NOT_A_JOB, whole[:80])
        elif not _names_work(whole):
            found[PolicyCategory.UNCLEAR_JOB] = PolicyMatch(PolicyCategory.UNCLEAR_JOB, whole[:80])
    return sorted(found.values(), key=lambda m: m.category.value)


def _links(read: str, check: LinkCheck) -> dict[PolicyCategory, PolicyMatch]:
    """Each link category in ``read`` (a :func:`joined` text) with the link
    that shows it, outside reporting sentences."""
    if next(check.matches(read), None) is None:  # most texts: one pass, nothing found
        return {}
    found: dict[PolicyCategory, PolicyMatch] = {}
    for sentence in sentences(read):
        if _REPORTED.search(sentence) is None:
            for category, link in check.matches(sentence):
                found.setdefault(category, PolicyMatch(category, link))
    return found


def _names_work(text: str) -> bool:
    return sum(1 for w in _WORDS.findall(text) if w not in _FILLER) >= 2


def policy_categories(text: str, *, job_post: bool = False, title: str = "") -> list[str]:
    """Sorted category values ``text`` breaks (empty when it breaks none)."""
    return [m.category.value for m in screen(text, job_post=job_post, title=title)]
