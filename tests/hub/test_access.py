"""Partner leaks: filter arguments, expired and suspended ratings, arrangement dates, parcels."""

import datetime as dt
from typing import Any

import pytest
from neo4j import AsyncDriver

from hub import policy
from hub.auth import Role
from tests.factories_access import access_graph, set_arrangement
from tests.http import ANALYST, PARTNER_NZ, PARTNER_SG, REGULATOR, Hub

TODAY = dt.date.today()
DAY = dt.timedelta(days=1)

BY_MAKER = (
    "query($m: ID!) { products(first: 10, filter: {makerId: $m}) { totalCount edges { node { id } } } }"
)
ONE = "query($id: ID!) { enterprise(id: $id) { id name uscc } }"
BY_IDENTIFIER = "query($x: String!) { enterprises(first: 10, filter: {identifier: $x}) { totalCount edges { node { id } } } }"
STANDING = "query($id: ID!, $on: Date) { creditStanding(enterpriseId: $id, asOf: $on) { ratings { id } } }"
SCOPES = """{ enterprises(first: 10) { totalCount } products(first: 10) { totalCount }
  recalls(first: 10) { totalCount } batch(id: "B1") { id } enterprise(id: "E-VIS") { id } }"""


def products(hub: Hub, maker: str, key: str) -> dict[str, Any]:
    return hub.gql(BY_MAKER, {"m": maker}, key=key).data["products"]  # type: ignore[no-any-return]


async def test_a_filter_naming_an_invisible_enterprise_filters_to_nothing(
    graph: AsyncDriver, hub: Hub
) -> None:
    await access_graph(graph)
    # SG holds a recall grant, so it sees product P1, but not its unrated maker E-UNR ...
    assert hub.gql('{ product(id: "P1") { id maker { id } } }', key=PARTNER_SG).data == {
        "product": {"id": "P1", "maker": None}
    }
    # ... and filtering products by E-UNR answers exactly as for an unknown enterprise
    unknown = products(hub, "E-NOPE", PARTNER_SG)
    assert products(hub, "E-UNR", PARTNER_SG) == unknown == {"totalCount": 0, "edges": []}
    assert products(hub, "E-VIS", PARTNER_SG)["edges"] == [{"node": {"id": "P2"}}]
    assert products(hub, "E-UNR", REGULATOR)["edges"] == [{"node": {"id": "P1"}}]
    # an identifier of an invisible enterprise finds nothing either
    assert (
        hub.gql(BY_IDENTIFIER, {"x": "CANARY-EEXP-USCC"}, key=PARTNER_SG).data["enterprises"]["totalCount"]
        == 0
    )
    assert (
        hub.gql(BY_IDENTIFIER, {"x": "CANARY-EVIS-USCC"}, key=PARTNER_SG).data["enterprises"]["totalCount"]
        == 1
    )


async def test_only_a_rating_in_force_on_the_date_asked_makes_an_enterprise_visible(
    graph: AsyncDriver, hub: Hub
) -> None:
    await access_graph(graph)
    seen = {
        e: hub.gql(ONE, {"id": e}, key=PARTNER_SG).data["enterprise"] for e in ("E-VIS", "E-EXP", "E-SUS")
    }
    assert seen == {"E-VIS": {"id": "E-VIS", "name": "CANARY-EVIS-NAME", "uscc": "CANARY-EVIS-USCC"},
                    "E-EXP": None, "E-SUS": None}  # fmt: skip
    listed = hub.gql("{ enterprises(first: 10) { edges { node { id } } } }", key=PARTNER_SG).data
    assert [e["node"]["id"] for e in listed["enterprises"]["edges"]] == ["E-VIS"]
    # E-EXP was rated 2019-01-01 .. 2020-01-01, but the arrangement was signed in 2024:
    # on no date does SG see it, while a regulator sees the rating of 2019
    assert (
        hub.gql(STANDING, {"id": "E-EXP", "on": "2019-06-01"}, key=PARTNER_SG).data["creditStanding"] is None
    )
    assert hub.gql(STANDING, {"id": "E-EXP", "on": "2019-06-01"}).data["creditStanding"] == {
        "ratings": [{"id": "CANARY-RT-EXP"}]
    }
    # E-VIS's rating begins 2025-01-01 (inclusive): not visible the day before
    on = {d: hub.gql(STANDING, {"id": "E-VIS", "on": d}, key=PARTNER_SG).data["creditStanding"]
          for d in ("2024-12-31", "2025-01-01")}  # fmt: skip
    assert on == {"2024-12-31": None, "2025-01-01": {"ratings": [{"id": "CANARY-RT-VIS"}]}}
    # expiry is exclusive: a rating that ends today no longer counts today
    await graph.execute_query("MATCH (r:Rating {ratingId: 'CANARY-RT-VIS'}) SET r.validTo = $d", d=TODAY)
    assert hub.gql(ONE, {"id": "E-VIS"}, key=PARTNER_SG).data["enterprise"] is None
    assert hub.gql(ONE, {"id": "E-VIS"}, key=ANALYST).data["enterprise"]["uscc"] == "CANARY-EVIS-USCC"


