"""Risk alerts raised by regulators: `raiseRiskAlert`, or a failed inspection's alert.

The alert id derives from the issuing agency and the client request id (an
inspection's alert: from the inspection id), so a retry MERGEs onto the alert
made the first time. Its first status (open) is recorded as a StatusChange.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any, Final, LiteralString

from hub.data import visibility
from hub.data.paging import by_ids_statement
from hub.data.status_as_of import ALERT_STATUS_AS_OF, ORDER_STATUS_AS_OF
from runtime.db import Cypher

ALERT: Final[LiteralString] = """al {.*,
  issuerId: head([(al)-[:ISSUED_BY]->(x:Agency) | x.agencyId]),
  targetKind: head([(al)-[:CONCERNS]->(x) | CASE WHEN x:Product THEN 'product' WHEN x:Batch THEN 'batch'
                    ELSE 'shipment' END]),
  targetId: head([(al)-[:CONCERNS]->(x) | coalesce(x.productId, x.batchId, x.shipmentId)]),
  inspectionIds: [(al)-[:EVIDENCED_BY]->(x:Inspection) | x.inspectionId][..100]
}"""

ALERTS_BY_IDS: Final = by_ids_statement(
    "MATCH (al:RiskAlert {alertId: id}) WHERE " + visibility.RECALL_SCOPE, ALERT
)

# Runs with `a` (issuing agency) and `n` (the inspection that raised it, or null) bound;
# does nothing when $alert is null. Returns `alertFresh`.
CREATE_ALERT: Final[LiteralString] = """
OPTIONAL CALL (a, n) {
  WITH a, n WHERE $alert IS NOT NULL
  MERGE (al:RiskAlert {alertId: $alert.alertId})
    ON CREATE SET al += $alert.props, al.status = 'open', al.createdAt = datetime(), al.attempt = $attempt
  WITH a, n, al, al.attempt = $attempt AS alertFresh
  CALL (a, n, al, alertFresh) {
    WITH * WHERE alertFresh
    MERGE (al)-[:ISSUED_BY]->(a)
    WITH a, n, al
    OPTIONAL MATCH (tp:Product {productId: CASE $alert.targetKind WHEN 'product' THEN $alert.targetId END})
    OPTIONAL MATCH (tb:Batch {batchId: CASE $alert.targetKind WHEN 'batch' THEN $alert.targetId END})
    OPTIONAL MATCH (ts:Shipment {shipmentId: CASE $alert.targetKind WHEN 'shipment' THEN $alert.targetId END})
    FOREACH (t IN [x IN [tp, tb, ts] WHERE x IS NOT NULL] | MERGE (al)-[:CONCERNS]->(t))
    FOREACH (i IN [x IN [n] WHERE x IS NOT NULL] + COLLECT { MATCH (x:Inspection)
               WHERE x.inspectionId IN $alert.inspectionIds RETURN x } | MERGE (al)-[:EVIDENCED_BY]->(i))
    CREATE (c:StatusChange {changeId: 'SC-' + al.alertId, recordKind: 'alert', recordId: al.alertId,
            from: null, to: 'open', on: al.issuedOn, at: datetime(), seq: 1, byKey: $byKey,
            reason: al.hazard, clientRequestId: al.clientRequestId, source: 'hub:raiseRiskAlert'})
    CREATE (c)-[:CHANGES]->(al), (c)-[:CHANGED_BY]->(a)
  }
  RETURN al.alertId AS alertId, alertFresh, al.requestDigest AS alertDigest
}
"""

RAISE: Final[LiteralString] = (
    "MATCH (a:Agency {agencyId: $issuerId}) WITH a, null AS n"
    + CREATE_ALERT
    + "RETURN alertFresh AS fresh, alertDigest AS digest, head(COLLECT { MATCH (al:RiskAlert {alertId: alertId})"
    " RETURN " + ALERT + " }) AS row"
)

CHECK: Final[LiteralString] = """
RETURN EXISTS { MATCH (:Agency {agencyId: $issuerId}) } AS agency,
  CASE $targetKind
    WHEN 'product' THEN EXISTS { MATCH (:Product {productId: $targetId}) }
    WHEN 'batch' THEN EXISTS { MATCH (:Batch {batchId: $targetId}) }
    ELSE EXISTS { MATCH (:Shipment {shipmentId: $targetId}) } END AS target,
  [i IN range(0, size($inspectionIds) - 1)
   WHERE NOT EXISTS { MATCH (:Inspection {inspectionId: $inspectionIds[i]}) }] AS missing
