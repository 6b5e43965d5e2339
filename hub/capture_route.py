"""POST/GET/OPTIONS /capture and GET /capture/{captureID}: the EPCIS 2.0 capture interface (docs/epcis.md).

POST takes one EPCISDocument (application/json or application/ld+json, at
most MAX_BYTES, read in chunks and refused with 413 as soon as it passes),
answers 202 with `Location: /capture/<captureID>` and stores the document in
a background task: checked off the event loop, stored in ONE transaction that
also ends the job (loaders.epcis.capture.store). GET answers the job in the
standard's shape; GET /capture lists the caller's jobs a page at a time;
OPTIONS /capture is the standard's discovery (versions and limits as
headers). Who may do what: docs/access.md.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
from typing import Any, Final

from neo4j import AsyncDriver
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from hub.auth import HubUser, Principal, Role
from hub.db_errors import DRIVER_ERRORS, classify
from hub.errors import HTTP_STATUS, clip, show
from hub.http_body import Refusal, header, read_body
from loaders.epcis.capture import MAX_BYTES, prepare, store
from loaders.epcis.document import MAX_EVENTS, DocumentError
from loaders.epcis.jobs import (
    FIRST_PAGE,
    MAX_PER_PAGE,
    JobGone,
    Outcome,
    create_job,
    finish_job,
    heartbeat,
    list_jobs,
    new_id,
    read_job,
)
from runtime.settings import Settings

log = logging.getLogger("hub.capture")
audit = logging.getLogger("hub.audit")

MEDIA_TYPES: Final = frozenset({"application/json", "application/ld+json"})
BEHAVIOURS: Final = ("rollback", "proceed")
CAPTURERS: Final = frozenset({Role.REGULATOR, Role.ADMIN})
PER_PAGE: Final = 30  # GET /capture without perPage
# The standard's version headers, on every capture response; OPTIONS adds the limits (docs/epcis.md).
VERSIONS: Final = {"GS1-EPCIS-Version": "2.0.0", "GS1-CBV-Version": "2.0.0"}
DISCOVERY: Final = {
    **VERSIONS,
    "Allow": "OPTIONS, GET, POST",
    "GS1-EPCIS-Min": "2.0.0",
    "GS1-EPCIS-Max": "2.0.0",
    "GS1-CBV-Min": "2.0.0",
    "GS1-CBV-Max": "2.0.0",
    "GS1-EPCIS-Capture-Limit": str(MAX_EVENTS),
    "GS1-EPCIS-Capture-File-Size-Limit": str(MAX_BYTES),
    "GS1-Capture-Error-Behaviour": ", ".join(BEHAVIOURS),
}


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status, VERSIONS)


def failure_response(exc: Exception) -> JSONResponse:
    """A driver error as the hub's error (Neo4j down: UNAVAILABLE); anything unexpected is raised again."""
    failed = classify(exc)
    if failed is None:
        raise exc
    return error_response(HTTP_STATUS.get(failed.code, 400), failed.code, str(failed))


def _token(cursor: tuple[str, str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(cursor)).encode()).decode().rstrip("=")


def _cursor(request: Request) -> tuple[tuple[str, str], int]:
    """(after, perPage) from GET /capture's query string; a bad value is refused naming it."""
    per_page = request.query_params.get("perPage", str(PER_PAGE))
    if not per_page.isdigit() or not 1 <= int(per_page) <= MAX_PER_PAGE:
        raise Refusal(400, "BAD_USER_INPUT", f"perPage must be a whole number from 1 to {MAX_PER_PAGE}")
    token = request.query_params.get("nextPageToken")
    if token is None:
        return FIRST_PAGE, int(per_page)
    try:
        at, job = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not (isinstance(at, str) and isinstance(job, str)):
            raise ValueError(token)
    except (ValueError, TypeError, binascii.Error):
        raise Refusal(
            400, "BAD_USER_INPUT", "nextPageToken is not one this hub gave (take it from the Link header)"
        ) from None
    return (at, job), int(per_page)


def capturer(request: Request) -> Principal:
    """The caller of a capture (POST /capture, POST /events): a regulator or admin key, else 403."""
    user: HubUser = request.user  # AuthMiddleware lets only known keys reach these routes
    who: Principal = user.principal
    if who.role not in CAPTURERS:
        raise Refusal(403, "FORBIDDEN", "EPCIS capture is for regulator and admin keys")
    return who


