"""Disposal orders written by regulators: `issueRecall`, idempotent per client request id.

The recall id is derived from the issuing agency and the client's request id,
so a retried request MERGEs onto the recall it created the first time (the
recallId uniqueness constraint makes concurrent retries safe too).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any, Final, LiteralString

from hub.data.recalls import RECALL
from runtime.db import Cypher

MAX_BATCHES: Final = 1000

# Check and write in one statement, hence one transaction: the references are
# looked up, and only when all exist is the recall merged onto them, so a
# target removed between a separate check and write cannot be skipped
# silently. `missing` holds indexes into $batchIds. The variables are named
# apart from those of RECALL's pattern comprehensions (a, p, b), which would
# otherwise bind to them.
ISSUE: Final[LiteralString] = (
    """
OPTIONAL MATCH (issuer:Agency {agencyId: $issuerId})
OPTIONAL MATCH (product:Product {productId: $productId})
WITH issuer, product,
  [i IN range(0, size($batchIds) - 1) WHERE NOT EXISTS { MATCH (:Batch {batchId: $batchIds[i]}) }] AS missing,
  [i IN range(0, size($shipmentIds) - 1)
   WHERE NOT EXISTS { MATCH (:Shipment {shipmentId: $shipmentIds[i]}) }] AS missingShipments
WITH issuer, product, missing, missingShipments,
  issuer IS NOT NULL AND ($productId IS NULL OR product IS NOT NULL) AND missing = []
  AND missingShipments = [] AS ok
OPTIONAL CALL (issuer, product, ok) {
  WITH issuer, product WHERE ok
  MERGE (r:Recall {recallId: $recallId})
    ON CREATE SET r += $props, r.status = 'open', r.createdAt = datetime(), r.attempt = $attempt
  WITH issuer, product, r, r.attempt = $attempt AS fresh
  CALL (issuer, product, r, fresh) {
    WITH issuer, product, r WHERE fresh
    MERGE (r)-[:ISSUED_BY]->(issuer)
    FOREACH (x IN CASE WHEN product IS NULL THEN [] ELSE [product] END | MERGE (r)-[:TARGETS]->(x))
    WITH DISTINCT r
    UNWIND $batchIds AS batchId
    MATCH (target:Batch {batchId: batchId})
    MERGE (r)-[:TARGETS]->(target)
  }
  CALL (r, fresh) {
    WITH r WHERE fresh
    UNWIND $shipmentIds AS shipmentId
    MATCH (target:Shipment {shipmentId: shipmentId})
    MERGE (r)-[:TARGETS]->(target)
  }
  RETURN fresh, r.requestDigest AS digest, """
    + RECALL
    + """ AS row
}
RETURN issuer IS NOT NULL AS agency, ($productId IS NULL OR product IS NOT NULL) AS product, missing,
  missingShipments, fresh, digest, row"""
)


@dataclass(frozen=True)
class RecallOrder:
    client_request_id: str
    issuer_id: str
    measure: str
    risk_level: str
    title: str
    hazard: str
    reason: str
    issued_on: dt.date
    product_id: str | None
    batch_ids: tuple[str, ...]
    shipment_ids: tuple[str, ...] = ()

    @property
    def recall_id(self) -> str:
        seed = f"{self.issuer_id}\n{self.client_request_id}".encode()
        return "R-" + hashlib.sha256(seed).hexdigest()[:20].upper()

    @property
    def digest(self) -> str:
        """What the request asked for, so a reused request id with other content is caught."""
        body = {k: v for k, v in self.__dict__.items() if k != "client_request_id"}
        if not self.shipment_ids:  # digests of orders issued before shipment targets stay the same
            del body["shipment_ids"]
        text = json.dumps(body, default=str, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Issued:
    """The outcome: `found` says which references exist; `row` is None when one did not."""

    found: dict[str, Any]
    created: bool
    same_request: bool
    row: dict[str, Any] | None


async def issue_recall(cy: Cypher, order: RecallOrder) -> Issued:
    props = {
        "measure": order.measure,
        "riskLevel": order.risk_level,
        "title": order.title,
        "hazard": order.hazard,
        "reason": order.reason,
        "issuedOn": order.issued_on,
        "clientRequestId": order.client_request_id,
        "requestDigest": order.digest,
        "source": "hub:issueRecall",
    }
    [record] = await cy.write(
        ISSUE,
        {
            "recallId": order.recall_id,
            "issuerId": order.issuer_id,
            "productId": order.product_id,
            "batchIds": list(order.batch_ids),
            "shipmentIds": list(order.shipment_ids),
            "props": props,
            # Unique per call: tells this call's MERGE that it created the node, even
            # when a concurrent retry raced it to the uniqueness constraint.
            "attempt": uuid.uuid4().hex,
        },
    )
    found = {k: record[k] for k in ("agency", "product", "missing", "missingShipments")}
    if record["row"] is None:
        return Issued(found, created=False, same_request=True, row=None)
    return Issued(found, record["fresh"], record["digest"] == order.digest, record["row"])
