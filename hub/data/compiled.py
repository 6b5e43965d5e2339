"""Compiled reads: a root field's selection in ONE statement (`shipment(id)`, `enterprises` x shipments).

The statements are constant texts; what a request selected switches parts on
through the `$fetch` map of booleans (FETCHED names them), so one text serves
every selection and Neo4j plans it once. Every projected part carries the
same visibility as the loader that would otherwise fetch it: the
enterprises listed through `visibility.ENTERPRISE` and the filing grant,
shipments through `$parcels`, and what hangs off a shipment (parties,
batches, products) through `$seeAll`, which is what those loaders' predicates
amount to for a caller who can see a shipment (see PARCEL_CALLER). A row built here says so with `projected: true`; its
resolvers read the projected maps and send no statement of their own.
"""

from __future__ import annotations

from typing import Any, Final, LiteralString

from hub.auth import Principal
from hub.data import visibility
from hub.data.enterprises import FIELDS, EnterpriseFilter, EnterpriseSort, list_statements
from hub.data.paging import Page, PageRequest, to_page
from hub.data.products import PRODUCT
from hub.data.shipments import DECLARATION, STAGE, PartyRole
from runtime.db import Cypher

# What a compiled row may carry; each part is projected only when its flag is true.
FETCHED: Final = (
    "seller",
    "platform",
    "importer",
    "logistics",
    "warehouse",
    "declaration",
    "batch",  # carried[].batch
    "product",  # carried[].batch.product
    "shipments",  # enterprises: each one's page of shipments
    "shipmentsTotal",  # ... and its total count
)

# The relationship from a shipment to the enterprise in each role (fixed strings picked by the enum).
PARTY_REL: Final[dict[PartyRole, str]] = {
    PartyRole.SELLER: "SOLD_BY",
    PartyRole.PLATFORM: "VIA_PLATFORM",
    PartyRole.IMPORTER: "IMPORTED_BY",
    PartyRole.LOGISTICS: "HANDLED_BY",
    PartyRole.WAREHOUSE: "STORED_AT",
}

# Inside a shipment row the caller is domestic: a shipment is visible only with `$parcels`,
# which only domestic roles hold, and they hold `$seeAll` too (hub/auth.py). So the
# enterprise predicate and the filing and recall grants (visibility.py: `$seeAll OR
# EXISTS {...}`) reduce to `$seeAll` here; it stays in the text so that a caller without
# it would get null parties and batches (default deny), and the statement stays small
# enough to plan fast (the full predicates five times over took ~10 s to plan, cold).
PARCEL_CALLER: Final[LiteralString] = "$seeAll"


def _party(name: LiteralString, rel: LiteralString) -> LiteralString:
    return (
        ", " + name + ": CASE WHEN $fetch." + name + " AND " + PARCEL_CALLER + " THEN head([(s)-[:" + rel
        + "]->(x:Enterprise) | x {.*}]) END"
    )  # fmt: skip


# Dates travel as ISO text (`toString` of a Neo4j date): hydrating hundreds of driver Date
# objects per response cost more Python time than the rest of a row (bench/requests.py d).
_SHIPMENT_DATES: Final[LiteralString] = (
    "declaredOn: toString(s.declaredOn), releasedOn: toString(s.releasedOn),"
    " deliveredOn: toString(s.deliveredOn)"
)
_BATCH_DATES: Final[LiteralString] = "producedOn: toString(b.producedOn), expiresOn: toString(b.expiresOn)"

# The batch of a carried entry, with its product (`product` is always in the row, null when not
# fetched: hub/schema/products.py Batch reads it, never a productId, so none is projected).
_BATCH: Final[LiteralString] = (
    "CASE WHEN $fetch.batch AND " + PARCEL_CALLER + " THEN b {.*, " + _BATCH_DATES + ","
    " product: CASE WHEN $fetch.product THEN head([(b)-[:OF_PRODUCT]->(p:Product) | " + PRODUCT + "]) END"
    "} END"
)

