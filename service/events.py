"""The public ingest format: one JSON event per line, discriminated by ``type``.

These pydantic models *are* the format: ``docs/events.schema.json`` is
exported from them (``trustmesh schema --events``) and a test fails when the
two drift. Validation is strict — a rating of ``"5"`` or an unknown field is an
error, not a guess — because a silently mis-read event skews trust scores.
"""

from __future__ import annotations

import base64
import binascii
import math
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from graph.model import AccountKind, ActionKind, FlagReason, PaymentKind, TargetKind
from identity.pii import normalize_email, normalize_payment, normalize_phone
from service.addresses import ip_and_prefix

# Ids are printable: no control characters (the login window uses tabs as
# separators, and FalkorDB's lexer does not read \u escapes).
Id = Annotated[str, StringConstraints(min_length=1, max_length=256, pattern=r"^[^\x00-\x1f\x7f]+$")]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
ShortText = Annotated[str, StringConstraints(max_length=10_000)]
LongText = Annotated[str, StringConstraints(max_length=100_000)]


EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


def _representable(value: datetime) -> datetime:
    # the store keeps epoch seconds: year 9999 at -23:59 has none
    if not EARLIEST <= value <= LATEST:
        raise ValueError("must be between 1900 and 9000")
    return value


Moment = Annotated[AwareDatetime, AfterValidator(_representable)]


def epoch(value: datetime) -> int:
    return int(value.timestamp())


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)


class AccountEvent(_Event):
    type: Literal["account"]
    id: Id
    kind: AccountKind
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    country: Country
    created_at: Moment
    email: Annotated[str, StringConstraints(max_length=320)] | None = None
    phone: Annotated[str, StringConstraints(max_length=64)] | None = None
    agency: Id | None = Field(None, description="Id of the AGENCY account it belongs to.")

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        return None if value is None else normalize_email(value)

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None, info: ValidationInfo) -> str | None:
        # country is declared before phone, so it is validated (or missing) by now
        return None if value is None else normalize_phone(value, info.data.get("country"))

    @field_validator("kind", mode="before")
    @classmethod
    def _kind_upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.agency == self.id:
            raise ValueError("agency: an account cannot be its own agency")
        return self


class LoginEvent(_Event):
    type: Literal["login"]
    account: Id
    at: Moment
    device: Id
    ip: str
    country: Country | None = None
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)

    @field_validator("ip")
    @classmethod
    def _ip(cls, value: str) -> str:
        return ip_and_prefix(value)[0]

    @model_validator(mode="after")
    def _both_coordinates(self) -> Self:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat/lon: give both coordinates or neither")
        return self

    @property
    def prefix(self) -> str:
        return ip_and_prefix(self.ip)[1]


class PaymentMethodEvent(_Event):
    type: Literal["payment_method"]
    account: Id
    fingerprint: Annotated[str, StringConstraints(min_length=1, max_length=512)]
    kind: PaymentKind
    at: Moment

    @field_validator("fingerprint")
    @classmethod
    def _fingerprint(cls, value: str) -> str:
        return normalize_payment(value)


