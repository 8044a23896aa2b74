"""Client scams, as patterns over normalised text (identity.policy reads them).

The marketplace tells freelancers to report a client who asks for money to
get a job (registration fees, refundable deposits, starter kits, cheques
to buy equipment with), who wants work before a contract or a test that is
really work, or who asks for bank, card, identity or login details. Asking
for contact details or payment outside the platform is
:mod:`identity.text`'s (OFF_PLATFORM_CONTACT), so no request counts twice.
"""

from __future__ import annotations

from identity.policy_rules import PolicyCategory as C
from identity.policy_rules import Rule
from identity.policy_rules import pattern as _p

_MONEY = (
    r"(?:\$|usd|eur|gbp|inr|naira|ngn|php|rs\.?|dollars?|euros?|pounds?|bucks|usdt|usdc|btc|"
    r"bitcoin|crypto|\d)"
)
_FEE_NOUN = r"(?:fees?|deposits?|charges?|payments?|costs?|kits?|amounts?|sums?)"
_PAY = r"(?:pay|send|deposit|transfer|wire|remit|top\s*up|recharge)"
_FEE_KIND = (
    r"(?:registration|application|processing|onboarding|training|membership|activation|"
    r"verification|assurance|refundable|security|joining|enrol+ment|placement|interview|"
    r"admin(?:istration)?|starter|upfront|up-front|account\s+setup|certification|clearance|"
    r"insurance|equipment|laptop|release|unlock|transfer|background\s+(?:check|verification)|"
    r"screening|sign[\s-]?up|entry)"
)

SCAM_RULES: tuple[Rule, ...] = (
    # -- scams: paying to get a job -------------------------------------------
    Rule(C.FEE, _p(rf"\b{_FEE_KIND}\s+{_FEE_NOUN}")),
    # gift cards and crypto top-ups: the payment scams leave no trace with
    Rule(
        C.FEE,
        _p(
            r"\b(?:buy|purchase|get)\b[^.]{0,30}\bgift\s*cards?\b"
            r"|\bgift\s*cards?\b[^.]{0,30}\b(?:codes?|pins?)\b"
            rf"|\b(?:top\s*up|recharge|reload)\b[^.]{{0,40}}{_MONEY}"
            rf"|\b{_PAY}\b[^.]{{0,20}}{_MONEY}[^.]{{0,25}}\bto\s+(?:our|the|my|a|an)\s+(?:approved\s+|"
            r"preferred\s+|certified\s+|designated\s+)?(?:supplier|vendor|agent|store|shop|partner|"
            r"accountant|coordinator|logistics)"
        ),
        unless=_p(r"\b(?:milestone|escrow|invoice|as\s+a\s+(?:thank|bonus|gift|reward))\b"),
    ),
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
            r"\b(?:buy|purchase|pay\s+for)\b[^.]{0,30}\b(?:starter\s+kit|\w*kit|tools|supplies|"
            r"uniform|equipment|laptop|"
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
            r"deposit|clearance|account\s+setup|materials|\w*kit|equipment|software|uniform|"
            r"supplies)"
            r"|\b(?:starts?|begins?)\s+(?:after|once|when)\s+(?:you\s+)?(?:send|pay|transfer|"
            r"deposit)"
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
            r"course|software|licen[cs]e|materials?|deposit|fee|subscription|membership|insurance|"
            r"\w*kit|tools|supplies|uniform)"
        ),
        unless=_p(r"\bmilestone\b|\bescrow\b|\binvoice\b|\bupwork\s+(?:fee|membership|plus)"),
    ),
    Rule(
        C.FEE,
        _p(
            r"\b(?:send|mail|post|give)\s+(?:you\s+)?a\s+(?:check|cheque)\b[^.]{0,60}\b(?:buy|"
            r"purchase|send\s+back)"
            r"|\b(?:check|cheque)\b[^.]{0,40}\bdeposit\b[^.]{0,40}\bsend\s+(?:back|the\s+"
            r"(?:rest|difference|remainder))"
            rf"|\bto\s+(?:unlock|get|receive|start|secure|access|activate|proceed)\b[^.]{{0,40}}"
            rf"\b{_PAY}\b[^.]{{0,20}}{_MONEY}"
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
            r"[^.]{0,60}\b(?:bank(?:ing)?\s+(?:app\s+)?(?:account|details|login|"
            r"password|info|credentials|statement)|account\s+number|routing\s+number|iban|"
            r"swift\s+code|card\s+(?:number|details)|credit\s+card|debit\s+card|cvv|cvc|"
            r"pin\s+(?:number|code)|otp|one[\s-]time\s+(?:code|password|pin)|verification\s+code|"
            r"\d\s*digit\s+code|code\s+(?:you\s+)?(?:got|received|were\s+sent)\s+(?:by|via|in)\s+"
            r"(?:sms|text|e-?mail)|code\s+(?:\w+\s+){0,2}(?:just\s+)?(?:texted|sent|emailed|"
            r"messaged)\s+you|(?:card'?s?\s+)?(?:expiry|expiration)\s+date|security\s+code|"
            r"ssn|social\s+security|passport\s+(?:scan|copy|photo|number)|(?:copy|scan|photo|"
            r"picture|image)s?\s+of\s+(?:your\s+)?(?:passport|national\s+id|id\s+card|"
            r"driver'?s\s+licen[cs]e)|id\s+(?:scan|copy|"
            r"photo|card)|driver'?s\s+licen[cs]e|(?:login|account)\s+(?:details|credentials)|"
            r"password|upwork\s+(?:login|password|credentials))"
        ),
        unless=_p(r"\bnever\s+(?:share|give|send)\b|\bphishing\s+(?:awareness|training)\b"),
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
)
