"""Recall exports for field teams: every affected shipment as CSV, streamed from Cypher.

One row per shipment and recalled batch (a shipment that carried two recalled
batches gives two rows). Rows go from the driver's record stream straight to
CSV text in chunks: no GraphQL, and memory stays flat however many rows.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import logging
import sys
import time
from collections.abc import AsyncIterator
from enum import Enum
from typing import Any, Final, LiteralString, TextIO

import neo4j
from neo4j import AsyncDriver
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from hub.auth import Principal, Role
from hub.data import impact, shipments, visibility
from runtime.db import Cypher, open_driver, resolve_uri
from runtime.settings import Settings

audit = logging.getLogger("hub.audit")

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
            result = await tx.run(EXPORT[sort], params)
            while records := await result.fetch(FETCH):
                for record in records:
                    chunk = record[0]
                    writer.writerows(chunk)
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


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status)


def export_route(settings: Settings) -> Route:
    """GET /exports/recalls/{recallId}/shipments.csv[?sort=declaredOn|...]"""

    async def endpoint(request: Request) -> Response:
        who: Principal = request.scope["state"]["principal"]
        recall_id = str(request.path_params["recall_id"])
        if not who.sees_parcels:
            return _error(403, "FORBIDDEN", "parcel-level exports are for domestic agencies only")
        raw = request.query_params.get("sort", ExportSort.DECLARED_ON.value)
        try:
            sort = ExportSort(raw)
        except ValueError:
            allowed = ", ".join(s.value for s in ExportSort)
            return _error(400, "BAD_REQUEST", f"argument sort: must be one of {allowed}")
        driver: AsyncDriver = request.app.state.driver
        cy = Cypher(driver, settings.neo4j_database, settings.query_timeout_s)
        if not await recall_visible(cy, who, recall_id):
            return _error(404, "NOT_FOUND", f"no recall {recall_id!r}")
        started = time.perf_counter()
        counter = [0]

        async def body() -> AsyncIterator[str]:
            async for chunk in csv_chunks(
                driver, settings.neo4j_database, export_timeout(settings), who, recall_id, sort, counter
            ):
                yield chunk
            audit.info(
                "key=%s role=%s agency=%s export=recall:%s rows=%d ms=%.1f",
                who.key_id, who.role.value, who.agency_id, recall_id, counter[0],
                (time.perf_counter() - started) * 1000,
            )  # fmt: skip

        filename = f"recall-{recall_id}-shipments.csv".replace('"', "")
        return StreamingResponse(
            body(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    return Route("/exports/recalls/{recall_id}/shipments.csv", endpoint, methods=["GET"])


def cli_principal() -> Principal:
    """The command line runs as the operator of the hub: full, domestic visibility."""
    return Principal("cli", Role.ADMIN, "cli")


async def export_recall(
    settings: Settings,
    uri: str,
    recall_id: str,
    sort: ExportSort,
    out: TextIO,
    progress: TextIO | None = None,
) -> dict[str, Any]:
    """`hub export recall ID`: stream the CSV to `out`; return a summary."""
    driver = open_driver(settings, uri)
    try:
        cy = Cypher(driver, settings.neo4j_database, settings.query_timeout_s)
        who = cli_principal()
        if not await recall_visible(cy, who, recall_id):
            raise LookupError(f"no recall {recall_id!r}")
        started = time.perf_counter()
        counter = [0]
        chunks = csv_chunks(
            driver, settings.neo4j_database, export_timeout(settings), who, recall_id, sort, counter
        )
        async for chunk in chunks:
            out.write(chunk)
            if progress is not None:
                progress.write(f"\rexport: {counter[0]:,} rows")
                progress.flush()
        if progress is not None:
            progress.write("\n")
        seconds = time.perf_counter() - started
        return {"recall": recall_id, "rows": counter[0], "seconds": round(seconds, 3)}
    finally:
        await driver.close()


def run_cli(args: argparse.Namespace, settings: Settings) -> int:
    """`hub export recall ID [--out FILE] [--sort KEY]`: CSV to stdout or FILE, summary on stderr."""
    sort = ExportSort(args.sort)
    uri = resolve_uri(settings)
    progress = sys.stderr if sys.stderr.isatty() else None
    try:
        if args.out is not None:
            with open(args.out, "w", newline="", encoding="utf-8") as out:
                summary = asyncio.run(export_recall(settings, uri, args.id, sort, out, progress))
        else:
            summary = asyncio.run(export_recall(settings, uri, args.id, sort, sys.stdout, progress))
            sys.stdout.flush()
    except LookupError as exc:
        print(f"hub export: {exc.args[0]}", file=sys.stderr)
        return 1
    where = str(args.out) if args.out is not None else "stdout"
    rate = summary["rows"] / summary["seconds"] if summary["seconds"] else 0.0
    print(
        f"export: recall {args.id}: {summary['rows']:,} rows in {summary['seconds']:.2f} s "
        f"({rate:,.0f} rows/s) -> {where}",
        file=sys.stderr,
    )
    return 0
