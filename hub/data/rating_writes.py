"""Rating records: rateEnterprise, downgradeToDishonest, suspendRating, submitPartnerRating.

History is append-only: a new rating never rewrites an old one; the only
change to an earlier rating is its end (`validTo`, exclusive, set once to the
new rating's `validFrom`, so it ends the day before) or its suspension
(`suspendedOn`, set once). Every statement checks and writes in one
transaction (see hub.data.client_requests).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, LiteralString

from hub.auth import Principal
from hub.data import client_requests as req
from hub.data.recognition import LEVEL
from runtime.db import Cypher

MAX_EVIDENCE: Final = 50

# One statement for our agencies' ratings and partners' submissions. $origin is
# null for our agencies and 'partner' for a partner's submission; only ratings
# of the same agency and origin are ended by the new one. With $downgrade the
# level is the agency scheme's dishonest level and evidence must exist.
RATE: Final[LiteralString] = (
    """
OPTIONAL MATCH (cr:ClientRequest {requestKey: $requestKey})
OPTIONAL MATCH (e:Enterprise {enterpriseId: $enterpriseId})
OPTIONAL MATCH (ag:Agency {agencyId: $agencyId})
CALL (ag) {
  OPTIONAL MATCH (l:CreditLevel)-[:IN_SCHEME]->(:CreditScheme)-[:OPERATED_BY]->(ag)
  WHERE CASE WHEN $downgrade THEN l.dishonest = true ELSE l.levelId = $levelId END
  WITH l ORDER BY l.rank DESC LIMIT 1
  RETURN l AS lv
}
CALL (e, ag) {
  OPTIONAL MATCH (e)<-[:RATES]-(p:Rating)-[:GIVEN_BY]->(ag)
  WHERE coalesce(p.origin, '') = coalesce($origin, '') AND (p.validTo IS NULL OR p.validTo > $validFrom)
  RETURN collect(p) AS open
}
CALL () {
  UNWIND range(0, size($evidence) - 1) AS i
  WITH i, $evidence[i] AS ev
  WHERE NOT EXISTS { MATCH (x:Inspection {inspectionId: ev.id}) WHERE ev.kind = 'INSPECTION' }
    AND NOT EXISTS { MATCH (x:Recall {recallId: ev.id}) WHERE ev.kind = 'RECALL' }
  RETURN collect(i) AS missing
}
OPTIONAL MATCH (taken:AeoNumber {number: $aeoNumber})-[:IDENTIFIES]->(holder:Enterprise)
OPTIONAL MATCH (taken)-[:ISSUED_BY]->(issuer:Agency)
WITH cr, e, ag, lv, open, missing, holder, issuer,
  CASE
    WHEN cr IS NOT NULL THEN null
    WHEN ag IS NULL THEN {field: 'input.agencyId', message: 'no agency ' + $agencyId}
    WHEN e IS NULL THEN {field: 'input.enterpriseId', message: 'no enterprise ' + $enterpriseId}
    WHEN lv IS NULL AND $downgrade THEN {field: 'input.agencyId', message: 'the scheme of ' + $agencyId + ' has no dishonest level'}
    WHEN lv IS NULL THEN {field: 'input.levelId', message: 'no level ' + $levelId + ' in a scheme operated by ' + $agencyId}
    WHEN missing <> [] THEN {field: 'input.evidence[' + toString(missing[0]) + '].id',
                             message: 'no ' + toLower($evidence[missing[0]].kind) + ' ' + $evidence[missing[0]].id}
    WHEN any(p IN open WHERE p.validFrom >= $validFrom) THEN {field: 'input.validFrom',
         message: 'must be after the start of the rating it replaces (' + [p IN open WHERE p.validFrom >= $validFrom][0].ratingId + ')'}
    WHEN (holder IS NOT NULL AND holder <> e) OR (issuer IS NOT NULL AND issuer <> ag) THEN {field: 'input.aeoNumber',
         message: 'already identifies another enterprise or belongs to another agency'}
  END AS error
CALL (cr, e, ag, lv, open, error) {
  WITH * WHERE cr IS NULL AND error IS NULL
  MERGE (request:ClientRequest {requestKey: $requestKey})
    ON CREATE SET request += $request, request.createdAt = datetime(), request.resultId = $ratingId
  WITH * WHERE request.attempt = $attempt
  FOREACH (p IN open | SET p.validTo = $validFrom, p.endedBy = $ratingId)
  CREATE (rt:Rating {ratingId: $ratingId})
  SET rt += $props, rt.createdAt = datetime()
  CREATE (rt)-[:GIVEN_BY]->(ag), (rt)-[:RATES]->(e), (rt)-[:AT_LEVEL]->(lv)
  FOREACH (ev IN [x IN $evidence WHERE x.kind = 'INSPECTION'] |
    MERGE (i:Inspection {inspectionId: ev.id}) CREATE (rt)-[:EVIDENCED_BY]->(i))
  FOREACH (ev IN [x IN $evidence WHERE x.kind = 'RECALL'] |
    MERGE (r:Recall {recallId: ev.id}) CREATE (rt)-[:EVIDENCED_BY]->(r))
  FOREACH (number IN CASE WHEN $aeoNumber IS NULL THEN [] ELSE [$aeoNumber] END |
    MERGE (n:AeoNumber {number: number}) ON CREATE SET n.createdAt = datetime(), n.source = 'hub:submitPartnerRating'
    MERGE (n)-[:ISSUED_BY]->(ag)
    MERGE (n)-[:IDENTIFIES]->(e))
  RETURN count(*) AS written
}"""
    + req.OUTCOME
)

SUSPEND: Final[LiteralString] = (
    """
