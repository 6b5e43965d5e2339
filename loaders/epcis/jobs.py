"""EPCIS capture jobs (POST /capture): a `CaptureJob` node per job, so any worker answers its status.

A job is created `running`; the worker that runs it refreshes `heartbeatAt`
every HEARTBEAT_S seconds and ends it (running false, success, errors) in the
same transaction as the events it stores (loaders.epcis.capture.store). A job
still `running` whose heartbeat is older than STALE_S was abandoned by a
worker that died or restarted: it reads as finished, unsuccessful,
"interrupted" (docs/epcis.md), and is marked so in the graph on that read.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass
from typing import Any, Final, LiteralString

from neo4j import AsyncDriver, AsyncManagedTransaction

HEARTBEAT_S: Final = 5.0
STALE_S: Final = 300  # sixty missed heartbeats: the worker is gone, not merely starved on a loaded machine
MAX_JOB_ERRORS: Final = 100
INTERRUPTED: Final = (
    "(job): interrupted: the worker running it stopped before it finished; nothing of it was stored"
)

CREATE_JOB: Final[LiteralString] = """
CREATE (j:CaptureJob {captureId: $id, running: true, captureErrorBehaviour: $behaviour, errors: [],
                      createdAt: datetime(), heartbeatAt: datetime(), keyId: $keyId, agency: $agency,
                      source: $source})
"""
HEARTBEAT: Final[LiteralString] = """
MATCH (j:CaptureJob {captureId: $id}) WHERE j.running SET j.heartbeatAt = datetime()
"""
FINISH_JOB: Final[LiteralString] = """
MATCH (j:CaptureJob {captureId: $id}) WHERE j.running
SET j.running = false, j.success = $success, j.errors = $errors, j.finishedAt = datetime(),
    j.events = $events, j.stored = $stored
RETURN count(j) AS ended
"""
# Visible to every key of the submitting agency and to every regulator and admin (docs/access.md).
READ_JOB: Final[LiteralString] = """
MATCH (j:CaptureJob {captureId: $id}) WHERE $seesAll OR j.agency = $agency
CALL (j) {
  WITH j WHERE j.running AND j.heartbeatAt < datetime() - duration({seconds: $staleS})
  SET j.running = false, j.success = false, j.errors = [$interrupted], j.finishedAt = datetime()
}
RETURN j.captureId AS captureId, j.running AS running, j.success AS success,
       j.captureErrorBehaviour AS captureErrorBehaviour, j.errors AS errors,
       toString(j.createdAt) AS createdAt, toString(j.finishedAt) AS finishedAt,
       j.events AS events, j.stored AS stored
"""


# GET /capture: the caller's visible jobs, newest first, after the cursor (createdAt, captureId) of the last job
# of the previous page; the first page sends a cursor after every job, so the parameter types never change.
# Stale jobs read as interrupted here too, without the write (GET /capture/{id} records it).
LIST_JOBS: Final[LiteralString] = """
MATCH (j:CaptureJob) WHERE ($seesAll OR j.agency = $agency)
  AND (j.createdAt < datetime($at) OR (j.createdAt = datetime($at) AND j.captureId < $id))
WITH j ORDER BY j.createdAt DESC, j.captureId DESC LIMIT toInteger($limit)
WITH j, j.running AND j.heartbeatAt < datetime() - duration({seconds: $staleS}) AS stale
RETURN j.captureId AS captureId, j.running AND NOT stale AS running,
       CASE WHEN stale THEN false ELSE j.success END AS success,
       j.captureErrorBehaviour AS captureErrorBehaviour,
       CASE WHEN stale THEN [$interrupted] ELSE j.errors END AS errors,
       toString(j.createdAt) AS createdAt, toString(j.finishedAt) AS finishedAt,
       j.events AS events, j.stored AS stored
