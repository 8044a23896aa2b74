"""What a webhook call carries, and its Stripe-style signature.

A payload holds only what the marketplace frontend could already see (band,
score range, status) plus the recommended action: no reasons, no evidence,
no reporter, no investigator's words.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from graph.cypher.webhooks import DeliveryRow
from service.scoring import score_range

SIGNATURE_HEADER = "Trustmesh-Signature"
EVENT_ID_HEADER = "Trustmesh-Event-Id"
# how old a signed timestamp a receiver should accept (the verification example)
TOLERANCE_S = 300


class WebhookEvent(StrEnum):
    BAND_CHANGED = "account.band_changed"
    RECOMMENDED_ACTION_CHANGED = "account.recommended_action_changed"
    ACTION_TAKEN = "action.taken"
    CASE_CLOSED = "case.closed"
    TEST = "webhook.test"


def _iso(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, tz=UTC).isoformat(timespec="milliseconds")


def _data(row: DeliveryRow) -> dict[str, Any]:
    match WebhookEvent(row.type):
        case WebhookEvent.BAND_CHANGED:
            return {
                "before": {"band": row.before},
                "after": {"band": row.after, "score_range": score_range(row.score)},
                "recommended_action": row.action or "NONE",
            }
        case WebhookEvent.RECOMMENDED_ACTION_CHANGED:
            return {
                "before": {"recommended_action": row.before},
                "after": {"recommended_action": row.after, "score_range": score_range(row.score)},
            }
        case WebhookEvent.ACTION_TAKEN:
            return {
                "before": None,
                "after": {"action": row.after, "at": _iso(row.at),
                          "expires_at": _iso(row.expires_at)},
            }  # fmt: skip
        case WebhookEvent.CASE_CLOSED:
            return {
                "case": row.subject,
                "before": {"status": row.before},
                "after": {"status": row.after, "outcome": row.action},
                "accounts": sorted(row.members or []),
            }
        case WebhookEvent.TEST:
            return {"before": None, "after": None}


def payload(row: DeliveryRow) -> bytes:
    """The JSON body of one event, as signed and sent."""
    body = {
        "id": row.id,
        "type": row.type,
        "created_at": _iso(row.created_at / 1000),
        "account": row.account,
        "data": _data(row),
    }
    return json.dumps(body, separators=(",", ":"), sort_keys=True).encode()


def signature(secret: str, body: bytes, timestamp: int) -> str:
    """``t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, body: bytes, header: str, now: int, tolerance_s: int = TOLERANCE_S) -> bool:
    """What a receiver does (docs/WEBHOOKS.md shows it standalone)."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(fields.get("t", ""))
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance_s:
        return False
    expected = signature(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, fields.get("v1", ""))
