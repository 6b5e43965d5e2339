"""How the hub's throughput grows with worker processes: requests/s at 8 clients, 1..N workers.

    .venv/bin/python bench/cores.py [--scale 100000] [--neo4j-uri bolt://...] [--max-workers N]
        [--clients 8] [--seconds 10] [--json FILE]

Uses the graph of bench/peer/run.py (var/bench-peer/neo4j-<scale>, loaded on
first use) and its workloads a (enterprises(first: 20) by name) and b (one
shipment by id with parties and batches), with the same rotating keys. For
each worker count 1..N (N: cores by default) it starts `hub serve --workers
n`, warms it up, and measures each workload for --seconds with --clients
closed-loop clients. Prints requests/s, p50 and p99 per count, the speed-up
over one worker, and `uptime` (Neo4j runs on the same cores: the scaling
shown is the machine's, not the hub's alone).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(1, str(Path(__file__).resolve().parent / "peer"))

import drive
import run as peer_run
import servers
from common import prepare_local
from workloads import WORKLOADS

MEASURED = ("a", "b")


async def measure(args: argparse.Namespace) -> dict[str, Any]:
    uri = args.neo4j_uri
    if uri is None:
        uri, _ = await prepare_local(
            peer_run.HOME / f"neo4j-{args.scale}", args.scale, peer_run.FILES, heap_mb=1536, pagecache_mb=1024
        )
    keys, _ = await peer_run.keys_of(uri)
    results: dict[str, Any] = {"uri": uri, "clients": args.clients, "seconds": args.seconds, "workers": {}}
    results["uptime_before"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    for n in range(1, args.max_workers + 1):
        with servers.hub(uri, n) as url:
            row = {}
            for w in (w for w in WORKLOADS if w.key in MEASURED):
                raw = [
                    drive.request_bytes(url, b, servers.HUB_HEADERS)
                    for b in peer_run.bodies(w, keys[w.key], "hub")
                ]
                await drive.run(url, raw, args.clients, args.warmup)
                r = await drive.run(url, raw, args.clients, args.seconds)
                row[w.key] = {
                    "per_s": round(r.per_s, 1),
                    "p50_ms": round(r.p50_ms, 1),
                    "p99_ms": round(r.p99_ms, 1),
                }
                print(
                    f"  {n} worker(s) {w.key}: {r.per_s:8.1f}/s p50 {r.p50_ms:.1f} ms p99 {r.p99_ms:.1f} ms",
                    flush=True,
                )
            results["workers"][n] = row
    results["uptime_after"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    return results


def table(results: dict[str, Any]) -> str:
    lines = [
        f"hub requests/s at {results['clients']} clients, {results['seconds']:g} s per cell ({os.cpu_count()} cores)"
    ]
    lines.append(
        f"{'workers':>7} | "
        + " | ".join(f"{k + ' req/s':>9} {'p50':>7} {'p99':>7} {'x1':>5}" for k in MEASURED)
    )
    first = results["workers"][1]
    for n, row in results["workers"].items():
        lines.append(f"{n:>7} | " + " | ".join(
            f"{row[k]['per_s']:>9} {row[k]['p50_ms']:>7} {row[k]['p99_ms']:>7} {row[k]['per_s'] / first[k]['per_s']:>5.2f}"
            for k in MEASURED))  # fmt: skip
    lines.append(f"uptime before: {results['uptime_before']}")
    lines.append(f"uptime after:  {results['uptime_after']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=100_000, help="shipments generated and loaded")
    parser.add_argument("--neo4j-uri", help="use this loaded Neo4j instead")
    parser.add_argument(
        "--max-workers", type=int, default=os.cpu_count() or 1, help="up to this many workers"
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = asyncio.run(measure(args))
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
