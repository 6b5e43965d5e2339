"""Where a related-parties request's CPU goes, stage by stage, in-process (no socket, no server thread).

    python bench/party_stages.py [--scale 20000] [--uri bolt://...] [--requests 100] [--loop uvloop]

Without --uri it uses the party graph of bench/parties.py (var/bench-parties,
started and stopped here). The app runs in this process behind httpx's ASGI
transport; each stage's CPU time (`time.process_time`, this process only:
Neo4j's own work is not in it) is summed by wrapping the function that runs it:

  request      the whole request, client included (httpx builds it, decodes the JSON)
  app          the ASGI app: middleware, gate, GraphQL, response
  graphql      strawberry's schema.execute: extensions, parse/validate caches, the fast path
  fast path    fast_parties.answer: arguments, the answer, rendering
  answer       the statements (driver, records) and the answer objects (related_answer)
  search       data.related alone: the statements and the breadth-first loop

and, for comparison, bench/parties.py's two bare ways (the hub's search loop
+ JSON; the driver alone + JSON) and `{ __typename }` (the fixed cost of a
GraphQL request). Requests run one at a time; figures are ms per request.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import uvloop

# bench/common.py (imported by parties) puts the project root on sys.path.
from common import prepare_local
from parties import (
    FILES,
    HOME,
    REGULATOR,
    RELATED_FULL,
    bare_related,
    driver_related,
    sample_ids,
)
from strawberry.schema.schema import Schema

from hub.app import create_app
from hub.data import parties
from hub.schema import fast_parties
from hub.schema import parties as party_schema
from runtime.db import Cypher, open_driver
from runtime.settings import Settings
from tests.http import KEYS
from tests.http import REGULATOR as REGULATOR_KEY
from tools import neo4j_local

SPENT: dict[str, float] = {}


def wrap(owner: Any, name: str, stage: str) -> None:
    """Sum the CPU time spent inside `owner.name` (an async function) under `stage`."""
    original = getattr(owner, name)

    async def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return await original(*args, **kwargs)
        finally:
            SPENT[stage] = SPENT.get(stage, 0.0) + time.process_time() - started

    setattr(owner, name, timed)


async def stages(uri: str, requests: int) -> None:
    settings = Settings.from_env({"HUB_API_KEYS": json.dumps(KEYS), "HUB_PLAN_WARM": "0"})
    app = create_app(settings, uri=uri)
    driver = open_driver(settings, uri)
    app.state.driver = driver
    ids = await sample_ids(driver, 40, {})
    cy = Cypher(driver, os.environ.get("NEO4J_DATABASE", "neo4j"), 60)
    headers = {"Authorization": f"Bearer {REGULATOR_KEY}"}
    wrap(fast_parties, "answer", "3 fast path")
    wrap(fast_parties, "related_answer", "4 answer")  # the name fast_parties calls
    wrap(party_schema.data, "related", "5 search")
    wrap(Schema, "execute", "2 graphql")
    transport = httpx.ASGITransport(app=app)
    inner = transport.app

    async def app_timed(scope: Any, receive: Any, send: Any) -> None:
        started = time.process_time()
        try:
            await inner(scope, receive, send)
        finally:
            SPENT["1 app"] = SPENT.get("1 app", 0.0) + time.process_time() - started

    transport.app = app_timed
    async with httpx.AsyncClient(transport=transport, base_url="http://hub") as client:

        async def full(i: int) -> None:
            variables = {"id": ids[i % len(ids)], "hops": 3}
            reply = await client.post(
                "/graphql", json={"query": RELATED_FULL, "variables": variables}, headers=headers
            )
            if reply.json().get("errors"):
                raise RuntimeError(reply.text[:300])

        async def typename(i: int) -> None:
            (await client.post("/graphql", json={"query": "{ __typename }"}, headers=headers)).json()

        async def bare(i: int) -> None:
            await bare_related(cy, ids[i % len(ids)], 3)

        async def alone(i: int) -> None:
            await driver_related(driver, ids[i % len(ids)], 3)

        async def search(i: int) -> None:
            await parties.related(cy, REGULATOR, ids[i % len(ids)], parties.Search.of(3, None, None))

        ways: list[tuple[str, Callable[[int], Awaitable[None]]]] = [
            ("relatedParties 3h full", full),
            ("{ __typename }", typename),
            ("bare: hub's search loop + JSON", bare),
            ("bare: driver alone + JSON", alone),
            ("search alone (data.related)", search),
        ]
        print(
            f"{requests} requests each, ms of this process's CPU per request; loop {type(asyncio.get_running_loop()).__module__}"
        )
        for label, way in ways:
            for i in range(10):
                await way(i)
            SPENT.clear()
            started = time.process_time()
            for i in range(requests):
                await way(i)
            print(f"{label:<34}{(time.process_time() - started) / requests * 1000:8.2f}")
            for stage in sorted(SPENT):
                print(f"    {stage:<30}{SPENT[stage] / requests * 1000:8.2f}")
    await driver.close()
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--scale", type=int, default=20_000, help="the bench/parties.py graph to use")
    parser.add_argument("--uri", help="measure this Neo4j instead")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument(
        "--loop", choices=("asyncio", "uvloop"), default="uvloop", help="this process's event loop"
    )
    args = parser.parse_args()
    home = HOME / f"neo4j-{args.scale}"
    try:
        uri = args.uri
        if uri is None:
            uri, _ = asyncio.run(
                prepare_local(home, args.scale, FILES, heap_mb=1536, pagecache_mb=768, tx_timeout_s=120)
            )
        run = uvloop.run if args.loop == "uvloop" else asyncio.run
        run(stages(uri, args.requests))
    finally:
        if args.uri is None:
            neo4j_local.stop(home)


if __name__ == "__main__":
    main()
