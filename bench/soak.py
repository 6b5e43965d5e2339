"""Soak: mixed legitimate and hostile traffic against a `hub serve` process; memory must stay flat.

    python bench/soak.py [--seconds 600] [--concurrency 8] [--hostile 0.2]

Starts a throwaway local Neo4j under var/bench-soak (small trace graph) and
the hub as its own process. --concurrency clients send, for --seconds, a
random mix: legitimate queries (bench/traffic.py) and, with probability
--hostile, a case of tests/hostile/corpus.py. Prints every 30 s and at the
end: requests, legitimate p50/p99 and errors, hostile answers that differed
from the expected status/code, and the server's RSS at start, peak and end.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import time
from collections import Counter

import httpx
from common import ROOT, percentile
from hubproc import hub_process, rss_mb, start_neo4j
from traffic import LEGIT

from tests.hostile.corpus import CASES
from tests.http import REGULATOR
from tools import neo4j_local

HOME = ROOT / "var" / "bench-soak"
AUTH = {"authorization": f"Bearer {REGULATOR}"}


class Tally:
    def __init__(self) -> None:
        self.legit_ms: list[float] = []
        self.legit_errors: Counter[str] = Counter()
        self.hostile = 0
        self.hostile_wrong: Counter[str] = Counter()
        self.rss: list[float] = []


async def client(base: str, until: float, share: float, seed: int, tally: Tally) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        while time.monotonic() < until:
            if rng.random() < share:
                case = rng.choice(CASES)
                try:
                    response = await http.request(case.method, "/graphql", content=case.body,
                                                  headers=case.request_headers())  # fmt: skip
                    code = response.json()["errors"][0]["extensions"]["code"]
                    if (response.status_code, code) != (case.status, case.code):
                        tally.hostile_wrong[f"{case.name}: {response.status_code} {code}"] += 1
                except (httpx.HTTPError, ValueError, KeyError) as exc:
                    tally.hostile_wrong[f"{case.name}: {type(exc).__name__}"] += 1
                tally.hostile += 1
                continue
            name, query, variables = rng.choice(LEGIT)
            started = time.perf_counter()
            try:
                response = await http.post(
                    "/graphql", json={"query": query, "variables": variables}, headers=AUTH
                )
                body = response.json()
                if response.status_code != 200 or body.get("errors"):
                    tally.legit_errors[f"{name}: {response.status_code}"] += 1
            except (httpx.HTTPError, ValueError) as exc:
                tally.legit_errors[f"{name}: {type(exc).__name__}"] += 1
            tally.legit_ms.append((time.perf_counter() - started) * 1000)


async def sample(pid: int, until: float, tally: Tally) -> None:
    started = time.monotonic()
    next_report = started + 30
    while time.monotonic() < until:
        tally.rss.append(rss_mb(pid))
        if time.monotonic() >= next_report:
            next_report += 30
            ms = tally.legit_ms[-2000:]
            print(f"  {time.monotonic() - started:5.0f} s: {len(tally.legit_ms):,} legit "
                  f"(recent p99 {percentile(ms, 99) if ms else 0:.0f} ms), {tally.hostile:,} hostile, "
                  f"RSS {tally.rss[-1]:.0f} MiB", flush=True)  # fmt: skip
        await asyncio.sleep(1)


async def soak(base: str, pid: int, seconds: float, concurrency: int, share: float) -> Tally:
    tally = Tally()
    # Warm-up: caches, plans and pools fill before the start figure is taken.
    await client(base, time.monotonic() + 5, share, 0, Tally())
    until = time.monotonic() + seconds
    await asyncio.gather(
        sample(pid, until, tally), *(client(base, until, share, i + 1, tally) for i in range(concurrency))
    )
    tally.rss.append(rss_mb(pid))
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--hostile", type=float, default=0.2, help="share of hostile requests")
    args = parser.parse_args()
    info = start_neo4j(HOME)
    try:
        with hub_process(info.uri) as (base, proc):
            print(
                f"soak: {args.seconds:.0f} s, {args.concurrency} clients, {args.hostile:.0%} hostile, hub pid {proc.pid}"
            )
            tally = asyncio.run(soak(base, proc.pid, args.seconds, args.concurrency, args.hostile))
    finally:
        neo4j_local.stop(HOME)
        shutil.rmtree(HOME, ignore_errors=True)
    legit = tally.legit_ms
    print(f"legitimate: {len(legit):,} requests ({len(legit) / args.seconds:.1f}/s), "
          f"p50 {percentile(legit, 50):.1f} ms, p99 {percentile(legit, 99):.1f} ms, max {max(legit):.0f} ms; "
          f"errors {sum(tally.legit_errors.values())}")  # fmt: skip
    for what, n in tally.legit_errors.most_common(10):
        print(f"  legit error {what}: {n}")
    print(
        f"hostile: {tally.hostile:,} requests, {sum(tally.hostile_wrong.values())} answered other than expected"
    )
    for what, n in tally.hostile_wrong.most_common(10):
        print(f"  unexpected {what}: {n}")
    print(
        f"server RSS: start {tally.rss[0]:.0f} MiB, peak {max(tally.rss):.0f} MiB, end {tally.rss[-1]:.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
