"""Benchmark `hub load` (incremental) and `hub import` (bulk): rows per second and memory.

    python bench/load.py [--scale 1000000] [--data DIR] [--batch-size N] [--mode both]
                         [--heap-mb 2048] [--pagecache-mb 2048] [--keep] [--memory-mb 256] [--check-workers 0]
                         [--increment N] [--rounds R] [--compare DIR] [--store HOME]

--mode incremental (hub load), bulk (hub import: check, offline import, finish)
or both (bulk first, then incremental into a fresh Neo4j; one line each).

Incremental mode loads the folder (the first load), then, unless --increment 0,
`hub load`s of shipments into that loaded store (bench/load_increment.py):
NEW shipments (the folder's shipments.csv and shipment_batches.csv under new
ids, --increment rows) and a RELOAD of the same rows (every node exists). It
prints shipment rows/s (shipments.csv rows over that file's time) for each.
With --compare DIR (another source tree of this project, e.g. `git archive
<commit> | tar -x -C DIR`) every increment is loaded by both trees, alternately
in the same run on the same Neo4j (R rounds), and the ratios are printed.
With --store HOME (a local Neo4j home whose store already holds the folder, e.g.
var/bench-parties/neo4j-20000 built by `hub import` of bench-data/scale-20000)
the home is copied and the increments go into the copy: no first load (minutes);
as that JVM has run nothing yet, each tree first loads --warmup shipments (new
and reload) that are not measured.

Without --data it generates a folder of `scale` shipments under
bench-data/scale-<N> (in a child process, so that the generator's memory does
not count against the loader's; reused when present). It starts a throwaway
local Neo4j under var/bench-neo4j (wiped first; removed at the end unless
--keep), applies the migrations, loads the folder with loaders.load and
prints, per file, rows/s and the loader's RSS after the file, then the total
time, the peak RSS (getrusage ru_maxrss) and, last, one line of JSON.
Memory is flat when RSS after the largest files stays where it was after the
small ones, and when the peak is the same at two scales.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from common import ROOT, data_folder, peak_rss_mb  # bench/common.py; puts ROOT on sys.path
from load_increment import run_increments  # bench/load_increment.py
from neo4j import AsyncGraphDatabase

from graph_schema.migrate import migrate
from hub.bulk_cli import import_local
from loaders.bulk_check import DEFAULT_MEMORY_MB
from loaders.load import load_folder
from loaders.report import FileResult
from runtime.settings import Settings
from tools import neo4j_local

HOME = ROOT / "var" / "bench-neo4j"
DATABASE = "neo4j"


def rss_mb() -> float:
    """Current resident set size of this process."""
    with open("/proc/self/statm") as stream:
        pages = int(stream.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


async def bench(folder: Path, uri: str, batch_size: int) -> dict[str, Any]:
    driver = AsyncGraphDatabase.driver(uri, notifications_min_severity="OFF")
    after_file: dict[str, float] = {}

    def on_file(result: FileResult) -> None:
        after_file[result.file] = round(rss_mb(), 1)
        print(
            f"{result.file:<28}{result.read:>11,} rows {result.seconds:>8.1f} s "
            f"{result.rows_per_s:>9,.0f} rows/s   rss {after_file[result.file]:>6.1f} MB",
            file=sys.stderr,
        )

    try:
        await migrate(driver, DATABASE)
        rss_before = rss_mb()
        summary = await load_folder(
            driver,
            DATABASE,
            folder,
            **({"batch_size": batch_size} if batch_size else {}),
            progress=False,
            reject_report=ROOT / "var" / "bench-load-rejects.csv",
            on_file=on_file,
        )
    finally:
        await driver.close()
    return {
        "folder": str(folder),
        "batch_size": batch_size,
        "read": summary.read,
        "loaded": summary.loaded,
        "rejected": summary.rejected,
        "seconds": round(summary.seconds, 2),
        "rows_per_s": round(summary.read / summary.seconds, 1),
        "rss_before_load_mb": round(rss_before, 1),
        "rss_after_file_mb": after_file,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "files": {
            f.file: {"rows": f.read, "seconds": round(f.seconds, 2), "rows_per_s": round(f.rows_per_s)}
            for f in summary.files
        },
    }


async def copied(uri: str, folder: Path, store: Path) -> dict[str, Any]:
    """The store copied from `store` (migrated to this tree's migrations): nothing loaded here."""
    driver = AsyncGraphDatabase.driver(uri, notifications_min_severity="OFF")
    try:
        await migrate(driver, DATABASE)
    finally:
        await driver.close()
    print(f"store: copied from {store}", file=sys.stderr)
    return {
        "folder": str(folder),
        "store": str(store),
        "read": 0,
        "loaded": 0,
        "rejected": 0,
        "seconds": 0,
        "rows_per_s": 0,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "files": {},
    }


def bulk(folder: Path, heap_mb: int, pagecache_mb: int, memory_mb: int, workers: int) -> dict[str, Any]:
    """`hub import` of `folder` into a fresh local Neo4j under HOME (left running)."""
    settings = dataclasses.replace(
        Settings.from_env(), neo4j_heap_mb=heap_mb, neo4j_pagecache_mb=pagecache_mb, neo4j_uri=None
    )
    summary = asyncio.run(
        import_local(
            folder,
            settings,
            home=HOME,
            rejects=ROOT / "var" / "bench-import-rejects.csv",
            memory_mb=memory_mb,
            workers=workers,
        )
    )
    rows = summary.read
    shipments = (
        summary.file("shipments.csv").read if any(f.file == "shipments.csv" for f in summary.files) else 0
    )
    result = {
        "mode": "bulk",
        "read": rows,
        "rejected": summary.rejected,
        "seconds": round(summary.seconds, 2),
        "rows_per_s": round(rows / summary.seconds, 1),
        "shipments": shipments,
        "phases_s": {k: round(v, 1) for k, v in summary.phases.items()},
        # Without the server's stop and starts (which do not grow with the data):
        "check_rows_per_s": round(rows / summary.phases["check"]),
        "importer_rows_per_s": round(rows / summary.phases["importer"]),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "memory_mb": memory_mb,
        "check_workers": workers,
        # CPU seconds of this process per step; the importer JVM's CPU seconds and peak RSS
        "usage": summary.usage,
    }
    print(
        f"bulk: {rows:,} rows in {summary.seconds:.1f} s ({result['rows_per_s']:,.0f} rows/s; "
        f"{', '.join(f'{k} {v:.1f} s' for k, v in summary.phases.items())}); peak RSS {result['peak_rss_mb']:.0f} MB",
        file=sys.stderr,
    )
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scale", type=int, default=1_000_000, help="shipments to generate")
    p.add_argument("--data", type=Path, help="load this folder instead of generating one")
    p.add_argument("--batch-size", type=int, default=0, help="rows per batch (0: the loader's default)")
    p.add_argument("--heap-mb", type=int, default=2048)
    p.add_argument("--pagecache-mb", type=int, default=2048)
    p.add_argument("--keep", action="store_true", help="leave the Neo4j running with its data")
    p.add_argument(
        "--memory-mb", type=int, default=DEFAULT_MEMORY_MB, help="bulk: the key check's budget (hub import)"
    )
    p.add_argument("--check-workers", type=int, default=0, help="bulk: hub import --check-workers")
    p.add_argument("--mode", choices=["incremental", "bulk", "both"], default="incremental")
    p.add_argument("--increment", type=int, default=50_000, help="new shipments loaded into the loaded store")
    p.add_argument("--rounds", type=int, default=2, help="increments per source tree (best is printed)")
    p.add_argument("--compare", type=Path, help="also load each increment with this source tree")
    p.add_argument("--store", type=Path, help="copy this loaded Neo4j home instead of a first load")
    p.add_argument(
        "--warmup",
        type=int,
        default=-1,
        help="shipments loaded (new, reload) per tree before measuring "
        "(default: 5,000 with --store, whose JVM is cold; 0 after a first load)",
    )
    args = p.parse_args(argv)

    folder = args.data or data_folder(args.scale)
    print(
        f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}",
        file=sys.stderr,
    )
    neo4j_local.stop(HOME)
    shutil.rmtree(HOME, ignore_errors=True)
    if args.mode in ("bulk", "both"):
        try:
            figures = bulk(folder, args.heap_mb, args.pagecache_mb, args.memory_mb, args.check_workers)
            print(json.dumps(figures))
        finally:
            if args.mode == "both" or not args.keep:
                neo4j_local.stop(HOME)
                shutil.rmtree(HOME, ignore_errors=True)
        if args.mode == "bulk":
            return 0
    started = time.perf_counter()
    if args.store is not None:
        shutil.copytree(args.store / "dbms", HOME / "dbms", symlinks=True)
    info = neo4j_local.start(HOME, heap_mb=args.heap_mb, pagecache_mb=args.pagecache_mb, tx_timeout_s=900)
    print(f"neo4j: {info.uri} up in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    try:
        if args.store is None:
            result = asyncio.run(bench(folder, info.uri, args.batch_size))
        else:
            result = asyncio.run(copied(info.uri, folder, args.store))
        first = result["files"].get("shipments.csv")
        if first:
            print(f"first load: {first['rows_per_s']:,} shipment rows/s", file=sys.stderr)
        if args.increment > 0:
            codes = (
                {"this": ROOT} if args.compare is None else {"compare": args.compare.resolve(), "this": ROOT}
            )
            print(
                f"increments of {args.increment:,} shipments into the loaded store; load average "
                f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}",
                file=sys.stderr,
            )
            work = ROOT / "var" / "bench-load-increments"
            shutil.rmtree(work, ignore_errors=True)
            result["increments"] = run_increments(
                folder,
                work,
                info.uri,
                args.increment,
                args.batch_size,
                codes,
                args.rounds,
                info.pid,
                warmup=args.warmup if args.warmup >= 0 else (5_000 if args.store else 0),
            )
            shutil.rmtree(work, ignore_errors=True)
            for name, figures in result["increments"].items():
                print(f"{name}: {figures}", file=sys.stderr)
    finally:
        if not args.keep:
            neo4j_local.stop(HOME)
            shutil.rmtree(HOME, ignore_errors=True)
    result |= {
        "mode": "incremental",
        "scale": args.scale if args.data is None else None,
        "cpus": os.cpu_count(),
    }
    result |= {"neo4j": {"heap_mb": args.heap_mb, "pagecache_mb": args.pagecache_mb}}
    print(
        f"total: {result['read']:,} rows in {result['seconds']:.1f} s "
        f"({result['rows_per_s']:,.0f} rows/s), {result['rejected']:,} rejected; "
        f"loader peak RSS {result['peak_rss_mb']:.0f} MB",
        file=sys.stderr,
    )
    print(json.dumps(result))
    return 0 if result["rejected"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
