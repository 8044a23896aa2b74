"""What the demo's rule-breakers and their look-alikes write.

Written apart from the text-policy corpus (``bench/corpus/policy.jsonl``),
so the demo is not scored on the sentences the rules were written from.
Each template may hold ``{n}``, filled with a number.
"""

from __future__ import annotations

# (title, text) of job posts in a prohibited category
PROHIBITED_POSTS = [
    ("Online exam", "Need someone to log into my account and take my online biology exam."),
    ("Essay", "Write my term paper for my history class, I will hand it in as my own work."),
    ("Instagram growth", "Get me {n}k Instagram followers this week, bots are fine."),
    ("Reviews needed", "Post {n} five star reviews for my shop on Google from different accounts."),
    ("Account access", "Hack into my ex's Facebook account and send me the messages."),
    ("Research", "Find the home address of the person behind this anonymous account."),
    ("Landing page", "Make a fake PayPal login page that captures the passwords."),
    ("Data", "Scrape the emails and phone numbers of all members of these Facebook groups."),
    ("Models", "Casting kids aged {n} to 12 as models for our catalogue shoot."),
    ("Writer", "Write fake news articles about a celebrity's arrest for our site."),
    ("Editor", "Editor for explicit adult videos, NSFW content."),
]
# freelancer ads and unclear posts, posted as jobs
AD_POSTS = [
    (
        "Web developer available",
        "I am a web developer with {n} years of experience. Hire me for "
        "your next website, check my portfolio.",
    ),
    (
        "Logo designer",
        "Hi, I'm a professional logo designer. I offer fast delivery and unlimited "
        "revisions. Contact me!",
    ),
    (
        "Translator for hire",
        "Native French translator, my rate is $0.0{n} per word. Available for new projects.",
    ),
    ("hello", "test"),
]
SCAM_MESSAGES = [
    "Congratulations, you are selected! Please pay the ${n} registration fee to start.",
    "We send you the equipment but first you must pay a refundable deposit of {n}0 USD.",
    "Start working on the full design now, I will open the contract after I see it.",
    "As a test please write a complete {n}000 word article for free.",
    "Send me your bank login and password so we can pay your salary.",
    "Do a small free test task first, unpaid, then we see.",
]
EXTORTION_MESSAGES = [
    "Leave me 5 stars first or you will not get the source files.",
    "I send the final files only after you post a five star review.",
    "Refund {n}0 dollars or I leave you a one star review.",
    "Unless you do the extra pages for free I will give you a bad review.",
]
ABUSIVE_MESSAGES = [
    "You are a useless idiot, nobody should hire you.",
    "I know where you live, you will regret this.",
    "Shut up you moron and do what I pay you for.",
    "Fuck you and your lazy work.",
]
# look-alikes: victims quoting a scam, a scoped pentest, essay editing, a paid test
VICTIM_MESSAGES = [
    "A client asked me to pay a registration fee before the interview, is that allowed?",
    "He said 'five stars or no files', I want to report this.",
    "Someone wants me to buy a starter kit first. Sounds like a scam to me.",
    "This client called me an idiot twice, what should I do?",
]
PENTEST_POSTS = [
    (
        "Penetration test",
        "Authorized penetration test of our own web app, scope and written permission provided.",
    ),
    ("Security review", "Security assessment of our API within the published bug bounty scope."),
]
EDITING_POSTS = [
    ("Essay editing", "Proofread my college admission essay and give feedback on clarity."),
    ("Thesis proofreading", "Edit my thesis for grammar and formatting, I wrote it myself."),
]
PAID_TEST_MESSAGES = [
    "This is a paid test task, ${n}0 through an Upwork contract, about two hours.",
    "I'd like to start with a small paid trial milestone if that works for you.",
]
