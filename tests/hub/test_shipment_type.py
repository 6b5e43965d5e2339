"""One `Shipment` type: rows of a forward trace carry what was selected; elsewhere loaders fetch it."""

from neo4j import AsyncDriver

from tests.factories_trace import trace_graph
from tests.http import Hub

PARTS = """fragment Parts on Shipment {
  id stage units seller { id } warehouse { id } declaration { number } carried { quantity batch { id } }
  recalledBatches { quantity batch { id } }
}"""
IMPACT = (
    '{ recall(id: "R-PROD") { impact { shipments(first: 1, sort: ID) { edges { node { ...Parts } } } } } }'
    + PARTS
)
PLAIN = '{ shipment(id: "S01") { ...Parts } }' + PARTS


async def test_same_shipment_through_a_trace_and_by_id(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    traced = hub.gql(IMPACT)
    node = traced.data["recall"]["impact"]["shipments"]["edges"][0]["node"]
    plain = hub.gql(PLAIN)
    by_id = plain.data["shipment"]
    common = {"id": "S01", "stage": "UNDER_CONTROL", "seller": {"id": "SE1"}, "warehouse": {"id": "WH1"},
              "declaration": {"number": by_id["declaration"]["number"]},
              "carried": [{"quantity": 10, "batch": {"id": "A1"}}]}  # fmt: skip
    assert node == {**common, "units": 10, "recalledBatches": [{"quantity": 10, "batch": {"id": "A1"}}]}
    assert by_id == {**common, "units": None, "recalledBatches": None}
    # the trace row brought its parties and declaration (selected through a fragment): no
    # loader ran for them; `carried { batch }` is one batched loader statement
    assert traced.statements == 3  # the recall, the page, the carried batches
    # the shipment with its seller, warehouse, declaration and batches: one compiled statement
    assert plain.statements == 1
