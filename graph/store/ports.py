"""The store port, as one protocol per role.

Each user of the store asks for the narrowest role it needs: the ingest
pipeline an :class:`IngestWriter`, the rescore a :class:`ProjectionReader`
and a :class:`ScoreStore`, the API the investigator reads and the key ring.
:class:`GraphStore` is all of them, which :class:`graph.store.CypherStore`
implements once for both engines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from graph.cases import CaseFilter, CaseLabel, CaseNote, CaseOutcome, CaseStatus, CaseView
from graph.codec import ScoreRecord
from graph.cypher import projected, rows
from graph.cypher.lists import ActiveList, EntryRow, ListRow
from graph.cypher.webhooks import DeliveryRow, HeldRow, PendingStat, SubscriptionRow
from graph.dialect import Dialect
from graph.model import AccountRecord, Queue, WriteBatch
from graph.neighborhood import Hop
from graph.plan import WritePlan
from graph.projection import Projection
from graph.score_history import ScoreChange
from graph.store.keys import KeyEntry
from graph.store.outbox import Failure
from graph.store.records import GraphDump, RescoreWrite, VerdictWrite
from graph.store.views import (
    ActionEntry,
    ClusterView,
    ContactEntry,
    ContractEntry,
    FlagEntry,
    GroupEntry,
    PortraitEntry,
)


class Lifecycle(Protocol):
    dialect: Dialect

    async def ensure_schema(self) -> None:
        """Constraints, indexes and pending migrations; idempotent, run at every start."""

    async def ping(self) -> None:
        """Raise :class:`graph.errors.StoreUnavailable` unless the store answers."""

    async def close(self) -> None: ...


class IngestWriter(Protocol):
    async def write(self, batch: WriteBatch | WritePlan) -> None:
        """Apply a batch (or its plan). Idempotent; returns once the batch is durable."""

    def prerender(self, planned: WritePlan) -> WritePlan:
        """Do a plan's wire encoding now, in the caller's thread; no I/O and
        no store state (it may run in another process)."""


class ProjectionReader(Protocol):
    async def project(self, ids: Sequence[str] | None = None) -> Projection:
        """The whole graph as plain tables (nightly), or the neighbourhood of ``ids``."""

    async def logos(self) -> list[projected.StoredLogo]:
        """Every registered logo signature."""


class ScoreStore(Protocol):
    async def write_scores(
        self,
        run: str,
        scores: Sequence[ScoreRecord],
        first_band: str | None = None,
        at: int | None = None,
    ) -> None:
        """Write scores only, for a local rescore. Each band or recommended
        action that changes is announced in the outbox by the same write; an
        account's first score is announced unless its band is ``first_band``.
        A change worth it lands in the score history, dated ``at`` (epoch
        seconds; None: now) (graph.score_history)."""

    async def write_rescore(
        self,
        run: str,
        result: RescoreWrite,
        first_band: str | None = None,
        at: int | None = None,
    ) -> None:
        """Store a rescore's output (announced and dated as :meth:`write_scores`
        says); stale links of earlier runs go last."""

    async def score_history(self, account_id: str, limit: int) -> list[ScoreChange]:
        """An account's score changes, newest first."""

    async def record_verdict(self, verdict: VerdictWrite) -> None:
        """Keep an investigator's dismissal or confirmation for later runs."""

    async def scores(self) -> list[ScoreRecord]:
        """Stored scores, ordered by account id."""

    async def has_scores(self) -> bool:
        """Whether a rescore has ever run on this store."""

    async def badges(self, ids: Sequence[str]) -> list[rows.Badge]:
        """The badge fields of the known accounts among ``ids``."""

    async def purge_excerpts(self, now: int) -> None:
        """Remove message excerpts whose retention ended by ``now``."""


