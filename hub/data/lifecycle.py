"""Status changes of supervision records: checked and written in one transaction.

A change names the status the caller believes is current (`expected`); the
statement first takes the record's write lock, so of two concurrent changes
from the same status exactly one applies and the other sees the new status
and reports a conflict naming it. Each change is an append-only StatusChange
node whose id derives from the acting agency and the client request id: a
retry finds the change made the first time and returns it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any, Final, LiteralString

from graph_schema.lifecycle import LIFECYCLES, RecordKind
from hub.data import visibility
from runtime.db import Cypher

# Per kind: the MATCH that binds `rec`, its current status, the agency that owns it
# (null: any regulator may change it), and what else a change keeps in step.
_MATCH: Final[dict[RecordKind, LiteralString]] = {
    RecordKind.FILING: "MATCH (rec:Filing {filingId: $recordId})",
    RecordKind.INSPECTION: "MATCH (rec:Inspection {inspectionId: $recordId})",
    RecordKind.REVIEW: "MATCH (rec:Inspection {inspectionId: $recordId})",
    RecordKind.ALERT: "MATCH (rec:RiskAlert {alertId: $recordId})",
    RecordKind.ORDER: "MATCH (rec:Recall {recallId: $recordId})",
    RecordKind.SHIPMENT: "MATCH (rec:Shipment {shipmentId: $recordId})",
}
_CURRENT: Final[dict[RecordKind, LiteralString]] = {
    RecordKind.FILING: "rec.status",
    RecordKind.INSPECTION: "rec.result",
    # A lab's result loaded from CSV has no review yet unless it was marked accepted.
    RecordKind.REVIEW: (
        "coalesce(rec.review, CASE WHEN EXISTS { (rec)-[:PERFORMED_BY]->(:Enterprise) }"
        " THEN CASE WHEN rec.accepted THEN 'accepted' ELSE 'unreviewed' END END)"
    ),
    RecordKind.ALERT: "coalesce(rec.status, 'open')",
    RecordKind.ORDER: "rec.status",
    RecordKind.SHIPMENT: "rec.status",
}
_INSPECTION_OWNER: Final[LiteralString] = (
    "coalesce(rec.authorityId, head([(rec)-[:PERFORMED_BY]->(a:Agency) | a.agencyId]))"
)
_OWNER: Final[dict[RecordKind, LiteralString]] = {
    RecordKind.FILING: "head([(rec)-[:LODGED_WITH]->(a:Agency) | a.agencyId])",
    RecordKind.INSPECTION: _INSPECTION_OWNER,
    RecordKind.REVIEW: _INSPECTION_OWNER,
    RecordKind.ALERT: "head([(rec)-[:ISSUED_BY]->(a:Agency) | a.agencyId])",
    RecordKind.ORDER: "head([(rec)-[:ISSUED_BY]->(a:Agency) | a.agencyId])",
    RecordKind.SHIPMENT: "head([(rec)-[:DECLARED_IN]->(:Declaration)-[:LODGED_WITH]->(a:Agency) | a.agencyId])",
}
_APPLY: Final[dict[RecordKind, LiteralString]] = {
    # The enterprise's own filing status follows its enterprise filing.
    RecordKind.FILING: (
        "SET rec.status = $to FOREACH (e IN [(rec)-[:FILED_BY]->(x:Enterprise) WHERE rec.kind = 'enterprise' | x]"
        " | SET e.filingStatus = $to)"
    ),
    RecordKind.INSPECTION: "SET rec.result = $to",
    RecordKind.REVIEW: "SET rec.review = $to, rec.accepted = ($to = 'accepted')",
    RecordKind.ALERT: "SET rec.status = $to",
    # A superseded order links from the order that replaces it.
    RecordKind.ORDER: (
        "SET rec.status = $to FOREACH (n IN CASE WHEN $to = 'superseded' THEN COLLECT {"
        " MATCH (n:Recall {recallId: $supersededBy}) RETURN n } ELSE [] END | MERGE (n)-[:SUPERSEDES]->(rec))"
    ),
    RecordKind.SHIPMENT: "SET rec.status = $to",
}

# Fields of the change as the API returns it.
CHANGE: Final[LiteralString] = "c {.*, agencyId: head([(c)-[:CHANGED_BY]->(a:Agency) | a.agencyId])}"


def _change_statement(kind: RecordKind) -> LiteralString:
    return (
        _MATCH[kind]
        + """
CALL (rec) { SET rec.lockToken = $attempt }
WITH rec
OPTIONAL MATCH (prior:StatusChange {changeId: $changeId})
WITH rec, prior, """
        + _CURRENT[kind]
        + " AS current, "
        + _OWNER[kind]
        + """ AS owner,
  head(COLLECT { MATCH (c:StatusChange)-[:CHANGES]->(rec) WHERE c.recordKind = $kind
                 RETURN c ORDER BY c.on DESC, c.seq DESC }) AS last
WITH rec, prior, current, owner, last,
  CASE
    WHEN prior IS NOT NULL THEN CASE WHEN prior.requestDigest = $digest THEN 'retry' ELSE 'reused' END
    WHEN NOT EXISTS { MATCH (:Agency {agencyId: $agencyId}) } THEN 'no_agency'
    WHEN NOT $admin AND owner IS NOT NULL AND owner <> $agencyId THEN 'forbidden'
    WHEN current IS NULL OR current <> $expected THEN 'conflict'
    WHEN $to = 'superseded' AND NOT EXISTS { MATCH (n:Recall {recallId: $supersededBy})
         WHERE n <> rec AND n.status = 'open' AND NOT EXISTS { (n)-[:SUPERSEDES]->() } } THEN 'no_successor'
    WHEN last IS NOT NULL AND last.on > $on THEN 'too_early'
    ELSE 'ok'
  END AS outcome
