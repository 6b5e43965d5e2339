"""The recall-impact fast path (hub/schema/fast_impact.py) gives the general path's answers, for every role.

As tests/hub/test_fast_path.py: each operation is asked as written and with
`@include(if: true)` on its root fields (which keeps it on the general path),
for every role's key; status and body must be equal, ANSWERED proves which
path answered, and the fast path never sends more statements.
"""

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from hub.schema.fast import ANSWERED
from tests.factories import DATABASE, many_shipments, small_graph
from tests.http import ADMIN, ANALYST, PARTNER_NZ, PARTNER_SG, REGULATOR, Hub, assert_paths_agree, running_hub

KEYS = (REGULATOR, ANALYST, ADMIN, PARTNER_SG, PARTNER_NZ)

# R2 targets the product (both batches), R3 one shipment directly (its batches on it only).
MORE_RECALLS = """
MATCH (gacc:Agency {agencyId: 'AG-CN-GACC'}), (p:Product {productId: 'P-CREAM'}), (s:Shipment {shipmentId: 'S3'})
CREATE (r2:Recall {recallId: 'R2', measure: 'stop_sale', title: 'Cream withdrawn', riskLevel: 'medium',
                   issuedOn: date('2026-05-01')})
CREATE (r3:Recall {recallId: 'R3', measure: 'mandatory_recall', title: 'One parcel', riskLevel: 'low',
                   issuedOn: date('2026-05-02')})
CREATE (r2)-[:ISSUED_BY]->(gacc), (r2)-[:TARGETS]->(p), (r3)-[:ISSUED_BY]->(gacc), (r3)-[:TARGETS]->(s)
"""

NODE = """id waybill direction mode status stage port originCountry consigneeRegion consigneeRef
  declaredOn releasedOn deliveredOn units __typename
  seller { id name kind country region uscc eori gln filingStatus } platform { id name } importer { name }
  logistics { id } warehouse { id kind }
  declaration { id number declaredOn status shipmentCount __typename }
  carried { quantity unit }
  recalledBatches { quantity unit batch { id lotCode producedOn expiresOn quantity unit }
    product { id name gtin hsCode category brand originCountry } }"""
TOTALS = """totals(groupLimit: 3) { batches shipments units declarations underControlShipments
  underControlUnits inTransitShipments inTransitUnits deliveredShipments deliveredUnits returnedShipments
  returnedUnits destroyedShipments destroyedUnits __typename
  byRegion { key name shipments units } byPort { key shipments } bySeller { key name shipments units }
  byPlatform { key name } byImporter { name units } byWarehouse { key } }"""

