"""Load runs: who is loading, how far it got, and which runs died (docs/data-format.md "Load runs").

A run records its owner (host and pid) when it starts and, in the same
transaction as each batch it writes, a heartbeat and a checkpoint (the file
and the last line written). A run that never finished reads "interrupted"
when its process is gone (same host, pid not alive) or its heartbeat is older
than STALE_AFTER_S; `hub load` marks such runs interrupted in the graph when
it starts and reports them.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from typing import Any, Final, LiteralString

from neo4j import AsyncDriver, AsyncManagedTransaction

STALE_AFTER_S: Final = 120  # a batch commits well within this (the server's transaction timeout is 60-120 s)
RECENT: Final = 20  # runs listed by `hub load --runs`

HEARTBEAT: Final[LiteralString] = """
MATCH (r:LoadRun {runId: $run})
SET r.heartbeatAt = datetime(), r.file = $file, r.line = $line
"""

RUNNING: Final[LiteralString] = """
MATCH (r:LoadRun) WHERE r.status = 'running'
RETURN r.runId AS run, r.host AS host, r.pid AS pid,
       duration.inSeconds(coalesce(r.heartbeatAt, r.startedAt), datetime()).seconds AS age
"""

MARK_INTERRUPTED: Final[LiteralString] = """
UNWIND $runs AS id
MATCH (r:LoadRun {runId: id}) WHERE r.status = 'running'
SET r.status = 'interrupted', r.interruptedAt = datetime()
RETURN r.runId AS run, r.folder AS folder, r.file AS file, r.line AS line
"""

RECENT_RUNS: Final[LiteralString] = """
MATCH (r:LoadRun)
RETURN r.runId AS run, r.status AS status, r.folder AS folder, r.host AS host, r.pid AS pid,
       toString(r.startedAt) AS startedAt, toString(r.finishedAt) AS finishedAt,
       r.file AS file, r.line AS line, r.error AS error,
       duration.inSeconds(coalesce(r.heartbeatAt, r.startedAt), datetime()).seconds AS age
ORDER BY r.startedAt DESC
LIMIT $limit
"""


def owner() -> tuple[str, int]:
    return socket.gethostname(), os.getpid()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_interrupted(host: str | None, pid: int | None, age_s: int, *, here: str | None = None) -> bool:
    """The rule for a run still marked running: its process is gone or it went silent."""
    if age_s > STALE_AFTER_S:
        return True
    here = here or socket.gethostname()
    return host == here and pid is not None and not _alive(pid)


async def heartbeat(tx: AsyncManagedTransaction, run: str, file: str, line: int) -> None:
    await (await tx.run(HEARTBEAT, run=run, file=file, line=line)).consume()


@dataclass(frozen=True)
class Interrupted:
    run: str
    folder: str | None
    file: str | None
    line: int | None

    def describe(self) -> str:
        where = f" after {self.file} line {self.line}" if self.file else " before its first batch"
        return f"run {self.run} ({self.folder}) was interrupted{where}"


async def mark_interrupted(driver: AsyncDriver, database: str) -> list[Interrupted]:
    """Mark the runs whose loader died as interrupted; the ones marked now."""
    records, _, _ = await driver.execute_query(RUNNING, database_=database)
    dead = [r["run"] for r in records if is_interrupted(r["host"], r["pid"], r["age"])]
    if not dead:
        return []
    records, _, _ = await driver.execute_query(MARK_INTERRUPTED, runs=dead, database_=database)
    return [Interrupted(r["run"], r["folder"], r["file"], r["line"]) for r in records]


async def recent_runs(driver: AsyncDriver, database: str, limit: int = RECENT) -> list[dict[str, Any]]:
    """The latest runs, newest first, each with the status it reads as now."""
    records, _, _ = await driver.execute_query(RECENT_RUNS, limit=limit, database_=database)
    runs = [r.data() for r in records]
    for run in runs:
        if run["status"] == "running" and is_interrupted(run["host"], run["pid"], run["age"]):
            run["status"] = "interrupted"
        del run["age"]
    return runs
