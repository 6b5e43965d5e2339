"""Links derived at capture (graph_schema/epcis_links.py), through `hub load` of document files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver

from loaders.load import load_folder
from tests.conftest import DATABASE
from tests.hub.test_recall_through_epcis import (
    CASE,
    LA3,
    LB2,
    PALLET,
    SN31,
    SN32,
    agg,
    shipping,
    transformation,
)
from tests.hub.test_trace_history import document
from tests.loaders.test_load import query

GRAPH = """
CREATE (pa:Product {productId: 'PA', gtin: '4901234567894'}), (pb:Product {productId: 'PB', gtin: '4006381333931'})
CREATE (a3:Batch {batchId: 'A3', lotCode: 'LA3'})-[:OF_PRODUCT]->(pa)
CREATE (:Batch {batchId: 'B2', lotCode: 'LB2'})-[:OF_PRODUCT]->(pb)
CREATE (:TraceCode {code: 'QR-31', serial: 'SN-31'})-[:LABELS]->(a3)
CREATE (:TraceCode {code: 'QR-32', serial: 'SN-32'})-[:LABELS]->(a3)
CREATE (:Shipment {shipmentId: 'S10'})
"""

LINKS = """
MATCH (a)-[l:CONTAINED|TRANSFORMED_INTO|LOADED|CARRIES]->(b)
RETURN type(l) AS rel, coalesce(a.batchId, a.shipmentId, right(a.key, 4)) AS start,
       coalesce(b.batchId, right(b.key, 5)) AS end, l.eventKey AS event, l.endKey AS ended, l.quantity AS n
