"""Benchmark the recall export: the hub's CSV stream against the bare driver, in one run.

    python bench/export.py [--scale 100000] [--recall RC000001] [--repeat 5] [--sort declaredOn]
                           [--home var/bench-export-neo4j]

Starts (or reuses) a local Neo4j under --home loaded with scale `scale`
(bench/common.py; a home that `python bench/load.py --mode bulk --keep` filled
is reused), then, alternating, `--repeat` times each:
- bare: the export's own statement through the async driver, every row read
  from the records and nothing else (the floor any Python client pays);
- hub: hub.data.exports.csv_chunks, the code behind GET /exports/... and
  `hub export` (statement, formula quoting, CSV text), the text discarded.
Prints the median rows/s of each, their ratio and the load average, then a
line of JSON. The server keeps running (stop: `python -c "from tools import
neo4j_local; neo4j_local.stop(...)"`) unless --stop.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import neo4j
from common import ROOT, prepare_local  # bench/common.py; puts ROOT on sys.path
from neo4j import AsyncDriver, AsyncGraphDatabase

from hub.auth import Principal, Role
from hub.data.exports import CHUNK, EXPORT, ExportSort, csv_chunks
from tools import neo4j_local

HOME = ROOT / "var" / "bench-export-neo4j"
DATABASE = "neo4j"


async def bare(driver: AsyncDriver, who: Principal, recall: str, sort: ExportSort) -> int:
    rows = 0
    async with driver.session(database=DATABASE, default_access_mode=neo4j.READ_ACCESS) as session:
        result = await session.run(EXPORT[sort], {"id": recall, "chunk": CHUNK, **who.cypher_params()})
        async for record in result:
            for row in record[0]:
                rows += len(row) > 0
    return rows


async def hub(driver: AsyncDriver, who: Principal, recall: str, sort: ExportSort) -> int:
    counter = [0]
    async for _ in csv_chunks(driver, DATABASE, 600.0, who, recall, sort, counter):
        pass
    return counter[0]


async def bench(uri: str, recall: str, sort: ExportSort, repeat: int) -> dict[str, Any]:
    who = Principal("bench", Role.ADMIN, "bench")
    driver = AsyncGraphDatabase.driver(uri, notifications_min_severity="OFF")
    rates: dict[str, list[float]] = {"bare": [], "hub": []}
    rows = 0
    try:
        await bare(driver, who, recall, sort)  # warm the plan and the page cache
        for _ in range(repeat):
            for name, run in (("bare", bare), ("hub", hub)):
                started = time.perf_counter()
                rows = await run(driver, who, recall, sort)
                rates[name].append(rows / (time.perf_counter() - started))
    finally:
        await driver.close()
    bare_rate, hub_rate = statistics.median(rates["bare"]), statistics.median(rates["hub"])
    return {
        "recall": recall,
        "sort": sort.value,
        "rows": rows,
        "bare_rows_per_s": round(bare_rate),
        "hub_rows_per_s": round(hub_rate),
        "bare_over_hub": round(bare_rate / hub_rate, 3),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scale", type=int, default=100_000)
    p.add_argument("--recall", default="RC000001", help="the recall to export (RC000001 reaches the most)")
    p.add_argument("--sort", default=ExportSort.DECLARED_ON.value, choices=[s.value for s in ExportSort])
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--heap-mb", type=int, default=1024)
    p.add_argument("--pagecache-mb", type=int, default=1024)
    p.add_argument("--stop", action="store_true", help="stop the Neo4j afterwards")
    p.add_argument("--home", type=Path, default=HOME, help="the local Neo4j's home")
    args = p.parse_args(argv)
    uri, _ = asyncio.run(
        prepare_local(args.home, args.scale, None, heap_mb=args.heap_mb, pagecache_mb=args.pagecache_mb)
    )
    try:
        result = asyncio.run(bench(uri, args.recall, ExportSort(args.sort), args.repeat))
    finally:
        if args.stop:
            neo4j_local.stop(args.home)
    print(
        f"export of {args.recall} ({result['rows']:,} rows): bare driver {result['bare_rows_per_s']:,} rows/s, "
        f"hub {result['hub_rows_per_s']:,} rows/s, bare/hub {result['bare_over_hub']:.2f}x; "
        f"load average {' '.join(map(str, result['load_average']))}",
        file=sys.stderr,
    )
    print(json.dumps(result | {"scale": args.scale}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