"""

# Status of an alert or a disposal order on a date (see hub.data.status_as_of).
ALERT_AS_OF: Final[LiteralString] = (
    "MATCH (rec:RiskAlert {alertId: $id}) WHERE "
    + visibility.RECALL_SCOPE
    + " WITH rec, $asOf AS asOf RETURN "
    + ALERT_STATUS_AS_OF
    + " AS status"
)
ORDER_AS_OF: Final[LiteralString] = (
    "MATCH (rec:Recall {recallId: $id}) WHERE "
    + visibility.RECALL_SCOPE
    + " WITH rec, $asOf AS asOf RETURN "
    + ORDER_STATUS_AS_OF
    + " AS status"
)


@dataclass(frozen=True)
class NewAlert:
    client_request_id: str
    issuer_id: str
    target_kind: str  # product, batch, shipment
    target_id: str
    title: str
    hazard: str
    risk_level: str
    issued_on: dt.date
    inspection_ids: tuple[str, ...] = ()
    complaints: tuple[str, ...] = ()
    overseas_notices: tuple[str, ...] = ()
    alert_id_seed: str | None = field(default=None)  # set when an inspection raises it

    @property
    def alert_id(self) -> str:
        seed = self.alert_id_seed or f"{self.issuer_id}\n{self.client_request_id}"
        return "A-" + hashlib.sha256(seed.encode()).hexdigest()[:20].upper()

    @property
    def digest(self) -> str:
        body = {k: v for k, v in self.__dict__.items() if k != "client_request_id"}
        return hashlib.sha256(json.dumps(body, default=str, sort_keys=True).encode()).hexdigest()

    def param(self) -> dict[str, Any]:
        return {
            "alertId": self.alert_id,
            "targetKind": self.target_kind,
            "targetId": self.target_id,
            "inspectionIds": list(self.inspection_ids),
            "props": {
                "title": self.title,
                "hazard": self.hazard,
                "riskLevel": self.risk_level,
                "issuedOn": self.issued_on,
                "complaints": list(self.complaints),
                "overseasNotices": list(self.overseas_notices),
                "clientRequestId": self.client_request_id,
                "requestDigest": self.digest,
                "source": "hub:raiseRiskAlert",
            },
        }


async def check(cy: Cypher, alert: NewAlert) -> dict[str, Any]:
    [record] = await cy.read(
        CHECK,
        {
            "issuerId": alert.issuer_id,
            "targetKind": alert.target_kind,
            "targetId": alert.target_id,
            "inspectionIds": list(alert.inspection_ids),
        },
    )
    return record


async def raise_alert(cy: Cypher, alert: NewAlert, by_key: str) -> tuple[bool, bool, dict[str, Any]] | None:
    """(created now, same request as the first time, row); None when the issuer vanished."""
    records = await cy.write(
        RAISE,
        {"issuerId": alert.issuer_id, "alert": alert.param(), "byKey": by_key, "attempt": uuid.uuid4().hex},
    )
    if not records:
        return None
    record = records[0]
    return record["fresh"], record["digest"] == alert.digest, record["row"]


async def status_on(cy: Cypher, statement: LiteralString, params: dict[str, Any]) -> tuple[bool, str | None]:
    records = await cy.read(statement, params)
    return (True, records[0]["status"]) if records else (False, None)
