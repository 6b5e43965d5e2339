"""Shipments (parcels, consignments) and the declarations that cover them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final, LiteralString

from hub.auth import Principal
from hub.data import visibility
from hub.data.paging import (
    Page,
    PageRequest,
    by_ids_statement,
    children_statement,
    page_statements,
    to_page,
)
from runtime.db import Cypher


class ShipmentSort(Enum):
    DECLARED_ON_DESC = "declaredOnDesc"
    DECLARED_ON = "declaredOn"
    ID = "id"


class PartyRole(Enum):
    """How an enterprise takes part in a shipment; each maps to one relationship type."""

    SELLER = "seller"
    PLATFORM = "platform"
    IMPORTER = "importer"
    LOGISTICS = "logistics"
    WAREHOUSE = "warehouse"


@dataclass(frozen=True)
class ShipmentFilter:
    status: str | None = None
    direction: str | None = None
    mode: str | None = None
    port: str | None = None
    consignee_region: str | None = None
    declared_from: dt.date | None = None
    declared_to: dt.date | None = None
    seller_id: str | None = None
    platform_id: str | None = None

    def params(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "direction": self.direction,
            "mode": self.mode,
            "port": self.port,
            "region": self.consignee_region,
            "from": self.declared_from,
            "to": self.declared_to,
            "sellerId": self.seller_id,
            "platformId": self.platform_id,
        }


class Stage(Enum):
    """Where the units of a shipment stand for a disposal decision."""

    UNDER_CONTROL = "under_control"
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    RETURNED = "returned"
    DESTROYED = "destroyed"


# Under control: not yet released (declared, held), or bonded goods released
# from clearance but still stored at a warehouse (not delivered, not returned).
UNDER_CONTROL: Final[LiteralString] = (
    "(s.status IN ['declared', 'held'] OR (s.mode = 'bonded' AND s.status = 'released'"
    " AND EXISTS { (s)-[:STORED_AT]->(:Enterprise) }))"
)
STAGE: Final[LiteralString] = (
    "CASE WHEN s.status = 'delivered' THEN 'delivered' WHEN s.status = 'returned' THEN 'returned'"
    " WHEN s.status = 'destroyed' THEN 'destroyed'"
    " WHEN " + UNDER_CONTROL + " THEN 'under_control' ELSE 'in_transit' END"
)
# What `s` carries (at most 100 batches listed).
CARRIED: Final[LiteralString] = (
    "[(s)-[c:CARRIES]->(b:Batch) | {batchId: b.batchId, quantity: c.quantity, unit: c.unit}][..100]"
)
# A shipment with the ids of its parties, for the per-request loaders to fetch.
SHIPMENT: Final[LiteralString] = (
    """s {.*,
  sellerId: head([(s)-[:SOLD_BY]->(x) | x.enterpriseId]),
  platformId: head([(s)-[:VIA_PLATFORM]->(x) | x.enterpriseId]),
  importerId: head([(s)-[:IMPORTED_BY]->(x) | x.enterpriseId]),
  logisticsId: head([(s)-[:HANDLED_BY]->(x) | x.enterpriseId]),
  warehouseId: head([(s)-[:STORED_AT]->(x) | x.enterpriseId]),
  declarationId: head([(s)-[:DECLARED_IN]->(x) | x.declarationId]),
  stage: """
    + STAGE
    + ", carried: "
    + CARRIED
    + "}"
)
DECLARATION: Final[LiteralString] = """d {.*,
  declarantId: head([(d)-[:DECLARED_BY]->(x) | x.enterpriseId]),
  agencyId: head([(d)-[:LODGED_WITH]->(x) | x.agencyId]),
  shipmentCount: COUNT { (d)<-[:DECLARED_IN]-() }
}"""

_MATCH: Final[LiteralString] = (
    "MATCH (s:Shipment) WHERE " + visibility.PARCELS + " AND ($status IS NULL OR s.status = $status)"
    " AND ($direction IS NULL OR s.direction = $direction)"
    " AND ($mode IS NULL OR s.mode = $mode)"
    " AND ($port IS NULL OR s.port = $port)"
    " AND ($region IS NULL OR s.consigneeRegion = $region)"
    " AND ($from IS NULL OR s.declaredOn >= $from)"
    " AND ($to IS NULL OR s.declaredOn <= $to)"
    " AND ($sellerId IS NULL OR EXISTS { (s)-[:SOLD_BY]->(:Enterprise {enterpriseId: $sellerId}) })"
    " AND ($platformId IS NULL OR EXISTS { (s)-[:VIA_PLATFORM]->(:Enterprise {enterpriseId: $platformId}) })"
)
_ORDERS: Final[dict[ShipmentSort, LiteralString]] = {
    ShipmentSort.DECLARED_ON_DESC: "s.declaredOn DESC, s.shipmentId",
    ShipmentSort.DECLARED_ON: "s.declaredOn, s.shipmentId",
    ShipmentSort.ID: "s.shipmentId",
}
LIST: Final = page_statements(_MATCH, "s", _ORDERS, SHIPMENT)

SHIPMENTS_BY_IDS: Final = by_ids_statement(
    "MATCH (s:Shipment {shipmentId: id}) WHERE " + visibility.PARCELS, SHIPMENT
)
DECLARATIONS_BY_IDS: Final = by_ids_statement(
    "MATCH (d:Declaration {declarationId: id}) WHERE " + visibility.PARCELS, DECLARATION
)
_BY_DATE: Final[LiteralString] = "s.declaredOn DESC, s.shipmentId"
SHIPMENTS_OF_BATCHES: Final = children_statement(
    "MATCH (:Batch {batchId: id})<-[:CARRIES]-(s:Shipment) WHERE " + visibility.PARCELS,
    "s",
    _BY_DATE,
    SHIPMENT,
)
SHIPMENTS_OF_DECLARATIONS: Final = children_statement(
    "MATCH (:Declaration {declarationId: id})<-[:DECLARED_IN]-(s:Shipment) WHERE " + visibility.PARCELS,
    "s",
    _BY_DATE,
    SHIPMENT,
)


def _of_party(rel: LiteralString) -> LiteralString:
    return children_statement(
        "MATCH (:Enterprise {enterpriseId: id})<-[:" + rel + "]-(s:Shipment) WHERE " + visibility.PARCELS,
        "s",
        _BY_DATE,
        SHIPMENT,
    )


SHIPMENTS_OF_PARTY: Final[dict[PartyRole, LiteralString]] = {
    PartyRole.SELLER: _of_party("SOLD_BY"),
    PartyRole.PLATFORM: _of_party("VIA_PLATFORM"),
    PartyRole.IMPORTER: _of_party("IMPORTED_BY"),
    PartyRole.LOGISTICS: _of_party("HANDLED_BY"),
    PartyRole.WAREHOUSE: _of_party("STORED_AT"),
}


async def list_shipments(
    cy: Cypher,
    who: Principal,
    where: ShipmentFilter,
    sort: ShipmentSort,
    page: PageRequest,
    *,
    total: bool,
) -> Page:
    [record] = await cy.read(LIST[(sort, total)], {**where.params(), **page.params(), **who.cypher_params()})
    return to_page(record, page)
