"""Related parties on a hand-built graph (tests/factories_parties.py) through the real app."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import AsyncDriver

from tests.factories_parties import party_graph
from tests.http import ANALYST, PARTNER_SG, Hub

RELATED = """
query($id: ID!, $hops: Int! = 3, $via: [LinkKind!], $asOf: Date, $first: Int! = 50, $after: String) {
  relatedParties(enterpriseId: $id, maxHops: $hops, via: $via, asOf: $asOf, first: $first, after: $after) {
    origin { id name } asOf maxHops via truncated totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      enterprise { id name kind enterpriseKind } distance strength
      signals { linkedTo { id } via { kind id } kinds }
      paths { text hops nodes { kind id } links { kind relationship role share since until forward } }
    } }
  }
}"""


def related(hub: Hub, eid: str = "E-S", **variables: Any) -> dict[str, Any]:
    reply = hub.gql(RELATED, {"id": eid, **variables})
    return reply.data["relatedParties"]  # type: ignore[no-any-return]


def distances(answer: dict[str, Any]) -> list[tuple[str, int]]:
    return [(e["node"]["enterprise"]["id"], e["node"]["distance"]) for e in answer["edges"]]


async def test_related_set_by_hop_in_order(graph: AsyncDriver, hub: Hub) -> None:
    await party_graph(graph)
    answer = related(hub)
    assert answer["origin"] == {"id": "E-S", "name": "Suspect Chem Trading"}
    assert answer["via"] == ["OWNERSHIP", "DIRECTORSHIP", "LEGAL_REPRESENTATIVE", "ADDRESS", "CONTACT"]
    assert not answer["truncated"] and answer["totalCount"] == 9
    # by distance, then strength (strongest first), then id
    assert [(e, d, n["node"]["strength"]) for (e, d), n in zip(distances(answer), answer["edges"], strict=True)] == [
        ("E-A", 1, 2), ("E-B", 1, 1), ("E-C", 1, 1), ("E-D", 1, 1), ("E-HOLD", 1, 1),
        ("E-M", 2, 2), ("E-F", 2, 1), ("E-J", 2, 1),
        ("E-G", 3, 1),
    ]  # fmt: skip
    # each hop count gives exactly the enterprises within it
    assert distances(related(hub, hops=1)) == [("E-A", 1), ("E-B", 1), ("E-C", 1), ("E-D", 1), ("E-HOLD", 1)]
    assert [e for e, _ in distances(related(hub, hops=2))] == [
        "E-A", "E-B", "E-C", "E-D", "E-HOLD", "E-M", "E-F", "E-J",
    ]  # fmt: skip
    assert distances(related(hub, hops=6)) == distances(answer)  # nothing beyond 3 hops


@pytest.mark.parametrize(
    ("via", "expected"),
    [
        (["ADDRESS"], [("E-B", 1), ("E-M", 2)]),
        (["CONTACT"], [("E-A", 1), ("E-C", 1), ("E-B", 2), ("E-M", 2)]),
        (["LEGAL_REPRESENTATIVE"], [("E-A", 1)]),
        (["DIRECTORSHIP"], []),  # P5 left E-S on 2024-01-01
        (["DIRECTORSHIP", "LEGAL_REPRESENTATIVE"], [("E-A", 1), ("E-F", 2)]),
        (["OWNERSHIP"], [("E-D", 1), ("E-HOLD", 1), ("E-J", 2)]),
        (["HOSTING"], [("E-PL", 1), ("E-K", 2)]),
        (["OWNERSHIP", "DIRECTORSHIP", "LEGAL_REPRESENTATIVE"],
         [("E-A", 1), ("E-D", 1), ("E-HOLD", 1), ("E-F", 2), ("E-J", 2), ("E-G", 3)]),
    ],
)  # fmt: skip
async def test_related_set_per_link_kind(
    graph: AsyncDriver, hub: Hub, via: list[str], expected: list[tuple[str, int]]
) -> None:
    await party_graph(graph)
    assert distances(related(hub, hops=6, via=via)) == expected


async def test_paths_signals_and_their_order(graph: AsyncDriver, hub: Hub) -> None:
    await party_graph(graph)
    nodes = {e["node"]["enterprise"]["id"]: e["node"] for e in related(hub)["edges"]}
    a = nodes["E-A"]
    assert a["signals"] == [
        {"linkedTo": {"id": "E-S"}, "via": {"kind": "CONTACT", "id": "CT2"}, "kinds": ["CONTACT"]},
        {"linkedTo": {"id": "E-S"}, "via": {"kind": "PERSON", "id": "P1"}, "kinds": ["LEGAL_REPRESENTATIVE"]},
    ]
    assert [p["text"] for p in a["paths"]] == [
        "Suspect Chem Trading (E-S) -[reachable at since 2016-01-01]-> +86-574-CT2 (CT2)"
        " <-[reachable at since 2016-01-01]- Alpha Trading (E-A)",
        "Suspect Chem Trading (E-S) <-[legal representative since 2018-01-01]- Person P1 (P1)"
        " -[legal representative since 2019-01-01]-> Alpha Trading (E-A)",
    ]
    # two shortest paths of two hops, ordered by the enterprise they pass through
    m = nodes["E-M"]
    assert [[n["id"] for n in p["nodes"]] for p in m["paths"]] == [
        ["E-S", "AD1", "E-B", "AD2", "E-M"],
        ["E-S", "CT1", "E-C", "CT4", "E-M"],
    ]
    assert {p["hops"] for p in m["paths"]} == {2}
    assert [s["linkedTo"]["id"] for s in m["signals"]] == ["E-B", "E-C"]
    # a direct ownership link is one hop; a parent's other subsidiary is two
    assert nodes["E-J"]["paths"][0]["text"] == (
        "Suspect Chem Trading (E-S) <-[owns 50% since 2015-01-01]- Holding Group (E-HOLD)"
        " -[owns 100% since 2015-01-01]-> Juliet Sales (E-J)"
    )
    assert nodes["E-HOLD"]["signals"] == [{"linkedTo": {"id": "E-S"}, "via": None, "kinds": ["OWNERSHIP"]}]
    g = nodes["E-G"]["paths"]
    assert len(g) == 2 and g[0]["links"][-1] == {
        "kind": "OWNERSHIP", "relationship": "OWNS", "role": None, "share": 1.0,
        "since": "2015-01-01", "until": None, "forward": True,
    }  # fmt: skip
    assert g[0]["text"].endswith(
        "Foxtrot Logistics (E-F) <-[director since 2020-01-01]- Person P4 (P4)"
        " -[owns 100% since 2015-01-01]-> Golf Beauty (E-G)"
    )


async def test_as_of_before_and_after_a_director_left(graph: AsyncDriver, hub: Hub) -> None:
    await party_graph(graph)
    before = related(hub, via=["DIRECTORSHIP"], asOf="2023-06-01")
    assert before["asOf"] == "2023-06-01" and distances(before) == [("E-H", 1)]
    [path] = before["edges"][0]["node"]["paths"]
    assert path["text"] == (
        "Suspect Chem Trading (E-S) <-[director since 2020-01-01 until 2024-01-01]- Person P5 (P5)"
        " -[director since 2019-06-01]-> Hotel Traders (E-H)"
    )
    assert distances(related(hub, via=["DIRECTORSHIP"], asOf="2024-01-01")) == []  # left that day
    assert distances(related(hub, via=["DIRECTORSHIP"])) == []  # today
    # before any link had begun, nothing is related
    assert related(hub, asOf="2010-01-01")["totalCount"] == 0


async def test_pages_cover_the_related_set_once(graph: AsyncDriver, hub: Hub) -> None:
    await party_graph(graph)
    seen: list[str] = []
    after = None
    while True:
        page = related(hub, first=4, after=after)
        seen += [e["node"]["enterprise"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [e for e, _ in distances(related(hub))]


async def test_ownership_ring_does_not_loop(graph: AsyncDriver, hub: Hub) -> None:
    await party_graph(graph)
    assert distances(related(hub, "E-R1", hops=6, via=["OWNERSHIP"])) == [("E-R2", 1), ("E-R3", 1)]
    assert distances(related(hub, "E-K1", hops=6, via=["OWNERSHIP"])) == [("E-K2", 1), ("E-K3", 1)]


OWNERS = """query($id: ID!, $asOf: Date) { ultimateOwners(enterpriseId: $id, asOf: $asOf) {
  owner { kind id } effectiveShare chainCount circular chains { text nodes { id } links { share } } } }"""


def owners(hub: Hub, eid: str, as_of: str | None = None) -> list[dict[str, Any]]:
    return hub.gql(OWNERS, {"id": eid, "asOf": as_of}).data["ultimateOwners"]  # type: ignore[no-any-return]


async def test_ultimate_owners_multiply_along_chains_and_add_across(graph: AsyncDriver, hub: Hub) -> None:
    await party_graph(graph)
    top = owners(hub, "E-C2")
    assert [(o["owner"]["id"], o["effectiveShare"], o["chainCount"], o["circular"]) for o in top] == [
        ("P-X", 0.5, 2, False),  # 60 % of 50 % is 30 %, plus 40 % of 50 %: 20 %
        ("P-Z", 0.3, 1, False),
        ("P-Y", 0.2, 1, False),
    ]
    assert [[n["id"] for n in c["nodes"]] for c in top[0]["chains"]] == [
        ["P-X", "E-C1", "E-C2"], ["P-X", "E-C3", "E-C2"],
    ]  # fmt: skip
    assert top[0]["chains"][0]["text"] == (
        "Person P-X (P-X) -[owns 60% since 2015-01-01]-> Chain One (E-C1)"
        " -[owns 50% since 2015-01-01]-> Chain Two (E-C2)"
    )
    assert owners(hub, "E-C2", "2014-12-31") == []  # no ownership had begun


async def test_ultimate_owners_through_a_ring(graph: AsyncDriver, hub: Hub) -> None:
    await party_graph(graph)
    # R3 owns 25 % of R1, R2 40 % of R3, R1 30 % of R2; persons own the rest of each.
    top = owners(hub, "E-R1")
    assert [(o["owner"]["id"], o["effectiveShare"], o["circular"]) for o in top] == [
        ("Q1", 0.75, False), ("Q3", 0.15, False), ("Q2", 0.07, False),
    ]  # fmt: skip
    # a pure ring has no owner outside it: the chain stops where it would close
    [ring] = owners(hub, "E-K1")
    assert (ring["owner"]["id"], ring["effectiveShare"], ring["circular"]) == ("E-K2", 1.0, True)
    assert [n["id"] for n in ring["chains"][0]["nodes"]] == ["E-K2", "E-K3", "E-K1"]


CONNECTION = """query($a: ID!, $b: ID!, $hops: Int! = 3, $via: [LinkKind!]) {
  connection(fromEnterpriseId: $a, toEnterpriseId: $b, maxHops: $hops, via: $via) {
    from { id } to { id } found distance truncated message paths { text nodes { id } } } }"""


async def test_connection_shortest_paths(graph: AsyncDriver, hub: Hub) -> None:
    await party_graph(graph)
    answer = hub.gql(CONNECTION, {"a": "E-S", "b": "E-G"}).data["connection"]
    assert answer["found"] and answer["distance"] == 3
    assert answer["message"] == "E-S and E-G are linked in 3 hops (2 shortest paths shown)"
    assert [[n["id"] for n in p["nodes"]] for p in answer["paths"]] == [
        ["E-S", "CT2", "E-A", "P3", "E-F", "P4", "E-G"],
        ["E-S", "P1", "E-A", "P3", "E-F", "P4", "E-G"],
    ]
    # the same paths read from the other end
    back = hub.gql(CONNECTION, {"a": "E-G", "b": "E-S"}).data["connection"]
    assert [[n["id"] for n in p["nodes"]][::-1] for p in back["paths"]] == [
        [n["id"] for n in p["nodes"]] for p in answer["paths"]
    ]
    # direct links, met in the middle and turned around
    dj = hub.gql(CONNECTION, {"a": "E-D", "b": "E-J"}).data["connection"]
    assert dj["paths"][0]["text"] == (
        "Delta Supply (E-D) <-[owns 100% since 2015-01-01]- Person P2 (P2)"
        " -[owns 50% since 2015-01-01]-> Suspect Chem Trading (E-S)"
        " <-[owns 50% since 2015-01-01]- Holding Group (E-HOLD)"
        " -[owns 100% since 2015-01-01]-> Juliet Sales (E-J)"
    )
    none = hub.gql(CONNECTION, {"a": "E-S", "b": "E-M", "hops": 1}).data["connection"]
    assert none == {
        "from": {"id": "E-S"}, "to": {"id": "E-M"}, "found": False, "distance": None,
        "truncated": False, "message": "no link within 1 hop between E-S and E-M", "paths": [],
    }  # fmt: skip
    apart = hub.gql(CONNECTION, {"a": "E-S", "b": "E-K", "hops": 6}).data["connection"]
    assert apart["message"] == "no link within 6 hops between E-S and E-K"  # hosting not followed
    hosted = hub.gql(CONNECTION, {"a": "E-S", "b": "E-K", "via": ["HOSTING"]}).data["connection"]
    assert hosted["distance"] == 2 and [n["id"] for n in hosted["paths"][0]["nodes"]] == [
        "E-S",
        "E-PL",
        "E-K",
    ]


async def test_hop_cap_bad_arguments_and_callers(graph: AsyncDriver, hub: Hub) -> None:
    await party_graph(graph)
    reply = hub.gql(RELATED, {"id": "E-S", "hops": 7})
    assert reply.error_messages == ["argument maxHops: must be between 1 and 6, got 7"]
    reply = hub.gql(RELATED, {"id": "E-S", "hops": 0})
    assert reply.error_messages == ["argument maxHops: must be between 1 and 6, got 0"]
    reply = hub.gql(RELATED, {"id": "E-S", "via": []})
    assert reply.error_messages == ["argument via: must name at least one link kind"]
    reply = hub.gql(RELATED, {"id": "nope"})
    assert reply.error_messages == ["argument enterpriseId: no enterprise with id 'nope'"]
    reply = hub.gql(CONNECTION, {"a": "E-S", "b": "E-S"})
    assert reply.error_messages == ["argument toEnterpriseId: must differ from fromEnterpriseId"]
    reply = hub.gql(CONNECTION, {"a": "E-S", "b": "nope", "hops": 9})
    assert reply.error_messages == ["argument maxHops: must be between 1 and 6, got 9"]
    reply = hub.gql(CONNECTION, {"a": "E-S", "b": "nope"})
    assert reply.error_messages == ["argument toEnterpriseId: no enterprise with id 'nope'"]
    reply = hub.gql('{ recallBlastRadius(recallId: "nope") { totalCount } }')
    assert reply.error_messages == ["argument recallId: no recall with id 'nope'"]
    # persons' names are domestic data: partner agencies get none of it
    # (the partner schema has no related-party fields at all: docs/access.md)
    reply = hub.gql(RELATED, {"id": "E-S"}, key=PARTNER_SG)
    assert reply.error_messages == [
        "Unknown type 'LinkKind'.", "Cannot query field 'relatedParties' on type 'Query'."
    ]  # fmt: skip
    assert reply.body["data"] is None
    assert related_ok(hub.gql(RELATED, {"id": "E-S"}, key=ANALYST).data)


def related_ok(data: dict[str, Any]) -> bool:
    return bool(data["relatedParties"]["totalCount"] == 9)


async def test_statements_bounded_by_hops(graph: AsyncDriver, hub: Hub) -> None:
    await party_graph(graph)
    for hops in (1, 3, 6):
        reply = hub.gql(RELATED, {"id": "E-S", "hops": hops})
        assert reply.data["relatedParties"]["totalCount"] > 0
        assert reply.statements is not None and reply.statements <= hops + 1  # origin + one per hop


RISK = """query($id: ID!, $hops: Int! = 2) { riskNeighbourhood(enterpriseId: $id, maxHops: $hops) {
  searched truncated parties { enterprise { id } distance risks path { text }
    orders { recallId measure made sold } failedInspectionCount failedInspections { inspectionId findings }
    dishonestRatings { levelId agencyId validFrom } } } }"""


async def test_risk_neighbourhood(graph: AsyncDriver, hub: Hub) -> None:
    await party_graph(graph)
    answer = hub.gql(RISK, {"id": "E-S"}).data["riskNeighbourhood"]
    assert answer["searched"] == 8 and not answer["truncated"]
    found = {p["enterprise"]["id"]: p for p in answer["parties"]}
    assert [(p["enterprise"]["id"], p["distance"], p["risks"]) for p in answer["parties"]] == [
        ("E-B", 1, ["DISPOSAL_ORDER"]),
        ("E-C", 1, ["FAILED_INSPECTION"]),
        ("E-D", 1, ["DISHONEST_CREDIT"]),
        ("E-M", 2, ["RECALL"]),
    ]
    assert found["E-B"]["orders"] == [
        {"recallId": "R-B", "measure": "STOP_SALE", "made": True, "sold": False}
    ]
    assert found["E-C"]["failedInspections"] == [{"inspectionId": "I-C", "findings": "undeclared chemical"}]
    assert found["E-D"]["dishonestRatings"] == [
        {"levelId": "GACC-DIS", "agencyId": "AG-CN-GACC", "validFrom": "2025-01-01"}
    ]
    assert found["E-M"]["orders"] == [
        {"recallId": "R-M", "measure": "MANDATORY_RECALL", "made": True, "sold": True}
    ]
    assert found["E-M"]["path"]["text"].startswith("Suspect Chem Trading (E-S) -[located at")
    one = hub.gql(RISK, {"id": "E-S", "hops": 1}).data["riskNeighbourhood"]
    assert [p["enterprise"]["id"] for p in one["parties"]] == ["E-B", "E-C", "E-D"]


BLAST = """query($id: ID!, $hops: Int! = 2, $first: Int! = 20, $after: String) {
  recallBlastRadius(recallId: $id, maxHops: $hops, first: $first, after: $after) {
    recallId productIds hsHeadings makers { id } sellers { id } truncated totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { enterprise { id } distance sameProduct
      made { productId hsCode sameProduct } sold { productId sameProduct } path { nodes { id } } } } } }"""


async def test_recall_blast_radius(graph: AsyncDriver, hub: Hub) -> None:
    await party_graph(graph)
    # R-Z recalls batch BZ1 of P-Z (heading 3304), made by E-MK and sold by E-S. Within two
    # hops of those two: E-B sold another batch of P-Z; E-A (via E-S) and E-MK2 (address AD9
    # shared with E-MK) make 3304 goods; E-M, two hops out, makes and sold lipstick (3304).
    # E-C makes motors (8501), E-D, E-HOLD, E-F and E-J trade nothing alike; E-G is 3 hops out.
    answer = hub.gql(BLAST, {"id": "R-Z"}).data["recallBlastRadius"]
    assert answer["productIds"] == ["P-Z"] and answer["hsHeadings"] == ["3304"]
    assert answer["makers"] == [{"id": "E-MK"}] and answer["sellers"] == [{"id": "E-S"}]
    assert answer["totalCount"] == 4 and not answer["truncated"]
    rows = [e["node"] for e in answer["edges"]]
    assert [(r["enterprise"]["id"], r["distance"], r["sameProduct"]) for r in rows] == [
        ("E-B", 1, True), ("E-A", 1, False), ("E-MK2", 1, False), ("E-M", 2, False),
    ]  # fmt: skip
    assert rows[0]["sold"] == [{"productId": "P-Z", "sameProduct": True}] and rows[0]["made"] == []
    assert rows[2]["made"] == [{"productId": "P-MK2", "hsCode": "3304300000", "sameProduct": False}]
    assert [n["id"] for n in rows[2]["path"]["nodes"]] == ["E-MK", "AD9", "E-MK2"]
    assert [n["id"] for n in rows[3]["path"]["nodes"]] == ["E-S", "AD1", "E-B", "AD2", "E-M"]
    three = hub.gql(BLAST, {"id": "R-Z", "hops": 3}).data["recallBlastRadius"]
    assert [e["node"]["enterprise"]["id"] for e in three["edges"]][-1] == "E-G"
    page = hub.gql(BLAST, {"id": "R-Z", "first": 3}).data["recallBlastRadius"]
    assert page["pageInfo"]["hasNextPage"]
    rest = hub.gql(BLAST, {"id": "R-Z", "first": 3, "after": page["pageInfo"]["endCursor"]}).data
    assert [e["node"]["enterprise"]["id"] for e in rest["recallBlastRadius"]["edges"]] == ["E-M"]


async def test_results_are_capped_nearest_and_strongest_first(
    graph: AsyncDriver, hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    await party_graph(graph)
    # The app runs in this process: a smaller cap shows what a full one does.
    monkeypatch.setattr("hub.data.parties.RELATED_CAP", 3)
    answer = related(hub, hops=6)
    assert answer["truncated"] and answer["totalCount"] == 3
    assert distances(answer) == [("E-A", 1), ("E-B", 1), ("E-C", 1)]
    monkeypatch.setattr("hub.data.parties.RELATED_CAP", 5)
    answer = related(hub, hops=6)  # hop 1 fills the cap exactly; hop 2 is not searched
    assert answer["truncated"] and [d for _, d in distances(answer)] == [1] * 5


async def test_partners_get_no_party_data(graph: AsyncDriver, hub: Hub) -> None:
    await party_graph(graph)
    queries = [
        '{ ultimateOwners(enterpriseId: "E-C2") { effectiveShare } }',
        '{ riskNeighbourhood(enterpriseId: "E-S") { searched } }',
        '{ connection(fromEnterpriseId: "E-S", toEnterpriseId: "E-A") { found } }',
        '{ recallBlastRadius(recallId: "R-Z") { totalCount } }',
    ]
    for query in queries:
        reply = hub.gql(query, key=PARTNER_SG)
        field = query.split("(")[0].strip("{ ")
        # (graphql-core may add a "Did you mean ...?" naming a partner field, e.g. recognition)
        [message] = reply.error_messages
        assert message.startswith(f"Cannot query field '{field}' on type 'Query'.")
        assert reply.body["data"] is None
