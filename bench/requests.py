"""Benchmark the hub's own request speed on workloads a, b and d of issue 13, against bare Cypher.

    python bench/requests.py [--scale 20000] [--requests 200] [--uri bolt://...] [--keep]
    python bench/requests.py --profile d [--requests 200]   # cProfile of the in-process app

Without --uri it generates a load folder under bench-data/scale-<N>
(loaders.generate, reused when present), starts a throwaway local Neo4j under
var/bench-requests and, when its graph is empty, loads the whole folder into
it (loaders.load). The server stops at the end (--keep leaves it running; the
data stays for the next run). `hub serve --workers 1` runs as a separate
process with the test keys (the regulator's key is used).

Workloads (the queries are below):
  a. `enterprises(first: 20)` sorted by name, scalar fields;
  b. one shipment by id (random among 200 shipments) with its parties and
     carried batches with their product;
  d. 20 seller enterprises x their 10 latest shipments x carried batches.
Each is run at 1 and at 8 concurrent clients, after a warm-up, through HTTP
(httpx, keep-alive) and, for reference, as hand-written bare Cypher of the
same data on the bare async driver (records turned into JSON). p50 and p99
are nearest-rank over the requests; requests/s is requests over wall time.
The load average is printed with the figures: the machine is shared.

--profile runs the app in-process (no server process, no HTTP socket) under
cProfile and prints where a request's time goes.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any, LiteralString

# bench/common.py puts the project root on sys.path (third-party imports sort before first-party ones).
from common import ROOT, percentile, prepare_local
from hubproc import hub_process
from neo4j import AsyncDriver, AsyncGraphDatabase

from tests.http import KEYS, REGULATOR
from tools import neo4j_local

HOME = ROOT / "var" / "bench-requests"
DATABASE = os.environ.get("NEO4J_DATABASE", "neo4j")
CLIENTS = (1, 8)

A = """{ enterprises(first: 20, sort: NAME) { edges { node {
  id name kind country region uscc eori gln filingStatus } } } }"""
B = """query($id: ID!) { shipment(id: $id) {
  id waybill direction mode status stage port originCountry consigneeRegion declaredOn releasedOn deliveredOn
  seller { id name country } platform { id name country } importer { id name country }
  logistics { id name country } warehouse { id name country }
  carried { quantity unit batch { id lotCode producedOn expiresOn product { id name hsCode gtin } } } } }"""
D = """{ enterprises(first: 20, sort: NAME, filter: {kind: SELLER}) { edges { node {
  id name shipments(role: SELLER, first: 10) { edges { node {
    id declaredOn status carried { quantity unit batch { id lotCode } } } } } } } } }"""

# The same data by hand, as a Cypher user would write it (domestic caller: no visibility filter).
BARE_A: LiteralString = """MATCH (e:Enterprise) WITH e ORDER BY e.name, e.enterpriseId LIMIT 20
RETURN e {.enterpriseId, .name, .kind, .country, .region, .uscc, .eori, .gln, .filingStatus} AS e"""
BARE_B: LiteralString = """MATCH (s:Shipment {shipmentId: $id})
RETURN s {.*,
  seller: head([(s)-[:SOLD_BY]->(x) | x {.enterpriseId, .name, .country}]),
  platform: head([(s)-[:VIA_PLATFORM]->(x) | x {.enterpriseId, .name, .country}]),
  importer: head([(s)-[:IMPORTED_BY]->(x) | x {.enterpriseId, .name, .country}]),
  logistics: head([(s)-[:HANDLED_BY]->(x) | x {.enterpriseId, .name, .country}]),
  warehouse: head([(s)-[:STORED_AT]->(x) | x {.enterpriseId, .name, .country}]),
  carried: [(s)-[c:CARRIES]->(b:Batch) | {quantity: c.quantity, unit: c.unit,
    batch: b {.batchId, .lotCode, .producedOn, .expiresOn,
      product: head([(b)-[:OF_PRODUCT]->(p) | p {.productId, .name, .hsCode, .gtin}])}}]} AS s"""
BARE_D: LiteralString = """MATCH (e:Enterprise {kind: 'seller'}) WITH e ORDER BY e.name, e.enterpriseId LIMIT 20
RETURN e {.enterpriseId, .name, shipments: COLLECT {
  MATCH (e)<-[:SOLD_BY]-(s:Shipment) WITH s ORDER BY s.declaredOn DESC, s.shipmentId LIMIT 10
  RETURN s {.shipmentId, .declaredOn, .status,
    carried: [(s)-[c:CARRIES]->(b:Batch) | {quantity: c.quantity, unit: c.unit, batch: b {.batchId, .lotCode}}]}
}} AS e"""
SHIPMENT_IDS: LiteralString = (
    "MATCH (s:Shipment) WHERE EXISTS { (s)-[:CARRIES]->() } RETURN s.shipmentId AS id ORDER BY id LIMIT 200"
)

Call = Callable[[], Awaitable[None]]


def jsonable(value: Any) -> Any:
    return str(value)


async def timed(call: Call, clients: int, total: int) -> tuple[float, float, float]:
    """(p50 ms, p99 ms, requests/s) of `total` calls spread over `clients` concurrent loops."""
    latencies: list[float] = []
    per_client = max(1, total // clients)

    async def loop() -> None:
        for _ in range(per_client):
            started = time.perf_counter()
            await call()
            latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(loop() for _ in range(clients)))
    wall = time.perf_counter() - started
    return percentile(latencies, 50), percentile(latencies, 99), len(latencies) / wall


def hub_calls(client: Any, ids: list[str]) -> dict[str, Call]:
    headers = {"Authorization": f"Bearer {REGULATOR}"}
    rng = random.Random(13)

    async def post(query: str, variables: dict[str, Any]) -> None:
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        body = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise RuntimeError(f"hub answered {response.status_code}: {str(body)[:300]}")

    async def a() -> None:
        await post(A, {})

    async def b() -> None:
        await post(B, {"id": rng.choice(ids)})

    async def d() -> None:
        await post(D, {})

    return {"a": a, "b": b, "d": d}


def bare_calls(driver: AsyncDriver, ids: list[str]) -> dict[str, Call]:
    rng = random.Random(13)

    async def run(statement: LiteralString, params: dict[str, Any]) -> None:
        records, _, _ = await driver.execute_query(statement, params, database_=DATABASE, routing_="r")
        json.dumps([r.data() for r in records], default=jsonable)

    async def a() -> None:
        await run(BARE_A, {})

    async def b() -> None:
        await run(BARE_B, {"id": rng.choice(ids)})

    async def d() -> None:
        await run(BARE_D, {})

    return {"a": a, "b": b, "d": d}


async def shipment_ids(uri: str) -> list[str]:
    driver = AsyncGraphDatabase.driver(uri, notifications_min_severity="OFF")
    try:
        records, _, _ = await driver.execute_query(SHIPMENT_IDS, database_=DATABASE)
        return [r["id"] for r in records]
    finally:
        await driver.close()


async def measure(base: str, uri: str, requests: int, workloads: list[str]) -> None:
    import httpx

    ids = await shipment_ids(uri)
    driver = AsyncGraphDatabase.driver(uri, notifications_min_severity="OFF", max_connection_pool_size=16)
    limits = httpx.Limits(max_connections=16, max_keepalive_connections=16)
    async with httpx.AsyncClient(base_url=base, timeout=120.0, limits=limits) as client:
        hub, bare = hub_calls(client, ids), bare_calls(driver, ids)
        print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}", flush=True)
        print(f"{'workload':<10}{'clients':>8}{'hub p50':>10}{'hub p99':>10}{'hub rps':>10}"
              f"{'bare p50':>10}{'bare p99':>10}{'bare rps':>10}{'hub/bare':>10}")  # fmt: skip
        try:
            for name in workloads:
                for _ in range(20):  # warm-up: plans, caches, connections
                    await hub[name]()
                    await bare[name]()
                for clients in CLIENTS:
                    h = await timed(hub[name], clients, requests)
                    r = await timed(bare[name], clients, requests)
                    print(
                        f"{name:<10}{clients:>8}{h[0]:>10.1f}{h[1]:>10.1f}{h[2]:>10.1f}"
                        f"{r[0]:>10.1f}{r[1]:>10.1f}{r[2]:>10.1f}{r[2] / h[2]:>9.2f}x",
                        flush=True,
                    )
        finally:
            await driver.close()
        print(f"load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}", flush=True)


async def profile(uri: str, workload: str, requests: int, verbose: bool) -> None:
    """The app in-process (ASGI, no socket) under cProfile; prints the heaviest functions."""
    import httpx

    from hub.app import create_app
    from runtime.db import open_driver
    from runtime.settings import Settings

    settings = Settings.from_env(
        {"HUB_API_KEYS": json.dumps(KEYS), "HUB_MAX_PAGE_SIZE": "100", "NEO4J_URI": uri}
    )
    app = create_app(settings, uri=uri)
    app.state.driver = open_driver(settings, uri)
    ids = await shipment_ids(uri)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub") as client:
        call = hub_calls(client, ids)[workload]
        for _ in range(30):
            await call()
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(requests):
            await call()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(
            f"workload {workload}: {requests} requests in-process, unprofiled: {wall / requests * 1000:.2f} ms"
            f" wall, {cpu / requests * 1000:.2f} ms CPU of this process each"
        )
        profiler = cProfile.Profile(time.process_time)  # CPU, not wall: the machine is shared
        started = time.perf_counter()
        profiler.enable()
        for _ in range(requests):
            await call()
        profiler.disable()
        wall = time.perf_counter() - started
    await app.state.driver.close()
    print(f"profiled: {wall / requests * 1000:.2f} ms each; own time by part:")
    stats = pstats.Stats(profiler)
    print_split(stats)
    if verbose:
        stats.sort_stats("tottime").print_stats(30)


# Where a function's own time is charged (first match of its file path wins).
BUCKETS = (
    ("graphql-core: parse, AST visits (limits, role guard)", "graphql/language/"),
    ("graphql-core: validate", "graphql/validation/"),
    ("graphql-core: execute/resolve", "graphql/"),
    ("strawberry", "strawberry/"),
    ("neo4j driver (Bolt, records)", "neo4j/"),
    ("hub: limits (measure)", "hub/limits.py"),
    ("hub: resolvers and rows", "hub/schema/"),
    ("hub: other", "hub/"),
    ("starlette/httpx (HTTP in-process)", "starlette/"),
    ("starlette/httpx (HTTP in-process)", "httpx/"),
    ("json", "json/"),
    ("asyncio", "asyncio/"),
)


def print_split(stats: pstats.Stats) -> None:
    """Own (tottime) seconds per bucket: parse, validate, execute, driver, serialise..."""
    totals: dict[str, float] = {}
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    for (filename, _, _), (_, _, tottime, _, _) in raw.items():
        where = "other (builtins, C code: json encoding, sockets)"
        for bucket, part in BUCKETS:
            if part in filename:
                where = bucket
                break
        totals[where] = totals.get(where, 0.0) + tottime
    whole = sum(totals.values())
    for bucket, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"  {bucket:<56}{seconds / whole * 100:6.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=20_000, help="shipments in the generated data")
    parser.add_argument("--requests", type=int, default=200, help="requests per workload and client count")
    parser.add_argument("--uri", help="measure a graph already loaded at this Bolt URI")
    parser.add_argument("--keep", action="store_true", help="leave the local Neo4j running")
    parser.add_argument("--workloads", default="a,b,d", help="comma-separated subset of a,b,d")
    parser.add_argument("--profile", choices=("a", "b", "d"), help="profile one workload in-process")
    parser.add_argument("--verbose", action="store_true", help="with --profile: the heaviest functions too")
    args = parser.parse_args()
    workloads = args.workloads.split(",")
    uri = args.uri
    if uri is None:
        uri, folder = asyncio.run(prepare_local(HOME, args.scale, None, heap_mb=1024, pagecache_mb=512))
        print(f"data: scale {args.scale:,} shipments from {folder}", flush=True)
    try:
        if args.profile:
            asyncio.run(profile(uri, args.profile, args.requests, args.verbose))
            return
        with hub_process(uri) as (base, _):
            asyncio.run(measure(base, uri, args.requests, workloads))
    finally:
        if args.uri is None and not args.keep:
            neo4j_local.stop(HOME)


if __name__ == "__main__":
    main()
