"""The enterprise list reads its sort key's index in order: a page reads the rows up to its end, no Sort of all.

hub/data/enterprises.py says each sort key is not null so that the planner may
use its range index for the order (NodeIndexScan + PartialTop) instead of
scanning the label and sorting every enterprise (NodeByLabelScan + Top).
The order and the pages are the same as a full sort's: ties on the name go by id.
"""

from typing import Any

from neo4j import AsyncDriver

from hub.auth import Principal, Role
from hub.data import compiled, enterprises
from hub.data.enterprises import EnterpriseSort
from runtime.db import used_params
from tests.factories import DATABASE
from tests.http import REGULATOR, Hub

COUNT = 600
# Names repeat (every fifth enterprise shares one) so that the id decides between equal names.
MANY = """
UNWIND range(1, $count) AS i
CREATE (:Enterprise {enterpriseId: 'E' + right('0000' + toString(i), 4), name: 'Firm ' + toString(i % ($count / 5)),
                     kind: CASE WHEN i % 3 = 0 THEN 'seller' ELSE 'platform' END,
                     country: CASE WHEN i % 2 = 0 THEN 'CN' ELSE 'NZ' END})
"""
PAGE = """query($after: String, $sort: EnterpriseSort!) { enterprises(first: 25, after: $after, sort: $sort) {
  pageInfo { hasNextPage endCursor } edges { node { id name country } } } }"""
WHO = Principal(key_id="test", role=Role.REGULATOR, agency_id="AG-CN-GACC")


def operators(plan: Any) -> list[str]:
    found = [plan["operatorType"].split("@")[0]]
    for child in plan.get("children", []):
        found += operators(child)
    return found


async def test_every_sort_reads_its_index_in_order(graph: AsyncDriver) -> None:
    await graph.execute_query(MANY, {"count": COUNT}, database_=DATABASE)
    await graph.execute_query("CALL db.awaitIndexes(300)", database_=DATABASE)
    params = {
        **{k: None for k in ("kind", "country", "region", "nameContains", "filingStatus", "identifier")},
        "skip": 100, "limit": 21, **WHO.cypher_params(),
        **compiled.fetch_params(set()), **compiled.shipment_page_params(None, None),
    }  # fmt: skip
    for statements in (enterprises.LIST, compiled.ENTERPRISE_LIST):
        for sort in EnterpriseSort:
            query = statements[(sort, False)]
            async with graph.session(database=DATABASE) as session:
                result = await session.run("EXPLAIN " + query, used_params(query, params))  # type: ignore[operator]
                summary = await result.consume()
            ops = operators(summary.plan)
            assert "NodeIndexScan" in ops and "NodeByLabelScan" not in ops, (sort, ops)
            assert "Top" not in ops and "Sort" not in ops, (sort, ops)


async def test_pages_follow_the_full_order(graph: AsyncDriver, hub: Hub) -> None:
    await graph.execute_query(MANY, {"count": COUNT}, database_=DATABASE)
    records, _, _ = await graph.execute_query(
        "MATCH (e:Enterprise) RETURN e.enterpriseId AS id, e.name AS name, e.country AS country",
        database_=DATABASE,
    )
    rows = [r.data() for r in records]
    expected = {
        "NAME": [r["id"] for r in sorted(rows, key=lambda r: (r["name"], r["id"]))],
        "ID": sorted(r["id"] for r in rows),
        "COUNTRY": [r["id"] for r in sorted(rows, key=lambda r: (r["country"], r["name"], r["id"]))],
    }
    for sort, ids in expected.items():
        seen: list[str] = []
        after = None
        while True:
            page = hub.gql(PAGE, {"after": after, "sort": sort}, key=REGULATOR).data["enterprises"]
            seen += [edge["node"]["id"] for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        assert seen == ids, sort
