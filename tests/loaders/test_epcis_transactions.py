"""Master data, business transactions and CBV words -> shipment stages (docs/epcis.md)."""

from __future__ import annotations

import copy
from typing import Any

from neo4j import AsyncDriver

from loaders.epcis.capture import capture
from loaders.epcis.links import BIZ_STEPS, DISPOSITIONS, transaction_ids
from tests.conftest import DATABASE
from tests.loaders.test_epcis import EVENTS, document
from tests.loaders.test_load import query

GRAPH = """
CREATE (:Declaration {declarationId: 'D-1'})
CREATE (:Recall {recallId: 'R-9'})
CREATE (:Shipment {shipmentId: 'S-1', waybill: 'RR123456785CN', status: 'released'})
CREATE (:Shipment {shipmentId: 'S-2', waybill: 'WB-2', status: 'declared'})
"""
LOC = "urn:epc:id:sgln:0614141.00777.0"
MDA = "urn:epcglobal:cbv:mda#"


def _event(
    key: str, step: str | None, disposition: str | None, *transactions: tuple[str, str]
) -> dict[str, Any]:
    event: dict[str, Any] = {**copy.deepcopy(EVENTS[7]), "eventID": key}
    for name, value in (("bizStep", step), ("disposition", disposition)):
        if value is None:
            event.pop(name, None)
        else:
            event[name] = value
    event["bizTransactionList"] = [{"type": t, "bizTransaction": i} for t, i in transactions]
    return event


def _with_master_data(events: list[dict[str, Any]], elements: list[dict[str, Any]]) -> dict[str, Any]:
    doc = document(events)
    doc["epcisHeader"] = {"epcisMasterData": {"vocabularyList": [
        {"type": "urn:epcglobal:epcis:vtype:BusinessLocation", "vocabularyElementList": elements}]}}  # fmt: skip
    return doc


def test_transaction_ids_and_the_mapping_tables() -> None:
    assert transaction_ids("urn:epcglobal:cbv:bt:0614141073467:D-1") == [
        "urn:epcglobal:cbv:bt:0614141073467:D-1",
        "D-1",
    ]
    assert transaction_ids("D-1") == ["D-1"]
    assert BIZ_STEPS["shipping"] == ("in_transit", None) and BIZ_STEPS["receiving"] == (
        "delivered",
        "delivered",
    )
    assert DISPOSITIONS["destroyed"] == ("destroyed", "destroyed")


async def test_business_transactions_link_records_and_give_shipment_stages(graph: AsyncDriver) -> None:
    await graph.execute_query(GRAPH, database_=DATABASE)
    events = [
        _event(
            "e1",
            "shipping",
            "in_transit",
            ("po", "urn:epcglobal:cbv:bt:0614141073467:D-1"),
            ("desadv", "S-1"),
        ),
        _event("e2", "receiving", None, ("https://ref.gs1.org/cbv/BTT-bol", "RR123456785CN")),
        _event("e3", "receiving", "destroyed", ("recadv", "S-2")),
        _event("e4", "shipping", None, ("po", "R-9"), ("po", "PO-unknown")),
    ]
    assert (await capture(graph, DATABASE, document(events), source="t", capture_id="c")).created == 4
    linked = await query(
        graph,
        "MATCH (ev:EpcisEvent)-[r:BIZ_TRANSACTION]->(x) "
        "RETURN ev.eventKey AS ev, r.type AS type, r.id AS id, coalesce(x.declarationId, x.recallId, x.shipmentId) AS to "
        "ORDER BY ev, to",
    )
    assert linked == [
        {"ev": "e1", "type": "po", "id": "urn:epcglobal:cbv:bt:0614141073467:D-1", "to": "D-1"},
        {"ev": "e1", "type": "desadv", "id": "S-1", "to": "S-1"},
        {"ev": "e2", "type": "bol", "id": "RR123456785CN", "to": "S-1"},
        {"ev": "e3", "type": "recadv", "id": "S-2", "to": "S-2"},
        {"ev": "e4", "type": "po", "id": "R-9", "to": "R-9"},
    ]  # fmt: skip
    stages = await query(
        graph,
        "MATCH (ev:EpcisEvent) RETURN ev.eventKey AS ev, ev.shipmentStage AS stage, ev.shipmentStatus AS status, "
        "ev.bizTransactions AS stored ORDER BY ev",
    )
    assert [(s["ev"], s["stage"], s["status"]) for s in stages] == [
        ("e1", "in_transit", None), ("e2", "delivered", "delivered"), ("e3", "destroyed", "destroyed"),
        ("e4", None, None),  # tied to a disposal order only, not to a shipment
    ]  # fmt: skip
    assert stages[3]["stored"] == ["po R-9", "po PO-unknown"]  # the stored strings are unchanged
    # The shipment's own status is the regulator's (lifecycle), never changed by an event.
    [row] = await query(graph, "MATCH (s:Shipment {shipmentId: 'S-2'}) RETURN s.status AS status")
    assert row == {"status": "declared"}
    # Captured again: no second edge.
    assert (await capture(graph, DATABASE, document(events), source="t", capture_id="c2")).created == 0
    [count] = await query(graph, "RETURN COUNT { ()-[:BIZ_TRANSACTION]->() } AS n")
    assert count == {"n": 5}


async def test_master_data_describes_locations_last_capture_wins(graph: AsyncDriver) -> None:
    element = {"id": LOC, "attributes": [
        {"id": MDA + "name", "attribute": "Bonded warehouse 7"}, {"id": "cbvmda:city", "attribute": "Ningbo"},
        {"id": MDA + "countryCode", "attribute": "CN"}, {"id": MDA + "latitude", "attribute": 29.87},
        {"id": "https://example.com/vocab#dock", "attribute": {"number": 4}}]}  # fmt: skip
    ignored = {"id": "urn:epc:id:pgln:0614141.00000", "attributes": [{"id": MDA + "name", "attribute": "x"}]}
    await capture(
        graph, DATABASE, _with_master_data([EVENTS[7]], [element, ignored]), source="t", capture_id="c1"
    )
    [row] = await query(
        graph,
        "MATCH (x:Epc {key: 'https://id.gs1.org/414/0614141007776'}) RETURN x.name AS name, x.city AS city, "
        "x.countryCode AS country, x.latitude AS lat, x.masterData CONTAINS 'dock' AS kept, x.kind AS kind",
    )
    assert row == {"name": "Bonded warehouse 7", "city": "Ningbo", "country": "CN", "lat": 29.87, "kept": True,
                   "kind": "location"}  # fmt: skip
    again = {
        "id": "https://id.gs1.org/414/0614141007776",
        "attributes": [{"id": MDA + "name", "attribute": "BW-7"}],
    }
    await capture(graph, DATABASE, _with_master_data([EVENTS[7]], [again]), source="t", capture_id="c2")
    [row] = await query(
        graph,
        "MATCH (x:Epc {key: 'https://id.gs1.org/414/0614141007776'}) RETURN x.name AS name, x.city AS city, "
        "x.masterDataCapture AS capture",
    )
    assert row == {"name": "BW-7", "city": None, "capture": "c2"}  # replaced whole
