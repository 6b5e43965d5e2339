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
from hub.data import impact_walk, visibility
from hub.data.paging import Page, PageRequest, to_page
from hub.data.products import PRODUCT
from hub.data.recalls import RECALL
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

# Each covered batch `b` of the recall `r` once, with `whole`: true when it is covered on every
# shipment that carried it (a targeted batch or a batch of a targeted product, or made from
# one), false when it is reached only through a shipment the recall targets (issue 10), and
# then covered on THOSE shipments only. Decided once per batch, not per (batch, shipment)
# pair; the CSV export (hub/data/exports.py) uses the same two fragments.
REACHED: Final[LiteralString] = (
    "CALL (r) { MATCH (r)-[:TARGETS]->(:Batch)" + MADE_FROM + "(b:Batch) RETURN b, true AS whole"
    " UNION MATCH (r)-[:TARGETS]->(:Product)<-[:OF_PRODUCT]-(:Batch)"
    + MADE_FROM
    + "(b:Batch) RETURN b, true AS whole"
    " UNION MATCH (r)-[:TARGETS]->(:Shipment)-[:CARRIES]->(b:Batch) RETURN b, false AS whole }"
    " WITH r, b, true IN collect(whole) AS whole"
)
# The pair (covered batch `b`, shipment `s` that carried it) counts for recall `r`: the batch is
# covered whole, or the recall targets the shipment (a shipment targeted directly and also
# reached through a targeted batch is still one row).
RECALL_PAIR: Final[LiteralString] = " AND (whole OR EXISTS { (r)-[:TARGETS]->(s) })"

