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

    @property
    def family(self) -> str:
        """``prohibited``, ``not_a_job``, ``scam``, ``extortion`` or ``abuse``."""
        return self.value.split(":", 1)[0]


def pattern(text: str) -> re.Pattern[str]:
    """A rule's pattern: verbose, so the alternatives can be laid out."""
    return re.compile(text, re.X)


def _p(text: str) -> re.Pattern[str]:
    return pattern(text)


@dataclass(frozen=True)
class Rule:
    category: PolicyCategory
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None = None  # in the same text: legitimate after all
    negatable: bool = True  # "no registration fee", "I will not hack"
    # concepts that must also be in the sentence, in any order: the request is
    # the pattern, the leverage and the condition around it these
    also: tuple[re.Pattern[str], ...] = ()


C = PolicyCategory

_MONEY = r"(?:\$|usd|eur|gbp|inr|naira|ngn|php|rs\.?|dollars?|euros?|pounds?|bucks|\d)"
_FEE_NOUN = r"(?:fees?|deposits?|charges?|payments?|costs?|kits?)"
_FEE_KIND = (
    r"(?:registration|application|processing|onboarding|training|membership|activation|"
    r"verification|assurance|refundable|security|joining|enrol+ment|placement|interview|"
    r"admin(?:istration)?|starter|upfront|up-front|account\s+setup|certification|clearance|"
    r"insurance|equipment|laptop|release|unlock|transfer|background\s+(?:check|verification))"
)
_RATING = (
    r"(?:(?:5|five|1|one)[\s-]?stars?(?:\s+(?:reviews?|ratings?|feedback))?|reviews?|feedback|"
    r"ratings?|rate\s+(?:me|us))"
)
_WORK = (
    r"(?:files?|work|source(?:\s+code)?|code|designs?|final|deliverables?|logo|project|"
    r"article|translation|video|app|website|site|drafts?|originals?|psd|assets|"
    r"(?:last|final|remaining)\s+(?:part|bit|piece|batch|delivery|chapter|episode)s?)"
)
_YOU = r"(?:you|u|ya|yourself)"

