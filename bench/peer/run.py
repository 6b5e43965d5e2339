"""The hub against the Neo4j GraphQL Library (the peer), same Neo4j, same data, same answers.

    .venv/bin/python bench/peer/run.py [--scale 100000] [--neo4j-uri bolt://...] [--workers N]
        [--peer-workers 1,2] [--clients 1,8] [--seconds 12] [--rounds 3] [--keep-neo4j] [--json FILE]

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
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any, Final, LiteralString

sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # bench/: common.py

import cpu
import drive
import httpx
import report
import servers
import workloads as workload_table
from common import LOADED, ROOT, data_folder, prepare_local
from neo4j import AsyncGraphDatabase
from workloads import PAGE, Workload, difference, normalise

from graph_schema.migrate import migrate
from hub.bulk_cli import import_local
from runtime.settings import Settings
from tools import neo4j_local

HOME: Final = ROOT / "var" / "bench-peer"
HEAP_MB: Final = 1536
PAGECACHE_MB: Final = 1024
DATABASE: Final = os.environ.get("NEO4J_DATABASE", "neo4j")
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
        await migrate(driver, DATABASE)

        async def rows(query: LiteralString, **params: Any) -> list[dict[str, Any]]:
            records, _, _ = await driver.execute_query(query, params, database_=DATABASE)
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


# The workloads measured (--workloads); all four by default.
SELECTED: list[Workload] = list(workload_table.WORKLOADS)


BASE: Final = "hub base"  # --hub-base: the hub of another checkout, measured beside this one


def is_hub(side: str) -> bool:
    return side in ("hub", BASE)


def bodies(w: Workload, keys: list[Any], side: str) -> list[dict[str, Any]]:
    if side == "hub":
        return [{"query": w.hub_query, "variables": w.hub_vars(k)} for k in keys]
    return [{"query": w.peer_query, "variables": w.peer_vars(k)} for k in keys]


def headers_of(side: str) -> dict[str, str]:
    return servers.HUB_HEADERS if is_hub(side) else {}


def statements(hub: servers.Server, keys: dict[str, list[Any]]) -> dict[str, int]:
    """Cypher statements the hub ran for the first request of each workload (X-Hub-Statements)."""
    found = {}
    for w in SELECTED:
        body = bodies(w, keys[w.key][:1], "hub")[0]
        reply = httpx.post(hub.url, json=body, headers=servers.HUB_HEADERS, timeout=120)
        found[w.key] = int(reply.headers.get("x-hub-statements", "-1"))
    return found


async def check(sides: dict[str, servers.Server], keys: dict[str, list[Any]]) -> list[str]:
    """Every request of every workload on every side; the mismatches found (none: all the same)."""
    problems = []
    for w in SELECTED:
        for n, key in enumerate(keys[w.key]):
            answers = {}
            for side, server in sides.items():
                body = bodies(w, [key], "hub" if is_hub(side) else "peer")[0]
                answers[side] = normalise(w.key, await drive.fetch(server.url, body, headers_of(side)))
            if not answers["hub"]:
                problems.append(f"{w.key} {key!r}: empty answer on the hub")
            for side, answer in answers.items():
                found = difference(answers["hub"], answer) if side != "hub" else None
                if found:
                    problems.append(f"{w.key} request {n} ({key!r}) {side}: {found}")
        print(f"check {w.key}: {len(keys[w.key])} requests, compared on {', '.join(sides)}", flush=True)
    return problems


async def measure(
    sides: dict[str, servers.Server],
    neo4j_pid: int | None,
    keys: dict[str, list[Any]],
    args: argparse.Namespace,
) -> dict[str, Any]:
    """Every (workload, clients) cell for every side, in --rounds interleaved windows.

    The machine is shared: a cell's figures gather --rounds windows of
    --seconds / --rounds each, the sides taking turns in a rotating order, so that
    a burst of load elsewhere falls on every side alike.
    """
    raw = {
        (w.key, side): [
            drive.request_bytes(server.url, b, headers_of(side))
            for b in bodies(w, keys[w.key], "hub" if is_hub(side) else "peer")
        ]
        for w in SELECTED
        for side, server in sides.items()
    }
    for w in SELECTED:
        for side, server in sides.items():
            await drive.run(server.url, raw[(w.key, side)], max(args.clients), args.warmup)
    totals = {(w.key, c, side): drive.Result() for w in SELECTED for c in args.clients for side in sides}
    order = list(sides)
    # Worker processes are forked once at start: list each tree once, read only those.
    trees = {side: cpu.tree(server.pid) for side, server in sides.items()}
    neo4j = cpu.tree(neo4j_pid) if neo4j_pid else []
    for n in range(args.rounds):
        for w in SELECTED:
            for c in args.clients:
                for side in order[n % len(order) :] + order[: n % len(order)]:
                    server = sides[side]
                    r = await drive.run(
                        server.url, raw[(w.key, side)], c, args.seconds / args.rounds, (trees[side], neo4j)
                    )
                    totals[(w.key, c, side)].add(r)
                    print(f"  round {n + 1} {w.key:<3} {c} client(s) {side:<7} {r.per_s:8.1f}/s"
                          f" p50 {r.p50_ms:7.1f} ms p99 {r.p99_ms:7.1f} ms", flush=True)  # fmt: skip
    return {
        f"{w.key}@{c}": {side: totals[(w.key, c, side)].figures() for side in sides}
        for w in SELECTED
        for c in args.clients
    }


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


async def is_loaded(uri: str) -> bool:
    """True when the graph holds data from a finished load (bench/common.py LOADED)."""
    driver = AsyncGraphDatabase.driver(uri, notifications_min_severity="OFF")
    try:
        records, _, _ = await driver.execute_query(LOADED, database_=DATABASE)
        return bool(records[0]["loaded"])
    finally:
        await driver.close()


async def bulk_import(home: Path, scale: int) -> None:
    """An empty store gets FILES of the generated folder through `hub import` (neo4j-admin).

    Much faster than `hub load` (minutes at 100,000 shipments); `hub import` checks the
    rows as `hub load` does and proves the same graph (tests/loaders/test_bulk.py).
    """
    folder = data_folder(scale)
    settings = Settings.from_env(
        {
            **os.environ,
            "HUB_NEO4J_HOME": str(home),
            "HUB_NEO4J_HEAP_MB": str(HEAP_MB),
            "HUB_NEO4J_PAGECACHE_MB": str(PAGECACHE_MB),
        }
    )
    with tempfile.TemporaryDirectory(prefix="bench-peer-import-") as temp:
        # The importer reads the input files present in a folder: show it only FILES.
        for name in FILES:
            (Path(temp) / name).symlink_to(folder / name)
        print(f"importing {', '.join(f.removesuffix('.csv') for f in FILES)} of {folder} ...", flush=True)
        summary = await import_local(
            Path(temp), settings, home=home, rejects=home.with_name(f"{home.name}-rejects.csv")
        )
    print(f"  {summary.read:,} rows in {summary.seconds:.1f} s, {summary.rejected:,} rejected", flush=True)


async def prepare_graph(home: Path, scale: int, *, load: bool = False) -> str:
    """Start the local Neo4j of `home`; an empty store gets FILES (`hub import`, or `hub load` with `load`)."""
    if not load:
        info = neo4j_local.start(home, heap_mb=HEAP_MB, pagecache_mb=PAGECACHE_MB, tx_timeout_s=300)
        if not await is_loaded(info.uri):
            await bulk_import(home, scale)
    uri, _ = await prepare_local(home, scale, FILES, heap_mb=HEAP_MB, pagecache_mb=PAGECACHE_MB)
    return uri


async def run(args: argparse.Namespace) -> int:
    uri, home = args.neo4j_uri, HOME / f"neo4j-{args.scale}"
    started = uri is None and neo4j_local.status(home) is None
    try:
        if uri is None:
            uri = await prepare_graph(home, args.scale, load=args.load)
        info = None if args.neo4j_uri else neo4j_local.status(home)
        return await _run(args, uri, info.pid if info else None)
    finally:
        if started and not args.keep_neo4j:
            neo4j_local.stop(home)


async def _run(args: argparse.Namespace, uri: str, neo4j_pid: int | None) -> int:
    keys, reach = await keys_of(uri)
    print(f"keys: {len(keys['a'])} pages of enterprises, {len(keys['b'])} shipments, recalls "
          + ", ".join(f"{k} (reach {n:,})" for k, n in reach.items())
          + f", {len(keys['d'])} pages of sellers", flush=True)  # fmt: skip
    servers.npm_ci()
    results: dict[str, Any] = {"scale": None if args.neo4j_uri else args.scale, "uri": uri}
    with ExitStack() as stack:
        sides = {"hub": stack.enter_context(servers.hub(uri, args.workers, args.plan_warm))}
        if args.hub_base:
            sides[BASE] = stack.enter_context(servers.hub(uri, args.workers, args.plan_warm, args.hub_base))
        for n in args.peer_workers:
            sides[f"peer x{n}"] = stack.enter_context(servers.peer(uri, n))
        problems = await check(sides, keys)
        if problems:
            print(f"ANSWERS DIFFER ({len(problems)}):", *problems[:20], sep="\n  ")
            return 2
        results["hub_statements"] = statements(sides["hub"], keys)
        results["uptime_before"] = uptime()
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        results["cells"] = await measure(sides, neo4j_pid, keys, args)
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        results["uptime_after"] = uptime()
    sent = sum(cell[s]["requests"] for cell in results["cells"].values() for s in sides)
    cpu = cpu_after.ru_utime + cpu_after.ru_stime - cpu_before.ru_utime - cpu_before.ru_stime
    results["driver_cpu_us_per_request"] = round(cpu / max(sent, 1) * 1e6)
    results["setup"] = (
        f"hub: hub serve --workers {args.workers or 'default (one per core)'}; peer: @neo4j/graphql on"
        f" graphql-yoga, node:cluster x {', x'.join(str(n) for n in args.peer_workers)}; {os.cpu_count()} cores;"
        f" {args.seconds:g} s per cell and side in {args.rounds} rounds; same Neo4j {uri}"
    )
    print()
    print(report.text(results, list(sides), args.clients))
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
    parser.add_argument("--seconds", type=float, default=12.0, help="seconds per measured cell and side")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved windows per cell (default 3)")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of warm-up per workload and side")
    parser.add_argument("--load", action="store_true",
                        help="fill an empty store with `hub load` instead of `hub import` (slower)")  # fmt: skip
    parser.add_argument("--plan-warm", action="store_true",
                        help="leave the hub's start-up plan warm-up on (off by default: see servers.hub)")  # fmt: skip
    parser.add_argument("--keep-neo4j", action="store_true", help="leave a Neo4j this run started running")
    parser.add_argument("--hub-base", type=Path,
                        help="also serve the hub of this checkout (e.g. `git archive <commit> | tar -x -C DIR`)"
                        " as side 'hub base', for a before/after in one run")  # fmt: skip
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--workloads", default="a,b,c',d",
                        help="comma-separated subset of a,b,c',d to check and measure (default all)")  # fmt: skip
    args = parser.parse_args(argv)
    chosen = args.workloads.split(",")
    unknown = set(chosen) - {w.key for w in workload_table.WORKLOADS}
    if unknown:
        parser.error(f"unknown workloads: {', '.join(sorted(unknown))}")
    SELECTED[:] = [w for w in workload_table.WORKLOADS if w.key in chosen]
    return asyncio.run(run(args))


if __name__ == "__main__":
    raise SystemExit(main())
