"""Disposal orders against shipments (issue 10): targets.shipmentIds, impact counted once, evidence."""

from typing import Any

from neo4j import AsyncDriver

from tests.factories_trace import trace_graph
from tests.http import Hub
from tests.hub.test_disposal import EVIDENCE
from tests.hub.test_issue_recall import _count_recalls, _input

ISSUE = """
mutation($input: IssueRecallInput!) {
  issueRecall(input: $input) {
    __typename
    ... on IssueRecallSuccess { created recall { id targetBatches { id } targetShipments { id }
      impact { totals { shipments units destroyedUnits underControlUnits }
               shipments(first: 10, sort: ID) { edges { node { id units
                 recalledBatches { batch { id } quantity } } } } } } }
    ... on InvalidInput { field message }
    ... on Forbidden { message }
  }
}"""


def _issue(hub: Hub, **targets: Any) -> dict[str, Any]:
    request = f"ship-{sorted(targets.items())}"
    result: dict[str, Any] = hub.gql(ISSUE, {"input": _input(clientRequestId=request, targets=targets)}).data[
        "issueRecall"
    ]
    return result


def _rows(recall: dict[str, Any]) -> dict[str, Any]:
    return {
        e["node"]["id"]: (
            e["node"]["units"],
            sorted((b["batch"]["id"], b["quantity"]) for b in e["node"]["recalledBatches"]),
        )
        for e in recall["impact"]["shipments"]["edges"]
    }


async def test_order_on_one_shipment(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    made = _issue(hub, shipmentIds=["S02"])
    assert made["__typename"] == "IssueRecallSuccess" and made["created"] is True
    recall = made["recall"]
    assert recall["targetShipments"] == [{"id": "S02"}] and recall["targetBatches"] == []
    # S02 carries A1 x4 and A2 x6: both count, on S02 only (S01, S03... carry A1/A2 but are not targeted)
    assert recall["impact"]["totals"] == {
        "shipments": 1, "units": 10, "destroyedUnits": 0, "underControlUnits": 10
    }  # fmt: skip
    assert _rows(recall) == {"S02": (10, [("A1", 4), ("A2", 6)])}
    # a retry returns the same order; TARGETS to the shipment written once
    again = _issue(hub, shipmentIds=["S02"])
    assert again["created"] is False and again["recall"]["id"] == recall["id"]
    records, _, _ = await graph.execute_query(
        "MATCH (r:Recall {recallId: $id})-[t:TARGETS]->(:Shipment) RETURN count(t) AS n",
        id=recall["id"],
        database_="neo4j",
    )
    assert records[0]["n"] == 1
    # completion evidence against the shipment-targeted order: 4 of S02's 10 units destroyed
    evidence = hub.gql(EVIDENCE, {"input": {"clientRequestId": "ev-s02", "orderId": recall["id"],
        "recordedOn": "2026-05-02", "shipments": [{"shipmentId": "S02", "destroyedUnits": 4}]}})  # fmt: skip
    assert evidence.data["recordDisposalEvidence"]["__typename"] == "DisposalEvidenceSuccess"
    over = hub.gql(EVIDENCE, {"input": {"clientRequestId": "ev-s02b", "orderId": recall["id"],
        "recordedOn": "2026-05-02", "shipments": [{"shipmentId": "S02", "destroyedUnits": 7}]}})  # fmt: skip
    assert over.data["recordDisposalEvidence"] == {
        "__typename": "InvalidInput", "field": "input.shipments[0]",
        "message": "only 6 of 10 units of the order's batches are left to dispose",
    }  # fmt: skip
    not_targeted = hub.gql(EVIDENCE, {"input": {"clientRequestId": "ev-s01", "orderId": recall["id"],
        "recordedOn": "2026-05-02", "shipments": [{"shipmentId": "S01", "destroyedUnits": 1}]}})  # fmt: skip
    assert not_targeted.data["recordDisposalEvidence"]["field"] == "input.shipments[0].shipmentId"
    after = _issue(hub, shipmentIds=["S02"])["recall"]["impact"]["totals"]
    assert after == {"shipments": 1, "units": 10, "destroyedUnits": 4, "underControlUnits": 6}


async def test_batch_and_one_of_its_shipments_counted_once(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    recall = _issue(hub, batchIds=["B1"], shipmentIds=["S05"])["recall"]
    # B1 reaches S05 (B1 x2) and S08 (B1 x50); S05 targeted directly adds its A2 x5:
    # S05 counts once with 7 units, S08 with 50 -> 2 shipments, 57 units
    assert recall["impact"]["totals"]["shipments"] == 2 and recall["impact"]["totals"]["units"] == 57
    assert _rows(recall) == {"S05": (7, [("A2", 5), ("B1", 2)]), "S08": (50, [("B1", 50)])}
    assert recall["targetBatches"] == [{"id": "B1"}] and recall["targetShipments"] == [{"id": "S05"}]
    # the read side from the shipment: S05's orders list this one; S08 (reached via B1 only) none
    read = hub.gql(
        """{ s5: shipment(id: "S05") { orders { totalCount edges { node { id } } } }
             s8: shipment(id: "S08") { orders { totalCount } } }"""
    ).data
    assert read["s5"]["orders"] == {"totalCount": 1, "edges": [{"node": {"id": recall["id"]}}]}
    assert read["s8"]["orders"] == {"totalCount": 0}


async def test_unknown_shipment_is_named_and_nothing_written(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    before = await _count_recalls(graph)
    bad = _issue(hub, shipmentIds=["S01", "NOPE", "GONE"])
    assert bad == {
        "__typename": "InvalidInput", "field": "targets.shipmentIds[1]",
        "message": "no shipment 'NOPE' (2 unknown in all)",
    }  # fmt: skip
    repeated = _issue(hub, shipmentIds=["S01", "S01"])
    assert repeated == {
        "__typename": "InvalidInput", "field": "targets.shipmentIds[1]", "message": "repeats targets.shipmentIds[0]"
    }  # fmt: skip
    empty = _issue(hub, shipmentIds=[])
    assert empty == {
        "__typename": "InvalidInput", "field": "targets.shipmentIds", "message": "must list at least one shipment"
    }  # fmt: skip
    assert await _count_recalls(graph) == before


async def test_orders_of_shipments_take_a_fixed_number_of_statements(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    _issue(hub, shipmentIds=["S02", "S03"])
    _issue(hub, batchIds=["B1"], shipmentIds=["S05"])
    query = """{ shipments(first: %d, sort: ID) { edges { node { id orders { totalCount
                 edges { node { id targetShipments { id } } } } } } } }"""
    small = hub.gql(query % 2)
    large = hub.gql(query % 10)
    orders = {e["node"]["id"]: e["node"]["orders"]["totalCount"] for e in large.data["shipments"]["edges"]}
    assert orders == {"S01": 0, "S02": 1, "S03": 1, "S04": 0, "S05": 1, "S06": 0, "S07": 0, "S08": 0,
                      "S09": 0, "S10": 0}  # fmt: skip
    # shipments page + orders of all shipments (one batched statement) + their target shipments
    assert small.statements == large.statements