# What binds `b` to each covered batch, one fragment per scope (a recall's also binds `r` and `whole`).
SCOPES: Final[dict[Scope, LiteralString]] = {
    Scope.RECALL: "MATCH (r:Recall {recallId: $id}) WHERE " + visibility.RECALL_SCOPE + " " + REACHED,
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

# One row whatever the scope finds: `r` (the visible recall, else null; null for the other
# scopes) and `covered`, a list of [batch, whole] (empty when nothing is covered or visible).
COVERED: Final[dict[Scope, LiteralString]] = {
    Scope.RECALL: (
        "OPTIONAL MATCH (r:Recall {recallId: $id}) WHERE "
        + visibility.RECALL_SCOPE
        + " CALL (r) { "
        + REACHED
        + " RETURN collect([b, whole]) AS covered }"
    ),
    **{
        scope: "CALL () { "
        + SCOPES[scope]
        + " RETURN collect([b, true]) AS covered } WITH null AS r, covered"
        for scope in (Scope.PRODUCT, Scope.BATCH)
    },
}
_PAIRS: Final[dict[Scope, LiteralString]] = {
    Scope.RECALL: RECALL_PAIR,
    Scope.PRODUCT: "",
    Scope.BATCH: "",
}


_WINDOW: Final[LiteralString] = (
    " AND ($w.asOf IS NULL OR s.declaredOn <= $w.asOf)"
    " AND ($w.from IS NULL OR s.declaredOn >= $w.from)"
    " AND ($w.to IS NULL OR s.declaredOn <= $w.to)"
)


def carriages_of(scope: Scope, window: bool = True) -> LiteralString:
    """Binds (b, c, s) for every covered carriage of the covered batches (in the window, unless
    `window` is False: the statement for a request that sets no window and no filter)."""
    return (
        " UNWIND covered AS x WITH r, x[0] AS b, x[1] AS whole MATCH (b)<-[c:CARRIES]-(s:Shipment) WHERE "
        + visibility.PARCELS
        + _PAIRS[scope]
        + (_WINDOW if window else "")
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
PER_SHIPMENT: Final[LiteralString] = " WITH s, sum(c.quantity) AS units"

# All parties and the declaration of `s` in one walk of its relationships (a typed
# pattern per role would walk the shipment's relationship chain once per role).
LINKS: Final[LiteralString] = (
    "[(s)-[l:SOLD_BY|VIA_PLATFORM|IMPORTED_BY|HANDLED_BY|STORED_AT|DECLARED_IN]->(x) | [type(l), x]]"
)


def pick(rel: LiteralString) -> LiteralString:
    """The node at the end of `rel` among `links` (see LINKS)."""
    return "head([l IN links WHERE l[0] = '" + rel + "' | l[1]])"


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
_LINKED: Final = frozenset(("seller", "platform", "importer", "logistics", "warehouse", "declaration"))
_PARTIES: Final[tuple[tuple[LiteralString, LiteralString], ...]] = (
    ("seller", "SOLD_BY"),
    ("platform", "VIA_PLATFORM"),
    ("importer", "IMPORTED_BY"),
    ("logistics", "HANDLED_BY"),
    ("warehouse", "STORED_AT"),
)


# The page's `links` (as LINKS): the declaration as its node (DECLARATION projects it), an
# enterprise as the row's map: only enterpriseId and name with `$fetch.brief` (every selected
# enterprise field is its id or name), else all its properties (made once here, not copied
# again per pick).
_PAGE_LINKS: Final[LiteralString] = (
    "[(s)-[l:SOLD_BY|VIA_PLATFORM|IMPORTED_BY|HANDLED_BY|STORED_AT|DECLARED_IN]->(x) | [type(l),"
    " CASE WHEN type(l) = 'DECLARED_IN' THEN x WHEN $fetch.brief THEN x {.enterpriseId, .name}"
    " ELSE properties(x) END]]"
)


def _party(name: LiteralString, rel: LiteralString) -> LiteralString:
    return ", " + name + ": CASE WHEN $fetch." + name + " THEN " + pick(rel) + " END"


# The values of the shipment properties `$fetch.keys` names, in that order, a date as ISO text
# (as compiled_slim.selected, reading each property once: a property read walks the node's
# property chain, the most of the Neo4j time of a page in a JFR profile).
_SELECTED: Final[LiteralString] = (
    "[v IN [k IN $fetch.keys | s[k]] | CASE WHEN v IS :: DATE THEN toString(v) ELSE v END]"
)
# A page row: the shipment's properties (`props`: all of them as a map, or only the values
# of `$fetch.keys`, in that order, a date as ISO text: no driver Date to build), its stage and units, and, when selected, its parties and
# declaration (from one walk of its relationships, `links`), what it carries and its covered
# carriages `cs` with their batches, in one go (no loader per row). _rows() makes it one map.
_ROW: Final[LiteralString] = (
    "s {props: CASE WHEN $fetch.keys IS NULL THEN properties(s) ELSE " + _SELECTED + " END,"
    " projected: true, units: units, stage: CASE WHEN $fetch.stage THEN "
    + STAGE
    + " END"
    + "".join(_party(name, rel) for name, rel in _PARTIES)
    + ", carried: CASE WHEN $fetch.carried THEN "
    + CARRIED
    + " END, declaration: "
    + DECLARATION
    + """,
  recalledBatches: CASE WHEN $fetch.recalledBatches THEN COLLECT {
    UNWIND cs AS c WITH c, endNode(c) AS cb
    OPTIONAL MATCH (cb)-[:OF_PRODUCT]->(p:Product)
    RETURN {quantity: c.quantity, unit: c.unit, batch: cb {.*, productId: p.productId}, product: """
    + PRODUCT
    + """}
    ORDER BY cb.batchId } END
}"""
)
# Units of a shipment: CARRIES.quantity summed over its covered carriages `cs` (as sum(): nulls count 0).
_UNITS: Final[LiteralString] = "reduce(u = 0, c IN cs | u + coalesce(c.quantity, 0))"

# The page's order per sort. The date and id sorts order the DISTINCT shipments and read
# the covered carriages (and sum the units) of the page's rows only; the quantity sorts need
# every shipment's units first, so they collect its covered carriages (references, no
# property read) and read its id once as a grouping key (an ORDER BY on `s.shipmentId` after
# the aggregation read the property twice).
_ORDERS: Final[dict[ImpactSort, LiteralString]] = {
    ImpactSort.DECLARED_ON_DESC: "s.declaredOn DESC, s.shipmentId",
    ImpactSort.DECLARED_ON: "s.declaredOn, s.shipmentId",
    ImpactSort.QUANTITY_DESC: "units DESC, k",
    ImpactSort.QUANTITY: "units, k",
    ImpactSort.ID: "s.shipmentId",
}
_BY_UNITS: Final = frozenset((ImpactSort.QUANTITY_DESC, ImpactSort.QUANTITY))
_CUT: Final[LiteralString] = " SKIP $skip LIMIT toInteger($limit)"
# The covered carriages `cs` of a page row `s` (in `covered`, under the scope's pair rule).
# A carriage (s)-[c:CARRIES]->(b) is covered: `b` is in `covered`, under the scope's pair rule.
_COVERS: Final[dict[Scope, LiteralString]] = {
    Scope.RECALL: "any(x IN covered WHERE x[0] = b AND (x[1] OR EXISTS { (r)-[:TARGETS]->(s) }))",
    Scope.PRODUCT: "any(x IN covered WHERE x[0] = b)",
    Scope.BATCH: "any(x IN covered WHERE x[0] = b)",
}
_CARRIAGES: Final[dict[Scope, LiteralString]] = {
    scope: "[(s)-[c:CARRIES]->(b) WHERE " + covers + " | c]" for scope, covers in _COVERS.items()
}


def recall_row(scope: Scope, flag: LiteralString) -> LiteralString:
    """What a page or totals statement returns besides its own columns: the recall's row (as
    hub/data/recalls.py projects it) when `flag` is set, so the fast path sends no statement for it."""
    return "CASE WHEN " + flag + " THEN " + RECALL + " END" if scope is Scope.RECALL else "null"


def _page(scope: Scope, sort: ImpactSort, total: bool, filtered: bool = True) -> LiteralString:
    # `filtered` False: no window or filter predicate at all (measured faster than predicates
    # switched off by null parameters, which are still evaluated for every carriage).
    order = _ORDERS[sort]
    where: LiteralString = carriages_of(scope, filtered) + (_FILTERS if filtered else "")
    page: LiteralString = (
        "CALL (r, covered) {"
        + where
        + " WITH s, s.shipmentId AS k, collect(c) AS cs WITH s, k, cs, "
        + _UNITS
        + " AS units ORDER BY "
        + order
        + _CUT
        if sort in _BY_UNITS
        else "CALL (r, covered) { CALL (r, covered) {"
        + (
            where + " WITH DISTINCT s"
            if filtered or sort.value not in impact_walk.WALKS
            else impact_walk.walk(sort.value, _COVERS[scope], carriages_of(scope, False))
        )
        + " ORDER BY "
        + order
        + _CUT
        + " RETURN s } WITH s, CASE WHEN $fetch.units THEN "
        + _CARRIAGES[scope]
        + " END AS cs WITH s, cs, "
        + _UNITS
        + " AS units"
    )
    rows: LiteralString = (
        page
        + " WITH s, cs, units, CASE WHEN $fetch.links THEN "
        + _PAGE_LINKS
        + " END AS links WITH s, cs, units, links, CASE WHEN $fetch.declaration THEN "
        + pick("DECLARED_IN")
        + " END AS d RETURN collect("
        + _ROW
        + ") AS rows }"
    )
    counted: LiteralString = (
        "CALL (r, covered) {" + where + " RETURN count(DISTINCT s) AS total }"
        if total
        else "WITH r, covered, null AS total"
    )
    return (
        COVERED[scope]
        + " "
        + counted
        + " "
        + rows
        + " RETURN rows, total, "
        + recall_row(scope, "$fetch.recall")
        + " AS recall"
    )


PAGE: Final[dict[tuple[Scope, ImpactSort, bool], LiteralString]] = {
    (scope, sort, total): _page(scope, sort, total)
    for scope in Scope
    for sort in ImpactSort
    for total in (False, True)
}
# The same for a request that sets no window and no filter.
PAGE_UNFILTERED: Final[dict[tuple[Scope, ImpactSort, bool], LiteralString]] = {
    (scope, sort, total): _page(scope, sort, total, filtered=False)
    for scope in Scope
    for sort in ImpactSort
    for total in (False, True)
}


COVERED_BATCHES: Final[dict[Scope, LiteralString]] = {
    scope: SCOPES[scope]
    + " WITH b ORDER BY b.batchId LIMIT toInteger($limit) OPTIONAL MATCH (b)-[:OF_PRODUCT]->(p:Product)"
    " RETURN b {.*, productId: p.productId} AS batch, " + PRODUCT + " AS product"
    for scope in Scope
}


def base_params(scope_id: str, who: Principal, window: Window) -> dict[str, Any]:
    return {"id": scope_id, **window.params(), **who.cypher_params()}


def fetch_params(
    fetch: set[str],
    *,
    recall: bool = False,
    brief: bool = False,
    keys: list[str] | None = None,
    stage: bool = True,
    units: bool = True,
) -> dict[str, Any]:
    """`$fetch` of a page statement: which parts of each row (FETCHED) to project, whether to
    walk the shipment's links (a party or the declaration is fetched), to return the recall,
    whether a party's enterpriseId and name are enough (`brief`), which shipment properties
    to read (`keys`; None: all), whether to compute `stage` and (for the date and id sorts)
    the covered carriages and `units` (always when recalledBatches are fetched: they list
    those carriages; a row without them has null units)."""
    flags = {name: name in fetch for name in FETCHED}
    links = not _LINKED.isdisjoint(fetch)
    units = units or "recalledBatches" in fetch
    return {
        "fetch": {
            **flags, "links": links, "recall": recall, "brief": brief, "keys": keys, "stage": stage, "units": units,
        }
    }  # fmt: skip


def _rows(rows: list[dict[str, Any]], keys: list[str] | None) -> list[dict[str, Any]]:
    """The page rows as one map each: the shipment's properties, then the row's own entries
    (which win, as in a `s {.*, ...}` projection)."""
    out = []
    for row in rows:
        props = row.pop("props")
        found = dict(props) if keys is None else dict(zip(keys, props, strict=True))
        found.update(row)
        out.append(found)
    return out


async def page_and_recall(
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
    recall: bool,
    brief: bool = False,
    keys: list[str] | None = None,
    stage: bool = True,
    units: bool = True,
) -> tuple[dict[str, Any] | None, Page]:
    """A page of affected shipments (`fetch` names the parts of each row to project, see
    FETCHED; `brief`: only enterpriseId and name of each party; `keys`: only these shipment
    properties, None: all; `stage`, `units`: compute them, see fetch_params) and, when `recall`, the recall's row (None: no such recall visible
    to `who`)."""
    params = {
        **base_params(scope_id, who, window),
        **where.params(),
        **page.params(),
        **fetch_params(fetch, recall=recall, brief=brief, keys=keys, stage=stage, units=units),
    }
    # Maps, lists and scalars only (no node): read_maps skips the driver's per-value walk.
    statements = PAGE_UNFILTERED if window == Window() and where == ImpactFilter() else PAGE
    [record] = await cy.read_maps(statements[(scope, sort, total)], params)
    record["rows"] = _rows(record["rows"], keys)
    return record["recall"], to_page(record, page)


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
    _, found = await page_and_recall(
        cy, who, scope, scope_id, window, where, sort, page, total=total, fetch=fetch, recall=False
    )
    return found


async def covered_batches(
    cy: Cypher, who: Principal, scope: Scope, scope_id: str, limit: int
) -> list[dict[str, Any]]:
    params = {"id": scope_id, "limit": limit, **who.cypher_params()}
    return await cy.read(COVERED_BATCHES[scope], params)
