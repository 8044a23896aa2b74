"""The data model shared by the store adapters: vocabularies and write rows.

Rows are ``TypedDict``s rather than dataclasses because they go straight into
``UNWIND $rows`` as parameters; building a dict once is cheaper than building
an object and converting it at ingest rates of tens of thousands per second.

Times are stored as integer epoch seconds (UTC). FalkorDB has no temporal
types, so this is the representation both engines compare the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple, TypedDict

from graph.codec import ScoreRecord, reason_code_needle


class AccountKind(StrEnum):
    FREELANCER = "FREELANCER"
    CLIENT = "CLIENT"
    AGENCY = "AGENCY"


class AccountStatus(StrEnum):
    ACTIVE = "ACTIVE"
    RESTRICTED = "RESTRICTED"
    BLOCKED = "BLOCKED"


class ActionKind(StrEnum):
    """The enforcement ladder, in escalating order, and LIFT, which undoes it."""

    NOTIFICATION = "NOTIFICATION"
    WARNING = "WARNING"
    RESTRICTION = "RESTRICTION"
    TIMED_RESTRICTION = "TIMED_RESTRICTION"
    BLOCK = "BLOCK"
    LIFT = "LIFT"


class Decision(StrEnum):
    """An investigator's verdict on a piece of evidence."""

    DISMISSED = "DISMISSED"
    CONFIRMED = "CONFIRMED"


class EvidenceKind(StrEnum):
    """What a piece of a reason's evidence names, so a console can link it."""

    ACCOUNT = "ACCOUNT"
    DEVICE = "DEVICE"
    IP = "IP"
    PREFIX = "PREFIX"  # an IP's /24 or /48
    PAYMENT = "PAYMENT"  # a keyed hash of a card or bank number
    EMAIL = "EMAIL"  # a keyed hash
    PHONE = "PHONE"  # a keyed hash
    PORTRAIT = "PORTRAIT"  # a perceptual hash, or a same-photo group
    CONTRACT = "CONTRACT"
    FLAG = "FLAG"
    MESSAGE = "MESSAGE"
    JOB_POST = "JOB_POST"
    COUNTRY = "COUNTRY"
    BRAND = "BRAND"  # a registered logo's brand
    PORTFOLIO = "PORTFOLIO"  # a portfolio item
    WORK = "WORK"  # a registered stock or template work's source
    TIME_LOG = "TIME_LOG"
    HOURS = "HOURS"  # hours in question, as a number
    CATEGORY = "CATEGORY"  # a text-policy category, e.g. prohibited:hacking
    LIST = "LIST"  # an allow or deny list's name
    OTHER = "OTHER"  # stored before evidence carried its kind


# Actions that change what an account may do; the others only inform.
STATUS_CHANGING_ACTIONS = ("RESTRICTION", "TIMED_RESTRICTION", "BLOCK", "LIFT")


class PaymentKind(StrEnum):
    CARD = "card"
    BANK = "bank"
    PAYPAL = "paypal"
    CRYPTO = "crypto"
    OTHER = "other"


class TargetKind(StrEnum):
    ACCOUNT = "account"
    JOB = "job"
    MESSAGE = "message"
    PORTFOLIO = "portfolio"


class FlagReason(StrEnum):
    """Why a user flagged something; mirrors the marketplace's flag menu."""

    FAKE_PROFILE = "fake_profile"
    DUPLICATE_ACCOUNT = "duplicate_account"
    LOGO_OR_FAKE_PHOTO = "logo_or_fake_photo"
    PAYMENT_OUTSIDE_PLATFORM = "payment_outside_platform"
    OFF_PLATFORM_CONTACT = "off_platform_contact"
    ASKING_FREE_WORK = "asking_free_work"
    ILLEGAL_OR_UNETHICAL = "illegal_or_unethical"
    FREELANCER_AD_NOT_JOB = "freelancer_ad_not_job"
    UNCLEAR_JOB_POST = "unclear_job_post"
    SPAM_OR_SUSPICIOUS_LINK = "spam_or_suspicious_link"
    THREATENING_OR_ABUSIVE = "threatening_or_abusive"
    FEEDBACK_MANIPULATION = "feedback_manipulation"
    ACCOUNT_SHARING = "account_sharing"
    SOMETHING_ELSE = "something_else"


# How many recent logins each account keeps for the shared-login detector.
# 256 covers several months of daily use; older logins survive only in the
# aggregated USED_DEVICE / LOGGED_IN_FROM relationship counters.
LOGIN_WINDOW = 256


class AccountRow(TypedDict):
    id: str
    kind: str
    name: str
    name_key: str  # graph.names.search_key of the name
    country: str
    created_at: int
    email_hash: str | None
    email_domain: str | None  # the keyed hash of the email's domain (deny lists)
    phone_hash: str | None
    agency: str | None


class LoginRow(TypedDict):
    key: str
    account: str
    at: int
    device: str
    ip: str
    prefix: str
    country: str | None
    lat: float | None
    lon: float | None
    entry: str  # the same login as a window entry: graph.logins.entry(at, device, …)