# (operation, variables, answered by the fast path for domestic roles)
OPERATIONS: list[tuple[str, dict[str, Any], bool]] = [
    (
        "query($id: ID!) { recall(id: $id) { id measure title hazard riskLevel reason status issuedOn"
        " impact { asOf declaredFrom declaredTo shipments(first: 100) { totalCount"
        " pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { "
        + NODE
        + " } } } "
        + TOTALS
        + " } } }",
        {"id": "R1"},
        True,
    ),
    (
        """query($id: ID!, $f: ImpactShipmentFilter, $after: String) { recall(id: $id) { __typename ...R
          later: impact(asOf: "2026-03-02", declaredFrom: "2026-01-05") {
            shipments(first: 3, after: $after, sort: QUANTITY_DESC, filter: $f) {
              totalCount edges { node { id units } } }
            totals { shipments units } t2: totals(groupLimit: 1) { bySeller { key } } } } }
        fragment R on Recall { id ... on Recall { title } impact { shipments(first: 2) { edges { node { id } } } } }""",
        {
            "id": "R2",
            "f": {"status": ["RELEASED", "DELIVERED"], "sellerId": "E-SELL"},
            "after": "Y3Vyc29yOnYxOjA=",
        },
        True,
    ),
    (
        "query($id: ID!) { recall(id: $id) { impact { shipments(first: 5) { edges { node"
        " { id units recalledBatches { quantity batch { id } } } } } totals { shipments units } } } }",
        {"id": "R3"},
        True,
    ),
    ('{ a: recall(id: "R1") { id } b: recall(id: "nope") { id } c: recall(id: "R2") { title } }', {}, True),
    # left to the general path: fields the rows do not hold, bad arguments
    ('{ recall(id: "R1") { impact { batches { batch { id } } } } }', {}, False),
    ('{ recall(id: "R1") { issuer { id } } }', {}, False),
    (
        '{ recall(id: "R1") { impact { shipments(first: 5) { edges { node { declaration { agency { id } } } } } } } }',
        {},
        False,
    ),
    (
        '{ recall(id: "R1") { impact { shipments(first: 5) { edges { node { recalledBatches'
        " { batch { product { id } } } } } } } } }",
        {},
        False,
    ),
    ('{ recall(id: "R1") { impact { shipments(first: 0) { totalCount } } } }', {}, False),
    ('{ recall(id: "R1") { impact { shipments(first: 5, after: "bogus") { totalCount } } } }', {}, False),
    ('{ recall(id: "R1") { impact { totals(groupLimit: 0) { shipments } } } }', {}, False),
    (
        '{ recall(id: "R1") { impact(declaredFrom: "2026-05-01", declaredTo: "2026-01-01") { asOf } } }',
        {},
        False,
    ),
    (
        '{ recall(id: "R1") { impact { shipments(first: 5, filter: {declaredFrom: "2026-05-01",'
        ' declaredTo: "2026-01-01"}) { totalCount } } } }',
        {},
        False,
    ),
    ('{ recall(id: "R1") { id } recalls(first: 1) { totalCount } }', {}, False),
]


@pytest.fixture(scope="module")
def patient_hub(neo4j_uri: str, driver: AsyncDriver) -> Iterator[Hub]:
    """A hub with a long deadline: the totals statement's first (cold) plan can pass 30 s on a loaded machine."""
    with running_hub(neo4j_uri, HUB_REQUEST_TIMEOUT_S="600", HUB_QUERY_TIMEOUT_S="600") as running:
        running.client.timeout = httpx.Timeout(600.0)
        yield running


def general(query: str) -> str:
    """The same operation with `@include(if: true)` on each `recall` root field."""
    out, rest = "", query
    while "recall(id: " in rest:
        head, _, tail = rest.partition("recall(id: ")
        close = tail.index(")") + 1
        out += head + "recall(id: " + tail[:close] + " @include(if: true)"
        rest = tail[close:]
    return out + rest


@pytest.mark.parametrize("index", range(len(OPERATIONS)))
async def test_fast_and_general_impact_answer_alike_for_every_role(
    graph: AsyncDriver, patient_hub: Hub, index: int
) -> None:
    await small_graph(graph)
    await many_shipments(graph, 8)
    await graph.execute_query(MORE_RECALLS, database_=DATABASE)
    query, variables, fast = OPERATIONS[index]
    slow_query = general(query)
    assert slow_query != query
    for key in KEYS:
        # The general path first: it plans the statements cold (slow on a loaded machine).
        domestic = key in (REGULATOR, ANALYST, ADMIN)
        partner_can_ask = "impact" not in query  # the partners' schema has no impact
        assert_paths_agree(
            patient_hub, query, slow_query, variables, key, ANSWERED, fast and (domestic or partner_can_ask)
        )


async def test_a_full_page_with_totals_takes_two_statements(graph: AsyncDriver, patient_hub: Hub) -> None:
    await small_graph(graph)
    await many_shipments(graph, 40)
    await graph.execute_query(MORE_RECALLS, database_=DATABASE)
    query, _, _ = OPERATIONS[0]
    before = ANSWERED[0]
    reply = patient_hub.gql(query, {"id": "R2"})
    assert ANSWERED[0] == before + 1
    assert len(reply.body["data"]["recall"]["impact"]["shipments"]["edges"]) == 43
    assert reply.statements == 2  # the page (which also returns the recall), the totals: not one per row