async def test_an_arrangement_grants_nothing_before_signing_nor_from_its_end(
    graph: AsyncDriver, hub: Hub
) -> None:
    await access_graph(graph)

    def scopes() -> tuple[int, int, int, bool, bool]:
        d = hub.gql(SCOPES, key=PARTNER_SG).data
        return (d["enterprises"]["totalCount"], d["products"]["totalCount"], d["recalls"]["totalCount"],
                d["batch"] is not None, d["enterprise"] is not None)  # fmt: skip

    granted, nothing = (1, 2, 1, True, True), (0, 0, 0, False, False)
    assert scopes() == granted
    await set_arrangement(graph, TODAY + DAY, None)  # signed tomorrow
    assert scopes() == nothing
    await set_arrangement(graph, TODAY, None)  # signed today: in force from the signing day
    assert scopes() == granted
    await set_arrangement(graph, dt.date(2024, 6, 1), TODAY + DAY)  # ends tomorrow
    assert scopes() == granted
    await set_arrangement(graph, dt.date(2024, 6, 1), TODAY)  # ends today (exclusive)
    assert scopes() == nothing
    await set_arrangement(graph, None, None)  # never signed
    assert scopes() == nothing
    # NZ's arrangement grants everything, but is signed only next year
    nz = hub.gql(SCOPES, key=PARTNER_NZ).data
    assert (nz["enterprises"]["totalCount"], nz["products"]["totalCount"], nz["batch"]) == (0, 0, None)


async def test_a_grant_ended_today_also_hides_the_past(graph: AsyncDriver, hub: Hub) -> None:
    await access_graph(graph)
    await set_arrangement(graph, dt.date(2024, 6, 1), TODAY)
    # the rating was in force on 2025-06-01 and so was the arrangement, but it has ended now
    assert (
        hub.gql(STANDING, {"id": "E-VIS", "on": "2025-06-01"}, key=PARTNER_SG).data["creditStanding"] is None
    )


async def test_filing_status_needs_a_filing_grant(graph: AsyncDriver, hub: Hub) -> None:
    await access_graph(graph)
    query = """{ enterprise(id: "E-VIS") { filingStatus }
                 enterprises(first: 5, filter: {filingStatus: FILED}) { totalCount } }"""
    assert hub.gql(query, key=PARTNER_SG).data == {
        "enterprise": {"filingStatus": None},
        "enterprises": {"totalCount": 0},
    }
    assert hub.gql(query, key=REGULATOR).data == {
        "enterprise": {"filingStatus": "FILED"},
        "enterprises": {"totalCount": 2},
    }
    await graph.execute_query(
        "MATCH (a:Arrangement {arrangementId: 'ARR-CN-SG'}) SET a.grants = a.grants + 'filing'"
    )
    assert hub.gql(query, key=PARTNER_SG).data == {
        "enterprise": {"filingStatus": "FILED"},
        "enterprises": {"totalCount": 1},
    }


