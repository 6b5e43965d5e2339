"""recordInspection, third-party results accepted or rejected, and alerts raised by a failure."""

from typing import Any

from neo4j import AsyncDriver

from hub.data.party_risk import RISKS
from runtime.db import Cypher
from tests.factories_supervision import count, supervision_graph
from tests.http import ANALYST, PARTNER_SG, Hub

RECORD = """
mutation($input: RecordInspectionInput!) {
  recordInspection(input: $input) {
    __typename
    ... on RecordInspectionSuccess { created alertId inspection { id kind result review accepted inspectedOn
                                     findings samples labReportRef targetId performer { id kind } } }
    ... on InvalidInput { field message }
    ... on Forbidden { message }
  }
}"""
REVIEW = """
mutation($input: ReviewInput!) {
  accept: acceptThirdPartyResult(input: $input) { ...R }
}
fragment R on ChangeStatusResult {
  __typename
  ... on StatusChanged { created change { fromStatus toStatus reason } }
  ... on InvalidInput { field message }
  ... on Conflict { field message currentStatus }
  ... on NotFound { field message }
}"""
REJECT = REVIEW.replace("accept: acceptThirdPartyResult", "reject: rejectThirdPartyResult")


def _inspection(**changes: Any) -> dict[str, Any]:
    base = {
        "clientRequestId": "insp-1",
        "kind": "LAB",
        "target": {"shipmentId": "S1"},
        "result": "FAIL",
        "inspectedOn": "2026-03-05",
        "findings": "microbial count above limit",
        "labId": "E-LAB",
        "samples": ["SMP-1", "SMP-2"],
        "labReportRef": "LR-2026-0042",
    }
    return {**base, **changes}


async def _failed_count(graph: AsyncDriver, enterprise_id: str) -> int:
    cy = Cypher(graph, "neo4j", 30.0)
    import datetime as dt

    rows = await cy.read(RISKS, {"ids": [enterprise_id], "asOf": dt.date(2026, 12, 1)})
    return int(rows[0]["failed"]) if rows else 0


async def test_third_party_accepted_and_rejected(graph: AsyncDriver, hub: Hub) -> None:
    await supervision_graph(graph)
    first = hub.gql(RECORD, {"input": _inspection()}).data["recordInspection"]
    assert first["__typename"] == "RecordInspectionSuccess" and first["created"] is True
    one = first["inspection"]
    assert {k: one[k] for k in ("kind", "result", "review", "accepted", "samples", "labReportRef", "targetId")} == {
        "kind": "lab", "result": "fail", "review": "unreviewed", "accepted": False,
        "samples": ["SMP-1", "SMP-2"], "labReportRef": "LR-2026-0042", "targetId": "S1",
    }  # fmt: skip
    assert one["performer"] == {"id": "E-LAB", "kind": "lab"}
    second = hub.gql(RECORD, {"input": _inspection(clientRequestId="insp-2", target={"shipmentId": "S2"})})
    two = second.data["recordInspection"]["inspection"]
    # unreviewed lab results do not count against the seller yet
    assert await _failed_count(graph, "E-SELL") == 0
    accepted = hub.gql(REVIEW, {"input": {"clientRequestId": "rv-1", "inspectionId": one["id"],
                                          "reason": "accredited, method fit", "effectiveOn": "2026-03-06"}})  # fmt: skip
    assert accepted.data["accept"]["change"] == {
        "fromStatus": "unreviewed", "toStatus": "accepted", "reason": "accredited, method fit"
    }  # fmt: skip
    rejected = hub.gql(REJECT, {"input": {"clientRequestId": "rv-2", "inspectionId": two["id"],
                                          "reason": "sample chain broken", "effectiveOn": "2026-03-06"}})  # fmt: skip
    assert rejected.data["reject"]["change"]["toStatus"] == "rejected"
    # only the accepted one counts for the seller's record
    assert await _failed_count(graph, "E-SELL") == 1
    again = hub.gql(REVIEW, {"input": {"clientRequestId": "rv-3", "inspectionId": two["id"], "reason": "x",
                                       "effectiveOn": "2026-03-07"}}).data["accept"]  # fmt: skip
    assert again == {
        "__typename": "Conflict", "field": "input.inspectionId",
        "message": f"inspection '{two['id']}' is not an unreviewed lab result (review: rejected)",
        "currentStatus": "rejected",
    }  # fmt: skip
    timeline = await count(graph, "MATCH (c:StatusChange {recordId: $id}) RETURN count(c)", id=one["id"])
    assert timeline == 3  # result, review created, review accepted


