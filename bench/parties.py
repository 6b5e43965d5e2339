"""Benchmark related-party queries: the hub over HTTP against the same Cypher on the bare driver.

    python bench/parties.py [--scale N] [--uri bolt://...] [--requests 50] [--json FILE]

Without --uri it generates a load folder under bench-data/scale-<N>
(loaders.generate; scale 1,000,000 shipments gives ~100,000 enterprises;
reused when present), starts a throwaway local Neo4j under var/bench-parties
and, when its graph is empty, loads the party tables into it with
loaders.load (enterprises, persons, addresses, contacts, ownerships,
directorships, enterprise addresses and contacts, platform sellers: the only
tables these queries read). The server stops at the end (--keep leaves it
running); its data stays for the next run, which then skips loading. Delete
var/bench-parties to start over. With --uri it measures any graph already
loaded (NEO4J_USER / NEO4J_PASSWORD from the environment).

Each request is timed four ways, back to back, the first of them rotating:
through the real HTTP app as written (uvicorn in-process on uvloop, GraphQL,
paths rendered; related parties take the fast path,
hub/schema/fast_parties.py), through the same app with `@include(if: true)`
on the root field (which keeps it on the general path: graphql-core's
per-field resolvers, the A/B of the fast path in one run), as the bare
Cypher of the same search through the hub's own loop ("bare": the same
constant statements run by `parties.related` and the hub's Cypher runner,
records turned into JSON), and on the driver alone ("driver": the statement
texts, a plain loop in one session, records as dicts, JSON; no other hub
code). Requests run one at a time; p50 and p99 are nearest-rank over the
requests; "paired" is the median of each request's ratio to its own bare
run (steadier on a loaded machine); "cpu" is this process's CPU time per
request (the in-process hub's and the driver's Python work, and the hub's
client's; Neo4j's own is the same for all); the load average is printed
with them.

The bare side runs on this process's loop (--bare-loop: asyncio, as before,
or uvloop, as the hub's server) with json or orjson (--bare-json). The hub's
client is httpx (--client httpx: it decodes the JSON, ~1 ms of CPU counted
as the hub's) or a lean keep-alive client (--client lean, as bench/peer's
load generator: the bytes written, the answer read and checked for an
`errors` key without decoding).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import neo4j
import orjson
import uvloop

# bench/common.py puts the project root on sys.path (third-party imports sort before first-party ones).
from common import ROOT, percentile, prepare_local
from neo4j import AsyncDriver

from hub.auth import Principal, Role
from hub.data import parties
from runtime.db import Cypher, open_driver
from runtime.settings import Settings
from tests.http import REGULATOR as REGULATOR_KEY
from tests.http import Hub, running_hub
from tools import neo4j_local

HOME = ROOT / "var" / "bench-parties"
DATABASE = os.environ.get("NEO4J_DATABASE", "neo4j")
# The tables these queries read.
FILES = (
    "enterprises.csv",
    "persons.csv",
    "addresses.csv",
    "contacts.csv",
    "ownerships.csv",
    "directorships.csv",
    "enterprise_addresses.csv",
    "enterprise_contacts.csv",
    "platform_sellers.csv",
)
REGULATOR = Principal("bench", Role.REGULATOR, "AG-CN-GACC")
# The hub's server (uvicorn, hub/serving.py) runs on uvloop.
HUB_LOOP = "uvloop"


async def count_enterprises(driver: AsyncDriver) -> int:
    records, _, _ = await driver.execute_query(
        "MATCH (e:Enterprise) RETURN count(e) AS n", database_=DATABASE
    )
    return int(records[0]["n"])


# --- measuring -------------------------------------------------------------

# What a regulator's screen shows: each related firm, why, and its paths as text
# (the text carries every node, link kind, date and share of the path).
RELATED = """query($id: ID!, $hops: Int!) {
  relatedParties(enterpriseId: $id, maxHops: $hops, first: 20) {
    totalCount truncated
    edges { node { enterprise { id name kind } distance strength
      signals { linkedTo { id } via { kind id name } kinds } paths { text } } }
  }
}"""
# The same with every path broken down into typed nodes and links.
RELATED_FULL = """query($id: ID!, $hops: Int!) {
  relatedParties(enterpriseId: $id, maxHops: $hops, first: 20) {
    totalCount truncated
    edges { node { enterprise { id name kind } distance strength
      signals { linkedTo { id } via { kind id name } kinds }
      paths { text nodes { kind id name } links { kind relationship role share since until forward } }
    } }
  }
}"""
CONNECTION = """query($a: ID!, $b: ID!) {
  connection(fromEnterpriseId: $a, toEnterpriseId: $b, maxHops: 3) {
    found distance message paths { text nodes { kind id name } links { kind share since until forward } }
  }
}"""


def dumps(value: Any) -> bytes:
    """The bare side's JSON: json by default, orjson with --bare-json orjson (dates as text either way)."""
    if BARE_JSON[0] == "orjson":
        return orjson.dumps(value, default=str)
    return json.dumps(value, default=str).encode()


