"""One root exception for the service package; messages say how to fix things."""

from __future__ import annotations


class ServiceError(Exception):
    """Root of every error raised by :mod:`service`."""


class ConfigError(ServiceError):
    """A setting is missing or inconsistent."""


class NotFound(ServiceError):
    """What the request names is not in the store."""


class UnknownAccount(NotFound):
    """The account id is not in the store: check the id, or ingest the account first."""

    def __init__(self, account: str) -> None:
        super().__init__(f"{account}: no such account")


class UnknownCase(NotFound):
    def __init__(self, case: str) -> None:
        super().__init__(f"{case}: no such case")


class InputFileError(ServiceError):
    """An input file cannot be opened or read."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(f"{path}: {detail}")
