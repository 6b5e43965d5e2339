"""PROFILE the hub's compiled statement against the peer's generated Cypher, workloads a, b, c' and d.

    .venv/bin/python bench/peer/profile.py --neo4j-uri bolt://127.0.0.1:PORT [--runs 20] [--plan]

On a graph bench/peer/run.py loaded (e.g. `run.py --keep-neo4j`), for each
workload: the hub's statement and parameters exactly as hub/schema/fast.py
sends them for the regulator (built by hub.data.compiled_slim with a recording
Cypher; `hub {.*}` is hub.data.compiled's statement, which the fast path ran
before its slim rows and the general path still runs), and the statement @neo4j/graphql 7.6.3 generates for the peer's
query (read from its log with DEBUG=@neo4j/graphql:*; copied below). Both
are run --runs times back to back in alternation (plans cached first), and
it prints total database hits and rows of one PROFILE, and the median time
Neo4j reports (available + consumed) over the runs. --plan also prints the
hub's plan, operator by operator.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from pathlib import Path
from typing import Any, Final, LiteralString

sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # bench/: common.py

from common import ROOT  # noqa: F401  (puts the project root on sys.path)
from neo4j import AsyncDriver, AsyncGraphDatabase

from hub.auth import Principal, Role
from hub.data import compiled, compiled_slim, impact
from hub.data.enterprises import EnterpriseFilter, EnterpriseSort
from hub.data.paging import PageRequest
from hub.data.shipments import PartyRole
from runtime.db import used_params

PARTIES: Final = {"seller", "platform", "importer", "logistics", "warehouse"}

PEER_A: Final[LiteralString] = """MATCH (this:Enterprise)
WITH *
ORDER BY this.name ASC, this.enterpriseId ASC
SKIP $param0
LIMIT $param1
RETURN this { .enterpriseId, .name, .kind, .country, .region, .uscc, .eori, .gln } AS this"""


def _peer_party(rel: LiteralString, node: LiteralString = "this") -> LiteralString:
    # The peer's text per party (only the variable names differ from its log).
    return (
        "CALL (" + node + ") { MATCH (" + node + ")-[:" + rel + "]->(x:Enterprise) WITH DISTINCT x"
        " WITH x { .enterpriseId, .name } AS x RETURN head(collect(x)) AS " + rel + " }\n"
    )


PEER_B: Final[LiteralString] = (
    "MATCH (this:Shipment)\nWHERE this.shipmentId = $param0\n"
    + _peer_party("SOLD_BY")
    + _peer_party("VIA_PLATFORM")
    + _peer_party("IMPORTED_BY")
    + _peer_party("HANDLED_BY")
    + _peer_party("STORED_AT")
    + """CALL (this) {
  MATCH (this)-[this15:DECLARED_IN]->(this16:Declaration)
  WITH DISTINCT this16
  WITH this16 { .declarationId, .number, .declaredOn } AS this16
  RETURN head(collect(this16)) AS var17
}
CALL (this) {
  MATCH (this)-[this18:CARRIES]->(this19:Batch)
  WITH collect({node: this19, relationship: this18}) AS edges
  CALL (edges) {
    UNWIND edges AS edge
    WITH edge.node AS this19, edge.relationship AS this18
    CALL (this19) {
      MATCH (this19)-[this20:OF_PRODUCT]->(this21:Product)
      WITH DISTINCT this21
      WITH this21 { .productId, .name, .gtin } AS this21
      RETURN head(collect(this21)) AS var22
    }
    RETURN collect({properties: {quantity: this18.quantity, unit: this18.unit, __resolveType: 'Carries'},
      node: {batchId: this19.batchId, lotCode: this19.lotCode, product: var22, __resolveType: 'Batch'}}) AS var23
  }
  RETURN {edges: var23} AS var24
}
RETURN this { .shipmentId, .waybill, .direction, .mode, .status, .port, .originCountry, .consigneeRegion,
  .declaredOn, .releasedOn, .deliveredOn, seller: SOLD_BY, platform: VIA_PLATFORM, importer: IMPORTED_BY,
  logistics: HANDLED_BY, warehouse: STORED_AT, declaration: var17, carriesConnection: var24 } AS this"""
)

PEER_D: Final[LiteralString] = """MATCH (this:Enterprise)
WHERE this.kind = $param0
WITH *
ORDER BY this.name ASC, this.enterpriseId ASC
SKIP $param1
LIMIT $param2
CALL (this) {
  MATCH (this)<-[this0:SOLD_BY]-(this1:Shipment)
  WITH DISTINCT this1
  CALL (this1) {
    MATCH (this1)-[this2:CARRIES]->(this3:Batch)
    WITH collect({node: this3, relationship: this2}) AS edges
    CALL (edges) {
      UNWIND edges AS edge
      WITH edge.node AS this3, edge.relationship AS this2
      RETURN collect({properties: {quantity: this2.quantity, unit: this2.unit, __resolveType: 'Carries'},
        node: {batchId: this3.batchId, lotCode: this3.lotCode, __resolveType: 'Batch'}}) AS var4
    }
    RETURN {edges: var4} AS var5
  }
  WITH this1 { .shipmentId, .declaredOn, .status, carriesConnection: var5 } AS this1
  ORDER BY this1.declaredOn DESC, this1.shipmentId ASC
  LIMIT $param3
  RETURN collect(this1) AS var6
}
RETURN this { .enterpriseId, .name, sold: var6 } AS this"""

# c': the peer's text for `recalls(where: {recallId: {eq: $id}}) { recallId affectedShipments(first: 100)
# { shipmentId declaredOn status port <five parties { enterpriseId name }> } }`, its own @cypher field inlined.
PEER_C: Final[LiteralString] = (
    """MATCH (this:Recall)