# A shipment `s` with what was selected of its parties, declaration and carried batches.
SHIPMENT_ROW: Final[LiteralString] = (
    "s {.*, "
    + _SHIPMENT_DATES
    + ", projected: true, stage: "
    + STAGE
    + _party("seller", "SOLD_BY")
    + _party("platform", "VIA_PLATFORM")
    + _party("importer", "IMPORTED_BY")
    + _party("logistics", "HANDLED_BY")
    + _party("warehouse", "STORED_AT")
    + ", declaration: CASE WHEN $fetch.declaration THEN head([(s)-[:DECLARED_IN]->(d:Declaration) | "
    + DECLARATION
    + "]) END, carried: [(s)-[c:CARRIES]->(b:Batch) | {batchId: b.batchId, quantity: c.quantity,"
    " unit: c.unit, batch: " + _BATCH + "}][..100]}"
)

SHIPMENT_BY_ID: Final[LiteralString] = (
    "MATCH (s:Shipment {shipmentId: $id}) WHERE " + visibility.PARCELS + " RETURN " + SHIPMENT_ROW + " AS row"
)

# The shipments in which `e` plays the role `$shipmentRel` (a fixed string from PARTY_REL), newest first.
OF_ENTERPRISE: Final[LiteralString] = (
    "MATCH (e)<-[r:SOLD_BY|VIA_PLATFORM|IMPORTED_BY|HANDLED_BY|STORED_AT]-(s:Shipment)"
    " WHERE type(r) = $shipmentRel AND " + visibility.PARCELS
)
ENTERPRISE_ROW: Final[LiteralString] = (
    "e {"
    + FIELDS
    + ", shipments: CASE WHEN $fetch.shipments THEN {rows: COLLECT { "
    + OF_ENTERPRISE
    + " WITH s ORDER BY s.declaredOn DESC, s.shipmentId SKIP $shipmentSkip LIMIT toInteger($shipmentLimit) RETURN "
    + SHIPMENT_ROW
    + " }, total: CASE WHEN $fetch.shipmentsTotal THEN COUNT { "
    + OF_ENTERPRISE
    + " } END} END}"
)
ENTERPRISE_LIST: Final = list_statements(ENTERPRISE_ROW)


def fetch_params(fetch: set[str]) -> dict[str, Any]:
    """`$fetch`: which parts of each row (FETCHED) to project."""
    return {"fetch": {name: name in fetch for name in FETCHED}}


async def shipment_by_id(
    cy: Cypher, who: Principal, shipment_id: str, fetch: set[str]
) -> dict[str, Any] | None:
    records = await cy.read_maps(
        SHIPMENT_BY_ID, {"id": shipment_id, **fetch_params(fetch), **who.cypher_params()}
    )
    return records[0]["row"] if records else None


def shipment_page_params(role: PartyRole | None, page: PageRequest | None) -> dict[str, Any]:
    """The nested shipments page of `enterprises` (placeholders when not fetched: types stay stable)."""
    return {
        "shipmentRel": PARTY_REL[role] if role is not None else "",
        "shipmentSkip": page.skip if page is not None else 0,
        "shipmentLimit": page.limit + 1 if page is not None else 1,
    }


async def list_enterprises(
    cy: Cypher,
    who: Principal,
    where: EnterpriseFilter,
    sort: EnterpriseSort,
    page: PageRequest,
    *,
    total: bool,
    fetch: set[str],
    shipments: tuple[PartyRole, PageRequest] | None,
) -> Page:
    """A page of enterprises, each with its page of shipments when `shipments` is given."""
    params = list_params(who, where, page, fetch, shipments)
    [record] = await cy.read_maps(ENTERPRISE_LIST[(sort, total)], params)
    return to_page(record, page)


def list_params(
    who: Principal,
    where: EnterpriseFilter,
    page: PageRequest,
    fetch: set[str],
    shipments: tuple[PartyRole, PageRequest] | None,
) -> dict[str, Any]:
    """An enterprise list statement's parameters (this module's or compiled_slim's, but `$want`)."""
    role, nested = shipments if shipments is not None else (None, None)
    return {
        **where.params(),
        **page.params(),
        **who.cypher_params(),
        **fetch_params(fetch | ({"shipments"} if shipments is not None else set())),
        **shipment_page_params(role, nested),
    }
