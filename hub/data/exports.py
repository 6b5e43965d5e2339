"""Recall exports for field teams: every affected shipment as CSV, streamed from Cypher.

One row per shipment and recalled batch (a shipment that carried two recalled
batches gives two rows). Rows go from the driver's record stream straight to
CSV text in chunks: no GraphQL, and memory stays flat however many rows.
The HTTP route is hub/export_route.py, the command hub/export_cli.py.

Cells a spreadsheet would run as a formula (text starting with = + - @, a tab
or a carriage return) get a leading single quote (OWASP's CSV-injection rule),
so a seller named `=HYPERLINK(...)` arrives as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Iterable
from enum import Enum
from typing import Any, Final, LiteralString

import neo4j
from neo4j import AsyncDriver

from hub.auth import Principal
from hub.data import impact, shipments, visibility
from runtime.db import STATEMENTS_SENT, Cypher, used_params
from runtime.settings import Settings

# Rows travel in records of CHUNK rows: the Python driver's cost is per record,
# so one record per row would make the client, not Neo4j, the bottleneck.
CHUNK: Final = 1000
FETCH: Final = 2  # records (chunks) per fetch: the hub holds about 2,000 rows at most


def export_timeout(settings: Settings) -> float:
    """An export is one long read: it gets ten times the server-side timeout of a query."""
    return float(settings.query_timeout_s * 10)


class ExportSort(Enum):
    DECLARED_ON = "declaredOn"
    DECLARED_ON_DESC = "declaredOnDesc"
    REGION = "region"
    PORT = "port"
    SELLER = "seller"
    ID = "id"


COLUMNS: Final = (
    "recall_id", "shipment_id", "waybill", "batch_id", "lot_code", "product_id", "product_name",
    "gtin", "quantity", "unit", "direction", "mode", "status", "stage", "ship_from",
    "consignee_region", "port", "declared_on", "released_on", "delivered_on",
    "declaration_id", "declaration_number", "seller_id", "seller_name", "platform_id",
    "platform_name", "importer_id", "importer_name", "logistics_id", "logistics_name",
    "warehouse_id", "warehouse_name",
)  # fmt: skip

# Each sort: the leading key, then the order; ties by date, shipment id and batch id.
_ORDERS: Final[dict[ExportSort, tuple[LiteralString, LiteralString]]] = {
    ExportSort.DECLARED_ON: ("s.declaredOn", "key, s.shipmentId, bcols[0]"),
    ExportSort.DECLARED_ON_DESC: ("s.declaredOn", "key DESC, s.shipmentId, bcols[0]"),
    ExportSort.REGION: ("s.consigneeRegion", "key, s.declaredOn, s.shipmentId, bcols[0]"),
    ExportSort.PORT: ("s.port", "key, s.declaredOn, s.shipmentId, bcols[0]"),
    ExportSort.SELLER: (
        "head([(s)-[:SOLD_BY]->(x) | x.enterpriseId])",
        "key, s.declaredOn, s.shipmentId, bcols[0]",
    ),
    ExportSort.ID: ("s.shipmentId", "key, bcols[0]"),
}


def _export(key: LiteralString, order: LiteralString) -> LiteralString:
    # Batch and product columns are read once per batch; the sort carries only
    # references; parties come from one walk of each shipment's relationships.
    return (
        impact.SCOPES[impact.Scope.RECALL] + " OPTIONAL MATCH (b)-[:OF_PRODUCT]->(p:Product)"
        " WITH b, [b.batchId, b.lotCode, p.productId, p.name, p.gtin] AS bcols"
        " MATCH (b)<-[c:CARRIES]-(s:Shipment) WHERE "
        + visibility.PARCELS
        + impact.RECALL_PAIR
        + " WITH bcols, c, s, "
        + key
        + " AS key ORDER BY "
        + order
        + " WITH bcols, c, s, "
        + impact.LINKS
        + " AS links WITH bcols, c, s, "
        + impact.pick("SOLD_BY")
        + " AS seller, "
        + impact.pick("VIA_PLATFORM")
        + " AS platform, "
        + impact.pick("IMPORTED_BY")
        + " AS importer, "
        + impact.pick("HANDLED_BY")
        + " AS logistics, "
        + impact.pick("STORED_AT")
        + " AS warehouse, "
        + impact.pick("DECLARED_IN")
        + " AS d WITH collect([$id, s.shipmentId, s.waybill, bcols[0], bcols[1], bcols[2],"
        " bcols[3], bcols[4], c.quantity, c.unit, s.direction, s.mode, s.status, "
        + shipments.STAGE
        + ", s.originCountry, s.consigneeRegion, s.port, toString(s.declaredOn),"
        " toString(s.releasedOn), toString(s.deliveredOn), d.declarationId, d.number,"
        " seller.enterpriseId, seller.name, platform.enterpriseId, platform.name,"
        " importer.enterpriseId, importer.name, logistics.enterpriseId, logistics.name,"
        " warehouse.enterpriseId, warehouse.name]) AS rows"
        " UNWIND range(0, size(rows) - 1, $chunk) AS i RETURN rows[i..i + $chunk] AS rows"
    )


EXPORT: Final[dict[ExportSort, LiteralString]] = {
    sort: _export(key, order) for sort, (key, order) in _ORDERS.items()
}
VISIBLE: Final[LiteralString] = (
    "MATCH (r:Recall {recallId: $id}) WHERE " + visibility.RECALL_SCOPE + " RETURN r.recallId AS id"
)


FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would evaluate, quoted to stay text; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


def safe_rows(rows: list[list[Any]]) -> list[list[Any]]:
    """safe_row of every row, inlined: a call per cell cost as much as the CSV writer."""
    starts = FORMULA_STARTS
    return [[("'" + v) if isinstance(v, str) and v.startswith(starts) else v for v in row] for row in rows]


async def recall_visible(cy: Cypher, who: Principal, recall_id: str) -> bool:
    return bool(await cy.read(VISIBLE, {"id": recall_id, **who.cypher_params()}))


async def csv_chunks(
    driver: AsyncDriver,
    database: str,
    timeout_s: float,
    who: Principal,
    recall_id: str,
    sort: ExportSort,
    counter: list[int] | None = None,
) -> AsyncIterator[str]:
    """The header, then CSV text of up to FETCH * CHUNK rows at a time; `counter[0]` counts rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    rows = 0
    async with driver.session(
        database=database, default_access_mode=neo4j.READ_ACCESS, fetch_size=FETCH
    ) as session:
        tx = await session.begin_transaction(timeout=timeout_s)
        try:
            params = {"id": recall_id, "chunk": CHUNK, **who.cypher_params()}
            STATEMENTS_SENT[0] += 1
            result = await tx.run(EXPORT[sort], used_params(EXPORT[sort], params))
            while records := await result.fetch(FETCH):
                for record in records:
                    chunk = record[0]
                    writer.writerows(safe_rows(chunk))
                    rows += len(chunk)
                if counter is not None:
                    counter[0] = rows
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        finally:
            await tx.close()
    if buffer.tell():
        yield buffer.getvalue()
