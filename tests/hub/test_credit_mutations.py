"""Rating and arrangement mutations: typed results naming the field, idempotency, history kept."""

from typing import Any

from neo4j import AsyncDriver

from tests.factories import DATABASE
from tests.factories_recognition import recognition_graph
from tests.http import ANALYST, PARTNER_NZ, PARTNER_SG, Hub

COMMON = """
  __typename
  ... on InvalidInput { field message }
  ... on Forbidden { message }
"""
RATING = (
    COMMON
    + """ ... on RatingSuccess { created rating { id enterpriseId validFrom validTo suspendedFrom reason
      partnerSubmitted level { id } agency { id } evidence { kind id } } }"""
)
ARRANGEMENT = (
    COMMON
    + """ ... on ArrangementSuccess { created arrangement { id version status direction
      versions { version effectiveFrom reason } mappings { fromLevel { id } toLevel { id } facilitation version } } }"""
)
RATE = "mutation($i: RateEnterpriseInput!) { rateEnterprise(input: $i) {" + RATING + "} }"
DOWNGRADE = "mutation($i: DowngradeInput!) { downgradeToDishonest(input: $i) {" + RATING + "} }"
SUSPEND = "mutation($i: SuspendRatingInput!) { suspendRating(input: $i) {" + RATING + "} }"
PARTNER = "mutation($i: PartnerRatingInput!) { submitPartnerRating(input: $i) {" + RATING + "} }"
SIGN = "mutation($i: SignArrangementInput!) { signArrangement(input: $i) {" + ARRANGEMENT + "} }"
AMEND = "mutation($i: AmendArrangementInput!) { amendArrangement(input: $i) {" + ARRANGEMENT + "} }"
END = "mutation($i: EndArrangementInput!) { endArrangement(input: $i) {" + ARRANGEMENT + "} }"
RECOGNITION = """query($id: ID!, $p: ID!, $asOf: Date) {
  recognition(enterpriseId: $id, partnerAgencyId: $p, asOf: $asOf) { reason arrangementId partnerLevel { id } } }"""


def run(hub: Hub, doc: str, given: dict[str, Any], key: str | None = None) -> dict[str, Any]:
    reply = hub.gql(doc, {"i": given}) if key is None else hub.gql(doc, {"i": given}, key=key)
    return next(iter(reply.data.values()))  # type: ignore[no-any-return]


def recognised(hub: Hub, enterprise: str, as_of: str, partner: str = "AG-SG-SC") -> tuple[Any, ...]:
    r = hub.gql(RECOGNITION, {"id": enterprise, "p": partner, "asOf": as_of}).data["recognition"]
    return r["reason"], r["arrangementId"], (r["partnerLevel"] or {}).get("id")


async def test_rate_enterprise_ends_the_previous_rating_and_is_idempotent(
    graph: AsyncDriver, hub: Hub
) -> None:
    await recognition_graph(graph)
    given = {"clientRequestId": "r-1", "enterpriseId": "E-SELL", "levelId": "GACC-GEN",
             "validFrom": "2026-02-01", "reason": "annual review"}  # fmt: skip
    reply = hub.gql(RATE, {"i": given})
    assert reply.statements == 2
    first = reply.data["rateEnterprise"]
    assert first["__typename"] == "RatingSuccess" and first["created"] is True
    rating = first["rating"]
    assert (rating["enterpriseId"], rating["level"], rating["validFrom"], rating["validTo"]) == (
        "E-SELL", {"id": "GACC-GEN"}, "2026-02-01", None,
    )  # fmt: skip
    old = await graph.execute_query(
        "MATCH (r:Rating {ratingId: 'RT-NEW'}) RETURN toString(r.validTo) AS to, r.endedBy AS by",
        database_=DATABASE,
    )
    assert (old.records[0]["to"], old.records[0]["by"]) == ("2026-02-01", rating["id"])  # ends the day before
    assert recognised(hub, "E-SELL", "2026-01-31") == (None, "ARR-CN-SG", "SG-STP-PLUS")
    assert recognised(hub, "E-SELL", "2026-02-01")[0] == "LEVEL_NOT_MAPPED"
    again = run(hub, RATE, given)
    assert (again["created"], again["rating"]["id"]) == (False, rating["id"])
    assert run(hub, RATE, {**given, "reason": "other"}) == {
        "__typename": "InvalidInput",
        "field": "input.clientRequestId",
        "message": "already used for a different request; use a new id for a new request",
    }
    count = await graph.execute_query("MATCH (r:Rating)-[:RATES]->(:Enterprise {enterpriseId: 'E-SELL'}) RETURN count(r) AS n", database_=DATABASE)  # fmt: skip
    assert count.records[0]["n"] == 3


