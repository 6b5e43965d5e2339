"""Inspections recorded by regulators: `recordInspection`, optionally raising a risk alert.

An inspection is performed by the recording authority itself or by an
accredited third-party lab, which must be an enterprise of kind `lab` whose
enterprise filing is `filed` on the inspection date. A lab's result starts
`unreviewed` and counts (for screening and an enterprise's record) only once
the authority accepts it (`COUNTS`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any, Final, LiteralString

from hub.data import visibility
from hub.data.alerts import CREATE_ALERT, NewAlert
from hub.data.filing_status import FILING_STATUS_AS_OF
from hub.data.paging import by_ids_statement
from runtime.db import Cypher

# Whether inspection `i` counts: an authority's own result, or a lab's accepted one.
COUNTS: Final[LiteralString] = "(i.accepted = true OR NOT EXISTS { (i)-[:PERFORMED_BY]->(:Enterprise) })"

INSPECTION: Final[LiteralString] = """n {.*,
  targetKind: head([(n)-[:INSPECTED]->(x) | CASE WHEN x:Shipment THEN 'shipment' ELSE 'batch' END]),
  targetId: head([(n)-[:INSPECTED]->(x) | coalesce(x.shipmentId, x.batchId)]),
  performer: head([(n)-[:PERFORMED_BY]->(x) | {id: coalesce(x.agencyId, x.enterpriseId), name: x.name,
                   kind: CASE WHEN x:Agency THEN 'agency' ELSE 'lab' END}])
}"""

INSPECTIONS_BY_IDS: Final = by_ids_statement(
    "MATCH (n:Inspection {inspectionId: id}) WHERE " + visibility.PARCELS, INSPECTION
)

CHECK: Final[LiteralString] = (
    """
OPTIONAL MATCH (l:Enterprise {enterpriseId: $labId})
RETURN EXISTS { MATCH (:Agency {agencyId: $agencyId}) } AS agency,
  CASE $targetKind WHEN 'batch' THEN EXISTS { MATCH (:Batch {batchId: $targetId}) }
       ELSE EXISTS { MATCH (:Shipment {shipmentId: $targetId}) } END AS target,
  CASE WHEN l IS NULL THEN null ELSE {kind: l.kind, filing: head(COLLECT {
    MATCH (f:Filing {kind: 'enterprise'})-[:FILED_BY]->(l) WHERE f.filedOn <= $on
    WITH f, $on AS asOf RETURN """
    + FILING_STATUS_AS_OF
    + """ AS status ORDER BY f.filedOn DESC, f.filingId DESC LIMIT 1 })} END AS lab
"""
)

RECORD: Final[LiteralString] = (
    """
MATCH (a:Agency {agencyId: $agencyId})
OPTIONAL MATCH (ts:Shipment {shipmentId: CASE $targetKind WHEN 'shipment' THEN $targetId END})
OPTIONAL MATCH (tb:Batch {batchId: CASE $targetKind WHEN 'batch' THEN $targetId END})
OPTIONAL MATCH (lab:Enterprise {enterpriseId: $labId})
WITH a, coalesce(ts, tb) AS target, lab
// Checked again in this transaction: the target exists and the lab is filed on the date
// (a retry of a recorded inspection passes whatever the lab's filing has become since).
WHERE target IS NOT NULL AND ($labId IS NULL OR EXISTS { MATCH (:Inspection {inspectionId: $inspectionId}) }
  OR (lab.kind = 'lab' AND head(COLLECT {
    MATCH (f:Filing {kind: 'enterprise'})-[:FILED_BY]->(lab) WHERE f.filedOn <= $on
    WITH f, $on AS asOf RETURN """
    + FILING_STATUS_AS_OF
    + """ AS status ORDER BY f.filedOn DESC, f.filingId DESC LIMIT 1 }) = 'filed'))
MERGE (n:Inspection {inspectionId: $inspectionId})
  ON CREATE SET n += $props, n.createdAt = datetime(), n.attempt = $attempt,
                n.review = CASE WHEN lab IS NULL THEN null ELSE 'unreviewed' END,
                n.accepted = CASE WHEN lab IS NULL THEN null ELSE false END
