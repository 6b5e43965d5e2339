"""Compiled reads (hub/data/compiled.py): one statement per root field, the same answers as the loaders.

The loader path is still reachable: `enterprise(id)` resolves its `shipments`
through the per-level loaders, and `shipments(...)` lists resolve parties and
batches through them; each test asks the same objects both ways and compares.
"""

from typing import Any

from neo4j import AsyncDriver

from tests.factories import DATABASE, many_shipments, small_graph
from tests.http import ANALYST, PARTNER_SG, Hub

SHIPMENT_FIELDS = """id waybill status stage declaredOn releasedOn
  seller { id name filingStatus } platform { id name } importer { id } logistics { id } warehouse { id name }
  carried { quantity unit batch { id lotCode producedOn product { id name hsCode } } }"""

ONE = "query($id: ID!) { shipment(id: $id) { " + SHIPMENT_FIELDS + " } }"
LISTED = "{ shipments(first: 100) { edges { node { " + SHIPMENT_FIELDS + " } } } }"

NESTED = """query($first: Int!, $inner: Int!, $after: String) {
  enterprises(first: $first, filter: {kind: SELLER}) { edges { node { id name
    shipments(role: SELLER, first: $inner, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id declaredOn status platform { id } carried { quantity batch { id lotCode } } } } } } } } }"""
BY_LOADER = """query($inner: Int!, $after: String) { enterprise(id: "E-SELL") { id name
    shipments(role: SELLER, first: $inner, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id declaredOn status platform { id } carried { quantity batch { id lotCode } } } } } } }"""


def by_id(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {row["node"]["id"]: row["node"] for row in rows}


async def test_shipment_by_id_is_one_statement_with_the_answers_of_the_loaders(
    graph: AsyncDriver, hub: Hub
) -> None:
    await small_graph(graph)
    await many_shipments(graph, 30)
    listed = by_id(hub.gql(LISTED).data["shipments"]["edges"])
    for shipment_id in ("S1", "S2", "S3", "SX00007"):
        reply = hub.gql(ONE, {"id": shipment_id})
        # The shipment, parties, batches and products: one statement.
        assert reply.statements == 1
        assert reply.data["shipment"] == listed[shipment_id]
    slim = hub.gql("query($id: ID!) { shipment(id: $id) { id carried { quantity } } }", {"id": "S2"})
    assert slim.statements == 1
    assert sorted(c["quantity"] for c in slim.data["shipment"]["carried"]) == [5, 7]
    assert hub.gql(ONE, {"id": "nope"}).data == {"shipment": None}


async def test_what_a_shipment_carries_is_visible_as_through_the_loaders(
    graph: AsyncDriver, hub: Hub
) -> None:
    # Parties, batches and products under a shipment follow the loaders' rules: a caller who
    # sees parcels is domestic and sees them all (hub/data/compiled.py, PARCEL_CALLER).
    await small_graph(graph)
    compiled = hub.gql(ONE, {"id": "S2"}, key=ANALYST)
    listed = by_id(hub.gql(LISTED, key=ANALYST).data["shipments"]["edges"])
    assert compiled.data["shipment"] == listed["S2"]
    assert compiled.statements == 1
    # parcel-level data does not exist for partners
    refused = hub.gql(ONE, {"id": "S2"}, key=PARTNER_SG)
    assert refused.error_messages == ["Cannot query field 'shipment' on type 'Query'."]


async def test_enterprises_shipments_batches_is_one_statement_whatever_the_rows(
    graph: AsyncDriver, hub: Hub
) -> None:
    await small_graph(graph)
    await many_shipments(graph, 60)
    for inner in (1, 10, 50):
        reply = hub.gql(NESTED, {"first": 20, "inner": inner})
        assert reply.statements == 1
        [seller] = reply.data["enterprises"]["edges"]
        loaded = hub.gql(BY_LOADER, {"inner": inner})
        assert loaded.statements == 4  # enterprise; its shipments; their platforms; their batches
        assert seller["node"] == loaded.data["enterprise"]
        assert len(seller["node"]["shipments"]["edges"]) == inner
        assert seller["node"]["shipments"]["totalCount"] == 63
    # the second page, through the cursor of the first
    first = hub.gql(NESTED, {"first": 20, "inner": 10}).data["enterprises"]["edges"][0]["node"]
    after = first["shipments"]["pageInfo"]["endCursor"]
    second = hub.gql(NESTED, {"first": 20, "inner": 10, "after": after})
    assert second.statements == 1
    loaded = hub.gql(BY_LOADER, {"inner": 10, "after": after}).data["enterprise"]
    assert second.data["enterprises"]["edges"][0]["node"] == loaded


async def test_literal_arguments_compile_like_variables(graph: AsyncDriver, hub: Hub) -> None:
    await small_graph(graph)
    literal = NESTED.replace("query($first: Int!, $inner: Int!, $after: String)", "")
    literal = literal.replace("$first", "20").replace("$inner", "2").replace(", after: $after", "")
    reply = hub.gql(literal)
    assert reply.statements == 1
    assert reply.data == hub.gql(NESTED, {"first": 20, "inner": 2}).data


async def test_aliases_asking_for_different_pages_fall_back_to_the_loaders(
    graph: AsyncDriver, hub: Hub
) -> None:
    await small_graph(graph)
    await many_shipments(graph, 5)
    reply = hub.gql("""{ enterprises(first: 10, filter: {kind: SELLER}) { edges { node {
        sold: shipments(role: SELLER, first: 2) { edges { node { id } } }
        platform: shipments(role: PLATFORM, first: 2) { edges { node { id } } } } } } }""")
    [node] = [e["node"] for e in reply.data["enterprises"]["edges"]]
    assert [e["node"]["id"] for e in node["sold"]["edges"]] == ["S3", "S2"]  # newest first
    assert node["platform"]["edges"] == []  # E-SELL is no platform
    assert reply.statements == 3  # the list; one loader statement per role
    # a bad nested argument is reported at the nested field, as without compilation
    bad = hub.gql(
        "{ enterprises(first: 5) { edges { node { shipments(role: SELLER, first: 0) { totalCount } } } } }"
    )
    assert bad.error_messages and bad.error_messages[0] == "argument first: must be between 1 and 100, got 0"
    assert bad.body["errors"][0]["path"][-1] == "shipments"


async def test_an_invisible_party_is_null_in_a_compiled_shipment(graph: AsyncDriver, hub: Hub) -> None:
    # Domestic callers see every enterprise; the compiled row still applies the enterprise
    # predicate, so a party whose node lacks the Enterprise label is not projected.
    await small_graph(graph)
    await graph.execute_query(
        "MATCH (e:Enterprise {enterpriseId: 'E-WH'}) REMOVE e:Enterprise", database_=DATABASE
    )
    data = hub.gql(ONE, {"id": "S1"}).data["shipment"]
    assert data["warehouse"] is None and data["seller"]["id"] == "E-SELL"
    listed = by_id(hub.gql(LISTED).data["shipments"]["edges"])
    assert listed["S1"] == data
