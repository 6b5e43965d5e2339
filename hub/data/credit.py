"""Credit standing: the ratings agencies give an enterprise, and what each
rated level maps to under a partner's scheme through a recognition
arrangement (with the facilitation it earns)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, LiteralString

from hub.auth import Principal
from hub.data import visibility
from runtime.db import Cypher

# A partner sees ratings only from agencies it shares a `credit` arrangement
# with, and mappings only under arrangements it is party to.
STANDING: Final[LiteralString] = (
    "MATCH (e:Enterprise {enterpriseId: $enterpriseId}) WHERE "
    + visibility.ENTERPRISE
    + """
CALL (e) {
  MATCH (e)<-[:RATES]-(rt:Rating)-[:GIVEN_BY]->(ag:Agency),
        (rt)-[:AT_LEVEL]->(lv:CreditLevel)-[:IN_SCHEME]->(sc:CreditScheme)
  WHERE rt.validFrom <= $asOf AND (rt.validTo IS NULL OR rt.validTo > $asOf)
    AND ($seeAll OR EXISTS {
      MATCH (:Agency {agencyId: $agencyId})-[:PARTY_TO]->(arr:Arrangement)<-[:PARTY_TO]-(ag)
      WHERE 'credit' IN arr.grants })
  CALL (lv) {
    MATCH (lv)-[m:MAPS_TO]->(to:CreditLevel)-[:IN_SCHEME]->(tsc:CreditScheme)-[:OPERATED_BY]->(tag:Agency),
          (arr:Arrangement {arrangementId: m.arrangementId})
    WHERE ($under IS NULL OR tag.agencyId = $under)
      AND ($seeAll OR EXISTS { (:Agency {agencyId: $agencyId})-[:PARTY_TO]->(arr) })
      AND (arr.signedOn IS NULL OR arr.signedOn <= $asOf)
    RETURN collect({arrangement: arr {.arrangementId, .name, .signedOn, .grants},
                    level: to {.*, schemeId: tsc.schemeId, schemeName: tsc.name},
                    agency: tag {.*}, facilitation: coalesce(m.facilitation, [])})[..50] AS recognitions
  }
  WITH rt, ag, lv, sc, recognitions ORDER BY lv.rank, ag.agencyId, rt.ratingId
  RETURN collect({rating: rt {.*}, agency: ag {.*},
                  level: lv {.*, schemeId: sc.schemeId, schemeName: sc.name},
                  recognitions: recognitions})[..100] AS ratings
}
RETURN e {.*} AS enterprise, ratings"""
)


async def credit_standing(
    cy: Cypher, who: Principal, enterprise_id: str, as_of: dt.date, under_agency_id: str | None
) -> dict[str, Any] | None:
    records = await cy.read(
        STANDING,
        {"enterpriseId": enterprise_id, "asOf": as_of, "under": under_agency_id, **who.cypher_params()},
    )
    return records[0] if records else None
