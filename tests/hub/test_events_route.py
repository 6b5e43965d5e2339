"""POST /events and GET /events/{eventID} through the real HTTP app (docs/epcis.md, docs/access.md)."""

from __future__ import annotations

import copy
import json
from typing import Any
from urllib.parse import quote

import httpx
from neo4j import AsyncDriver

from hub.events_route import MAX_EVENT_BYTES
from loaders.epcis.identifiers import resolve
from tests.http import ADMIN, ANALYST, PARTNER_SG, REGULATOR, Hub
from tests.loaders.test_epcis import CONTEXT, EVENTS, document
from tests.loaders.test_load import query

JSON = "application/json"


def _post(hub: Hub, body: Any, key: str = REGULATOR) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": JSON, "Authorization": f"Bearer {key}"}
    return hub.client.post("/events", content=content, headers=headers)


def _get(hub: Hub, path: str, key: str = REGULATOR) -> httpx.Response:
    return hub.client.get(path, headers={"Authorization": f"Bearer {key}"})


def _event(index: int, **changes: Any) -> dict[str, Any]:
    event = {"@context": [CONTEXT], **copy.deepcopy(EVENTS[index])}
    event.update(changes)
    return {k: v for k, v in event.items() if v is not None}


def _link(epc: str) -> str:
    return resolve(epc).key


async def _keys(graph: AsyncDriver) -> list[str]:
    rows = await query(graph, "MATCH (ev:EpcisEvent) RETURN ev.eventKey AS key ORDER BY key")
    return [r["key"] for r in rows]


async def test_one_event_is_stored_before_the_answer_and_read_back(graph: AsyncDriver, hub: Hub) -> None:
    created = _post(hub, _event(0))
    assert created.status_code == 201, created.text
    location = "/events/" + quote("ni:///sha-256;aaa?ver=CBV2.0", safe="")
    assert created.headers["location"] == location
    assert created.headers["gs1-epcis-version"] == "2.0.0"
    assert created.json() == {"eventID": "ni:///sha-256;aaa?ver=CBV2.0", "created": True}
    assert await _keys(graph) == ["ni:///sha-256;aaa?ver=CBV2.0"]  # stored when the 201 came

    read = _get(hub, location, key=ANALYST)
    assert read.status_code == 200, read.text
    event = read.json()
    record_time = event.pop("recordTime")
    assert record_time.startswith("20")
    assert event == {
        "type": "ObjectEvent", "eventID": "ni:///sha-256;aaa?ver=CBV2.0", "action": "OBSERVE",
        "eventTime": "2026-05-01T10:00:00+08:00", "eventTimeZoneOffset": "+08:00",
        "epcList": sorted(_link(e) for e in EVENTS[0]["epcList"]),  # canonical Digital Links, in key order
        "bizStep": "shipping", "disposition": "in_transit",
        "readPoint": {"id": _link("urn:epc:id:sgln:0614141.00777.0")},
        "bizLocation": {"id": "https://id.gs1.org/414/0614141008889/254/1"},
    }  # fmt: skip


async def test_the_same_event_again_is_200_and_writes_nothing(graph: AsyncDriver, hub: Hub) -> None:
    assert _post(hub, _event(7)).status_code == 201
    again = _post(hub, _event(7, action="ADD"))  # a different body under a stored eventID: the first stays
    assert again.status_code == 200, again.text
    assert again.json() == {"eventID": "urn:uuid:fixed-1", "created": False}
    assert await _keys(graph) == ["urn:uuid:fixed-1"]
    assert _get(hub, again.headers["location"]).json()["action"] == "OBSERVE"


async def test_an_error_declaration_marks_the_stored_event(graph: AsyncDriver, hub: Hub) -> None:
    assert _post(hub, _event(0)).status_code == 201
    declared = _post(hub, _event(6))
    assert declared.status_code == 200, declared.text
    event = _get(hub, declared.headers["location"]).json()
    assert event["errorDeclaration"] == {
        "declarationTime": "2026-05-02T09:00:00+08:00",
        "reason": "incorrect_data",
        "correctiveEventIDs": ["urn:uuid:fixed-1"],
    }