BARE_JSON = ["json"]


async def bare_related(cy: Cypher, eid: str, hops: int) -> bytes:
    """The hub's own search loop (`parties.related`, the hub's Cypher runner), records as JSON."""
    reach = await parties.related(cy, REGULATOR, eid, parties.Search.of(hops, None, None))
    out = [{"node": r.node, "distance": r.distance, "links": r.links} for r in reach.reached.values()]
    return dumps(out)


async def driver_related(driver: AsyncDriver, eid: str, hops: int) -> bytes:
    """The same search with nothing of the hub but its statement texts: the driver's session
    (one per search, as a driver user writes it), a plain breadth-first loop, records as dicts."""
    params = {"kinds": [k.value for k in parties.DEFAULT_VIA], "viaPerson": True, "asOf": dt.date.today()}
    out: list[dict[str, Any]] = []
    async with driver.session(database=DATABASE, default_access_mode=neo4j.READ_ACCESS) as session:
        origins = [dict(r) async for r in await session.run(parties.ORIGINS, {"ids": [eid]})]
        seen, frontier = {eid}, [eid] if origins else []
        for hop in range(1, hops + 1):
            room = parties.RELATED_CAP - len(out)
            if not frontier or room <= 0:
                break
            result = await session.run(
                parties.EXPAND, {**params, "frontier": frontier, "seen": sorted(seen), "limit": room + 1}
            )
            rows = [dict(r) async for r in result][:room]
            frontier = [r["node"]["id"] for r in rows]
            seen.update(frontier)
            out += [{"node": r["node"], "distance": hop, "links": r["links"]} for r in rows]
    return dumps(out)


async def bare_connection(cy: Cypher, a: str, b: str) -> bytes:
    linked = await parties.connection(cy, REGULATOR, a, b, parties.Search.of(3, None, None))
    return dumps({"distance": linked.distance, "paths": linked.paths})


def _check(reply: Any) -> None:
    if reply.body.get("errors"):
        raise RuntimeError(f"hub error: {reply.body['errors']}")


CLIENT = ["httpx"]


class Lean:
    """A keep-alive HTTP/1.1 client of a few lines (--client lean), as bench/peer/drive.py's: the
    request's bytes written, the response read by Content-Length and checked for an `errors` key
    without decoding, so that the client's own CPU (httpx's is ~1 ms a request, JSON decoding
    included) is not counted as the hub's."""

    def __init__(self, base_url: str) -> None:
        host, port = base_url.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, query: str, variables: dict[str, Any], key: str) -> None:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        payload = json.dumps({"query": query, "variables": variables}).encode()
        writer.write(
            b"POST /graphql HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
            b"Authorization: Bearer " + key.encode() + b"\r\nContent-Length: "
            + str(len(payload)).encode() + b"\r\n\r\n" + payload
        )  # fmt: skip
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        body = await reader.readexactly(length)
        if not head.startswith(b"HTTP/1.1 200 ") or b'"errors":' in body:
            raise RuntimeError(f"hub error: {head[:40]!r} {body[:300]!r}")

    async def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            await self.streams[1].wait_closed()


def general(query: str) -> str:
    """The operation with `@include(if: true)` on its root field: the general path (per-field resolvers)."""
    for root in ("relatedParties(", "connection("):
        at = query.find(root)
        if at >= 0:
            close = query.index(")", at) + 1
            return query[:close] + " @include(if: true)" + query[close:]
    raise ValueError("no root field")


Bare = Callable[[dict[str, Any]], Awaitable[bytes]]
WAYS = ("hub", "general", "bare", "driver")


async def measure(
    hub: Hub,
    cases: list[tuple[str, dict[str, Any]]],
    bare: Bare,
    driver: Bare,
    warmup: int,
) -> tuple[list[list[float]], list[list[float]]]:
    """Each request four ways, back to back: the hub (fast path), the hub's general path, bare Cypher
    through the hub's search loop, and bare Cypher on the driver alone (`driver`; the same as `bare`
    where no driver-only version is written).

    Returns wall ms and this process's CPU ms (the in-process hub's threads
    included, Neo4j's not) per request, for each way.
    """

    lean = Lean(hub.base_url) if CLIENT[0] == "lean" else None

    async def fast(query: str, variables: dict[str, Any]) -> None:
        if lean is not None:
            await lean.post(query, variables, REGULATOR_KEY)
        else:
            _check(hub.gql(query, variables))

    async def slow(query: str, variables: dict[str, Any]) -> None:
        if lean is not None:
            await lean.post(general(query), variables, REGULATOR_KEY)
        else:
            _check(hub.gql(general(query), variables))

    async def plain(query: str, variables: dict[str, Any]) -> None:
        await bare(variables)

    async def alone(query: str, variables: dict[str, Any]) -> None:
        await driver(variables)

    ways = (fast, slow, plain, alone)
    for query, variables in cases[:warmup]:
        for way in ways:
            await way(query, variables)
    times: list[list[float]] = [[] for _ in ways]
    cpu: list[list[float]] = [[] for _ in ways]
    for n, (query, variables) in enumerate(cases):
        # Rotate which goes first, so that none always finds warm caches.
        for which in [(n + k) % len(ways) for k in range(len(ways))]:
            started, used = time.perf_counter(), time.process_time()
            await ways[which](query, variables)
            times[which].append((time.perf_counter() - started) * 1000)
            cpu[which].append((time.process_time() - used) * 1000)
    if lean is not None:
        await lean.close()
    return times, cpu


