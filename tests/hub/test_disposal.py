"""Risk alerts, completion evidence of disposal orders, recall impact, and statement counts."""

from typing import Any

from neo4j import AsyncDriver

from tests.factories_supervision import count, supervision_graph
from tests.http import ANALYST, Hub
from tests.hub.test_filings import change

EVIDENCE = """
mutation($input: DisposalEvidenceInput!) {
  recordDisposalEvidence(input: $input) {
    __typename
    ... on DisposalEvidenceSuccess { created evidence { id orderId recordedOn shipments { shipmentId returnedUnits destroyedUnits } } }
    ... on InvalidInput { field message }
    ... on Forbidden { message }
    ... on NotFound { field message }
    ... on Conflict { field message currentStatus }
  }
}"""
TOTALS = """{ recall(id: "R1") { impact { totals { shipments units underControlUnits inTransitUnits deliveredUnits
              returnedUnits destroyedUnits destroyedShipments } } } }"""
ALERT = """
mutation($input: RaiseRiskAlertInput!) {
  raiseRiskAlert(input: $input) {
    __typename
    ... on RaiseRiskAlertSuccess { created alert { id title status riskLevel targetKind targetId inspectionIds
                                   complaints overseasNotices issuerId timeline { fromStatus toStatus } } }
    ... on InvalidInput { field message }
    ... on Forbidden { message }
  }
}"""


def _evidence(**changes: Any) -> dict[str, Any]:
    base = {
        "clientRequestId": "ev-1",
        "orderId": "R1",
        "recordedOn": "2026-04-10",
        "shipments": [
            {"shipmentId": "S1", "returnedUnits": 2, "destroyedUnits": 4},
            {"shipmentId": "S2", "returnedUnits": 5},
        ],
    }
    return {**base, **changes}


async def test_evidence_moves_units_out_of_control_and_delivered(graph: AsyncDriver, hub: Hub) -> None:
    await supervision_graph(graph)
    # R1 covers B1: S1 (released, bonded, in a warehouse: under control) 10 units, S2 (delivered) 5 units
    before = hub.gql(TOTALS).data["recall"]["impact"]["totals"]
    assert before == {"shipments": 2, "units": 15, "underControlUnits": 10, "inTransitUnits": 0,
                      "deliveredUnits": 5, "returnedUnits": 0, "destroyedUnits": 0, "destroyedShipments": 0}  # fmt: skip
    made = hub.gql(EVIDENCE, {"input": _evidence()}).data["recordDisposalEvidence"]
    assert made["created"] is True and made["evidence"]["shipments"] == [
        {"shipmentId": "S1", "returnedUnits": 2, "destroyedUnits": 4},
        {"shipmentId": "S2", "returnedUnits": 5, "destroyedUnits": 0},
    ]
    retry = hub.gql(EVIDENCE, {"input": _evidence()}).data["recordDisposalEvidence"]
    assert retry == {**made, "created": False}
    after = hub.gql(TOTALS).data["recall"]["impact"]["totals"]
    assert after == {"shipments": 2, "units": 15, "underControlUnits": 4, "inTransitUnits": 0,
                     "deliveredUnits": 0, "returnedUnits": 7, "destroyedUnits": 4, "destroyedShipments": 0}  # fmt: skip
    # no more than the order's units of a shipment can be disposed of
    over = hub.gql(EVIDENCE, {"input": _evidence(clientRequestId="ev-2", shipments=[
        {"shipmentId": "S1", "destroyedUnits": 5}])}).data["recordDisposalEvidence"]  # fmt: skip
    assert over == {"__typename": "InvalidInput", "field": "input.shipments[0]",
                    "message": "only 4 of 10 units of the order's batches are left to dispose"}  # fmt: skip
    other = hub.gql(EVIDENCE, {"input": _evidence(clientRequestId="ev-3", shipments=[
        {"shipmentId": "S3", "destroyedUnits": 1}])}).data["recordDisposalEvidence"]  # fmt: skip
    assert other == {"__typename": "InvalidInput", "field": "input.shipments[0].shipmentId",
                     "message": "the shipment carried none of the order's batches"}  # fmt: skip
    # the rest of S1 is destroyed with the shipment itself: all 10 units count as destroyed
    assert (
        change(hub, "s1-held", "SHIPMENT", "S1", "released", "held", "2026-04-11")["__typename"]
        == "StatusChanged"
    )
    assert (
        change(hub, "s1-gone", "SHIPMENT", "S1", "held", "destroyed", "2026-04-12")["__typename"]
        == "StatusChanged"
    )
    final = hub.gql(TOTALS).data["recall"]["impact"]["totals"]
    assert final == {"shipments": 2, "units": 15, "underControlUnits": 0, "inTransitUnits": 0,
                     "deliveredUnits": 0, "returnedUnits": 5, "destroyedUnits": 10, "destroyedShipments": 1}  # fmt: skip
    # a closed order takes no more evidence
    assert (
        change(hub, "r1-closed", "ORDER", "R1", "open", "closed", "2026-04-13")["__typename"]
        == "StatusChanged"
    )
    closed = hub.gql(EVIDENCE, {"input": _evidence(clientRequestId="ev-4")}).data["recordDisposalEvidence"]
    assert closed == {"__typename": "Conflict", "field": "input.orderId",
                      "message": "order 'R1' is 'closed'; evidence needs open or in_progress",
                      "currentStatus": "closed"}  # fmt: skip
    denied = hub.gql(EVIDENCE, {"input": _evidence(clientRequestId="ev-5")}, key=ANALYST).data
    assert denied["recordDisposalEvidence"]["__typename"] == "Forbidden"
    assert await count(graph, "MATCH (e:DisposalEvidence) RETURN count(e)") == 1


