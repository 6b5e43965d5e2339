"""Scale run: generate N shipments, bulk-import them, then time recall impact and related parties.

    python bench/scale.py [--scales 1000000,10000000] [--requests 21] [--heap-mb 2048]
                          [--pagecache-mb 4096] [--keep] [--dir DIR]

--dir DIR keeps the load folders (DIR/bench-data/scale-<N>) and the stores
(DIR/var/scale-<N>) outside the checkout (default: the checkout itself), e.g. on
a disk with room for the 10M run (about 2 GB of input, 9 GB of work files and
store).

For each scale, in order:
1. the load folder DIR/bench-data/scale-<N> (loaders.generate in a child process,
   reused when present): seconds, the generator's peak RSS, size on disk;
2. `hub import` of it into a fresh local Neo4j under var/scale-<N> (in a child
   process of its own, so that each scale's peak RSS is its own): rows/s
   overall and per step, this process's CPU seconds per step and peak RSS, the
   importer JVM's CPU seconds and peak RSS, size of the store. The figures are
   kept in var/scale-<N>.json; a later run finding that file and the store reuses
   them (delete var/scale-<N>* to import again);
3. with that Neo4j running, the real HTTP app (one process, as in the tests)
   answers, one request at a time, after 3 warm-up requests each:
   - recall impact: the first page of 100 affected shipments with parties and
     the totals, for two recalls:
     * R-BENCH-FIXED, written into the store by this bench (idempotently:
       MERGE on its id, its targets replaced): --fixed-batches whole batches
       (default 20), the first in batchId order that are each carried by
       0.8-1.25x --fixed-reach / --fixed-batches shipments (default 1,000 /
       20). The same shape at every scale (batches, shipments), so its ratio
       shows what the graph's size alone costs: the figure held to the target;
     * the generator's planted `recall_small` (the same 0.1 % share of
       shipments at every scale, so it reaches 10x more at 10x scale: its
       ratio mostly shows the work growing with the reach);
   - related parties, 3 hops, every path node and link, from the planted
     suspect seller (the same planted structure at every scale).
   p50 and p99 are nearest-rank. The server stops after each scale (--keep
   leaves the last one running).
Last it prints the ratio of each p50 to the first scale's (target: at most 2
at 10M against 1M, for R-BENCH-FIXED and related parties), the `uptime` load
average, and one line of JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Final, LiteralString

import httpx
import neo4j
from common import ROOT, percentile  # bench/common.py; puts ROOT on sys.path
from parties import RELATED_FULL

from hub.bulk_cli import import_local, peak_rss_mb
from runtime.settings import Settings
from tests.http import running_hub
from tools import neo4j_local

IMPACT = """query($id: ID!) { recall(id: $id) { id impact {
  shipments(first: 100) { totalCount edges { node {
    id waybill status declaredOn seller { id name } platform { id name } importer { id name }
    logistics { id name } declaration { id number }
    recalledBatches { quantity unit batch { id lotCode } product { id name } } } } }
  totals { batches shipments units underControlShipments deliveredShipments
    byRegion { key shipments units } bySeller { key name shipments units } } } } }"""


BASE = [ROOT]  # --dir
FIXED_RECALL: Final = "R-BENCH-FIXED"

# Batches carried by about `per` shipments each (a degree count: no shipment is read), first
# `k` in batchId order, with the shipments that carried each.
BATCHES_OF_DEGREE: Final[LiteralString] = (
    "MATCH (b:Batch) WITH b, COUNT { (b)<-[:CARRIES]-() } AS n WHERE n >= $lo AND n <= $hi"
    " WITH b ORDER BY b.batchId LIMIT $k"
    " RETURN b.batchId AS id, COLLECT { MATCH (b)<-[:CARRIES]-(s:Shipment) RETURN s.shipmentId } AS shipments"
)
# The bench recall of whole batches (what bench/trace.py writes, with batches for products).
FIXED_RECALL_WRITE: Final[LiteralString] = (
    "MERGE (r:Recall {recallId: $id}) SET r.measure = 'mandatory_recall', r.title = $id,"
    " r.riskLevel = 'high', r.status = 'open', r.issuedOn = date('2026-01-01')"
    " WITH r OPTIONAL MATCH (r)-[old:TARGETS]->() DELETE old"
    " WITH DISTINCT r UNWIND $batches AS bid MATCH (b:Batch {batchId: bid}) MERGE (r)-[:TARGETS]->(b)"
)


def fixed_recall(uri: str, reach: int, batches: int) -> dict[str, Any]:
    """Write R-BENCH-FIXED: `batches` whole batches, each carried by about reach/batches shipments.

    The same shape at every scale (the generator keeps about the same number of batches
    whatever the scale, so at 10x the shipments a batch is carried 10x as often: a recall
    of the same batches, or of the same number of shipments in batchId order, changes
    shape with the scale).
    """
    per = reach / batches
    with neo4j.GraphDatabase.driver(uri, notifications_min_severity="OFF") as driver:
        records, _, _ = driver.execute_query(
            BATCHES_OF_DEGREE, lo=int(per * 0.8), hi=int(per * 1.25) + 1, k=batches
        )
        picked = [record["id"] for record in records]
        seen = {s for record in records for s in record["shipments"]}
        driver.execute_query(FIXED_RECALL_WRITE, id=FIXED_RECALL, batches=picked)
    return {"recall_id": FIXED_RECALL, "batches": len(picked), "shipments": len(seen)}


def home_of(scale: int) -> Path:
    return BASE[0] / "var" / f"scale-{scale}"


def du_mb(path: Path) -> float:
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0
    return round(total / 2**20, 1)


def generate(scale: int) -> dict[str, Any]:
    """The load folder of `scale` (generated now when absent), with what generating it cost."""
    folder = BASE[0] / "bench-data" / f"scale-{scale}"
    if (folder / "manifest.json").exists():
        print(f"scale {scale:,}: reusing {folder}", file=sys.stderr)
        return {"folder": str(folder), "generated_now": False, "mb": du_mb(folder)}
    print(f"scale {scale:,}: generating into {folder} ...", file=sys.stderr)
    started = time.perf_counter()
    cmd = [sys.executable, "-m", "loaders.generate", "--scale", str(scale), "--out", str(folder)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=sys.stderr)
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise RuntimeError(f"the generator failed (status {status})")
    return {
        "folder": str(folder),
        "generated_now": True,
        "seconds": round(time.perf_counter() - started, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "mb": du_mb(folder),
    }


def bulk_import(scale: int, folder: Path, heap_mb: int, pagecache_mb: int) -> dict[str, Any]:
    """Step 2, run in this (child) process: `hub import` into a fresh Neo4j under home_of(scale)."""
    home = home_of(scale)
    neo4j_local.stop(home)
    shutil.rmtree(home, ignore_errors=True)
    settings = dataclasses.replace(
        Settings.from_env(), neo4j_heap_mb=heap_mb, neo4j_pagecache_mb=pagecache_mb, neo4j_uri=None
    )
    work = home.with_name(home.name + "-work")
    shutil.rmtree(work, ignore_errors=True)
    summary = asyncio.run(
        import_local(
            folder, settings, home=home, work=work, rejects=home.with_name(home.name + "-rejects.csv")
        )
    )
    phases = summary.phases
    rows = summary.read
    figures = {
        "rows": rows,
        "rejected": summary.rejected,
        "seconds": round(summary.seconds, 1),
        "rows_per_s": round(rows / summary.seconds),
        "phases_s": {k: round(v, 1) for k, v in phases.items()},
        "check_rows_per_s": round(rows / phases["check"]),
        "importer_rows_per_s": round(rows / phases["importer"]),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "cpu_s": round(
            sum(v for k, v in summary.usage.items() if k.endswith("_cpu_s") and "jvm" not in k), 1
        ),
        "usage": summary.usage,
        "work_mb": du_mb(work),
        "store_mb": du_mb(home / "dbms" / "data"),
    }
    shutil.rmtree(work, ignore_errors=True)
    return figures


def imported(scale: int, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Step 2's figures: from var/scale-<N>.json when the store is there, else by importing now."""
    saved = home_of(scale).with_suffix(".json")
    if saved.exists() and (home_of(scale) / "dbms").exists():
        print(f"scale {scale:,}: reusing the import of {saved}", file=sys.stderr)
        return dict(json.loads(saved.read_text()), reused=True)
    print(f"scale {scale:,}: hub import of {folder} ...", file=sys.stderr)
    cmd = [sys.executable, __file__, "--import-one", str(scale), "--data", str(folder)]
    cmd += ["--heap-mb", str(args.heap_mb), "--pagecache-mb", str(args.pagecache_mb), "--dir", str(BASE[0])]
    out = subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    figures: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    saved.write_text(json.dumps(figures))
    return figures


