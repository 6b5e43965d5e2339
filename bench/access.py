"""Benchmark what the access policy costs: the same reads as a regulator and as a partner.

    python bench/access.py [--scale N] [--requests 50]

Generates (or reuses) bench-data/scale-<N>, starts a throwaway local Neo4j
under var/bench-access and, when its graph is empty, loads the tables these
reads touch. Then, one request at a time, alternating the two callers, it
times three reads through the data layer (the Cypher the hub runs):
- `enterprises(first: 100)` with its total (partner: the rating-in-force and
  arrangement-in-force predicate on every enterprise);
- `creditStanding` of a rated enterprise;
- `products(filter: {makerId})` (partner: the maker's visibility).
Prints p50/p95/p99 in ms and the rows each caller got; the server is left
running (and stopped at the end).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

from common import ROOT, percentile, prepare_local
from neo4j import AsyncGraphDatabase

from hub.auth import Principal, Role
from hub.data.credit import credit_standing
from hub.data.enterprises import EnterpriseFilter, EnterpriseSort, list_enterprises
from hub.data.paging import PageRequest
from hub.data.products import ProductFilter, ProductSort, list_products
from runtime.db import Cypher
from tools import neo4j_local

HOME = ROOT / "var" / "bench-access"
DATABASE = os.environ.get("NEO4J_DATABASE", "neo4j")
FILES = (
    "agencies.csv", "enterprises.csv", "products.csv", "credit_schemes.csv", "credit_levels.csv",
    "ratings.csv", "arrangements.csv", "level_mappings.csv",
)  # fmt: skip
CALLERS = {
    "regulator": Principal("bench-regulator", Role.REGULATOR, "AG-CN-GACC"),
    "partner SG": Principal("bench-partner", Role.PARTNER, "AG-SG-CUSTOMS"),
}
RATED_MAKER = (
    "MATCH (e:Enterprise)<-[:RATES]-(rt:Rating) WHERE rt.validTo IS NULL AND EXISTS { (e)<-[:MADE_BY]-() }"
    " RETURN e.enterpriseId AS id ORDER BY id LIMIT 1"
)


async def run(scale: int, requests: int) -> None:
    uri, _ = await prepare_local(HOME, scale, FILES, heap_mb=768, pagecache_mb=256)
    driver = AsyncGraphDatabase.driver(uri, notifications_min_severity="OFF")
    try:
        cy = Cypher(driver, DATABASE, 60.0)
        [record] = await cy.read(RATED_MAKER, {})
        target = str(record["id"])
        page = PageRequest(skip=0, limit=100)

        def reads(who: Principal) -> dict[str, Callable[[], Awaitable[Any]]]:
            async def listing() -> int:
                found = await list_enterprises(
                    cy, who, EnterpriseFilter(), EnterpriseSort.NAME, page, total=True
                )
                return found.total or 0

            async def standing() -> int:
                found = await credit_standing(cy, who, target, dt.date.today(), None)
                return len(found["ratings"]) if found else -1

            async def by_maker() -> int:
                found = await list_products(
                    cy, who, ProductFilter(maker_id=target), ProductSort.NAME, page, total=True
                )
                return found.total or 0

            return {"enterprises(first: 100) + total": listing, "creditStanding": standing,
                    "products(filter: {makerId})": by_maker}  # fmt: skip

        times: dict[tuple[str, str], list[float]] = {}
        rows: dict[tuple[str, str], int] = {}
        for i in range(requests + 3):  # the first three warm the plans
            for caller, who in CALLERS.items():
                for name, read in reads(who).items():
                    started = time.perf_counter()
                    rows[(caller, name)] = await read()
                    if i >= 3:
                        times.setdefault((caller, name), []).append((time.perf_counter() - started) * 1000)
            print(f"\r  {i + 1}/{requests + 3} rounds", end="", flush=True)
        print()
        print(f"scale {scale:,}, {requests} requests each, enterprise asked: {target}")
        print(f"{'read':<34}{'caller':<12}{'rows':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
        for (caller, name), values in sorted(times.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            print(
                f"{name:<34}{caller:<12}{rows[(caller, name)]:>8,}{percentile(values, 50):>9.1f}"
                f"{percentile(values, 95):>9.1f}{percentile(values, 99):>9.1f}"
            )
    finally:
        await driver.close()
        neo4j_local.stop(HOME)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=20_000, help="shipments of the generated data")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per read and caller")
    args = parser.parse_args()
    asyncio.run(run(args.scale, args.requests))


if __name__ == "__main__":
    main()