async def test_an_event_without_id_is_kept_under_its_content_hash(graph: AsyncDriver, hub: Hub) -> None:
    created = _post(hub, _event(1))
    assert created.status_code == 201, created.text
    key = created.json()["eventID"]
    assert key.startswith("sha256:") and await _keys(graph) == [key]
    event = _get(hub, created.headers["location"]).json()
    assert "eventID" not in event
    assert event["quantityList"] == [
        {"epcClass": "https://id.gs1.org/01/04012345123456/10/998877", "quantity": 200, "uom": "KGM"}
    ]
    assert event["bizStep"] == "commissioning"


async def test_transformation_and_transaction_lists_come_back_by_name(graph: AsyncDriver, hub: Hub) -> None:
    made = _get(hub, _post(hub, _event(4)).headers["location"]).json()
    assert made["inputQuantityList"] == [
        {"epcClass": _link("urn:epc:class:lgtin:4012345.012345.998877"), "quantity": 10}
    ]
    assert made["outputEPCList"] == [_link("urn:epc:id:sgtin:0614141.812345.7000")]
    sold = _get(hub, _post(hub, _event(3)).headers["location"]).json()
    assert sold["bizTransactionList"] == [
        {"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:0614141073467:PO-1"}
    ]
    packed = _get(hub, _post(hub, _event(2)).headers["location"]).json()
    assert packed["parentID"] == _link("urn:epc:id:sscc:0614141.1234567890")


async def test_a_bad_event_is_refused_naming_each_field_and_nothing_is_stored(
    graph: AsyncDriver, hub: Hub
) -> None:
    refused = _post(hub, _event(0, action="MOVE", parentID="not an epc"))
    assert refused.status_code == 400, refused.text
    errors = refused.json()["errors"]
    assert {e["extensions"]["field"] for e in errors} >= {"action"}
    assert all(e["extensions"]["code"] == "BAD_USER_INPUT" for e in errors)
    assert any(e["message"].startswith("action: 'MOVE' is not one of") for e in errors)
    assert await _keys(graph) == []


async def test_many_problems_are_cut_to_twenty_and_counted(graph: AsyncDriver, hub: Hub) -> None:
    refused = _post(hub, _event(0, epcList=[f"QR-{i}" for i in range(30)]))
    assert refused.status_code == 400, refused.text
    errors = refused.json()["errors"]
    assert len(errors) == 21 and errors[-1]["message"] == "and 10 more problems"
    assert [e["extensions"]["field"] for e in errors[:2]] == ["epcList[0]", "epcList[1]"]
    assert await _keys(graph) == []


async def test_a_context_without_the_standard_is_refused(graph: AsyncDriver, hub: Hub) -> None:
    refused = _post(hub, _event(0, **{"@context": ["https://example.com/ctx"]}))
    assert refused.status_code == 400, refused.text
    [error] = refused.json()["errors"]
    assert error["extensions"]["field"] == "@context" and CONTEXT in error["message"]
    assert await _keys(graph) == []


def test_a_document_or_a_non_event_is_refused_with_where_to_send_it(hub: Hub) -> None:
    for body, message in (
        (document(EVENTS[:1]), "send an EPCISDocument to POST /capture"),
        ({"type": "Shipment"}, "type: must be one of ObjectEvent"),
        ([1], "one JSON object (one EPCIS event)"),
    ):
        response = _post(hub, body)
        assert response.status_code == 400, response.text
        assert message in response.json()["errors"][0]["message"]


def test_a_body_over_the_event_cap_is_refused_413(hub: Hub) -> None:
    response = _post(hub, b"{" + b" " * MAX_EVENT_BYTES + b"}")
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_who_may_capture_and_read_events(graph: AsyncDriver, hub: Hub) -> None:
    assert _post(hub, _event(7), key=ANALYST).status_code == 403
    assert _post(hub, _event(7), key=PARTNER_SG).status_code == 403
    assert await _keys(graph) == []
    location = _post(hub, _event(7), key=ADMIN).headers["location"]
    assert _get(hub, location, key=ANALYST).status_code == 200
    partner = _get(hub, location, key=PARTNER_SG)
    assert partner.status_code == 403 and partner.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    missing = _get(hub, "/events/" + quote("urn:uuid:nothing", safe=""))
    assert missing.status_code == 404 and "urn:uuid:nothing" in missing.json()["errors"][0]["message"]
    assert hub.client.get(location).status_code == 401
