"""Forward trace: from a recall, a product or a batch to every shipment that carried it.

The covered batches are the recall's targeted batches plus every batch of
its targeted products (or the product's batches, or the one batch). A
shipment is counted once however many covered batches it carried; its units
are the sum of CARRIES.quantity over the covered batches only.

Each statement is assembled at import time from constant fragments: a scope
(what binds `b`), filters that are always present and switched off by null
parameters, and an ORDER BY picked by an enum.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final, LiteralString

from hub.auth import Principal
from hub.data import visibility
from hub.data.paging import Page, PageRequest, to_page
from hub.data.products import PRODUCT
from hub.data.shipments import CARRIED, DECLARATION, STAGE
from runtime.db import Cypher


class Scope(Enum):
    """What the trace starts from; each picks the fragment that binds the covered batches."""

    RECALL = "recall"
    PRODUCT = "product"
    BATCH = "batch"


class ImpactSort(Enum):
    DECLARED_ON_DESC = "declaredOnDesc"
    DECLARED_ON = "declaredOn"
    QUANTITY_DESC = "quantityDesc"
    QUANTITY = "quantity"
    ID = "id"


GROUPS: Final = ("region", "port", "seller", "platform", "importer", "warehouse")


@dataclass(frozen=True)
class Window:
    """Which shipments count at all: declared within [from, to] and not after asOf."""

    as_of: dt.date | None = None
    declared_from: dt.date | None = None
    declared_to: dt.date | None = None

    def params(self) -> dict[str, Any]:
        return {"w": {"asOf": self.as_of, "from": self.declared_from, "to": self.declared_to}}


@dataclass(frozen=True)
class ImpactFilter:
    statuses: tuple[str, ...] | None = None
    direction: str | None = None
    port: str | None = None
    consignee_region: str | None = None
    platform_id: str | None = None
    seller_id: str | None = None
    declared_from: dt.date | None = None
    declared_to: dt.date | None = None

    def params(self) -> dict[str, Any]:
        return {
            "f": {
                "statuses": list(self.statuses) if self.statuses else None,
                "direction": self.direction,
                "port": self.port,
                "region": self.consignee_region,
                "platformId": self.platform_id,
                "sellerId": self.seller_id,
                "from": self.declared_from,
                "to": self.declared_to,
            }
        }


NO_FILTER: Final = ImpactFilter().params()

# Batches made from a batch (EPCIS TransformationEvents, graph_schema/epcis_links.py), up to
# TRANSFORM_DEPTH generations: a recall of an ingredient covers what was made from it.
TRANSFORM_DEPTH: Final = 4
MADE_FROM: Final[LiteralString] = "-[:TRANSFORMED_INTO]->{0,4}"  # the batch itself, or made from it

# What binds `b` to each covered batch, one fragment per scope (the CSV export uses the recall's).
SCOPES: Final[dict[Scope, LiteralString]] = {
    Scope.RECALL: (
        "MATCH (r:Recall {recallId: $id}) WHERE "
        + visibility.RECALL_SCOPE
        + " CALL (r) { MATCH (r)-[:TARGETS]->(:Batch)"
        + MADE_FROM
        + "(b:Batch) RETURN b"
        " UNION MATCH (r)-[:TARGETS]->(:Product)<-[:OF_PRODUCT]-(:Batch)" + MADE_FROM + "(b:Batch) RETURN b"
        " UNION MATCH (r)-[:TARGETS]->(:Shipment)-[:CARRIES]->(b:Batch) RETURN b }"
    ),
    Scope.PRODUCT: (
        "MATCH (:Product {productId: $id})<-[:OF_PRODUCT]-(:Batch)"
        + MADE_FROM
        + "(b:Batch) WHERE "
        + visibility.RECALL_SCOPE
        + " WITH DISTINCT b"
    ),
    Scope.BATCH: (
        "MATCH (:Batch {batchId: $id})"
        + MADE_FROM
        + "(b:Batch) WHERE "
        + visibility.RECALL_SCOPE
        + " WITH DISTINCT b"
    ),
}

# A recall may target shipments directly (issue 10): then the batches they carried are
# covered on THOSE shipments only. So for a recall the pair (batch `b`, shipment `s`) counts
# when the recall targets the shipment, the batch, or the batch's product; a shipment
# targeted directly and also reached through a targeted batch is still one row.
# When the recall targets no shipment, every covered batch came from a targeted batch or
# product, so every pair counts: the first test skips the per-pair walks (transformations
# included) for most recalls.
RECALL_PAIR: Final[LiteralString] = (
    " AND (NOT EXISTS { (:Recall {recallId: $id})-[:TARGETS]->(:Shipment) }"
    " OR EXISTS { (:Recall {recallId: $id})-[:TARGETS]->(s) }"
    " OR EXISTS { (:Recall {recallId: $id})-[:TARGETS]->(:Batch)" + MADE_FROM + "(b) }"
    " OR EXISTS { (:Recall {recallId: $id})-[:TARGETS]->(:Product)<-[:OF_PRODUCT]-(:Batch)"
    + MADE_FROM
    + "(b) })"
)
_PAIRS: Final[dict[Scope, LiteralString]] = {
    Scope.RECALL: RECALL_PAIR,
    Scope.PRODUCT: "",
    Scope.BATCH: "",
}


def _shipments(scope: Scope) -> LiteralString:
    """Binds (b, c, s) for every covered carriage of the covered batches in the window."""
    return (
        " UNWIND batches AS b MATCH (b)<-[c:CARRIES]-(s:Shipment) WHERE "
        + visibility.PARCELS
        + _PAIRS[scope]
        + " AND ($w.asOf IS NULL OR s.declaredOn <= $w.asOf)"
        " AND ($w.from IS NULL OR s.declaredOn >= $w.from)"
        " AND ($w.to IS NULL OR s.declaredOn <= $w.to)"
    )


# The filters are entries of one map parameter `$f` (the window: `$w`): a map's type is
# the same whatever it holds, so a null filter and a set one share one cached plan
# (top-level null, string and list parameters of different sizes would each plan anew).
_FILTERS: Final[LiteralString] = (
    " AND ($f.statuses IS NULL OR s.status IN $f.statuses)"
    " AND ($f.direction IS NULL OR s.direction = $f.direction)"
    " AND ($f.port IS NULL OR s.port = $f.port)"
    " AND ($f.region IS NULL OR s.consigneeRegion = $f.region)"
    " AND ($f.from IS NULL OR s.declaredOn >= $f.from)"
    " AND ($f.to IS NULL OR s.declaredOn <= $f.to)"
    " AND ($f.platformId IS NULL OR EXISTS { (s)-[:VIA_PLATFORM]->(:Enterprise {enterpriseId: $f.platformId}) })"
    " AND ($f.sellerId IS NULL OR EXISTS { (s)-[:SOLD_BY]->(:Enterprise {enterpriseId: $f.sellerId}) })"
)
_PER_SHIPMENT: Final[LiteralString] = " WITH s, sum(c.quantity) AS units"

# Completion evidence (issue 10): units of `s` recorded as returned (retU) or destroyed (desU)
# under any disposal order, capped so that they never exceed the shipment's covered units.
# The hub writes the units on the DISPOSED_OF link, disposal_evidence.csv on the evidence node.
_DISPOSED: Final[LiteralString] = (
    " WITH s, units, COLLECT { MATCH (s)<-[d:DISPOSED_OF]-(e:DisposalEvidence)"
    " RETURN [coalesce(d.returnedUnits, e.returnedUnits, 0), coalesce(d.destroyedUnits, e.destroyedUnits, 0)]"
    " AS u } AS ds"
    " WITH s, units, reduce(x = 0, d IN ds | x + d[0]) AS ret, reduce(x = 0, d IN ds | x + d[1]) AS des"
    " WITH s, units, des, CASE WHEN ret > units THEN units ELSE ret END AS retU"
    " WITH s, units, retU, CASE WHEN des > units - retU THEN units - retU ELSE des END AS desU"
)

# All parties and the declaration of `s` in one walk of its relationships (a typed
# pattern per role would walk the shipment's relationship chain once per role).
LINKS: Final[LiteralString] = (
    "[(s)-[l:SOLD_BY|VIA_PLATFORM|IMPORTED_BY|HANDLED_BY|STORED_AT|DECLARED_IN]->(x) | [type(l), x]]"
)


def pick(rel: LiteralString) -> LiteralString:
    """The node at the end of `rel` among `links` (see LINKS)."""
    return "head([l IN links WHERE l[0] = '" + rel + "' | l[1]])"


def _party(rel: LiteralString) -> LiteralString:
    return "head([(s)-[:" + rel + "]->(x:Enterprise) | x {.*}])"


# What a page row may carry besides the shipment itself, each fetched only when
# selected (a `$fetch` flag per entry keeps one statement text for all selections).
FETCHED: Final = (
    "seller",
    "platform",
    "importer",
    "logistics",
    "warehouse",
    "declaration",
    "carried",
    "recalledBatches",
)


# A page row: the shipment with its stage and units, and, when selected, its
# parties, declaration and covered batches, in one go (no loader per row).
def _row(scope: Scope) -> LiteralString:
    return (
        "s {.*, projected: true, units: units, stage: "
        + STAGE
        + ", seller: CASE WHEN $fetch.seller THEN "
        + _party("SOLD_BY")
        + " END, platform: CASE WHEN $fetch.platform THEN "
        + _party("VIA_PLATFORM")
        + " END, importer: CASE WHEN $fetch.importer THEN "
        + _party("IMPORTED_BY")
        + " END, logistics: CASE WHEN $fetch.logistics THEN "
        + _party("HANDLED_BY")
        + " END, warehouse: CASE WHEN $fetch.warehouse THEN "
        + _party("STORED_AT")
        + " END, carried: CASE WHEN $fetch.carried THEN "
        + CARRIED
        + " END, declaration: CASE WHEN $fetch.declaration THEN head([(s)-[:DECLARED_IN]->(d:Declaration) | "
        + DECLARATION
        + """]) END,
  recalledBatches: CASE WHEN $fetch.recalledBatches THEN COLLECT {
    MATCH (s)-[c:CARRIES]->(b:Batch) WHERE b IN batches"""
        + _PAIRS[scope]
        + """ WITH c, b AS cb
    OPTIONAL MATCH (cb)-[:OF_PRODUCT]->(p:Product)
    RETURN {quantity: c.quantity, unit: c.unit, batch: cb {.*, productId: p.productId}, product: """
        + PRODUCT
        + """}
    ORDER BY cb.batchId } END
}"""
    )


_ORDERS: Final[dict[ImpactSort, LiteralString]] = {
    ImpactSort.DECLARED_ON_DESC: "s.declaredOn DESC, s.shipmentId",
    ImpactSort.DECLARED_ON: "s.declaredOn, s.shipmentId",
    ImpactSort.QUANTITY_DESC: "units DESC, s.shipmentId",
    ImpactSort.QUANTITY: "units, s.shipmentId",
    ImpactSort.ID: "s.shipmentId",
}


def _page(scope: Scope, order: LiteralString, total: bool) -> LiteralString:
    rows: LiteralString = (
        "CALL (batches) {"
        + _shipments(scope)
        + _FILTERS
        + _PER_SHIPMENT
        + " ORDER BY "
        + order
        + " SKIP $skip LIMIT toInteger($limit) RETURN collect("
        + _row(scope)
        + ") AS rows }"
    )
    counted: LiteralString = (
        "CALL (batches) {" + _shipments(scope) + _FILTERS + " RETURN count(DISTINCT s) AS total }"
        if total
        else "WITH batches, null AS total"
    )
    return SCOPES[scope] + " WITH collect(b) AS batches " + counted + " " + rows + " RETURN rows, total"


PAGE: Final[dict[tuple[Scope, ImpactSort, bool], LiteralString]] = {
    (scope, sort, total): _page(scope, order, total)
    for scope in Scope
    for sort, order in _ORDERS.items()
    for total in (False, True)
}


def _group(name: LiteralString, key: LiteralString, label: LiteralString) -> LiteralString:
    """Counts by the row's `name` entry (a value or an enterprise node), biggest first."""
    return (
        " CALL (rows) { UNWIND CASE WHEN $want."
        + name
        + " THEN rows ELSE [] END AS x WITH x."
        + name
        + " AS g, count(*) AS n, sum(x.units) AS u WITH "
        + key
        + " AS key, "
        + label
        + " AS label, n, u ORDER BY n DESC, u DESC, key"
        " RETURN collect({key: key, name: label, shipments: n, units: u})[..$groupLimit] AS " + name + " }"
    )


