"""Benchmark screening: a centralised declaration through the HTTP app, and the same statements bare.

    python bench/screen.py [--scale N] [--uri bolt://...] [--requests 20] [--shipments 1000] [--goods 3]

Without --uri it generates a load folder under bench-data/scale-<N> (reused
when present), starts a throwaway local Neo4j under var/bench-screen and, when
its graph is empty, loads every file into it. The server stops at the end
(--keep leaves it running); its data stays for the next run.

Each request is a different declaration of --shipments shipments with --goods
goods lines each, built from the graph's own products (two in three named by
product id, one by GTIN), trace codes, filed and unfiled sellers, platforms and
rated declarants. It is timed twice, alternately: once as `screenDeclaration`
through the real HTTP app (uvicorn in-process, GraphQL, every shipment's
decision, reasons and sampling in the answer), once as the bare statements of
the same screening (hub.data.screening.gather_facts on the driver: the same
constant Cypher with the same parameters, no GraphQL, no decision); and once
more in-process with the decision (screen_declaration), which splits the
difference between Python's decision and HTTP + GraphQL. p50 and p99 are
nearest-rank over the requests.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import time
from pathlib import Path
from typing import Any

# bench/common.py puts the project root on sys.path (third-party imports sort before first-party ones).
from common import ROOT, percentile, prepare_local
from neo4j import AsyncDriver

from hub.data.screen_draft import DraftDeclaration, DraftGoods, DraftShipment
from hub.data.screening import gather_facts, screen_declaration
from runtime.db import Cypher, open_driver
from runtime.settings import Settings
from tests.http import Hub, running_hub
from tools import neo4j_local

HOME = ROOT / "var" / "bench-screen"
DATABASE = os.environ.get("NEO4J_DATABASE", "neo4j")

SCREEN = """query($input: DeclarationInput!) {
  screenDeclaration(input: $input) {
    summary { shipments release inspect hold reject }
    shipments { shipmentId decision reasons { kind field ruleId ruleVersion message }
                sampling { rate draw selected } }
  }
}"""

POOL = """
CALL () { MATCH (p:Product) WHERE p.originCountry <> 'CN' RETURN collect(p {.productId, .gtin, .hsCode, .name})[..3000] AS products }
CALL () { MATCH (t:TraceCode) WITH t LIMIT 5000 RETURN collect(t.code) AS codes }
CALL () { MATCH (e:Enterprise {kind: 'seller'}) RETURN collect(e.enterpriseId)[..3000] AS sellers }
CALL () { MATCH (e:Enterprise {kind: 'platform'}) RETURN collect(e.enterpriseId) AS platforms }
CALL () { MATCH (e:Enterprise)<-[:DECLARED_BY]-(:Declaration) RETURN collect(DISTINCT e.enterpriseId)[..200] AS declarants }
RETURN products, codes, sellers, platforms, declarants
"""


async def pool(driver: AsyncDriver) -> dict[str, list[Any]]:
    records, _, _ = await driver.execute_query(POOL, database_=DATABASE)
    return dict(records[0].data())


def declaration(rng: random.Random, p: dict[str, list[Any]], n: int, goods: int, k: int) -> dict[str, Any]:
    """One centralised declaration as GraphQL input."""
    shipments = []
    for i in range(n):
        lines = []
        for j in range(goods):
            prod = rng.choice(p["products"])
            line: dict[str, Any] = {"hsCode": prod["hsCode"], "quantity": rng.randint(1, 6),
                                    "description": prod["name"]}  # fmt: skip
            if j == 2 and prod.get("gtin"):
                line["gtin"] = prod["gtin"]
            else:
                line["productId"] = prod["productId"]
            if rng.random() < 0.3:
                line["traceCodes"] = [rng.choice(p["codes"])]
            lines.append(line)
        shipments.append({
            "shipmentId": f"B{k:03d}-{i:05d}", "mode": rng.choice(["BONDED", "EXPRESS", "DIRECT_MAIL"]),
            "originCountry": "JP", "sellerId": rng.choice(p["sellers"]), "platformId": rng.choice(p["platforms"]),
            "goods": lines,
        })  # fmt: skip
    return {"declarationId": f"BENCH-{k:03d}", "declaredOn": "2025-06-30",
            "declarantId": rng.choice(p["declarants"]), "shipments": shipments}  # fmt: skip


def draft(given: dict[str, Any]) -> DraftDeclaration:
    """The same declaration as the hub's checked draft (what screenDeclaration builds)."""
    ships = tuple(
        DraftShipment(s["shipmentId"], s["mode"].lower(), "inbound", s["originCountry"], s["sellerId"],
                      s["platformId"], None, None,
                      tuple(DraftGoods(g.get("productId"), g.get("gtin"), g["hsCode"], g["description"],
                                       g["quantity"], tuple(g.get("traceCodes", ()))) for g in s["goods"]))
        for s in given["shipments"]
    )  # fmt: skip
    on = dt.date.fromisoformat(given["declaredOn"])
    return DraftDeclaration(given["declarationId"], on, given["declarantId"], ships, "input.", False)


