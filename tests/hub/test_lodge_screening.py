"""`lodgeDeclaration` screens on arrival: decisions stored once per shipment, a retry returns them."""

from __future__ import annotations

import copy
from typing import Any

from neo4j import AsyncDriver

from tests.factories_trace import trace_graph
from tests.http import Hub
from tests.hub.test_lodge_declaration import BASE

LODGE = """
mutation($input: LodgeDeclarationInput!) {
  lodgeDeclaration(input: $input) {
    __typename
    ... on LodgeDeclarationSuccess { declarationId created screening {
      shipmentId field decision rulesApplied samplingTable samplingRate selected credit screenedAt
      reasons { kind outcome field ruleId ruleVersion message } } }
    ... on InvalidInput { field message }
  }
}"""

BY_ID = """
query($id: ID!) { screenDeclarationById(id: $id) { shipments { shipmentId decision
  reasons { kind outcome ruleId ruleVersion message } sampling { rate selected } } } }"""


def _input(shipments: int | None = None, **changes: Any) -> dict[str, Any]:
    given = {**copy.deepcopy(BASE), **changes}
    if shipments is not None:
        given["shipments"] = [
            {
                "shipmentId": f"{changes['reference']}-{i:04}",
                "mode": "EXPRESS",
                "goods": [{"batchId": "B1", "quantity": 1}],
            }
            for i in range(shipments)
        ]
    return given


async def test_lodged_declaration_is_screened_once(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    # Input order L-S2 before L-S1: decisions come back in input order, fields naming the input.
    given = _input()
    given["shipments"].reverse()
    first = hub.gql(LODGE, {"input": given})
    found = first.data["lodgeDeclaration"]
    assert found["created"] is True
    screening = found["screening"]
    assert [(s["shipmentId"], s["field"]) for s in screening] == [
        ("L-S2", "input.shipments[0]"), ("L-S1", "input.shipments[1]")
    ]  # fmt: skip
    reasons = [(r["kind"], r["field"]) for r in screening[0]["reasons"]]
    assert reasons[:3] == [("NOT_FILED", "input.declarantId"), ("NOT_FILED", "input.shipments[0].goods[0].productId"),
                           ("RECALLED_GOODS", "input.shipments[0].goods[0].productId")]  # fmt: skip
    assert ("OPEN_DISPOSAL_ORDER", "input.shipments[0].goods[1].batchId") in reasons  # B1, the second line
    assert [s["decision"] for s in screening] == ["REJECT", "REJECT"]
    # The same decisions and reasons as screening the stored declaration by id.
    by_id = hub.gql(BY_ID, {"id": "IM1/IM1-2026-0001"}).data["screenDeclarationById"]["shipments"]
    expected = {s["shipmentId"]: s for s in by_id}
    for s in screening:
        again = expected[s["shipmentId"]]
        assert s["decision"] == again["decision"]
        assert (s["samplingRate"], s["selected"]) == (
            again["sampling"]["rate"],
            again["sampling"]["selected"],
        )
        assert [{k: v for k, v in r.items() if k != "field"} for r in s["reasons"]] == again["reasons"]
    # A retry returns the first answer (same screenedAt) and writes nothing.
    retry = hub.gql(LODGE, {"input": given})
    assert retry.data["lodgeDeclaration"] == {**found, "created": False}
    [row] = (await graph.execute_query(
        "MATCH (x:ScreeningDecision)-[:SCREENS]->(s:Shipment) RETURN count(x) AS n, count(DISTINCT s) AS s"
    )).records  # fmt: skip
    assert (row["n"], row["s"]) == (2, 2)


async def test_statements_do_not_grow_with_shipments(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    one = hub.gql(LODGE, {"input": _input(1, reference="R-1")})
    many = hub.gql(LODGE, {"input": _input(100, reference="R-100")})
    assert len(one.data["lodgeDeclaration"]["screening"]) == 1, one.data
    assert many.data["lodgeDeclaration"]["__typename"] == "LodgeDeclarationSuccess", many.data
    assert len(many.data["lodgeDeclaration"]["screening"]) == 100, many.data
    assert one.statements == many.statements == 10
    retry = hub.gql(LODGE, {"input": _input(100, reference="R-100")})
    assert retry.data["lodgeDeclaration"]["screening"] == many.data["lodgeDeclaration"]["screening"]
    assert retry.statements == 2  # the lodging and the stored decisions