class InvestigatorReads(Protocol):
    async def account(self, account_id: str) -> AccountRecord | None: ...

    async def search(self, q: str, limit: int) -> list[rows.SearchHit]:
        """The account with id ``q``, then names starting with it, then names
        holding it in any case."""

    async def groups(self, kind: str, after: str, limit: int) -> list[rows.Group]:
        """Clusters or rings, by id after ``after``."""

    async def holders(self, kind: str, digest: str, limit: int) -> list[rows.SearchHit]:
        """Accounts holding a hashed email, phone or payment method."""

    async def cluster(self, cluster_id: str) -> ClusterView | None:
        """A duplicate cluster by id, with the evidence of every link."""

    async def ring(self, ring_id: str) -> GroupEntry | None:
        """A feedback ring by id, with its members."""

    async def riskiest(
        self, queue: Queue, after_score: float, after_id: str, limit: int
    ) -> list[rows.Risky]:
        """The queue's accounts, lowest score first, after the cursor."""

    async def queue_size(self, queue: Queue) -> int:
        """How many accounts the queue holds."""

    async def expand(self, accounts: Sequence[str], cap: int = 50) -> list[Hop]:
        """One hop out of ``accounts``: their things and the other holders of each."""

    async def account_summaries(self, ids: Sequence[str]) -> list[rows.AccountSummary]:
        """Name, score and status per existing account, for graph views."""

    async def score_distribution(self) -> list[rows.Decile]:
        """Accounts per band and score decile (0..10)."""

    async def account_actions(self, account: str, limit: int) -> list[ActionEntry]: ...

    async def account_cluster(self, account: str) -> ClusterView | None: ...

    async def account_rings(self, account: str) -> list[GroupEntry]: ...

    async def account_contracts(self, account: str, limit: int) -> list[ContractEntry]: ...

    async def account_flags(self, account: str, limit: int) -> list[FlagEntry]:
        """Flags against the account, reporter included: for investigators only."""

    async def account_contact_attempts(
        self, account: str, now: int, limit: int
    ) -> list[tuple[str, ContactEntry]]:
        """Messages and job posts (kind MESSAGE or JOB_POST) the account sent
        that asked to leave the platform or broke the text policy, newest
        first, with excerpts still kept."""

    async def account_portraits(self, account: str, limit: int) -> list[PortraitEntry]:
        """The account's portraits, latest first, with their previews where kept."""

    async def account_portfolio(self, account: str, limit: int) -> list[rows.PortfolioView]:
        """The account's portfolio items, newest first (their pictures are not kept)."""

    async def account_time_logs(self, account: str, limit: int) -> list[rows.TimeLogView]:
        """The account's time logs, latest first, with their contract's dates."""

    async def account_sent_messages(self, account: str, limit: int) -> list[rows.SentMessageView]:
        """The messages the account sent, newest first, with recipients (no text)."""


class AuditLog(Protocol):
    async def append_audit(self, entry: Mapping[str, Any]) -> None:
        """One more entry (id, at, who, what, account, reason, before, after, detail)."""

    async def audit(self, account: str, limit: int) -> list[rows.AuditRow]:
        """An account's audit entries, newest first."""

    async def latest_action_at(self, account: str) -> int | None:
        """When the account's latest action took effect (epoch seconds)."""


class CaseBook(Protocol):
    async def open_case(self, case: CaseView) -> None:
        """Store a new case, tied to the accounts in its members."""

    async def set_case_status(
        self, case_id: str, status: CaseStatus, outcome: CaseOutcome | None, at: int
    ) -> None: ...

    async def assign_case(
        self, case_id: str, assignee: str | None, name: str | None, at: int
    ) -> None:
        """Give the case to a key (by id), or to nobody."""

    async def add_case_note(self, case_id: str, note: CaseNote, ns: int) -> None: ...

    async def append_case_audit(self, case_id: str, entry: Mapping[str, Any]) -> None:
        """One more entry on the case's own trail (fields as :meth:`AuditLog.append_audit`)."""

    async def case(self, case_id: str) -> CaseView | None: ...

    async def cases(self, which: CaseFilter, limit: int) -> list[CaseView]:
        """Cases matching the filter, most recently changed first."""

    async def case_notes(self, case_id: str) -> list[CaseNote]:
        """A case's notes, oldest first."""

    async def case_audit(self, case_id: str, limit: int) -> list[rows.AuditRow]:
        """A case's audit entries, newest first."""

    async def case_labels(self) -> list[CaseLabel]:
        """One label per account of every closed case, oldest closing first."""


class KeyRing(Protocol):
    async def add_api_key(self, key_hash: str, role: str, name: str, at: int) -> None: ...

    async def api_key(self, key_hash: str) -> rows.KeyRole | None:
        """The role and name of a key, by its hash."""

    async def api_keys(self) -> list[KeyEntry]:
        """Every key, oldest first, by id (never the hash or the key)."""

    async def revoke_api_key(self, key_id: str) -> bool:
        """Delete the key with this id; False if there is none."""