async def test_rating_errors_name_the_field(graph: AsyncDriver, hub: Hub) -> None:
    await recognition_graph(graph)
    base = {"clientRequestId": "r-2", "enterpriseId": "E-SELL", "levelId": "GACC-GEN",
            "validFrom": "2026-02-01", "reason": "review"}  # fmt: skip
    cases = [
        ({"levelId": "SG-STP"}, "input.levelId", "no level SG-STP in a scheme operated by AG-CN-GACC"),
        ({"enterpriseId": "E-NOPE"}, "input.enterpriseId", "no enterprise E-NOPE"),
        (
            {"validFrom": "2024-12-31"},
            "input.validFrom",
            "must be after the start of the rating it replaces (RT-NEW)",
        ),
        ({"validTo": "2026-02-01"}, "input.validTo", "must be after validFrom (it is exclusive)"),
        ({"reason": "  "}, "input.reason", "must not be empty"),
    ]
    for change, field, message in cases:
        assert run(hub, RATE, {**base, **change}) == {
            "__typename": "InvalidInput",
            "field": field,
            "message": message,
        }
    assert run(hub, RATE, base, ANALYST)["__typename"] == "Forbidden"
    # partners' schema has no such mutation: the request is refused before it runs
    assert hub.gql(RATE, {"i": base}, key=PARTNER_SG).body.get("data") is None
    written = await graph.execute_query("MATCH (n:ClientRequest) RETURN count(n) AS n", database_=DATABASE)
    assert written.records[0]["n"] == 0  # nothing half written


async def test_downgrade_with_evidence_and_suspension(graph: AsyncDriver, hub: Hub) -> None:
    await recognition_graph(graph)
    given = {"clientRequestId": "d-1", "enterpriseId": "E-GEN", "validFrom": "2026-01-10", "reason": "fraud",
             "evidence": [{"kind": "INSPECTION", "id": "I-FAIL-1"}, {"kind": "RECALL", "id": "R-404"}]}  # fmt: skip
    assert run(hub, DOWNGRADE, given) == {
        "__typename": "InvalidInput",
        "field": "input.evidence[1].id",
        "message": "no recall R-404",
    }
    given["evidence"][1]["id"] = "R-1"
    done = run(hub, DOWNGRADE, given)["rating"]
    assert (done["level"], done["reason"], done["evidence"]) == (
        {"id": "GACC-DIS"}, "fraud", [{"kind": "INSPECTION", "id": "I-FAIL-1"}, {"kind": "RECALL", "id": "R-1"}]
    )  # fmt: skip
    assert recognised(hub, "E-GEN", "2026-01-10")[0] == "DISHONEST"
    suspend = {
        "clientRequestId": "s-1",
        "ratingId": "RT-NEW",
        "suspendedFrom": "2026-03-01",
        "reason": "audit",
    }
    assert run(hub, SUSPEND, suspend)["rating"]["suspendedFrom"] == "2026-03-01"
    assert recognised(hub, "E-SELL", "2026-03-01")[0] == "RATING_SUSPENDED"
    assert recognised(hub, "E-SELL", "2026-02-28")[0] is None
    again = {**suspend, "clientRequestId": "s-2"}
    assert run(hub, SUSPEND, again) == {"__typename": "InvalidInput", "field": "input.ratingId", "message": "already suspended from 2026-03-01"}  # fmt: skip
    early = {**suspend, "clientRequestId": "s-3", "ratingId": "RT-GEN", "suspendedFrom": "2023-01-01"}
    assert run(hub, SUSPEND, early)["field"] == "input.suspendedFrom"


async def test_partner_rating_own_scheme_only_and_who_sees_it(graph: AsyncDriver, hub: Hub) -> None:
    await recognition_graph(graph)
    given = {"clientRequestId": "p-1", "enterpriseId": "E-GEN", "levelId": "SG-STP", "validFrom": "2025-06-01",
             "aeoNumber": "SG-AEO-0077"}  # fmt: skip
    assert run(hub, PARTNER, given)["__typename"] == "Forbidden"  # a regulator may not
    assert run(hub, PARTNER, {**given, "levelId": "GACC-ADV"}, PARTNER_SG) == {
        "__typename": "InvalidInput", "field": "input.levelId", "message": "not a level of your own scheme (AG-SG-SC)"
    }  # fmt: skip
    assert run(hub, PARTNER, {**given, "aeoNumber": "SG-AEO-0042"}, PARTNER_SG)["field"] == "input.aeoNumber"
    done = run(hub, PARTNER, given, PARTNER_SG)
    assert (done["rating"]["partnerSubmitted"], done["rating"]["agency"]) == (True, {"id": "AG-SG-SC"})
    standing = """query { creditStanding(enterpriseId: "E-GEN", asOf: "2026-01-01") { ratings { agency { id } } } }"""
    seen = {}
    for name, key in (("regulator", None), ("analyst", ANALYST), ("sg", PARTNER_SG), ("nz", PARTNER_NZ)):
        data = (hub.gql(standing) if key is None else hub.gql(standing, key=key)).data["creditStanding"]
        seen[name] = sorted(r["agency"]["id"] for r in data["ratings"]) if data else None
    assert seen == {
        "regulator": ["AG-CN-GACC", "AG-SG-SC"],
        "analyst": ["AG-CN-GACC"],
        "sg": ["AG-CN-GACC", "AG-SG-SC"],
        "nz": None,
    }
    # the AEO number now finds the firm for SG
    many = """query { recognitions(identifiers: ["SG-AEO-0077"], partnerAgencyId: "AG-SG-SC", asOf: "2026-01-01")
      { matchedBy enterpriseId } }"""
    assert hub.gql(many, key=PARTNER_SG).data["recognitions"] == [
        {"matchedBy": "PARTNER_AEO_NUMBER", "enterpriseId": "E-GEN"}
    ]


