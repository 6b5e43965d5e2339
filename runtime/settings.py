"""Settings, read once from the environment into a typed object."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# The project folder when run from a checkout; the local Neo4j's data lives
# under it unless HUB_NEO4J_HOME says otherwise.
PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_HOME = PROJECT_ROOT / "var" / "neo4j"


class SettingsError(ValueError):
    """An environment variable holds a value the hub cannot use."""


def _int(env: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, got {value}")
    return value


def _float(env: dict[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low:g} and {high:g}, got {value:g}")
    return value


def _auth_file(env: dict[str, str]) -> tuple[str, str] | None:
    """NEO4J_AUTH_FILE: `user/password` in a file (the format of the neo4j image's
    NEO4J_AUTH_FILE), so that one Docker secret serves both containers and the
    password is never in an environment variable or on a command line."""
    name = env.get("NEO4J_AUTH_FILE")
    if not name:
        return None
    try:
        text = Path(name).read_text().strip()
    except OSError as exc:
        raise SettingsError(f"NEO4J_AUTH_FILE {name}: {exc.strerror}") from None
    user, slash, password = text.partition("/")
    if not slash or not user or not password:
        raise SettingsError(f"NEO4J_AUTH_FILE {name}: must hold 'user/password' on one line")
    return user, password


@dataclass(frozen=True)
class Settings:
    neo4j_uri: str | None
    neo4j_user: str
    neo4j_password: str
    neo4j_database: str
    neo4j_home: Path
    neo4j_heap_mb: int
    neo4j_pagecache_mb: int
    query_timeout_s: int
    max_page_size: int
    api_keys_json: str | None
    api_keys_file: Path | None
    host: str
    port: int
    # Hardening (docs/operations.md lists each with its default and range).
    request_timeout_s: float = 30.0
    max_body_bytes: int = 1 << 20
    max_response_bytes: int = 16 << 20
    max_cost: int = 100_000
    neo4j_connect_timeout_s: float = 2.0
    neo4j_tx_memory_mb: int = 512
    persisted_dir: Path | None = None
    header_timeout_s: float = 10.0
    keep_alive_s: int = 5
    limit_concurrency: int = 200
    workers: int = 0  # 0: one per core
    plan_warm: bool = True
    warm_wait_s: float = 15.0

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        keys_file = env.get("HUB_API_KEYS_FILE")
        user, password = _auth_file(env) or (env.get("NEO4J_USER", "neo4j"), env.get("NEO4J_PASSWORD", ""))
        return cls(
            neo4j_uri=env.get("NEO4J_URI") or None,
            neo4j_user=user,
            neo4j_password=password,
            neo4j_database=env.get("NEO4J_DATABASE", "neo4j"),
            neo4j_home=Path(env.get("HUB_NEO4J_HOME", str(DEFAULT_HOME))),
            neo4j_heap_mb=_int(env, "HUB_NEO4J_HEAP_MB", 1024, 128, 1 << 20),
            neo4j_pagecache_mb=_int(env, "HUB_NEO4J_PAGECACHE_MB", 512, 16, 1 << 22),
            query_timeout_s=_int(env, "HUB_QUERY_TIMEOUT_S", 30, 1, 3600),
            max_page_size=_int(env, "HUB_MAX_PAGE_SIZE", 500, 1, 10_000),
            api_keys_json=env.get("HUB_API_KEYS") or None,
            api_keys_file=Path(keys_file) if keys_file else None,
            host=env.get("HUB_HOST", "127.0.0.1"),
            port=_int(env, "HUB_PORT", 8000, 1, 65535),
            request_timeout_s=_float(env, "HUB_REQUEST_TIMEOUT_S", 30.0, 0.001, 3600.0),
            max_body_bytes=_int(env, "HUB_MAX_BODY_BYTES", 1 << 20, 1024, 1 << 30),
            max_response_bytes=_int(env, "HUB_MAX_RESPONSE_BYTES", 16 << 20, 1024, 1 << 31),
            max_cost=_int(env, "HUB_MAX_COST", 100_000, 1, 1 << 40),
            neo4j_connect_timeout_s=_float(env, "HUB_NEO4J_CONNECT_TIMEOUT_S", 2.0, 0.1, 120.0),
            neo4j_tx_memory_mb=_int(env, "HUB_NEO4J_TX_MEMORY_MB", 512, 16, 1 << 20),
            plan_warm=env.get("HUB_PLAN_WARM", "1") != "0",
            warm_wait_s=_float(env, "HUB_WARM_WAIT_S", 15.0, 0.0, 3600.0),
            persisted_dir=Path(env["HUB_PERSISTED_DOCUMENTS"])
            if env.get("HUB_PERSISTED_DOCUMENTS")
            else None,
        )
