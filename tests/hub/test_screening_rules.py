"""Rule versions through the API, and screening of stored declarations and shipments."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from neo4j import AsyncDriver

from tests.factories_screening import declaration, goods, screening_graph, shipment
from tests.http import ADMIN, ANALYST, PARTNER_SG, Hub
from tests.hub.test_screening import SCREEN, kinds

RECORD = """
mutation Record($input: RuleVersionInput!) {
  recordRuleVersion(input: $input) {
    __typename
    ... on RecordRuleVersionSuccess { created version { ruleId version list validFrom validTo keywordsEn recordedBy } }
    ... on RuleVersionConflict { ruleId currentVersion message }
    ... on InvalidInput { field message }
    ... on Forbidden { message }
  }
}
"""

RULE = """
query Rule($id: ID!) { screeningRule(id: $id) { id list latestVersion versions { version title keywordsEn validFrom } } }
"""


def nl06_v2(**more: Any) -> dict[str, Any]:
    return {
        "clientRequestId": "edit-nl06-1", "ruleId": "NL-06", "expectedVersion": 1, "list": "NEGATIVE",
        "category": "NL-06", "title": "Used, refurbished or waste goods", "validFrom": "2026-04-01",
        "hsPrefixes": ["6309"], "keywordsEn": ["second-hand", "refurbished"], **more,
    }  # fmt: skip


@pytest.fixture
async def screened(graph: AsyncDriver) -> AsyncDriver:
    await screening_graph(graph, stored=True)
    return graph


async def test_rule_edited_between_two_declarations(screened: AsyncDriver, hub: Hub) -> None:
    made = hub.gql(RECORD, {"input": nl06_v2()}).data["recordRuleVersion"]
    assert made["__typename"] == "RecordRuleVersionSuccess" and made["created"] is True
    assert made["version"] == {"ruleId": "NL-06", "version": 2, "list": "NEGATIVE", "validFrom": "2026-04-01",
                               "validTo": None, "keywordsEn": ["second-hand", "refurbished"],
                               "recordedBy": "AG-CN-GACC"}  # fmt: skip
    phone = shipment(goods("8517130000", productId="P-CREAM", description="Refurbished Smartphone 64GB"))
    march = hub.gql(SCREEN, {"input": declaration(phone, on="2026-03-01")}).data["screenDeclaration"]
    may = hub.gql(SCREEN, {"input": declaration(phone, on="2026-05-01")}).data["screenDeclaration"]
    assert {"ruleId": "NL-06", "version": 1, "list": "NEGATIVE"} in march["rulesApplied"]
    assert {"ruleId": "NL-06", "version": 2, "list": "NEGATIVE"} in may["rulesApplied"]
    assert not any(r["kind"] == "NEGATIVE_LIST" for r in march["shipments"][0]["reasons"])
    assert may["shipments"][0]["decision"] == "REJECT"
    assert ("NEGATIVE_LIST", "NL-06@2", "input.shipments[0].goods[0].description") in kinds(
        may["shipments"][0]
    )
    # Old versions stay: the rule keeps both, newest first.
    rule = hub.gql(RULE, {"id": "NL-06"}).data["screeningRule"]
    assert rule["latestVersion"] == 2 and [v["version"] for v in rule["versions"]] == [2, 1]


async def test_retry_conflict_and_bad_input(screened: AsyncDriver, hub: Hub) -> None:
    first = hub.gql(RECORD, {"input": nl06_v2()}).data["recordRuleVersion"]
    retry = hub.gql(RECORD, {"input": nl06_v2()}).data["recordRuleVersion"]
    assert retry["__typename"] == "RecordRuleVersionSuccess" and retry["created"] is False
    assert retry["version"] == first["version"]
    other = hub.gql(RECORD, {"input": nl06_v2(title="Something else")}).data["recordRuleVersion"]
    assert other == {"__typename": "InvalidInput", "field": "input.clientRequestId",
                     "message": "already used for a different rule version; use a new id"}  # fmt: skip
    stale = hub.gql(RECORD, {"input": nl06_v2(clientRequestId="edit-nl06-2")}).data["recordRuleVersion"]
    assert stale["__typename"] == "RuleVersionConflict" and stale["currentVersion"] == 2
    missing = hub.gql(RECORD, {"input": nl06_v2(clientRequestId="x-3", ruleId="NL-99", expectedVersion=4)})
    assert missing.data["recordRuleVersion"]["currentVersion"] == 0
    assert hub.gql(RULE, {"id": "NL-99"}).data["screeningRule"] is None  # nothing half-written
    moved = hub.gql(RECORD, {"input": nl06_v2(clientRequestId="x-4", expectedVersion=2, list="KEY_GOODS")})
    assert moved.data["recordRuleVersion"]["field"] == "input.list"
    for change, field in (({"hsPrefixes": ["63a9"]}, "input.hsPrefixes[0]"),
                          ({"validTo": "2026-03-01"}, "input.validTo"),
                          ({"category": None}, "input.category"),
                          ({"originCountries": ["XX"]}, "input.originCountries[0]"),
                          ({"hsPrefixes": [], "keywordsEn": []}, "input.hsPrefixes")):  # fmt: skip
        reply = hub.gql(RECORD, {"input": nl06_v2(clientRequestId="x-5", expectedVersion=2, **change)})
        assert reply.data["recordRuleVersion"]["field"] == field, change
    created = hub.gql(RECORD, {"input": {
        "clientRequestId": "new-kg", "ruleId": "KG-02", "expectedVersion": 0, "list": "KEY_GOODS",
        "title": "Collagen drinks", "validFrom": "2026-01-01", "keywordsEn": ["collagen"],
    }}, key=ADMIN).data["recordRuleVersion"]  # fmt: skip
    assert created["version"]["version"] == 1 and created["version"]["list"] == "KEY_GOODS"


async def test_rules_are_for_regulators_and_admins(screened: AsyncDriver, hub: Hub) -> None:
    # Analysts may send the mutation and get its typed refusal; rule reads are refused outright.
    refused = hub.gql(RECORD, {"input": nl06_v2()}, key=ANALYST).data["recordRuleVersion"]
    assert refused["__typename"] == "Forbidden"
    read = hub.gql(RULE, {"id": "NL-06"}, key=ANALYST)
    assert "field Query.screeningRule is not available to the analyst role" in read.error_messages
    # Partners' schema has neither.
    for query, variables in ((RECORD, {"input": nl06_v2()}), (RULE, {"id": "NL-06"})):
        reply = hub.gql(query, variables, key=PARTNER_SG)
        assert reply.body["data"] is None and reply.error_messages
    assert hub.gql(RULE, {"id": "NL-06"}).data["screeningRule"]["latestVersion"] == 1


STORED = """
query Stored($d: ID!, $s: ID!) {
  byId: screenDeclarationById(id: $d) { declarationId stored summary { shipments reject }
    shipments { shipmentId field decision reasons { kind field ruleId } sampling { seed draw rate } } }
  one: screenShipment(id: $s) { declarationId declaredOn
    shipments { shipmentId field decision sampling { seed draw rate } } }
}
"""


async def test_stored_declaration_and_shipment_agree(screened: AsyncDriver, hub: Hub) -> None:
    reply = hub.gql(STORED, {"d": "D-1", "s": "S-1"})
    data = reply.data
    # Two screenings: each one read of the stored record plus at most 8 statements.
    assert reply.statements is not None and reply.statements <= 2 * 9
    by_id, one = data["byId"], data["one"]
    assert by_id["stored"] is True and by_id["summary"] == {"shipments": 2, "reject": 1}
    s1, s2 = by_id["shipments"]
    assert (s1["shipmentId"], s2["shipmentId"]) == ("S-1", "S-2")
    assert s2["decision"] == "REJECT"
    assert ("RECALLED_GOODS", "shipments[1].goods[0].batchId") in {
        (r["kind"], r["field"]) for r in s2["reasons"]
    }
    assert one["declarationId"] == "D-1" and one["declaredOn"] == "2026-03-01"
    [alone] = one["shipments"]
    assert alone["field"] == "shipment"
    assert alone["sampling"] == s1["sampling"] and alone["decision"] == s1["decision"]
    assert s1["sampling"]["seed"] == "D-1|S-1"
    unknown = hub.gql(STORED, {"d": "D-NOPE", "s": "S-1"})
    assert unknown.error_messages == ["argument id: no declaration with id 'D-NOPE'"]


async def test_two_concurrent_edits_one_wins(screened: AsyncDriver, hub: Hub) -> None:
    edits = [nl06_v2(clientRequestId=f"race-{i}", title=f"Edit {i}") for i in range(2)]
    replies = await asyncio.gather(*(asyncio.to_thread(hub.gql, RECORD, {"input": e}) for e in edits))
    kinds_ = sorted(r.data["recordRuleVersion"]["__typename"] for r in replies)
    assert kinds_ == ["RecordRuleVersionSuccess", "RuleVersionConflict"]
    rule = hub.gql(RULE, {"id": "NL-06"}).data["screeningRule"]
    assert [v["version"] for v in rule["versions"]] == [2, 1]