async def measure(uri: str, hub: Hub, args: argparse.Namespace) -> dict[str, Any]:
    settings = Settings.from_env({})
    driver = open_driver(settings, uri)
    rng = random.Random(9)
    try:
        p = await pool(driver)
        http_ms: list[float] = []
        bare_ms: list[float] = []
        decide_ms: list[float] = []  # statements and the decision in-process: no HTTP, no GraphQL
        statements: set[int | None] = set()
        summary: dict[str, int] = {}
        for k in range(args.requests + 1):
            given = declaration(rng, p, args.shipments, args.goods, k)
            started = time.perf_counter()
            reply = await asyncio.to_thread(hub.gql, SCREEN, {"input": given})
            took = (time.perf_counter() - started) * 1000
            summary = reply.data["screenDeclaration"]["summary"]
            statements.add(reply.statements)
            cy = Cypher(driver, DATABASE, 300.0)
            started = time.perf_counter()
            await gather_facts(cy, draft(given))
            bare = (time.perf_counter() - started) * 1000
            started = time.perf_counter()
            await screen_declaration(cy, draft(given))
            decided = (time.perf_counter() - started) * 1000
            if k > 0:  # the first round warms plans and caches
                http_ms.append(took)
                bare_ms.append(bare)
                decide_ms.append(decided)
            print(f"  request {k:3d}: http {took:8.1f} ms  bare {bare:8.1f} ms  statements+decision "
                  f"{decided:8.1f} ms  {summary}", flush=True)  # fmt: skip
    finally:
        await driver.close()
    http50, bare50 = percentile(http_ms, 50), percentile(bare_ms, 50)
    return {
        "shipments": args.shipments, "goods_per_shipment": args.goods, "requests": args.requests,
        "http_p50_ms": round(http50, 1), "http_p99_ms": round(percentile(http_ms, 99), 1),
        "bare_p50_ms": round(bare50, 1), "bare_p99_ms": round(percentile(bare_ms, 99), 1),
        "statements_and_decision_p50_ms": round(percentile(decide_ms, 50), 1),
        "ratio_p50": round(http50 / bare50, 2), "statements_per_call": sorted(s or 0 for s in statements),
        "last_summary": summary,
        # The machine's 1-minute load average at the end: figures from a shared,
        # overloaded machine are not the service's own speed.
        "load_average_1m": round(os.getloadavg()[0], 1), "cpus": os.cpu_count(),
    }  # fmt: skip


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--uri")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--shipments", type=int, default=1000)
    parser.add_argument("--goods", type=int, default=3)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    uri = args.uri
    if uri is None:
        uri, _ = await prepare_local(HOME, args.scale, None, heap_mb=2048, pagecache_mb=1024)
    try:
        with running_hub(uri, HUB_QUERY_TIMEOUT_S="300") as hub:
            result = await measure(uri, hub, args)
    finally:
        if args.uri is None and not args.keep:
            neo4j_local.stop(HOME)
    result["scale"] = args.scale
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"screenDeclaration, {args.shipments} shipments x {args.goods} goods at scale {args.scale:,}: "
        f"HTTP p50 {result['http_p50_ms']} ms, p99 {result['http_p99_ms']} ms; bare Cypher p50 "
        f"{result['bare_p50_ms']} ms, p99 {result['bare_p99_ms']} ms; ratio {result['ratio_p50']}x; "
        f"statements per call {result['statements_per_call']}; load average {result['load_average_1m']} "
        f"on {result['cpus']} CPUs (target: p50 < 500 ms, within 1.5x of bare)"
    )


if __name__ == "__main__":
    asyncio.run(main())
