"""POST /capture and GET /capture/{id} through the real HTTP app (docs/epcis.md, docs/access.md)."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from loaders.epcis.capture import MAX_BYTES
from tests.conftest import DATABASE
from tests.http import ADMIN, ANALYST, PARTNER_SG, REGULATOR, Hub
from tests.loaders.test_epcis import EVENTS, _broken, document
from tests.loaders.test_load import query

JSON = "application/json"


def _post(
    hub: Hub, body: Any, *, key: str | None = REGULATOR, media: str = JSON, **headers: str
) -> httpx.Response:
    sent = {"Content-Type": media, **({"Authorization": f"Bearer {key}"} if key else {}), **headers}
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return hub.client.post("/capture", content=content, headers=sent)


def _get(hub: Hub, path: str, key: str = REGULATOR) -> httpx.Response:
    return hub.client.get(path, headers={"Authorization": f"Bearer {key}"})


def _finished(hub: Hub, response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 202, response.text
    job = response.json()["captureID"]
    assert response.headers["location"] == f"/capture/{job}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = _get(hub, f"/capture/{job}").json()
        if not status["running"]:
            return status  # type: ignore[no-any-return]
        time.sleep(0.1)
    raise AssertionError(f"capture job {job} still running")


async def _events(graph: AsyncDriver) -> list[str]:
    rows = await query(graph, "MATCH (ev:EpcisEvent) RETURN ev.eventKey AS key ORDER BY key")
    return [r["key"] for r in rows]


async def test_a_document_is_captured_and_its_job_reports_success(graph: AsyncDriver, hub: Hub) -> None:
    status = _finished(hub, _post(hub, document(EVENTS), media="application/ld+json; charset=utf-8"))
    assert {k: status[k] for k in ("running", "success", "captureErrorBehaviour", "errors", "events", "stored")} == {
        "running": False, "success": True, "captureErrorBehaviour": "rollback", "errors": [], "events": 8, "stored": 7
    }  # fmt: skip
    assert len(await _events(graph)) == 7
    records, _, _ = await graph.execute_query(
        "MATCH (ev:EpcisEvent) RETURN collect(DISTINCT ev.captureId) AS jobs", database_=DATABASE
    )
    assert records[0]["jobs"] == [status["captureID"]]


async def test_rollback_refuses_the_whole_document_naming_the_event(graph: AsyncDriver, hub: Hub) -> None:
    status = _finished(
        hub, _post(hub, _broken(3, bizTransactionList=None), **{"GS1-Capture-Error-Behaviour": "rollback"})
    )
    assert status["success"] is False and status["stored"] == 0
    assert status["errors"] == [{
        "type": "epcisException:ValidationException", "title": "Invalid EPCIS document", "status": 400,
        "instance": "eventList[3].bizTransactionList", "detail": "required by the EPCIS JSON Schema",
    }]  # fmt: skip
    assert await _events(graph) == []


async def test_proceed_keeps_the_good_events_and_reports_the_bad(graph: AsyncDriver, hub: Hub) -> None:
    doc = _broken(7, action="MOVE")
    doc["epcisBody"]["eventList"][2]["parentID"] = "not an epc"
    status = _finished(hub, _post(hub, doc, **{"GS1-Capture-Error-Behaviour": "proceed"}))
    assert (status["success"], status["captureErrorBehaviour"], status["events"]) == (False, "proceed", 8)
    assert [e["instance"] for e in status["errors"]] == [
        "eventList[7] (urn:uuid:fixed-1).action",
        "eventList[2].parentID",
    ]
    assert status["stored"] == 5  # 8 sent, 2 refused, one eventID twice (an error declaration)
    assert "urn:uuid:fixed-1" not in await _events(graph) and len(await _events(graph)) == 5


@pytest.mark.parametrize(
    ("headers", "body", "status", "message"),
    [
        ({"media": "text/plain"}, b"{}", 415, "application/json or application/ld+json"),
        ({"media": "application/json; charset=latin-1"}, b"{}", 415, "UTF-8"),
        (
            {},
            b'{"type": "EPCISDocument",\n "epcisBody": [}',
            400,
            "not JSON: Expecting value at line 2 column 16",
        ),
        ({}, b"[1]", 400, "one JSON object"),
        ({"GS1-Capture-Error-Behaviour": "ignore"}, b"{}", 400, "rollback or proceed"),
        ({"key": PARTNER_SG}, b"{}", 403, "regulator and admin keys"),
        ({"key": ANALYST}, b"{}", 403, "regulator and admin keys"),
        ({"key": None}, b"{}", 401, "missing Authorization header"),
    ],
)
def test_refused_requests_get_the_hubs_error_shape(
    hub: Hub, headers: dict[str, Any], body: bytes, status: int, message: str
) -> None:
    response = _post(hub, body, **headers)
    assert response.status_code == status, response.text
    [error] = response.json()["errors"]
    assert message in error["message"] and error["extensions"]["code"] in (
        "BAD_USER_INPUT",
        "FORBIDDEN",
        "UNAUTHENTICATED",
    )


def test_a_body_over_the_cap_is_refused_413(hub: Hub) -> None:
    def chunks() -> Any:  # streamed, no Content-Length: the hub stops reading at the cap
        for _ in range(MAX_BYTES // (1 << 20) + 1):
            yield b" " * (1 << 20)

    response = hub.client.post(
        "/capture", content=chunks(), headers={"Content-Type": JSON, "Authorization": f"Bearer {ADMIN}"}
    )
    assert response.status_code == 413 and "larger than 67,108,864 bytes" in response.text


async def test_who_reads_a_job(graph: AsyncDriver, hub: Hub) -> None:
    job = _finished(hub, _post(hub, document(EVENTS[:1])))["captureID"]
    assert _get(hub, f"/capture/{job}", ANALYST).status_code == 200  # the submitter's agency
    assert _get(hub, f"/capture/{job}", ADMIN).status_code == 200
    refused = _get(hub, f"/capture/{job}", PARTNER_SG)
    assert refused.status_code == 403 and refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    await graph.execute_query(
        "CREATE (:CaptureJob {captureId: 'other', running: false, success: true, errors: [], agency: 'AG-X',"
        " captureErrorBehaviour: 'rollback', createdAt: datetime()})", database_=DATABASE
    )  # fmt: skip
    assert _get(hub, "/capture/other", ANALYST).status_code == 404  # another agency's job
    assert _get(hub, "/capture/other", REGULATOR).json()["success"] is True
    missing = _get(hub, "/capture/nope")
    assert missing.status_code == 404 and missing.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_job_whose_worker_died_reads_interrupted(graph: AsyncDriver, hub: Hub) -> None:
    # What a worker killed mid-job leaves: running, with a heartbeat that stopped an hour ago.
    await graph.execute_query(
        "CREATE (:CaptureJob {captureId: 'dead', running: true, errors: [], agency: 'AG-CN-GACC',"
        " captureErrorBehaviour: 'rollback', createdAt: datetime(), heartbeatAt: datetime() - duration('PT1H')})",
        database_=DATABASE,
    )  # fmt: skip
    status = _get(hub, "/capture/dead").json()
    assert (status["running"], status["success"]) == (False, False)
    assert status["errors"][0]["type"] == "epcisException:ImplementationException"
    assert "interrupted" in status["errors"][0]["detail"]
    [row] = await query(graph, "MATCH (j:CaptureJob {captureId: 'dead'}) RETURN j.running AS running")
    assert row == {"running": False}  # recorded, not only reported


async def test_the_job_list_pages_newest_first_and_filters_by_agency(graph: AsyncDriver, hub: Hub) -> None:
    await graph.execute_query(
        "UNWIND range(1, 5) AS i CREATE (:CaptureJob {captureId: 'job-' + i, running: false, success: true,"
        " errors: [], agency: CASE WHEN i = 3 THEN 'AG-X' ELSE 'AG-CN-GACC' END, captureErrorBehaviour: 'rollback',"
        " createdAt: datetime('2026-11-0' + i + 'T08:00:00Z')})"
        " WITH count(*) AS made CREATE (:CaptureJob {captureId: 'job-6', running: true, errors: [], agency: 'AG-CN-GACC',"
        " captureErrorBehaviour: 'proceed', createdAt: datetime('2026-11-05T08:00:00Z'),"
        " heartbeatAt: datetime() - duration('PT1H')})",
        database_=DATABASE,
    )  # fmt: skip
    first = _get(hub, "/capture?perPage=2")
    assert first.status_code == 200 and first.headers["gs1-epcis-version"] == "2.0.0"
    assert [j["captureID"] for j in first.json()] == [
        "job-6",
        "job-5",
    ]  # same createdAt: captureId descending
    stale = first.json()[0]
    assert (stale["running"], stale["success"], stale["errors"][0]["type"]) == (
        False, False, "epcisException:ImplementationException"
    )  # fmt: skip
    seen = [j["captureID"] for j in first.json()]
    link = first.headers["link"]
    while link:
        assert link.endswith('>; rel="next"')
        page = _get(hub, link[1 : link.index(">")])
        seen += [j["captureID"] for j in page.json()]
        link = page.headers.get("link", "")
    assert seen == ["job-6", "job-5", "job-4", "job-3", "job-2", "job-1"]
    mine = [j["captureID"] for j in _get(hub, "/capture?perPage=100", ANALYST).json()]
    assert mine == ["job-6", "job-5", "job-4", "job-2", "job-1"]  # not AG-X's job-3
    assert _get(hub, "/capture", PARTNER_SG).status_code == 403
    for bad, named in (
        ("?perPage=0", "perPage"),
        ("?perPage=x", "perPage"),
        ("?nextPageToken=%%%", "nextPageToken"),
    ):
        refused = _get(hub, "/capture" + bad)
        assert refused.status_code == 400 and named in refused.json()["errors"][0]["message"]


def test_options_capture_tells_the_versions_and_limits(hub: Hub) -> None:
    found = hub.client.options("/capture", headers={"Authorization": f"Bearer {REGULATOR}"})
    assert found.status_code == 204
    assert {k: found.headers[k] for k in ("gs1-epcis-version", "gs1-epcis-capture-limit",
                                         "gs1-epcis-capture-file-size-limit", "gs1-capture-error-behaviour")} == {
        "gs1-epcis-version": "2.0.0", "gs1-epcis-capture-limit": "10000",
        "gs1-epcis-capture-file-size-limit": str(MAX_BYTES), "gs1-capture-error-behaviour": "rollback, proceed",
    }  # fmt: skip
    assert hub.client.options("/capture").status_code == 401
