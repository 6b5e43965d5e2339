"""Credit standing: the ratings agencies give an enterprise, and what each
rated level maps to under a partner's scheme through a recognition
arrangement (with the facilitation it earns)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, LiteralString

from hub.auth import Principal, Role
from hub.data import visibility
from hub.data.enterprises import PROJECTION
from hub.policy import Grant
from runtime.db import Cypher

# `$visibleOn` is the date asked (asOf): the enterprise must be visible on it
# (a partner needs a rating in force then), and only ratings in force on it
# count. A partner sees a rating when it gave it itself, or when it shares with
# the rating agency an arrangement in force that grants `credit`; it sees
# mappings only under arrangements in force that it is party to.
STANDING: Final[LiteralString] = (
    "MATCH (e:Enterprise {enterpriseId: $enterpriseId}) WHERE "
    + visibility.ENTERPRISE
    + """
CALL (e) {
  MATCH (e)<-[:RATES]-(rt:Rating)-[:GIVEN_BY]->(ag:Agency),
        (rt)-[:AT_LEVEL]->(lv:CreditLevel)-[:IN_SCHEME]->(sc:CreditScheme)
  WHERE """
    + visibility.rating_in_force("rt")
    # partner-submitted ratings: regulators, admins and the submitting partner only
    + " AND (rt.origin IS NULL OR $drafts OR ag.agencyId = $agencyId)"
    + " AND (ag.agencyId = $agencyId OR "
    + visibility.granted_with("ag", Grant.CREDIT)
    + """)
  CALL (lv) {
    MATCH (lv)-[m:MAPS_TO]->(to:CreditLevel)-[:IN_SCHEME]->(tsc:CreditScheme)-[:OPERATED_BY]->(tag:Agency),
          (arr:Arrangement {arrangementId: m.arrangementId})
    WHERE ($under IS NULL OR tag.agencyId = $under)
      AND arr.signedOn <= $visibleOn AND (arr.endsOn IS NULL OR arr.endsOn > $visibleOn)
      AND (arr.inForceFrom IS NULL OR arr.inForceFrom <= $visibleOn)
      AND (m.since IS NULL OR m.since <= $visibleOn) AND (m.until IS NULL OR m.until > $visibleOn)
      AND (coalesce(arr.direction, 'mutual') = 'mutual' OR arr.recognizerId = tag.agencyId)
      AND ($seeAll OR (EXISTS { (:Agency {agencyId: $agencyId})-[:PARTY_TO]->(arr) } AND """
    + visibility.ARRANGEMENT_IN_FORCE
    + """))
    RETURN collect({arrangement: arr {.*},
                    level: to {.*, schemeId: tsc.schemeId, schemeName: tsc.name},
                    agency: tag {.*}, facilitation: coalesce(m.facilitation, [])})[..50] AS recognitions
  }
  WITH rt, ag, lv, sc, recognitions ORDER BY lv.rank, ag.agencyId, rt.ratingId
  RETURN collect({rating: rt {.*}, agency: ag {.*},
                  level: lv {.*, schemeId: sc.schemeId, schemeName: sc.name},
                  recognitions: recognitions})[..100] AS ratings
}
RETURN """
    + PROJECTION
    + " AS enterprise, ratings"
)


async def credit_standing(
    cy: Cypher, who: Principal, enterprise_id: str, as_of: dt.date, under_agency_id: str | None
) -> dict[str, Any] | None:
    records = await cy.read(
        STANDING,
        {
            "enterpriseId": enterprise_id,
            "under": under_agency_id,
            "drafts": who.role in (Role.REGULATOR, Role.ADMIN),
            **who.cypher_params(as_of),
        },
    )
    return records[0] if records else None