async def test_raise_alert_and_its_lifecycle(graph: AsyncDriver, hub: Hub) -> None:
    await supervision_graph(graph)
    given = {
        "clientRequestId": "al-1",
        "target": {"shipmentId": "S3"},
        "title": "Counterfeit cream in parcel S3",
        "hazard": "counterfeit",
        "riskLevel": "MEDIUM",
        "issuedOn": "2026-03-20",
        "evidence": {"complaints": ["CMP-7"], "overseasNotices": ["RAPEX A12/0001/26"]},
    }
    made = hub.gql(ALERT, {"input": given}).data["raiseRiskAlert"]
    alert = made["alert"]
    assert {k: alert[k] for k in ("status", "targetKind", "targetId", "complaints", "overseasNotices", "issuerId")} == {
        "status": "open", "targetKind": "shipment", "targetId": "S3", "complaints": ["CMP-7"],
        "overseasNotices": ["RAPEX A12/0001/26"], "issuerId": "AG-CN-GACC",
    }  # fmt: skip
    assert hub.gql(ALERT, {"input": given}).data["raiseRiskAlert"] == {**made, "created": False}
    aid = alert["id"]
    assert (
        change(hub, "al-2", "ALERT", aid, "open", "in_progress", "2026-03-25")["__typename"]
        == "StatusChanged"
    )
    assert (
        change(hub, "al-3", "ALERT", aid, "in_progress", "closed", "2026-04-30")["__typename"]
        == "StatusChanged"
    )
    asof = "query($id: ID!, $d: Date!) { alertStatus(id: $id, asOf: $d) { status } }"
    for day, status in (("2026-03-19", None), ("2026-03-20", "open"), ("2026-03-24", "open"),
                        ("2026-03-25", "in_progress"), ("2026-04-29", "in_progress"), ("2026-04-30", "closed")):  # fmt: skip
        assert hub.gql(asof, {"id": aid, "d": day}).data["alertStatus"] == {"status": status}, day
    bad = hub.gql(
        ALERT, {"input": {**given, "clientRequestId": "al-9", "evidence": {"inspectionIds": ["I-NOPE"]}}}
    )
    assert bad.data["raiseRiskAlert"] == {"__typename": "InvalidInput", "field": "input.evidence.inspectionIds[0]",
                                          "message": "no inspection 'I-NOPE'"}  # fmt: skip


async def test_timelines_and_filings_take_a_fixed_number_of_statements(graph: AsyncDriver, hub: Hub) -> None:
    await supervision_graph(graph)
    query = """{ enterprises(first: 20) { edges { node { id filings(first: 5) { edges { node { id
                 timeline { toStatus } } } } } } }
                 recalls(first: 20) { edges { node { id timeline { toStatus } } } } }"""
    small = hub.gql(query)
    for i in range(6):
        await graph.execute_query(
            "MATCH (e:Enterprise {enterpriseId: 'E-SELL'}), (a:Agency {agencyId: 'AG-CN-GACC'})"
            " CREATE (f:Filing {filingId: $id, kind: 'enterprise', status: 'filed', filedOn: date('2026-01-01')})"
            " CREATE (f)-[:FILED_BY]->(e), (f)-[:LODGED_WITH]->(a)"
            " CREATE (c:StatusChange {changeId: 'SC-' + $id, recordKind: 'filing', recordId: $id, to: 'filed',"
            " on: date('2026-01-01'), seq: 1})-[:CHANGES]->(f)"
            " CREATE (r:Recall {recallId: 'R-' + $id, measure: 'stop_sale', title: 't', riskLevel: 'low',"
            " status: 'open', issuedOn: date('2026-02-01')})-[:ISSUED_BY]->(a)",
            id=f"F{i}", database_="neo4j",
        )  # fmt: skip
    large = hub.gql(query)
    by_firm = {e["node"]["id"]: e["node"]["filings"]["edges"] for e in large.data["enterprises"]["edges"]}
    assert len(by_firm["E-SELL"]) == 5  # first: 5 of its 6
    assert all(f["node"]["timeline"] == [{"toStatus": "filed"}] for f in by_firm["E-SELL"])
    assert by_firm["E-LAB"] == [{"node": {"id": "F-LAB", "timeline": []}}]  # loaded without changes
    assert small.statements == large.statements == 5
