"""Blackmail for feedback and abusive messages, as patterns over normalised text.

Extortion is read as concepts that meet in one sentence, in any order: a
rating, something held over the reader (the files, a bad review, money),
and a condition ("unless", "or", "first", "the moment"). Abuse is what the
writer says to the reader in their own voice: threats, insults, slurs.
"""

from __future__ import annotations

from identity.policy_rules import PolicyCategory as C
from identity.policy_rules import Rule
from identity.policy_rules import pattern as _p

_RATING = (
    r"(?:(?:5|five|1|one)[\s-]?stars?(?:\s+(?:reviews?|ratings?|feedback))?|reviews?|feedback|"
    r"ratings?|rate\s+(?:me|us))"
)
_WORK = (
    r"(?:files?|work|source(?:\s+code)?|code|designs?|final|deliverables?|logo|project|"
    r"article|translation|video|app|website|site|drafts?|originals?|psd|assets|"
    r"(?:last|final|remaining)\s+(?:part|bit|piece|batch|delivery|chapter|episode)s?|"
    r"deliver(?:y|ies)|support|bug\s*fix(?:es)?|fixes|revisions|maintenance|admin\s+(?:access|"
    r"password|login)|access)"
)
_YOU = r"(?:you|u|ya|yourself)"

ABUSE_RULES: tuple[Rule, ...] = (
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
                r"\b(?:approve|release|pay|send)\w*\b[^.]{0,20}\b(?:milestones?|payments?|funds|"
                r"money|invoices?|bonus)\b|\bfix\w*\b[^.]{0,15}\bbugs?\b|"
                r"\b(?:bad|negative|terrible|horrible|awful|low|"
                r"poor|1|one|2|two)[\s-]?(?:star\s+)?(?:stars?|reviews?|feedback|ratings?)|"
                r"\b(?:refund|discount|for\s+free|extra\s+\$?\d+|money\s+back)"
            ),
            _p(
                r"\b(?:unless|until|till|otherwise|or\s+else|or\s+expect|or\s+i|or\s+you|"
                r"or\s+no|or\s+else|if\s+(?:you|u)\s+(?:don'?t|do\s+not|dont|refuse|want)|"
                r"the\s+moment|as\s+soon\s+as|only\s+(?:if|after|when|once)|first\W+then|"
                r"\bfirst\b|no\s+\w+\W+no|, or\b|\band\s+(?:you'?ll|you\s+will|you|i'?ll|i\s+will|"
                r"the|your)\b|\bthen\b|\bbelow\b|\b(?:less|lower)\s+than\b|\banything\s+(?:but|"
                r"less|under|other\s+than)\b|\bunder\s+(?:5|five)\b)"
            ),
        ),
        unless=_p(
            r"\b(?:please|appreciate|feel\s+free|would\s+mean|if\s+you\s+(?:liked|are\s+happy|"
            r"were\s+happy|enjoyed))\b(?![^.]*\b(?:unless|or\s+else|otherwise|won'?t|keep|bad|"
            r"negative|refund)\b)"
        ),
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
