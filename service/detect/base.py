"""What a detector is: a declared step over the projection.

Each detector names what it reads from earlier steps (``needs``) and what it
hands to later ones (``gives``), owns its thresholds as fields and its
sentences as constants, and returns typed :class:`Finding` objects. The
pipeline (:mod:`service.detect.pipeline`) runs them in a declared order that
:func:`check_order` proves consistent.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar, TypeVar

from graph import duplicates, rings
from graph.identifiers import Identifiers
from graph.model import EvidenceKind
from graph.projection import Projection
from graph.reputation import Reputation
from service.errors import ServiceError
from service.scoring import Reason, ReasonCode

T = TypeVar("T")


class Product(StrEnum):
    """What one detector finds that a later one reads."""

    IDENTIFIERS = "identifiers"  # shared identifiers, portraits included
    CLUSTERS = "clusters"  # duplicate-account clusters
    RINGS = "rings"  # feedback rings
    RATERS = "raters"  # rater fairness, ratee reputation


@dataclass(frozen=True)
class Finding:
    """One detector's verdict on one account (an index into the projection)."""

    account: int
    code: ReasonCode
    severity: float
    explanation: str
    evidence: tuple[str, ...]
    kinds: tuple[EvidenceKind, ...] = ()  # of each evidence item (see typed())
    unlisted: int = 0  # counted by the explanation, not named by the evidence

    def reason(self) -> Reason:
        return Reason(
            self.code, self.severity, self.explanation, self.evidence, self.kinds,
            unlisted=self.unlisted,
        )  # fmt: skip


def typed(
    *parts: tuple[EvidenceKind, Iterable[str]],
) -> tuple[tuple[str, ...], tuple[EvidenceKind, ...]]:
    """Evidence items and their kinds, as parallel tuples, from (kind, ids) parts."""
    items = [(kind, value) for kind, values in parts for value in values]
    return tuple(v for _, v in items), tuple(k for k, _ in items)


# how graph.duplicates names an identifier's kind, as evidence kinds
IDENTIFIER_KINDS = {
    "payment": EvidenceKind.PAYMENT, "device": EvidenceKind.DEVICE, "phone": EvidenceKind.PHONE,
    "email": EvidenceKind.EMAIL, "portrait": EvidenceKind.PORTRAIT, "ip": EvidenceKind.IP,
    "prefix": EvidenceKind.PREFIX,
}  # fmt: skip


@dataclass(frozen=True)
class Clusters:
    ids: list[str]
    found: list[duplicates.Cluster]
    of: dict[int, str]  # account index -> cluster id
    # possible duplicates outside a common cluster: (lower, higher index) -> probability
    possible: dict[tuple[int, int], float] = field(default_factory=dict)

    def same_person(self, a: int, b: int) -> float:
        """How likely ``a`` and ``b`` are one person: 1 in one cluster, else
        a possible pair's probability, else 0."""
        if a in self.of and self.of[a] == self.of.get(b):
            return 1.0
        return self.possible.get((min(a, b), max(a, b)), 0.0)


@dataclass(frozen=True)
class Rings:
    ids: list[str]
    groups: list[tuple[set[int], rings.Ring]]  # members, and the ring that made them
    of: dict[int, str]  # account index -> its ring (the first by id when in several)
    throwaway: dict[int, tuple[str, ...]]  # throwaway client -> the contracts that show it

    def suspicious(self) -> set[int]:
        """Raters whose ratings say nothing of the ratee."""
        return set(self.of) | set(self.throwaway)


class DetectionError(ServiceError):
    """A detector ran without what it needs: the pipeline's order is wrong."""


class Found:
    """The products of the steps run so far, each given once."""

    def __init__(self) -> None:
        self._products: dict[Product, object] = {}

    def give(self, product: Product, value: object) -> None:
        if product in self._products:
            raise DetectionError(f"{product}: given twice")
        self._products[product] = value

    def _get(self, product: Product, kind: type[T]) -> T:
        if product not in self._products:
            raise DetectionError(f"{product}: needed before any step gave it")
        value = self._products[product]
        if not isinstance(value, kind):
            raise DetectionError(f"{product}: given as {type(value).__name__}")
        return value

    @property
    def identifiers(self) -> Identifiers:
        return self._get(Product.IDENTIFIERS, Identifiers)

    @property
    def clusters(self) -> Clusters:
        return self._get(Product.CLUSTERS, Clusters)

    @property
    def rings(self) -> Rings:
        return self._get(Product.RINGS, Rings)

    @property
    def raters(self) -> Reputation:
        return self._get(Product.RATERS, Reputation)


class Detector(abc.ABC):
    """A step of the analysis; subclasses are frozen dataclasses of thresholds."""

    name: ClassVar[str]
    needs: ClassVar[tuple[Product, ...]] = ()
    gives: ClassVar[tuple[Product, ...]] = ()
    codes: ClassVar[tuple[ReasonCode, ...]] = ()  # the reason codes it may return
    # whether an account's neighbourhood holds all it reads, so a rescore at
    # ingest may recompute it; otherwise its findings carry over from the
    # last nightly run
    local: ClassVar[bool] = True

    @abc.abstractmethod
    def run(self, p: Projection, found: Found) -> list[Finding]:
        """The step's findings; every product in ``gives`` is handed to ``found``."""


def check_order(steps: Sequence[Detector]) -> None:
    """Every product is given by one step, before any step that needs it."""
    given: set[Product] = set()
    for step in steps:
        missing = [n for n in step.needs if n not in given]
        if missing:
            raise DetectionError(f"{step.name}: needs {', '.join(missing)} before it is given")
        twice = given & set(step.gives)
        if twice:
            raise DetectionError(f"{step.name}: gives {', '.join(sorted(twice))} again")
        given |= set(step.gives)
