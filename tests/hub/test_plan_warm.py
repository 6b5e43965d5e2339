"""The start-up plan warm-up covers every statement the hub can run, and writes nothing.

Coverage is checked two ways: every statement constant of hub.data has a
sample for each of its parameters (a new statement or parameter name without
one fails here), and the documented operations, run through the real app,
send no (statement, parameter types) pair that the warm-up does not run.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from graph_schema.model import NATURAL_KEYS, Label
from hub.data import inspections, plan_warm, plan_warm_keys
from runtime.db import Cypher, one_map
from tests.factories_trace import trace_graph
from tests.http import running_hub

DATABASE = "neo4j"


def test_every_statement_parameter_has_a_sample() -> None:
    missing = {
        f"{s.name}: ${p}" for s in plan_warm.statements() for p in s.params() if p not in plan_warm.SAMPLES
    }
    assert not missing


def test_statements_are_found_in_every_data_module() -> None:
    names = {s.name.split(".")[0] for s in plan_warm.statements()}
    # A sample of the modules whose statements the documented operations run.
    assert {"impact", "shipments", "enterprises", "parties", "credit", "recognition", "lifecycle"} <= names
    texts = [s.text for s in plan_warm.statements()]
    assert len(texts) == len(set(texts))
    # Fragments (contained in a whole statement) are not statements of their own.
    assert not any(a != b and a in b for a in texts for b in texts)


def test_no_statement_limits_by_a_bare_parameter() -> None:
    # Neo4j keys a plan on the bucket of a bare `LIMIT $x`'s value (1, 2-10, 11-100, ...):
    # each page size would plan anew. `LIMIT toInteger($x)` is not bucketed (measured).
    # (LIMITs fed from code constants are warmed with those constants: see SAMPLES.)
    bare = [s.name for s in plan_warm.statements() if re.search(r"LIMIT\s+\$limit\b", s.text)]
    assert bare == []


def test_a_nullable_parameter_is_warmed_null_and_set() -> None:
    [page] = [
        s
        for s in plan_warm.statements()
        if s.name.startswith("shipments.LIST") and "DECLARED_ON_DESC" in s.name and "True" in s.name
    ]
    kinds = {plan_warm.signature(v) for v in page.variants()}
    assert any(("port", "null") in k for k in kinds)
    assert any(("port", "str/3") in k for k in kinds)  # a string's type counts its length bucket


def test_lengths_nulls_and_sizes_share_one_plan_key() -> None:
    # Neo4j keys a plan on each parameter's type and, for strings and lists, the bucket of
    # the length (0, 1, 2-10, 11-100, ...); runtime.db sends them inside one map `$p`, whose
    # key is "map" whatever it holds: every call of a statement has the one key warmed.
    [page] = [
        s
        for s in plan_warm.statements()
        if s.name.startswith("shipments.LIST") and "DECLARED_ON_DESC" in s.name and "True" in s.name
    ]
    assert plan_warm.signature({"port": "CNNGB"}) != plan_warm.signature({"port": "-warm-none-"})
    calls = [
        {**page.variants()[0], "port": port, "status": status, "limit": limit}
        for port in (None, "A", "CNNGB", "a port name longer than ten")
        for status in (None, "HELD", "A STATUS OF MORE THAN TEN")
        for limit in (1, 6, 101)
    ]
    keys = {plan_warm.sent_key(page, c) for c in calls}
    assert len(keys) == 1
    [(text, sig)] = keys
    assert sig == (("p", "map"),)
    assert "$p." in text and not re.search(r"\$(?!p\.)\w", text)


async def test_warm_up_runs_every_statement_and_writes_nothing(graph: AsyncDriver) -> None:
    await trace_graph(graph)
    count = "MATCH (n) RETURN count(n) AS nodes, COUNT { ()-[]->() } AS links"
    before, _, _ = await graph.execute_query(count, database_=DATABASE)
    report = await plan_warm.warm(graph, DATABASE)
    after, _, _ = await graph.execute_query(count, database_=DATABASE)
    assert report.statements == len(plan_warm.statements())
    # In the one-map form every variant has the same plan key: one run per statement, and a
    # second for a read whose nullable filters can be set to a key found in the graph.
    keys = await plan_warm_keys.first_keys(graph, DATABASE, set(Label))
    today = dt.datetime.now(dt.UTC).date()
    assert report.runs == sum(len(plan_warm.runs(s, keys, today)) for s in plan_warm.statements())
    assert report.runs < 2 * len(plan_warm.statements())
    assert report.failed == []
    assert after[0].data() == before[0].data()


async def test_statements_are_warmed_with_keys_found_in_the_graph(graph: AsyncDriver) -> None:
    # A read warmed with values that match nothing stops at its first lookup: what follows
    # (subqueries, expressions, store pages) stays cold for the first real call.
    await trace_graph(graph)
    keys = await plan_warm_keys.first_keys(graph, DATABASE, set(Label))
    for label in (Label.ENTERPRISE, Label.BATCH, Label.RECALL, Label.AGENCY):
        found, _, _ = await graph.execute_query(
            "MATCH (n) WHERE $label IN labels(n) AND n[$key] = $value RETURN count(n) AS n",
            {"label": label.value, "key": NATURAL_KEYS[label], "value": keys[label]},
            database_=DATABASE,
        )
        assert found[0]["n"] == 1, label
    today = dt.datetime.now(dt.UTC).date()
    by_text = {s.text: s for s in plan_warm.statements()}
    check = by_text[inspections.CHECK]
    [params] = plan_warm.runs(check, keys, today)
    assert params["labId"] == keys[Label.ENTERPRISE] and params["on"] == today
    assert params["targetId"] != "-warm-none-"
    [row], _, _ = await graph.execute_query(*one_map(check.text, params), database_=DATABASE)
    assert row["agency"] is True and row["lab"] is not None  # the lab's filing subquery ran
    # A nullable filter that matches a key: once null (every row), once set to the key.
    [page] = [s for s in plan_warm.statements() if s.name.startswith("shipments.LIST")][:1]
    unfiltered, filtered = plan_warm.runs(page, keys, today)
    assert unfiltered["sellerId"] is None and unfiltered["status"] is None
    assert filtered["sellerId"] == keys[Label.ENTERPRISE]
    rows, _, _ = await graph.execute_query(*one_map(page.text, unfiltered), database_=DATABASE)
    assert rows
    # A write finds its references too (its new ids stay samples); warm() rolls it back
    # (test_warm_up_runs_every_statement_and_writes_nothing: the graph is unchanged).
    record = by_text[inspections.RECORD]
    written = plan_warm.runs(record, keys, today)[-1]
    assert written["agencyId"] == keys[Label.AGENCY] and written["labId"] == keys[Label.ENTERPRISE]
    assert written["inspectionId"] == "-warm-none-"


IMPACT = """query($id: ID!, $asOf: Date, $filter: ImpactShipmentFilter) {
  recall(id: $id) { title impact(asOf: $asOf) {
    totals { shipments units declarations byRegion { key } bySeller { key name } byPlatform { key } }
    shipments(first: 100, sort: QUANTITY_DESC, filter: $filter) { totalCount
      edges { node { id stage units seller { name } platform { name } importer { name }
        warehouse { name } declaration { number }
        recalledBatches { quantity batch { lotCode } product { name gtin } } } } } } } }"""
SHIPMENTS = """query($filter: ShipmentFilterInput) {
  shipments(first: 10, filter: $filter, sort: DECLARED_ON_DESC) { edges { node { id waybill
    seller { name } platform { name } declaration { number }
    carried { quantity batch { lotCode product { name gtin } } } } } } }"""
ENTERPRISES = """query($filter: EnterpriseFilterInput) {
  enterprises(first: 5, filter: $filter) { totalCount edges { node { id name
    shipments(role: SELLER, first: 3) { totalCount } } } }
  recalls(first: 5) { edges { node { id issuer { name } targetBatches { lotCode } } } } }"""
PARTIES = """query($id: ID!, $asOf: Date) {
  relatedParties(enterpriseId: $id, maxHops: 3, asOf: $asOf) { totalCount
    edges { node { distance enterprise { id name } paths { text } } } }
  ultimateOwners(enterpriseId: $id, asOf: $asOf) { owner { id } effectiveShare } }"""
CREDIT = """query($asOf: Date, $under: ID) {
  creditStanding(enterpriseId: "IM1", asOf: $asOf, underAgencyId: $under) { ratings { level { code } } }
  inspectionRate(enterpriseId: "IM1", asOf: $asOf) { rate }
  filingStatus(enterpriseId: "IM1", asOf: "2026-04-30") { status } }"""

CALLS: list[tuple[str, dict[str, Any]]] = [
    (IMPACT, {"id": "R-PROD"}),
    (IMPACT, {"id": "R-PROD", "asOf": "2026-06-30", "filter": {"status": ["HELD", "DECLARED"]}}),
    (IMPACT, {"id": "R-BATCH", "filter": {"port": "CNNGB", "sellerId": "SE1", "declaredFrom": "2025-01-01"}}),
    (SHIPMENTS, {}),
    (SHIPMENTS, {"filter": {"status": "HELD"}}),
    (SHIPMENTS, {"filter": {"port": "CNNGB", "sellerId": "SE1", "status": "HELD", "direction": "INBOUND",
                            "mode": "BONDED", "consigneeRegion": "CN-ZJ", "declaredFrom": "2025-01-01",
                            "declaredTo": "2026-12-31", "platformId": "PL1"}}),
    (ENTERPRISES, {}),
    (ENTERPRISES, {"filter": {"kind": "SELLER"}}),
    (PARTIES, {"id": "SE1"}),
    (PARTIES, {"id": "SE1", "asOf": "2026-01-01"}),
    (CREDIT, {}),
    (CREDIT, {"asOf": "2026-01-01", "under": "AG-CN-GACC"}),
]  # fmt: skip


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, tuple[tuple[str, str], ...]]]]:
    """Every (statement, parameter types) the app sends while the test runs."""
    seen: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    run = Cypher._execute

    async def recorded(
        self: Cypher, query: Any, params: Mapping[str, Any], *, write: bool, maps: bool = False
    ) -> list[dict[str, Any]]:
        # The key as sent (runtime.db: the used parameters in the one map `$p`).
        seen.append((query, plan_warm.signature(one_map(query, params)[1])))
        return await run(self, query, params, write=write, maps=maps)

    monkeypatch.setattr(Cypher, "_execute", recorded)
    yield seen


async def test_documented_operations_send_only_warmed_types(
    graph: AsyncDriver, neo4j_uri: str, sent: list[tuple[str, tuple[tuple[str, str], ...]]]
) -> None:
    await trace_graph(graph)
    # Every call here is a cold plan (the warm-up is off): generous deadlines on a loaded machine.
    with running_hub(neo4j_uri, HUB_REQUEST_TIMEOUT_S="600", HUB_QUERY_TIMEOUT_S="600") as hub:
        hub.client.timeout = httpx.Timeout(600.0)
        for query, variables in CALLS:
            assert not hub.gql(query, variables).body.get("errors"), query
    warmed = {(s.text, plan_warm.sent_key(s, v)[1]) for s in plan_warm.statements() for v in s.variants()}
    names = {s.text: s.name for s in plan_warm.statements()}
    assert len(sent) > len(CALLS)
    cold = sorted({f"{names.get(text, text[:60])}: {sig}" for text, sig in sent if (text, sig) not in warmed})
    assert cold == [], "\n".join(cold)