OPTIONAL MATCH (cr:ClientRequest {requestKey: $requestKey})
OPTIONAL MATCH (rt:Rating {ratingId: $ratingId})-[:GIVEN_BY]->(ag:Agency)
WITH cr, rt, ag,
  CASE
    WHEN cr IS NOT NULL THEN null
    WHEN rt IS NULL OR rt.origin IS NOT NULL THEN {field: 'input.ratingId', message: 'no rating ' + $ratingId + ' of a domestic agency'}
    WHEN NOT $anyAgency AND ag.agencyId <> $agencyId THEN {field: 'input.ratingId', message: 'rating ' + $ratingId + ' is given by ' + ag.agencyId + ', not by your agency'}
    WHEN rt.suspendedOn IS NOT NULL THEN {field: 'input.ratingId', message: 'already suspended from ' + toString(rt.suspendedOn)}
    WHEN $from < rt.validFrom OR (rt.validTo IS NOT NULL AND $from >= rt.validTo) THEN {field: 'input.from',
         message: 'must lie within the rating: from ' + toString(rt.validFrom) + coalesce(' until (exclusive) ' + toString(rt.validTo), '')}
  END AS error
CALL (cr, rt, error) {
  WITH * WHERE cr IS NULL AND error IS NULL
  MERGE (request:ClientRequest {requestKey: $requestKey})
    ON CREATE SET request += $request, request.createdAt = datetime(), request.resultId = $ratingId
  WITH * WHERE request.attempt = $attempt
  SET rt.suspendedOn = $from, rt.suspensionReason = $reason, rt.suspendedAt = datetime()
  RETURN count(*) AS written
}"""
    + req.OUTCOME
)

RATING_BY_ID: Final[LiteralString] = (
    """
MATCH (e:Enterprise)<-[:RATES]-(rt:Rating {ratingId: $ratingId})-[:GIVEN_BY]->(ag:Agency),
      (rt)-[:AT_LEVEL]->(lv:CreditLevel)
RETURN rt {.*, enterpriseId: e.enterpriseId, agency: ag {.*}, level: lv """
    + LEVEL.replace("@", "lv")
    + """,
  evidence: [(rt)-[:EVIDENCED_BY]->(x) | {kind: CASE WHEN x:Recall THEN 'RECALL' ELSE 'INSPECTION' END,
                                         id: coalesce(x.recallId, x.inspectionId)}][..50]} AS rating"""
)


async def rate(
    cy: Cypher,
    who: Principal,
    kind: str,
    client_request_id: str,
    fields: dict[str, Any],
) -> req.Outcome:
    """`fields`: agencyId, enterpriseId, levelId, validFrom, validTo, reason, evidence, downgrade, origin, aeoNumber."""
    key = req.request_key(kind, who.agency_id, client_request_id)
    rating_id = req.derived_id("RT-", key)
    props = {
        "validFrom": fields["validFrom"],
        "validTo": fields["validTo"],
        "reason": fields["reason"],
        "origin": fields["origin"],
        "clientRequestId": client_request_id,
        "source": f"hub:{kind}",
        "recordedBy": who.key_id,
    }
    aeo = fields.get("aeoNumber")
    params = {
        "requestKey": key,
        "request": {"digest": req.digest(fields), "clientRequestId": client_request_id},
        "ratingId": rating_id,
        "props": props,
        "enterpriseId": fields["enterpriseId"],
        "agencyId": fields["agencyId"],
        "levelId": fields["levelId"],
        "validFrom": fields["validFrom"],
        "origin": fields["origin"],
        "downgrade": fields["downgrade"],
        "evidence": fields["evidence"],
        "aeoNumber": aeo,
    }
    return await req.run(cy, RATE, kind, params)


async def suspend(
    cy: Cypher, who: Principal, client_request_id: str, rating_id: str, start: dt.date, reason: str
) -> req.Outcome:
    key = req.request_key("suspendRating", who.agency_id, client_request_id)
    body = {"ratingId": rating_id, "from": start, "reason": reason}
    params = {
        "requestKey": key,
        "request": {"digest": req.digest(body), "clientRequestId": client_request_id},
        "ratingId": rating_id,
        "from": start,
        "reason": reason,
        "agencyId": who.agency_id,
        "anyAgency": who.role.value == "admin",
    }
    return await req.run(cy, SUSPEND, "suspendRating", params)


async def rating_by_id(cy: Cypher, rating_id: str) -> dict[str, Any] | None:
    records = await cy.read(RATING_BY_ID, {"ratingId": rating_id})
    return records[0]["rating"] if records else None
