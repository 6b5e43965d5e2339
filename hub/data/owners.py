"""Ultimate owners: who sits at the top of every ownership chain above an enterprise.

A chain is a simple path of OWNS links valid at the date asked, walked
upwards from the enterprise; it visits each enterprise once, so a ring of
cross-holdings is walked round once and never again. A chain stops at a
person, at an enterprise with no owner at that date, or at an enterprise
whose every owner is already on the chain (it closes a ring: reported with
`circular`). The effective share of a top owner is the product of the shares
along a chain, summed over all its chains.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, LiteralString

from hub.auth import Principal
from hub.data.parties import UnknownEnterprise, load_origins, require_domestic
from runtime.db import Cypher

MAX_DEPTH: Final = 10
MAX_CHAINS: Final = 10_000
CHAINS_SHOWN: Final = 5

_VALID: Final[LiteralString] = (
    "(r.since IS NULL OR r.since <= $asOf) AND (r.until IS NULL OR r.until > $asOf)"
)

# The depth bound is literal (Cypher cannot take it as a parameter): MAX_DEPTH.
ULTIMATE_OWNERS: Final[LiteralString] = (
    "MATCH (t:Enterprise {enterpriseId: $id})"
    " MATCH p = (top)-[:OWNS*1..10]->(t)"
    " WHERE all(r IN relationships(p) WHERE " + _VALID + ")"
    " AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))"
    " AND NOT EXISTS { MATCH (o)-[r:OWNS]->(top) WHERE " + _VALID + " AND NOT o IN nodes(p) }"
    " WITH top, p LIMIT $maxChains"
    " WITH top, p, reduce(s = 1.0, r IN relationships(p) | s * toFloat(r.share)) AS share"
    " ORDER BY share DESC, length(p)"
    " WITH top, sum(share) AS effective, count(p) AS chains,"
    " collect({nodes: [n IN nodes(p) | CASE WHEN n:Person"
    " THEN {kind: 'PERSON', id: n.personId, name: n.name}"
    " ELSE {kind: 'ENTERPRISE', id: n.enterpriseId, name: n.name, type: n.kind} END],"
    " links: [r IN relationships(p) | {kind: 'OWNERSHIP', rel: 'OWNS', role: null,"
    " share: toFloat(r.share), since: r.since, until: r.until, start: true}]})[..$shown] AS sample"
    " RETURN CASE WHEN top:Person THEN {kind: 'PERSON', id: top.personId, name: top.name}"
    " ELSE {kind: 'ENTERPRISE', id: top.enterpriseId, name: top.name, type: top.kind} END AS owner,"
    " effective, chains, sample,"
    " EXISTS { MATCH (o)-[r:OWNS]->(top) WHERE " + _VALID + " } AS circular"
    " ORDER BY effective DESC, owner.id"
)


async def ultimate_owners(
    cy: Cypher, who: Principal, enterprise_id: str, as_of: dt.date | None
) -> list[dict[str, Any]]:
    """One row per top owner: owner, effective (share), chains, sample (paths), circular."""
    require_domestic(who)
    if not await load_origins(cy, [enterprise_id]):
        raise UnknownEnterprise("enterpriseId", enterprise_id)
    return await cy.read_maps(  # maps, lists and scalars only
        ULTIMATE_OWNERS,
        {
            "id": enterprise_id,
            "asOf": as_of or dt.date.today(),
            "maxChains": MAX_CHAINS,
            "shown": CHAINS_SHOWN,
        },
    )
