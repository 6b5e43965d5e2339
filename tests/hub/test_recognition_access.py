"""Who sees what: regulator, two partners of different arrangements, analyst; one document with
aliases, fragments and nested selections over every new read field."""

from typing import Any

from neo4j import AsyncDriver

from tests.factories_recognition import recognition_graph
from tests.http import ANALYST, PARTNER_NZ, PARTNER_SG, REGULATOR, Hub

DOC = """query($p: ID!) {
  mine: arrangements(agencyId: "AG-CN-GACC", asOf: "2026-01-01") { ...Arr }
  sgScheme: creditScheme(agencyId: "AG-SG-SC") { id agency { id } levels { id rank creditClass } }
  sell: recognition(enterpriseId: "E-SELL", partnerAgencyId: $p, asOf: "2026-01-01") { ...Ans }
  batch: recognitions(identifiers: ["E-GEN", "E-NZ", "SG-AEO-0042"], partnerAgencyId: $p, asOf: "2026-01-01") {
    ...Ans
  }
  RATE
}
fragment Arr on ArrangementRecord {
  id direction status parties { id } mappings { fromLevel { id } toLevel { id } facilitation }
}
fragment Ans on RecognitionAnswer {
  enterpriseId reason enterprise { id name uscc } partnerLevel { code }
}"""


# inspectionRate is domestic only: it is not in the partners' schema at all.
RATE = 'nzRate: inspectionRate(enterpriseId: "E-NZ", asOf: "2026-01-01") { rate creditClass facilitation }'


def ask(hub: Hub, key: str, partner: str, statements: int) -> tuple[dict[str, Any], list[str]]:
    domestic = key in (REGULATOR, ANALYST)
    reply = hub.gql(DOC.replace("RATE", RATE if domestic else ""), {"p": partner}, key=key)
    assert reply.status == 200
    # one statement per root field whatever the nesting; a refused field runs none
    assert reply.statements == statements
    return reply.body["data"], reply.error_messages


SELL = {"id": "E-SELL", "name": "Blue Harbor Trading", "uscc": "91350100MA00000011"}
GEN = {"id": "E-GEN", "name": "Golden Bridge Ltd", "uscc": "91350100MA00000022"}


async def test_regulator_and_analyst_see_everything(graph: AsyncDriver, hub: Hub) -> None:
    await recognition_graph(graph)
    for key in (REGULATOR, ANALYST):
        data, errors = ask(hub, key, "AG-SG-SC", 5)
        assert errors == []
        assert [(a["id"], a["direction"], a["status"]) for a in data["mine"]] == [
            ("ARR-CN-NZ", "ONE_WAY", "IN_FORCE"),
            ("ARR-CN-SG", "MUTUAL", "IN_FORCE"),
        ]
        assert data["mine"][0]["mappings"] == [
            {
                "fromLevel": {"id": "NZ-SES"},
                "toLevel": {"id": "GACC-ADV"},
                "facilitation": ["reduced inspection rate"],
            }
        ]
        assert data["sgScheme"] == {
            "id": "CS-SG",
            "agency": {"id": "AG-SG-SC"},
            "levels": [
                {"id": "SG-STP-PLUS", "rank": 1, "creditClass": "ADVANCED"},
                {"id": "SG-STP", "rank": 2, "creditClass": "GENERAL"},
            ],
        }
        assert data["sell"] == {
            "enterpriseId": "E-SELL",
            "reason": None,
            "enterprise": SELL,
            "partnerLevel": {"code": "STP+"},
        }
        assert [(a["enterpriseId"], a["reason"], a["enterprise"]) for a in data["batch"]] == [
            ("E-GEN", "LEVEL_NOT_MAPPED", GEN),
            ("E-NZ", "NOT_RATED", {"id": "E-NZ", "name": "Kiwi Exports", "uscc": None}),
            ("E-SELL", None, SELL),
        ]
        # GACC recognises NZ's SES one-way: ADVANCED, reduced inspection rate: 0.01 * 0.5
        assert data["nzRate"] == {
            "rate": 0.005,
            "creditClass": "ADVANCED",
            "facilitation": ["reduced inspection rate"],
        }


async def test_partner_sg_sees_its_arrangement_and_visible_firms_only(graph: AsyncDriver, hub: Hub) -> None:
    await recognition_graph(graph)
    data, errors = ask(hub, PARTNER_SG, "AG-SG-SC", 4)
    assert errors == []
    assert [a["id"] for a in data["mine"]] == ["ARR-CN-SG"]
    assert {p["id"] for p in data["mine"][0]["parties"]} == {"AG-CN-GACC", "AG-SG-SC"}
    assert data["sgScheme"]["id"] == "CS-SG"  # reference data
    assert data["sell"]["enterprise"] == SELL
    assert [(a["enterpriseId"], a["reason"], a["enterprise"]) for a in data["batch"]] == [
        ("E-GEN", "LEVEL_NOT_MAPPED", GEN),
        (None, "ENTERPRISE_UNKNOWN", None),  # NZ's firm: nothing through SG's arrangement
        ("E-SELL", None, SELL),
    ]
    refused = hub.gql("{" + RATE + "}", key=PARTNER_SG)
    assert refused.body.get("data") is None and refused.error_messages


async def test_partner_nz_has_a_one_way_credit_only_arrangement(graph: AsyncDriver, hub: Hub) -> None:
    await recognition_graph(graph)
    data, errors = ask(hub, PARTNER_NZ, "AG-NZ-MPI", 4)
    assert errors == []
    assert [a["id"] for a in data["mine"]] == ["ARR-CN-NZ"]
    # NZ never sees SG's arrangement, firms or answers
    assert data["sell"] == {
        "enterpriseId": None,
        "reason": "NO_ARRANGEMENT",
        "enterprise": None,
        "partnerLevel": None,
    }
    assert [(a["enterpriseId"], a["reason"], a["enterprise"]) for a in data["batch"]] == [
        (None, "NO_ARRANGEMENT", None),
        (None, "NO_ARRANGEMENT", None),
        (None, "NO_ARRANGEMENT", None),
    ]
    # and may not ask as SG
    _, errors = ask(hub, PARTNER_NZ, "AG-SG-SC", 2)
    assert "argument partnerAgencyId: a partner asks only as itself (AG-NZ-MPI)" in errors