async def test_partner_introspection_shows_only_the_partner_schema(graph: AsyncDriver, hub: Hub) -> None:
    query = """{ __schema { mutationType { name } types { name } queryType { fields { name } } }
                 shipment: __type(name: "Shipment") { name } }"""
    partner = hub.gql(query, key=PARTNER_SG).data
    names = {t["name"] for t in partner["__schema"]["types"]}
    # the partners' one mutation is submitPartnerRating (issue 11)
    assert partner["shipment"] is None and partner["__schema"]["mutationType"] == {"name": "Mutation"}
    assert {"Enterprise", "Recall", "CreditStanding"} <= names
    assert names.isdisjoint({"Shipment", "Declaration", "Inspection", "Impact", "ImpactShipment", "Person",
                             "RelatedParties", "IssueRecallInput", "PartyPath", "UltimateOwner"})  # fmt: skip
    domestic = hub.gql(query, key=ANALYST).data
    assert domestic["shipment"] == {"name": "Shipment"} and domestic["__schema"]["mutationType"] == {
        "name": "Mutation"
    }
    # GraphiQL: the page itself needs no key, and its introspection query runs with the partner's key
    page = hub.client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    from graphql import get_introspection_query

    full = hub.gql(get_introspection_query(descriptions=True), key=PARTNER_SG).data
    assert "Shipment" not in {t["name"] for t in full["__schema"]["types"]}


async def test_a_partner_sees_its_own_ratings(graph: AsyncDriver, hub: Hub) -> None:
    await access_graph(graph)
    await graph.execute_query("""
        MATCH (sg:Agency {agencyId: 'AG-SG-SC'}), (e:Enterprise {enterpriseId: 'E-UNR'}),
              (lv:CreditLevel {levelId: 'GACC-ADV'})
        CREATE (r:Rating {ratingId: 'RT-SG-OWN', validFrom: date('2025-06-01')})
        CREATE (r)-[:GIVEN_BY]->(sg), (r)-[:RATES]->(e), (r)-[:AT_LEVEL]->(lv)
        """)  # fmt: skip
    own = {"creditStanding": {"ratings": [{"id": "RT-SG-OWN"}]}}
    assert hub.gql(STANDING, {"id": "E-UNR"}, key=PARTNER_SG).data == own
    assert hub.gql(STANDING, {"id": "E-UNR"}, key=REGULATOR).data == own
    # NZ shares no arrangement in force with SG or with us: it sees neither firm nor rating
    assert hub.gql(STANDING, {"id": "E-UNR"}, key=PARTNER_NZ).data == {"creditStanding": None}
    # before its own rating began, the firm is invisible to SG again
    assert hub.gql(STANDING, {"id": "E-UNR", "on": "2025-05-31"}, key=PARTNER_SG).data == {
        "creditStanding": None
    }


async def test_a_field_for_some_domestic_roles_only_is_refused_to_the_others(
    graph: AsyncDriver, hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    await access_graph(graph)
    # no such field today: declare shipments regulator-only for this test
    monkeypatch.setitem(policy.POLICY["Shipment"], "waybill", policy.Rule(frozenset({Role.REGULATOR})))
    query = "{ shipments(first: 5) { totalCount edges { node { id waybill } } } }"
    refused = hub.gql(query, key=ANALYST)
    assert refused.body["data"] is None and refused.statements in (None, 0)
    [error] = refused.body["errors"]
    assert error["message"] == "field Shipment.waybill is not available to the analyst role"
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert hub.gql(query, key=REGULATOR).data["shipments"]["totalCount"] == 1
    # a field whose resolver refuses with a typed result is left to it
    mutation = """mutation { issueRecall(input: {clientRequestId: "c", targets: {batchIds: ["B1"]},
      measure: MANDATORY_RECALL, riskLevel: HIGH, title: "t", hazard: "h", reason: "r"}) {
      __typename ... on Forbidden { message } } }"""
    assert hub.gql(mutation, key=ANALYST).data["issueRecall"]["__typename"] == "Forbidden"
