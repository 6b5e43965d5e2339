"""POST /events and GET /events/{eventID}: one EPCIS 2.0 event at a time (docs/epcis.md).

POST is the standard's synchronous capture of a single event: the body is
one event (not an EPCISDocument), checked as POST /capture checks a document
holding only it, and stored before the answer: 201 when stored now, 200 when
an event with that key was already stored (nothing is written but an error
declaration's mark, as for any repeated capture), both with
`Location: /events/<eventID>`. A refused event is 400 with one error per
problem, each naming its field. GET answers the stored event in the
standard's JSON shape (hub/data/epcis_event.py). Who may do what: docs/access.md.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any, Final
from urllib.parse import quote

from neo4j import AsyncDriver
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from hub.auth import HubUser, Principal, Role
from hub.capture_route import (
    VERSIONS,
    capturer,
    check_media_type,
    error_response,
    failure_response,
    json_body,
)
from hub.data.epcis_event import read_event
from hub.db_errors import DRIVER_ERRORS
from hub.errors import clip, show
from hub.http_body import Refusal, read_body
from loaders.epcis.capture import prepare, store
from loaders.epcis.document import CONTEXT, TYPES, DocumentError, Problem
from loaders.epcis.jobs import new_id
from loaders.epcis.problems import MAX_PROBLEMS
from runtime.db import Cypher
from runtime.settings import Settings

audit = logging.getLogger("hub.audit")

MAX_EVENT_BYTES: Final = 1024 * 1024  # one event; more EPCs than that fit go through POST /capture


def _as_document(event: dict[str, Any]) -> dict[str, Any]:
    """The event as the one event of a document, so that it is checked and stored as /capture would."""
    if event.get("type") == "EPCISDocument":
        raise Refusal(
            400, "BAD_USER_INPUT", "POST /events takes one event; send an EPCISDocument to POST /capture"
        )
    if event.get("type") not in TYPES:
        raise Refusal(400, "BAD_USER_INPUT", f"type: must be one of {', '.join(TYPES)}")
    body = {k: v for k, v in event.items() if k != "@context"}
    return {
        "@context": event.get("@context", [CONTEXT]),
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "epcisBody": {"eventList": [body]},
    }


def _refused(problems: list[Problem]) -> JSONResponse:
    """400 with one error per problem (the first MAX_PROBLEMS, then one that counts the rest)."""
    errors: list[dict[str, Any]] = [
        {
            "message": clip(f"{p.field}: {p.reason}"),
            "extensions": {"code": "BAD_USER_INPUT", "field": p.field},
        }
        for p in problems[:MAX_PROBLEMS]
    ]
    if len(problems) > MAX_PROBLEMS:
        more = f"and {len(problems) - MAX_PROBLEMS} more problems"
        errors.append({"message": more, "extensions": {"code": "BAD_USER_INPUT"}})
    return JSONResponse({"errors": errors}, 400, VERSIONS)


def _location(key: str) -> str:
    return "/events/" + quote(key, safe="")


def event_routes(settings: Settings) -> list[Route]:
    database = settings.neo4j_database

    async def capture_one(request: Request) -> Response:
        try:
            who = capturer(request)
            check_media_type(request)
            document = _as_document(
                json_body(await read_body(request.scope, request.receive, MAX_EVENT_BYTES), "one EPCIS event")
            )
        except Refusal as refused:
            return error_response(refused.status, refused.code, refused.message)
        try:
            prepared = await asyncio.to_thread(prepare, document)
        except DocumentError as exc:
            return _refused(exc.problems)
        [row] = prepared.params["events"]
        driver: AsyncDriver = request.app.state.driver
        try:
            done = await store(driver, database, prepared, source="http", capture_id=new_id())
        except DRIVER_ERRORS as exc:
            return failure_response(exc)
        key = str(row["key"])
        audit.info("key=%s role=%s agency=%s event=%s created=%d",
                   who.key_id, who.role.value, who.agency_id, key, done.created)  # fmt: skip
        status = 201 if done.created else 200
        headers = {**VERSIONS, "Location": _location(key)}
        return JSONResponse({"eventID": key, "created": bool(done.created)}, status, headers)

    async def one_event(request: Request) -> Response:
        user: HubUser = request.user
        who: Principal = user.principal
        if who.role is Role.PARTNER:
            return error_response(
                403, "FORBIDDEN", "EPCIS events are parcel-level records, for domestic agencies only"
            )
        key = str(request.path_params["event_id"])
        cy = Cypher(request.app.state.driver, database, settings.query_timeout_s)
        try:
            found = await read_event(cy, key, who.cypher_params())
        except DRIVER_ERRORS as exc:
            return failure_response(exc)
        if found is None:
            return error_response(404, "NOT_FOUND", f"no EPCIS event {show(key)}")
        return JSONResponse(found, headers=VERSIONS)

    return [
        Route("/events", capture_one, methods=["POST"]),
        Route("/events/{event_id:path}", one_event, methods=["GET"]),
    ]
