"""recognition / recognitions with worked answers (graph in tests/factories_recognition.py)."""

from typing import Any

from neo4j import AsyncDriver

from tests.factories_recognition import recognition_graph
from tests.http import PARTNER_NZ, PARTNER_SG, Hub

ANSWER = """fragment A on RecognitionAnswer {
  identifier matchedBy enterpriseId recognised reason message arrangementId facilitation
  rating { id agencyId validFrom validTo suspendedFrom level { code } }
  partnerLevel { id code schemeId }
}"""
ONE = (
    """query($id: ID!, $p: ID!, $asOf: Date) {
  recognition(enterpriseId: $id, partnerAgencyId: $p, asOf: $asOf) { ...A }
}"""
    + ANSWER
)
MANY = (
    """query($keys: [String!], $ids: [ID!], $p: ID!, $asOf: Date) {
  recognitions(identifiers: $keys, enterpriseIds: $ids, partnerAgencyId: $p, asOf: $asOf) { ...A }
}"""
    + ANSWER
)
SG = "AG-SG-SC"


def one(hub: Hub, enterprise: str, as_of: str, partner: str = SG, key: str | None = None) -> dict[str, Any]:
    variables = {"id": enterprise, "p": partner, "asOf": as_of}
    reply = hub.gql(ONE, variables) if key is None else hub.gql(ONE, variables, key=key)
    assert reply.statements == 1
    return reply.data["recognition"]  # type: ignore[no-any-return]


async def test_a_rating_that_changes_between_two_dates(graph: AsyncDriver, hub: Hub) -> None:
    await recognition_graph(graph)
    before = one(hub, "E-SELL", "2024-12-31")
    assert (before["recognised"], before["reason"]) == (False, "LEVEL_NOT_MAPPED")
    assert before["rating"]["id"] == "RT-OLD"
    assert before["message"] == (
        "level GEN of AG-CN-GACC has no mapping onto AG-SG-SC's scheme under ARR-CN-SG on 2024-12-31"
    )
    after = one(hub, "E-SELL", "2025-01-01")
    assert after == {
        "identifier": "E-SELL",
        "matchedBy": "ENTERPRISE_ID",
        "enterpriseId": "E-SELL",
        "recognised": True,
        "reason": None,
        "message": "recognised under ARR-CN-SG: AG-CN-GACC AEO-ADV -> STP+",
        "arrangementId": "ARR-CN-SG",
        "facilitation": ["reduced inspection rate", "priority clearance"],
        "rating": {
            "id": "RT-NEW",
            "agencyId": "AG-CN-GACC",
            "validFrom": "2025-01-01",
            "validTo": None,
            "suspendedFrom": None,
            "level": {"code": "AEO-ADV"},
        },
        "partnerLevel": {"id": "SG-STP-PLUS", "code": "STP+", "schemeId": "CS-SG"},
    }


async def test_expired_suspended_dishonest_and_unmapped(graph: AsyncDriver, hub: Hub) -> None:
    await recognition_graph(graph)
    day = "2026-01-01"
    expired = one(hub, "E-EXP", day)
    assert (expired["reason"], expired["rating"]["id"]) == ("RATING_EXPIRED", "RT-EXP")
    assert expired["message"] == "AG-CN-GACC's rating RT-EXP ended on 2025-06-01 (exclusive)"
    # still in force the day before its exclusive end
    assert one(hub, "E-EXP", "2025-05-31")["recognised"] is True
    suspended = one(hub, "E-SUSP", day)
    assert (suspended["reason"], suspended["message"]) == (
        "RATING_SUSPENDED",
        "AG-CN-GACC's rating RT-SUSP is suspended since 2025-09-01",
    )
    assert one(hub, "E-SUSP", "2025-08-31")["recognised"] is True
    dishonest = one(hub, "E-DIS", day)
    assert dishonest["reason"] == "DISHONEST"
    assert dishonest["partnerLevel"] is None and dishonest["facilitation"] == []
    assert one(hub, "E-GEN", day)["reason"] == "LEVEL_NOT_MAPPED"
    assert one(hub, "E-UNR", day)["reason"] == "NOT_RATED"  # the regulator may know it exists
    assert one(hub, "E-NOPE", day)["reason"] == "ENTERPRISE_UNKNOWN"


async def test_arrangement_not_yet_signed_and_one_way_asked_the_other_way(
    graph: AsyncDriver, hub: Hub
) -> None:
    await recognition_graph(graph)
    early = one(hub, "E-SELL", "2024-05-31")
    assert (early["reason"], early["message"]) == (
        "ARRANGEMENT_NOT_YET_IN_FORCE",
        "arrangement ARR-CN-SG was not yet signed on 2024-05-31",
    )
    assert one(hub, "E-SELL", "2024-06-01")["reason"] == "LEVEL_NOT_MAPPED"  # signed; still GEN then
    # NZ's only arrangement is one-way: GACC recognises NZ ratings, not NZ GACC's.
    nz = one(hub, "E-SELL", "2026-01-01", partner="AG-NZ-MPI")
    assert (nz["reason"], nz["arrangementId"]) == ("NO_ARRANGEMENT", None)
    assert (
        nz["message"]
        == "ARR-CN-NZ one-way only: AG-NZ-MPI's ratings are recognised there, not the other way round"
    )


