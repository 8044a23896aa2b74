"""One root exception for the service package; messages say how to fix things."""

from __future__ import annotations


class ServiceError(Exception):
    """Root of every error raised by :mod:`service`."""


class ConfigError(ServiceError):
    """A setting is missing or inconsistent."""


class InputFileError(ServiceError):
    """An input file cannot be opened or read."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(f"{path}: {detail}")