def timed(hub: Any, query: str, variables: dict[str, Any], requests: int) -> dict[str, float]:
    def once() -> float:
        started = time.perf_counter()
        reply = hub.gql(query, variables)
        elapsed = (time.perf_counter() - started) * 1000
        if reply.status != 200 or reply.body.get("errors"):
            raise RuntimeError(f"hub error: {reply.status} {str(reply.body)[:300]}")
        return elapsed

    for _ in range(3):
        once()
    times = [once() for _ in range(requests)]
    return {"p50_ms": round(percentile(times, 50), 1), "p99_ms": round(percentile(times, 99), 1)}


def queries(scale: int, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    manifest = json.loads((folder / "manifest.json").read_text())
    recall = manifest["recall_small"]
    suspect = manifest["related_enterprises"]["enterprise_ids"][0]
    info = neo4j_local.start(
        home_of(scale), heap_mb=args.heap_mb, pagecache_mb=args.pagecache_mb, tx_timeout_s=300
    )
    try:
        with running_hub(info.uri, HUB_QUERY_TIMEOUT_S="300", HUB_REQUEST_TIMEOUT_S="600") as hub:
            hub.client.timeout = httpx.Timeout(600.0)  # a cold first call on a big, loaded store
            fixed = fixed_recall(info.uri, args.fixed_reach, args.fixed_batches)
            impact_fixed = timed(hub, IMPACT, {"id": fixed["recall_id"]}, args.requests)
            impact = timed(hub, IMPACT, {"id": recall["recall_id"]}, args.requests)
            related = timed(hub, RELATED_FULL, {"id": suspect, "hops": 3}, args.requests)
    finally:
        if not args.keep or scale != args.scales[-1]:
            neo4j_local.stop(home_of(scale))
    return {
        "fixed": fixed,
        "impact_fixed": impact_fixed,
        "recall": recall["recall_id"],
        "recall_shipments": recall["expected_shipments"],
        "impact": impact,
        "suspect": suspect,
        "related_3_hops": related,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scales", type=lambda s: [int(x) for x in s.split(",")], default=[1_000_000, 10_000_000])
    p.add_argument("--requests", type=int, default=21, help="timed requests per query and scale")
    p.add_argument("--heap-mb", type=int, default=2048)
    p.add_argument("--pagecache-mb", type=int, default=4096)
    p.add_argument(
        "--fixed-reach", type=int, default=1000, help="shipments R-BENCH-FIXED reaches (default 1,000)"
    )
    p.add_argument("--fixed-batches", type=int, default=20, help="batches R-BENCH-FIXED targets (default 20)")
    p.add_argument("--keep", action="store_true", help="leave the last scale's Neo4j running")
    p.add_argument(
        "--dir", type=Path, default=ROOT, help="where bench-data/ and var/ are (default: the checkout)"
    )
    p.add_argument("--import-one", type=int, help=argparse.SUPPRESS)  # step 2 in a child process
    p.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    BASE[0] = args.dir.resolve()
    if args.import_one is not None:
        print(json.dumps(bulk_import(args.import_one, args.data, args.heap_mb, args.pagecache_mb)))
        return 0

    results: dict[int, dict[str, Any]] = {}
    for scale in args.scales:
        data = generate(scale)
        folder = Path(data["folder"])
        figures = {"data": data, "import": imported(scale, folder, args)}
        figures |= queries(scale, folder, args)
        results[scale] = figures
        imp = figures["import"]
        print(
            f"scale {scale:>11,}: import {imp['rows']:,} rows in {imp['seconds']:,.0f} s = "
            f"{imp['rows_per_s']:,} rows/s (check {imp['check_rows_per_s']:,}/s, importer "
            f"{imp['importer_rows_per_s']:,}/s; {imp['phases_s']}), peak RSS {imp['peak_rss_mb']:,.0f} MB, "
            f"CPU {imp.get('cpu_s', '?')} s; importer JVM CPU {imp.get('usage', {}).get('importer_jvm_cpu_s', '?')} s, "
            f"peak RSS {imp.get('usage', {}).get('importer_jvm_peak_rss_mb', '?')} MB, "
            f"store {imp['store_mb']:,.0f} MB, data {data['mb']:,.0f} MB",
            file=sys.stderr,
        )
        print(
            f"  impact of {FIXED_RECALL} ({figures['fixed']['batches']:,} batches, "
            f"{figures['fixed']['shipments']:,} shipments) p50 {figures['impact_fixed']['p50_ms']} ms "
            f"p99 {figures['impact_fixed']['p99_ms']} ms",
            file=sys.stderr,
        )
        print(
            f"  impact of {figures['recall']} ({figures['recall_shipments']:,} shipments) p50 "
            f"{figures['impact']['p50_ms']} ms p99 {figures['impact']['p99_ms']} ms; related parties "
            f"3 hops of {figures['suspect']} p50 {figures['related_3_hops']['p50_ms']} ms "
            f"p99 {figures['related_3_hops']['p99_ms']} ms",
            file=sys.stderr,
        )
    base = results[args.scales[0]]
    ratios = {
        scale: {
            "impact_fixed_p50": round(r["impact_fixed"]["p50_ms"] / base["impact_fixed"]["p50_ms"], 2),
            "impact_p50": round(r["impact"]["p50_ms"] / base["impact"]["p50_ms"], 2),
            "related_p50": round(r["related_3_hops"]["p50_ms"] / base["related_3_hops"]["p50_ms"], 2),
        }
        for scale, r in results.items()
    }
    for scale, ratio in ratios.items():
        print(f"p50 at {scale:,} over {args.scales[0]:,}: {ratio} (target <= 2)", file=sys.stderr)
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}", file=sys.stderr)
    print(json.dumps({"results": results, "ratios": ratios, "load": load}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
