"""GraphiQL and the recall picture in a real headless Chromium (Debian's), offline.

Screenshots go to var/screenshots/. The browser can reach only the test hub:
any other request is blocked and fails the test.
"""

from __future__ import annotations

from neo4j import AsyncDriver

from tests.factories_trace import trace_graph
from tests.http import PARTNER_SG, REGULATOR, Hub
from tools.browser_check import (
    chromium,
    docs_types,
    draw_recall,
    readme_recall_query,
    run_in_graphiql,
    session,
)

TOTALS = """
query($id: ID!) { recall(id: $id) { impact { totals(groupLimit: 1000) {
  shipments units underControlUnits deliveredUnits
  byRegion { key shipments } byPort { key shipments } bySeller { key shipments }
  byPlatform { key shipments } byImporter { key shipments } } } } }"""


async def test_graphiql_runs_the_readme_recall_query_offline(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    query = readme_recall_query().replace('"RC000002"', '"R-PROD"')
    async with chromium() as browser, session(browser, hub.base_url) as s:
        result = await run_in_graphiql(s, hub.base_url, REGULATOR, query, '"deliveredUnits": 5')
        await s.shot("graphiql-recall")
        assert '"shipments": 8' in result and '"units": 59' in result, result
        docs = await docs_types(s)
        await s.shot("graphiql-docs")
        assert "query: Query" in docs and "mutation: Mutation" in docs, docs
        assert "Error fetching schema" not in await s.page.content()
        # The key lives in this tab's sessionStorage only, never in localStorage (GraphiQL's tabs).
        stored = await s.page.evaluate(
            "() => [sessionStorage.getItem('hub.apiKey'), JSON.stringify(localStorage)]"
        )
        assert stored[0] == REGULATOR and REGULATOR not in stored[1]
        assert s.blocked == [] and s.errors == [], (s.blocked, s.errors)


async def test_graphiql_without_a_key_runs_nothing(graph: AsyncDriver, hub: Hub) -> None:
    async with chromium() as browser, session(browser, hub.base_url) as s:
        await s.page.goto(f"{hub.base_url}/graphql")
        await s.page.wait_for_selector("text=Paste your API key")
        await s.page.wait_for_load_state("networkidle")
        await s.shot("graphiql-no-key")
        assert s.graphql_posts == 0
        assert await s.page.evaluate("() => sessionStorage.length") == 0
        assert s.blocked == [] and s.errors == [], (s.blocked, s.errors)


def _expected(totals: dict[str, object]) -> dict[str, int]:
    return {
        kind: sum(g["shipments"] for g in totals[f"by{kind.title()}"])
        for kind in ("region", "port", "seller", "platform", "importer")  # type: ignore[attr-defined]
    }


async def test_recall_picture_draws_the_graphql_totals(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    totals = hub.gql(TOTALS, {"id": "R-PROD"}).data["recall"]["impact"]["totals"]
    async with chromium() as browser, session(browser, hub.base_url) as s:
        drawn = await draw_recall(s, hub.base_url, REGULATOR, "R-PROD")
        await s.shot("recall-R-PROD")
        assert "error" not in drawn, drawn
        assert drawn["fromNodes"] == {k: totals["shipments"] for k in drawn["fromNodes"]} == _expected(totals)
        assert drawn["shown"]["shipments"] == totals["shipments"] == 8
        assert drawn["shown"]["underControlUnits"] == totals["underControlUnits"] == 45
        assert drawn["shown"]["deliveredUnits"] == totals["deliveredUnits"] == 5
        assert s.blocked == [] and s.errors == [], (s.blocked, s.errors)


async def test_recall_picture_groups_ten_thousand_shipments(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    # 10,000 more shipments of batch A1 over 40 regions, 12 ports and 300 sellers.
    await graph.execute_query(
        """
        MATCH (b:Batch {batchId: 'A1'})
        UNWIND range(1, 10000) AS i
        MERGE (seller:Enterprise {enterpriseId: 'BULK-SE' + toString(i % 300)})
          ON CREATE SET seller.name = 'Bulk seller ' + toString(i % 300), seller.kind = 'seller'
        CREATE (s:Shipment {shipmentId: 'BULK' + toString(i), direction: 'inbound', mode: 'express',
                            status: 'released', port: 'CNP' + toString(i % 12),
                            consigneeRegion: 'CN-R' + toString(i % 40),
                            declaredOn: date('2026-03-01') + duration({days: i % 20})})
        CREATE (s)-[:SOLD_BY]->(seller), (s)-[:CARRIES {quantity: 2, unit: 'pcs'}]->(b)
        """,
        database_="neo4j",
    )
    totals = hub.gql(TOTALS, {"id": "R-PROD"}).data["recall"]["impact"]["totals"]
    assert totals["shipments"] == 10_008
    async with chromium() as browser, session(browser, hub.base_url) as s:
        drawn = await draw_recall(s, hub.base_url, REGULATOR, "R-PROD")
        await s.shot("recall-10000")
        assert drawn["fromNodes"] == {k: 10_008 for k in drawn["fromNodes"]}, drawn
        assert drawn["nodes"] < 120, drawn["nodes"]  # groups, not 10,000 dots
        assert s.blocked == [] and s.errors == [], (s.blocked, s.errors)


async def test_recall_picture_for_a_partner_shows_no_parcels(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    async with chromium() as browser, session(browser, hub.base_url) as s:
        drawn = await draw_recall(s, hub.base_url, PARTNER_SG, "R-PROD")
        await s.shot("recall-partner")
        # The partner schema has no recall impact (docs/access.md): the page says why and draws nothing.
        assert "parcel-level data" in drawn["error"], drawn
        assert await s.page.evaluate("() => window.hubCy === undefined")
        assert s.blocked == []
