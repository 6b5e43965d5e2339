"""Arrangements: signArrangement, amendArrangement, endArrangement.

Append-only: an amendment is a new version. Mappings it drops or changes get
`until` = the amendment's effective date (exclusive) and stay in the graph;
the new or changed ones are created with `since` = that date and the new
version number; unchanged ones carry on. The version log is kept on the
arrangement (`versionFrom`, `versionReason`: version n is entry n-1). Ending
sets `endsOn` once. Each write is one statement (check + write in one
transaction, see hub.data.client_requests).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, LiteralString

from hub.auth import Principal
from hub.data import client_requests as req
from runtime.db import Cypher

MAX_MAPPING_ROWS: Final = 200

# Which input mapping rows name levels that do not exist or sit on the wrong
# side: `from` must be in a scheme of a party that is not the recognizer (any
# party of a mutual arrangement), `to` in a scheme of the other party.
_LEVEL_CHECK: Final[LiteralString] = """
CALL (a, b) {
  UNWIND range(0, size($mappings) - 1) AS i
  WITH i, $mappings[i] AS m
  OPTIONAL MATCH (f:CreditLevel {levelId: m.fromLevelId})-[:IN_SCHEME]->(:CreditScheme)-[:OPERATED_BY]->(fa:Agency)
  OPTIONAL MATCH (t:CreditLevel {levelId: m.toLevelId})-[:IN_SCHEME]->(:CreditScheme)-[:OPERATED_BY]->(ta:Agency)
  WITH i, f, t, fa, ta,
    CASE
      WHEN f IS NULL THEN {field: 'input.mappings[' + toString(i) + '].fromLevelId', message: 'no level ' + m.fromLevelId}
      WHEN t IS NULL THEN {field: 'input.mappings[' + toString(i) + '].toLevelId', message: 'no level ' + m.toLevelId}
      WHEN NOT ((fa = a AND ta = b) OR (fa = b AND ta = a)) THEN {field: 'input.mappings[' + toString(i) + ']',
           message: 'must map a level of one party onto a level of the other'}
      WHEN $recognizerId IS NOT NULL AND ta.agencyId <> $recognizerId THEN {field: 'input.mappings[' + toString(i) + ']',
           message: 'a one-way arrangement maps only onto the scheme of the recognising agency ' + $recognizerId}
    END AS bad
  WHERE bad IS NOT NULL
  RETURN head(collect(bad)) AS levelError
}"""

_CREATE_MAPPINGS: Final[LiteralString] = """
  UNWIND $mappings AS m
  MATCH (f:CreditLevel {levelId: m.fromLevelId}), (t:CreditLevel {levelId: m.toLevelId})
  WITH arr, f, t, m WHERE NOT m.key IN $keep
  CREATE (f)-[:MAPS_TO {arrangementId: arr.arrangementId, facilitation: m.facilitation, version: $version,
                        since: $since, source: $source, createdAt: datetime()}]->(t)"""

SIGN: Final[LiteralString] = (
    """
OPTIONAL MATCH (cr:ClientRequest {requestKey: $requestKey})
OPTIONAL MATCH (a:Agency {agencyId: $homeId})
OPTIONAL MATCH (b:Agency {agencyId: $partnerId})"""
    + _LEVEL_CHECK
    + """
WITH cr, a, b, levelError,
  CASE
    WHEN cr IS NOT NULL THEN null
    WHEN a IS NULL THEN {field: 'input.homeAgencyId', message: 'no agency ' + $homeId}
    WHEN b IS NULL THEN {field: 'input.partnerAgencyId', message: 'no agency ' + $partnerId}
    ELSE levelError
  END AS error
CALL (cr, a, b, error) {
  WITH * WHERE cr IS NULL AND error IS NULL
  MERGE (request:ClientRequest {requestKey: $requestKey})
    ON CREATE SET request += $request, request.createdAt = datetime(), request.resultId = $arrangementId
  WITH * WHERE request.attempt = $attempt
  CREATE (arr:Arrangement {arrangementId: $arrangementId})
  SET arr += $props, arr.version = 1, arr.versionFrom = [$since], arr.versionReason = ['signed'],
      arr.createdAt = datetime()
  CREATE (a)-[:PARTY_TO]->(arr), (b)-[:PARTY_TO]->(arr)
  WITH arr"""
    + _CREATE_MAPPINGS
    + """
  RETURN count(*) AS written
}"""
    + req.OUTCOME
)

AMEND: Final[LiteralString] = (
    """
