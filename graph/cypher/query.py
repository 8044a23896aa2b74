"""A statement's name and text, kept together."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Query:
    """One Cypher statement; its name shows up in errors and metrics."""

    name: str
    text: str