CALL (rec, current, last, outcome) {
  WITH rec, current, last WHERE outcome = 'ok'
  MATCH (a:Agency {agencyId: $agencyId})
  CREATE (c:StatusChange {changeId: $changeId, recordKind: $kind, recordId: $recordId, from: current,
          to: $to, on: $on, at: datetime(), seq: coalesce(last.seq, 0) + 1, byKey: $byKey,
          reason: $reason, clientRequestId: $clientRequestId, requestDigest: $digest,
          source: 'hub:changeStatus'})
  CREATE (c)-[:CHANGES]->(rec), (c)-[:CHANGED_BY]->(a)
  """
        + _APPLY[kind]
        + """
}
WITH rec, outcome, current, owner, last
OPTIONAL MATCH (c:StatusChange {changeId: $changeId})
RETURN outcome, current, owner, last.on AS lastOn, """
        + CHANGE
        + " AS change"
    )


CHANGE_STATUS: Final[dict[RecordKind, LiteralString]] = {kind: _change_statement(kind) for kind in RecordKind}

# Record ids are the keys of the change's own label, so that a timeline uses the index.
_VISIBLE: Final[dict[RecordKind, LiteralString]] = {
    RecordKind.FILING: "MATCH (rec:Filing {filingId: id}) WHERE EXISTS { MATCH (rec)-[:FILED_BY]->(e) WHERE "
    + visibility.ENTERPRISE
    + " } AND "
    + visibility.FILING_SCOPE,
    RecordKind.INSPECTION: "MATCH (rec:Inspection {inspectionId: id}) WHERE " + visibility.PARCELS,
    RecordKind.REVIEW: "MATCH (rec:Inspection {inspectionId: id}) WHERE " + visibility.PARCELS,
    RecordKind.ALERT: "MATCH (rec:RiskAlert {alertId: id}) WHERE " + visibility.RECALL_SCOPE,
    RecordKind.ORDER: "MATCH (rec:Recall {recallId: id}) WHERE " + visibility.RECALL_SCOPE,
    RecordKind.SHIPMENT: "MATCH (rec:Shipment {shipmentId: id}) WHERE " + visibility.PARCELS,
}
MAX_TIMELINE: Final = 200
_KIND: Final[dict[RecordKind, LiteralString]] = {
    RecordKind.FILING: "'filing'",
    RecordKind.INSPECTION: "'inspection'",
    RecordKind.REVIEW: "'review'",
    RecordKind.ALERT: "'alert'",
    RecordKind.ORDER: "'order'",
    RecordKind.SHIPMENT: "'shipment'",
}


def _timeline_statement(kind: RecordKind) -> LiteralString:
    return (
        "UNWIND $ids AS id "
        + _VISIBLE[kind]
        + " RETURN id, COLLECT { MATCH (c:StatusChange)-[:CHANGES]->(rec) WHERE c.recordKind = "
        + _KIND[kind]
        + " RETURN "
        + CHANGE
        + " ORDER BY c.on, c.seq LIMIT 200 } AS row"
    )


TIMELINE: Final[dict[RecordKind, LiteralString]] = {kind: _timeline_statement(kind) for kind in RecordKind}


@dataclass(frozen=True)
class Change:
    kind: RecordKind
    record_id: str
    expected: str
    to: str
    on: dt.date
    reason: str
    client_request_id: str
    agency_id: str
    by_key: str
    superseded_by: str | None = None  # only for closed -> superseded (supersedeOrder)

    @property
    def change_id(self) -> str:
        seed = f"{self.agency_id}\n{self.client_request_id}".encode()
        return "SC-" + hashlib.sha256(seed).hexdigest()[:20].upper()

    @property
    def digest(self) -> str:
        body = {k: v for k, v in self.__dict__.items() if k not in ("client_request_id", "by_key")}
        return hashlib.sha256(json.dumps(body, default=str, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Outcome:
    """`ok` (made now), `retry` (made by an earlier try), `reused` (the id was used for another
    change), `forbidden` (another agency's record), `conflict` (the current status is not the
    expected one), `too_early` (dated before the record's last change), `no_successor` (the
    superseding order is unknown, not open, or already supersedes another), `no_agency` (acting agency unknown),
    `missing` (no record)."""

    outcome: str
    current: str | None
    owner: str | None
    last_on: dt.date | None
    change: dict[str, Any] | None


def transition_allowed(kind: RecordKind, frm: str, to: str, *, reserved: bool = False) -> bool:
    """Whether `changeStatus` may make it; `reserved` also admits the dedicated mutations' transitions."""
    life = LIFECYCLES[kind]
    return (frm, to) in life.transitions and (reserved or (frm, to) not in life.reserved)


async def change_status(cy: Cypher, change: Change, *, admin: bool) -> Outcome:
    records = await cy.write(
        CHANGE_STATUS[change.kind],
        {
            "kind": change.kind.value,
            "recordId": change.record_id,
            "expected": change.expected,
            "to": change.to,
            "on": change.on,
            "reason": change.reason,
            "clientRequestId": change.client_request_id,
            "changeId": change.change_id,
            "digest": change.digest,
            "agencyId": change.agency_id,
            "byKey": change.by_key,
            "admin": admin,
            "supersededBy": change.superseded_by,
            "attempt": uuid.uuid4().hex,
        },
    )
    if not records:
        return Outcome("missing", None, None, None, None)
    r = records[0]
    last_on = r["lastOn"].to_native() if r["lastOn"] is not None else None
    return Outcome(r["outcome"], r["current"], r["owner"], last_on, r["change"])
