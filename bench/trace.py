"""Benchmark recall traceability: the hub over HTTP against the same Cypher on the bare driver.

    python bench/trace.py [--scale N] [--uri bolt://...] [--requests 50] [--no-export] [--json FILE]

Without --uri it generates a load folder under bench-data/scale-<N>
(loaders.generate; reused when present), starts a throwaway local Neo4j
under var/bench-trace and, when its graph is empty, loads the tables the
trace reads with loaders.load (agencies, enterprises, products, batches,
declarations, shipments, shipment batches, recalls, recall targets). Data
and server are kept for the next run; delete var/bench-trace to start
over. With --uri it measures any graph already loaded (NEO4J_USER /
NEO4J_PASSWORD).

Impact sizes: the generator plants recalls that reach about 0.1 %, 1 % and
10 % of all shipments (recall_small/medium/large in manifest.json). For each
wanted size (1,000, 10,000, 100,000 shipments) the bench uses a planted
recall within a factor of two of it; otherwise (a smaller scale) it issues a
bench recall of whole products, greedily, until the size is reached.

Measured, one request at a time, hub and bare alternating:
- the first page (100 shipments with parties, declaration, recalled batches)
  plus totals and every grouping, through the real HTTP app, and the same
  three statements (recall, page, totals; page and totals concurrently as
  the hub runs them) on the bare driver with records encoded to JSON;
- for the smallest size, where the time goes inside the hub (parse,
  validation, Cypher, field resolution, JSON encoding);
- the CSV export of about --export-rows rows over HTTP against the bare
  driver fetching the same rows, and the process's peak RSS (--no-export
  skips it).
The load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import time
from pathlib import Path
from typing import Any, Final, LiteralString

# bench/common.py puts the project root on sys.path (third-party imports sort before first-party ones).
import graphql
import httpx
import neo4j
from common import ROOT, peak_rss_mb, percentile, prepare_local
from neo4j import AsyncDriver, AsyncManagedTransaction

from graph_schema.migrate import migrate
from hub.auth import Principal, Role
from hub.context import Context, Loaders
from hub.data import exports, impact, impact_totals
from hub.schema import build_schema
from runtime.db import Cypher, open_driver
from runtime.settings import Settings
from tests.http import Hub, running_hub

HOME = ROOT / "var" / "bench-trace"
DATABASE = os.environ.get("NEO4J_DATABASE", "neo4j")
# The tables the trace reads.
FILES = (
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
REGULATOR = Principal("bench", Role.REGULATOR, "AG-CN-GACC")
SIZES = (1_000, 10_000, 100_000)


async def count(driver: AsyncDriver, statement: LiteralString, **params: Any) -> int:
    records, _, _ = await driver.execute_query(statement, params, database_=DATABASE)
    return int(records[0][0])


# --- recalls of the wanted sizes ----------------------------------------------

REACH: LiteralString = (
    "MATCH (r:Recall {recallId: $id}) CALL (r) { MATCH (r)-[:TARGETS]->(b:Batch) RETURN b"
    " UNION MATCH (r)-[:TARGETS]->(:Product)<-[:OF_PRODUCT]-(b:Batch) RETURN b }"
    " MATCH (b)<-[:CARRIES]-(s:Shipment) RETURN count(DISTINCT s) AS n"
)
EXPORT_ROWS: LiteralString = (
    "MATCH (r:Recall {recallId: $id}) CALL (r) { MATCH (r)-[:TARGETS]->(b:Batch) RETURN b"
    " UNION MATCH (r)-[:TARGETS]->(:Product)<-[:OF_PRODUCT]-(b:Batch) RETURN b }"
    " MATCH (b)<-[c:CARRIES]-(:Shipment) RETURN count(c) AS n"
)
PRODUCT_REACH: LiteralString = (
    "MATCH (p:Product)<-[:OF_PRODUCT]-(:Batch)<-[:CARRIES]-(s:Shipment)"
    " WITH p, count(DISTINCT s) AS n ORDER BY n DESC, p.productId RETURN p.productId AS id, n"
)
BENCH_RECALL: LiteralString = (
    "MERGE (r:Recall {recallId: $id}) SET r.measure = 'mandatory_recall', r.title = $id,"
    " r.riskLevel = 'high', r.status = 'open', r.issuedOn = date('2026-01-01')"
    " WITH r UNWIND $products AS pid MATCH (p:Product {productId: pid}) MERGE (r)-[:TARGETS]->(p)"
)


async def sized_recalls(driver: AsyncDriver, manifest: dict[str, Any], export_rows: int) -> dict[str, Any]:
    """Recall ids reaching about each wanted size, and one whose export has about export_rows rows."""
    planted = {}
    for key in ("recall_small", "recall_medium", "recall_large"):
        if key in manifest:
            rid = manifest[key]["recall_id"]
            planted[rid] = await count(driver, REACH, id=rid)
    reach: list[tuple[str, int]] | None = None
    chosen: dict[str, Any] = {}
    for size in (*SIZES, "export"):
        target = export_rows if size == "export" else int(size)
        if size != "export":
            near = [r for r, n in planted.items() if target / 2 <= n <= target * 2]
            if near:
                best = min(near, key=lambda r: abs(math.log(planted[r] / target)))
                chosen[str(size)] = {"recall_id": best, "shipments": planted[best], "planted": True}
                continue
        else:
            fits = [r for r in planted if await count(driver, EXPORT_ROWS, id=r) >= target * 0.9]
            if fits:
                best = min(fits, key=lambda r: planted[r])
                chosen["export"] = {"recall_id": best, "planted": True}
                continue
        if reach is None:
            records, _, _ = await driver.execute_query(PRODUCT_REACH, database_=DATABASE)
            reach = [(r["id"], r["n"]) for r in records]
        picked, total = [], 0
        for pid, n in reach:
            if total >= target * 0.95:
                break
            if total + n <= target * 1.1:
                picked.append(pid)
                total += n
        if total < target / 2:  # no mix of products fits: the smallest one that is big enough
            bigger = [(n, pid) for pid, n in reach if n >= target]
            picked = [min(bigger)[1]] if bigger else [pid for pid, _ in reach]
        rid = f"R-BENCH-{'EXPORT' if size == 'export' else size}"
        await driver.execute_query(BENCH_RECALL, id=rid, products=picked, database_=DATABASE)
        chosen[str(size)] = {
            "recall_id": rid,
            "shipments": await count(driver, REACH, id=rid),
            "planted": False,
        }
    chosen["export"]["rows"] = await count(driver, EXPORT_ROWS, id=chosen["export"]["recall_id"])
    return chosen


# --- measuring -------------------------------------------------------------

FIRST_PAGE = """query($id: ID!) { recall(id: $id) { id title impact {
  shipments(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
    id waybill direction mode status stage port originCountry consigneeRegion declaredOn releasedOn
    deliveredOn units
    seller { id name kind country } platform { id name } importer { id name }
    logistics { id name } warehouse { id name }
    declaration { id number declaredOn status }
    recalledBatches { quantity unit batch { id lotCode } product { id name gtin } } } } }
  totals { batches shipments units declarations underControlShipments underControlUnits
    inTransitUnits deliveredShipments deliveredUnits returnedUnits
    byRegion { key shipments units } byPort { key shipments units }
    bySeller { key name shipments units } byPlatform { key name shipments units }
    byImporter { key name shipments units } byWarehouse { key name shipments units } } } } }"""

ALL_GROUPS = {name: True for name in (*impact.GROUPS, "declarations")}


async def _read(driver: AsyncDriver, query: LiteralString, params: dict[str, Any]) -> list[dict[str, Any]]:
    @neo4j.unit_of_work(timeout=120)
    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        result = await tx.run(query, params)
        return [record.data() async for record in result]

    async with driver.session(database=DATABASE) as session:
        return await session.execute_read(work)


# What FIRST_PAGE selects under `edges.node` that the page statement projects.
PAGE_PARTS: Final = {
    "seller",
    "platform",
    "importer",
    "logistics",
    "warehouse",
    "declaration",
    "recalledBatches",
}


def _statements(recall_id: str) -> list[tuple[LiteralString, dict[str, Any]]]:
    base = {"id": recall_id, **impact.Window().params(), **REGULATOR.cypher_params()}
    # What the hub's fast path sends for FIRST_PAGE: the page (no window, no filter), which
    # also returns the recall, then the totals.
    return [
        (
            impact.PAGE_UNFILTERED[(impact.Scope.RECALL, impact.ImpactSort.DECLARED_ON_DESC, True)],
            {
                **base,
                **impact.NO_FILTER,
                "skip": 0,
                "limit": 101,
                **impact.fetch_params(PAGE_PARTS, recall=True),
            },
        ),
        (
            impact_totals.TOTALS[impact.Scope.RECALL],
            impact_totals.totals_params(recall_id, REGULATOR, impact.Window(), set(ALL_GROUPS), 50),
        ),
    ]


async def bare_first_page(driver: AsyncDriver, recall_id: str) -> str:
    (page_q, page_p), (totals_q, totals_p) = _statements(recall_id)
    page = await _read(driver, page_q, page_p)
    totals = await _read(driver, totals_q, totals_p)
    return json.dumps({"page": page, "totals": totals}, default=str)


def _check(reply: Any) -> None:
    if reply.body.get("errors"):
        raise RuntimeError(f"hub error: {reply.body['errors']}")


async def measure_first_page(hub: Hub, driver: AsyncDriver, recall_id: str, n: int) -> dict[str, Any]:
    for _ in range(3):
        _check(hub.gql(FIRST_PAGE, {"id": recall_id}))
        await bare_first_page(driver, recall_id)
    hub_ms: list[float] = []
    bare_ms: list[float] = []
    for i in range(n):
        for which in (0, 1) if i % 2 == 0 else (1, 0):
            started = time.perf_counter()
            if which == 0:
                reply = hub.gql(FIRST_PAGE, {"id": recall_id})
                hub_ms.append((time.perf_counter() - started) * 1000)
                _check(reply)
            else:
                await bare_first_page(driver, recall_id)
                bare_ms.append((time.perf_counter() - started) * 1000)
    return {
        "hub_p50_ms": round(percentile(hub_ms, 50), 1),
        "hub_p99_ms": round(percentile(hub_ms, 99), 1),
        "bare_p50_ms": round(percentile(bare_ms, 50), 1),
        "bare_p99_ms": round(percentile(bare_ms, 99), 1),
        "ratio_p50": round(percentile(hub_ms, 50) / percentile(bare_ms, 50), 2),
        "ratio_p99": round(percentile(hub_ms, 99) / percentile(bare_ms, 99), 2),
        "statements": reply.statements,
    }


async def breakdown(driver: AsyncDriver, uri: str, recall_id: str, n: int) -> dict[str, float]:
    """Where one request's time goes inside the hub (medians over n runs, in ms)."""
    schema = build_schema()
    settings = Settings.from_env({"HUB_MAX_PAGE_SIZE": "100"})
    parts: dict[str, list[float]] = {k: [] for k in ("parse", "validate", "execute", "cypher", "json")}
    for _ in range(n + 3):
        t0 = time.perf_counter()
        document = graphql.parse(FIRST_PAGE)
        t1 = time.perf_counter()
        graphql.validate(schema._schema, document)
        t2 = time.perf_counter()
        cy = Cypher(driver, DATABASE, 60)
        context = Context(settings, REGULATOR, cy, Loaders(cy, REGULATOR), {})
        result = await schema.execute(FIRST_PAGE, variable_values={"id": recall_id}, context_value=context)
        t3 = time.perf_counter()
        assert not result.errors, result.errors
        json.dumps({"data": result.data})
        t4 = time.perf_counter()
        (page_q, page_p), (totals_q, totals_p) = _statements(recall_id)
        await _read(driver, page_q, page_p)
        await _read(driver, totals_q, totals_p)
        t5 = time.perf_counter()
        for key, value in zip(parts, (t1 - t0, t2 - t1, t3 - t2, t5 - t4, t4 - t3), strict=True):
            parts[key].append(value * 1000)
    med = {k: percentile(v[3:], 50) for k, v in parts.items()}
    return {
        "parse_ms": round(med["parse"], 2),
        "validate_ms": round(med["validate"], 2),
        "cypher_ms": round(med["cypher"], 2),
        "resolution_ms": round(max(0.0, med["execute"] - med["parse"] - med["validate"] - med["cypher"]), 2),
        "json_ms": round(med["json"], 2),
        "execute_total_ms": round(med["execute"], 2),
    }