def check_media_type(request: Request) -> None:
    values = header(request.scope, b"content-type")
    parts = values[0].decode("latin-1").split(";") if len(values) == 1 else [""]
    if parts[0].strip().lower() not in MEDIA_TYPES:
        raise Refusal(
            415, "BAD_USER_INPUT", "send the EPCISDocument as application/json or application/ld+json"
        )
    for parameter in parts[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise Refusal(415, "BAD_USER_INPUT", "the body must be UTF-8")
    if any(v.strip().lower() not in (b"identity", b"") for v in header(request.scope, b"content-encoding")):
        raise Refusal(415, "BAD_USER_INPUT", "send the document uncompressed (no Content-Encoding)")


def _behaviour(request: Request) -> str:
    values = request.headers.getlist("gs1-capture-error-behaviour")
    chosen = values[0].strip().lower() if len(values) == 1 else "rollback" if not values else ""
    if chosen not in BEHAVIOURS:
        raise Refusal(400, "BAD_USER_INPUT", "GS1-Capture-Error-Behaviour must be rollback or proceed (once)")
    return chosen


def json_body(raw: bytes, what: str = "an EPCISDocument") -> dict[str, Any]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refusal(400, "BAD_USER_INPUT", f"the body is not valid UTF-8 (byte {exc.start})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise Refusal(400, "BAD_USER_INPUT", clip(f"the body is not JSON: {exc.msg} at {where}")) from None
    except RecursionError:
        raise Refusal(400, "BAD_USER_INPUT", "the JSON nests too deeply") from None
    if not isinstance(document, dict):
        raise Refusal(400, "BAD_USER_INPUT", f"the body must be one JSON object ({what})")
    return document


async def _run(driver: AsyncDriver, database: str, job: str, document: dict[str, Any], proceed: bool) -> None:
    """Check and store the document, ending the job; a failure ends it unsuccessful (logged)."""
    beating = asyncio.create_task(heartbeat(driver, database, job))
    try:
        try:
            prepared = await asyncio.to_thread(prepare, document, proceed=proceed)
        except DocumentError as exc:
            errors = [str(p) for p in exc.problems]
            await finish_job(driver, database, job, Outcome(False, errors, _count(document), 0))
            return
        await store(driver, database, prepared, source="http", capture_id=job, job=job)
    except JobGone:  # read as interrupted meanwhile: its transaction was rolled back, as the job says
        log.warning("capture job %s was read as interrupted before it finished; nothing stored", job)
    except Exception:  # the hub's failure: the job says so; the trace goes to the log
        log.exception("capture job %s failed", job)
        try:
            failed = Outcome(False, ["(job): failed: the hub could not store the document; nothing of it was stored"],
                             _count(document), 0)  # fmt: skip
            await finish_job(driver, database, job, failed)
        except Exception:  # Neo4j unreachable: the job reads as interrupted once its heartbeat is stale
            log.exception("capture job %s: could not record the failure", job)
    finally:
        beating.cancel()


def _count(document: dict[str, Any]) -> int:
    body = document.get("epcisBody")
    events = body.get("eventList") if isinstance(body, dict) else None
    return len(events) if isinstance(events, list) else 0


def capture_routes(settings: Settings) -> list[Route]:
    database = settings.neo4j_database
    running: set[asyncio.Task[None]] = set()  # held so that the tasks are not collected mid-run

    async def submit(request: Request) -> Response:
        try:
            who = capturer(request)
            check_media_type(request)
            proceed = _behaviour(request) == "proceed"
            document = json_body(await read_body(request.scope, request.receive, MAX_BYTES))
        except Refusal as refused:
            return error_response(refused.status, refused.code, refused.message)
        driver: AsyncDriver = request.app.state.driver
        job = new_id()
        behaviour = "proceed" if proceed else "rollback"
        try:
            await create_job(
                driver, database, id=job, behaviour=behaviour, key_id=who.key_id, agency=who.agency_id
            )
        except DRIVER_ERRORS as exc:
            return failure_response(exc)
        task = asyncio.create_task(_run(driver, database, job, document, proceed))
        running.add(task)
        task.add_done_callback(running.discard)
        audit.info("key=%s role=%s agency=%s capture=%s events=%d behaviour=%s",
                   who.key_id, who.role.value, who.agency_id, job, _count(document), behaviour)  # fmt: skip
        return JSONResponse({"captureID": job}, 202, headers={**VERSIONS, "Location": f"/capture/{job}"})

    async def status(request: Request) -> Response:
        user: HubUser = request.user
        who: Principal = user.principal
        if who.role is Role.PARTNER:
            return error_response(403, "FORBIDDEN", "EPCIS capture jobs are for domestic agencies only")
        job = str(request.path_params["capture_id"])
        driver: AsyncDriver = request.app.state.driver
        try:
            found = await read_job(
                driver, database, job, sees_all=who.role in CAPTURERS, agency=who.agency_id
            )
        except DRIVER_ERRORS as exc:
            return failure_response(exc)
        if found is None:
            return error_response(404, "NOT_FOUND", f"no capture job {show(job)}")
        return JSONResponse(found, headers=VERSIONS)

    async def jobs(request: Request) -> Response:
        user: HubUser = request.user
        who: Principal = user.principal
        if who.role is Role.PARTNER:
            return error_response(403, "FORBIDDEN", "EPCIS capture jobs are for domestic agencies only")
        try:
            after, per_page = _cursor(request)
        except Refusal as refused:
            return error_response(refused.status, refused.code, refused.message)
        driver: AsyncDriver = request.app.state.driver
        try:
            page, cursor = await list_jobs(driver, database, sees_all=who.role in CAPTURERS,
                                           agency=who.agency_id, after=after, limit=per_page)  # fmt: skip
        except DRIVER_ERRORS as exc:
            return failure_response(exc)
        headers = dict(VERSIONS)
        if cursor is not None:
            headers["Link"] = f'</capture?perPage={per_page}&nextPageToken={_token(cursor)}>; rel="next"'
        return JSONResponse(page, headers=headers)

    async def discovery(request: Request) -> Response:
        return Response(status_code=204, headers=DISCOVERY)

    return [
        Route("/capture", submit, methods=["POST"]),
        Route("/capture", jobs, methods=["GET"]),
        Route("/capture", discovery, methods=["OPTIONS"]),
        Route("/capture/{capture_id}", status, methods=["GET"]),
    ]
