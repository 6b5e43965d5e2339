"""Declarations lodged through the API (`lodgeDeclaration`), idempotent per declarant reference.

The declaration id is derived from the declarant and its own reference, so a
retried request MERGEs onto the declaration it created the first time (the
declarationId uniqueness constraint makes concurrent retries safe too). A
reused reference with other content is refused (its digest differs).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import asdict, dataclass
from typing import Any, Final, LiteralString

from runtime.db import Cypher

# Check and write in one statement (one transaction): every reference is
# looked up first and `problems` lists the input fields whose node is missing
# (or whose shipment already belongs to another declaration); only when it is
# empty, and only the first time (`fresh`), are the declaration, its
# shipments, their parties and goods written.
LODGE: Final[LiteralString] = """
OPTIONAL MATCH (declarant:Enterprise {enterpriseId: $declarantId})
OPTIONAL MATCH (agency:Agency {agencyId: $agencyId})
WITH declarant, agency,
  CASE WHEN declarant IS NULL THEN ['input.declarantId'] ELSE [] END +
  CASE WHEN $agencyId IS NOT NULL AND agency IS NULL THEN ['input.agencyId'] ELSE [] END +
  [p IN $parties WHERE NOT EXISTS { MATCH (:Enterprise {enterpriseId: p.id}) } | p.field] +
  [g IN $batches WHERE NOT EXISTS { MATCH (:Batch {batchId: g.id}) } | g.field] +
  [s IN $shipments WHERE EXISTS {
     MATCH (:Shipment {shipmentId: s.shipmentId})-[:DECLARED_IN]->(other:Declaration)
     WHERE other.declarationId <> $declarationId } | s.field] AS problems
OPTIONAL CALL (declarant, agency, problems) {
  WITH declarant, agency WHERE problems = []
  MERGE (d:Declaration {declarationId: $declarationId})
    ON CREATE SET d += $props, d.createdAt = datetime(), d.attempt = $attempt
  WITH declarant, agency, d, d.attempt = $attempt AS fresh
  CALL (declarant, agency, d, fresh) {
    WITH declarant, agency, d WHERE fresh
    MERGE (d)-[:DECLARED_BY]->(declarant)
    FOREACH (x IN CASE WHEN agency IS NULL THEN [] ELSE [agency] END | MERGE (d)-[:LODGED_WITH]->(x))
    WITH d
    UNWIND $shipments AS s
    MERGE (sh:Shipment {shipmentId: s.shipmentId})
    SET sh += s.props, sh.declaredOn = d.declaredOn
    MERGE (sh)-[:DECLARED_IN]->(d)
    WITH sh, s
    CALL (sh, s) {
      MATCH (e:Enterprise {enterpriseId: s.sellerId})
      MERGE (sh)-[:SOLD_BY]->(e)
    }
    CALL (sh, s) {
      MATCH (e:Enterprise {enterpriseId: s.platformId})
      MERGE (sh)-[:VIA_PLATFORM]->(e)
    }
    CALL (sh, s) {
      MATCH (e:Enterprise {enterpriseId: s.importerId})
      MERGE (sh)-[:IMPORTED_BY]->(e)
    }
    CALL (sh, s) {
      UNWIND s.goods AS g
      MATCH (b:Batch {batchId: g.batchId})
      MERGE (sh)-[c:CARRIES]->(b)
      SET c.quantity = g.quantity, c.unit = g.unit, c.source = 'hub:lodgeDeclaration'
    }
  }
  RETURN fresh, d.requestDigest AS digest,
         COLLECT { MATCH (x:Shipment)-[:DECLARED_IN]->(d) RETURN x.shipmentId ORDER BY x.shipmentId } AS shipments
}
RETURN problems, fresh, digest, shipments
"""


@dataclass(frozen=True)
class Goods:
    batch_id: str
    quantity: int
    unit: str | None


@dataclass(frozen=True)
class LodgedShipment:
    shipment_id: str
    mode: str
    direction: str
    origin_country: str | None
    seller_id: str | None
    platform_id: str | None
    importer_id: str | None
    goods: tuple[Goods, ...]


@dataclass(frozen=True)
class Lodgement:
    declarant_id: str
    reference: str
    declared_on: dt.date
    agency_id: str | None
    shipments: tuple[LodgedShipment, ...]

    @property
    def declaration_id(self) -> str:
        return f"{self.declarant_id}/{self.reference}"

    @property
    def digest(self) -> str:
        """What was lodged, so a reused reference with other content is caught."""
        text = json.dumps(asdict(self), default=str, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Lodged:
    """`problems`: input fields whose reference is missing (nothing written when any)."""

    problems: list[str]
    created: bool
    same_request: bool
    shipment_ids: list[str]


def _params(lodgement: Lodgement) -> dict[str, Any]:
    parties: list[dict[str, str]] = []
    batches: list[dict[str, str]] = []
    shipments: list[dict[str, Any]] = []
    for i, s in enumerate(lodgement.shipments):
        where = f"input.shipments[{i}]"
        for role, value in (
            ("seller", s.seller_id),
            ("platform", s.platform_id),
            ("importer", s.importer_id),
        ):
            if value is not None:
                parties.append({"id": value, "field": f"{where}.{role}Id"})
        for j, g in enumerate(s.goods):
            batches.append({"id": g.batch_id, "field": f"{where}.goods[{j}].batchId"})
        props = {"mode": s.mode, "direction": s.direction, "originCountry": s.origin_country,
                 "status": "declared", "source": "hub:lodgeDeclaration"}  # fmt: skip
        shipments.append({
            "shipmentId": s.shipment_id, "field": f"{where}.shipmentId", "props": props,
            "sellerId": s.seller_id, "platformId": s.platform_id, "importerId": s.importer_id,
            "goods": [{"batchId": g.batch_id, "quantity": g.quantity, "unit": g.unit} for g in s.goods],
        })  # fmt: skip
    declaration: dict[str, Any] = {
        "number": lodgement.reference,
        "declaredOn": lodgement.declared_on,
        "status": "lodged",
        "requestDigest": lodgement.digest,
        "source": "hub:lodgeDeclaration",
    }
    return {
        "declarationId": lodgement.declaration_id,
        "declarantId": lodgement.declarant_id,
        "agencyId": lodgement.agency_id,
        "parties": parties,
        "batches": batches,
        "shipments": shipments,
        "props": declaration,
        # Unique per call: tells this call's MERGE that it created the node.
        "attempt": uuid.uuid4().hex,
    }


async def lodge(cy: Cypher, lodgement: Lodgement) -> Lodged:
    [record] = await cy.write(LODGE, _params(lodgement))
    if record["problems"]:
        return Lodged(list(record["problems"]), created=False, same_request=True, shipment_ids=[])
    same = record["digest"] == lodgement.digest
    return Lodged([], bool(record["fresh"]), same, list(record["shipments"]))