async def bare_export(driver: AsyncDriver, recall_id: str) -> int:
    rows = 0
    async with driver.session(database=DATABASE, fetch_size=exports.FETCH) as session:
        tx = await session.begin_transaction(timeout=300)
        try:
            params = {"id": recall_id, "chunk": exports.CHUNK, **REGULATOR.cypher_params()}
            result = await tx.run(exports.EXPORT[exports.ExportSort.DECLARED_ON], params)
            while records := await result.fetch(exports.FETCH):
                rows += sum(len(record[0]) for record in records)
        finally:
            await tx.close()
    return rows


async def measure_export(hub: Hub, driver: AsyncDriver, recall_id: str, runs: int = 3) -> dict[str, Any]:
    rss_before = peak_rss_mb()
    hub_s: list[float] = []
    bare_s: list[float] = []
    rows = 0
    for i in range(runs):
        for which in (0, 1) if i % 2 == 0 else (1, 0):
            started = time.perf_counter()
            if which == 0:
                lines = -1  # the header
                with hub.client.stream(
                    "GET", f"/exports/recalls/{recall_id}/shipments.csv",
                    headers={"Authorization": "Bearer test-regulator-key"},
                ) as response:  # fmt: skip
                    if response.status_code != 200:
                        raise RuntimeError(f"export failed: {response.status_code}")
                    for chunk in response.iter_bytes():
                        lines += chunk.count(b"\n")
                hub_s.append(time.perf_counter() - started)
                rows = lines
            else:
                await bare_export(driver, recall_id)
                bare_s.append(time.perf_counter() - started)
    hub_best, bare_best = percentile(hub_s, 50), percentile(bare_s, 50)
    return {
        "rows": rows,
        "hub_s": round(hub_best, 2),
        "bare_s": round(bare_best, 2),
        "hub_rows_per_s": round(rows / hub_best),
        "bare_rows_per_s": round(rows / bare_best),
        "ratio": round(hub_best / bare_best, 2),
        "peak_rss_mb_before": round(rss_before, 1),
        "peak_rss_mb_after": round(peak_rss_mb(), 1),
    }


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
            tx_timeout_s=300,
            database=DATABASE,
        )
        manifest = json.loads((folder / "manifest.json").read_text())
    driver = open_driver(Settings.from_env(), uri)
    try:
        if args.uri:  # prepare_local migrated the local one
            await migrate(driver, DATABASE)
        shipments = await count(driver, "MATCH (s:Shipment) RETURN count(s)")
        chosen = await sized_recalls(driver, manifest, args.export_rows)
        results: dict[str, Any] = {
            "scale": args.scale if not args.uri else None,
            "shipments_in_graph": shipments,
            "requests": args.requests,
            "recalls": chosen,
        }
        with running_hub(uri, HUB_QUERY_TIMEOUT_S="120", HUB_REQUEST_TIMEOUT_S="300") as hub:
            hub.client.timeout = httpx.Timeout(
                300.0
            )  # a cold 100,000-shipment page outlasts the default 60 s
            if not args.no_export:
                results["export"] = await measure_export(hub, driver, chosen["export"]["recall_id"])
                results["export"]["recall_id"] = chosen["export"]["recall_id"]
            for size in args.sizes:
                rid = chosen[str(size)]["recall_id"]
                print(f"first page + totals, ~{size:,} shipments ({rid}) ...", flush=True)
                results[f"page_{size}"] = await measure_first_page(hub, driver, rid, args.requests)
                print(f"  {results[f'page_{size}']}", flush=True)  # kept if a later size fails
        smallest = chosen[str(SIZES[0])]["recall_id"]
        results["breakdown_1000"] = await breakdown(driver, uri, smallest, max(10, args.requests // 2))
        results["peak_rss_mb"] = round(peak_rss_mb(), 1)
        return results
    finally:
        await driver.close()


def table(results: dict[str, Any]) -> str:
    lines = [
        f"scale {results['scale']}, {results['shipments_in_graph']:,} shipments in the graph, "
        f"{results['requests']} requests per size",
        f"{'impact':>8} {'recall':<28} {'reach':>8} {'hub p50':>9} {'hub p99':>9} "
        f"{'bare p50':>9} {'bare p99':>9} {'x p50':>6} {'x p99':>6} {'stmts':>5}",
    ]
    for size in [s for s in SIZES if f"page_{s}" in results]:
        r, c = results[f"page_{size}"], results["recalls"][str(size)]
        lines.append(
            f"{size:>8,} {c['recall_id']:<28} {c['shipments']:>8,} {r['hub_p50_ms']:>9} "
            f"{r['hub_p99_ms']:>9} {r['bare_p50_ms']:>9} {r['bare_p99_ms']:>9} "
            f"{r['ratio_p50']:>6} {r['ratio_p99']:>6} {r['statements']:>5}"
        )
    b = results["breakdown_1000"]
    lines.append(
        "where the time goes at ~1,000 (ms, medians, in-process): "
        + ", ".join(f"{k[:-3]} {v}" for k, v in b.items())
    )
    if "export" not in results:
        return "\n".join(lines)
    e = results["export"]
    lines.append(
        f"export {e['recall_id']}: {e['rows']:,} rows, hub {e['hub_s']} s ({e['hub_rows_per_s']:,} rows/s), "
        f"bare {e['bare_s']} s ({e['bare_rows_per_s']:,} rows/s), x{e['ratio']}; peak RSS "
        f"{e['peak_rss_mb_before']} MB before, {e['peak_rss_mb_after']} MB after"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=1_000_000, help="shipments to generate")
    parser.add_argument("--uri", help="measure this Neo4j instead of generating and loading")
    parser.add_argument("--requests", type=int, default=50, help="requests per size")
    parser.add_argument("--export-rows", type=int, default=100_000, help="rows wanted in the export")
    parser.add_argument("--no-export", action="store_true", help="skip the CSV export measurement")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(x) for x in text.split(",")],
        default=list(SIZES),
        help="reaches to measure, among 1000,10000,100000 (default: all)",
    )
    args = parser.parse_args(argv)
    results = asyncio.run(run(args))
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(table(results))
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
