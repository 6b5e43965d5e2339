"""The plan warm-up runs once per start of the Neo4j database, not once per hub worker.

Neo4j's plan cache lives in the database and is emptied when the database
(re)starts; every hub worker (and every host) shares it. So the workers agree
through one `(:PlanWarm {database})` node (constraint in V0010): it records
the database's `lastStartTime` (SHOW DATABASES) with the Neo4j server's JVM
start time (`dbms.queryJmx`: lastStartTime does not change when the server
restarts), and a digest of what is warmed
(the statements and their parameter-type combinations, so a new hub version
warms again). A worker claims the warm-up in one transaction (MERGE on the
constrained key locks the node: two claims serialise) and then:
- `done`: this start and this digest are warmed already; nothing to do;
- `busy`: another worker warms (its heartbeat is younger than STALE_S): wait,
  polling every POLL_S, until it is done or goes stale (then take it over);
- `mine`: warm, beat the heartbeat after every run, record `done`.
A restart of the server or the database changes that start: the next claim is `mine`.
Not detected: `CALL db.clearQueryCaches()` and plan-cache evictions (the cache
holds server.db.query_cache_size plans, 1000 by default, more than we warm).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Final, LiteralString

from neo4j import AsyncDriver

from hub.data import plan_warm

log = logging.getLogger("hub.warm")

# How the statements are warmed (a change warms a running Neo4j again).
WARM_FORM: Final = "one map; every statement walks data (plan_warm_keys), rolled back"
STALE_S: Final = 120  # a heartbeat older than this: the warming worker is gone
POLL_S: Final = 2.0

START: Final[LiteralString] = (
    "SHOW DATABASES YIELD name, lastStartTime WHERE name = $database RETURN toString(lastStartTime) AS started"
)
# `lastStartTime` alone does not change when the Neo4j server restarts (measured on 5.26: it
# stayed the database's creation time across restarts, so a restarted Neo4j, its plan cache
# empty, was taken as warmed). The server's JVM start time does; both together key a start.
SERVER_START: Final[LiteralString] = (
    "CALL dbms.queryJmx('java.lang:type=Runtime') YIELD attributes"
    " RETURN toString(attributes.StartTime.value) AS started"
)
# SET first: it takes the node's write lock, so the reads below see the other claim, committed.
CLAIM: Final[LiteralString] = """
MERGE (w:PlanWarm {database: $database})
SET w.claimTriedAt = datetime()
WITH w, coalesce(w.started = $started AND w.digest = $digest, false) AS same
WITH w, same AND coalesce(w.done, false) AS done,
     same AND NOT coalesce(w.done, false) AND w.heartbeatAt > datetime() - duration({seconds: $staleS}) AS busy
FOREACH (_ IN CASE WHEN done OR busy THEN [] ELSE [1] END |
  SET w.started = $started, w.digest = $digest, w.owner = $owner, w.done = false,
      w.claimedAt = datetime(), w.heartbeatAt = datetime())
RETURN CASE WHEN done THEN 'done' WHEN busy THEN 'busy' ELSE 'mine' END AS state, w.owner AS owner
"""
HEARTBEAT: Final[LiteralString] = (
    "MATCH (w:PlanWarm {database: $database}) WHERE w.owner = $owner SET w.heartbeatAt = datetime()"
)
DONE: Final[LiteralString] = """
MATCH (w:PlanWarm {database: $database}) WHERE w.owner = $owner
SET w.done = true, w.doneAt = datetime(), w.statements = $statements, w.runs = $runs,
    w.failed = $failed, w.seconds = $seconds
"""


def digest() -> str:
    """What is warmed: every statement text with its parameter-type combinations."""
    h = hashlib.sha256()
    h.update(WARM_FORM.encode())
    for statement in sorted(plan_warm.statements(), key=lambda s: s.text):
        h.update(statement.text.encode())
        for variant in statement.variants():
            h.update(repr(plan_warm.signature(variant)).encode())
    return h.hexdigest()[:32]


@dataclass
class Outcome:
    """What this worker did: "warmed", "waited" (another worker warmed) or "skipped" (done already)."""

    action: str
    report: plan_warm.Report | None = None


async def _one(driver: AsyncDriver, database: str, query: LiteralString, params: dict[str, Any]) -> list[Any]:
    records, _, _ = await driver.execute_query(query, params, database_=database)
    return records


async def _started(driver: AsyncDriver, database: str) -> str | None:
    """This start of the database and its server, or None when this user may not read it (then every
    worker warms)."""
    try:
        database_start = await _one(driver, "system", START, {"database": database})
        server_start = await _one(driver, database, SERVER_START, {})
    except Exception as exc:  # a restricted user: warm anyway, as before
        log.warning("plan warm-up: cannot read the database's start time (%s); warming in this worker", exc)
        return None
    if not database_start or database_start[0]["started"] is None or not server_start:
        return None
    return f"{database_start[0]['started']} server {server_start[0]['started']}"


async def warm_once(
    driver: AsyncDriver,
    database: str,
    *,
    warm: Callable[..., Awaitable[plan_warm.Report]] | None = None,
    poll_s: float = POLL_S,
) -> Outcome:
    """Warm unless this database start is warmed (or being warmed) already; return when it is warm."""
    warm = warm or plan_warm.warm
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    started = await _started(driver, database)
    params = {"database": database, "started": started, "digest": digest(), "owner": owner, "staleS": STALE_S}
    mine = {"database": database, "owner": owner}

    async def beat() -> None:
        await _one(driver, database, HEARTBEAT, mine)

    waited = False
    while True:
        [claim] = await _one(driver, database, CLAIM, params)
        if claim["state"] == "done":
            return Outcome("waited" if waited else "skipped")
        if claim["state"] == "busy":
            if not waited:
                log.info("plan warm-up: %s warms this Neo4j; waiting for it", claim["owner"])
            waited = True
            await asyncio.sleep(poll_s)
            continue
        report = await warm(driver, database, on_run=beat)
        await _one(
            driver,
            database,
            DONE,
            {
                **mine,
                "statements": report.statements,
                "runs": report.runs,
                "failed": len(report.failed),
                "seconds": report.seconds,
            },
        )
        return Outcome("warmed", report)
