"""GET /exports/recalls/{recallId}/shipments.csv: the recall export over HTTP (rows: hub/data/exports.py)."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import AsyncIterator
from urllib.parse import quote

from neo4j import AsyncDriver
from starlette.authentication import has_required_scope
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from hub.auth import PARCELS, HubUser, Principal
from hub.data.exports import ExportSort, csv_chunks, export_timeout, recall_visible
from hub.db_errors import DRIVER_ERRORS, classify
from hub.errors import HTTP_STATUS, show
from runtime.db import Cypher
from runtime.settings import Settings

audit = logging.getLogger("hub.audit")

_UNSAFE_IN_FALLBACK = re.compile(r"[^A-Za-z0-9._-]")


def content_disposition(filename: str) -> str:
    """RFC 6266: an ASCII `filename` for old clients and the exact name as `filename*` (RFC 8187)."""
    fallback = _UNSAFE_IN_FALLBACK.sub("_", filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status)


def export_route(settings: Settings) -> Route:
    """GET /exports/recalls/{recallId}/shipments.csv[?sort=declaredOn|...]"""

    async def endpoint(request: Request) -> Response:
        user: HubUser = request.user  # AuthMiddleware lets only known keys reach this route
        who: Principal = user.principal
        recall_id = str(request.path_params["recall_id"])
        if not has_required_scope(request, [PARCELS]):
            return _error(403, "FORBIDDEN", "parcel-level exports are for domestic agencies only")
        raw = request.query_params.get("sort", ExportSort.DECLARED_ON.value)
        try:
            sort = ExportSort(raw)
        except ValueError:
            allowed = ", ".join(s.value for s in ExportSort)
            return _error(400, "BAD_USER_INPUT", f"argument sort: must be one of {allowed}")
        driver: AsyncDriver = request.app.state.driver
        cy = Cypher(driver, settings.neo4j_database, settings.query_timeout_s)
        try:
            visible = await recall_visible(cy, who, recall_id)
        except DRIVER_ERRORS as exc:  # Neo4j down (503) or stopped the check (504): before any byte is sent
            refused = classify(exc)
            if refused is None:
                raise
            return _error(HTTP_STATUS.get(refused.code, 400), refused.code, str(refused))
        if not visible:
            return _error(404, "NOT_FOUND", f"no recall {show(recall_id)}")
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

        return StreamingResponse(
            body(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": content_disposition(f"recall-{recall_id}-shipments.csv")},
        )

    return Route("/exports/recalls/{recall_id}/shipments.csv", endpoint, methods=["GET"])