class PaymentRow(TypedDict):
    key: str
    account: str
    fingerprint: str
    kind: str
    at: int


class ContractRow(TypedDict):
    id: str
    client: str
    freelancer: str
    amount: float
    started_at: int
    ended_at: int | None


class FeedbackRow(TypedDict):
    contract: str
    src: str
    dst: str
    rating: int
    score: float | None  # signed rating, -1..1, when the platform has one
    at: int
    text_len: int


class FlagRow(TypedDict):
    id: str
    reporter: str
    target: str
    target_kind: str
    reason: str
    details: str | None
    at: int


class PortraitRow(TypedDict):
    account: str
    at: int
    phash: str
    dhash: str
    whash: str
    width: int
    height: int
    not_a_photo: float
    trimmed: str  # signature of the picture with uniform borders cut away
    on_black: str  # see-through uploads: trimmed signature composited on black, else ""
    colour: str  # colour hash of the trimmed picture (second test for near-duplicates)
    segments: str  # segment hashes of a logo-like picture (second opinion for the registry)
    circled: str  # signature of the picture in a round frame (round avatars)
    inner: str  # signature of the picture's centre (cropped copies)
    turned: str  # round-frame signatures of the picture turned both ways (rotated copies)
    thumb: str  # base64 JPEG preview for investigators (identity.thumbnails), "" when off


# what a Portrait node holds besides its key: every row field but who and when
PORTRAIT_PROPERTIES: tuple[str, ...] = tuple(
    name for name in PortraitRow.__annotations__ if name not in ("account", "at", "phash")
)


class PortfolioRow(TypedDict):
    id: str
    account: str
    at: int
    title: str
    phash: str
    dhash: str
    whash: str
    trimmed: str
    colour: str
    circled: str
    inner: str
    turned: str


class TimeLogRow(TypedDict):
    id: str
    contract: str
    freelancer: str
    start: int
    end: int
    manual: bool
    memo_len: int


class MessageRow(TypedDict):
    id: str
    src: str
    dst: str
    at: int
    text_len: int
    shape: str | None  # keyed MinHash of its words (identity.shapes), not the text
    categories: list[str]  # off-platform categories found in the text (not the text)
    policy: list[str]  # text-policy categories (identity.policy), not the text
    excerpt: str  # the match, masked (identity.text.off_platform_excerpt); "" if none
    excerpt_until: int | None  # when the excerpt is purged


class JobPostRow(TypedDict):
    id: str
    client: str
    at: int
    title: str
    text_len: int
    categories: list[str]
    policy: list[str]
    excerpt: str
    excerpt_until: int | None


class ActionRow(TypedDict):
    key: str
    account: str
    action: str
    reason: str
    at: int
    expires_at: int | None
    by: str


@dataclass
class WriteBatch:
    """Rows of one ingest batch, grouped by kind so each kind is one UNWIND."""

    accounts: list[AccountRow] = field(default_factory=list)
    logins: list[LoginRow] = field(default_factory=list)
    payments: list[PaymentRow] = field(default_factory=list)
    contracts: list[ContractRow] = field(default_factory=list)
    feedback: list[FeedbackRow] = field(default_factory=list)
    flags: list[FlagRow] = field(default_factory=list)
    portraits: list[PortraitRow] = field(default_factory=list)
    portfolio: list[PortfolioRow] = field(default_factory=list)
    time_logs: list[TimeLogRow] = field(default_factory=list)
    messages: list[MessageRow] = field(default_factory=list)
    job_posts: list[JobPostRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)

    def __len__(self) -> int:
        return sum(len(rows) for rows in vars(self).values())


class LoginRecord(NamedTuple):
    """One entry of an account's recent-login window.

    A named tuple, not a frozen dataclass: a rescore decodes every window
    entry (939k for the 100k demo), and one is built in 1.6 µs instead of
    2.8 (the dataclass sets each field through ``object.__setattr__``).
    """

    at: int
    device: str
    ip: str
    country: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class AccountRecord:
    """An account as read back from the store, with its direct identifiers."""

    id: str
    kind: str | None
    name: str | None
    country: str | None
    created_at: int | None
    status: str
    agency: str | None
    devices: list[str]
    ips: list[str]
    payment_fingerprints: list[str]
    email_hashes: list[str]
    phone_hashes: list[str]
    recent_logins: list[LoginRecord]
    score: ScoreRecord | None = None  # the last rescore's output; None before one


@dataclass(frozen=True)
class Queue:
    """Which scored accounts an investigator's queue shows; None filters nothing."""

    band: str | None = None
    kind: str | None = None
    country: str | None = None
    action: str | None = None  # the recommended action
    reason: str | None = None  # a reason code the score carries
    unreviewed: bool = False  # no audit record yet: nobody has acted on it
    assignee: str | None = None  # a key id: accounts of its open cases only

    def params(self) -> dict[str, object]:
        needle = None if self.reason is None else reason_code_needle(self.reason)
        return {
            "band": self.band,
            "kind": self.kind,
            "country": self.country,
            "action": self.action,
            "needle": needle,
            "unreviewed": self.unreviewed,
            "assignee": self.assignee,
        }
