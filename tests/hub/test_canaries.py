"""Canaries: a unique value on every node kind, and every role asks for them by every route.

A canary counts as seen by a route when it is in the response but not in the
request (echoing the caller's own input reveals nothing). Each route must
show a role no canary outside what the role may see, and the routes together
must show each role everything it may see (so the test can fail both ways).
"""

import re
from dataclasses import dataclass, field

from neo4j import AsyncDriver

from tests.factories_access import ACCESS_GRAPH, access_graph
from tests.http import ADMIN, ANALYST, PARTNER_NZ, PARTNER_SG, REGULATOR, Hub

CANARY = re.compile(r"CANARY-[A-Z0-9]+-[A-Z]+")
EVERY = frozenset(CANARY.findall(ACCESS_GRAPH))
# SG's arrangement grants enterprise (via a rating in force), credit and recall; never parcels,
# persons, inspections, nor enterprises whose rating expired or was suspended or that nobody rates.
SG_MAY_SEE = frozenset({
    "CANARY-EVIS-NAME", "CANARY-EVIS-USCC", "CANARY-RT-VIS", "CANARY-P1-NAME", "CANARY-P2-NAME",
    "CANARY-B1-LOT", "CANARY-TC-CODE", "CANARY-R1-TITLE", "CANARY-A1-TITLE",
})  # fmt: skip
MAY_SEE = {REGULATOR: EVERY, ANALYST: EVERY, ADMIN: EVERY, PARTNER_SG: SG_MAY_SEE, PARTNER_NZ: frozenset()}


@dataclass(frozen=True)
class Route:
    name: str
    query: str
    # a narrower allowance for this route (e.g. a filter must not reach through to more)
    narrower: dict[str, frozenset[str]] = field(default_factory=dict)


ROUTES = [
    Route(
        "root field and aliases",
        """{
      vis: enterprise(id: "E-VIS") { name uscc } exp: enterprise(id: "E-EXP") { name uscc }
      sus: enterprise(id: "E-SUS") { name uscc } unr: enterprise(id: "E-UNR") { name }
      sell: enterprise(id: "E-SELL") { name } p1: product(id: "P1") { name } b1: batch(id: "B1") { lotCode } }""",
    ),
    Route(
        "connections",
        """{
      enterprises(first: 50) { edges { node { name uscc } } } products(first: 50) { edges { node { name } } }
      recalls(first: 10) { edges { node { title } } } agencies(first: 10) { edges { node { name } } } }""",
    ),
    Route(
        "nested",
        """{
      recall(id: "R1") { title targetBatches { lotCode traceCodes(first: 5) { edges { node { code } } }
                         product { name maker { name uscc } } } }
      product(id: "P2") { maker { name products(first: 5) { edges { node { name } } } } } }""",
    ),
    Route(
        "fragments",
        """query {
      enterprises(first: 50) { edges { node { ...E } } }
      traceCode(code: "CANARY-TC-CODE") { ... on TraceCodeFound { ...T } }
    }
    fragment E on Enterprise { name uscc }
    fragment T on TraceCodeFound { batch { lotCode } maker { ...E } recalls { title } riskAlerts { title } }""",
    ),
    Route(
        "filter arguments",
        """{
      byHiddenMaker: products(first: 5, filter: {makerId: "E-UNR"}) { edges { node { name } } }
      byExpiredMaker: products(first: 5, filter: {makerId: "E-EXP"}) { edges { node { name } } }
      byVisibleMaker: products(first: 5, filter: {makerId: "E-VIS"}) { edges { node { name } } }
      byId: enterprises(first: 5, filter: {identifier: "E-EXP"}) { edges { node { name uscc } } }
      byName: enterprises(first: 5, filter: {nameContains: "canary"}) { edges { node { name } } } }""",
        {PARTNER_SG: frozenset({"CANARY-P2-NAME", "CANARY-EVIS-NAME"})},
    ),
    Route(
        "credit on dates",
        """{
      now: creditStanding(enterpriseId: "E-VIS") { enterprise { name } ratings { id } }
      old: creditStanding(enterpriseId: "E-EXP", asOf: "2019-06-01") { enterprise { name } ratings { id } }
      sus: creditStanding(enterpriseId: "E-SUS") { enterprise { name } ratings { id } } }""",
    ),
    Route(
        "parcel level and related parties (domestic schema only)",
        """{
      shipments(first: 5) { edges { node { waybill consigneeRef declaration { number } seller { name } } } }
      ultimateOwners(enterpriseId: "E-VIS") { owner { name } }
      relatedParties(enterpriseId: "E-VIS", maxHops: 2) { edges { node { enterprise { name } paths { text } } } }
      traceCode(code: "CANARY-TC-CODE") { ... on TraceCodeFound { inspections { findings } sellers { name } } }
      recall(id: "R1") { impact { shipments(first: 5) { edges { node { waybill consigneeRef } } } } } }""",
    ),
    Route(
        "error messages",
        """{
      products(first: 5, after: "bogus") { edges { node { name } } }
      enterprise(id: "E-EXP") { name shipments(role: SELLER) { totalCount } } }""",
    ),
    Route(
        "error messages of the mutation",
        """mutation {
      issueRecall(input: {clientRequestId: "c-1", targets: {batchIds: ["B1"]}, measure: MANDATORY_RECALL,
                          riskLevel: HIGH, title: "", hazard: "h", reason: "r"}) {
        __typename ... on InvalidInput { field message } ... on Forbidden { message } } }""",
    ),
]


def seen(response: str, request: str) -> set[str]:
    return set(CANARY.findall(response)) - set(CANARY.findall(request))


async def test_canaries_appear_only_where_allowed(graph: AsyncDriver, hub: Hub) -> None:
    await access_graph(graph)
    leaks: list[str] = []
    for key, allowed in MAY_SEE.items():
        shown: set[str] = set()
        for route in ROUTES:
            reply = hub.client.post(
                "/graphql", json={"query": route.query}, headers={"Authorization": f"Bearer {key}"}
            )
            found = seen(reply.text, route.query)
            shown |= found
            for leaked in sorted(found - route.narrower.get(key, allowed)):
                leaks.append(f"{key}: {route.name}: {leaked}")
        export = hub.client.get(
            "/exports/recalls/R1/shipments.csv", headers={"Authorization": f"Bearer {key}"}
        )
        found = seen(export.text, "")
        shown |= found
        leaks += [f"{key}: export: {leaked}" for leaked in sorted(found - allowed)]
        # every canary the role may see is reached by some route: the routes do reach the data
        assert shown == allowed, (key, sorted(allowed - shown))
        if key not in (PARTNER_SG, PARTNER_NZ):
            assert "CANARY-S1-WAYBILL" in export.text
        else:
            assert export.status_code == 403
    assert leaks == []


async def test_partner_requests_for_domestic_fields_fail_whole(graph: AsyncDriver, hub: Hub) -> None:
    """A document naming a field outside the partner schema runs nothing: no data at all."""
    await access_graph(graph)
    for key in (PARTNER_SG, PARTNER_NZ):
        reply = hub.gql(ROUTES[6].query, key=key)
        assert reply.body["data"] is None and reply.statements in (None, 0)
        assert all(m.startswith("Cannot query field") for m in reply.error_messages)