WHERE this.recallId = $param0
CALL (this) {
  CALL (this) {
    WITH this AS this
    CALL (this) {
      MATCH (this)-[:TARGETS]->(:Batch)<-[:CARRIES]-(s:Shipment) RETURN s
      UNION
      MATCH (this)-[:TARGETS]->(:Product)<-[:OF_PRODUCT]-(:Batch)<-[:CARRIES]-(s:Shipment) RETURN s
      UNION
      MATCH (this)-[:TARGETS]->(s:Shipment) RETURN s
    }
    WITH DISTINCT s ORDER BY s.declaredOn DESC, s.shipmentId SKIP $param1 LIMIT $param2
    RETURN s
  }
  WITH s AS this0
"""
    + _peer_party("SOLD_BY", "this0")
    + _peer_party("VIA_PLATFORM", "this0")
    + _peer_party("IMPORTED_BY", "this0")
    + _peer_party("HANDLED_BY", "this0")
    + _peer_party("STORED_AT", "this0")
    + """  WITH this0 { .shipmentId, .declaredOn, .status, .port, seller: SOLD_BY, platform: VIA_PLATFORM,
    importer: IMPORTED_BY, logistics: HANDLED_BY, warehouse: STORED_AT } AS this0
  RETURN collect(this0) AS var16
}
RETURN this { .recallId, affectedShipments: var16 } AS this"""
)

REGULATOR: Final = Principal(key_id="bench", role=Role.REGULATOR, agency_id="AG-CN-GACC")


class Recorder:
    """Stands in for runtime.db.Cypher: keeps the statement and the parameters it would send."""

    def __init__(self) -> None:
        self.sent: list[tuple[LiteralString, dict[str, Any]]] = []

    async def read_maps(self, query: LiteralString, params: dict[str, Any]) -> list[dict[str, Any]]:
        self.sent.append((query, dict(used_params(query, params))))
        return [{"rows": [], "total": None, "row": None, "recall": None}]

    read = read_maps


# What the fast path's plan puts in `$want` for workloads a and d (hub/schema/fast_slim.py).
WANT_A: Final = {"enterprise": ["enterpriseId", "name", "kind", "country", "region", "uscc", "eori", "gln"]}
WANT_D: Final = {
    "enterprise": ["enterpriseId", "name"], "shipment": ["shipmentId", "declaredOn", "status"],
    "carried": True, "batch": ["batchId", "lotCode"],
}  # fmt: skip


WANT_B: Final = {
    "shipment": [
        "shipmentId", "waybill", "direction", "mode", "status", "port", "originCountry", "consigneeRegion",
        "declaredOn", "releasedOn", "deliveredOn",
    ],
    "party": ["enterpriseId", "name"], "declaration": ["declarationId", "number", "declaredOn"],
    "carried": True, "batch": ["batchId", "lotCode"], "product": ["productId", "name", "gtin"],
}  # fmt: skip


async def hub_statement(workload: str, key: Any, slim: bool = True) -> tuple[LiteralString, dict[str, Any]]:
    """The hub's statement: the fast path's slim one (`slim`; else the `{.*}` one the general path runs)."""
    cy: Any = Recorder()
    if workload == "c'":
        await impact.page_and_recall(
            cy, REGULATOR, impact.Scope.RECALL, key, impact.Window(), impact.ImpactFilter(),
            impact.ImpactSort.DECLARED_ON_DESC, PageRequest(0, 100), total=False, fetch=set(PARTIES),
            recall=True, brief=True, keys=["declaredOn", "port", "shipmentId", "status"], stage=False, units=False,
        )  # fmt: skip
    elif workload == "a" and slim:
        await compiled_slim.list_enterprises(
            cy, REGULATOR, EnterpriseFilter(), EnterpriseSort.NAME, PageRequest(key, 20),
            total=False, fetch=set(), want=WANT_A, shipments=None,
        )  # fmt: skip
    elif workload == "d" and slim:
        await compiled_slim.list_enterprises(
            cy, REGULATOR, EnterpriseFilter(kind="seller"), EnterpriseSort.NAME, PageRequest(key, 20),
            total=False, fetch={"batch"}, want=WANT_D, shipments=(PartyRole.SELLER, PageRequest(0, 10)),
        )  # fmt: skip
    elif workload == "b" and slim:
        fetch = PARTIES | {"declaration", "batch", "product"}
        await compiled_slim.shipment_by_id(cy, REGULATOR, key, fetch, WANT_B)
    elif workload == "b":
        fetch = PARTIES | {"declaration", "batch", "product"}
        await compiled.shipment_by_id(cy, REGULATOR, key, fetch)
    elif workload == "a":
        await compiled.list_enterprises(
            cy, REGULATOR, EnterpriseFilter(), EnterpriseSort.NAME, PageRequest(key, 20),
            total=False, fetch=set(), shipments=None,
        )  # fmt: skip
    else:
        await compiled.list_enterprises(
            cy, REGULATOR, EnterpriseFilter(kind="seller"), EnterpriseSort.NAME, PageRequest(key, 20),
            total=False, fetch={"batch"}, shipments=(PartyRole.SELLER, PageRequest(0, 10)),
        )  # fmt: skip
    [sent] = cy.sent
    return sent


def peer_statement(workload: str, key: Any) -> tuple[LiteralString, dict[str, Any]]:
    if workload == "a":
        return PEER_A, {"param0": key, "param1": 20}
    if workload == "b":
        return PEER_B, {"param0": key}
    if workload == "c'":
        return PEER_C, {"param0": key, "param1": 0, "param2": 100}
    return PEER_D, {"param0": "seller", "param1": key, "param2": 20, "param3": 10}


def _walk(plan: Any) -> tuple[int, list[str]]:
    hits, lines = (
        0,
        [f"runtime {plan.get('args', {}).get('runtime')}, planner {plan.get('args', {}).get('planner')}"],
    )

    def visit(p: Any, depth: int) -> None:
        nonlocal hits
        hits += p.get("dbHits", 0)
        args = p.get("args", {})
        detail = str(args.get("Details", ""))[:110]
        lines.append(
            f"{'  ' * depth}{p['operatorType']:<28} rows {p.get('rows', 0):>7} hits {p.get('dbHits', 0):>7}  {detail}"
        )
        for child in p.get("children", []):
            visit(child, depth + 1)

    visit(plan, 0)
    return hits, lines


async def profile(
    driver: AsyncDriver, query: LiteralString, params: dict[str, Any]
) -> tuple[int, int, list[str]]:
    async with driver.session() as session:
        result = await session.run("PROFILE " + query, params)  # type: ignore[operator]
        rows = len([r async for r in result])
        summary = await result.consume()
    hits, lines = _walk(summary.profile)
    return hits, rows, lines


async def timed(driver: AsyncDriver, query: LiteralString, params: dict[str, Any]) -> float:
    async with driver.session() as session:
        result = await session.run(query, params)
        _ = [r async for r in result]
        summary = await result.consume()
    return float((summary.result_available_after or 0) + (summary.result_consumed_after or 0))


async def run(args: argparse.Namespace) -> None:
    driver = AsyncGraphDatabase.driver(args.neo4j_uri, notifications_min_severity="OFF")
    try:
        records, _, _ = await driver.execute_query(
            "MATCH (s:Shipment) RETURN s.shipmentId AS id ORDER BY id SKIP 100 LIMIT 1"
        )
        keys = {"a": args.offset, "b": records[0]["id"], "c'": args.recall, "d": args.offset}
        for workload in args.workloads:
            sides = {
                "hub": await hub_statement(workload, keys[workload]),
                "peer": peer_statement(workload, keys[workload]),
            }
            sides["hub {.*}"] = await hub_statement(workload, keys[workload], slim=False)  # before slim rows
            found = {side: await profile(driver, q, p) for side, (q, p) in sides.items()}
            times: dict[str, list[float]] = {side: [] for side in sides}
            for _ in range(args.runs):
                for side, (q, p) in sides.items():
                    times[side].append(await timed(driver, q, p))
            print(f"{workload}: " + "; ".join(
                f"{side} {found[side][0]:,} db hits, {found[side][1]} rows, median {statistics.median(times[side]):.1f} ms"
                for side in sides
            ), flush=True)  # fmt: skip
            if args.plan:
                for side in args.plan:
                    print(f"  {side} plan:", *found[side][2], sep="\n    ")
    finally:
        await driver.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--neo4j-uri", required=True, help="a graph bench/peer/run.py loaded")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per statement (default 20)")
    parser.add_argument("--offset", type=int, default=400, help="a and d: the page's first row (default 400)")
    parser.add_argument("--recall", default="RC000001", help="c': the recall (default RC000001)")
    parser.add_argument("--workloads", type=lambda t: t.split(","), default=["a", "b", "c'", "d"],
                        help="comma-separated (default a,b,c',d)")  # fmt: skip
    parser.add_argument("--plan", action="append", choices=("hub", "peer"), help="print that side's plans")
    asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
