"""Recalls and other disposal orders, and the agencies that issue them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final, LiteralString

from hub.auth import Principal
from hub.data import visibility
from hub.data.paging import Page, PageRequest, by_ids_statement, children_statement, page_statements, to_page
from runtime.db import Cypher


class RecallSort(Enum):
    ISSUED_ON_DESC = "issuedOnDesc"
    ISSUED_ON = "issuedOn"
    ID = "id"


class AgencySort(Enum):
    NAME = "name"
    ID = "id"


@dataclass(frozen=True)
class RecallFilter:
    measure: str | None = None
    risk_level: str | None = None
    status: str | None = None
    issuer_id: str | None = None
    issued_from: dt.date | None = None
    issued_to: dt.date | None = None

    def params(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "riskLevel": self.risk_level,
            "status": self.status,
            "issuerId": self.issuer_id,
            "from": self.issued_from,
            "to": self.issued_to,
        }


RECALL: Final[LiteralString] = """r {.*,
  issuerId: head([(r)-[:ISSUED_BY]->(a) | a.agencyId]),
  targetProductIds: [(r)-[:TARGETS]->(p:Product) | p.productId][..100],
  targetBatchIds: [(r)-[:TARGETS]->(b:Batch) | b.batchId][..1000],
  targetShipmentIds: [(r)-[:TARGETS]->(s:Shipment) | s.shipmentId][..1000]
}"""
AGENCY: Final[LiteralString] = "a {.*}"

_MATCH: Final[LiteralString] = (
    "MATCH (r:Recall) WHERE " + visibility.RECALL_SCOPE + " AND ($measure IS NULL OR r.measure = $measure)"
    " AND ($riskLevel IS NULL OR r.riskLevel = $riskLevel)"
    " AND ($status IS NULL OR r.status = $status)"
    " AND ($from IS NULL OR r.issuedOn >= $from)"
    " AND ($to IS NULL OR r.issuedOn <= $to)"
    " AND ($issuerId IS NULL OR EXISTS { (r)-[:ISSUED_BY]->(:Agency {agencyId: $issuerId}) })"
)
_ORDERS: Final[dict[RecallSort, LiteralString]] = {
    RecallSort.ISSUED_ON_DESC: "r.issuedOn DESC, r.recallId",
    RecallSort.ISSUED_ON: "r.issuedOn, r.recallId",
    RecallSort.ID: "r.recallId",
}
LIST: Final = page_statements(_MATCH, "r", _ORDERS, RECALL)
RECALLS_BY_IDS: Final = by_ids_statement(
    "MATCH (r:Recall {recallId: id}) WHERE " + visibility.RECALL_SCOPE, RECALL
)
# The orders that target a shipment directly (issue 10), newest first.
ORDERS_OF_SHIPMENTS: Final = children_statement(
    "MATCH (:Shipment {shipmentId: id})<-[:TARGETS]-(r:Recall) WHERE " + visibility.RECALL_SCOPE,
    "r",
    "r.issuedOn DESC, r.recallId",
    RECALL,
)

_AGENCY_MATCH: Final[LiteralString] = (
    "MATCH (a:Agency) WHERE ($kind IS NULL OR a.kind = $kind) AND ($country IS NULL OR a.country = $country)"
)
AGENCY_LIST: Final = page_statements(
    _AGENCY_MATCH, "a", {AgencySort.NAME: "a.name, a.agencyId", AgencySort.ID: "a.agencyId"}, AGENCY
)
AGENCIES_BY_IDS: Final = by_ids_statement("MATCH (a:Agency {agencyId: id})", AGENCY)


async def list_recalls(
    cy: Cypher,
    who: Principal,
    where: RecallFilter,
    sort: RecallSort,
    page: PageRequest,
    *,
    total: bool,
) -> Page:
    [record] = await cy.read(LIST[(sort, total)], {**where.params(), **page.params(), **who.cypher_params()})
    return to_page(record, page)


async def list_agencies(
    cy: Cypher,
    kind: str | None,
    country: str | None,
    sort: AgencySort,
    page: PageRequest,
    *,
    total: bool,
) -> Page:
    # The directory of agencies is public to every authenticated caller.
    [record] = await cy.read(AGENCY_LIST[(sort, total)], {"kind": kind, "country": country, **page.params()})
    return to_page(record, page)