class LogoRegistryStore(Protocol):
    """The logo registry, and the registry of known stock and template work."""

    async def add_logos(self, logos: list[dict[str, str]]) -> None:
        """Register logo signatures: rows of key, brand, variant, signature,
        segments, source."""

    async def add_works(self, works: list[dict[str, object]]) -> None:
        """Register works: rows of key, source, name, added_at and the
        signatures identity.signatures.WORK_SIGNATURES names."""

    async def work_sources(self) -> list[rows.WorkSource]:
        """Each registered source with its number of works, by name."""


class Outbox(Protocol):
    """Webhook subscriptions and the outbox's deliveries (graph.cypher.webhooks)."""

    async def add_subscription(self, row: Mapping[str, Any]) -> None:
        """Rows of id, url, events, secret (encrypted), at, by, description."""

    async def subscriptions(self) -> list[SubscriptionRow]: ...

    async def remove_subscription(self, subscription: str) -> None:
        """Delete it with its pending and dead deliveries."""

    async def enqueue_test(self, subscription: str, event_id: str) -> None:
        """A ``webhook.test`` event for this subscription only."""

    async def announce_expiries(self, now: int) -> None:
        """An ``action.taken`` event for each timed restriction over by ``now``, once."""

    async def fan_out(self) -> int:
        """Give each new event to every subscription that wants its type."""

    async def held_deliveries(self, subscription: str, now: float) -> list[HeldRow]:
        """The subscription's deliveries backing off after a failure."""

    async def due_deliveries(
        self, subscription: str, now: float, limit: int,
        held_accounts: Sequence[str] = (), held_subjects: Sequence[str] = (),
    ) -> list[DeliveryRow]:  # fmt: skip
        """Its oldest deliveries due at ``now``, but those of the held accounts
        and subjects (cases)."""

    async def ack_deliveries(self, subscription: str, event_ids: Sequence[str]) -> None: ...

    async def record_failure(self, subscription: str, event_id: str, failure: Failure) -> None:
        """Count a failed try; the first one's time is kept (``since``)."""

    async def failed_deliveries(self, subscription: str | None, limit: int) -> list[DeliveryRow]:
        """Deliveries that failed at least once (dead or retrying), newest first."""

    async def replay_dead(self, subscription: str | None, event_id: str | None) -> int:
        """Queue dead deliveries again; how many."""

    async def prune_outbox(self) -> None:
        """Delete events that no delivery waits for."""

    async def outbox_stats(self) -> list[PendingStat]: ...

    async def take_lease(self, name: str, holder: str, now: int, until: int) -> bool:
        """Take or renew a lease; whether ``holder`` holds it."""

    async def release_lease(self, name: str, holder: str) -> None: ...

    async def append_trail(self, trail: str, entry: Mapping[str, Any]) -> None:
        """An admin audit entry (fields as :meth:`AuditLog.append_audit`) on a named trail."""

    async def trail(self, trail: str, limit: int) -> list[rows.AuditRow]:
        """A trail's entries, newest first."""


class ValueLists(Protocol):
    """Allow and deny lists (graph.cypher.lists)."""

    async def create_list(self, row: Mapping[str, Any]) -> None: ...

    async def lists(self) -> list[ListRow]: ...

    async def list_info(self, name: str) -> ListRow | None: ...

    async def delete_list(self, name: str) -> None: ...

    async def add_list_entries(self, name: str, entries: Sequence[Mapping[str, Any]]) -> None: ...

    async def remove_list_entries(self, name: str, values: Sequence[str]) -> int: ...

    async def list_entries(self, name: str, limit: int) -> list[EntryRow]: ...

    async def active_lists(self, now: int) -> list[ActiveList]:
        """Each list with its entries not expired by ``now``."""


class Erasure(Protocol):
    """Erasing accounts' personal data on request (graph.cypher.erasure)."""

    async def erasable(self, ids: Sequence[str]) -> list[str]:
        """Which of ``ids`` are stored accounts."""

    async def erase_accounts(self, ids: Sequence[str], at: int) -> None: ...


class Maintenance(Protocol):
    async def counts(self) -> dict[str, int]:
        """Node counts by label and relationship counts by type."""

    async def dump(self) -> GraphDump: ...


class GraphStore(
    Lifecycle,
    IngestWriter,
    ProjectionReader,
    ScoreStore,
    InvestigatorReads,
    AuditLog,
    CaseBook,
    KeyRing,
    LogoRegistryStore,
    Outbox,
    ValueLists,
    Erasure,
    Maintenance,
    Protocol,
):
    """Every role; what ``trustmesh serve`` and the CLI hold."""
