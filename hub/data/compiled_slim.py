"""The fast path's compiled reads: only the selected properties, as positional lists.

hub/data/compiled.py projects every property of each row (`{.*}`), because the
general path's resolvers build objects from whole rows. The fast path
(hub/schema/fast.py) knows the exact selection before it runs the statement,
so these variants read only the stored properties it will render: each row is
a map whose `v` holds the values of the properties named in `$want.<family>`,
in that order (`x[k]` for each name `k`; a date as ISO text). The names come
from the renderer's fixed tables (hub/schema/fast_render.py SCALARS), never
from the request, and the text stays constant: one plan whatever the
selection. Measured at 100,000 shipments on workload d (first page): 139 kB of
rows per request -> 37 kB, 16,020 -> 11,264 database hits (docs/reads.md).

Families (`$want` keys): `enterprise` (a listed enterprise), `party` (an
enterprise in a role of a shipment: the union of what the five parties
select), `shipment`, `batch`, `product`, `declaration` (a shipment's). Computed
values keep their own keys: `stage` (when `$want.stage`), `filingStatus`
(masked by the `filing` grant, when `$want.filingStatus`), a declaration's
`shipmentCount` (when `$want.shipmentCount`), a carried entry's `quantity` and
`unit`. The
visibility is that of hub/data/compiled.py, predicate for predicate.
"""

from __future__ import annotations

from typing import Any, Final, LiteralString

from hub.auth import Principal
from hub.data import visibility
from hub.data.compiled import OF_ENTERPRISE, PARCEL_CALLER, fetch_params, list_params
from hub.data.enterprises import EnterpriseFilter, EnterpriseSort, list_statements
from hub.data.paging import Page, PageRequest, to_page
from hub.data.shipments import STAGE, PartyRole
from hub.policy import Grant
from runtime.db import Cypher

FAMILIES: Final = ("enterprise", "party", "shipment", "batch", "product", "declaration")


def selected(var: LiteralString, names: LiteralString) -> LiteralString:
    """The values of `var`'s properties that the list `names` names, in that order, a date as ISO
    text (`YYYY-MM-DD`: no driver Date object to build). Also the recall impact page's rows."""
    return (
        "[k IN "
        + names
        + " | CASE WHEN "
        + var
        + "[k] IS :: DATE THEN toString("
        + var
        + "[k]) ELSE "
        + var
        + "[k] END]"
    )


def _values(var: LiteralString, family: LiteralString) -> LiteralString:
    """The properties `$want.<family>` names of `var` (see `selected`)."""
    return "{v: " + selected(var, "$want." + family)


def _party(name: LiteralString, rel: LiteralString) -> LiteralString:
    return (
        ", " + name + ": CASE WHEN $fetch." + name + " AND " + PARCEL_CALLER + " THEN head([(s)-[:" + rel
        + "]->(x:Enterprise) | " + _values("x", "party") + "}]) END"
    )  # fmt: skip


_BATCH: Final[LiteralString] = (
    "CASE WHEN $fetch.batch AND " + PARCEL_CALLER + " THEN " + _values("b", "batch")
    + ", product: CASE WHEN $fetch.product THEN head([(b)-[:OF_PRODUCT]->(p:Product) | "
    + _values("p", "product") + "}]) END} END"
)  # fmt: skip

SHIPMENT_ROW: Final[LiteralString] = (
    _values("s", "shipment")
    + ", stage: CASE WHEN $want.stage THEN "
    + STAGE
    + " END"
    + _party("seller", "SOLD_BY")
    + _party("platform", "VIA_PLATFORM")
    + _party("importer", "IMPORTED_BY")
    + _party("logistics", "HANDLED_BY")
    + _party("warehouse", "STORED_AT")
    + ", declaration: CASE WHEN $fetch.declaration THEN head([(s)-[:DECLARED_IN]->(d:Declaration) | "
    + _values("d", "declaration")
    + ", shipmentCount: CASE WHEN $want.shipmentCount THEN COUNT { (d)<-[:DECLARED_IN]-() } END}]) END"
    + ", carried: CASE WHEN $want.carried THEN [(s)-[c:CARRIES]->(b:Batch) | {quantity: c.quantity,"
    " unit: c.unit, batch: " + _BATCH + "}][..100] END}"
)

SHIPMENT_BY_ID: Final[LiteralString] = (
    "MATCH (s:Shipment {shipmentId: $id}) WHERE " + visibility.PARCELS + " RETURN " + SHIPMENT_ROW + " AS row"
)

ENTERPRISE_ROW: Final[LiteralString] = (
    _values("e", "enterprise")
    + ", filingStatus: CASE WHEN $want.filingStatus THEN "
    + visibility.masked("e.filingStatus", Grant.FILING)
    + " END, shipments: CASE WHEN $fetch.shipments THEN {rows: COLLECT { "
    + OF_ENTERPRISE
    + " WITH s ORDER BY s.declaredOn DESC, s.shipmentId SKIP $shipmentSkip LIMIT toInteger($shipmentLimit) RETURN "
    + SHIPMENT_ROW
    + " }, total: CASE WHEN $fetch.shipmentsTotal THEN COUNT { "
    + OF_ENTERPRISE
    + " } END} END}"
)
ENTERPRISE_LIST: Final = list_statements(ENTERPRISE_ROW)


def want_params(want: dict[str, Any]) -> dict[str, Any]:
    """`$want`: each family's property names (empty when none), `stage`, `carried`, `filingStatus`."""
    return {
        "want": {
            **{family: list(want.get(family, ())) for family in FAMILIES},
            **{flag: bool(want.get(flag)) for flag in ("stage", "carried", "filingStatus", "shipmentCount")},
        }
    }


async def shipment_by_id(
    cy: Cypher, who: Principal, shipment_id: str, fetch: set[str], want: dict[str, Any]
) -> dict[str, Any] | None:
    params = {"id": shipment_id, **fetch_params(fetch), **want_params(want), **who.cypher_params()}
    records = await cy.read_maps(SHIPMENT_BY_ID, params)
    return records[0]["row"] if records else None


async def list_enterprises(
    cy: Cypher,
    who: Principal,
    where: EnterpriseFilter,
    sort: EnterpriseSort,
    page: PageRequest,
    *,
    total: bool,
    fetch: set[str],
    want: dict[str, Any],
    shipments: tuple[PartyRole, PageRequest] | None,
) -> Page:
    """A page of enterprises (rows `{v, filingStatus, shipments}`), each with its shipments when given."""
    params = {**list_params(who, where, page, fetch, shipments), **want_params(want)}
    [record] = await cy.read_maps(ENTERPRISE_LIST[(sort, total)], params)
    return to_page(record, page)