CONDUCT_RULES: tuple[Rule, ...] = (
    # -- scams: paying to get a job -------------------------------------------
    Rule(C.FEE, _p(rf"\b{_FEE_KIND}\s+{_FEE_NOUN}")),
    Rule(
        C.FEE,
        _p(
            rf"\b(?:pay|send|deposit|transfer|wire)\b[^.]{{0,40}}{_MONEY}[^.]{{0,45}}"
            r"\b(?:to|before|for|and|so)\b[^.]{0,30}\b(?:release|apply|get|secure|unlock|access|start|"
            r"begin|receive|be\s+hired|be\s+considered|confirm|reserve|activate|join|"
            r"the\s+(?:job|position|role|task|contract|work))"
        ),
        unless=_p(r"\b(?:milestone|escrow|invoice|upwork\s+contract|on\s+the\s+platform)\b"),
    ),
    Rule(
        C.FEE,
        _p(
            r"\b(?:buy|purchase|pay\s+for)\b[^.]{0,30}\b(?:starter\s+kit|kit|equipment|laptop|"
            r"software|licen[cs]e|training\s+(?:materials?|course|package)|materials|course|"
            r"package|subscription)\b[^.]{0,50}\b(?:before|first|to\s+(?:start|begin|get)|"
            r"reimburs\w*|refund\w*|(?:our|the)\s+(?:partner|approved|preferred)\s+(?:store|"
            r"vendor|supplier|shop))"
        ),
    ),
    Rule(
        C.FEE,
        _p(
            rf"\b(?:pay|send|transfer|wire)\b[^.]{{0,20}}{_MONEY}[^.]{{0,20}}\bfor\s+(?:your|the|a|"
            r"an)\s+(?:\w+\s+)?(?:verification|registration|training|background\s+check|"
            r"onboarding|activation|application|membership|processing|certification|insurance|"
            r"deposit|clearance|account\s+setup)"
        ),
        unless=_p(r"\bmilestone\b|\bescrow\b|\binvoice\b"),
    ),
    Rule(
        C.FEE,
        _p(
            rf"\b(?:deposit|fee|payment|charge)\s+of\s+{_MONEY}[^.]{{0,30}}\b(?:is\s+|are\s+)?"
            r"(?:required|needed|necessary|mandatory|due)\b"
            r"|\b(?:pay|buy|purchase|send)\b[^.]{0,40}\bbefore\s+(?:we|i|they)\s+(?:can\s+|will\s+)?"
            r"(?:give\s+you|assign|send\s+you|hire|onboard|start|share)\b[^.]{0,20}\b(?:task|job|"
            r"work|project|contract|offer|you)"
        ),
        unless=_p(r"\bmilestone\b|\bescrow\b|\binvoice\b"),
    ),
    Rule(
        C.FEE,
        _p(
            r"\b(?:must|need\s+to|have\s+to|required\s+to|should)\s+(?:first\s+)?(?:purchase|buy|"
            r"pay\s+for|cover|pay)\s+(?:for\s+)?(?:our|the|a|an)\s+(?:\w+\s+){0,2}(?:package|kit|"
            r"course|software|licen[cs]e|materials?|deposit|fee|subscription|membership|insurance)"
        ),
        unless=_p(r"\bmilestone\b|\bescrow\b|\binvoice\b|\bupwork\s+(?:fee|membership|plus)"),
    ),
    Rule(
        C.FEE,
        _p(
            r"\b(?:send|mail|post|give)\s+(?:you\s+)?a\s+(?:check|cheque)\b[^.]{0,60}\b(?:buy|"
            r"purchase|send\s+back)"
            rf"|\bto\s+(?:unlock|get|receive|start|secure|access|activate)\b[^.]{{0,40}}\b(?:pay|"
            rf"send|deposit|transfer|wire)\b[^.]{{0,20}}{_MONEY}"
        ),
    ),
    # -- scams: work before a contract, tests that are really work -------------
    Rule(
        C.WORK_BEFORE_CONTRACT,
        _p(
            r"\b(?:free|unpaid|no[\s-]pay)(?:,?\s+(?:finished|complete|completed|full|custom|"
            r"original|new|quick|small|short))*\s+(?:[\w-]+\s+)?(?:test|trial|sample|task|work|logo|"
            r"article|design|"
            r"translation|mock-?up|prototype|demo|chapter|episode|video|landing\s+page)s?\b"
        ),
    ),
    Rule(
        C.WORK_BEFORE_CONTRACT,
        _p(
            r"\b(?:test|trial|sample|task)\b[^.]{0,40}\b(?:unpaid|not\s+(?:be\s+)?paid|"
            r"won'?t\s+be\s+paid|without\s+(?:pay|payment)|for\s+free|free\s+of\s+charge)\b"
        ),
    ),
    Rule(
        C.WORK_BEFORE_CONTRACT,
        _p(
            r"\b(?:start|begin|do|finish|complete|send|work)\b[^.]{0,25}\b(?:work(?:ing)?|the\s+(?:job|"
            r"task|project|design|article|logo))?[^.]{0,15}\b(?:before|without)\s+(?:the\s+|a\s+|"
            r"any\s+)?(?:contract|offer|hiring|i\s+hire|we\s+hire|payment|escrow|milestone)"
        ),
        negatable=False,
    ),
    Rule(
        C.WORK_BEFORE_CONTRACT,
        _p(
            r"\b(?:contract|offer|payment|hire\s+you|pay\s+you)\b[^.]{0,20}\b(?:later|afterwards|"
            r"after\s+(?:you|i|we)\s+(?:see|check|review|finish|approve|like)|once\s+(?:you|i)\s+"
            r"(?:finish|see|approve|like|am\s+happy|am\s+satisfied|are\s+done))|once\s+(?:i'm|i\s+am|"
            r"we're|we\s+are)\s+(?:happy|satisfied|pleased)"
        ),
        unless=_p(r"\bmilestone\b|\bescrow\b|\bhourly\b|\bweekly\b"),
    ),
    Rule(
        C.WORK_BEFORE_CONTRACT,
        _p(
            r"\b(?:write|design|translate|build|create|make|code|edit|produce)\b[^.]{0,25}"
            r"\b(?:full|entire|whole|complete|\d{3,}[\s-]?words?|\d+\s+(?:pages|articles|logos|"
            r"screens|videos))\b[^.]{0,40}\b(?:as\s+(?:a|the|your)\s+(?:test|trial|sample)|"
            r"to\s+(?:test|prove|show))"
        ),
        unless=_p(
            r"\bpaid\s+(?:test|trial|sample|task)|\bwe\s+(?:will\s+)?pay\s+(?:you|for)\b|"
            r"\bcompensat|\bat\s+your\s+(?:hourly\s+)?rate"
        ),
    ),
    Rule(
        C.WORK_BEFORE_CONTRACT,
        _p(
            r"\b(?:decide|see|think\s+about|consider)\s+(?:if|whether)\s+(?:i|we)\s+(?:will\s+|"
            r"'ll\s+|should\s+)?(?:hire|pay|contract|work\s+with)\s+you"
            r"|\bafter\s+(?:i|we)\s+(?:check|see|review|like|approve|test)\w*\b[^.]{0,30}\b(?:open|"
            r"send|create|start|make)\w*\s+(?:the\s+|a\s+|an\s+)?(?:contract|offer)"
        ),
        unless=_p(r"\bmilestone\b|\bescrow\b|\bpaid\s+(?:test|trial|sample)"),
    ),
    Rule(
        C.WORK_BEFORE_CONTRACT,
        _p(
            r"\b(?:as|for)\s+(?:a|the|your)\s+(?:test|trial|sample)\b[^.]{0,10}\b(?:write|design|"
            r"translate|build|create|make|code|edit|produce)\b[^.]{0,25}\b(?:full|entire|whole|"
            r"complete|\d{3,}[\s-]?words?|\d+\s+(?:pages|articles|logos|screens|videos))\b"
            r"|\bbest\s+(?:one|entry|submission|design|sample|article)s?\s+(?:gets|will\s+get|"
            r"wins|will\s+win|will\s+be)\s+(?:hired|the\s+(?:job|contract|project)|paid)"
            r"|\bonly\s+(?:the\s+)?(?:winner|winning|selected|chosen|best|top)\s*(?:[\w-]+\s+)?"
            r"(?:gets|will\s+get|is|are|will\s+be)\s+(?:paid|hired)"
            r"|\bwe\s+only\s+pay\s+(?:for\s+)?the\s+(?:selected|chosen|winning|best)"
        ),
        unless=_p(r"\bpaid\s+(?:test|trial|sample)|\bwe\s+(?:will\s+)?pay\b|\bcompensat"),
    ),
    # -- scams: financial and identity details --------------------------------
    Rule(
        C.FINANCIAL_DETAILS,
        _p(
            r"\b(?:send|give|share|provide|need|require|submit|forward|tell|what\s+is|what'?s|"
            r"enter|type|confirm|verify|text|dm|upload|scan|read\s+me|whatsapp|reply\s+with)\b"
            r"[^.]{0,40}\b(?:bank(?:ing)?\s+(?:app\s+)?(?:account|details|login|"
            r"password|info|credentials|statement)|account\s+number|routing\s+number|iban|"
            r"swift\s+code|card\s+(?:number|details)|credit\s+card|debit\s+card|cvv|cvc|"
            r"pin\s+(?:number|code)|otp|one[\s-]time\s+(?:code|password|pin)|verification\s+code|"
            r"\d\s*digit\s+code|code\s+(?:you\s+)?(?:got|received|were\s+sent)\s+(?:by|via|in)\s+"
            r"(?:sms|text|e-?mail)|code\s+(?:\w+\s+){0,2}(?:just\s+)?(?:texted|sent|emailed|"
            r"messaged)\s+you|(?:card'?s?\s+)?(?:expiry|expiration)\s+date|security\s+code|"
            r"ssn|social\s+security|passport\s+(?:scan|copy|photo|number)|id\s+(?:scan|copy|"
            r"photo|card)|driver'?s\s+licen[cs]e|(?:login|account)\s+(?:details|credentials)|"
            r"password|upwork\s+(?:login|password|credentials))"
        ),
        unless=_p(r"\bnever\s+(?:share|give|send)\b|\bphishing\s+(?:awareness|training)\b"),
    ),
    # -- blackmail for feedback -------------------------------------------------
    Rule(
        C.EXTORTION,
        _p(
            rf"\b(?:unless|until|if\s+{_YOU}\s+(?:don'?t|do\s+not|dont)|only\s+(?:if|after|when|"
            rf"once)|after|once|when)\b[^.]{{0,40}}\b(?:leave|give|post|write|rate|send|put)\b"
            rf"[^.]{{0,25}}{_RATING}[^.]{{0,60}}"
            rf"\b(?:(?:send|deliver|release|give|hand\s+over|upload|get|receive|unlock|share)\b"
            rf"[^.]{{0,25}}{_WORK}|{_WORK}\b[^.]{{0,20}}\b(?:released|delivered|sent|unlocked))"
        ),
        negatable=False,
    ),
    Rule(
        C.EXTORTION,
        _p(
            rf"\b(?:send|deliver|release|give|hand\s+over|upload|share|get|receive|see)\w*\b"
            rf"[^.]{{0,30}}{_WORK}\b[^.]{{0,40}}\b(?:after|once|when|until|till|as\s+soon\s+as)\s+"
            rf"{_YOU}\s+[^.]{{0,15}}\b(?:leave|give|post|write|rate|put)\b[^.]{{0,20}}{_RATING}"
        ),
        negatable=False,
    ),
    Rule(
        C.EXTORTION,
        _p(
            rf"\b(?:hold|keep|withhold|holding|keeping)\b[^.]{{0,30}}{_WORK}\b[^.]{{0,40}}"
            rf"\b(?:until|unless|till|before)\b[^.]{{0,40}}{_RATING}"
            rf"|\bif\s+{_YOU}\s+want\s+(?:the\s+|your\s+|my\s+)?{_WORK}\b[^.]{{0,40}}\b(?:leave|"
            rf"give|post|write|rate|put)\b[^.]{{0,20}}{_RATING}"
            rf"|\bno\s+(?:good\s+|positive\s+|great\s+)?{_RATING}\W+no\s+(?:\w+\s+)?{_WORK}"
            rf"|\b{_WORK}\s+(?:stays?|remains?|will\s+stay|is\s+staying)\s+with\s+me\b[^.]{{0,30}}"
            rf"\b(?:until|unless|till)\b[^.]{{0,30}}{_RATING}"
            rf"|\b(?:post|leave|give|write)\b[^.]{{0,15}}{_RATING}[^.]{{0,10}}\b(?:and|then)\s+"
            rf"(?:i'?ll|i\s+will|you'?ll|you\s+will)\s+(?:\w+\s+)?(?:send|deliver|release|get|"
            rf"receive|hand\s+over|upload|share)\b[^.]{{0,25}}{_WORK}"
            rf"|\b{_YOU}\s+(?:had\s+|'d\s+)?better\s+(?:leave|give|post|write|rate)\b[^.]{{0,20}}"
            rf"{_RATING}"
        ),
        negatable=False,
    ),
    Rule(
        C.EXTORTION,
        _p(
            rf"\b(?:give|leave|post|write|rate)\b[^.]{{0,25}}{_RATING}[^.]{{0,10}}\b(?:first|"
            rf"before)\b[^.]{{0,30}}\b(?:send|deliver|release|give|hand\s+over|upload|share|get)\w*"
            rf"\b[^.]{{0,20}}{_WORK}"
        ),
        negatable=False,
    ),
    Rule(
        C.EXTORTION,
        _p(
            rf"\b(?:won'?t|will\s+not|not\s+going\s+to|not|never|no)\b[^.]{{0,25}}\b(?:send|deliver|"
            rf"release|give|hand\s+over|upload|get|see|receive|share)\w*\b[^.]{{0,25}}{_WORK}\b"
            rf"[^.]{{0,50}}\b(?:unless|until|if\s+{_YOU}\s+(?:don'?t|do\s+not|dont)|without|"
            rf"before|till)\b[^.]{{0,40}}{_RATING}"
        ),
        negatable=False,
    ),
    Rule(
        C.EXTORTION,
        _p(
            rf"{_RATING}[^.]{{0,30}}\b(?:or\s+(?:else|no|you\s+(?:don'?t|won'?t|will\s+not|"
            rf"never))|otherwise|or\s+i\s+(?:keep|won'?t|will\s+not|delete))\b[^.]{{0,40}}"
            rf"(?:{_WORK}|\bget\s+nothing|\bpay)"
        ),
        negatable=False,
    ),
    Rule(
        C.EXTORTION,
        _p(
            rf"\b(?:leave|give|post|write|i'?ll\s+give)\b[^.]{{0,20}}\b(?:a\s+|an\s+)?(?:bad|"
            r"negative|terrible|horrible|awful|low|poor|1|one|2|two)[\s-]?(?:star\s+)?"
            rf"(?:stars?|reviews?|feedback|ratings?)\b[^.]{{0,50}}\b(?:unless|if\s+{_YOU}\s+"
            r"(?:don'?t|do\s+not|dont|refuse)|or\s+(?:else|give|refund|do|pay)|until)\b"
        ),
        negatable=False,
    ),
    Rule(
        C.EXTORTION,
        _p(
            rf"\b(?:unless|if\s+{_YOU}\s+(?:don'?t|do\s+not|dont|refuse)|or\s+else|otherwise|or|"
            rf"(?:keep|continue)\s+\w+ing\s+and)\b"
            rf"[^.]{{0,60}}"
            rf"\b(?:i'?ll|i\s+will|we'?ll|we\s+will|gonna|i|we|you\s+(?:are|'re)|you\s+will|i'?m|"
            rf"i\s+am|we'?re)\s+(?:leave|give|post|write|getting|get|leaving|giving|posting|"
            rf"writing)\b[^.]{{0,20}}"
            r"\b(?:a\s+|an\s+)?(?:bad|negative|terrible|horrible|awful|low|poor|1|one|2|two)"
            r"[\s-]?(?:star\s+)?(?:stars?|reviews?|feedback|ratings?)"
        ),
        negatable=False,
    ),
    # concepts in any order: a rating, something held over the other, a condition
    Rule(
        C.EXTORTION,
        _p(
            rf"{_RATING}|\b(?:raise|change|update|improve|fix|lower|remove|delete|edit)\s+"
            r"(?:the|my|your)\s+(?:negative\s+|bad\s+)?(?:rating|"
            r"review|feedback)"
        ),
        negatable=False,
        also=(
            _p(
                rf"\b(?:won'?t|not|never|no|keep\w*|hold\w*|withhold\w*|delet\w*|destroy\w*)\b"
                rf"[^.]{{0,30}}{_WORK}|\b(?:get|see|receive|hand\s+over|release|send|deliver|upload|"
                rf"unlock)\w*\b[^.]{{0,30}}{_WORK}|{_WORK}\s+(?:are|is|will\s+be)\s+yours|"
                rf"{_WORK}\s+(?:after|later|afterwards|next)\b|"
                r"\b(?:bad|negative|terrible|horrible|awful|low|"
                r"poor|1|one|2|two)[\s-]?(?:star\s+)?(?:stars?|reviews?|feedback|ratings?)|"
                r"\b(?:refund|discount|for\s+free|extra\s+\$?\d+|money\s+back)"
            ),
            _p(
                r"\b(?:unless|until|till|otherwise|or\s+else|or\s+expect|or\s+i|or\s+you|"
                r"or\s+no|or\s+else|if\s+(?:you|u)\s+(?:don'?t|do\s+not|dont|refuse|want)|"
                r"the\s+moment|as\s+soon\s+as|only\s+(?:if|after|when|once)|first\W+then|"
                r"\bfirst\b|no\s+\w+\W+no|, or\b|\band\s+(?:you'?ll|you\s+will|i'?ll|i\s+will|the|"
                r"your)\b|\bthen\b)"
            ),
        ),
        unless=_p(
            r"\b(?:please|appreciate|feel\s+free|would\s+mean|if\s+you\s+(?:liked|are\s+happy|"
            r"were\s+happy|enjoyed))\b(?![^.]*\b(?:unless|or\s+else|otherwise|won'?t|keep|bad|"
            r"negative|refund)\b)"
        ),
    ),
    # -- work before a contract, in any order -------------------------------
    Rule(
        C.WORK_BEFORE_CONTRACT,
        _p(
            r"\b(?:start|begin|do|make|write|design|translate|build|create|code|finish|complete|"
            r"send|submit|record|film|shoot|edit|draw|paint|compose)\w*\b[^.]{0,40}\b(?:now|today|first|right\s+away|the\s+whole|the\s+"
            r"entire|the\s+full|the\s+complete|all\s+of)\b"
        ),
        also=(
            _p(
                r"\b(?:once|after|when|if)\s+(?:i|we)\b[^.]{0,40}\b(?:send|open|create|make|start)\w*\s+"
                r"(?:you\s+)?(?:the\s+|an?\s+)?(?:offer|contract)"
                r"|\b(?:contract|offer|hire\s+you|hiring|pay\s+you|payment)\b[^.]{0,40}\b(?:later|"
                r"afterwards|after|when\s+you'?re\s+done|when\s+(?:it'?s|you\s+are)\s+(?:done|"
                r"finished)|once|if\s+i\s+like|sort\s+(?:it\s+)?out)"
                r"|\b(?:later|afterwards|after\s+that)\b[^.]{0,30}\b(?:contract|offer|hire|pay)"
                r"|\bi'?ll\s+pay\s+(?:you\s+)?(?:once|after|when|if)"
                r"|\b(?:sign|open|create|send|start|set\s+up)\s+(?:the\s+|a\s+)?contract\s+(?:next|"
                r"later|tomorrow|afterwards|after)"
                r"|\bif\s+(?:i|we)\s+like\s+(?:it|them|what)\b[^.]{0,30}\b(?:contract|offer|hire|"
                r"pay)"
            ),
        ),
        unless=_p(r"\bmilestone\b|\bescrow\b|\bcontract\s+is\s+(?:open|active|started)"),
    ),
    Rule(
        C.WORK_BEFORE_CONTRACT,
        _p(
            r"\b(?:make|design|write|create|translate|build|send|submit|produce|do|draw|code)\b"
            r"[^.]{0,50}\b(?:for\s+free|free\s+of\s+charge|unpaid|without\s+pay(?:ment)?|"
            r"at\s+no\s+cost|no\s+charge)\b"
        ),
        also=(
            _p(
                r"\b(?:\d+\s+(?:\w+\s+)?(?:logos?|articles?|pages?|designs?|concepts?|words?|"
                r"videos?|screens?|drafts?|samples?)|several|multiple|complete|full|whole|entire|"
                r"concepts?|samples?|test|trial|candidates?|compare|choose|pick|select|apply|"
                r"application|hire|hired)\b"
            ),
        ),
        unless=_p(r"\bcharity\b|\bvolunteer\w*\b|\bnon-?profit\b|\bpro\s+bono\b"),
    ),
    # -- threats, harassment, slurs -------------------------------------------
    Rule(
        C.THREAT,
        _p(
            r"\b(?:i'?ll|i\s+will|i'?m\s+going\s+to|im\s+going\s+to|gonna|we\s+will|we'?ll)\s+"
            r"(?:kill|hurt|find|beat|destroy|ruin|come\s+for|come\s+after|hunt|shoot|stab|"
            r"track\s+(?:you|u)\s+down|make\s+(?:you|u)\s+(?:pay|suffer|regret)|end|break|burn)"
            rf"\s+{_YOU}\b"
        ),
        negatable=False,
    ),
    Rule(
        C.THREAT,
        _p(
            r"\b(?:(?:i\s+know|find|found\s+out|know)\s+where\s+(?:you|u)\s+live|watch\s+your\s+back|you'?(?:ll|\s+will)\s+"
            r"(?:regret\s+(?:this|it)|pay\s+for\s+this|be\s+sorry)|(?:you'?re|you\s+are|ur)\s+"
            r"(?:dead|finished)|kys|kill\s+yourself|(?:you|u)\s+should\s+(?:die|be\s+dead)|"
            r"(?:hope|wish)\s+(?:you|u)\s+(?:die|get\s+hurt)|drop\s+dead|die\s+in\s+a\s+fire|sleep\s+with\s+one\s+eye|your\s+family\s+"
            r"(?:will|is\s+going\s+to)\s+(?:pay|suffer|regret))\b"
        ),
        negatable=False,
    ),
    Rule(
        C.HARASSMENT,
        _p(
            r"\b(?:you'?re|you\s+are|u\s+r|ur|you|what\s+an?)\s+(?:an?\s+|such\s+an?\s+|so\s+)?"
            r"(?:[a-z]+\s+){0,2}?(?:idiot|moron|imbecile|stupid|retard(?:ed)?|"
            r"worthless|pathetic|dumb(?:ass)?|loser|trash|garbage|scum|bitch|bastard|asshole|"
            r"dickhead|clown|piece\s+of\s+(?:shit|crap|garbage|trash)|waste\s+of\s+(?:space|air)|"
            r"subhuman|animal|pig|whore|slut|cunt|twat)\b"
        ),
        unless=_p(r"\b(?:not|never|nobody)\s+(?:\w+\s+)?(?:an?\s+)?(?:idiot|stupid|dumb)\b"),
        negatable=False,
    ),
    Rule(
        C.HARASSMENT,
        _p(
            r"\b(?:stupid|dumb|useless|worthless|pathetic|fucking|fuckin|lazy|incompetent|filthy|"
            r"disgusting)\s+(?:\w+\s+)?(?:idiot|moron|trash|garbage|scum|bitch|loser|clown|bastard|"
            r"asshole|cunt|whore|retard|pig|dog|monkey)s?\b"
        ),
        negatable=False,
    ),
    Rule(
        C.HARASSMENT,
        _p(
            r"\b(?:fuck\s*(?:you|u|off|yourself)|stfu|shut\s+(?:the\s+fuck\s+)?up|go\s+to\s+hell|"
            r"go\s+die|screw\s+you|piss\s+off|eat\s+shit|get\s+lost\s+you|son\s+of\s+a\s+bitch)\b"
        ),
        negatable=False,
    ),
    Rule(
        C.SLUR,
        _p(
            r"\b(?:nigg(?:er|a|ers|as|uh)|n1gg(?:er|a)|fag(?:got)?s?|faggots|tranny|trannies|"
            r"kike|kikes|spic|spics|chink|chinks|gook|gooks|paki|pakis|wetback|wetbacks|"
            r"raghead|towelhead|sand\s*nigger|beaner|beaners|dyke|dykes|coon|coons|"
            r"camel\s+jockey|curry\s+muncher|pajeet)\b"
        ),
        negatable=False,
    ),
)

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
        r"[^.]{0,40}\b(?:for\s+you|your\s+(?:business|website|brand|project|needs)|services?|"
        r"experience|clients)"
    ),
    _p(
        r"\b(?:contact|message|dm|inbox)\s+me\b|\blooking\s+for\s+(?:work|projects|clients|"
        r"a\s+job|jobs|new\s+clients|long[\s-]term\s+clients|gigs|opportunities)\b"
    ),
    _p(r"\b(?:\d+\+?\s+years?\s+of\s+experience|years\s+of\s+experience\s+in)\b"),
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
