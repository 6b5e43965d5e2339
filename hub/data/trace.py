"""Backward trace: from a scanned code to its batch, product, maker and trading parties."""

from __future__ import annotations

from typing import Any, Final, LiteralString

from hub.auth import Principal
from hub.data import visibility
from hub.data.enterprises import PROJECTION as ENTERPRISE_PROJECTION
from hub.data.products import PRODUCT
from hub.data.recalls import RECALL
from runtime.db import Cypher

MAX_PARTIES: Final = 100


def _parties(rel: LiteralString) -> LiteralString:
    """Distinct enterprises in role `rel` on shipments that carried the batch (parcel-level)."""
    return (
        "CASE WHEN $parcels THEN COLLECT { MATCH (b)<-[:CARRIES]-(:Shipment)-[:"
        + rel
        + "]->(x:Enterprise) WITH DISTINCT x ORDER BY x.enterpriseId LIMIT $maxParties"
        " RETURN x {.*} } ELSE [] END"
    )


BY_CODE: Final[LiteralString] = (
    "MATCH (t:TraceCode {code: $code})-[:LABELS]->(b:Batch) WHERE "
    + visibility.RECALL_SCOPE
    + " OPTIONAL MATCH (b)-[:OF_PRODUCT]->(p:Product)"
    " WITH t, b, p,"
    # An order or alert may name both the product and one of its batches: list it once.
    " COLLECT { UNWIND [(b)<-[:TARGETS]-(r:Recall) | r] + [(p)<-[:TARGETS]-(r:Recall) | r] AS x"
    " RETURN DISTINCT x } AS recalls,"
    " COLLECT { UNWIND [(b)<-[:CONCERNS]-(a:RiskAlert) | a] + [(p)<-[:CONCERNS]-(a:RiskAlert) | a] AS x"
    " RETURN DISTINCT x } AS alerts"
    " RETURN t {.*, batchId: b.batchId} AS code,"
    " b {.*, productId: p.productId} AS batch,"
    " " + PRODUCT + " AS product,"
    " head([(p)-[:MADE_BY]->(e:Enterprise) WHERE "
    + visibility.ENTERPRISE
    + " | "
    + ENTERPRISE_PROJECTION
    + "]) AS maker, "
    + _parties("SOLD_BY")
    + " AS sellers, "
    + _parties("VIA_PLATFORM")
    + " AS platforms, "
    + _parties("IMPORTED_BY")
    + """ AS importers,
  CASE WHEN $parcels THEN COLLECT {
    MATCH (i:Inspection)-[:INSPECTED]->(b)
    RETURN i {.*, performer: head([(i)-[:PERFORMED_BY]->(x) |
      {id: coalesce(x.agencyId, x.enterpriseId), name: x.name,
       kind: CASE WHEN x:Agency THEN 'agency' ELSE 'lab' END}])}
    ORDER BY i.inspectedOn DESC, i.inspectionId } ELSE [] END AS inspections,
  [r IN recalls | """
    + RECALL
    + """] AS recalls,
  [a IN alerts | a {.*, issuerId: head([(a)-[:ISSUED_BY]->(x) | x.agencyId])}] AS alerts"""
)


async def by_code(cy: Cypher, who: Principal, code: str) -> dict[str, Any] | None:
    records = await cy.read(BY_CODE, {"code": code, "maxParties": MAX_PARTIES, **who.cypher_params()})
    return records[0] if records else None
