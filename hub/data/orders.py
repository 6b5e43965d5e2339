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
from hub.db import Cypher

MAX_BATCHES: Final = 1000

# Which of the referenced nodes exist; `missing` holds indexes into $batchIds.
CHECK: Final[LiteralString] = """
RETURN EXISTS { MATCH (:Agency {agencyId: $issuerId}) } AS agency,
  ($productId IS NULL OR EXISTS { MATCH (:Product {productId: $productId}) }) AS product,
  [i IN range(0, size($batchIds) - 1) WHERE NOT EXISTS { MATCH (:Batch {batchId: $batchIds[i]}) }] AS missing
"""

ISSUE: Final[LiteralString] = (
    """
MATCH (a:Agency {agencyId: $issuerId})
MERGE (r:Recall {recallId: $recallId})
  ON CREATE SET r += $props, r.status = 'open', r.createdAt = datetime(), r.attempt = $attempt
WITH a, r, r.attempt = $attempt AS fresh
CALL (a, r, fresh) {
  WITH a, r WHERE fresh
  MERGE (r)-[:ISSUED_BY]->(a)
  WITH r
  OPTIONAL MATCH (p:Product {productId: $productId})
  FOREACH (x IN CASE WHEN p IS NULL THEN [] ELSE [p] END | MERGE (r)-[:TARGETS]->(x))
  WITH DISTINCT r
  UNWIND $batchIds AS batchId
  MATCH (b:Batch {batchId: batchId})
  MERGE (r)-[:TARGETS]->(b)
}
RETURN fresh, r.requestDigest AS digest, """
    + RECALL
    + " AS row"
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

    @property
    def recall_id(self) -> str:
        seed = f"{self.issuer_id}\n{self.client_request_id}".encode()
        return "R-" + hashlib.sha256(seed).hexdigest()[:20].upper()

    @property
    def digest(self) -> str:
        """What the request asked for, so a reused request id with other content is caught."""
        body = {k: v for k, v in self.__dict__.items() if k != "client_request_id"}
        text = json.dumps(body, default=str, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Issued:
    created: bool
    same_request: bool
    row: dict[str, Any]


async def check_references(cy: Cypher, order: RecallOrder) -> dict[str, Any]:
    [record] = await cy.read(
        CHECK,
        {
            "issuerId": order.issuer_id,
            "productId": order.product_id,
            "batchIds": list(order.batch_ids),
        },
    )
    return record


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
            "props": props,
            # Unique per call: tells this call's MERGE that it created the node, even
            # when a concurrent retry raced it to the uniqueness constraint.
            "attempt": uuid.uuid4().hex,
        },
    )
    return Issued(record["fresh"], record["digest"] == order.digest, record["row"])
