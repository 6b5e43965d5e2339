"""Cold first calls: every documented operation, first call against warm, after a fresh start.

    python bench/cold.py [--scale 20000] [--warm-calls 3] [--json FILE] [--keep]

Starts the local Neo4j under var/bench-cold (data: the generated folder of
--scale, loaded once with loaders.load; scale 20,000 is the demo's, so the
ids of README.md exist), restarting it first so that its plan cache is
empty, then starts the hub in-process (the real HTTP app, start-up warm-up
included; HUB_WARM_WAIT_S=3600 makes start-up wait for the whole warm-up).
Timing starts when `/readyz` first answers 200, i.e. what a load balancer
or the compose healthcheck waits for: "after start-up" means after the plan
warm-up of this Neo4j start is complete. `--no-warm` sets HUB_PLAN_WARM=0
(the hub's own plan warm-up off). `--reuse` keeps a running Neo4j as it is
(with --no-warm: the plan cache another hub warmed, for a diagnosis).
`--no-real-keys` warms as before plan_warm_keys (every statement once, with
samples that match nothing): an A/B of the same build.

Each statement the hub sends is timed too (wall, and Neo4j's own
result_available_after + result_consumed_after, which include planning):
a variant prints the statements whose first call was more than 20 ms
slower than their median warm call, and whether their plan key (as
runtime.db sends it) is one the warm-up runs.

The operations are the examples of README.md and docs/trace.md (OPERATIONS
below names the section of each), written with variables. For each one
every combination of its optional filter arguments null / non-null is a
variant (when an operation has more than four, all null, each one alone and
all together). Each variant is called once (first call: whatever Neo4j and
the hub have not seen yet is paid here) and then --warm-calls times; the
excess is the first call minus the median warm call. Mutations use a fresh
clientRequestId per call (a warm call of a one-shot change answers its
Conflict through the same statement). Calls run one at a time.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# bench/common.py puts the project root on sys.path (third-party imports sort before first-party ones).
import neo4j
from common import ROOT, percentile, prepare_local

from hub.data import plan_warm
from runtime.db import Cypher, one_map
from tests.http import ADMIN, REGULATOR, Hub, running_hub
from tools import neo4j_local

HOME = ROOT / "var" / "bench-cold"
TARGET_MS = 100.0


@dataclass(frozen=True)
class Operation:
    name: str
    source: str  # where it is documented
    query: str
    fixed: dict[str, Any] = field(default_factory=dict)
    optional: dict[str, Any] = field(default_factory=dict)  # filter arguments: null or this value
    key: str = REGULATOR
    request_ids: tuple[str, ...] = ()  # variables that take a fresh clientRequestId per call

    def variants(self) -> list[dict[str, Any]]:
        names = list(self.optional)
        if len(names) <= 4:
            sets = [c for n in range(len(names) + 1) for c in itertools.combinations(names, n)]
        else:
            sets = [(), *((n,) for n in names), tuple(names)]
        return [{n: (self.optional[n] if n in chosen else None) for n in names} for chosen in sets]


def _filter(name: str, values: dict[str, Any]) -> str:
    """`name: {a: $a, b: $b}` with every optional variable, for an input object argument."""
    return name + ": {" + ", ".join(f"{k}: ${k}" for k in values) + "}"


ENTERPRISE_F = {"kind": "SELLER", "country": "US", "region": None, "nameContains": "a", "identifier": None}
ENTERPRISE_F = {k: v for k, v in ENTERPRISE_F.items() if v is not None}
SHIPMENT_F = {
    "status": "HELD",
    "port": "CNNGB",
    "direction": "INBOUND",
    "mode": "BONDED",
    "consigneeRegion": "CN-GD",
    "declaredFrom": "2025-01-01",
    "declaredTo": "2026-12-31",
    "sellerId": "E000004",
    "platformId": "E000001",
}
IMPACT_F = {
    "status": ["HELD", "DECLARED"],
    "direction": "INBOUND",
    "port": "CNNGB",
    "consigneeRegion": "CN-GD",
    "platformId": "E000001",
    "sellerId": "E000004",
    "declaredFrom": "2025-01-01",
    "declaredTo": "2026-12-31",
}
_TYPES = {
    "kind": "EnterpriseKind", "country": "String", "region": "String", "nameContains": "String",
    "identifier": "String", "status": "ShipmentStatus", "port": "String", "direction": "Direction",
    "mode": "ShipmentMode", "consigneeRegion": "String", "declaredFrom": "Date", "declaredTo": "Date",
    "sellerId": "ID", "platformId": "ID",
}  # fmt: skip


def _decl(values: dict[str, Any], types: dict[str, str]) -> str:
    return ", ".join(f"${k}: {types[k]}" for k in values)


_IMPACT_TYPES = {**_TYPES, "status": "[ShipmentStatus!]"}

OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "enterprises + recalls",
        "README: Example queries",
        "query("
        + _decl(ENTERPRISE_F, _TYPES)
        + ") { enterprises(first: 5, "
        + _filter("filter", ENTERPRISE_F)
        + ") { totalCount pageInfo { hasNextPage endCursor }"
        " edges { node { id name uscc country shipments(role: SELLER, first: 3) { totalCount } } } }"
        " recalls(first: 5) { edges { node { id measure riskLevel title issuedOn issuer { name }"
        " targetBatches { lotCode } } } } }",
        optional=ENTERPRISE_F,
    ),
    Operation(
        "shipments",
        "README: Example queries",
        "query("
        + _decl(SHIPMENT_F, _TYPES)
        + ") { shipments(first: 10, "
        + _filter("filter", SHIPMENT_F)
        + ", sort: DECLARED_ON_DESC) { edges { node { id waybill consigneeRegion seller { name }"
        " platform { name } declaration { number }"
        " carried { quantity batch { lotCode product { name gtin } } } } } } }",
        optional=SHIPMENT_F,
    ),
    Operation(
        "recall impact (README)",
        "README: Recall traceability",
        """query RecallImpact($id: ID!) { recall(id: $id) { title measure impact {
          totals { shipments units declarations underControlUnits deliveredUnits
                   byRegion { key shipments units } byPlatform { key name shipments } }
          shipments(first: 100) { totalCount pageInfo { hasNextPage endCursor }
            edges { node { id status stage consigneeRegion port declaredOn
                           seller { name } platform { name } importer { name } warehouse { name }
                           declaration { number } recalledBatches { quantity batch { lotCode } } } } } } } }""",
        fixed={"id": "RC000002"},
    ),
    Operation(
        "recall impact (trace.md), filtered",
        "docs/trace.md: GraphQL",
        "query($id: ID!, $asOf: Date, "
        + _decl(IMPACT_F, _IMPACT_TYPES)
        + """) {
          recall(id: $id) { impact(asOf: $asOf) {
            shipments(first: 100, sort: QUANTITY_DESC, """
        + _filter("filter", IMPACT_F)
        + """) {
              totalCount pageInfo { hasNextPage endCursor }
              edges { node { id units stage consigneeRegion seller { name } platform { name }
                importer { name } warehouse { name } declaration { number }
                recalledBatches { quantity unit batch { lotCode } product { name gtin } } } } }
            totals { shipments units declarations underControlUnits deliveredUnits
              byRegion { key shipments units } bySeller { key name shipments units } } } } }""",
        fixed={"id": "RC000001"},
        optional={"asOf": "2026-06-30", **IMPACT_F},
    ),
    Operation(
        "traceCode",
        "README: Recall traceability",
        """query($code: String!) { traceCode(code: $code) {
          ... on TraceCodeFound { batch { lotCode } product { name gtin } maker { name }
                                  importers { name } sellers { name } recalls { id measure } }
          ... on TraceCodeNotFound { message } } }""",
        fixed={"code": "TL778471959870"},
    ),
    Operation(
        "relatedParties + ultimateOwners",
        "README: Related parties",
        """query($id: ID!, $via: [LinkKind!], $asOf: Date) {
          relatedParties(enterpriseId: $id, maxHops: 3, via: $via, asOf: $asOf) { totalCount truncated
            edges { node { distance strength enterprise { id name } paths { text } } } }
          ultimateOwners(enterpriseId: $id, asOf: $asOf) { owner { id name } effectiveShare chainCount circular } }""",
        fixed={"id": "E001483"},
        optional={"via": ["OWNERSHIP", "ADDRESS"], "asOf": "2026-01-01"},
    ),
    Operation(
        "fileEnterprise",
        "README: Supervision records",
        """mutation($rid: String!) { fileEnterprise(input: {clientRequestId: $rid, enterpriseId: "E000123",
            filedOn: "2026-01-10", status: FILED, validUntil: "2029-01-09", reason: "annual filing"}) {
          __typename ... on FileSuccess { created filing { id status } } ... on InvalidInput { field message } } }""",
        request_ids=("rid",),
    ),
    Operation(
        "changeStatus (filing)",
        "README: Supervision records",
        """mutation($rid: String!) { changeStatus(input: {clientRequestId: $rid, recordKind: FILING,
            recordId: "FL0000001", expectedStatus: "filed", status: "suspended", effectiveOn: "2026-05-01",
            reason: "labels missing"}) { __typename
          ... on StatusChanged { change { fromStatus toStatus effectiveOn agencyId } }
          ... on Conflict { field message currentStatus } ... on InvalidInput { field message } } }""",
        request_ids=("rid",),
    ),
    Operation(
        "filingStatus + filing + enterprise filings",
        "README: Supervision records",
        """query($productId: ID) { filingStatus(enterpriseId: "E000001", asOf: "2026-04-30", productId: $productId)
            { status filingId }
          filing(id: "FL0000001") { status validUntil timeline { fromStatus toStatus effectiveOn reason } }
          enterprise(id: "E000001") { filings(first: 5) { edges { node { id kind status } } } } }""",
        optional={"productId": "P000001"},
    ),
    Operation(
        "recordInspection",
        "README: Supervision records",
        """mutation($rid: String!) { recordInspection(input: {clientRequestId: $rid, kind: LAB,
            target: {batchId: "B0000042"}, result: FAIL, inspectedOn: "2026-03-05", labId: "E000016",
            samples: ["SMP-1"], labReportRef: "LR-2026-0042",
            raiseAlert: {title: "Lot contaminated", hazard: "microbial", riskLevel: HIGH}}) {
          __typename ... on RecordInspectionSuccess { alertId inspection { id review } }
          ... on InvalidInput { field message } } }""",
        request_ids=("rid",),
    ),
    Operation(
        "changeStatus (order) + recordDisposalEvidence",
        "README: Supervision records",
        """mutation($rid: String!, $rid2: String!) {
          start: changeStatus(input: {clientRequestId: $rid, recordKind: ORDER, recordId: "RC000002",
                              expectedStatus: "open", status: "in_progress", reason: "teams out"}) { __typename }
          evidence: recordDisposalEvidence(input: {clientRequestId: $rid2, orderId: "RC000002",
              shipments: [{shipmentId: "S-none", destroyedUnits: 1}]}) {
            __typename ... on InvalidInput { field message } ... on Conflict { message currentStatus } } }""",
        key=ADMIN,
        request_ids=("rid", "rid2"),
    ),
    Operation(
        "orderStatus + recall timeline + totals",
        "README: Supervision records",
        """{ orderStatus(id: "RC000002", asOf: "2026-06-01") { status }
          recall(id: "RC000002") { timeline { fromStatus toStatus effectiveOn byKey }
            impact { totals { underControlUnits deliveredUnits returnedUnits destroyedUnits } } } }""",
    ),
    Operation(
        "creditStanding",
        "README: Credit and mutual recognition",
        """query($asOf: Date, $under: ID) { creditStanding(enterpriseId: "E001932", asOf: $asOf, underAgencyId: $under) {
            ratings { agency { name } level { code name dishonest }
              recognitions { arrangement { name } agency { name } level { code name } facilitation } } } }""",
        optional={"asOf": "2026-01-01", "under": "AG-CN-GACC"},
    ),
    Operation(
        "recognitions + arrangements + inspectionRate",
        "README: Credit and mutual recognition",
        """query($asOf: Date) {
          recognitions(identifiers: ["E001932", "NOT-A-FIRM"], partnerAgencyId: "AG-SG-CUSTOMS", asOf: $asOf) {
            identifier matchedBy enterpriseId recognised reason message
            rating { id level { code } } partnerLevel { code } facilitation }
          arrangements(agencyId: "AG-SG-CUSTOMS", asOf: $asOf) { id direction status versions { version effectiveFrom } }
          inspectionRate(enterpriseId: "E001932", asOf: $asOf) { rate creditClass steps { kind action rate } } }""",
        optional={"asOf": "2026-01-01"},
    ),
    Operation(
        "screenDeclaration",
        "README: Screening a declaration",
        """query { screenDeclaration(input: {
            declarationId: "CEB-DEMO-1", declaredOn: "2025-06-30", declarantId: "E000786"
            shipments: [
              { shipmentId: "P1", mode: EXPRESS, originCountry: "US", sellerId: "E000004",
                goods: [{ hsCode: "1209910000", description: "Heirloom Vegetable Seeds Mix", quantity: 1 }] }
              { shipmentId: "P2", mode: BONDED, originCountry: "FR", sellerId: "E000004",
                goods: [{ hsCode: "1901101000", description: "Infant Formula Stage 1 800g", quantity: 2,
                          traceCodes: ["TL999999999999"] }] } ] }) {
            summary { shipments release inspect hold reject }
            rulesApplied { ruleId version list }
            shipments { shipmentId decision reasons { kind outcome field ruleId ruleVersion message }
                        sampling { rate creditClass draw selected steps { kind action rate } } } } }""",
    ),
    Operation(
        "agencies (shell example)",
        "README: Screening a declaration (curl)",
        "{ agencies(first: 5) { totalCount } }",
    ),
)


@dataclass
class Run:
    """One statement as the hub sent it: which, with which parameter types, how long."""

    text: str
    signature: tuple[tuple[str, str], ...]
    ms: float  # wall time of the statement (session, transaction, run, records)
    server_ms: float  # Neo4j's own: result_available_after + result_consumed_after


RUNS: list[Run] = []


def record_statements() -> None:
    """Time every statement the in-process hub sends: the split between Neo4j and the hub's Python.

    The same work as Cypher._execute, plus the result summary's server-side times
    (result_available_after includes planning; a cached plan makes it small).
    """

    async def timed(self: Cypher, query: Any, params: Any, *, write: bool, maps: bool = False) -> Any:
        server = [0.0]

        text, sent = one_map(query, params)  # as runtime.db sends it

        @neo4j.unit_of_work(timeout=self.timeout_s)
        async def work(tx: neo4j.AsyncManagedTransaction) -> list[dict[str, Any]]:
            result = await tx.run(text, sent)
            if maps:
                keys = result.keys()
                rows = [dict(zip(keys, record, strict=True)) async for record in result]
            else:
                rows = [record.data() async for record in result]
            summary = await result.consume()
            server[0] = float((summary.result_available_after or 0) + (summary.result_consumed_after or 0))
            return rows

        started = time.perf_counter()
        try:
            async with self.driver.session(database=self.database) as session:
                return await (session.execute_write(work) if write else session.execute_read(work))
        finally:
            ms = (time.perf_counter() - started) * 1000
            RUNS.append(Run(query, plan_warm.signature(sent), ms, server[0]))

    Cypher._execute = timed  # type: ignore[method-assign]


@dataclass
class Call:
    ms: float
    runs: list[Run]

    @property
    def neo4j_ms(self) -> float:
        return sum(r.ms for r in self.runs)


def _call(hub: Hub, op: Operation, variables: dict[str, Any]) -> Call:
    fresh = {name: f"cold-{uuid.uuid4().hex[:12]}" for name in op.request_ids}
    RUNS.clear()
    started = time.perf_counter()
    reply = hub.gql(op.query, {**op.fixed, **variables, **fresh}, key=op.key)
    took = (time.perf_counter() - started) * 1000
    if reply.status != 200 or reply.body.get("errors"):
        raise RuntimeError(f"{op.name} {variables}: {reply.status} {reply.body.get('errors')}")
    return Call(took, list(RUNS))


def measure(hub: Hub, warm_calls: int) -> list[dict[str, Any]]:
    rows = []
    names = {s.text: s.name for s in plan_warm.statements()}
    warmed = {(s.text, plan_warm.sent_key(s, v)[1]) for s in plan_warm.statements() for v in s.variants()}
    for op in OPERATIONS:
        for variables in op.variants():
            call = _call(hub, op, variables)
            warm_calls_ = [_call(hub, op, variables) for _ in range(warm_calls)]
            first = call.ms
            warm = percentile([c.ms for c in warm_calls_], 50)
            warm_neo4j = percentile([c.neo4j_ms for c in warm_calls_], 50)
            given = sorted(k for k, v in variables.items() if v is not None)
            # Statements slower on the first call than their median warm time, by more than 20 ms.
            slow = []
            for i, run in enumerate(call.runs):
                later = [c.runs[i].ms for c in warm_calls_ if len(c.runs) > i and c.runs[i].text == run.text]
                if later and run.ms - percentile(later, 50) > 20:
                    slow.append(
                        {
                            "statement": names.get(run.text, run.text[:50]),
                            "warmed": (run.text, run.signature) in warmed,
                            "first_ms": round(run.ms, 1),
                            "warm_ms": round(percentile(later, 50), 1),
                            "server_first_ms": round(run.server_ms, 1),
                            "server_warm_ms": round(
                                percentile([c.runs[i].server_ms for c in warm_calls_ if len(c.runs) > i], 50),
                                1,
                            ),
                        }
                    )
            rows.append(
                {
                    "operation": op.name,
                    "source": op.source,
                    "non_null": given,
                    "first_ms": round(first, 1),
                    "warm_ms": round(warm, 1),
                    "excess_ms": round(first - warm, 1),
                    "neo4j_first_ms": round(call.neo4j_ms, 1),
                    "neo4j_warm_ms": round(warm_neo4j, 1),
                    "statements": len(call.runs),
                    "slow_statements": slow,
                }
            )
            print(f"  {op.name:<44} {','.join(given) or '-':<40} first {first:8.1f} ms"
                  f" (neo4j {call.neo4j_ms:7.1f})  warm {warm:7.1f} ms (neo4j {warm_neo4j:7.1f})",
                  flush=True)  # fmt: skip
            for s in slow:
                print(f"      slow statement {s}", flush=True)
    return rows


async def _prepare(scale: int, restart: bool = True) -> str:
    home = HOME / f"neo4j-{scale}"
    if restart:
        neo4j_local.stop(home)  # a fresh Neo4j: an empty plan cache
    uri, _ = await prepare_local(home, scale, None, heap_mb=1024, pagecache_mb=256, tx_timeout_s=300)
    return uri


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--scale", type=int, default=20_000, help="shipments to generate (20,000: the demo)")
    parser.add_argument("--warm-calls", type=int, default=3, help="calls after the first, per variant")
    parser.add_argument("--no-warm", action="store_true", help="switch the hub's plan warm-up off")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="do not restart a running Neo4j (its plan cache stays: with --no-warm, a diagnosis of what else a"
        " first call pays)",
    )
    parser.add_argument(
        "--no-real-keys",
        action="store_true",
        help="A/B: warm every statement once with samples that match nothing (the warm-up before"
        " plan_warm_keys), instead of reads with values found in the graph",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--keep", action="store_true", help="leave the local Neo4j running")
    args = parser.parse_args(argv)
    uri = asyncio.run(_prepare(args.scale, restart=not args.reuse))
    env = {
        "HUB_QUERY_TIMEOUT_S": "300",
        "HUB_REQUEST_TIMEOUT_S": "600",
        "HUB_WARM_WAIT_S": "3600",
        "HUB_PLAN_WARM": "0" if args.no_warm else "1",
    }
    record_statements()
    if args.no_real_keys:
        plan_warm.runs = lambda statement, keys, today: [statement.variants()[0]]
    try:
        started = time.perf_counter()
        with running_hub(uri, **env) as hub:
            # "After start-up" = what a load balancer waits for: /readyz 200 (the plan warm-up
            # of this Neo4j start complete). Timing of the first calls starts after it.
            while hub.client.get("/readyz").status_code != 200:
                time.sleep(0.5)
            startup_s = time.perf_counter() - started
            print(f"hub up in {startup_s:.1f} s (plan warm-up {'off' if args.no_warm else 'on'})", flush=True)
            rows = measure(hub, args.warm_calls)
    finally:
        if not args.keep:
            neo4j_local.stop(HOME / f"neo4j-{args.scale}")
    load = os.getloadavg()
    worst = max(rows, key=lambda r: r["excess_ms"])
    over = [r for r in rows if r["excess_ms"] > TARGET_MS]
    print(
        f"\n{len(OPERATIONS)} operations, {len(rows)} variants; hub start-up {startup_s:.1f} s;"
        f" load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(f"worst excess {worst['excess_ms']} ms ({worst['operation']}, {','.join(worst['non_null']) or '-'});"
          f" {len(over)} variants over {TARGET_MS:.0f} ms")  # fmt: skip
    for r in sorted(over, key=lambda r: -r["excess_ms"]):
        print(f"  over: {r['operation']:<44} {','.join(r['non_null']) or '-':<40} +{r['excess_ms']} ms")
    if args.json:
        args.json.write_text(
            json.dumps({"startup_s": startup_s, "load": load, "rows": rows}, indent=2) + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
