"""All configuration, read once from the environment into one typed object.

Every knob is a ``TRUSTMESH_*`` variable (see the README's table). Code takes
a :class:`Settings` argument instead of reading globals, so tests build their
own settings rather than patching the process environment.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from identity.links import DEFAULT_PROTECTED, registrable
from service.errors import ConfigError

SECRET_FILE = "secret"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TRUSTMESH_", extra="ignore", frozen=True)

    data_dir: Path = Field(Path(".trustmesh"), description="Embedded store, secret, rejects.")
    graph_url: str | None = Field(
        None,
        description="neo4j://, neo4j+s://, bolt:// URL, credentials allowed in it "
        "(bolt://user:password@host:port); unset = embedded FalkorDB.",
    )
    graph_user: str | None = Field(None, description="Neo4j user (wins over the URL's).")
    graph_password: SecretStr | None = Field(None, description="Neo4j password.")
    graph_name: str | None = Field(
        None,
        pattern=r"^[A-Za-z][A-Za-z0-9_.-]{0,62}$",
        description="FalkorDB graph key (default trustmesh), or Neo4j database name "
        "(default: the server's home database).",
    )
    secret: SecretStr | None = Field(
        None, description="Key for hashing emails/phones/payments; generated if embedded."
    )
    fsync: Literal["always", "everysec"] = Field(
        "always", description="Embedded AOF fsync policy; 'always' survives kill -9."
    )
    aof_rewrite_mb: int = Field(
        256,
        ge=16,
        le=65_536,
        description="Embedded AOF size (MB) that starts a compaction; after a crash, "
        "replaying up to this much delays the restart (~6 MB/s).",
    )
    # FalkorDB pays its matrix upkeep once per query: larger batches pay it
    # less often, up to about this size (bench/ingest.py)
    batch_size: int = Field(20_000, ge=1, le=100_000, description="Events per write batch.")
    ingest_workers: int = Field(
        2,
        ge=0,
        le=64,
        description="Processes converting a bulk ingest (3+ batches); 0 = a thread.",
    )
    max_portrait_bytes: int = Field(
        10 * 1024 * 1024, ge=1024, description="Largest accepted portrait file."
    )
    max_portrait_pixels: int = Field(
        40_000_000, ge=10_000, description="Pillow decompression-bomb limit."
    )
    portrait_thumbnails: bool = Field(
        True,
        description="Keep a 64-pixel preview of each portrait for investigators to check "
        "matches by eye; off keeps hashes only.",
    )
    excerpt_retention_days: int = Field(
        90,
        ge=0,
        le=3650,
        description="Days a masked excerpt of an off-platform message stays readable by "
        "investigators (from the message's time); 0 keeps none.",
    )
    rescore_on_ingest: Literal["auto", "on", "off"] = Field(
        "auto",
        description="Rescore touched accounts after each ingest batch; auto = once a "
        "nightly rescore has run (a first bulk load is not rescored batch by batch).",
    )
    max_request_bytes: int = Field(
        16 * 1024 * 1024, ge=1024, description="Largest accepted HTTP request body."
    )
    rate_limit: float = Field(
        1000.0, ge=0, description="Requests per second per API key (0 = no limit)."
    )
    rate_burst: int = Field(2000, ge=1, description="Requests a key may send at once.")
    badge_cache_s: float = Field(
        5.0, ge=0, description="How stale a cached badge may be (scores set by other processes)."
    )
    badge_cache_size: int = Field(100_000, ge=1, description="Badges kept in the cache.")
    badge_responses: bool = Field(
        True, description="Answer repeated badge-only requests from whole cached responses."
    )
    console_session_s: int = Field(
        8 * 3600, ge=60, description="How long a console sign-in lasts before it expires."
    )
    key_cache_s: float = Field(
        30.0, ge=0, description="How long a key's role is trusted before it is looked up again."
    )
    query_timeout_s: float = Field(10.0, gt=0, description="A GraphQL query's time budget.")
    mutation_timeout_s: float = Field(
        300.0, gt=0, description="A GraphQL mutation's time budget (ingests can be large)."
    )
    shutdown_grace_s: float = Field(
        15.0, ge=0, description="`serve`: time in-flight requests get to finish on SIGTERM."
    )
    webhook_sender: bool = Field(
        True, description="`serve` delivers webhooks (one process at a time holds the lease)."
    )
    webhook_timeout_s: float = Field(10.0, gt=0, le=120, description="A webhook call's budget.")
    webhook_retry_hours: float = Field(
        24.0, gt=0, le=24 * 14, description="How long a failing delivery is retried before dead."
    )
    webhook_backoff_s: float = Field(
        5.0, gt=0, description="Wait before a failed delivery's first retry; doubles each time."
    )
    webhook_max_backoff_s: float = Field(
        3600.0, gt=0, description="Longest wait between two tries of one delivery."
    )
    webhook_lease_s: float = Field(
        30.0, ge=1, description="How long a stopped sender's lease keeps others from taking over."
    )
    webhook_poll_s: float = Field(
        1.0, gt=0, le=60, description="How often the sender looks for new events."
    )
    protected_domains: str = Field(
        ",".join(sorted(DEFAULT_PROTECTED)),
        description="Comma-separated domains whose look-alikes in links are suspicious "
        "(SUSPICIOUS_LINK): the marketplace's own and the payment providers its users know.",
    )
    log_format: Literal["json", "text"] = Field("json", description="`serve` log lines.")
    host: str = Field("127.0.0.1", description="`serve` bind address.")
    port: int = Field(8000, ge=0, le=65535, description="`serve` port.")

    @field_validator("protected_domains")
    @classmethod
    def _domains(cls, value: str) -> str:
        names = [name.strip() for name in value.split(",") if name.strip()]
        for name in names:
            if registrable(name) != name.lower():
                raise ValueError(f"{name!r} is not a registrable domain such as example.com")
        return ",".join(name.lower() for name in names)

    @property
    def protected(self) -> frozenset[str]:
        return frozenset(name for name in self.protected_domains.split(",") if name)

    def public_view(self) -> dict[str, str | None]:
        """Every setting as text, secrets replaced by whether they are set."""
        out: dict[str, str | None] = {}
        for name, value in self.model_dump().items():
            if isinstance(value, SecretStr) or name in ("secret", "graph_password"):
                out[name] = None if value is None else "(set)"
            elif name == "graph_url" and value:
                out[name] = re.sub(r"(?<=://)[^/@]*@", "(credentials)@", value)
            else:
                out[name] = None if value is None else str(value)
        return out

    @property
    def embedded(self) -> bool:
        return not self.graph_url

    def hashing_secret(self) -> bytes:
        """The PII hashing key: from the environment, or the embedded data dir.

        A Neo4j deployment must set it explicitly: several trustmesh processes
        on several machines have to agree on it, or their hashes never join.
        """
        if self.secret is not None:
            return self.secret.get_secret_value().encode()
        if not self.embedded:
            raise ConfigError(
                "TRUSTMESH_SECRET: required with TRUSTMESH_GRAPH_URL, so every trustmesh "
                "process hashes identifiers with the same key"
            )
        path = self.data_dir / SECRET_FILE
        try:
            return path.read_bytes().strip()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the hashing secret ({exc.strerror})") from exc
        try:
            self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_bytes().strip()  # another process created it first
        except OSError as exc:
            raise ConfigError(
                f"{path}: cannot create the hashing secret ({exc.strerror}); "
                "set TRUSTMESH_DATA_DIR to a writable folder or TRUSTMESH_SECRET"
            ) from exc
        value = secrets.token_hex(32).encode()
        with os.fdopen(fd, "wb") as handle:
            handle.write(value + b"\n")
        return value
