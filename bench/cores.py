"""How the hub's throughput grows with worker processes: requests/s at 8 clients, 1..N workers.

    .venv/bin/python bench/cores.py [--scale 100000] [--neo4j-uri bolt://...] [--max-workers N]
        [--clients 8] [--seconds 12] [--rounds 3] [--json FILE]

Uses the graph of bench/peer/run.py (var/bench-peer/neo4j-<scale>, loaded on
first use) and its workloads a (enterprises(first: 20) by name) and b (one
shipment by id with parties and batches), with the same rotating keys, plus
`{ __typename }` (0: the serving stack alone, no Neo4j). For
each worker count 1..N (N: cores by default) it starts `hub serve --workers
n` (all of them at once, idle but one at a time), warms them up, and
measures each workload for --seconds with --clients closed-loop clients, in
--rounds interleaved windows. Prints requests/s, p50 and p99 per count, the speed-up
over one worker, and `uptime` (Neo4j runs on the same cores: the scaling
shown is the machine's, not the hub's alone).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(1, str(Path(__file__).resolve().parent / "peer"))

import cpu
import drive
import run as peer_run
import servers
from workloads import WORKLOADS, Workload

from tools import neo4j_local

# "0": the smallest GraphQL request, `{ __typename }`: the CPU the serving stack
# (HTTP, auth, parse, validate, JSON) takes per request before any work.
MEASURED = ("0", "a", "b")
TYPENAME = Workload("0", "{ __typename }", "{ __typename }", "{ __typename }", lambda _: {}, lambda _: {})


async def measure(args: argparse.Namespace) -> dict[str, Any]:
    uri, home = args.neo4j_uri, peer_run.HOME / f"neo4j-{args.scale}"
    started = uri is None and neo4j_local.status(home) is None
    try:
        if uri is None:
            uri = await peer_run.prepare_graph(home, args.scale)
        info = None if args.neo4j_uri else neo4j_local.status(home)
        return await _measure(args, uri, info.pid if info else None)
    finally:
        if started and not args.keep_neo4j:
            neo4j_local.stop(home)


async def _measure(args: argparse.Namespace, uri: str, neo4j_pid: int | None) -> dict[str, Any]:
    keys, _ = await peer_run.keys_of(uri)
    keys["0"] = [None]
    counts = list(range(1, args.max_workers + 1))
    chosen = [TYPENAME, *(w for w in WORKLOADS if w.key in MEASURED)]
    totals = {(n, w.key): drive.Result() for n in counts for w in chosen}
    results: dict[str, Any] = {"uri": uri, "clients": args.clients, "seconds": args.seconds}
    with ExitStack() as stack:
        hubs = {n: stack.enter_context(servers.hub(uri, n)) for n in counts}
        raw = {
            (n, w.key): [drive.request_bytes(hubs[n].url, b, servers.HUB_HEADERS) for b in peer_run.bodies(w, keys[w.key], "hub")]
            for n in counts
            for w in chosen
        }  # fmt: skip
        for key, bodies in raw.items():
            await drive.run(hubs[key[0]].url, bodies, args.clients, args.warmup)
        trees = {n: cpu.tree(hub.pid) for n, hub in hubs.items()}
        neo4j = cpu.tree(neo4j_pid) if neo4j_pid else []
        results["uptime_before"] = peer_run.uptime()
        # Rounds, the worker counts taking turns in a rotating order: load from
        # elsewhere on the machine falls on every count alike.
        for r in range(args.rounds):
            for w in chosen:
                for n in counts[r % len(counts) :] + counts[: r % len(counts)]:
                    got = await drive.run(
                        hubs[n].url,
                        raw[(n, w.key)],
                        args.clients,
                        args.seconds / args.rounds,
                        (trees[n], neo4j),
                    )
                    totals[(n, w.key)].add(got)
                    print(f"  round {r + 1} {n} worker(s) {w.key}: {got.per_s:8.1f}/s p50 {got.p50_ms:.1f} ms"
                          f" p99 {got.p99_ms:.1f} ms", flush=True)  # fmt: skip
        results["uptime_after"] = peer_run.uptime()
    results["workers"] = {n: {w.key: totals[(n, w.key)].figures() for w in chosen} for n in counts}
    return results


def table(results: dict[str, Any]) -> str:
    lines = [
        f"hub requests/s at {results['clients']} clients, {results['seconds']:g} s per cell ({os.cpu_count()} cores)"
    ]
    lines.append(
        f"{'workers':>7} | "
        + " | ".join(f"{k + ' req/s':>9} {'p50':>7} {'p99':>7} {'x1':>5} {'cpu ms':>10}" for k in MEASURED)
    )
    first = results["workers"][1]
    for n, row in results["workers"].items():
        lines.append(f"{n:>7} | " + " | ".join(
            f"{row[k]['per_s']:>9} {row[k]['p50_ms']:>7} {row[k]['p99_ms']:>7} {row[k]['per_s'] / first[k]['per_s']:>5.2f}"
            f" {row[k]['cpu_ms_per_request']:>5.1f}+{row[k]['neo4j_cpu_ms_per_request']:<4.1f}"
            for k in MEASURED))  # fmt: skip
    lines.append("x1: requests/s over one worker's; cpu ms: CPU per request of the hub's processes + Neo4j's")
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
    parser.add_argument("--seconds", type=float, default=12.0, help="seconds per worker count and workload")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved windows (default 3)")
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--keep-neo4j", action="store_true", help="leave a Neo4j this run started running")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = asyncio.run(measure(args))
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
