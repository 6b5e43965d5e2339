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

from collections.abc import AsyncIterator, Iterable, Sequence
from enum import Enum
from typing import Any, Final, LiteralString

import neo4j
from neo4j import AsyncDriver

from hub.auth import Principal
from hub.data import impact, shipments, visibility
from runtime.db import STATEMENTS_SENT, Cypher, one_map
from runtime.settings import Settings

# Rows travel in records of CHUNK rows: the Python driver's cost is per record,
# so one record per row would make the client, not Neo4j, the bottleneck.
CHUNK: Final = 1000
# Records (chunks) per request to Neo4j: it builds up to this many ahead of the
# writer (about 0.3 MB each), so Neo4j and Python work at the same time.
FETCH: Final = 8


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


COLUMNS: Final[tuple[LiteralString, ...]] = (
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


# The recall's covered batches, each marked `whole` once per batch, and the pairs
# (batch, shipment) that count: the rule of recall impact, from its fragments
# (impact.SCOPES, impact.RECALL_PAIR; docs/trace.md).
SCOPE: Final[LiteralString] = (
    impact.SCOPES[impact.Scope.RECALL] + " OPTIONAL MATCH (b)-[:OF_PRODUCT]->(p:Product)"
    " WITH r, whole, b, [b.batchId, b.lotCode, p.productId, p.name, p.gtin] AS bcols"
    " MATCH (b)<-[c:CARRIES]-(s:Shipment) WHERE " + visibility.PARCELS + impact.RECALL_PAIR
)
# The parties of `s`, from one walk of its relationships.
PARTIES: Final[LiteralString] = (
    " WITH bcols, c, s, "
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
    + " AS d"
)
# What each column holds (COLUMNS order): `bcols` are the batch's and product's columns.
CELLS: Final[tuple[LiteralString, ...]] = (
    "$id", "s.shipmentId", "s.waybill", "bcols[0]", "bcols[1]", "bcols[2]", "bcols[3]", "bcols[4]",
    "c.quantity", "c.unit", "s.direction", "s.mode", "s.status", shipments.STAGE, "s.originCountry",
    "s.consigneeRegion", "s.port", "toString(s.declaredOn)", "toString(s.releasedOn)",
    "toString(s.deliveredOn)", "d.declarationId", "d.number", "seller.enterpriseId", "seller.name",
    "platform.enterpriseId", "platform.name", "importer.enterpriseId", "importer.name",
    "logistics.enterpriseId", "logistics.name", "warehouse.enterpriseId", "warehouse.name",
)  # fmt: skip
ROW: Final[LiteralString] = "[" + ", ".join(CELLS) + "]"


def sorted_rows(sort: ExportSort) -> LiteralString:
    """Binds (bcols, c, s) for every row of the export, in `sort` order (bench/export.py reuses it)."""
    key, order = _ORDERS[sort]
    return SCOPE + " WITH bcols, c, s, " + key + " AS key ORDER BY " + order


def _export(sort: ExportSort) -> LiteralString:
    # The sort carries only references (batch columns, carriage, shipment); each
    # record then builds $chunk rows, so Neo4j holds the references plus one
    # chunk, never every row, and the driver pays its per-record cost once per
    # chunk. The subquery runs per chunk in the sorted order.
    return (
        sorted_rows(sort) + " WITH collect([bcols, c, s]) AS refs"
        " UNWIND range(0, size(refs) - 1, $chunk) AS i CALL (refs, i) {"
        " UNWIND refs[i..i + $chunk] AS ref WITH ref[0] AS bcols, ref[1] AS c, ref[2] AS s"
        + PARTIES
        + " RETURN collect("
        + ROW
        + ") AS rows } RETURN rows"
    )


EXPORT: Final[dict[ExportSort, LiteralString]] = {sort: _export(sort) for sort in ExportSort}
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


def csv_cell(value: Any) -> str:
    """One cell as Python's csv module writes it (see csv_text), with the formula rule (safe_cell)."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = ("'" + value) if value.startswith(FORMULA_STARTS) else value
    else:
        text = str(value)  # what the csv module writes for a number (str and repr agree for floats)
    if "," in text or '"' in text or "\r" in text or "\n" in text:  # what makes the csv module quote
        return '"' + text.replace('"', '""') + '"'
    return text


class _Cells(dict[Any, str]):
    """Text values to their cell text, filled on first use (csv_text); other values are not kept."""

    def __missing__(self, value: Any) -> str:
        if value.__class__ is not str:
            return csv_cell(value)  # 1, True and 1.0 are equal keys but are written differently
        text = ("'" + value) if value.startswith(FORMULA_STARTS) else value  # csv_cell, inlined: about a
        if "," in text or '"' in text or "\r" in text or "\n" in text:  # fifth of the cells miss
            text = '"' + text.replace('"', '""') + '"'
        self[value] = text
        return text


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """`rows` as CSV text, byte for byte what csv.writer(lineterminator="\r\n") writes of safe_rows(rows).

    Most text repeats from row to row (names, ports, dates, statuses), so
    each distinct text is quoted and checked for formulas once per call (one
    chunk) and then looked up by the dict's C code: on R-BENCH-EXPORT 0.35
    CPU-s per 100k rows, against 0.87 for the C csv writer plus a scan of its
    output for formula cells, whose cost grew with every character written.
    """
    cell = _Cells({None: ""}).__getitem__
    lines = []
    for row in rows:
        try:
            line = ",".join(map(cell, row))
        except TypeError:  # an unhashable value (a list)
            line = ",".join([csv_cell(value) for value in row])
        if not line and row:
            line = '""'  # the csv module quotes a row that is one empty cell, so that it reads back
        lines.append(line)
    lines.append("")
    return "\r\n".join(lines)


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
    fetch_size: int = FETCH,
) -> AsyncIterator[str]:
    """The header, then CSV text of up to CHUNK rows at a time; `counter[0]` counts rows.

    Records are read one at a time as they arrive (FETCH chunks per request), so
    Neo4j builds the next chunks while this one is written, and at most about
    FETCH chunks are in flight. `fetch_size` is for bench/export.py --fetch.
    """
    yield csv_text([COLUMNS])
    rows = 0
    async with driver.session(
        database=database, default_access_mode=neo4j.READ_ACCESS, fetch_size=fetch_size
    ) as session:
        tx = await session.begin_transaction(timeout=timeout_s)
        try:
            params = {"id": recall_id, "chunk": CHUNK, **who.cypher_params()}
            STATEMENTS_SENT[0] += 1
            text, sent = one_map(EXPORT[sort], params)  # one plan per sort, as warmed (runtime.db.one_map)
            result = await tx.run(text, sent)
            async for record in result:
                chunk = record[0]
                rows += len(chunk)
                if counter is not None:
                    counter[0] = rows
                yield csv_text(chunk)
        finally:
            await tx.close()
