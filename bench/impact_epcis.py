"""What following EPCIS transformations costs recall impact: the statements with and without it.

    python bench/impact_epcis.py [--scale N] [--requests 20] [--transformed K]

Generates (or reuses) bench-data/scale-<N> and loads it into a throwaway
local Neo4j under var/bench-impact-epcis (kept for the next run), then times
the impact page and totals statements of the planted recalls (0.1 %, 1 %,
10 % of shipments) as they are now (covered batches followed through
`TRANSFORMED_INTO` up to 4 generations, hub/data/impact.py MADE_FROM) and as
they were before (the same text without the made-from hops), alternating,
on the bare driver. With --transformed K it first links K random batch pairs
by TRANSFORMED_INTO (a graph with transformations; the answers then differ).
Prints p50 per statement and the ratio now / before, with the load average.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import statistics
import time
from typing import Any, LiteralString, cast

from common import ROOT, prepare_local
from neo4j import AsyncGraphDatabase

from hub.data import impact, impact_totals

HOME = ROOT / "var" / "bench-impact-epcis"
FILES = ("agencies.csv", "enterprises.csv", "products.csv", "batches.csv", "declarations.csv",
         "shipments.csv", "shipment_batches.csv", "recalls.csv", "recall_targets.csv")  # fmt: skip
LINK: LiteralString = (
    "MATCH (a:Batch) WITH a ORDER BY rand() LIMIT $k MATCH (b:Batch) WHERE b <> a"
    " WITH a, b ORDER BY rand() LIMIT 1 MERGE (a)-[:TRANSFORMED_INTO {eventKey: 'bench'}]->(b)"
)


def before(text: str) -> LiteralString:
    """The statement as it was before the made-from hops (the hops removed from the text)."""
    return cast(
        LiteralString,
        text.replace("(:Batch)" + impact.MADE_FROM + "(b", "(b"),
    )


def params() -> dict[str, Any]:
    today = dt.date.today()
    return {"asOf": None, "from": None, "to": None, "seeAll": True, "parcels": True, "agencyId": "AG-CN-GACC",
            "today": today, "visibleOn": today, "skip": 0, "limit": 101, **impact.NO_FILTER,
            **impact.fetch_params(set(impact.FETCHED))}  # fmt: skip


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--transformed", type=int, default=0)
    args = parser.parse_args()
    uri, folder = await prepare_local(HOME, args.scale, FILES, heap_mb=1024, pagecache_mb=512)
    manifest = json.loads((folder / "manifest.json").read_text())
    driver = AsyncGraphDatabase.driver(uri, notifications_min_severity="OFF")
    database = os.environ.get("NEO4J_DATABASE", "neo4j")
    if args.transformed:
        await driver.execute_query("MATCH ()-[l:TRANSFORMED_INTO {eventKey: 'bench'}]->() DELETE l")
        for _ in range(args.transformed):
            await driver.execute_query(LINK, {"k": 1}, database_=database)
    page = impact.PAGE[(impact.Scope.RECALL, impact.ImpactSort.QUANTITY_DESC, True)]
    totals = impact_totals.TOTALS[impact.Scope.RECALL]
    wanted = {g: True for g in (*impact.GROUPS, "declarations")}
    extra = {"want": wanted, "anyGroup": True, "anyLink": True, "groupLimit": 20}
    statements = {"page": (page, before(page), {}), "totals": (totals, before(totals), extra)}
    print(f"scale {args.scale:,}, {args.requests} runs each, transformed links {args.transformed}")
    for key in ("recall_small", "recall_medium", "recall_large"):
        if key not in manifest:
            continue
        rid = manifest[key]["recall_id"]
        for name, (now, old, more) in statements.items():
            p = {**params(), **more, "id": rid}
            times: dict[str, list[float]] = {"now": [], "before": []}
            for text in (now, old):  # plan and warm both
                await driver.execute_query(text, p, database_=database)
            for _ in range(args.requests):
                for label, text in (("now", now), ("before", old)):
                    started = time.perf_counter()
                    await driver.execute_query(text, p, database_=database)
                    times[label].append(time.perf_counter() - started)
            n, b = statistics.median(times["now"]), statistics.median(times["before"])
            print(f"{key:14} {rid:12} {name:6} p50 now {n * 1000:8.1f} ms  before {b * 1000:8.1f} ms"
                  f"  ratio {n / b:5.2f}")  # fmt: skip
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    await driver.close()


if __name__ == "__main__":
    asyncio.run(main())
