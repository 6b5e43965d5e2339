"""Credit standing and mutual recognition, for domestic and partner callers."""

from neo4j import AsyncDriver

from tests.factories_credit import credit_graph
from tests.http import PARTNER_NZ, PARTNER_SG, Hub

STANDING = """query($id: ID!, $asOf: Date, $under: ID) {
  creditStanding(enterpriseId: $id, asOf: $asOf, underAgencyId: $under) {
    asOf enterprise { id }
    ratings { id validFrom validTo agency { id } level { code rank dishonest schemeId }
      recognitions { arrangement { id } agency { id } level { id code schemeName } facilitation } }
  }
}"""


async def test_current_level_and_its_recognition(graph: AsyncDriver, hub: Hub) -> None:
    await credit_graph(graph)
    reply = hub.gql(STANDING, {"id": "E-SELL", "asOf": "2026-01-01"})
    standing = reply.data["creditStanding"]
    assert standing["asOf"] == "2026-01-01"
    assert standing["ratings"] == [
        {
            "id": "RT-NEW",
            "validFrom": "2025-01-01",
            "validTo": None,
            "agency": {"id": "AG-CN-GACC"},
            "level": {"code": "AEO-ADV", "rank": 1, "dishonest": False, "schemeId": "CS-GACC"},
            "recognitions": [
                {
                    "arrangement": {"id": "ARR-CN-SG"},
                    "agency": {"id": "AG-SG-SC"},
                    "level": {"id": "SG-STP-PLUS", "code": "STP+", "schemeName": "Secure Trade Partnership"},
                    "facilitation": ["reduced inspection rate", "priority clearance"],
                }
            ],
        }
    ]
    assert reply.statements == 1


async def test_as_of_an_earlier_date_gives_the_earlier_level(graph: AsyncDriver, hub: Hub) -> None:
    await credit_graph(graph)
    ratings = hub.gql(STANDING, {"id": "E-SELL", "asOf": "2024-12-31"}).data["creditStanding"]["ratings"]
    assert [(r["id"], r["level"]["code"], r["recognitions"]) for r in ratings] == [("RT-OLD", "GEN", [])]
    # before the arrangement was signed, Advanced maps to nothing
    none_yet = hub.gql(STANDING, {"id": "E-SELL", "asOf": "2024-01-01"}).data["creditStanding"]["ratings"]
    assert [r["id"] for r in none_yet] == ["RT-OLD"]


async def test_under_agency_filters_the_mappings(graph: AsyncDriver, hub: Hub) -> None:
    await credit_graph(graph)
    reply = hub.gql(STANDING, {"id": "E-SELL", "asOf": "2026-01-01", "under": "AG-NZ-MPI"})
    assert reply.data["creditStanding"]["ratings"][0]["recognitions"] == []


async def test_partners_see_only_what_arrangements_grant(graph: AsyncDriver, hub: Hub) -> None:
    await credit_graph(graph)
    sg = hub.gql(STANDING, {"id": "E-SELL", "asOf": "2026-01-01"}, key=PARTNER_SG).data["creditStanding"]
    assert [r["id"] for r in sg["ratings"]] == ["RT-NEW"]
    assert sg["ratings"][0]["recognitions"][0]["level"]["code"] == "STP+"
    assert hub.gql(STANDING, {"id": "E-SELL"}, key=PARTNER_NZ).data["creditStanding"] is None
    # an enterprise no partner-visible agency rates is invisible to the partner
    assert hub.gql(STANDING, {"id": "E-OTHER"}, key=PARTNER_SG).data["creditStanding"] is None


async def test_unknown_enterprise_is_null(graph: AsyncDriver, hub: Hub) -> None:
    await credit_graph(graph)
    assert hub.gql(STANDING, {"id": "E-NOPE"}).data == {"creditStanding": None}
