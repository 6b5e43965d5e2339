"""`lodgeDeclaration`: stored once per declarant reference, typed errors naming the field, roles."""

from __future__ import annotations

import copy
from typing import Any

from neo4j import AsyncDriver

from tests.factories_trace import trace_graph
from tests.http import ANALYST, PARTNER_SG, Hub

LODGE = """
mutation($input: LodgeDeclarationInput!) {
  lodgeDeclaration(input: $input) {
    __typename
    ... on LodgeDeclarationSuccess { declarationId shipmentIds created }
    ... on InvalidInput { field message }
    ... on Forbidden { message }
  }
}"""

BASE: dict[str, Any] = {
    "declarantId": "IM1",
    "reference": "IM1-2026-0001",
    "declaredOn": "2026-05-02",
    "agencyId": "AG-CN-GACC",
    "shipments": [
        {"shipmentId": "L-S1", "mode": "BONDED", "originCountry": "JP", "sellerId": "SE1",
         "platformId": "PL1", "importerId": "IM1", "goods": [{"batchId": "A2", "quantity": 3, "unit": "can"}]},
        {"shipmentId": "L-S2", "mode": "EXPRESS",
         "goods": [{"batchId": "A2", "quantity": 1}, {"batchId": "B1", "quantity": 2}]},
    ],
}  # fmt: skip


def _input(**changes: Any) -> dict[str, Any]:
    return {**copy.deepcopy(BASE), **changes}


async def _stored(graph: AsyncDriver) -> list[dict[str, Any]]:
    records, _, _ = await graph.execute_query(
        """
        MATCH (d:Declaration)<-[:DECLARED_IN]-(s:Shipment) WHERE d.source = "hub:lodgeDeclaration"
        RETURN d.declarationId AS d, [(d)-[:DECLARED_BY]->(e) | e.enterpriseId] AS declarant,
               [(d)-[:LODGED_WITH]->(a) | a.agencyId] AS agency, s.shipmentId AS s, s.mode AS mode,
               [(s)-[:SOLD_BY]->(e) | e.enterpriseId] AS seller,
               [(s)-[c:CARRIES]->(b) | [b.batchId, c.quantity]] AS goods
        ORDER BY s
        """,
        database_="neo4j",
    )
    return [{**r.data(), "goods": sorted(r["goods"])} for r in records]


async def test_lodge_then_retry_stores_once(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    response = hub.gql(LODGE, {"input": _input()})
    # the lodging, then the screening on arrival (tests/hub/test_lodge_screening.py): the stored
    # declaration, its facts (7) and the decisions' write
    assert response.statements == 10
    first = response.data["lodgeDeclaration"]
    assert first == {"__typename": "LodgeDeclarationSuccess", "declarationId": "IM1/IM1-2026-0001",
                     "shipmentIds": ["L-S1", "L-S2"], "created": True}  # fmt: skip
    stored = await _stored(graph)
    assert stored == [
        {"d": "IM1/IM1-2026-0001", "declarant": ["IM1"], "agency": ["AG-CN-GACC"], "s": "L-S1",
         "mode": "bonded", "seller": ["SE1"], "goods": [["A2", 3]]},
        {"d": "IM1/IM1-2026-0001", "declarant": ["IM1"], "agency": ["AG-CN-GACC"], "s": "L-S2",
         "mode": "express", "seller": [], "goods": [["A2", 1], ["B1", 2]]},
    ]  # fmt: skip
    retry = hub.gql(LODGE, {"input": _input()}).data["lodgeDeclaration"]
    assert retry == {**first, "created": False}
    assert await _stored(graph) == stored
    changed = _input()
    changed["shipments"][1]["goods"][0]["quantity"] = 5
    refused = hub.gql(LODGE, {"input": changed}).data["lodgeDeclaration"]
    assert refused == {"__typename": "InvalidInput", "field": "input.reference",
                       "message": "already used for a different declaration; use a new reference"}  # fmt: skip
    assert await _stored(graph) == stored


async def test_errors_name_the_field_and_write_nothing(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    bad_batch = _input()
    bad_batch["shipments"][1]["goods"][1]["batchId"] = "NOPE"
    bad_seller = _input()
    bad_seller["shipments"][0]["sellerId"] = "E404"
    bad_quantity = _input()
    bad_quantity["shipments"][0]["goods"][0]["quantity"] = 0
    repeated = _input()
    repeated["shipments"][1]["shipmentId"] = "L-S1"
    cases = [
        (bad_batch, "input.shipments[1].goods[1].batchId", "not found"),
        (bad_seller, "input.shipments[0].sellerId", "not found"),
        (_input(declarantId="E404"), "input.declarantId", "not found"),
        (bad_quantity, "input.shipments[0].goods[0].quantity", "must be at least 1, got 0"),
        (repeated, "input.shipments[1].shipmentId", "repeats input.shipments[0]"),
        (_input(reference=" "), "input.reference", "must be 1 to 100 characters"),
        (_input(shipments=[]), "input.shipments", "must list 1 to 100 shipments"),
    ]
    for given, field, message in cases:
        result = hub.gql(LODGE, {"input": given}).data["lodgeDeclaration"]
        assert result == {"__typename": "InvalidInput", "field": field, "message": message}, field
    assert await _stored(graph) == []
    # A shipment already declared elsewhere is not moved.
    assert hub.gql(LODGE, {"input": _input()}).data["lodgeDeclaration"]["created"] is True
    other = _input(reference="IM1-2026-0002")
    result = hub.gql(LODGE, {"input": other}).data["lodgeDeclaration"]
    assert result["field"] == "input.shipments[0].shipmentId"
    assert result["message"].startswith("already declared in another declaration")


async def test_only_regulators_and_admins_lodge(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    result = hub.gql(LODGE, {"input": _input()}, key=ANALYST).data["lodgeDeclaration"]
    assert result["__typename"] == "Forbidden"
    # Partners' schema has no such mutation (docs/access.md).
    refused = hub.gql(LODGE, {"input": _input()}, key=PARTNER_SG)
    assert "lodgedeclaration" in " ".join(refused.error_messages).lower()
    assert await _stored(graph) == []
