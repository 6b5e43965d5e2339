"""Workload c' of bench/peer alone, with an A/B of this tree's hub against another tree's, in one run.

    .venv/bin/python bench/impact_peer.py [--scale 100000] [--compare /path/to/old/tree] [--seconds 12]

Recall impact, first 100 shipments with their five parties (bench/peer/workloads.py
HUB_C / PEER_C), on the Neo4j and graph bench/peer/run.py prepares (started and
loaded the same way, left as found). Sides: this tree's hub (`hub serve`, one
process per core unless --workers), with --compare also the hub of another
source tree (e.g. `git archive <commit> | tar -x -C DIR`; run with this venv),
and the peer (`@neo4j/graphql`, x1 and x2 processes). Every request is checked
on every side first (the same answers), then each (clients, side) cell is
measured in --rounds interleaved windows. Prints requests/s, p50, p99, the CPU
per request of the server's processes and of Neo4j (from /proc), each hub's
requests/s over the best peer's, the statements per hub request, and `uptime`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(1, str(Path(__file__).resolve().parent / "peer"))

import drive
import httpx
import run as peer_run
import servers
from workloads import WORKLOADS, difference, normalise

from tools import neo4j_local

C = next(w for w in WORKLOADS if w.key == "c'")


def _body(side: str, key: str) -> dict[str, Any]:
    if side.startswith("hub"):
        return {"query": C.hub_query, "variables": C.hub_vars(key)}
    return {"query": C.peer_query, "variables": C.peer_vars(key)}


def _headers(side: str) -> dict[str, str]:
    return servers.HUB_HEADERS if side.startswith("hub") else {}


async def _check(sides: dict[str, servers.Server], keys: list[str]) -> list[str]:
    problems = []
    for key in keys:
        answers = {
            side: normalise("c'", await drive.fetch(s.url, _body(side, key), _headers(side)))
            for side, s in sides.items()
        }
        for side, answer in answers.items():
            if side != "hub" and (found := difference(answers["hub"], answer)):
                problems.append(f"{key} {side}: {found}")
    return problems


async def _measure(
    sides: dict[str, servers.Server], neo4j_pid: int, keys: list[str], args: argparse.Namespace
) -> dict[tuple[int, str], drive.Result]:
    raw = {
        side: [drive.request_bytes(s.url, _body(side, k), _headers(side)) for k in keys]
        for side, s in sides.items()
    }
    for side, s in sides.items():
        await drive.run(s.url, raw[side], max(args.clients), args.warmup)
    trees = {side: drive.cpu.tree(s.pid) for side, s in sides.items()}
    neo4j = drive.cpu.tree(neo4j_pid)
    totals = {(c, side): drive.Result() for c in args.clients for side in sides}
    order = list(sides)
    for n in range(args.rounds):
        for c in args.clients:
            for side in order[n % len(order) :] + order[: n % len(order)]:
                r = await drive.run(
                    sides[side].url, raw[side], c, args.seconds / args.rounds, (trees[side], neo4j)
                )
                totals[(c, side)].add(r)
                print(
                    f"  round {n + 1} {c} client(s) {side:<8} {r.per_s:8.1f}/s p50 {r.p50_ms:7.1f} ms",
                    flush=True,
                )
    return totals


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


async def _run(args: argparse.Namespace) -> int:
    home = peer_run.HOME / f"neo4j-{args.scale}"
    started = neo4j_local.status(home) is None
    try:
        uri = await peer_run.prepare_graph(home, args.scale)
        info = neo4j_local.status(home)
        assert info is not None
        keys_by, reach = await peer_run.keys_of(uri)
        keys = keys_by["c'"]
        print("recalls: " + ", ".join(f"{k} (reach {reach[k]:,})" for k in keys), flush=True)
        servers.npm_ci()
        with ExitStack() as stack:
            sides = {"hub": stack.enter_context(servers.hub(uri, args.workers))}
            if args.compare:
                sides["hub-old"] = stack.enter_context(servers.hub(uri, args.workers, root=args.compare))
            for n in args.peer_workers:
                sides[f"peer x{n}"] = stack.enter_context(servers.peer(uri, n))
            problems = await _check(sides, keys)
            if problems:
                print(f"ANSWERS DIFFER ({len(problems)}):", *problems[:20], sep="\n  ")
                return 2
            print(f"check: {len(keys)} requests, the same on {', '.join(sides)}", flush=True)
            statements = {
                side: httpx.post(
                    s.url, json=_body(side, keys[0]), headers=_headers(side), timeout=120
                ).headers.get("x-hub-statements")
                for side, s in sides.items()
                if side.startswith("hub")
            }
            before = _uptime()
            totals = await _measure(sides, info.pid, keys, args)
            after = _uptime()
    finally:
        if started:
            neo4j_local.stop(home)
    peers = [s for s in sides if not s.startswith("hub")]
    print(
        f"\nc' at scale {args.scale:,}; {os.cpu_count()} cores; {args.seconds:g} s per cell in {args.rounds} rounds"
    )
    print(
        f"{'cl':>3} {'side':<9}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'cpu ms (server+neo4j)':>24}  vs best peer"
    )
    for c in args.clients:
        best = max(peers, key=lambda p: totals[(c, p)].per_s)
        for side in sides:
            f = totals[(c, side)].figures()
            ratio = totals[(c, side)].per_s / totals[(c, best)].per_s
            cpu_ms = f"{f['cpu_ms_per_request']:.1f}+{f['neo4j_cpu_ms_per_request']:.1f}"
            print(
                f"{c:>3} {side:<9}{f['per_s']:>8}{f['p50_ms']:>9}{f['p99_ms']:>9}{cpu_ms:>24}  {ratio:.2f}x"
            )
    print("statements per hub request: " + ", ".join(f"{s} {n}" for s, n in statements.items()))
    print(f"uptime before: {before}\nuptime after:  {after}")
    return 0


def main(argv: list[str] | None = None) -> int:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=100_000, help="the graph of bench/peer/run.py --scale")
    parser.add_argument("--compare", type=Path, help="also measure the hub of this source tree")
    parser.add_argument("--workers", type=int, help="hub worker processes (default: hub serve's own)")
    parser.add_argument("--peer-workers", type=peer_run._ints, default=sorted({1, cores}))
    parser.add_argument("--clients", type=peer_run._ints, default=[1, 8])
    parser.add_argument("--seconds", type=float, default=12.0, help="seconds per cell and side")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of warm-up per side")
    return asyncio.run(_run(parser.parse_args(argv)))


if __name__ == "__main__":
    raise SystemExit(main())
