"""Benchmark `recognitions` for 1,000 firms: the hub over HTTP against the bare Cypher statement.

    python bench/recognition.py [--scale N] [--uri bolt://...] [--requests 30] [--batch 1000] [--json FILE]

Without --uri it generates a load folder under bench-data/scale-<N>
(loaders.generate; scale 1,000,000 shipments gives ~100,000 enterprises;
reused when present), starts a throwaway local Neo4j under
var/bench-recognition and, when its graph is empty, loads the tables
recognitions reads (agencies, enterprises, credit schemes and levels,
ratings, arrangements, level mappings, AEO numbers when generated). The
server stops at the end (--keep leaves it running); its data stays for the
next run. With --uri it measures any graph already loaded.

Each request asks a partner's question for --batch identifiers, mixed as a
partner would send them: our ids, USCCs, EORIs, the partner's AEO numbers
and unknown ones. Each is timed twice, alternately: through the real HTTP app
(uvicorn in-process, GraphQL, answers decided by hub.rules.recognition) and
as the bare Cypher statement on the driver (records turned into JSON).
Requests run one at a time; p50 and p99 are nearest-rank.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import time
from pathlib import Path
from typing import Any

from common import ROOT, percentile, prepare_local
from neo4j import AsyncDriver

from hub.data import recognition
from runtime.db import open_driver
from runtime.settings import Settings
from tests.http import Hub, running_hub
from tools import neo4j_local

HOME = ROOT / "var" / "bench-recognition"
DATABASE = os.environ.get("NEO4J_DATABASE", "neo4j")
FILES = (
    "agencies.csv",
    "enterprises.csv",
    "credit_schemes.csv",
    "credit_levels.csv",
    "ratings.csv",
    "arrangements.csv",
    "level_mappings.csv",
)
OPTIONAL_FILES = ("aeo_numbers.csv",)
PARTNER = "AG-SG-CUSTOMS"
AS_OF = dt.date(2026, 1, 1)
QUERY = """query($keys: [String!], $p: ID!, $asOf: Date) {
  recognitions(identifiers: $keys, partnerAgencyId: $p, asOf: $asOf) {
    identifier matchedBy enterpriseId recognised reason message arrangementId facilitation
    rating { id agencyId validFrom validTo level { code rank } }
    partnerLevel { id code }
  }
}"""
PARAMS = {"seeAll": True, "parcels": True, "agencyId": "AG-CN-GACC"}


async def identifiers(driver: AsyncDriver, batch: int, requests: int) -> list[list[str]]:
    """`requests` lists of `batch` identifiers: 50 % ids, 25 % USCC, 10 % EORI, 10 % AEO, 5 % unknown."""
    ids, _, _ = await driver.execute_query(
        "MATCH (e:Enterprise) RETURN e.enterpriseId AS id, e.uscc AS uscc, e.eori AS eori", database_=DATABASE
    )
    aeo, _, _ = await driver.execute_query(
        "MATCH (:Agency {agencyId: $p})<-[:ISSUED_BY]-(n:AeoNumber) RETURN n.number AS n",
        {"p": PARTNER},
        database_=DATABASE,
    )
    rated, _, _ = await driver.execute_query(
        "MATCH (e:Enterprise)<-[:RATES]-(:Rating)-[:GIVEN_BY]->(:Agency {agencyId: 'AG-CN-GACC'})"
        " RETURN DISTINCT e.enterpriseId AS id",
        database_=DATABASE,
    )
    rows = [r.data() for r in ids]
    usccs = [r["uscc"] for r in rows if r["uscc"]]
    eoris = [r["eori"] for r in rows if r["eori"]]
    numbers = [r["n"] for r in aeo] or usccs
    rated_ids = [r["id"] for r in rated] or [r["id"] for r in rows]
    rng = random.Random(5)
    out = []
    for n in range(requests):
        keys = []
        for i in range(batch):
            pick = rng.random()
            if pick < 0.5:
                keys.append(rng.choice(rated_ids))
            elif pick < 0.75:
                keys.append(rng.choice(usccs))
            elif pick < 0.85:
                keys.append(rng.choice(eoris) if eoris else rng.choice(usccs))
            elif pick < 0.95:
                keys.append(rng.choice(numbers))
            else:
                keys.append(f"UNKNOWN-{n}-{i}")
        out.append(keys)
    return out


async def bare(driver: AsyncDriver, keys: list[str]) -> int:
    records, _, _ = await driver.execute_query(
        recognition.RECOGNITIONS,
        {"partnerId": PARTNER, "keys": keys, "asOf": AS_OF, "idOnly": False, **PARAMS},
        database_=DATABASE,
        routing_="r",
    )
    return len(json.dumps([r.data() for r in records], default=str))


def over_http(hub: Hub, keys: list[str]) -> int:
    reply = hub.gql(QUERY, {"keys": keys, "p": PARTNER, "asOf": AS_OF.isoformat()})
    if reply.body.get("errors"):
        raise RuntimeError(f"hub error: {reply.body['errors']}")
    if reply.statements != 1:
        raise RuntimeError(f"expected one statement, the hub ran {reply.statements}")
    return len(reply.body["data"]["recognitions"])


async def run(args: argparse.Namespace) -> dict[str, Any]:
    if args.uri:
        uri = args.uri
    else:
        folder_files = FILES + tuple(
            f for f in OPTIONAL_FILES if (ROOT / "bench-data" / f"scale-{args.scale}" / f).exists()
        )
        uri, _ = await prepare_local(
            HOME / f"neo4j-{args.scale}",
            args.scale,
            folder_files,
            heap_mb=1536,
            pagecache_mb=768,
            tx_timeout_s=120,
            database=DATABASE,
        )
    driver = open_driver(Settings.from_env(), uri)
    try:
        counts, _, _ = await driver.execute_query(
            "CALL () { MATCH (e:Enterprise) RETURN count(e) AS enterprises }"
            " CALL () { MATCH (r:Rating) RETURN count(r) AS ratings }"
            " RETURN enterprises, ratings",
            database_=DATABASE,
        )
        enterprises, ratings = counts[0]["enterprises"], counts[0]["ratings"]
        print(f"graph: {enterprises:,} enterprises, {ratings:,} ratings; partner {PARTNER}, as of {AS_OF}")
        lists = await identifiers(driver, args.batch, args.requests + args.warmup)
        hub_ms: list[float] = []
        bare_ms: list[float] = []
        with running_hub(uri, HUB_QUERY_TIMEOUT_S="120") as hub:
            for keys in lists[: args.warmup]:
                over_http(hub, keys)
                await bare(driver, keys)
            for n, keys in enumerate(lists[args.warmup :]):
                for which in (0, 1) if n % 2 == 0 else (1, 0):
                    started = time.perf_counter()
                    if which == 0:
                        answered = over_http(hub, keys)
                        assert answered == len(keys)
                        hub_ms.append((time.perf_counter() - started) * 1000)
                    else:
                        await bare(driver, keys)
                        bare_ms.append((time.perf_counter() - started) * 1000)
                print(
                    f"  request {n + 1}/{args.requests}: http {hub_ms[-1]:.0f} ms, bare {bare_ms[-1]:.0f} ms"
                )
    finally:
        await driver.close()
        if not args.uri and not args.keep:
            neo4j_local.stop(HOME / f"neo4j-{args.scale}")
    result = {
        "scale": None if args.uri else args.scale,
        "enterprises": enterprises,
        "ratings": ratings,
        "batch": args.batch,
        "requests": args.requests,
        "http_p50_ms": round(percentile(hub_ms, 50), 1),
        "http_p99_ms": round(percentile(hub_ms, 99), 1),
        "bare_p50_ms": round(percentile(bare_ms, 50), 1),
        "bare_p99_ms": round(percentile(bare_ms, 99), 1),
    }
    result["ratio_p50"] = round(result["http_p50_ms"] / max(result["bare_p50_ms"], 0.1), 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=1_000_000, help="shipments of the generated data")
    parser.add_argument("--uri", help="measure this already loaded graph instead")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="leave the local Neo4j running")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    result = asyncio.run(run(args))
    print(
        f"recognitions x{result['batch']}: http p50 {result['http_p50_ms']} ms, p99 {result['http_p99_ms']} ms;"
        f" bare Cypher p50 {result['bare_p50_ms']} ms, p99 {result['bare_p99_ms']} ms;"
        f" http/bare p50 ratio {result['ratio_p50']} (target: p50 < 300 ms, ratio <= 1.3)"
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
