"""`issueRecall`: typed errors naming the field, roles, and idempotent retries."""

import asyncio
from typing import Any

from neo4j import AsyncDriver

from tests.factories_trace import trace_graph
from tests.http import ADMIN, ANALYST, Hub

ISSUE = """
mutation($input: IssueRecallInput!) {
  issueRecall(input: $input) {
    __typename
    ... on IssueRecallSuccess { created recall { id measure riskLevel title hazard reason status issuedOn
                                issuer { id } targetProducts { id } targetBatches { id }
                                impact { totals { shipments units } } } }
    ... on InvalidInput { field message }
    ... on Forbidden { message }
  }
}"""


def _input(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "clientRequestId": "req-0001",
        "targets": {"batchIds": ["A2", "B1"]},
        "measure": "STOP_SALE",
        "riskLevel": "HIGH",
        "title": "Stop sale of lots LA2 and LB1",
        "hazard": "microbial contamination",
        "reason": "failed laboratory test",
        "issuedOn": "2026-05-01",
    }
    return {**base, **changes}


async def _count_recalls(graph: AsyncDriver) -> int:
    records, _, _ = await graph.execute_query("MATCH (r:Recall) RETURN count(r) AS n", database_="neo4j")
    return int(records[0]["n"])


async def test_issue_and_retry_creates_once(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    before = await _count_recalls(graph)
    first = hub.gql(ISSUE, {"input": _input()}).data["issueRecall"]
    assert first["__typename"] == "IssueRecallSuccess" and first["created"] is True
    recall = first["recall"]
    assert recall["id"].startswith("R-")
    assert {k: recall[k] for k in ("measure", "riskLevel", "status", "issuedOn")} == {
        "measure": "STOP_SALE", "riskLevel": "HIGH", "status": "open", "issuedOn": "2026-05-01"
    }  # fmt: skip
    assert recall["issuer"] == {"id": "AG-CN-GACC"}
    assert sorted(b["id"] for b in recall["targetBatches"]) == ["A2", "B1"] and recall["targetProducts"] == []
    # same reach as the hand-built R-BATCH (A2 and B1): 5 shipments, 91 units
    assert recall["impact"]["totals"] == {"shipments": 5, "units": 91}
    retry = hub.gql(ISSUE, {"input": _input()}).data["issueRecall"]
    assert retry["created"] is False
    for same in (retry["recall"], recall):
        same["targetBatches"].sort(key=lambda b: b["id"])
    assert retry["recall"] == recall
    assert await _count_recalls(graph) == before + 1
    records, _, _ = await graph.execute_query(
        "MATCH (r:Recall {recallId: $id})-[t:TARGETS]->() RETURN count(t) AS n",
        id=recall["id"],
        database_="neo4j",
    )
    assert records[0]["n"] == 2
    # the same request id with different content is refused, not silently merged
    changed = hub.gql(ISSUE, {"input": _input(title="Another order")}).data["issueRecall"]
    assert changed == {
        "__typename": "InvalidInput", "field": "clientRequestId",
        "message": "already used for a different recall; use a new id for a new request",
    }  # fmt: skip


async def test_concurrent_retries_create_one_recall(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    before = await _count_recalls(graph)
    variables = {"input": _input(clientRequestId="req-race")}
    replies = await asyncio.gather(*(asyncio.to_thread(hub.gql, ISSUE, variables) for _ in range(4)))
    results = [r.data["issueRecall"] for r in replies]
    assert len({r["recall"]["id"] for r in results}) == 1
    assert sorted(r["created"] for r in results) == [False, False, False, True]
    assert await _count_recalls(graph) == before + 1


async def test_product_recall_covers_its_batches(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    reply = hub.gql(ISSUE, {"input": _input(clientRequestId="req-prod", targets={"productId": "PA"})})
    result = reply.data["issueRecall"]
    assert result["recall"]["targetProducts"] == [{"id": "PA"}]
    assert result["recall"]["impact"]["totals"] == {"shipments": 8, "units": 59}


async def test_invalid_input_names_the_field(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    before = await _count_recalls(graph)
    cases = [
        (
            _input(targets={"batchIds": ["A1", "A2", "NOPE"]}),
            "targets.batchIds[2]",
            "no batch 'NOPE' (1 unknown in all)",
        ),
        (_input(targets={"batchIds": ["A1", "A1"]}), "targets.batchIds[1]", "repeats targets.batchIds[0]"),
        (
            _input(targets={"productId": "PA", "batchIds": ["A1"]}),
            "targets",
            "give either productId or batchIds, not both",
        ),
        (_input(targets={}), "targets", "give a productId, batchIds or shipmentIds"),
        (_input(targets={"batchIds": []}), "targets.batchIds", "must list at least one batch"),
        (_input(targets={"productId": "P-NOPE"}), "targets.productId", "no product 'P-NOPE'"),
        (_input(title="   "), "title", "must not be empty"),
        (_input(reason="x" * 2001), "reason", "must be at most 2000 characters"),
        (_input(clientRequestId=""), "clientRequestId", "must not be empty"),
    ]
    for given, field, message in cases:
        result = hub.gql(ISSUE, {"input": given}).data["issueRecall"]
        assert result == {"__typename": "InvalidInput", "field": field, "message": message}, given
    # an admin may issue for another agency, which must exist
    result = hub.gql(ISSUE, {"input": _input(issuerId="AG-NOPE")}, key=ADMIN).data["issueRecall"]
    assert result == {"__typename": "InvalidInput", "field": "issuerId", "message": "no agency 'AG-NOPE'"}
    assert await _count_recalls(graph) == before
    # an enum outside the schema is rejected by GraphQL validation before any resolver runs
    reply = hub.gql(ISSUE, {"input": _input(measure="BURN")})
    assert reply.error_messages and "BURN" in reply.error_messages[0]


async def test_only_regulators_for_their_own_agency(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    result = hub.gql(ISSUE, {"input": _input()}, key=ANALYST).data["issueRecall"]
    assert result == {
        "__typename": "Forbidden",
        "message": "only regulators and administrators may issue recalls",
    }
    result = hub.gql(ISSUE, {"input": _input(issuerId="AG-CN-SAMR")}).data["issueRecall"]
    assert result == {
        "__typename": "Forbidden", "message": "a regulator issues orders only for its own agency (AG-CN-GACC)"
    }  # fmt: skip
    admin = hub.gql(ISSUE, {"input": _input(issuerId="AG-CN-SAMR")}, key=ADMIN).data["issueRecall"]
    assert admin["created"] is True and admin["recall"]["issuer"] == {"id": "AG-CN-SAMR"}
