"""screenDeclaration with worked-out answers (tests/factories_screening.py)."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import AsyncDriver

from tests.factories_screening import declaration, goods, screening_graph, shipment
from tests.http import ADMIN, ANALYST, PARTNER_SG, Hub

SCREEN = """
query Screen($input: DeclarationInput!) {
  screenDeclaration(input: $input) {
    declarationId declaredOn stored credit
    rulesApplied { ruleId version list }
    summary { shipments release inspect hold reject }
    shipments {
      index shipmentId field decision
      reasons { kind outcome field ruleId ruleVersion message }
      sampling { rate creditClass tableVersion seed draw selected steps { kind ruleId rate field } }
    }
  }
}
"""


@pytest.fixture
async def screened(graph: AsyncDriver) -> AsyncDriver:
    await screening_graph(graph)
    return graph


def screen(hub: Hub, decl: dict[str, Any], key: str | None = None) -> dict[str, Any]:
    reply = hub.gql(SCREEN, {"input": decl}) if key is None else hub.gql(SCREEN, {"input": decl}, key=key)
    return reply.data["screenDeclaration"]  # type: ignore[no-any-return]


def kinds(s: dict[str, Any]) -> set[tuple[str, str, str | None]]:
    """(kind, rule@version, field) of every reason but the credit note."""
    return {(r["kind"], f"{r['ruleId']}@{r['ruleVersion']}", r["field"]) for r in s["reasons"]
            if r["kind"] != "CREDIT_LEVEL"}  # fmt: skip


CATEGORY_HS = {
    "NL-01": "0106110000", "NL-02": "0201100000", "NL-03": "2903120000", "NL-04": "3002120000",
    "NL-05": "2844100000", "NL-06": "6309000000", "NL-07": "1209910000", "NL-08": "9304000000",
}  # fmt: skip


async def test_each_negative_list_category_rejects_and_names_rule_version_and_field(
    screened: AsyncDriver, hub: Hub
) -> None:
    ships = [shipment(goods(hs, productId="P-CREAM"), mode="EXPRESS") for hs in CATEGORY_HS.values()]
    answer = screen(hub, declaration(*ships))
    assert answer["summary"] == {"shipments": 8, "release": 0, "inspect": 0, "hold": 0, "reject": 8}
    for i, rule in enumerate(CATEGORY_HS):
        s = answer["shipments"][i]
        assert s["decision"] == "REJECT"
        assert kinds(s) == {("NEGATIVE_LIST", f"{rule}@1", f"input.shipments[{i}].goods[0].hsCode")}
    applied = {(r["ruleId"], r["version"]) for r in answer["rulesApplied"]}
    assert ("NL-08-TMP", 1) not in applied  # expired before 2026-03-01
    assert {("NL-07", 1), ("KG-01", 1), ("KI-01", 1)} <= applied


async def test_express_only_rule_and_keywords(screened: AsyncDriver, hub: Hub) -> None:
    seeds = goods("1209910000", productId="P-SEEDS")
    chinese = goods("0106110000", productId="P-CREAM", description="一只活体动物")
    answer = screen(hub, declaration(
        shipment(seeds, mode="BONDED"), shipment(seeds, mode="DIRECT_MAIL"),
        shipment(goods("3402900000", productId="P-CREAM", description="Dichloromethane solvent"), mode="BONDED"),
        shipment(chinese),
    ))  # fmt: skip
    first, second, third, fourth = answer["shipments"]
    # NL-07 is limited to express and direct-mail parcels: the bonded one passes.
    assert ("NEGATIVE_LIST", "NL-07@1", "input.shipments[0].goods[0].hsCode") not in kinds(first)
    assert first["decision"] in ("RELEASE", "INSPECT")
    assert kinds(second) == {("NEGATIVE_LIST", "NL-07@1", "input.shipments[1].goods[0].hsCode")}
    assert third["decision"] == "REJECT"
    assert ("NEGATIVE_LIST", "NL-03@1", "input.shipments[2].goods[0].description") in kinds(third)
    assert ("NEGATIVE_LIST", "NL-01@1", "input.shipments[3].goods[0].hsCode") in kinds(fourth)


async def test_rule_expired_before_the_declaration_date(screened: AsyncDriver, hub: Hub) -> None:
    pork = shipment(goods("0203110000", productId="P-CREAM"))
    after = screen(hub, declaration(pork, on="2026-03-01"))["shipments"][0]
    assert not any(r["kind"] == "NEGATIVE_LIST" for r in after["reasons"])
    last_day = screen(hub, declaration(pork, on="2024-12-31"))["shipments"][0]
    assert last_day["decision"] == "REJECT"
    assert ("NEGATIVE_LIST", "NL-08-TMP@1", "input.shipments[0].goods[0].hsCode") in kinds(last_day)
    first_day_after = screen(hub, declaration(pork, on="2025-01-01"))["shipments"][0]
    assert not any(r["kind"] == "NEGATIVE_LIST" for r in first_day_after["reasons"])  # validTo is exclusive


async def test_unfiled_and_suspended_parties_and_products(screened: AsyncDriver, hub: Hub) -> None:
    cream = goods("3304990000", productId="P-CREAM")
    answer = screen(hub, declaration(
        shipment(cream, sellerId="E-NONE"),
        shipment(cream, sellerId="E-SUSP"),
        shipment(goods("8518300000", productId="P-UNFILED")),
        shipment(goods("8518300000", gtin="4901234567894")),
        shipment(cream, platformId="E-NOBODY"),
    ))  # fmt: skip
    none, susp, unfiled, by_gtin, unknown = answer["shipments"]
    assert none["decision"] == "HOLD"
    assert ("NOT_FILED", "filing-in-force@SCREEN-2026.1", "input.shipments[0].sellerId") in kinds(none)
    assert susp["decision"] == "HOLD"
    assert ("FILING_NOT_IN_FORCE", "filing-in-force@SCREEN-2026.1", "input.shipments[1].sellerId") in kinds(
        susp
    )
    assert any("suspended" in r["message"] for r in susp["reasons"])
    assert ("NOT_FILED", "filing-in-force@SCREEN-2026.1", "input.shipments[2].goods[0].productId") in kinds(
        unfiled
    )
    # Found by GTIN: P-CREAM, which is filed.
    assert not any(r["kind"] in ("NOT_FILED", "FILING_NOT_IN_FORCE") for r in by_gtin["reasons"])
    assert ("NOT_FILED", "filing-in-force@SCREEN-2026.1", "input.shipments[4].platformId") in kinds(unknown)
    # Before the suspension (filed 2026-02-01), E-SUSP's earlier filing is in force.
    before = screen(hub, declaration(shipment(cream, sellerId="E-SUSP"), on="2026-01-31"))["shipments"][0]
    assert not any(r["kind"] in ("NOT_FILED", "FILING_NOT_IN_FORCE") for r in before["reasons"])


async def test_trace_codes_recalled_alerted_unknown(screened: AsyncDriver, hub: Hub) -> None:
    def line(*codes: str) -> dict[str, Any]:
        return goods("3304990000", productId="P-CREAM", traceCodes=list(codes))

    answer = screen(hub, declaration(shipment(line("QR-RECALLED")), shipment(line("QR-NOPE")),
                                     shipment(line("QR-ALERT")), shipment(line("QR-OK"))))  # fmt: skip
    recalled, unknown, alerted, ok = answer["shipments"]
    assert recalled["decision"] == "REJECT"
    assert (
        "RECALLED_GOODS",
        "recalled-goods@SCREEN-2026.1",
        "input.shipments[0].goods[0].traceCodes[0]",
    ) in kinds(recalled)
    assert unknown["decision"] == "HOLD"
    assert kinds(unknown) >= {("UNKNOWN_TRACE_CODE", "trace-code-known@SCREEN-2026.1",
                               "input.shipments[1].goods[0].traceCodes[0]")}  # fmt: skip
    assert alerted["decision"] == "INSPECT"
    assert (
        "ALERTED_GOODS",
        "risk-alert@SCREEN-2026.1",
        "input.shipments[2].goods[0].traceCodes[0]",
    ) in kinds(alerted)
    assert alerted["sampling"]["rate"] >= 0.5
    assert not any(r["kind"] in ("RECALLED_GOODS", "UNKNOWN_TRACE_CODE") for r in ok["reasons"])
    # Before the recall was issued (2026-02-01) the code is not recalled.
    early = screen(hub, declaration(shipment(line("QR-RECALLED")), on="2026-01-15"))["shipments"][0]
    assert not any(r["kind"] == "RECALLED_GOODS" for r in early["reasons"])


async def test_monitored_goods_are_inspected(screened: AsyncDriver, hub: Hub) -> None:
    answer = screen(hub, declaration(
        shipment(goods("1901101000", productId="P-FORMULA")),
        shipment(goods("8507600090", productId="P-CREAM", description="Power Bank 10000mAh")),
    ))  # fmt: skip
    formula, battery = answer["shipments"]
    assert formula["decision"] == "INSPECT"
    assert ("MONITORING_LIST", "KG-01@1", "input.shipments[0].goods[0].productId") in kinds(formula)
    assert "monitoring_list" in [s["kind"] for s in formula["sampling"]["steps"]]
    assert battery["decision"] == "INSPECT"
    assert ("MONITORING_LIST", "KI-01@1", "input.shipments[1].goods[0].description") in kinds(battery)


async def test_credit_driven_sampling_is_reproducible(screened: AsyncDriver, hub: Hub) -> None:
    ships = [shipment(goods("3304990000", productId="P-CREAM"), shipmentId=f"S{i}") for i in range(40)]
    good = screen(hub, declaration(*ships, declarantId="E-GOOD"))
    again = screen(hub, declaration(*ships, declarantId="E-GOOD"))
    assert good == again  # same input, same draws, same decisions
    bad = screen(hub, declaration(*ships, declarantId="E-BAD"))
    g, b = good["shipments"][0]["sampling"], bad["shipments"][0]["sampling"]
    assert (g["creditClass"], b["creditClass"]) == ("ADVANCED", "DISHONEST")
    # cosmetics (HS 33) x1.2: 0.01 -> 0.012 and 0.80 -> 0.96
    assert (g["rate"], b["rate"]) == (0.012, 0.96)
    assert [s["kind"] for s in g["steps"]] == ["base", "goods_risk", "round"]
    assert g["seed"] == "DECL-T1|S0"
    # The draw depends only on the seed: the same for both declarants.
    assert [s["sampling"]["draw"] for s in good["shipments"]] == [
        s["sampling"]["draw"] for s in bad["shipments"]
    ]
    for s in bad["shipments"]:
        assert s["decision"] == ("INSPECT" if s["sampling"]["draw"] < 0.96 else "RELEASE")
        assert s["sampling"]["selected"] == (s["sampling"]["draw"] < 0.96)
    assert bad["summary"]["inspect"] > good["summary"]["inspect"]
    sampled = [r for s in bad["shipments"] for r in s["reasons"] if r["kind"] == "SAMPLING"]
    assert sampled and all(r["ruleId"] == "sampling-rate" for r in sampled)


async def test_related_party_with_a_recent_recall(screened: AsyncDriver, hub: Hub) -> None:
    answer = screen(hub, declaration(shipment(goods("3304990000", productId="P-CREAM"), sellerId="E-REL")))
    s = answer["shipments"][0]
    related = [r for r in s["reasons"] if r["kind"] == "RELATED_PARTY_RISK"]
    assert len(related) == 1
    assert related[0]["field"] == "input.shipments[0].sellerId"
    assert "E-RISKY (1 hop(s))" in related[0]["message"] and "R-RISKY" in related[0]["message"]
    steps = [(x["kind"], x["field"]) for x in s["sampling"]["steps"]]
    assert ("related_party", "input.shipments[0].sellerId") in steps
    # 0.01 base x1.2 cosmetics x2 related party
    assert s["sampling"]["rate"] == 0.024
    # A year and a day after the recall, the signal is gone.
    later = screen(hub, declaration(shipment(goods("3304990000", productId="P-CREAM"), sellerId="E-REL"),
                                    on="2027-01-11"))["shipments"][0]  # fmt: skip
    assert not any(r["kind"] == "RELATED_PARTY_RISK" for r in later["reasons"])


async def test_statements_do_not_grow_with_shipments(screened: AsyncDriver, hub: Hub) -> None:
    def decl(n: int) -> dict[str, Any]:
        lines = [goods("3304990000", productId="P-CREAM", traceCodes=["QR-OK"]),
                 goods("1901101000", productId="P-FORMULA"), goods("8518300000", productId="P-UNFILED")]  # fmt: skip
        return declaration(*[shipment(*lines, shipmentId=f"S{i}", sellerId=("E-SELL", "E-REL")[i % 2])
                             for i in range(n)])  # fmt: skip

    one = hub.gql(SCREEN, {"input": decl(1)})
    many = hub.gql(SCREEN, {"input": decl(1000)})
    assert one.data["screenDeclaration"]["summary"]["shipments"] == 1
    summary = many.data["screenDeclaration"]["summary"]
    assert summary["shipments"] == 1000
    assert summary["hold"] == 1000  # every shipment carries the unfiled P-UNFILED
    assert one.statements == many.statements
    assert one.statements is not None and one.statements <= 8


async def test_bad_input_names_the_field(screened: AsyncDriver, hub: Hub) -> None:
    bad_hs = hub.gql(SCREEN, {"input": declaration(shipment(goods("12AB")))})
    assert bad_hs.body["data"] is None
    [message] = bad_hs.error_messages
    assert message.startswith("input.shipments[0].goods[0].hsCode: HS code must be 6, 8 or 10 digits")
    bad_gtin = hub.gql(
        SCREEN,
        {"input": declaration(shipment(goods("3304990000"), goods("3304990000", gtin="4901234567890")))},
    )
    assert bad_gtin.error_messages == [
        "input.shipments[0].goods[1].gtin: GTIN check digit should be 4, got 0"
    ]
    chapter = hub.gql(SCREEN, {"input": declaration(shipment(goods("9999999999")))})
    assert chapter.error_messages == ["input.shipments[0].goods[0].hsCode: HS chapter must be 01-97, got 99"]
    enum = hub.gql(SCREEN, {"input": declaration(shipment(goods("3304990000"), mode="AIR"))})
    [message] = enum.error_messages
    # GraphQL itself refuses an unknown enum value, naming the variable and the path in it.
    assert "'$input' has invalid value at .shipments[0].mode" in message and "'AIR'" in message
    several = hub.gql(SCREEN, {"input": declaration(shipment(goods("1"), originCountry="XX"))})
    [message] = several.error_messages
    assert "input.shipments[0].originCountry: XX is not an ISO 3166-1" in message
    assert "input.shipments[0].goods[0].hsCode" in message


async def test_only_regulators_and_admins(screened: AsyncDriver, hub: Hub) -> None:
    decl = {"input": declaration(shipment(goods("3304990000")))}
    # Analysts share the domestic schema: refused (FORBIDDEN) before anything runs.
    analyst = hub.gql(SCREEN, decl, key=ANALYST)
    assert analyst.body["data"] is None
    assert {e["extensions"]["code"] for e in analyst.body["errors"]} == {"FORBIDDEN"}
    assert "field Query.screenDeclaration is not available to the analyst role" in analyst.error_messages
    # Partners get the partner schema, which has no screening at all.
    partner = hub.gql(SCREEN, decl, key=PARTNER_SG)
    assert partner.body["data"] is None
    assert "Cannot query field 'screenDeclaration' on type 'Query'." in partner.error_messages
    assert hub.gql(SCREEN, decl, key=ADMIN).data["screenDeclaration"]["summary"]["shipments"] == 1
