"""Outage: stop Neo4j under load, start it again; the hub must fail fast, recover alone, lose nothing.

    python bench/outage.py [--before 15] [--down 8] [--after 10] [--readers 4] [--writers 2]

Starts a throwaway local Neo4j under var/bench-outage (small trace graph) and
`hub serve` as its own process. Readers send legitimate queries; writers send
`issueRecall` with fresh clientRequestIds. After --before seconds Neo4j is
stopped; after --down more it is started again (same port); load goes on for
--after seconds. Prints the error rate while down, the time a request took to
fail while down (p50/max), the time from Neo4j being back to the first
success, and the recall check: every acknowledged issueRecall exists exactly
once; requests that failed are retried with the same id and must then exist
exactly once too.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import shutil
import time
from dataclasses import dataclass, field

import httpx
from common import ROOT, percentile
from hubproc import DATABASE, hub_process, start_neo4j
from neo4j import AsyncGraphDatabase
from traffic import ISSUE, LEGIT, recall_input

from tests.http import REGULATOR
from tools import neo4j_local

HOME = ROOT / "var" / "bench-outage"
AUTH = {"authorization": f"Bearer {REGULATOR}"}


@dataclass
class Log:
    # (started, finished, ok, status) per request
    answers: list[tuple[float, float, bool, int]] = field(default_factory=list)
    acknowledged: set[str] = field(default_factory=set)
    unknown: set[str] = field(default_factory=set)


async def reader(http: httpx.AsyncClient, done: asyncio.Event, seed: int, log: Log) -> None:
    rng = random.Random(seed)
    while not done.is_set():
        _, query, variables = rng.choice(LEGIT)
        started = time.monotonic()
        try:
            response = await http.post(
                "/graphql", json={"query": query, "variables": variables}, headers=AUTH
            )
            ok, status = (
                response.status_code == 200 and not response.json().get("errors"),
                response.status_code,
            )
        except httpx.HTTPError:
            ok, status = False, 0
        log.answers.append((started, time.monotonic(), ok, status))
        await asyncio.sleep(0.02)


FAILURES: dict[str, int] = {}


async def issue(http: httpx.AsyncClient, request_id: str) -> bool:
    body = {"query": ISSUE, "variables": {"input": recall_input(request_id)}}
    try:
        response = await http.post("/graphql", json=body, headers=AUTH)
        answer = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        FAILURES[type(exc).__name__] = FAILURES.get(type(exc).__name__, 0) + 1
        return False
    result = (answer.get("data") or {}).get("issueRecall") or {}
    if response.status_code == 200 and result.get("__typename") == "IssueRecallSuccess":
        return True
    what = f"{response.status_code} {str(answer.get('errors') or result)[:120]}"
    FAILURES[what] = FAILURES.get(what, 0) + 1
    return False


async def writer(
    http: httpx.AsyncClient, done: asyncio.Event, ids: itertools.count[int], name: str, log: Log
) -> None:
    while not done.is_set():
        request_id = f"outage-{name}-{next(ids):05d}"
        started = time.monotonic()
        ok = await issue(http, request_id)
        log.answers.append((started, time.monotonic(), ok, 200 if ok else 503))
        (log.acknowledged if ok else log.unknown).add(request_id)
        await asyncio.sleep(0.05)


async def run(base: str, args: argparse.Namespace) -> tuple[Log, float, float, int]:
    log = Log()
    begin = time.monotonic()
    done = asyncio.Event()
    ids = itertools.count()
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        load = [reader(http, done, i, log) for i in range(args.readers)]
        load += [writer(http, done, ids, f"w{i}", log) for i in range(args.writers)]

        async def outage() -> tuple[float, float]:
            await asyncio.sleep(args.before)
            # "Down" starts when the stop is asked for: requests sent while it shuts down count.
            down = time.monotonic()
            await asyncio.to_thread(neo4j_local.stop, HOME)
            print(
                f"  {down - begin:5.1f} s: Neo4j stopping; stopped at {time.monotonic() - begin:5.1f} s",
                flush=True,
            )
            await asyncio.sleep(args.down)
            info = await asyncio.to_thread(
                neo4j_local.start, HOME, heap_mb=512, pagecache_mb=64, tx_timeout_s=30
            )
            up = time.monotonic()
            print(f"  {up - begin:5.1f} s: Neo4j back on port {info.port}", flush=True)
            await asyncio.sleep(args.after)
            done.set()
            return down, up

        (down, up), *_ = await asyncio.gather(outage(), *load)
        # Failed writes are retried with the same ids: each must now exist exactly once.
        retried_ok = sum([await issue(http, request_id) for request_id in sorted(log.unknown)])
    return log, down, up, retried_ok


async def recall_counts(uri: str, ids: list[str]) -> dict[str, int]:
    driver = AsyncGraphDatabase.driver(uri, notifications_min_severity="OFF")
    try:
        records, _, _ = await driver.execute_query(
            "UNWIND $ids AS id OPTIONAL MATCH (r:Recall {clientRequestId: id}) RETURN id, count(r) AS n",
            {"ids": ids},
            database_=DATABASE,
        )
    finally:
        await driver.close()
    return {r["id"]: r["n"] for r in records}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--before", type=float, default=15)
    parser.add_argument("--down", type=float, default=8)
    parser.add_argument("--after", type=float, default=10)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--writers", type=int, default=2)
    args = parser.parse_args()
    info = start_neo4j(HOME)
    try:
        with hub_process(info.uri) as (base, _proc):
            log, down, up, retried_ok = asyncio.run(run(base, args))
            counts = asyncio.run(recall_counts(info.uri, sorted(log.acknowledged | log.unknown)))
    finally:
        neo4j_local.stop(HOME)
        shutil.rmtree(HOME, ignore_errors=True)
    during = [a for a in log.answers if down <= a[0] < up]
    failed = [(end - start) * 1000 for start, end, ok, _ in during if not ok]
    statuses = sorted({status for _, _, ok, status in during if not ok})
    after = sorted(end for start, end, ok, _ in log.answers if ok and start >= up)
    print(f"requests: {len(log.answers):,}; while Neo4j was down: {len(during):,}, failed {len(failed):,} "
          f"({len(failed) / max(len(during), 1):.0%}), statuses {statuses}")  # fmt: skip
    if failed:
        print(f"time to fail while down: p50 {percentile(failed, 50):.0f} ms, max {max(failed):.0f} ms")
    print(f"time to recover (Neo4j back -> first success): {(after[0] - up) * 1000:.0f} ms" if after
          else "no success after Neo4j came back")  # fmt: skip
    lost = [i for i in log.acknowledged if counts.get(i, 0) != 1]
    duplicated = [i for i, n in counts.items() if n > 1]
    missing_after_retry = [i for i in log.unknown if counts.get(i, 0) != 1]
    print(f"issueRecall: {len(log.acknowledged)} acknowledged, lost or duplicated {len(lost)}; "
          f"{len(log.unknown)} failed and retried ({retried_ok} succeeded on retry), "
          f"not exactly once after retry {len(missing_after_retry)}; duplicated overall {len(duplicated)}")  # fmt: skip
    for what, n in sorted(FAILURES.items(), key=lambda item: -item[1])[:8]:
        print(f"  issueRecall failure {what}: {n}")
    return 0 if not lost and not duplicated and not missing_after_retry else 1


if __name__ == "__main__":
    raise SystemExit(main())