async def test_a_list_mixing_ids_usccs_eoris_aeo_numbers_and_unknowns(graph: AsyncDriver, hub: Hub) -> None:
    await recognition_graph(graph)
    keys = ["E-SELL", "91350100MA00000022", "SG-AEO-0042", "CN0000000033", "NOPE", "E-EXP", "E-SUSP", "E-UNR"]
    reply = hub.gql(MANY, {"keys": keys, "p": SG, "asOf": "2026-01-01"})
    assert reply.statements == 1
    got = [
        (a["identifier"], a["matchedBy"], a["enterpriseId"], a["reason"]) for a in reply.data["recognitions"]
    ]
    assert got == [
        ("E-SELL", "ENTERPRISE_ID", "E-SELL", None),
        ("91350100MA00000022", "USCC", "E-GEN", "LEVEL_NOT_MAPPED"),
        ("SG-AEO-0042", "PARTNER_AEO_NUMBER", "E-SELL", None),
        ("CN0000000033", "EORI", "E-DIS", "DISHONEST"),
        ("NOPE", None, None, "ENTERPRISE_UNKNOWN"),
        ("E-EXP", "ENTERPRISE_ID", "E-EXP", "RATING_EXPIRED"),
        ("E-SUSP", "ENTERPRISE_ID", "E-SUSP", "RATING_SUSPENDED"),
        ("E-UNR", "ENTERPRISE_ID", "E-UNR", "NOT_RATED"),
    ]
    # the same list asked by the partner itself: firms it may not see keep their reason, lose their id
    mine = hub.gql(MANY, {"keys": keys, "p": SG, "asOf": "2026-01-01"}, key=PARTNER_SG).data["recognitions"]
    assert [(a["enterpriseId"], a["reason"]) for a in mine] == [
        ("E-SELL", None),
        ("E-GEN", "LEVEL_NOT_MAPPED"),
        ("E-SELL", None),
        ("E-DIS", "DISHONEST"),
        (None, "ENTERPRISE_UNKNOWN"),
        (None, "RATING_EXPIRED"),
        (None, "RATING_SUSPENDED"),
        (None, "ENTERPRISE_UNKNOWN"),
    ]
    # enterpriseIds look up our ids only: an AEO number is then unknown
    by_id = hub.gql(MANY, {"ids": ["SG-AEO-0042", "E-SELL"], "p": SG, "asOf": "2026-01-01"}).data
    assert [a["reason"] for a in by_id["recognitions"]] == ["ENTERPRISE_UNKNOWN", None]


async def test_one_statement_for_one_and_for_a_thousand(graph: AsyncDriver, hub: Hub) -> None:
    await recognition_graph(graph)
    keys = [f"X-{i}" if i % 7 else "E-SELL" for i in range(1000)]
    reply = hub.gql(MANY, {"keys": keys, "p": SG, "asOf": "2026-01-01"})
    assert reply.statements == 1
    answers = reply.data["recognitions"]
    assert len(answers) == 1000
    assert sum(a["recognised"] for a in answers) == len(range(0, 1000, 7))
    assert answers[1]["identifier"] == "X-1" and answers[1]["reason"] == "ENTERPRISE_UNKNOWN"
    assert hub.gql(MANY, {"keys": keys[:1], "p": SG, "asOf": "2026-01-01"}).statements == 1
    too_many = hub.gql(MANY, {"keys": [*keys, "E-SELL"], "p": SG})
    assert too_many.error_messages == ["argument identifiers: at most 1000 per call"]


async def test_a_partner_asks_only_as_itself(graph: AsyncDriver, hub: Hub) -> None:
    await recognition_graph(graph)
    reply = hub.gql(ONE, {"id": "E-SELL", "p": SG}, key=PARTNER_NZ)
    assert reply.body["data"] is None
    assert reply.error_messages == ["argument partnerAgencyId: a partner asks only as itself (AG-NZ-MPI)"]


RATE = """query($id: ID!, $asOf: Date) { inspectionRate(enterpriseId: $id, asOf: $asOf) {
  rate creditClass ruleVersion ratingIds facilitation steps { ruleId ruleVersion kind action rate } } }"""


async def test_inspection_rate_from_the_sampling_rule(graph: AsyncDriver, hub: Hub) -> None:
    await recognition_graph(graph)

    def rate(enterprise: str, as_of: str = "2026-01-01") -> dict[str, Any]:
        reply = hub.gql(RATE, {"id": enterprise, "asOf": as_of})
        assert reply.statements == 1
        return reply.data["inspectionRate"]  # type: ignore[no-any-return]

    sell = rate("E-SELL")
    assert (sell["rate"], sell["creditClass"], sell["ratingIds"], sell["facilitation"]) == (
        0.01, "ADVANCED", ["RT-NEW"], [],
    )  # fmt: skip
    assert sell["steps"] == [
        {"ruleId": "sampling-rate", "ruleVersion": "SR-2026.1", "kind": "base",
         "action": "base rate of class ADVANCED (level GACC-ADV)", "rate": 0.01},
        {"ruleId": "sampling-rate", "ruleVersion": "SR-2026.1", "kind": "round",
         "action": "rounded half-up to 0.0001", "rate": 0.01},
    ]  # fmt: skip
    assert rate("E-SELL", "2024-06-01")["rate"] == 0.05  # GEN then
    assert (rate("E-DIS")["rate"], rate("E-DIS")["creditClass"]) == (0.8, "DISHONEST")
    assert (rate("E-UNR")["rate"], rate("E-UNR")["creditClass"]) == (0.1, "UNRATED")
    assert rate("E-SUSP")["creditClass"] == "UNRATED"  # a suspended rating is not in force
    nz = rate("E-NZ")
    assert (nz["rate"], nz["creditClass"], nz["facilitation"]) == (
        0.005,
        "ADVANCED",
        ["reduced inspection rate"],
    )
    assert nz["steps"][1]["action"] == "facilitation reduced_inspection_rate: multiplied by 0.5"
    assert rate("E-NZ", "2022-12-31")["creditClass"] == "UNRATED"  # before NZ rated it
    assert hub.gql(RATE, {"id": "E-NOPE"}).data == {"inspectionRate": None}
