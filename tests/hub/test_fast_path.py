"""The fast path (hub/schema/fast.py) gives the general path's answers, errors and visibility, for every role.

Each operation is asked twice: as written (the fast path answers it when it
can) and with `@include(if: true)` on its root fields, a directive the fast
path leaves to the general path (graphql-core executing the resolvers). The
bodies must be equal, for every role's key; ANSWERED proves which path ran.
"""

from typing import Any

import pytest
from neo4j import AsyncDriver

from hub.schema.fast import ANSWERED
from tests.factories import DATABASE, many_shipments, small_graph
from tests.http import ADMIN, ANALYST, PARTNER_NZ, PARTNER_SG, REGULATOR, Hub, assert_paths_agree

KEYS = (REGULATOR, ANALYST, ADMIN, PARTNER_SG, PARTNER_NZ)

ENTERPRISE = "id name kind country region uscc eori gln filingStatus __typename"
SHIPMENT = """id waybill direction mode status stage port originCountry consigneeRegion consigneeRef
  declaredOn releasedOn deliveredOn units recalledBatches { quantity }
  seller { id name filingStatus } platform { id } importer { name } logistics { id } warehouse { id kind }
  declaration { id number declaredOn status shipmentCount __typename }
  carried { quantity unit batch { id lotCode producedOn expiresOn quantity unit
    product { id name gtin hsCode category brand originCountry } } }"""

# (operation, variables, answered by the fast path for domestic roles)
OPERATIONS: list[tuple[str, dict[str, Any], bool]] = [
    ("{ enterprises(first: 20) { edges { node { " + ENTERPRISE + " } } } }", {}, True),
    (
        """query($f: EnterpriseFilterInput, $n: Int!, $after: String) {
          e: enterprises(first: $n, after: $after, filter: $f, sort: COUNTRY) {
            totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename }
            edges { cursor node { ...E } } __typename } }
        fragment E on Enterprise { id name ... on Enterprise { kind } filingStatus }""",
        {"f": {"kind": "SELLER", "filingStatus": "FILED"}, "n": 2, "after": None},
        True,
    ),
    (
        "query($f: EnterpriseFilterInput) { enterprises(first: 3, filter: $f) { totalCount edges { node { id } } } }",
        {"f": {"nameContains": "NING", "country": "CN"}},
        True,
    ),
    ("query($id: ID!) { shipment(id: $id) { " + SHIPMENT + " } }", {"id": "S2"}, True),
    (
        'query($id: ID!) { a: shipment(id: $id) { id } b: shipment(id: "S1") { id status } }',
        {"id": "nope"},
        True,
    ),
    (
        """query($n: Int!) { enterprises(first: 10) { edges { node { id
          shipments(role: SELLER, first: $n) { totalCount pageInfo { hasNextPage endCursor }
            edges { cursor node { id declaredOn status seller { id } carried { quantity batch { id lotCode } } } } }
          again: shipments(role: SELLER, first: $n) { edges { node { id } } } } } } }""",
        {"n": 3},
        True,
    ),
    ("query($n: Int = 2) { enterprises(first: $n) { edges { node { id } } } }", {}, True),
    # slim rows (hub/data/compiled_slim.py): one property list per family, shared by every root field
    (
        """{ enterprises(first: 4, sort: NAME) { edges { node { a: id b: id name filingStatus
            shipments(role: SELLER, first: 2) { edges { node { ...S } } } } } }
          s: shipment(id: "S1") { waybill declaredOn seller { country kind } carried { batch { expiresOn } }
            declaration { number } } }
        fragment S on Shipment { stage id seller { id filingStatus } carried { unit batch { id product { name } } } }""",
        {},
        True,
    ),
    ('{ s: shipment(id: "S1") { __typename } }', {}, True),
    # left to the general path: fields it renders no answer for, different nested pages, bad arguments
    ("query($n: Int!) { enterprises(first: $n) { totalCount } }", {"n": "5"}, False),
    (
        "query($f: EnterpriseFilterInput) { enterprises(first: 3, filter: $f) { totalCount } }",
        {"f": {"kind": "seller"}},
        False,
    ),
    ("{ enterprises(first: 5) { edges { node { id products(first: 2) { totalCount } } } } }", {}, False),
    (
        "query($id: ID!) { shipment(id: $id) { id declaration { number agency { id } } } }",
        {"id": "S2"},
        False,
    ),
    (
        """{ enterprises(first: 5) { edges { node { id a: shipments(role: SELLER, first: 1) { totalCount }
           b: shipments(role: SELLER, first: 2) { totalCount } } } } }""",
        {},
        False,
    ),
    ("{ enterprises(first: 0) { totalCount } }", {}, False),
    ('{ enterprises(first: 5, after: "bogus") { totalCount } }', {}, False),
    (
        "{ enterprises(first: 5) { edges { node { shipments(role: SELLER, first: 500) { totalCount } } } } }",
        {},
        False,
    ),
    ("{ enterprises(first: 5) { totalCount } agencies(first: 1) { totalCount } }", {}, False),
]


def general(query: str) -> str:
    """The same operation with `@include(if: true)` on each root field: the general path answers it."""
    for root in ("enterprises(", "shipment(id: $id)", 'shipment(id: "S1")'):
        head, sep, tail = query.partition(root)
        if sep:
            close = tail.index(")") + 1 if root.endswith("(") else 0
            query = head + root + tail[:close] + " @include(if: true)" + tail[close:]
    return query


@pytest.mark.parametrize("index", range(len(OPERATIONS)))
async def test_fast_and_general_paths_answer_alike_for_every_role(
    graph: AsyncDriver, hub: Hub, index: int
) -> None:
    await small_graph(graph)
    await many_shipments(graph, 8)
    query, variables, fast = OPERATIONS[index]
    slow_query = general(query)
    assert slow_query != query
    for key in KEYS:
        domestic = key in (REGULATOR, ANALYST, ADMIN)
        partner_can_ask = "shipment" not in query
        assert_paths_agree(
            hub, query, slow_query, variables, key, ANSWERED, fast and (domestic or partner_can_ask)
        )


async def test_a_null_in_a_non_null_field_is_left_to_the_general_path(graph: AsyncDriver, hub: Hub) -> None:
    await small_graph(graph)
    await graph.execute_query("MATCH (b:Batch {batchId: 'B2'}) REMOVE b.lotCode", database_=DATABASE)
    query = "query($id: ID!) { shipment(id: $id) { id carried { quantity batch { id lotCode } } } }"
    before = ANSWERED[0]
    quick = hub.gql(query, {"id": "S2"})
    assert ANSWERED[0] == before
    slow = hub.gql(general(query), {"id": "S2"})
    assert quick.without_locations() == slow.without_locations()
    assert quick.body["errors"][0]["extensions"]["code"] == "INTERNAL"
