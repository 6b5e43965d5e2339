"""Recognition facts for up to 1,000 identifiers in ONE statement.

The statement resolves each identifier (our id, USCC, EORI, or the partner's
own AEO number), then gathers the partner's arrangements and the firm's
ratings by the other parties of those arrangements, with the mappings of
each rated level onto the partner's scheme. `hub.rules.recognition` decides
from these facts. What a partner may see is filtered here, in Cypher: only
arrangements it is party to; a firm's details only through an `enterprise`
grant of an arrangement in force on the date with a rating in force.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final, LiteralString

from hub.auth import Principal
from hub.rules.recognition import Decision, decide
from runtime.db import Cypher

MAX_IDENTIFIERS: Final = 1000
MATCHED_BY: Final = ("ENTERPRISE_ID", "USCC", "EORI", "PARTNER_AEO_NUMBER")

# In force on $asOf: signed and started on or before it, not ended on or before it.
ARR_IN_FORCE: Final[LiteralString] = (
    "(a.signedOn IS NOT NULL AND a.signedOn <= $asOf AND coalesce(a.inForceFrom, a.signedOn) <= $asOf"
    " AND (a.endsOn IS NULL OR a.endsOn > $asOf))"
)

LEVEL: Final[LiteralString] = (
    "{.levelId, .code, .name, .rank, .dishonest, .creditClass, "
    "schemeId: head([(@)-[:IN_SCHEME]->(s:CreditScheme) | s.schemeId]), "
    "schemeName: head([(@)-[:IN_SCHEME]->(s:CreditScheme) | s.name])}"
)

RECOGNITIONS: Final[LiteralString] = (
    """
CALL () {
  OPTIONAL MATCH (p:Agency {agencyId: $partnerId})-[:PARTY_TO]->(a:Arrangement)<-[:PARTY_TO]-(home:Agency)
  WHERE home <> p
  RETURN collect(a {.*, homeAgencyId: home.agencyId}) AS arrangements
}
WITH arrangements,
     [a IN arrangements WHERE 'credit' IN a.grants | a.homeAgencyId] AS homes,
     [a IN arrangements WHERE 'credit' IN a.grants | a.arrangementId] AS arrIds,
     [a IN arrangements WHERE 'enterprise' IN a.grants AND """
    + ARR_IN_FORCE
    + """ | a.homeAgencyId] AS showHomes
UNWIND range(0, size($keys) - 1) AS i
WITH arrangements, homes, arrIds, showHomes, i, $keys[i] AS key
OPTIONAL CALL (key) {
  MATCH (e:Enterprise {enterpriseId: key}) RETURN e, 0 AS by
  UNION ALL
  MATCH (e:Enterprise {uscc: key}) WHERE NOT $idOnly RETURN e, 1 AS by
  UNION ALL
  MATCH (e:Enterprise {eori: key}) WHERE NOT $idOnly RETURN e, 2 AS by
  UNION ALL
  MATCH (:Agency {agencyId: $partnerId})<-[:ISSUED_BY]-(:AeoNumber {number: key})-[:IDENTIFIES]->(e:Enterprise)
  WHERE NOT $idOnly
  RETURN e, 3 AS by
}
WITH arrangements, homes, arrIds, showHomes, i, key, e, by ORDER BY i, by
WITH arrangements, homes, arrIds, showHomes, i, key, head(collect(e)) AS e, head(collect(by)) AS by
CALL (e, homes, arrIds) {
  OPTIONAL MATCH (e)<-[:RATES]-(rt:Rating)-[:GIVEN_BY]->(ag:Agency)
  WHERE ag.agencyId IN homes AND rt.validFrom <= $asOf AND rt.origin IS NULL
  WITH rt, ag ORDER BY rt.validFrom DESC, rt.ratingId DESC LIMIT 10
  MATCH (rt)-[:AT_LEVEL]->(lv:CreditLevel)-[:IN_SCHEME]->(ls:CreditScheme)
  RETURN collect(rt {.ratingId, .validFrom, .validTo, .suspendedOn, .reason, agencyId: ag.agencyId,
    level: lv {.*, schemeId: ls.schemeId, schemeName: ls.name},
    mappings: [(lv)-[m:MAPS_TO]->(to:CreditLevel)-[:IN_SCHEME]->(ts:CreditScheme)-[:OPERATED_BY]->(:Agency {agencyId: $partnerId})
               WHERE m.arrangementId IN arrIds |
               {arrangementId: m.arrangementId, since: m.since, until: m.until, version: m.version,
                facilitation: coalesce(m.facilitation, []),
                level: to {.*, schemeId: ts.schemeId, schemeName: ts.name}}][..20]
  }) AS ratings
}
WITH arrangements, i, key, by, e, ratings,
     e IS NOT NULL AND ($seeAll OR EXISTS {
       MATCH (e)<-[:RATES]-(r2:Rating)-[:GIVEN_BY]->(h:Agency)
       WHERE h.agencyId IN showHomes AND r2.origin IS NULL AND r2.validFrom <= $asOf AND (r2.validTo IS NULL OR r2.validTo > $asOf)
         AND (r2.suspendedOn IS NULL OR r2.suspendedOn > $asOf) }) AS show
ORDER BY i
RETURN arrangements, collect({i: i, key: key, by: by, found: e IS NOT NULL, ratings: ratings,
  enterpriseId: e.enterpriseId, enterprise: CASE WHEN show THEN e {.*} END}) AS rows
"""
)


@dataclass(frozen=True)
class Answer:
    identifier: str
    matched_by: str | None
    enterprise_id: str | None  # only when the caller may know it
    enterprise: dict[str, Any] | None  # only when the caller may see the firm's details
    decision: Decision


async def recognitions(
    cy: Cypher, who: Principal, partner_id: str, keys: list[str], as_of: dt.date, *, id_only: bool
) -> list[Answer]:
    """One answer per key, in the keys' order."""
    [record] = await cy.read(
        RECOGNITIONS,
        {"partnerId": partner_id, "keys": keys, "asOf": as_of, "idOnly": id_only, **who.cypher_params()},
    )
    arrangements = record["arrangements"]
    answers = []
    for row in record["rows"]:
        decision = decide(
            partner_id,
            as_of,
            found=row["found"],
            see_all=who.sees_everything,
            arrangements=arrangements,
            ratings=row["ratings"],
        )
        # A partner learns which firm answered only while it may see the firm.
        known = row["found"] and (who.sees_everything or row["enterprise"] is not None)
        answers.append(
            Answer(
                identifier=row["key"],
                matched_by=MATCHED_BY[row["by"]] if known and row["by"] is not None else None,
                enterprise_id=row["enterpriseId"] if known else None,
                enterprise=row["enterprise"],
                decision=decision,
            )
        )
    return answers