def _by_value(name: LiteralString) -> LiteralString:
    return _group(name, "g", "null")


def _by_enterprise(name: LiteralString) -> LiteralString:
    # Rows hold the enterprise node: properties are read once per group, not per shipment.
    return _group(name, "g.enterpriseId", "g.name")


# Totals of the whole window (connection filters do not apply), grouped in Cypher.
TOTALS: Final[dict[Scope, LiteralString]] = {
    scope: (
        SCOPES[scope]
        + " WITH collect(b) AS batches CALL (batches) {"
        + _shipments(scope)
        + _PER_SHIPMENT
        + _DISPOSED
        + " WITH s, units, units - retU - desU AS left, retU, desU, "
        + STAGE
        + " AS stage, CASE WHEN $anyLink THEN "
        + LINKS
        + """ ELSE [] END AS links
  RETURN count(s) AS shipments, sum(units) AS units,
    collect(DISTINCT CASE WHEN $want.declarations THEN """
        + pick("DECLARED_IN")
        + """ END) AS declarationNodes,
    sum(CASE stage WHEN 'under_control' THEN 1 ELSE 0 END) AS ucShipments,
    sum(CASE stage WHEN 'under_control' THEN left ELSE 0 END) AS ucUnits,
    sum(CASE stage WHEN 'in_transit' THEN 1 ELSE 0 END) AS transitShipments,
    sum(CASE stage WHEN 'in_transit' THEN left ELSE 0 END) AS transitUnits,
    sum(CASE stage WHEN 'delivered' THEN 1 ELSE 0 END) AS deliveredShipments,
    sum(CASE stage WHEN 'delivered' THEN left ELSE 0 END) AS deliveredUnits,
    sum(CASE stage WHEN 'returned' THEN 1 ELSE 0 END) AS returnedShipments,
    sum(CASE stage WHEN 'returned' THEN units WHEN 'destroyed' THEN 0 ELSE retU END) AS returnedUnits,
    sum(CASE stage WHEN 'destroyed' THEN 1 ELSE 0 END) AS destroyedShipments,
    sum(CASE stage WHEN 'destroyed' THEN units WHEN 'returned' THEN 0 ELSE desU END) AS destroyedUnits,
    collect(CASE WHEN $anyGroup THEN {units: units,
      region: CASE WHEN $want.region THEN s.consigneeRegion END,
      port: CASE WHEN $want.port THEN s.port END,
      seller: CASE WHEN $want.seller THEN """
        + pick("SOLD_BY")
        + """ END,
      platform: CASE WHEN $want.platform THEN """
        + pick("VIA_PLATFORM")
        + """ END,
      importer: CASE WHEN $want.importer THEN """
        + pick("IMPORTED_BY")
        + """ END,
      warehouse: CASE WHEN $want.warehouse THEN """
        + pick("STORED_AT")
        + """ END
    } END) AS rows }"""
        + _by_value("region")
        + _by_value("port")
        + _by_enterprise("seller")
        + _by_enterprise("platform")
        + _by_enterprise("importer")
        + _by_enterprise("warehouse")
        + """ RETURN size(batches) AS batches, shipments, units, size(declarationNodes) AS declarations,
  ucShipments, ucUnits, transitShipments, transitUnits, deliveredShipments, deliveredUnits,
  returnedShipments, returnedUnits, destroyedShipments, destroyedUnits, region, port, seller, platform, importer, warehouse"""
    )
    for scope in Scope
}

