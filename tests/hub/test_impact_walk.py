"""The recall impact page's index walk gives the expansion's rows (hub/data/impact.py _walk).

A recall that reaches a large share of all shipments walks the
`shipment_declared_on` index in the page's order for the date sorts. On 100
shipments, three to a date (ties), with ids running against the dates:
R-SPREAD covers batch X (two shipments in three) and, through a shipment it
targets, batch Z on that shipment only (Z's other carriers are walked past);
R-OLD covers the 30 oldest shipments, so a newest-first walk finds none within
its bound and the expansion answers. Every page, in both date sorts, must be
the rows computed here by hand, and the walk must have answered where it can.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import AsyncDriver

from hub.auth import Principal, Role
from hub.data import impact
from hub.data.paging import PageRequest
from tests.http import Hub

SHIPMENTS = 100
GRAPH = """
CREATE (gacc:Agency {agencyId: 'AG-CN-GACC', name: 'GACC', kind: 'customs', country: 'CN'})
CREATE (p:Product {productId: 'P', name: 'Cream'})
CREATE (x:Batch {batchId: 'X', lotCode: 'LX'})-[:OF_PRODUCT]->(p)
CREATE (y:Batch {batchId: 'Y', lotCode: 'LY'})-[:OF_PRODUCT]->(p)
CREATE (z:Batch {batchId: 'Z', lotCode: 'LZ'})-[:OF_PRODUCT]->(p)
CREATE (spread:Recall {recallId: 'R-SPREAD', measure: 'stop_sale', title: 'X', riskLevel: 'low', status: 'open',
                       issuedOn: date('2026-06-01')})-[:ISSUED_BY]->(gacc)
CREATE (old:Recall {recallId: 'R-OLD', measure: 'stop_sale', title: 'Y', riskLevel: 'low', status: 'open',
                    issuedOn: date('2026-06-01')})-[:ISSUED_BY]->(gacc)
CREATE (spread)-[:TARGETS]->(x), (old)-[:TARGETS]->(y)
WITH *
UNWIND range(0, $n - 1) AS i
CREATE (s:Shipment {shipmentId: 'S' + toString(1000 - i), declaredOn: date('2026-01-01') + duration({days: i / 3}),
                    status: 'declared', port: 'CNNGB'})
FOREACH (_ IN CASE WHEN i % 3 <> 0 THEN [1] ELSE [] END | CREATE (s)-[:CARRIES {quantity: 1, unit: 'pcs'}]->(x))
FOREACH (_ IN CASE WHEN i < 30 THEN [1] ELSE [] END | CREATE (s)-[:CARRIES {quantity: 2, unit: 'pcs'}]->(y))
FOREACH (_ IN CASE WHEN i >= 80 THEN [1] ELSE [] END | CREATE (s)-[:CARRIES {quantity: 3, unit: 'pcs'}]->(z))
FOREACH (_ IN CASE WHEN i = 90 THEN [1] ELSE [] END | CREATE (spread)-[:TARGETS]->(s))
"""
PAGE = """query($id: ID!, $sort: ImpactSort, $first: Int, $after: String) { recall(id: $id) { id impact {
  shipments(first: $first, after: $after, sort: $sort) {
    edges { node { id declaredOn units } } pageInfo { hasNextPage endCursor } } } } }"""
REGULATOR = Principal("t-reg", Role.REGULATOR, "AG-CN-GACC")


def _expected(recall: str, sort: str) -> list[str]:
    """The affected shipments in the sort's order (date, then id ascending), computed by hand."""
    rows = []
    for i in range(SHIPMENTS):
        covered = i % 3 != 0 or i == 90 if recall == "R-SPREAD" else i < 30
        if covered:
            rows.append((dt.date(2026, 1, 1) + dt.timedelta(days=i // 3), f"S{1000 - i}"))
    newest = sort == "DECLARED_ON_DESC"
    rows.sort(key=lambda r: ((-r[0].toordinal()) if newest else r[0].toordinal(), r[1]))
    return [shipment for _, shipment in rows]


def _ids(reply: dict[str, Any]) -> list[str]:
    return [e["node"]["id"] for e in reply["recall"]["impact"]["shipments"]["edges"]]


async def _walked(graph: AsyncDriver, recall: str, sort: impact.ImpactSort, first: int) -> bool:
    """Whether the page statement's walk answered (PROFILE: rows through `UNWIND found AS s`)."""
    page = PageRequest(0, first)
    params = {
        **impact.base_params(recall, REGULATOR, impact.Window()),
        **impact.ImpactFilter().params(),
        **page.params(),
        **impact.fetch_params(set(), recall=True, keys=["shipmentId"]),
    }
    statement = impact.PAGE_UNFILTERED[(impact.Scope.RECALL, sort, False)]
    _, summary, _ = await graph.execute_query("PROFILE " + statement, params, database_="neo4j")

    def rows(plan: dict[str, Any]) -> int:
        own = plan.get("rows", 0) if plan["args"].get("Details") == "found AS s" else 0
        return own + sum(rows(child) for child in plan.get("children", []))

    assert summary.profile is not None
    return rows(summary.profile) > 0


async def test_the_walk_gives_the_expansions_rows(graph: AsyncDriver, hub: Hub) -> None:
    await graph.execute_query(GRAPH, {"n": SHIPMENTS}, database_="neo4j")
    for recall in ("R-SPREAD", "R-OLD"):
        for sort in ("DECLARED_ON_DESC", "DECLARED_ON"):
            expected = _expected(recall, sort)
            whole = hub.gql(PAGE, {"id": recall, "sort": sort, "first": 100})
            assert _ids(whole.data) == expected, (recall, sort)  # 100 rows: never walked
            for first in (1, 2, 3, 5):
                seen: list[str] = []
                after = None
                while len(seen) < 12:
                    reply = hub.gql(PAGE, {"id": recall, "sort": sort, "first": first, "after": after})
                    assert reply.statements == 1
                    seen += _ids(reply.data)
                    after = reply.data["recall"]["impact"]["shipments"]["pageInfo"]["endCursor"]
                assert seen == expected[: len(seen)], (recall, sort, first)
    # R-SPREAD's S910 carries Z and counts (targeted); S919 carries Z and not X: it does not.
    first_rows = _ids(hub.gql(PAGE, {"id": "R-SPREAD", "sort": "DECLARED_ON_DESC", "first": 7}).data)
    assert first_rows == ["S902", "S903", "S905", "S906", "S908", "S909", "S910"]  # walked
    assert "S910" in _expected("R-SPREAD", "DECLARED_ON") and "S919" not in _expected(
        "R-SPREAD", "DECLARED_ON"
    )
    # The walk answered where it could: R-SPREAD both ways; R-OLD oldest first, but not newest
    # first (its shipments lie beyond the walk's bound); a long page never walks.
    assert await _walked(graph, "R-SPREAD", impact.ImpactSort.DECLARED_ON_DESC, 1)
    assert await _walked(graph, "R-SPREAD", impact.ImpactSort.DECLARED_ON_DESC, 7)
    assert await _walked(graph, "R-SPREAD", impact.ImpactSort.DECLARED_ON, 3)
    assert await _walked(graph, "R-OLD", impact.ImpactSort.DECLARED_ON, 1)
    assert not await _walked(graph, "R-OLD", impact.ImpactSort.DECLARED_ON_DESC, 1)
    assert not await _walked(graph, "R-SPREAD", impact.ImpactSort.DECLARED_ON_DESC, 100)