WITH a, target, lab, n, n.attempt = $attempt AS fresh
CALL (a, target, lab, n, fresh) {
  WITH * WHERE fresh
  MERGE (n)-[:INSPECTED]->(target)
  FOREACH (p IN [coalesce(lab, a)] | MERGE (n)-[:PERFORMED_BY]->(p))
  CREATE (c:StatusChange {changeId: 'SC-' + n.inspectionId, recordKind: 'inspection',
          recordId: n.inspectionId, from: null, to: n.result, on: n.inspectedOn, at: datetime(), seq: 1,
          byKey: $byKey, reason: n.findings, clientRequestId: n.clientRequestId, source: 'hub:recordInspection'})
  CREATE (c)-[:CHANGES]->(n), (c)-[:CHANGED_BY]->(a)
  FOREACH (x IN CASE WHEN lab IS NULL THEN [] ELSE [1] END |
    CREATE (r:StatusChange {changeId: 'SC-R-' + n.inspectionId, recordKind: 'review',
            recordId: n.inspectionId, from: null, to: 'unreviewed', on: n.inspectedOn, at: datetime(),
            seq: 1, byKey: $byKey, clientRequestId: n.clientRequestId, source: 'hub:recordInspection'})
    CREATE (r)-[:CHANGES]->(n), (r)-[:CHANGED_BY]->(a))
}
WITH a, n, fresh"""
    + CREATE_ALERT
    + "RETURN fresh, n.requestDigest AS digest, alertId, "
    + INSPECTION
    + " AS row"
)


@dataclass(frozen=True)
class NewInspection:
    client_request_id: str
    agency_id: str  # the recording authority
    kind: str
    target_kind: str  # shipment or batch
    target_id: str
    result: str
    inspected_on: dt.date
    findings: str | None
    lab_id: str | None
    samples: tuple[str, ...]
    lab_report_ref: str | None
    alert: NewAlert | None

    @property
    def inspection_id(self) -> str:
        seed = f"{self.agency_id}\n{self.client_request_id}".encode()
        return "I-" + hashlib.sha256(seed).hexdigest()[:20].upper()

    @property
    def digest(self) -> str:
        body = {k: v for k, v in self.__dict__.items() if k not in ("client_request_id", "alert")}
        body["alert"] = self.alert.digest if self.alert else None
        return hashlib.sha256(json.dumps(body, default=str, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Recorded:
    created: bool
    same_request: bool
    row: dict[str, Any]
    alert_id: str | None


async def check(cy: Cypher, new: NewInspection) -> dict[str, Any]:
    params = {
        "agencyId": new.agency_id,
        "targetKind": new.target_kind,
        "targetId": new.target_id,
        "labId": new.lab_id,
        "on": new.inspected_on,
    }
    [record] = await cy.read(CHECK, params)
    return record


async def record(cy: Cypher, new: NewInspection, by_key: str) -> Recorded | None:
    """None when a reference checked before no longer holds (nothing written)."""
    props = {
        "kind": new.kind,
        "result": new.result,
        "inspectedOn": new.inspected_on,
        "findings": new.findings,
        "samples": list(new.samples),
        "labReportRef": new.lab_report_ref,
        "authorityId": new.agency_id,
        "clientRequestId": new.client_request_id,
        "requestDigest": new.digest,
        "source": "hub:recordInspection",
    }
    records = await cy.write(
        RECORD,
        {
            "agencyId": new.agency_id,
            "targetKind": new.target_kind,
            "targetId": new.target_id,
            "labId": new.lab_id,
            "on": new.inspected_on,
            "inspectionId": new.inspection_id,
            "props": props,
            "alert": new.alert.param() if new.alert else None,
            "byKey": by_key,
            "attempt": uuid.uuid4().hex,
        },
    )
    if not records:
        return None
    rec = records[0]
    return Recorded(rec["fresh"], rec["digest"] == new.digest, rec["row"], rec["alertId"])