"""
FIRST_PAGE: Final = ("9999-12-31T00:00:00Z", "")  # a cursor after every job: (createdAt as text, captureId)
MAX_PER_PAGE: Final = 100


@dataclass(frozen=True)
class Outcome:
    success: bool
    errors: list[str]
    events: int
    stored: int


def new_id() -> str:
    return uuid.uuid4().hex


async def create_job(
    driver: AsyncDriver, database: str, *, id: str, behaviour: str, key_id: str, agency: str
) -> None:
    params = {"id": id, "behaviour": behaviour, "keyId": key_id, "agency": agency, "source": "http"}
    await driver.execute_query(CREATE_JOB, params, database_=database)


class JobGone(RuntimeError):
    """The job is no longer running (read as interrupted meanwhile): its events must not be stored."""


async def finish_in(tx: AsyncManagedTransaction, job: str, outcome: Outcome) -> None:
    """End the job inside the caller's transaction (the one that stores its events).

    A job already ended (declared interrupted by a reader while this worker was
    slow) raises JobGone, which rolls the caller's transaction back: the job
    said "nothing of it was stored", and that stays true.
    """
    params = {"id": job, "success": outcome.success, "errors": outcome.errors[:MAX_JOB_ERRORS],
              "events": outcome.events, "stored": outcome.stored}  # fmt: skip
    record = await (await tx.run(FINISH_JOB, params)).single(strict=True)
    if int(record["ended"]) == 0:
        raise JobGone(f"capture job {job} was already ended")


async def finish_job(driver: AsyncDriver, database: str, job: str, outcome: Outcome) -> None:
    """End a job that stored nothing (a refused document, a failure); a job already ended stays so."""
    async with driver.session(database=database) as session:
        with contextlib.suppress(JobGone):
            await session.execute_write(finish_in, job, outcome)


async def heartbeat(driver: AsyncDriver, database: str, job: str) -> None:
    """Refresh the job's heartbeat until cancelled (the job's work is done)."""
    while True:
        await asyncio.sleep(HEARTBEAT_S)
        try:
            await driver.execute_query(HEARTBEAT, {"id": job}, database_=database)
        except Exception:  # a missed beat is retried; a long outage makes the job read interrupted
            continue


async def read_job(
    driver: AsyncDriver, database: str, job: str, *, sees_all: bool, agency: str
) -> dict[str, Any] | None:
    """The job's status in the standard's shape, or None when absent or not the caller's to see."""
    params = {"id": job, "seesAll": sees_all, "agency": agency, "staleS": STALE_S, "interrupted": INTERRUPTED}
    records, _, _ = await driver.execute_query(READ_JOB, params, database_=database)
    if not records:
        return None
    return _shape(records[0])


async def list_jobs(
    driver: AsyncDriver, database: str, *, sees_all: bool, agency: str, after: tuple[str, str], limit: int
) -> tuple[list[dict[str, Any]], tuple[str, str] | None]:
    """One page of the caller's jobs, newest first, and the cursor of the next page (None: this was the last)."""
    params = {"seesAll": sees_all, "agency": agency, "at": after[0], "id": after[1], "limit": limit + 1,
              "staleS": STALE_S, "interrupted": INTERRUPTED}  # fmt: skip
    records, _, _ = await driver.execute_query(LIST_JOBS, params, database_=database, routing_="r")
    page = records[:limit]
    more = len(records) > limit
    cursor = (page[-1]["createdAt"], page[-1]["captureId"]) if more else None
    return [_shape(row) for row in page], cursor


def _shape(row: Any) -> dict[str, Any]:
    return {
        "captureID": row["captureId"],
        "createdAt": row["createdAt"],
        "finishedAt": row["finishedAt"],
        "running": row["running"],
        "success": row["success"],
        "captureErrorBehaviour": row["captureErrorBehaviour"],
        "errors": [problem(text) for text in row["errors"] or []],
        "events": row["events"],
        "stored": row["stored"],
    }


def problem(text: str) -> dict[str, Any]:
    """One stored error as the standard's RFC 7807 problem object."""
    where, _, detail = text.partition(": ")
    if where == "(job)":  # the hub's failure, not the document's
        return {"type": "epcisException:ImplementationException", "title": "Capture failed",
                "status": 500, "instance": where, "detail": detail}  # fmt: skip
    return {"type": "epcisException:ValidationException", "title": "Invalid EPCIS document",
            "status": 400, "instance": where, "detail": detail}  # fmt: skip
