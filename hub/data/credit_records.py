"""Arrangements, credit schemes and the facts behind an inspection rate.

Arrangements: a partner sees only those it is party to (in Cypher); domestic
roles see all. Schemes and their level tables are reference data that every
authenticated caller may read, like the agency directory.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, LiteralString

from hub.auth import Principal
from hub.data.recognition import ARR_IN_FORCE, LEVEL
from runtime.db import Cypher

MAX_ARRANGEMENTS: Final = 100
MAX_MAPPINGS: Final = 500

ARRANGEMENT: Final[LiteralString] = (
    """a {.*,
  parties: [(a)<-[:PARTY_TO]-(x:Agency) | x {.*}][..10],
  mappings: [(f:CreditLevel)-[m:MAPS_TO {arrangementId: a.arrangementId}]->(t:CreditLevel)
             WHERE $allVersions OR ((m.since IS NULL OR m.since <= $asOf) AND (m.until IS NULL OR m.until > $asOf)) |
             {since: m.since, until: m.until, version: coalesce(m.version, 1),
              facilitation: coalesce(m.facilitation, []),
              from: f """
    + LEVEL.replace("@", "f")
    + """, to: t """
    + LEVEL.replace("@", "t")
    + """}][..500]
}"""
)

ARRANGEMENTS_OF: Final[LiteralString] = (
    """
MATCH (:Agency {agencyId: $partyId})-[:PARTY_TO]->(a:Arrangement)
WHERE $seeAll OR EXISTS { (:Agency {agencyId: $agencyId})-[:PARTY_TO]->(a) }
WITH a ORDER BY a.signedOn, a.arrangementId LIMIT 100
RETURN collect("""
    + ARRANGEMENT
    + ") AS arrangements"
)

ARRANGEMENT_BY_ID: Final[LiteralString] = (
    """
MATCH (a:Arrangement {arrangementId: $arrangementId})
WHERE $seeAll OR EXISTS { (:Agency {agencyId: $agencyId})-[:PARTY_TO]->(a) }
RETURN """
    + ARRANGEMENT
    + " AS arrangement"
)

SCHEMES_OF: Final[LiteralString] = (
    """
MATCH (s:CreditScheme)-[:OPERATED_BY]->(ag:Agency {agencyId: $operatorId})
WITH s, ag ORDER BY s.schemeId LIMIT 10
RETURN collect(s {.*, agency: ag {.*},
  levels: [(l:CreditLevel)-[:IN_SCHEME]->(s) | l """
    + LEVEL.replace("@", "l")
    + """][..50]}) AS schemes"""
)

# Domestic ratings in force set the class; a partner's rating in force, mapped
# onto a domestic level under an arrangement in force in which the domestic
# side recognises the partner, earns that level's class and facilitation.
RATE_FACTS: Final[LiteralString] = (
    """
MATCH (e:Enterprise {enterpriseId: $enterpriseId})
CALL (e) {
  OPTIONAL MATCH (e)<-[:RATES]-(rt:Rating)-[:GIVEN_BY]->(ag:Agency)
  WHERE rt.validFrom <= $asOf AND (rt.validTo IS NULL OR rt.validTo > $asOf)
    AND (rt.suspendedOn IS NULL OR rt.suspendedOn > $asOf) AND rt.origin IS NULL
  MATCH (rt)-[:AT_LEVEL]->(lv:CreditLevel)
  WITH rt, ag, lv ORDER BY rt.ratingId LIMIT 50
  RETURN collect({ratingId: rt.ratingId, agencyId: ag.agencyId, partner: ag.kind = 'partner',
    level: lv """
    + LEVEL.replace("@", "lv")
    + """,
    mapped: [(lv)-[m:MAPS_TO]->(to:CreditLevel)-[:IN_SCHEME]->(:CreditScheme)-[:OPERATED_BY]->(home:Agency)
             WHERE ag.kind = 'partner' AND home.kind <> 'partner'
               AND (m.since IS NULL OR m.since <= $asOf) AND (m.until IS NULL OR m.until > $asOf)
               AND EXISTS { MATCH (home)-[:PARTY_TO]->(a:Arrangement {arrangementId: m.arrangementId})<-[:PARTY_TO]-(ag)
                            WHERE 'credit' IN a.grants AND """
    + ARR_IN_FORCE
    + """
                              AND (coalesce(a.direction, 'mutual') = 'mutual' OR a.recognizerId = home.agencyId) } |
             {arrangementId: m.arrangementId, facilitation: coalesce(m.facilitation, []),
              level: to """
    + LEVEL.replace("@", "to")
    + """}][..20]}) AS ratings
}
RETURN e.enterpriseId AS enterpriseId, ratings"""
)


async def arrangements_of(cy: Cypher, who: Principal, party_id: str, as_of: dt.date) -> list[dict[str, Any]]:
    [record] = await cy.read(
        ARRANGEMENTS_OF, {"partyId": party_id, "asOf": as_of, "allVersions": False, **who.cypher_params()}
    )
    return record["arrangements"]  # type: ignore[no-any-return]


async def arrangement_by_id(
    cy: Cypher, who: Principal, arrangement_id: str, as_of: dt.date
) -> dict[str, Any] | None:
    records = await cy.read(
        ARRANGEMENT_BY_ID,
        {"arrangementId": arrangement_id, "asOf": as_of, "allVersions": False, **who.cypher_params()},
    )
    return records[0]["arrangement"] if records else None


async def schemes_of(cy: Cypher, operator_id: str) -> list[dict[str, Any]]:
    [record] = await cy.read(SCHEMES_OF, {"operatorId": operator_id})
    return record["schemes"]  # type: ignore[no-any-return]


async def rate_facts(cy: Cypher, enterprise_id: str, as_of: dt.date) -> list[dict[str, Any]] | None:
    """The ratings in force that set the sampling rate; None when the enterprise is unknown."""
    records = await cy.read(RATE_FACTS, {"enterpriseId": enterprise_id, "asOf": as_of})
    return records[0]["ratings"] if records else None