def paired(ways: list[float], bare: list[float]) -> float:
    """The median over requests of each request's ratio to its own bare run (measured back to back):
    steadier than a ratio of p50s when the machine's load swings between requests."""
    return round(percentile([w / b for w, b in zip(ways, bare, strict=True)], 50), 2)


async def sample_ids(driver: AsyncDriver, count: int, manifest: dict[str, Any]) -> list[str]:
    records, _, _ = await driver.execute_query(
        "MATCH (e:Enterprise) WHERE e.kind <> 'platform' RETURN e.enterpriseId AS id ORDER BY id",
        database_=DATABASE,
    )
    ids = [r["id"] for r in records]
    planted = [manifest["suspect_seller"]["enterprise_id"]] if manifest else []
    picked = random.Random(7).sample(ids, min(count, len(ids)))
    return (planted + [i for i in picked if i not in planted])[:count]


async def connection_pairs(cy: Cypher, ids: list[str]) -> list[tuple[str, str]]:
    """Half the pairs linked (the farthest enterprise within 3 hops), half random."""
    rng = random.Random(11)
    pairs = []
    for n, a in enumerate(ids):
        if n % 2 == 0:
            reach = await parties.related(cy, REGULATOR, a, parties.Search.of(3, None, None))
            if reach.order:
                pairs.append((a, reach.order[-1]))
                continue
        b = rng.choice(ids)
        pairs.append((a, b if b != a else ids[(n + 1) % len(ids)]))
    return pairs


