"""The related-parties fast path (hub/schema/fast_parties.py) gives the general path's answers, for every role.

As tests/hub/test_fast_impact.py: each operation is asked as written and with
`@include(if: true)` on its root fields (which keeps it on the general path),
for every role's key; status and body must be equal, ANSWERED proves which
path answered, and the fast path never sends more statements.
"""

from typing import Any

import pytest
from neo4j import AsyncDriver

from hub.schema.fast_parties import ANSWERED
from tests.factories_parties import party_graph
from tests.http import ADMIN, ANALYST, PARTNER_NZ, PARTNER_SG, REGULATOR, Hub, assert_paths_agree

KEYS = (REGULATOR, ANALYST, ADMIN, PARTNER_SG, PARTNER_NZ)

NODE = "kind id name enterpriseKind __typename"
LINK = "kind relationship role share since until forward __typename"
PATH = "text hops nodes { " + NODE + " } links { " + LINK + " } __typename"
RELATED = (
    "query($id: ID!, $hops: Int! = 3, $via: [LinkKind!], $asOf: Date, $first: Int! = 50, $after: String) {"
    " relatedParties(enterpriseId: $id, maxHops: $hops, via: $via, asOf: $asOf, first: $first, after: $after) {"
    " __typename origin { " + NODE + " } asOf maxHops via truncated totalCount"
    " pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename }"
    " edges { cursor __typename node { __typename enterprise { " + NODE + " } distance strength"
    " signals { linkedTo { " + NODE + " } via { " + NODE + " } kinds __typename }"
    " paths { " + PATH + " } } } } }"
)
CONNECTION = (
    "query($a: ID!, $b: ID!, $hops: Int! = 3, $via: [LinkKind!], $asOf: Date) {"
    " connection(fromEnterpriseId: $a, toEnterpriseId: $b, maxHops: $hops, via: $via, asOf: $asOf) {"
    " __typename from { " + NODE + " } to { id } found distance truncated message paths { " + PATH + " } } }"
)

# (operation, variables, answered by the fast path for domestic roles)
OPERATIONS: list[tuple[str, dict[str, Any], bool]] = [
    (RELATED, {"id": "E-S"}, True),
    (RELATED, {"id": "E-S", "hops": 1, "first": 2}, True),
    (RELATED, {"id": "E-S", "first": 3, "after": "Y3Vyc29yOnYxOjE="}, True),
    (RELATED, {"id": "E-S", "via": ["CONTACT", "ADDRESS"], "asOf": "2016-06-01"}, True),
    (RELATED, {"id": "E-S", "via": ["HOSTING"], "hops": 6}, True),
    (
        """query($id: ID!) { a: relatedParties(enterpriseId: $id, maxHops: 2, first: 4) { ...R
            edges { node { paths { n: nodes { id } t: text } } } }
          b: connection(fromEnterpriseId: "E-D", toEnterpriseId: "E-J") { ... on PartyLinks { message } } }
        fragment R on RelatedParties { totalCount edges { node { enterprise { id } paths { hops } } } }""",
        {"id": "E-G"},
        True,
    ),
    (CONNECTION, {"a": "E-S", "b": "E-G"}, True),
    (CONNECTION, {"a": "E-G", "b": "E-S"}, True),
    (CONNECTION, {"a": "E-D", "b": "E-J"}, True),
    (CONNECTION, {"a": "E-S", "b": "E-M", "hops": 1}, True),
    (CONNECTION, {"a": "E-S", "b": "E-K", "via": ["HOSTING"]}, True),
    # left to the general path: errors it reports, other root fields
    (RELATED, {"id": "nope"}, False),
    (RELATED, {"id": "E-S", "hops": 7}, False),
    (RELATED, {"id": "E-S", "first": 0}, False),
    (RELATED, {"id": "E-S", "after": "bogus"}, False),
    (RELATED, {"id": "E-S", "via": []}, False),
    (CONNECTION, {"a": "E-S", "b": "E-S"}, False),
    (
        '{ relatedParties(enterpriseId: "E-S") { totalCount } ultimateOwners(enterpriseId: "E-A") { chainCount } }',
        {},
        False,
    ),
]


def general(query: str) -> str:
    """The same operation with `@include(if: true)` on each root field."""
    out, rest = "", query
    while True:
        found = [(rest.find(name), name) for name in ("relatedParties(", "connection(") if name in rest]
        if not found:
            return out + rest
        at, _ = min(found)
        close = rest.index(")", at) + 1
        out += rest[:close] + " @include(if: true)"
        rest = rest[close:]


@pytest.mark.parametrize("index", range(len(OPERATIONS)))
async def test_fast_and_general_parties_answer_alike_for_every_role(
    graph: AsyncDriver, hub: Hub, index: int
) -> None:
    await party_graph(graph)
    query, variables, fast = OPERATIONS[index]
    slow_query = general(query)
    assert slow_query != query
    for key in KEYS:
        domestic = key in (REGULATOR, ANALYST, ADMIN)  # the partners' schema has no related parties
        assert_paths_agree(hub, query, slow_query, variables, key, ANSWERED, fast and domestic)


@pytest.mark.parametrize("hops", [1, 2, 3])
async def test_fast_related_parties_take_one_statement_per_hop(
    graph: AsyncDriver, hub: Hub, hops: int
) -> None:
    await party_graph(graph)
    before = ANSWERED[0]
    reply = hub.gql(RELATED, {"id": "E-S", "hops": hops})
    assert ANSWERED[0] == before + 1
    assert reply.data["relatedParties"]["edges"]
    # the origin, then one per hop: not one per related enterprise or path
    assert reply.statements == hops + 1