OPTIONAL MATCH (cr:ClientRequest {requestKey: $requestKey})
OPTIONAL MATCH (arr:Arrangement {arrangementId: $arrangementId})
OPTIONAL MATCH (a:Agency)-[:PARTY_TO]->(arr)<-[:PARTY_TO]-(b:Agency) WHERE elementId(a) < elementId(b)
WITH cr, arr, a, b, CASE WHEN arr.direction = 'one-way' THEN arr.recognizerId END AS recognizerId"""
    + _LEVEL_CHECK.replace("$recognizerId", "recognizerId").replace(
        "CALL (a, b)", "CALL (a, b, recognizerId)"
    )
    + """
WITH cr, arr, a, b, levelError,
  CASE
    WHEN cr IS NOT NULL THEN null
    WHEN arr IS NULL OR a IS NULL THEN {field: 'input.arrangementId', message: 'no arrangement ' + $arrangementId}
    WHEN NOT $anyAgency AND NOT $agencyId IN [a.agencyId, b.agencyId] THEN {field: 'input.arrangementId',
         message: 'your agency is not a party to ' + $arrangementId}
    WHEN arr.endsOn IS NOT NULL AND arr.endsOn <= $since THEN {field: 'input.effectiveFrom',
         message: 'the arrangement ends on ' + toString(arr.endsOn) + ' (exclusive)'}
    WHEN $since <= coalesce(arr.versionFrom[-1], arr.inForceFrom, arr.signedOn) THEN {field: 'input.effectiveFrom',
         message: 'must be after the start of the current version (' + toString(coalesce(arr.versionFrom[-1], arr.inForceFrom, arr.signedOn)) + ')'}
    ELSE levelError
  END AS error
CALL (cr, arr, error) {
  WITH * WHERE cr IS NULL AND error IS NULL
  MERGE (request:ClientRequest {requestKey: $requestKey})
    ON CREATE SET request += $request, request.createdAt = datetime(), request.resultId = $arrangementId
  WITH * WHERE request.attempt = $attempt
  SET arr.version = coalesce(arr.version, 1) + 1,
      arr.versionFrom = coalesce(arr.versionFrom, [coalesce(arr.inForceFrom, arr.signedOn)]) + [$since],
      arr.versionReason = coalesce(arr.versionReason, ['signed']) + [$reason]
  WITH arr
  CALL (arr) {
    MATCH (f:CreditLevel)-[m:MAPS_TO {arrangementId: arr.arrangementId}]->(t:CreditLevel)
    WHERE m.until IS NULL
    WITH m, f.levelId + '>' + t.levelId + '|' + reduce(s = '', x IN coalesce(m.facilitation, []) | s + x + ';') AS key
    WITH m, key WHERE NOT key IN [x IN $mappings | x.key]
    SET m.until = $since, m.endedByVersion = arr.version
  }
  CALL (arr) {
    OPTIONAL MATCH (f:CreditLevel)-[m:MAPS_TO {arrangementId: arr.arrangementId}]->(t:CreditLevel)
    WHERE m.until IS NULL
    RETURN collect(f.levelId + '>' + t.levelId + '|' + reduce(s = '', x IN coalesce(m.facilitation, []) | s + x + ';')) AS open
  }
  WITH arr, open AS keepKeys
  CALL (arr, keepKeys) {
    UNWIND $mappings AS m
    MATCH (f:CreditLevel {levelId: m.fromLevelId}), (t:CreditLevel {levelId: m.toLevelId})
    WITH arr, f, t, m WHERE NOT m.key IN keepKeys
    CREATE (f)-[:MAPS_TO {arrangementId: arr.arrangementId, facilitation: m.facilitation, version: arr.version,
                          since: $since, source: $source, createdAt: datetime()}]->(t)
  }
  RETURN count(*) AS written
}"""
    + req.OUTCOME
)

END: Final[LiteralString] = (
    """
