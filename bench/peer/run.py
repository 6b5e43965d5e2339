"""The hub against the Neo4j GraphQL Library (the peer), same Neo4j, same data, same answers.

    .venv/bin/python bench/peer/run.py [--scale 100000] [--neo4j-uri bolt://...] [--workers N]
        [--peer-workers 1,2] [--seconds 10] [--clients 1,8] [--json FILE]

Without --neo4j-uri it starts a local Neo4j under var/bench-peer/neo4j-<scale>
and, when its graph is empty, loads the generated folder bench-data/scale-<scale>
(kept for the next run: delete that directory to load again). It starts `hub
serve` (--workers, default one per core) and the peer (bench/peer/server.mjs,
`npm ci` on first use) once per --peer-workers count, checks that every side
answers every request of every workload the same (exit 2 on a mismatch), warms
all of them up, then runs each workload for --seconds at each --clients count,
the sides in turn, and prints p50, p99 and requests/s per side, the peer's best
configuration, and the ratio hub/peer of requests/s. See bench/peer/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any, Final, LiteralString

sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # bench/: common.py

import drive
import servers
from common import ROOT, prepare_local
from neo4j import AsyncGraphDatabase
from workloads import PAGE, WORKLOADS, Workload, difference, normalise

from graph_schema.migrate import migrate
from tools import neo4j_local

HOME: Final = ROOT / "var" / "bench-peer"
FILES: Final = (
    "agencies.csv",
    "enterprises.csv",
    "products.csv",
    "batches.csv",
    "declarations.csv",
    "shipments.csv",
    "shipment_batches.csv",
    "recalls.csv",
    "recall_targets.csv",
)
PAGES: Final = 50  # a and d rotate over this many pages
SHIPMENT_IDS: Final = 200  # b rotates over this many shipments, spread over the id range
MIN_REACH: Final = 100  # c' uses the recalls reaching at least a full page

ENTERPRISES: LiteralString = "MATCH (e:Enterprise) RETURN count(e) AS n"
SELLERS: LiteralString = "MATCH (e:Enterprise {kind: 'seller'}) RETURN count(e) AS n"
SHIPMENTS: LiteralString = "MATCH (s:Shipment) RETURN s.shipmentId AS id ORDER BY id"
RECALLS: LiteralString = (
    "MATCH (r:Recall) CALL (r) { MATCH (r)-[:TARGETS]->(:Batch)<-[:CARRIES]-(s:Shipment) RETURN s"
    " UNION MATCH (r)-[:TARGETS]->(:Product)<-[:OF_PRODUCT]-(:Batch)<-[:CARRIES]-(s:Shipment) RETURN s"
    " UNION MATCH (r)-[:TARGETS]->(s:Shipment) RETURN s }"
    " WITH r, count(DISTINCT s) AS n WHERE n >= $min RETURN r.recallId AS id, n ORDER BY id"
)


async def keys_of(uri: str) -> tuple[dict[str, list[Any]], dict[str, int]]:
    """The deterministic request keys of each workload, and the recalls' reach."""
    auth = (
        (os.environ["NEO4J_USER"], os.environ.get("NEO4J_PASSWORD", ""))
        if "NEO4J_USER" in os.environ
        else None
    )
    driver = AsyncGraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
    try:
        await migrate(driver, "neo4j")

        async def rows(query: LiteralString, **params: Any) -> list[dict[str, Any]]:
            records, _, _ = await driver.execute_query(query, params, database_="neo4j")
            return [r.data() for r in records]

        enterprises = (await rows(ENTERPRISES))[0]["n"]
        sellers = (await rows(SELLERS))[0]["n"]
        ids = [r["id"] for r in await rows(SHIPMENTS)]
        recalls = {r["id"]: r["n"] for r in await rows(RECALLS, min=MIN_REACH)}
    finally:
        await driver.close()
    if not ids or not recalls or sellers < PAGE:
        raise RuntimeError("the graph lacks shipments, recalls or sellers: load a generated folder")
    step = max(1, len(ids) // SHIPMENT_IDS)
    return {
        "a": [PAGE * i for i in range(min(PAGES, enterprises // PAGE))],
        "b": ids[::step][:SHIPMENT_IDS],
        "c'": sorted(recalls),
        "d": [PAGE * i for i in range(min(PAGES, sellers // PAGE))],
    }, recalls


def bodies(w: Workload, keys: list[Any], side: str) -> list[dict[str, Any]]:
    if side == "hub":
        return [{"query": w.hub_query, "variables": w.hub_vars(k)} for k in keys]
    return [{"query": w.peer_query, "variables": w.peer_vars(k)} for k in keys]


def headers_of(side: str) -> dict[str, str]:
    return servers.HUB_HEADERS if side == "hub" else {}


async def check(urls: dict[str, str], keys: dict[str, list[Any]]) -> list[str]:
    """Every request of every workload on every side; the mismatches found (none: all the same)."""
    problems = []
    for w in WORKLOADS:
        for n, key in enumerate(keys[w.key]):
            answers = {}
            for side, url in urls.items():
                body = bodies(w, [key], "hub" if side == "hub" else "peer")[0]
                answers[side] = normalise(w.key, await drive.fetch(url, body, headers_of(side)))
            if not answers["hub"]:
                problems.append(f"{w.key} {key!r}: empty answer on the hub")
            for side, answer in answers.items():
                found = difference(answers["hub"], answer) if side != "hub" else None
                if found:
                    problems.append(f"{w.key} request {n} ({key!r}) {side}: {found}")
        print(f"check {w.key}: {len(keys[w.key])} requests, same answers on {', '.join(urls)}", flush=True)
    return problems


async def measure(
    urls: dict[str, str], keys: dict[str, list[Any]], clients: list[int], seconds: float, warmup: float
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    raw = {
        (w.key, side): [
            drive.request_bytes(url, b, headers_of(side))
            for b in bodies(w, keys[w.key], "hub" if side == "hub" else "peer")
        ]
        for w in WORKLOADS
        for side, url in urls.items()
    }
    for w in WORKLOADS:
        for side, url in urls.items():
            await drive.run(url, raw[(w.key, side)], max(clients), warmup)
        for c in clients:
            cell: dict[str, Any] = {}
            for side, url in urls.items():
                r = await drive.run(url, raw[(w.key, side)], c, seconds)
                cell[side] = {"p50_ms": round(r.p50_ms, 1), "p99_ms": round(r.p99_ms, 1),
                              "per_s": round(r.per_s, 1), "requests": r.requests}  # fmt: skip
                print(f"  {w.key:<3} {c} client(s) {side:<7} {r.per_s:8.1f}/s p50 {r.p50_ms:7.1f} ms"
                      f" p99 {r.p99_ms:7.1f} ms", flush=True)  # fmt: skip
            results[f"{w.key}@{c}"] = cell
    return results


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def table(results: dict[str, Any], sides: list[str], clients: list[int]) -> str:
    peers = [s for s in sides if s != "hub"]
    lines = [
        f"{'workload':<46}{'cl':>3} | {'hub p50':>8}{'p99':>8}{'req/s':>8} | peer best {'p50':>8}{'p99':>8}"
        f"{'req/s':>8} | {'hub/peer':>8} | " + " ".join(f"{p + ' req/s':>12}" for p in peers),
    ]
    for w in WORKLOADS:
        for c in clients:
            cell = results["cells"][f"{w.key}@{c}"]
            hub = cell["hub"]
            best = max(peers, key=lambda p: cell[p]["per_s"])
            peer = cell[best]
            ratio = hub["per_s"] / peer["per_s"]
            cell["best_peer"], cell["ratio"] = best, round(ratio, 2)
            lines.append(
                f"{w.key + '. ' + w.title:<46}{c:>3} | {hub['p50_ms']:>8}{hub['p99_ms']:>8}{hub['per_s']:>8}"
                f" | {best:<9} {peer['p50_ms']:>8}{peer['p99_ms']:>8}{peer['per_s']:>8} | {ratio:>7.2f}x | "
                + " ".join(f"{cell[p]['per_s']:>12}" for p in peers)
            )
    return "\n".join(lines)


async def run(args: argparse.Namespace) -> int:
    uri, home = args.neo4j_uri, HOME / f"neo4j-{args.scale}"
    started = uri is None and neo4j_local.status(home) is None
    try:
        if uri is None:
            uri, _ = await prepare_local(home, args.scale, FILES, heap_mb=1536, pagecache_mb=1024)
        return await _run(args, uri)
    finally:
        if started and not args.keep_neo4j:
            neo4j_local.stop(home)


async def _run(args: argparse.Namespace, uri: str) -> int:
    keys, reach = await keys_of(uri)
    print(f"keys: {len(keys['a'])} pages of enterprises, {len(keys['b'])} shipments, recalls "
          + ", ".join(f"{k} (reach {n:,})" for k, n in reach.items())
          + f", {len(keys['d'])} pages of sellers", flush=True)  # fmt: skip
    servers.npm_ci()
    results: dict[str, Any] = {"scale": None if args.neo4j_uri else args.scale, "uri": uri}
    with ExitStack() as stack:
        urls = {"hub": stack.enter_context(servers.hub(uri, args.workers))}
        for n in args.peer_workers:
            urls[f"peer x{n}"] = stack.enter_context(servers.peer(uri, n))
        problems = await check(urls, keys)
        if problems:
            print("ANSWERS DIFFER:", *problems[:20], sep="\n  ")
            return 2
        results["uptime_before"] = uptime()
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        results["cells"] = await measure(urls, keys, args.clients, args.seconds, args.warmup)
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        results["uptime_after"] = uptime()
    sent = sum(cell[s]["requests"] for cell in results["cells"].values() for s in urls)
    cpu = cpu_after.ru_utime + cpu_after.ru_stime - cpu_before.ru_utime - cpu_before.ru_stime
    results["driver_cpu_us_per_request"] = round(cpu / max(sent, 1) * 1e6)
    print()
    print(f"hub: hub serve --workers {args.workers or 'default'}; peer: @neo4j/graphql on graphql-yoga, node:cluster x "
          + ", ".join(str(n) for n in args.peer_workers) + f"; {args.seconds:g} s per cell, same Neo4j {uri}")  # fmt: skip
    print(table(results, list(urls), args.clients))
    print(f"driver CPU per request {results['driver_cpu_us_per_request']} us; answers checked: same")
    print(f"uptime before: {results['uptime_before']}")
    print(f"uptime after:  {results['uptime_after']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x]


def main(argv: list[str] | None = None) -> int:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=100_000, help="shipments generated and loaded")
    parser.add_argument("--neo4j-uri", help="use this loaded Neo4j (NEO4J_USER/NEO4J_PASSWORD) instead")
    parser.add_argument("--workers", type=int, help="hub worker processes (default: hub serve's own)")
    parser.add_argument("--peer-workers", type=_ints, default=sorted({1, cores}),
                        help="peer process counts to measure, comma-separated (default 1,cores)")  # fmt: skip
    parser.add_argument("--clients", type=_ints, default=[1, 8], help="concurrent clients (default 1,8)")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds per measured cell")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of warm-up per workload and side")
    parser.add_argument("--keep-neo4j", action="store_true", help="leave a Neo4j this run started running")
    parser.add_argument("--json", type=Path, help="also write the results here")
    return asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    raise SystemExit(main())