async def run(args: argparse.Namespace) -> dict[str, Any]:
    manifest: dict[str, Any] = {}
    if args.uri:
        uri = args.uri
    else:
        uri, folder = await prepare_local(
            HOME / f"neo4j-{args.scale}",
            args.scale,
            FILES,
            heap_mb=1536,
            pagecache_mb=768,
            tx_timeout_s=120,
            database=DATABASE,
        )
        manifest = json.loads((folder / "manifest.json").read_text())
    driver = open_driver(Settings.from_env(), uri)
    try:
        enterprises = await count_enterprises(driver)
        records, _, _ = await driver.execute_query(
            "MATCH ()-[r:OWNS|DIRECTS|LOCATED_AT|REACHABLE_AT|HOSTS]->() RETURN count(r) AS n",
            database_=DATABASE,
        )
        links = int(records[0]["n"])
        print(f"graph: {enterprises:,} enterprises, {links:,} party links")
        cy = Cypher(driver, DATABASE, 60)
        ids = await sample_ids(driver, args.requests, manifest)
        pairs = await connection_pairs(cy, ids)
        results: dict[str, Any] = {
            "scale": args.scale if not args.uri else None,
            "uri": args.uri,
            "enterprises": enterprises,
            "party_links": links,
            "requests": len(ids),
            "workloads": {},
        }
        with running_hub(uri, HUB_QUERY_TIMEOUT_S="60") as hub:

            def related(v: dict[str, Any]) -> Awaitable[bytes]:
                return bare_related(cy, v["id"], v["hops"])

            def alone(v: dict[str, Any]) -> Awaitable[bytes]:
                return driver_related(driver, v["id"], v["hops"])

            def linked(v: dict[str, Any]) -> Awaitable[bytes]:
                return bare_connection(cy, v["a"], v["b"])

            workloads: list[tuple[str, list[tuple[str, dict[str, Any]]], Bare, Bare]] = [
                ("relatedParties 2 hops", [(RELATED, {"id": i, "hops": 2}) for i in ids], related, alone),
                ("relatedParties 3 hops", [(RELATED, {"id": i, "hops": 3}) for i in ids], related, alone),
                ("relatedParties 3h full", [(RELATED_FULL, {"id": i, "hops": 3}) for i in ids], related, alone),
                ("connection 3 hops", [(CONNECTION, {"a": a, "b": b}) for a, b in pairs], linked, linked),
            ]  # fmt: skip
            for name, cases, bare, alone_way in workloads:
                timed, cpu = await measure(hub, cases, bare, alone_way, args.warmup)
                row = {}
                for way, ms in zip(WAYS, timed, strict=True):
                    row[f"{way}_p50_ms"] = round(percentile(ms, 50), 2)
                    row[f"{way}_p99_ms"] = round(percentile(ms, 99), 2)
                for way in ("hub", "general"):
                    for q in ("p50", "p99"):
                        row[f"{way}_ratio_{q}"] = round(row[f"{way}_{q}_ms"] / row[f"bare_{q}_ms"], 2)
                    row[f"{way}_ratio_paired"] = paired(timed[WAYS.index(way)], timed[2])
                # Against the driver alone (no hub code but the statement texts).
                row["hub_driver_ratio_p50"] = round(row["hub_p50_ms"] / row["driver_p50_ms"], 2)
                row["hub_driver_ratio_paired"] = paired(timed[0], timed[3])
                for way, used in zip(WAYS, cpu, strict=True):
                    row[f"{way}_cpu_p50_ms"] = round(percentile(used, 50), 2)
                results["workloads"][name] = row
        results["load"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
        results["bare_json"] = BARE_JSON[0]
        results["client"] = CLIENT[0]
        results["loops"] = f"hub {HUB_LOOP}, bare {type(asyncio.get_running_loop()).__module__.split('.')[0]}"
        return results
    finally:
        await driver.close()


def table(results: dict[str, Any]) -> str:
    head = (
        f"{'workload':<24}{'hub p50':>9}{'p99':>8}{'general p50':>13}{'p99':>8}{'bare p50':>10}{'p99':>8}"
        f"{'hub/bare p50':>14}{'p99':>7}{'paired':>8}{'general/bare p50':>18}{'p99':>7}{'paired':>8}"
        f"{'driver p50':>12}{'hub/driver':>12}{'paired':>8}"
        f"{'cpu hub':>9}{'general':>9}{'bare':>7}{'driver':>8}"
    )
    lines = [
        f"scale {results['scale']}: {results['enterprises']:,} enterprises, "
        f"{results['party_links']:,} party links, {results['requests']} requests each (ms; cpu: this "
        f"process's CPU ms per request, p50); load average {results['load']}; event loops: "
        f"{results['loops']}; bare JSON: {results['bare_json']}; hub client: {results['client']}",
        head,
        "-" * len(head),
    ]
    for name, r in results["workloads"].items():
        lines.append(
            f"{name:<24}{r['hub_p50_ms']:>9.1f}{r['hub_p99_ms']:>8.1f}{r['general_p50_ms']:>13.1f}"
            f"{r['general_p99_ms']:>8.1f}{r['bare_p50_ms']:>10.1f}{r['bare_p99_ms']:>8.1f}"
            f"{r['hub_ratio_p50']:>14.2f}{r['hub_ratio_p99']:>7.2f}{r['hub_ratio_paired']:>8.2f}"
            f"{r['general_ratio_p50']:>18.2f}{r['general_ratio_p99']:>7.2f}{r['general_ratio_paired']:>8.2f}"
            f"{r['driver_p50_ms']:>12.1f}{r['hub_driver_ratio_p50']:>12.2f}{r['hub_driver_ratio_paired']:>8.2f}"
            f"{r['hub_cpu_p50_ms']:>9.1f}{r['general_cpu_p50_ms']:>9.1f}{r['bare_cpu_p50_ms']:>7.1f}"
            f"{r['driver_cpu_p50_ms']:>8.1f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--scale", type=int, default=1_000_000, help="shipments to generate")
    parser.add_argument("--uri", help="measure this Neo4j instead of generating and loading")
    parser.add_argument("--requests", type=int, default=50, help="requests per workload")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per workload")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--keep", action="store_true", help="leave the local Neo4j running")
    parser.add_argument(
        "--bare-loop", choices=("asyncio", "uvloop"), default="asyncio",
        help="the event loop of this process (the bare side's; the hub's server runs uvloop)",
    )  # fmt: skip
    parser.add_argument(
        "--bare-json", choices=("json", "orjson"), default="json", help="the bare side's JSON"
    )
    parser.add_argument(
        "--client", choices=("httpx", "lean"), default="httpx",
        help="the hub's client: httpx (decodes the JSON; its CPU counts as the hub's) or a lean one",
    )  # fmt: skip
    args = parser.parse_args(argv)
    BARE_JSON[0] = args.bare_json
    CLIENT[0] = args.client
    try:
        results = uvloop.run(run(args)) if args.bare_loop == "uvloop" else asyncio.run(run(args))
    finally:
        if not args.uri and not args.keep:
            neo4j_local.stop(HOME / f"neo4j-{args.scale}")
    print(table(results))
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