OPTIONAL MATCH (cr:ClientRequest {requestKey: $requestKey})
OPTIONAL MATCH (arr:Arrangement {arrangementId: $arrangementId})
WITH cr, arr, [(x:Agency)-[:PARTY_TO]->(arr) | x.agencyId] AS parties
WITH cr, arr,
  CASE
    WHEN cr IS NOT NULL THEN null
    WHEN arr IS NULL THEN {field: 'input.arrangementId', message: 'no arrangement ' + $arrangementId}
    WHEN NOT $anyAgency AND NOT $agencyId IN parties THEN {field: 'input.arrangementId',
         message: 'your agency is not a party to ' + $arrangementId}
    WHEN arr.endsOn IS NOT NULL THEN {field: 'input.arrangementId', message: 'already ended on ' + toString(arr.endsOn)}
    WHEN $endsOn <= arr.signedOn THEN {field: 'input.endedOn', message: 'must be after the signing date ' + toString(arr.signedOn)}
  END AS error
CALL (cr, arr, error) {
  WITH * WHERE cr IS NULL AND error IS NULL
  MERGE (request:ClientRequest {requestKey: $requestKey})
    ON CREATE SET request += $request, request.createdAt = datetime(), request.resultId = $arrangementId
  WITH * WHERE request.attempt = $attempt
  SET arr.endsOn = $endsOn, arr.endReason = $reason, arr.endedAt = datetime()
  RETURN count(*) AS written
}"""
    + req.OUTCOME
)


def mapping_rows(mappings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Input mappings with the key that tells an unchanged mapping from a changed one."""
    return [
        {**m, "key": f"{m['fromLevelId']}>{m['toLevelId']}|" + "".join(x + ";" for x in m["facilitation"])}
        for m in mappings
    ]


async def sign(cy: Cypher, who: Principal, client_request_id: str, fields: dict[str, Any]) -> req.Outcome:
    """`fields`: homeAgencyId, partnerAgencyId, name, direction, recognizerId, signedOn, inForceFrom,
    grants, mappings."""
    key = req.request_key("signArrangement", who.agency_id, client_request_id)
    since = fields["inForceFrom"] or fields["signedOn"]
    props = {
        "name": fields["name"],
        "direction": fields["direction"],
        "recognizerId": fields["recognizerId"],
        "signedOn": fields["signedOn"],
        "inForceFrom": since,
        "grants": fields["grants"],
        "clientRequestId": client_request_id,
        "source": "hub:signArrangement",
    }
    params = {
        "requestKey": key,
        "request": {"digest": req.digest(fields), "clientRequestId": client_request_id},
        "arrangementId": req.derived_id("AR-", key),
        "homeId": fields["homeAgencyId"],
        "partnerId": fields["partnerAgencyId"],
        "recognizerId": fields["recognizerId"],
        "props": props,
        "since": since,
        "version": 1,
        "keep": [],
        "source": "hub:signArrangement",
        "mappings": mapping_rows(fields["mappings"]),
    }
    return await req.run(cy, SIGN, "signArrangement", params)


async def amend(cy: Cypher, who: Principal, client_request_id: str, fields: dict[str, Any]) -> req.Outcome:
    """`fields`: arrangementId, effectiveFrom, reason, mappings."""
    key = req.request_key("amendArrangement", who.agency_id, client_request_id)
    params = {
        "requestKey": key,
        "request": {"digest": req.digest(fields), "clientRequestId": client_request_id},
        "arrangementId": fields["arrangementId"],
        "since": fields["effectiveFrom"],
        "reason": fields["reason"],
        "source": "hub:amendArrangement",
        "mappings": mapping_rows(fields["mappings"]),
        "agencyId": who.agency_id,
        "anyAgency": who.role.value == "admin",
    }
    return await req.run(cy, AMEND, "amendArrangement", params)


async def end(
    cy: Cypher, who: Principal, client_request_id: str, arrangement_id: str, ended_on: dt.date, reason: str
) -> req.Outcome:
    key = req.request_key("endArrangement", who.agency_id, client_request_id)
    body = {"arrangementId": arrangement_id, "endsOn": ended_on, "reason": reason}
    params = {
        "requestKey": key,
        "request": {"digest": req.digest(body), "clientRequestId": client_request_id},
        "arrangementId": arrangement_id,
        "endsOn": ended_on,
        "reason": reason,
        "agencyId": who.agency_id,
        "anyAgency": who.role.value == "admin",
    }
    return await req.run(cy, END, "endArrangement", params)
