"""Filings (registrations) of enterprises and products: create, read, and status on a date.

A filing is created by `fileEnterprise` / `fileProduct` with its first status
(pending or filed) recorded as the first StatusChange (from null, on the
filing date); later changes go through `hub.data.lifecycle`. The filing id
derives from the agency and the client request id, so a retry MERGEs onto
the filing made the first time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any, Final, LiteralString

from hub.auth import Principal
from hub.data import visibility
from hub.data.filing_status import ENTERPRISE_FILING_AS_OF, PRODUCT_FILING_AS_OF
from hub.data.paging import by_ids_statement, children_statement
from runtime.db import Cypher

FILING: Final[LiteralString] = """f {.*,
  enterpriseId: head([(f)-[:FILED_BY]->(x:Enterprise) | x.enterpriseId]),
  productId: head([(f)-[:COVERS]->(x:Product) | x.productId]),
  agencyId: head([(f)-[:LODGED_WITH]->(x:Agency) | x.agencyId])
}"""

# A partner sees a filing only under a `filing` grant and when it sees the enterprise.
VISIBLE: Final[LiteralString] = (
    "EXISTS { MATCH (f)-[:FILED_BY]->(e:Enterprise) WHERE "
    + visibility.ENTERPRISE
    + " } AND "
    + visibility.FILING_SCOPE
)

FILINGS_BY_IDS: Final = by_ids_statement("MATCH (f:Filing {filingId: id}) WHERE " + VISIBLE, FILING)
ENTERPRISE_FILINGS: Final = children_statement(
    "MATCH (f:Filing)-[:FILED_BY]->(:Enterprise {enterpriseId: id}) WHERE " + VISIBLE,
    "f",
    "f.filedOn DESC, f.filingId",
    FILING,
)
PRODUCT_FILINGS: Final = children_statement(
    "MATCH (f:Filing)-[:COVERS]->(:Product {productId: id}) WHERE " + VISIBLE,
    "f",
    "f.filedOn DESC, f.filingId",
    FILING,
)

STATUS_AS_OF: Final[LiteralString] = (
    "MATCH (e:Enterprise {enterpriseId: $enterpriseId}) WHERE "
    + visibility.ENTERPRISE
    + " AND "
    + visibility.FILING_SCOPE
    + " OPTIONAL MATCH (p:Product {productId: $productId})"
    " WITH e, p, $asOf AS asOf"
    " RETURN CASE WHEN $productId IS NULL THEN "
    + ENTERPRISE_FILING_AS_OF
    + " WHEN p IS NULL THEN null ELSE "
    + PRODUCT_FILING_AS_OF
    + " END AS found"
)

CHECK: Final[LiteralString] = """
RETURN head(COLLECT { MATCH (e:Enterprise {enterpriseId: $enterpriseId}) RETURN e.kind }) AS enterpriseKind,
  EXISTS { MATCH (:Agency {agencyId: $agencyId}) } AS agency,
  ($productId IS NULL OR EXISTS { MATCH (:Product {productId: $productId}) }) AS product
"""

CREATE: Final[LiteralString] = (
    """
MATCH (e:Enterprise {enterpriseId: $enterpriseId}), (a:Agency {agencyId: $agencyId})
OPTIONAL MATCH (p:Product {productId: $productId})
WITH e, a, p WHERE $productId IS NULL OR p IS NOT NULL
MERGE (f:Filing {filingId: $filingId})
  ON CREATE SET f += $props, f.createdAt = datetime(), f.attempt = $attempt
WITH e, a, p, f, f.attempt = $attempt AS fresh
CALL (e, a, p, f, fresh) {
  WITH * WHERE fresh
  MERGE (f)-[:FILED_BY]->(e)
  MERGE (f)-[:LODGED_WITH]->(a)
  FOREACH (x IN CASE WHEN p IS NULL THEN [] ELSE [p] END | MERGE (f)-[:COVERS]->(x))
  CREATE (c:StatusChange {changeId: 'SC-' + $filingId, recordKind: 'filing', recordId: $filingId,
          from: null, to: f.status, on: f.filedOn, at: datetime(), seq: 1, byKey: $byKey,
          reason: f.reason, clientRequestId: f.clientRequestId, requestDigest: f.requestDigest,
          source: 'hub:file'})
  CREATE (c)-[:CHANGES]->(f), (c)-[:CHANGED_BY]->(a)
  FOREACH (x IN CASE WHEN f.kind = 'enterprise' THEN [e] ELSE [] END | SET x.filingStatus = f.status)
}
RETURN fresh, f.requestDigest AS digest, """
    + FILING
    + " AS row"
)


@dataclass(frozen=True)
class NewFiling:
    client_request_id: str
    kind: str  # enterprise or product
    enterprise_id: str
    product_id: str | None
    agency_id: str
    status: str  # pending or filed
    filed_on: dt.date
    valid_until: dt.date | None
    reference: str | None
    reason: str

    @property
    def filing_id(self) -> str:
        seed = f"{self.agency_id}\n{self.client_request_id}".encode()
        return "F-" + hashlib.sha256(seed).hexdigest()[:20].upper()

    @property
    def digest(self) -> str:
        body = {k: v for k, v in self.__dict__.items() if k != "client_request_id"}
        return hashlib.sha256(json.dumps(body, default=str, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Created:
    created: bool
    same_request: bool
    row: dict[str, Any]


async def check(cy: Cypher, filing: NewFiling) -> dict[str, Any]:
    params = {
        "enterpriseId": filing.enterprise_id,
        "agencyId": filing.agency_id,
        "productId": filing.product_id,
    }
    [record] = await cy.read(CHECK, params)
    return record


async def create(cy: Cypher, filing: NewFiling, by_key: str) -> Created | None:
    """None when the enterprise, agency or product vanished since the check (nothing written)."""
    props = {
        "kind": filing.kind,
        "status": filing.status,
        "filedOn": filing.filed_on,
        "validUntil": filing.valid_until,
        "reference": filing.reference,
        "reason": filing.reason,
        "clientRequestId": filing.client_request_id,
        "requestDigest": filing.digest,
        "source": "hub:file",
    }
    records = await cy.write(
        CREATE,
        {
            "filingId": filing.filing_id,
            "enterpriseId": filing.enterprise_id,
            "productId": filing.product_id,
            "agencyId": filing.agency_id,
            "props": props,
            "byKey": by_key,
            "attempt": uuid.uuid4().hex,
        },
    )
    if not records:
        return None
    record = records[0]
    return Created(record["fresh"], record["digest"] == filing.digest, record["row"])


async def status_as_of(
    cy: Cypher, who: Principal, enterprise_id: str, product_id: str | None, as_of: dt.date
) -> tuple[bool, dict[str, Any] | None]:
    """(enterprise visible, {filingId, status} or None)."""
    records = await cy.read(
        STATUS_AS_OF,
        {"enterpriseId": enterprise_id, "productId": product_id, "asOf": as_of, **who.cypher_params()},
    )
    if not records:
        return False, None
    return True, records[0]["found"]
