"""The plan warm-up runs once per start of the Neo4j database, however many hub workers start.

The warming itself (hub/data/plan_warm.py, tested in test_plan_warm.py) is
replaced here by a stand-in that counts its calls and holds until released,
so that the test sees the other worker wait and /readyz say "warming".
"""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver, AsyncGraphDatabase

from hub.data import plan_warm, plan_warm_once
from tests.http import Hub, running_hub
from tools import neo4j_local

DATABASE = "neo4j"
WARM = {"HUB_PLAN_WARM": "1", "HUB_WARM_WAIT_S": "0"}


class StandIn:
    """plan_warm.warm that counts calls, beats the heartbeat and holds until `release` is set."""

    def __init__(self) -> None:
        self.calls = 0
        self.release = threading.Event()

    async def __call__(self, driver: AsyncDriver, database: str, **kwargs: Any) -> plan_warm.Report:
        self.calls += 1
        while not self.release.is_set():
            await kwargs["on_run"]()
            await asyncio.sleep(0.05)
        return plan_warm.Report(statements=1, runs=1)


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    fake = StandIn()
    monkeypatch.setattr(plan_warm, "warm", fake)
    yield fake
    fake.release.set()


def _ready(hub: Hub) -> tuple[int, str]:
    reply = hub.client.get("/readyz")
    return reply.status_code, reply.json()["status"]


def _until(condition: Any, what: str, limit_s: float = 60.0) -> None:
    """Wait for a state change (a deadline only against hanging forever; no timing is asserted)."""
    deadline = time.monotonic() + limit_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never: {what}")
        time.sleep(0.05)


async def _marker(graph: AsyncDriver) -> dict[str, Any]:
    records, _, _ = await graph.execute_query(
        "MATCH (w:PlanWarm {database: $db}) RETURN properties(w) AS p", {"db": DATABASE}, database_=DATABASE
    )
    [record] = records
    return dict(record["p"])


async def test_two_workers_warm_once_and_readyz_says_warming_meanwhile(
    graph: AsyncDriver, neo4j_uri: str, stand_in: StandIn
) -> None:
    with running_hub(neo4j_uri, **WARM) as first, running_hub(neo4j_uri, **WARM) as second:
        _until(lambda: stand_in.calls == 1, "one worker warms")
        # The other worker found the claim: it waits (polling), it does not warm.
        assert _ready(first) == (503, "warming")
        assert _ready(second) == (503, "warming")
        # GraphQL is served meanwhile.
        assert first.gql("{ agencies(first: 1) { totalCount } }").status == 200
        stand_in.release.set()
        _until(lambda: _ready(first) == (200, "ready") and _ready(second) == (200, "ready"), "both ready")
        assert stand_in.calls == 1
        marker = await _marker(graph)
        assert marker["done"] is True
        assert marker["started"]  # the database's lastStartTime was readable
        # A worker started later (same Neo4j start, same statements): nothing to warm.
        with running_hub(neo4j_uri, **WARM) as third:
            _until(lambda: _ready(third) == (200, "ready"), "the third worker ready")
        assert stand_in.calls == 1


async def test_a_restart_a_new_statement_set_or_a_dead_warmer_warms_again(graph: AsyncDriver) -> None:
    calls: list[str] = []

    async def counted(driver: AsyncDriver, database: str, **kwargs: Any) -> plan_warm.Report:
        calls.append(database)
        await kwargs["on_run"]()
        return plan_warm.Report()

    assert (await plan_warm_once.warm_once(graph, DATABASE, warm=counted)).action == "warmed"
    assert (await plan_warm_once.warm_once(graph, DATABASE, warm=counted)).action == "skipped"
    assert len(calls) == 1

    async def change(assignment: str) -> None:
        # Test-only statements: the marker as another start / version / a warmer that died would leave it.
        await graph.execute_query(
            "MATCH (w:PlanWarm {database: $db}) SET " + assignment, {"db": DATABASE}, database_=DATABASE
        )

    # The database restarted (its plan cache is empty): lastStartTime differs.
    await change("w.started = '2000-01-01T00:00:00Z'")
    assert (await plan_warm_once.warm_once(graph, DATABASE, warm=counted)).action == "warmed"
    # A hub version with other statements: the digest differs.
    await change("w.digest = 'older'")
    assert (await plan_warm_once.warm_once(graph, DATABASE, warm=counted)).action == "warmed"
    # A worker that claimed and died: its heartbeat goes stale, another takes over.
    await change("w.done = false, w.owner = 'gone', w.heartbeatAt = datetime() - duration('PT1H')")
    assert (await plan_warm_once.warm_once(graph, DATABASE, warm=counted)).action == "warmed"
    assert len(calls) == 4
    # ...but a live one (fresh heartbeat) is waited for, not duplicated.
    await change("w.done = false, w.owner = 'alive', w.heartbeatAt = datetime(), w.claimTriedAt = null")
    waiting = asyncio.create_task(plan_warm_once.warm_once(graph, DATABASE, warm=counted, poll_s=0.05))
    while (await _marker(graph)).get("claimTriedAt") is None:  # its first claim found the other busy
        await asyncio.sleep(0.05)
    await change("w.done = true")  # the other one finishes
    assert (await asyncio.wait_for(waiting, 60)).action == "waited"
    assert len(calls) == 4


async def _start_of(uri: str) -> str | None:
    driver = AsyncGraphDatabase.driver(uri)
    try:
        return await plan_warm_once._started(driver, DATABASE)
    finally:
        await driver.close()


async def test_a_neo4j_restart_is_a_new_start() -> None:
    # A restarted server has an empty plan cache. The database's `lastStartTime` alone stayed
    # the same across a restart (Neo4j 5.26), and the hub took the restarted Neo4j as warmed.
    home = Path(__file__).resolve().parents[2] / "var" / f"neo4j-restart-{uuid.uuid4().hex[:8]}"
    try:
        first = neo4j_local.start(home, heap_mb=256, pagecache_mb=32, tx_timeout_s=30)
        before = await _start_of(first.uri)
        assert before == await _start_of(first.uri)  # the same start, asked twice
        neo4j_local.stop(home)
        again = neo4j_local.start(home, heap_mb=256, pagecache_mb=32, tx_timeout_s=30)
        after = await _start_of(again.uri)
        assert before is not None and after is not None and after != before
    finally:
        neo4j_local.stop(home)
        shutil.rmtree(home, ignore_errors=True)