async def test_sign_amend_end_arrangement(graph: AsyncDriver, hub: Hub) -> None:
    await recognition_graph(graph)
    sign = {"clientRequestId": "a-1", "name": "CN-NZ mutual 2026", "partnerAgencyId": "AG-NZ-MPI",
            "direction": "MUTUAL", "signedOn": "2026-01-01", "grants": ["CREDIT", "ENTERPRISE"],
            "mappings": [{"fromLevelId": "GACC-ADV", "toLevelId": "NZ-SES", "facilitation": ["priority clearance"]}]}  # fmt: skip
    wrong = {**sign, "mappings": [{"fromLevelId": "GACC-ADV", "toLevelId": "GACC-GEN"}]}
    assert run(hub, SIGN, wrong)["field"] == "input.mappings[0]"
    missing = {**sign, "mappings": [{"fromLevelId": "GACC-ADV", "toLevelId": "NZ-XX"}]}
    assert run(hub, SIGN, missing) == {"__typename": "InvalidInput", "field": "input.mappings[0].toLevelId", "message": "no level NZ-XX"}  # fmt: skip
    assert run(hub, SIGN, {**sign, "direction": "ONE_WAY"})["field"] == "input.recognizerAgencyId"
    assert hub.gql(SIGN, {"i": sign}, key=PARTNER_NZ).body.get("data") is None
    signed = run(hub, SIGN, sign)
    arr = signed["arrangement"]
    assert (signed["created"], arr["version"], arr["direction"]) == (True, 1, "MUTUAL")
    assert recognised(hub, "E-SELL", "2025-12-31", "AG-NZ-MPI")[0] == "ARRANGEMENT_NOT_YET_IN_FORCE"
    assert recognised(hub, "E-SELL", "2026-01-01", "AG-NZ-MPI") == (None, arr["id"], "NZ-SES")
    assert run(hub, SIGN, sign)["created"] is False

    amend = {"clientRequestId": "m-1", "arrangementId": "ARR-CN-SG", "effectiveFrom": "2026-01-01",
             "reason": "GEN now recognised", "mappings": [
                 {"fromLevelId": "GACC-ADV", "toLevelId": "SG-STP-PLUS",
                  "facilitation": ["reduced inspection rate", "priority clearance"]},
                 {"fromLevelId": "GACC-GEN", "toLevelId": "SG-STP", "facilitation": []}]}  # fmt: skip
    amended = run(hub, AMEND, amend)["arrangement"]
    assert amended["version"] == 2
    assert amended["versions"] == [
        {"version": 1, "effectiveFrom": "2024-06-01", "reason": "signed"},
        {"version": 2, "effectiveFrom": "2026-01-01", "reason": "GEN now recognised"},
    ]
    # the dropped SG->GACC mapping closed, the unchanged one carried on, GEN's one added
    assert sorted((m["fromLevel"]["id"], m["version"]) for m in amended["mappings"]) == [
        ("GACC-ADV", 1), ("GACC-GEN", 2),
    ]  # fmt: skip
    assert recognised(hub, "E-GEN", "2025-12-31")[0] == "LEVEL_NOT_MAPPED"
    assert recognised(hub, "E-GEN", "2026-01-01") == (None, "ARR-CN-SG", "SG-STP")
    backdated = {**amend, "clientRequestId": "m-2", "effectiveFrom": "2025-12-01"}
    assert run(hub, AMEND, backdated)["field"] == "input.effectiveFrom"
    kept = await graph.execute_query("MATCH ()-[m:MAPS_TO {arrangementId: 'ARR-CN-SG'}]->() RETURN count(m) AS n", database_=DATABASE)  # fmt: skip
    assert kept.records[0]["n"] == 3  # append-only: the closed mapping is still there

    end = {
        "clientRequestId": "e-1",
        "arrangementId": "ARR-CN-SG",
        "endedOn": "2026-03-01",
        "reason": "lapsed",
    }
    assert run(hub, END, end)["arrangement"]["status"] == "ENDED"
    assert recognised(hub, "E-SELL", "2026-02-28")[0] is None
    assert recognised(hub, "E-SELL", "2026-03-01")[0] == "ARRANGEMENT_ENDED"
    again = run(hub, END, {**end, "clientRequestId": "e-2"})
    assert again == {
        "__typename": "InvalidInput",
        "field": "input.arrangementId",
        "message": "already ended on 2026-03-01",
    }
