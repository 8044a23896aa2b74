"""Spam in the demo: one text to many strangers, and its honest look-alikes.

* **spammers** (``spam_messages``): one pitch, reworded for each recipient
  (a greeting with a name, a sentence added or left out, numbers changed),
  to ``spam_reach`` strangers within a few days; a few of them answer;
* **job invitations** (``job_invites``): a client invites up to 30
  freelancers to one job with one text, and many of them answer;
* **updates to one's clients** (``client_updates``): a freelancer sends one
  template to every client they have a contract with.

Texts, names and rates are drawn per message from the lists below, written
apart from the unit tests' texts.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from service.demo.links import Said

PITCHES = [
    "I came across your profile and I think we could work together. I build fast websites "
    "and online shops for small businesses, {n} years of experience, rates from ${m} per "
    "project. Reply and I will send a proposal today.",
    "Are you looking for more clients this month? Our marketing team grows social media "
    "accounts with real engagement. Packages start at ${m} and results come in {n} days. "
    "Let me know if you want the price list.",
    "I help companies like yours save time with bookkeeping and invoicing. I have served "
    "{n} clients in your industry and can start this week for ${m} a month. Shall I send "
    "you a short plan?",
    "We are hiring remote assistants for simple data tasks, {n} hours a week, ${m} weekly. "
    "No experience needed, training is provided. Answer this message to reserve your place.",
    "Your profile caught my eye. I design logos and brand kits that stand out, {n} revisions "
    "included, delivery in days, from ${m}. Tell me about your business and I will sketch "
    "ideas for free.",
]
EXTRAS = [
    "Many happy clients already.",
    "This offer is only valid this week.",
    "Check my reviews, they speak for themselves.",
    "Looking forward to hearing from you.",
]
INVITATIONS = [
    "Hello, I would like to invite you to my job: {job}. I liked your profile and your "
    "previous work. Please submit a proposal if you are interested and available.",
    "Hi, your experience looks like a good fit for {job}. I am inviting a few freelancers "
    "to apply; send me a proposal with your rate and a similar project you did.",
    "Good day, I am looking for help with {job}. Would you be interested? Please apply "
    "through the job post so we can talk about the details and the timeline.",
]
JOBS = ("a product landing page", "monthly bookkeeping", "a mobile app prototype",
        "translating our help centre", "a logo refresh", "our catalogue's data entry")  # fmt: skip
UPDATES = [
    "Hi, a quick update from me: I will be away from {n} to {m} next month, and your "
    "project stays on schedule. Send anything urgent before then, thank you.",
    "Hello, I have raised my hourly rate to ${m} for new work from next month; our current "
    "contract keeps its rate. Thank you for working with me.",
]
REPLIES = [
    "Thanks for reaching out, can you tell me more?",
    "Interested, I sent a proposal.",
    "Sorry, not available right now.",
    "Who are you and how did you find me?",
]
NAMES = ("Anna", "Tom", "Priya", "Kenji", "Lucia", "Omar", "Eva", "Sam", "Ines", "Marek")


def reworded(r: random.Random, template: str) -> str:
    """``template`` as one recipient gets it."""
    text = template.format(n=r.randint(2, 12), m=r.randint(20, 90) * 5, job=r.choice(JOBS))
    if r.random() < 0.7:
        text = f"{r.choice(('Hi', 'Hello', 'Dear'))} {r.choice(NAMES)}, {text}"
    if r.random() < 0.4:
        text = f"{text} {r.choice(EXTRAS)}"
    return text


def spammers(
    r: random.Random, senders: Sequence[str], people: Sequence[str],
    reach: tuple[int, int], replies: float, start: float, days: float,
) -> list[Said]:  # fmt: skip
    """Each of ``senders`` sends one pitch to strangers; ``replies`` of them answer."""
    out: list[Said] = []
    for sender in senders:
        pitch, t0 = r.choice(PITCHES), r.uniform(start, start + 200 * 86_400)
        for to in r.sample(people, k=min(len(people), r.randint(*reach))):
            if to == sender:
                continue
            t = t0 + r.uniform(0, days * 86_400)
            out.append(Said(sender, to, reworded(r, pitch), pattern="spam_messages", at=t))
            if r.random() < replies:
                answered = t + r.uniform(600, 86_400)  # time first: seeds stay as they were
                out.append(Said(to, sender, r.choice(REPLIES), at=answered))
    return out


def invitations(
    r: random.Random, clients: Sequence[str], freelancers: Sequence[str],
    replies: float, start: float,
) -> list[Said]:  # fmt: skip
    """Each of ``clients`` invites 5-30 freelancers to one job; ``replies`` answer."""
    out: list[Said] = []
    for client in clients:
        text = reworded(r, r.choice(INVITATIONS))  # one job: one text for all
        t0 = r.uniform(start, start + 200 * 86_400)
        for to in r.sample(freelancers, k=min(len(freelancers), r.randint(5, 30))):
            t = t0 + r.uniform(0, 2 * 86_400)
            out.append(Said(client, to, text, look_alike="job_invites", at=t))
            if r.random() < replies:
                answered = t + r.uniform(600, 3 * 86_400)
                out.append(Said(to, client, r.choice(REPLIES), at=answered))
    return out


def updates(r: random.Random, sender: str, clients: Sequence[str], at: float) -> list[Said]:
    """One template from ``sender`` to each of ``clients`` (all under contract)."""
    template, mark = r.choice(UPDATES), "client_updates"
    out = []
    for to in clients:
        sent = at + r.uniform(0, 3600)
        out.append(Said(sender, to, reworded(r, template), look_alike=mark, at=sent))
    return out