COVERED_BATCHES: Final[dict[Scope, LiteralString]] = {
    scope: SCOPES[scope]
    + " WITH b ORDER BY b.batchId LIMIT toInteger($limit) OPTIONAL MATCH (b)-[:OF_PRODUCT]->(p:Product)"
    " RETURN b {.*, productId: p.productId} AS batch, " + PRODUCT + " AS product"
    for scope in Scope
}


def _base(scope_id: str, who: Principal, window: Window) -> dict[str, Any]:
    return {"id": scope_id, **window.params(), **who.cypher_params()}


def fetch_params(fetch: set[str]) -> dict[str, Any]:
    """`$fetch` of a page statement: which parts of each row (FETCHED) to project."""
    return {"fetch": {name: name in fetch for name in FETCHED}}


async def shipments_page(
    cy: Cypher,
    who: Principal,
    scope: Scope,
    scope_id: str,
    window: Window,
    where: ImpactFilter,
    sort: ImpactSort,
    page: PageRequest,
    *,
    total: bool,
    fetch: set[str],
) -> Page:
    """A page of affected shipments; `fetch` names the parts of each row to project (see FETCHED)."""
    params = {**_base(scope_id, who, window), **where.params(), **page.params(), **fetch_params(fetch)}
    [record] = await cy.read(PAGE[(scope, sort, total)], params)
    return to_page(record, page)


def totals_params(
    scope_id: str, who: Principal, window: Window, wanted: set[str], group_limit: int
) -> dict[str, Any]:
    want = {name: name in wanted for name in (*GROUPS, "declarations")}
    parties = ("seller", "platform", "importer", "warehouse", "declarations")
    return {
        **_base(scope_id, who, window),
        "want": want,
        "anyGroup": any(want[g] for g in GROUPS),
        "anyLink": any(want[g] for g in parties),
        "groupLimit": group_limit,
    }


async def totals(
    cy: Cypher,
    who: Principal,
    scope: Scope,
    scope_id: str,
    window: Window,
    wanted: set[str],
    group_limit: int,
) -> dict[str, Any]:
    params = totals_params(scope_id, who, window, wanted, group_limit)
    [record] = await cy.read(TOTALS[scope], params)
    return record


async def covered_batches(
    cy: Cypher, who: Principal, scope: Scope, scope_id: str, limit: int
) -> list[dict[str, Any]]:
    params = {"id": scope_id, "limit": limit, **who.cypher_params()}
    return await cy.read(COVERED_BATCHES[scope], params)