ORDER BY rel, start, end, event
"""


def _write(folder: Path, name: str, events: list[dict[str, Any]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(document(events)), encoding="utf-8")


async def test_hub_load_derives_containment_transformation_and_carriage(
    graph: AsyncDriver, tmp_path: Path
) -> None:
    await graph.execute_query(GRAPH, database_=DATABASE)
    events = [
        agg("10:00", "urn:uuid:a1", "ADD", CASE, [SN31, SN32]),
        agg("10:10", "urn:uuid:a2", "ADD", PALLET, [CASE]),
        agg("10:20", "urn:uuid:a3", "DELETE", CASE, [SN32]),
        shipping("10:30", "urn:uuid:s1", PALLET, {"type": "desadv", "bizTransaction": "S10"}),
        transformation("10:40", "urn:uuid:t1", [LA3], [LB2]),
    ]
    _write(tmp_path / "in", "a.jsonld", events)
    summary = await load_folder(graph, DATABASE, tmp_path / "in")
    assert [(f.file, f.read, f.loaded) for f in summary.files] == [("a.jsonld", 5, 5)]
    # the case's Digital Link ends in ...78908, the pallet's in ...78905 (right(key, 4) and right(key, 5))
    expected = [
        {"rel": "CARRIES", "start": "S10", "end": "A3", "event": None, "ended": None, "n": 1},
        {"rel": "CONTAINED", "start": "8908", "end": "SN-31", "event": "urn:uuid:a1", "ended": None, "n": None},
        {"rel": "CONTAINED", "start": "8908", "end": "SN-32", "event": "urn:uuid:a1", "ended": "urn:uuid:a3", "n": None},
        {"rel": "CONTAINED", "start": "8905", "end": "78908", "event": "urn:uuid:a2", "ended": None, "n": None},
        {"rel": "LOADED", "start": "S10", "end": "78905", "event": "urn:uuid:s1", "ended": None, "n": None},
        {"rel": "TRANSFORMED_INTO", "start": "A3", "end": "B2", "event": "urn:uuid:t1", "ended": None, "n": None},
    ]  # fmt: skip
    found = await query(graph, LINKS)
    assert sorted(found, key=str) == sorted(expected, key=str)
    # Loaded again (a second file with the same events): the same links, nothing added.
    _write(tmp_path / "again", "b.jsonld", list(reversed(events)))
    await load_folder(graph, DATABASE, tmp_path / "again")
    assert await query(graph, LINKS) == found
    # Error declarations: the shipping scan and the transformation no longer count.
    declared = {
        "errorDeclaration": {"declarationTime": "2026-05-02T09:00:00+08:00", "reason": "did_not_occur"}
    }
    _write(tmp_path / "wrong", "c.jsonld", [{**events[3], **declared}, {**events[4], **declared}])
    await load_folder(graph, DATABASE, tmp_path / "wrong")
    assert [r["rel"] for r in await query(graph, LINKS)] == ["CONTAINED"] * 3


async def test_loading_follows_the_business_transaction_edges(graph: AsyncDriver, tmp_path: Path) -> None:
    """LOADED comes from the BIZ_TRANSACTION edges: a waybill names a shipment, a `po` loads nothing, and a
    shipment that appears after the event was stored is not linked by capturing the document again."""
    await graph.execute_query(
        "CREATE (:Shipment {shipmentId: 'S11', waybill: 'WB-11'}), (:Shipment {shipmentId: 'S12'})",
        database_=DATABASE,
    )
    events = [
        shipping("10:30", "urn:uuid:w1", PALLET, {"type": "bol", "bizTransaction": "urn:epcglobal:cbv:bt:0614141000005:WB-11"}),
        shipping("10:31", "urn:uuid:w2", CASE, {"type": "po", "bizTransaction": "S12"}),
        shipping("10:32", "urn:uuid:w3", CASE, {"bizTransaction": "S13"}),
    ]  # fmt: skip
    _write(tmp_path / "in", "a.jsonld", events)
    await load_folder(graph, DATABASE, tmp_path / "in")
    loaded = (
        "MATCH (s:Shipment)-[l:LOADED]->(x) RETURN s.shipmentId AS s, l.eventKey AS event ORDER BY s, event"
    )
    ties = "MATCH (e)-[t:BIZ_TRANSACTION]->(s:Shipment) RETURN s.shipmentId AS s, t.type AS type ORDER BY s"
    assert await query(graph, loaded) == [{"s": "S11", "event": "urn:uuid:w1"}]
    assert await query(graph, ties) == [{"s": "S11", "type": "bol"}, {"s": "S12", "type": "po"}]
    # S13 arrives after the capture; the same document captured again does not link it.
    await graph.execute_query("CREATE (:Shipment {shipmentId: 'S13'})", database_=DATABASE)
    _write(tmp_path / "again", "b.jsonld", events)
    await load_folder(graph, DATABASE, tmp_path / "again")
    assert await query(graph, loaded) == [{"s": "S11", "event": "urn:uuid:w1"}]


def _lots(minute: str, ident: str, action: str, quantities: list[dict[str, Any]]) -> dict[str, Any]:
    return {**agg(minute, ident, action, CASE, []), "childQuantityList": quantities}


async def test_lots_packed_by_quantity_travel_with_their_unit(graph: AsyncDriver, tmp_path: Path) -> None:
    """childQuantityList: a lot packed by quantity in a case on a pallet makes the pallet's shipment carry the
    batch, with the quantity packed; a partial removal leaves the link, a removal of the whole quantity ends it."""
    await graph.execute_query(GRAPH, database_=DATABASE)
    carriage = "MATCH (:Shipment {shipmentId: 'S10'})-[c:CARRIES]->(b) RETURN b.batchId AS b, c.quantity AS n, c.unit AS unit"
    packed = [
        _lots("10:00", "urn:uuid:q1", "ADD", [{"epcClass": LA3, "quantity": 12}, {"epcClass": LB2, "quantity": 2.5, "uom": "KGM"}]),
        agg("10:05", "urn:uuid:q2", "ADD", PALLET, [CASE]),
        _lots("10:10", "urn:uuid:q3", "DELETE", [{"epcClass": LA3, "quantity": 5}]),  # partial: the link stays
        _lots("10:15", "urn:uuid:q4", "DELETE", [{"epcClass": LB2, "quantity": 2.5, "uom": "KGM"}]),  # all of it
    ]  # fmt: skip
    _write(tmp_path / "in", "a.jsonld", [*packed, shipping("10:30", "urn:uuid:q5", PALLET, {"type": "bol", "bizTransaction": "S10"})])  # fmt: skip
    await load_folder(graph, DATABASE, tmp_path / "in")
    assert await query(graph, carriage) == [{"b": "A3", "n": 12, "unit": "item"}]
    lots = "MATCH (:Epc)-[c:CONTAINED]->(x:Epc {kind: 'lot'}) RETURN c.quantity AS n, c.uom AS uom, c.endKey AS ended ORDER BY n"
    assert await query(graph, lots) == [
        {"n": 2.5, "uom": "KGM", "ended": "urn:uuid:q4"},
        {"n": 12, "uom": None, "ended": None},
    ]  # fmt: skip


def _loading(minute: str, ident: str, quantities: list[dict[str, Any]], shipment: str) -> dict[str, Any]:
    event = shipping(minute, ident, CASE, {"type": "bol", "bizTransaction": shipment})
    del event["epcList"]
    return {**event, "quantityList": quantities}


async def test_lots_loaded_by_quantity_on_a_shipment_are_carried(graph: AsyncDriver, tmp_path: Path) -> None:
    """A lot named by quantity in a loading event (no unit around it) makes the shipment carry its batch: per
    batch and uom the largest quantity any such event names (a loading scan and a departure scan of the same
    lot are one load, not two); an error declaration takes it back."""
    await graph.execute_query(GRAPH, database_=DATABASE)
    carriage = "MATCH (:Shipment {shipmentId: 'S10'})-[c:CARRIES]->(b) RETURN b.batchId AS b, c.quantity AS n, c.unit AS unit ORDER BY b"
    events = [
        _loading("10:00", "urn:uuid:l1", [{"epcClass": LA3, "quantity": 40}, {"epcClass": LB2, "quantity": 2.5, "uom": "KGM"}], "S10"),
        _loading("10:30", "urn:uuid:l2", [{"epcClass": LA3, "quantity": 40}], "S10"),  # the same goods scanned again
        _loading("10:40", "urn:uuid:l3", [{"epcClass": LB2, "quantity": 1, "uom": "KGM"}], "S99"),  # no such shipment
    ]  # fmt: skip
    _write(tmp_path / "in", "a.jsonld", events)
    await load_folder(graph, DATABASE, tmp_path / "in")
    assert await query(graph, carriage) == [
        {"b": "A3", "n": 40, "unit": "item"},
        {"b": "B2", "n": 2.5, "unit": "KGM"},
    ]
    loaded = "MATCH (:Shipment)-[l:LOADED]->(x:Epc {kind: 'lot'}) RETURN l.eventKey AS event, l.quantity AS n, l.uom AS uom ORDER BY event, n"
    assert await query(graph, loaded) == [
        {"event": "urn:uuid:l1", "n": 2.5, "uom": "KGM"},
        {"event": "urn:uuid:l1", "n": 40, "uom": None},
        {"event": "urn:uuid:l2", "n": 40, "uom": None},
    ]  # fmt: skip
    declared = {
        "errorDeclaration": {"declarationTime": "2026-05-02T09:00:00+08:00", "reason": "did_not_occur"}
    }
    _write(tmp_path / "wrong", "b.jsonld", [{**events[0], **declared}])
    await load_folder(graph, DATABASE, tmp_path / "wrong")
    assert await query(graph, carriage) == [{"b": "A3", "n": 40, "unit": "item"}]  # l2 still loads A3
