"""Prometheus metrics (prometheus-client) and the /metrics endpoint.

With several server processes, set PROMETHEUS_MULTIPROC_DIR to an empty
folder before start-up: every process then writes its samples there and
/metrics adds them up (docs/operations.md). Who may read /metrics: a client
on the loopback interface, or any client with an admin key.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from typing import Any, Final

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

from hub.auth import KeyRing, Role
from hub.doc_cache import BudgetCache

LATENCY_BUCKETS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
STATEMENT_BUCKETS: Final = (0, 1, 2, 3, 5, 8, 13, 21, 34)

HTTP_REQUESTS = Counter("hub_http_requests_total", "HTTP requests", ["route", "method", "status"])
HTTP_SECONDS = Histogram(
    "hub_http_request_seconds", "HTTP request latency", ["route"], buckets=LATENCY_BUCKETS
)
OPERATIONS = Counter("hub_graphql_operations_total", "GraphQL operations", ["operation", "outcome"])
OPERATION_SECONDS = Histogram(
    "hub_graphql_operation_seconds", "GraphQL operation latency", ["operation"], buckets=LATENCY_BUCKETS
)
STATEMENTS = Counter("hub_neo4j_statements_total", "Cypher statements run", ["operation"])
STATEMENTS_PER_OPERATION = Histogram(
    "hub_neo4j_statements_per_operation", "Cypher statements per GraphQL operation", buckets=STATEMENT_BUCKETS
)
NEO4J_SECONDS = Histogram(
    "hub_neo4j_seconds", "Time spent in Neo4j per GraphQL operation", ["operation"], buckets=LATENCY_BUCKETS
)

# Operation names come from clients: only names of a sane shape, and at most
# MAX_NAMES of them, become label values, so a client cannot grow the series.
NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
MAX_NAMES: Final = 200
_names: set[str] = set()
_names_lock = threading.Lock()

ROUTES: Final = (
    ("/graphql", "graphql"),
    ("/exports/", "export"),
    ("/ui/", "ui"),
    ("/assets/", "assets"),
    ("/metrics", "metrics"),
    ("/healthz", "health"),
    ("/readyz", "health"),
)


def route_of(path: str) -> str:
    """A fixed label per family of paths (never the raw path: ids would grow the series)."""
    for prefix, name in ROUTES:
        if path == prefix or (prefix.endswith("/") and path.startswith(prefix)):
            return name
    return "other"


def operation_label(name: str | None) -> str:
    if not name:
        return "anonymous"
    if not NAME.fullmatch(name):
        return "other"
    with _names_lock:
        if name in _names:
            return name
        if len(_names) < MAX_NAMES:
            _names.add(name)
            return name
    return "other"


def observe_http(route: str, method: str, status: int, seconds: float) -> None:
    HTTP_REQUESTS.labels(route, method, str(status)).inc()
    HTTP_SECONDS.labels(route).observe(seconds)


def outcome_of(errors: Iterable[Any] | None) -> str:
    """ok, or the `extensions.code` class of the first error (a fixed set of values)."""
    for error in errors or ():
        shaped = (getattr(error, "extensions", None) or {}).get("code")
        if isinstance(shaped, str) and shaped.isupper() and len(shaped) <= 32:
            return shaped
        original = getattr(error, "original_error", None)
        code = getattr(original, "code", None)
        if isinstance(code, str) and code.isupper() and len(code) <= 32:
            return code
        return "BAD_USER_INPUT" if original is None else "INTERNAL"
    return "ok"


class MetricsExtension(SchemaExtension):
    """Counts each operation by name and outcome, with its latency and Neo4j work."""

    async def on_operation(self) -> AsyncIterator[None]:
        started = time.perf_counter()
        yield
        ctx = self.execution_context
        label = operation_label(ctx.operation_name)
        result = ctx.result
        OPERATIONS.labels(label, outcome_of(result.errors if result else None)).inc()
        OPERATION_SECONDS.labels(label).observe(time.perf_counter() - started)
        cypher = getattr(ctx.context, "cypher", None)
        if cypher is not None:
            STATEMENTS.labels(label).inc(cypher.statements)
            STATEMENTS_PER_OPERATION.observe(cypher.statements)
            NEO4J_SECONDS.labels(label).observe(getattr(cypher, "seconds", 0.0))


class CacheCollector(Collector):
    """Hits and misses of the GraphQL parse and validation caches (this process)."""

    def __init__(self, caches: Mapping[str, BudgetCache[Any]]) -> None:
        self.caches = caches

    def collect(self) -> Iterator[CounterMetricFamily]:
        hits = CounterMetricFamily("hub_graphql_cache_hits", "GraphQL document cache hits", labels=["cache"])
        misses = CounterMetricFamily(
            "hub_graphql_cache_misses", "GraphQL document cache misses", labels=["cache"]
        )
        for name, cache in self.caches.items():
            hits.add_metric([name], cache.hits)
            misses.add_metric([name], cache.misses)
        yield hits
        yield misses


_collector_lock = threading.Lock()
_cache_collector: CacheCollector | None = None


def register_cache_collector(caches: Mapping[str, BudgetCache[Any]]) -> None:
    global _cache_collector
    with _collector_lock:
        if _cache_collector is None:
            _cache_collector = CacheCollector(caches)
            REGISTRY.register(_cache_collector)


def exposition() -> bytes:
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder:
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=folder)  # type: ignore[no-untyped-call]
    if _cache_collector is not None:
        registry.register(_cache_collector)
    return generate_latest(registry)


LOOPBACK: Final = frozenset({"127.0.0.1", "::1"})


class MetricsMiddleware:
    """Answers GET /metrics for loopback clients and admin keys; 403 otherwise."""

    def __init__(self, app: ASGIApp, keys: KeyRing) -> None:
        self.app = app
        self.keys = keys

    def _allowed(self, scope: Scope) -> bool:
        client = scope.get("client")
        if client and client[0] in LOOPBACK:
            return True
        header = dict(scope["headers"]).get(b"authorization", b"").decode("latin-1")
        scheme, _, key = header.partition(" ")
        principal = self.keys.lookup(key.strip()) if scheme.lower() == "bearer" and key.strip() else None
        return principal is not None and principal.role is Role.ADMIN

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/metrics":
            await self.app(scope, receive, send)
            return
        if not self._allowed(scope):
            response: Response = JSONResponse(
                {
                    "errors": [
                        {
                            "message": "metrics: loopback or an admin key only",
                            "extensions": {"code": "FORBIDDEN"},
                        }
                    ]
                },
                status_code=403,
            )
        else:
            response = Response(exposition(), media_type=CONTENT_TYPE_LATEST)
        await response(scope, receive, send)