class ContractEvent(_Event):
    type: Literal["contract"]
    id: Id
    client: Id
    freelancer: Id
    amount: float = Field(ge=0)
    started_at: Moment
    ended_at: Moment | None = None

    @field_validator("amount", mode="before")
    @classmethod
    def _int_amount(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                return float(value)
            except OverflowError:
                raise ValueError("must be a finite number") from None
        return value

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.client == self.freelancer:
            raise ValueError("freelancer: client and freelancer must be different accounts")
        if not math.isfinite(self.amount):
            raise ValueError("amount: must be a finite number")
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise ValueError("ended_at: before started_at")
        return self


class FeedbackEvent(_Event):
    type: Literal["feedback"]
    contract: Id
    src: Id = Field(alias="from")
    dst: Id = Field(alias="to")
    rating: int = Field(ge=1, le=5)
    # the same rating on a signed scale, -1 worst to +1 best, for platforms
    # whose ratings have more levels than stars; reputation reads it first
    score: float | None = Field(default=None, ge=-1.0, le=1.0)
    at: Moment
    text: ShortText | None = None

    @field_validator("score", mode="before")
    @classmethod
    def _int_score(cls, value: Any) -> Any:
        return float(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.src == self.dst:
            raise ValueError("to: an account cannot review itself")
        return self


class FlagEvent(_Event):
    type: Literal["flag"]
    id: Id
    reporter: Id
    target: Id = Field(description="Account id; job/message id; portfolio owner's account id.")
    target_kind: TargetKind
    reason: FlagReason
    details: ShortText | None = None
    at: Moment

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.target_kind in (TargetKind.ACCOUNT, TargetKind.PORTFOLIO) and (
            self.target == self.reporter
        ):
            raise ValueError("target: an account cannot flag itself")
        return self


class _Picture(_Event):
    """An uploaded picture: a file beside the JSONL file, or base64 bytes."""

    path: Annotated[str, StringConstraints(min_length=1, max_length=4096)] | None = Field(
        None, description="Image file, relative to the JSONL file."
    )
    data: str | None = Field(None, description="Base64 image bytes.")

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if (self.path is None) == (self.data is None):
            raise ValueError("path/data: give exactly one of them")
        return self

    def image_bytes(self) -> bytes:
        """Decoded ``data``; raises ValueError with a field name on bad base64."""
        try:
            return base64.b64decode(self.data or "", validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("data: not valid base64") from None


class PortraitEvent(_Picture):
    type: Literal["portrait"]
    account: Id
    at: Moment


class PortfolioEvent(_Picture):
    """A portfolio item: a picture of work the account shows as its own."""

    type: Literal["portfolio"]
    id: Id
    account: Id
    at: Moment
    title: Annotated[str, StringConstraints(max_length=500)] | None = None


# a single time-log entry longer than this is a data error, not padding
MAX_TIME_LOG = timedelta(days=7)


class TimeLogEvent(_Event):
    """Time a freelancer logged on an hourly contract."""

    type: Literal["time_log"]
    id: Id
    contract: Id
    freelancer: Id
    start: Moment
    end: Moment
    manual: bool = Field(description="Entered by hand rather than by the time tracker.")
    memo: ShortText | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.end <= self.start:
            raise ValueError("end: must be after start")
        if self.end - self.start > MAX_TIME_LOG:
            raise ValueError("end: one time log spans at most 7 days")
        return self


class MessageEvent(_Event):
    type: Literal["message"]
    id: Id
    src: Id = Field(alias="from")
    dst: Id = Field(alias="to")
    at: Moment
    text: LongText


class JobPostEvent(_Event):
    type: Literal["job_post"]
    id: Id
    client: Id
    at: Moment
    title: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    text: LongText


class ActionEvent(_Event):
    type: Literal["action"]
    account: Id
    action: ActionKind
    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    at: Moment
    expires_at: Moment | None = None
    by: Id

    @model_validator(mode="after")
    def _check(self) -> Self:
        timed = self.action is ActionKind.TIMED_RESTRICTION
        if timed and self.expires_at is None:
            raise ValueError("expires_at: required for TIMED_RESTRICTION")
        if not timed and self.expires_at is not None:
            raise ValueError("expires_at: only TIMED_RESTRICTION expires")
        if self.expires_at is not None and self.expires_at <= self.at:
            raise ValueError("expires_at: must be after at")
        return self


Event = Annotated[
    AccountEvent
    | LoginEvent
    | PaymentMethodEvent
    | ContractEvent
    | FeedbackEvent
    | FlagEvent
    | PortraitEvent
    | PortfolioEvent
    | TimeLogEvent
    | MessageEvent
    | JobPostEvent
    | ActionEvent,
    Field(discriminator="type"),
]

EVENT_MODELS: tuple[type[BaseModel], ...] = (
    AccountEvent, LoginEvent, PaymentMethodEvent, ContractEvent, FeedbackEvent, FlagEvent,
    PortraitEvent, PortfolioEvent, TimeLogEvent, MessageEvent, JobPostEvent, ActionEvent,
)  # fmt: skip

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)
# the core validator itself, without TypeAdapter's Python wrapper around
# every call
_validate_json = EVENT_ADAPTER.validator.validate_json


# A reason names the field and says what is wrong; pydantic's messages can
# quote the input, which must not make a reject line (or a log line) unbounded.
MAX_MESSAGE_CHARS = 200
MAX_FIELDS_NAMED = 8


def _bounded(message: str) -> str:
    message = " ".join(message.split())  # one line, whatever the input held
    if len(message) > MAX_MESSAGE_CHARS:
        message = message[: MAX_MESSAGE_CHARS - 1] + "…"
    return message


def describe(error: ValidationError) -> str:
    """One line naming each bad field: ``rating: Input should be …; at: …``."""
    parts = []
    problems = error.errors(include_url=False)
    for item in problems[:MAX_FIELDS_NAMED]:
        loc = [str(p) for p in item["loc"]]
        # the first location element is the union tag (e.g. "login"); drop it
        field = _bounded(".".join(loc[1:])) if len(loc) > 1 else ""
        message = _bounded(item["msg"].removeprefix("Value error, "))
        if not field:
            # model-level checks name their own field ("expires_at: required …")
            has_own = ": " in message and " " not in message.split(": ")[0].strip("/")
            parts.append(message if has_own else f"event: {message}")
        else:
            parts.append(f"{field}: {message}")
    if len(problems) > MAX_FIELDS_NAMED:
        parts.append(f"… and {len(problems) - MAX_FIELDS_NAMED} more")
    return "; ".join(parts)


def parse_event(line: str | bytes) -> Event:
    """Parse one JSONL line; raises ``ValueError`` with a readable message."""
    try:
        event: Event = _validate_json(line)
    except ValidationError as exc:
        raise ValueError(describe(exc)) from None
    return event


def parse_event_object(obj: dict[str, Any]) -> Event:
    """Same as :func:`parse_event` for an already-decoded object (GraphQL input)."""
    try:
        return EVENT_ADAPTER.validate_python(obj, strict=False)
    except ValidationError as exc:
        raise ValueError(describe(exc)) from None


def json_schema() -> dict[str, Any]:
    schema = EVENT_ADAPTER.json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "trustmesh ingest event (one per JSON Lines line)"
    return schema
