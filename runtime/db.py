"""The async Neo4j driver and the one way the hub and the loaders run Cypher.

Every statement goes through `Cypher.read`/`Cypher.write`, which apply the
server-side transaction timeout and count statements per request (the count
proves that a request does not run one query per row).
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, LiteralString

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction

from runtime import local
from runtime.settings import Settings

# Process-wide count of statements sent (tests prove that refused requests send none).
STATEMENTS_SENT = [0]
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@functools.cache
def param_names(query: str) -> frozenset[str]:
    """The parameters a statement refers to (`$name`)."""
    return frozenset(_PARAM.findall(query))


def used_params(query: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """`params` without the entries `query` does not use.

    Neo4j keys its plan cache on the names and types of every parameter sent,
    used or not: callers pass shared sets (the caller's visibility parameters)
    that a statement may not need, and each such set would plan the statement
    anew. Sending only the used ones gives one key per type combination, the
    one the start-up warm-up (hub/data/plan_warm.py) plans.
    """
    names = param_names(query)
    return {k: v for k, v in params.items() if k in names}


ONE_MAP = "p"


@functools.cache
def _one_map_text(query: str) -> str:
    return _PARAM.sub("$" + ONE_MAP + r".\1", query)


def one_map(query: LiteralString, params: Mapping[str, Any]) -> tuple[LiteralString, dict[str, Any]]:
    """`query` with every `$name` read as `$p.name`, and its used parameters as the one map `p`.

    Neo4j keys its plan cache on the statement text and on each parameter's
    type, and for a string or a list also on the bucket of its length (0, 1,
    2-10, 11-100, ...: Neo4j's SizeBucket), null being a type of its own. So a
    statement with a few string filters had one plan per null/set and length
    combination, and the start-up warm-up could not know which lengths clients
    send (an id of 7 characters, a warm-up sample of 11: another plan, measured
    in docs/operations.md "Cold plans"). A map parameter's key is just "map",
    whatever it holds: one plan per statement text, which the warm-up plans.
    The rewrite is fixed (no value enters the text) and cached per statement.
    """
    # The text is the constant statement with a fixed substitution: still constant Cypher.
    return _one_map_text(query), {ONE_MAP: used_params(query, params)}


def open_driver(settings: Settings, uri: str) -> AsyncDriver:
    # Short connect/acquire timeouts and a short retry window: while Neo4j is down
    # a request fails in about two seconds instead of retrying for 30. The pool
    # reconnects by itself when Neo4j is back (same address: see neo4j_local).
    auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
    return AsyncGraphDatabase.driver(
        uri,
        auth=auth,
        max_connection_pool_size=50,
        connection_timeout=settings.neo4j_connect_timeout_s,
        connection_acquisition_timeout=settings.neo4j_connect_timeout_s,
        max_transaction_retry_time=1.0,
        liveness_check_timeout=30.0,
        notifications_min_severity="OFF",
    )


def resolve_uri(settings: Settings) -> str:
    """NEO4J_URI when set; otherwise the local Neo4j, which must be running."""
    if settings.neo4j_uri:
        return settings.neo4j_uri
    info = local.status(settings.neo4j_home)
    if info is None:
        raise RuntimeError(
            f"no NEO4J_URI set and no local Neo4j running under {settings.neo4j_home}; "
            "run `hub neo4j start` (or `make demo`)"
        )
    return info.uri


@dataclass
class Cypher:
    """Runs constant, parameterised Cypher for one request (or one job)."""

    driver: AsyncDriver
    database: str
    timeout_s: float
    statements: int = field(default=0)
    seconds: float = field(default=0.0)  # time spent waiting on Neo4j (for /metrics)

    async def read(self, query: LiteralString, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        return await self._run(query, params, write=False)

    async def read_maps(self, query: LiteralString, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        """`read` for statements that return only maps, lists and scalars (map projections).

        Skips the driver's `Record.data()`, which walks every nested value to turn
        nodes and relationships into dicts; a projection holds none, and on a deep
        one (20 enterprises x 10 shipments x batches) the walk costs more than the
        query's whole Python side.
        """
        return await self._run(query, params, write=False, maps=True)

    async def write(self, query: LiteralString, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        return await self._run(query, params, write=True)

    async def _run(
        self, query: LiteralString, params: Mapping[str, Any], *, write: bool, maps: bool = False
    ) -> list[dict[str, Any]]:
        self.statements += 1
        STATEMENTS_SENT[0] += 1
        started = time.perf_counter()
        try:
            return await self._execute(query, params, write=write, maps=maps)
        finally:
            self.seconds += time.perf_counter() - started

    async def _execute(
        self, query: LiteralString, params: Mapping[str, Any], *, write: bool, maps: bool = False
    ) -> list[dict[str, Any]]:
        text, sent = one_map(query, params)

        async def rows(result: neo4j.AsyncResult) -> list[dict[str, Any]]:
            if maps:
                keys = result.keys()
                return [dict(zip(keys, record, strict=True)) async for record in result]
            return [record.data() async for record in result]

        @neo4j.unit_of_work(timeout=self.timeout_s)
        async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
            return await rows(await tx.run(text, sent))

        if not write:
            # A read is one statement: an auto-commit transaction sends RUN and PULL in one
            # round trip, where a managed one adds BEGIN and COMMIT (measured: about half
            # the driver's CPU per read). A retryable failure (e.g. a connection the
            # server closed) is tried again once through the managed, retrying path.
            try:
                async with self.driver.session(
                    database=self.database, default_access_mode=neo4j.READ_ACCESS
                ) as session:
                    return await rows(await session.run(neo4j.Query(text, timeout=self.timeout_s), sent))
            except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as error:
                if not error.is_retryable():
                    raise
        async with self.driver.session(database=self.database) as session:
            if write:
                return await session.execute_write(work)
            return await session.execute_read(work)
