"""Stored declarations and shipments, read back as drafts to screen (one statement each)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, LiteralString

from hub.data.screen_draft import MAX_SHIPMENTS, DraftDeclaration, DraftGoods, DraftShipment
from hub.errors import HubError
from runtime.db import Cypher

_SHIPMENT: Final[LiteralString] = (
    "s {.shipmentId, .mode, .direction, .originCountry, .consigneeRegion,"
    " sellerId: head([(s)-[:SOLD_BY]->(x:Enterprise) | x.enterpriseId]),"
    " platformId: head([(s)-[:VIA_PLATFORM]->(x:Enterprise) | x.enterpriseId]),"
    " importerId: head([(s)-[:IMPORTED_BY]->(x:Enterprise) | x.enterpriseId]),"
    " goods: [(s)-[c:CARRIES]->(b:Batch) | {batchId: b.batchId, quantity: c.quantity,"
    " product: head([(b)-[:OF_PRODUCT]->(p:Product) | p {.productId, .gtin, .hsCode, .name}])}][..50]}"
)

DECLARATION: Final[LiteralString] = (
    "MATCH (d:Declaration {declarationId: $id}) WHERE $parcels"
    " CALL (d) { MATCH (s:Shipment)-[:DECLARED_IN]->(d) WITH s ORDER BY s.shipmentId LIMIT $cap"
    " RETURN collect(" + _SHIPMENT + ") AS shipments }"
    " RETURN d.declarationId AS declarationId, d.declaredOn AS declaredOn,"
    " head([(d)-[:DECLARED_BY]->(x:Enterprise) | x.enterpriseId]) AS declarantId, shipments,"
    " COUNT { (:Shipment)-[:DECLARED_IN]->(d) } AS total"
)

SHIPMENT: Final[LiteralString] = (
    "MATCH (s:Shipment {shipmentId: $id}) WHERE $parcels"
    " OPTIONAL MATCH (s)-[:DECLARED_IN]->(d:Declaration)"
    " RETURN d.declarationId AS declarationId, coalesce(d.declaredOn, s.declaredOn) AS declaredOn,"
    " head([(d)-[:DECLARED_BY]->(x:Enterprise) | x.enterpriseId]) AS declarantId,"
    " [" + _SHIPMENT + "] AS shipments, 1 AS total"
)


class NotFound(HubError):
    code = "NOT_FOUND"

    def __init__(self, argument: str, what: str, key: str) -> None:
        super().__init__(f"argument {argument}: no {what} with id {key!r}")
        self.argument = argument


def _goods(row: dict[str, Any]) -> DraftGoods:
    p = row.get("product") or {}
    return DraftGoods(p.get("productId"), p.get("gtin"), p.get("hsCode"), None, row.get("quantity"),
                      (), row["batchId"])  # fmt: skip


def _shipment(row: dict[str, Any]) -> DraftShipment:
    goods = sorted(row["goods"], key=lambda g: g["batchId"])
    return DraftShipment(
        row["shipmentId"], row.get("mode") or "", row.get("direction") or "", row.get("originCountry"),
        row.get("sellerId"), row.get("platformId"), row.get("importerId"), row.get("consigneeRegion"),
        tuple(_goods(g) for g in goods),
    )  # fmt: skip


def _draft(row: dict[str, Any], seed_id: str, *, single: bool) -> DraftDeclaration:
    on = row["declaredOn"]
    declared_on: dt.date = on.to_native() if hasattr(on, "to_native") else on
    shipments = tuple(_shipment(s) for s in row["shipments"])
    return DraftDeclaration(seed_id, declared_on, row.get("declarantId"), shipments, "", True,
                            truncated=row["total"] > len(shipments), single=single)  # fmt: skip


async def stored_declaration(cy: Cypher, declaration_id: str, parcels: bool) -> DraftDeclaration:
    rows = await cy.read(DECLARATION, {"id": declaration_id, "cap": MAX_SHIPMENTS, "parcels": parcels})
    if not rows:
        raise NotFound("id", "declaration", declaration_id)
    return _draft(rows[0], declaration_id, single=False)


async def stored_shipment(cy: Cypher, shipment_id: str, parcels: bool) -> DraftDeclaration:
    rows = await cy.read(SHIPMENT, {"id": shipment_id, "parcels": parcels})
    if not rows:
        raise NotFound("id", "shipment", shipment_id)
    # Seeded like the shipment's declaration, so both screenings draw the same.
    return _draft(rows[0], rows[0]["declarationId"] or "", single=True)