async def test_failed_result_raises_alert_in_same_call(graph: AsyncDriver, hub: Hub) -> None:
    await supervision_graph(graph)
    given = _inspection(
        clientRequestId="insp-alert", kind="PHYSICAL", labId=None, target={"batchId": "B1"},
        raiseAlert={"title": "Lot L2026A contaminated", "hazard": "microbial", "riskLevel": "HIGH"},
    )  # fmt: skip
    made = hub.gql(RECORD, {"input": given}).data["recordInspection"]
    assert made["inspection"]["review"] is None and made["inspection"]["performer"] == {
        "id": "AG-CN-GACC", "kind": "agency"
    }  # fmt: skip
    alert_id = made["alertId"]
    assert alert_id.startswith("A-")
    retry = hub.gql(RECORD, {"input": given}).data["recordInspection"]
    assert retry == {**made, "created": False}
    assert await count(graph, "MATCH (a:RiskAlert) RETURN count(a)") == 1
    rows, _, _ = await graph.execute_query(
        "MATCH (a:RiskAlert {alertId: $id})-[:CONCERNS]->(b:Batch), (a)-[:EVIDENCED_BY]->(i:Inspection)"
        " RETURN a.status AS status, b.batchId AS batch, i.inspectionId AS inspection",
        id=alert_id, database_="neo4j",
    )  # fmt: skip
    assert [r.data() for r in rows] == [
        {"status": "open", "batch": "B1", "inspection": made["inspection"]["id"]}
    ]
    passed = hub.gql(RECORD, {"input": {**given, "clientRequestId": "x", "result": "PASS"}}).data
    assert passed["recordInspection"] == {
        "__typename": "InvalidInput", "field": "input.raiseAlert", "message": "only a FAIL result raises an alert"
    }  # fmt: skip


async def test_lab_must_be_filed(graph: AsyncDriver, hub: Hub) -> None:
    await supervision_graph(graph)
    cases = [
        (_inspection(labId="E-LAB2"), "input.labId", "lab 'E-LAB2' is not filed on 2026-03-05 (no filing)"),
        (_inspection(labId="E-SELL"), "input.labId", "'E-SELL' is a seller, not a lab"),
        (_inspection(labId="E-NOPE"), "input.labId", "no enterprise 'E-NOPE'"),
        (_inspection(inspectedOn="2025-12-31"), "input.labId", "lab 'E-LAB' is not filed on 2025-12-31 (no filing)"),
        (_inspection(target={"shipmentId": "S1", "batchId": "B1"}), "input.target",
         "give exactly one of shipmentId, batchId"),
        (_inspection(target={"shipmentId": "S-NOPE"}), "input.target.shipmentId", "no shipment 'S-NOPE'"),
        (_inspection(samples=["ok", ""]), "input.samples[1]", "must be 1 to 100 characters"),
    ]  # fmt: skip
    for given, field, message in cases:
        got = hub.gql(RECORD, {"input": given}).data["recordInspection"]
        assert got == {"__typename": "InvalidInput", "field": field, "message": message}, given
    # a lab suspended on the date is refused too
    await graph.execute_query(
        "MATCH (f:Filing {filingId: 'F-LAB'}) SET f.status = 'suspended'"
        " CREATE (:StatusChange {changeId: 'SC-X', recordKind: 'filing', recordId: 'F-LAB', from: 'filed',"
        " to: 'suspended', on: date('2026-03-01'), seq: 1})-[:CHANGES]->(f)",
        database_="neo4j",
    )
    got = hub.gql(RECORD, {"input": _inspection()}).data["recordInspection"]
    assert got["message"] == "lab 'E-LAB' is not filed on 2026-03-05 (suspended)"
    ok = hub.gql(RECORD, {"input": _inspection(inspectedOn="2026-02-28")}).data["recordInspection"]
    assert ok["__typename"] == "RecordInspectionSuccess"
    denied = hub.gql(RECORD, {"input": _inspection(clientRequestId="k")}, key=ANALYST).data
    assert denied["recordInspection"]["__typename"] == "Forbidden"

    # a partner agency's schema has only its own mutation (submitPartnerRating): refused at
    # validation, before any resolver runs
    partner = hub.gql(RECORD, {"input": _inspection(clientRequestId="k")}, key=PARTNER_SG)
    assert partner.body.get("data") is None
    assert "Cannot query field 'recordInspection' on type 'Mutation'." in partner.error_messages
    assert await count(graph, "MATCH (i:Inspection) RETURN count(i)") == 1
