"""EPCIS documents stored: each event once, EPCs mapped to our nodes, error declarations honoured."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver

from loaders.epcis.capture import capture, prepare, store
from loaders.epcis.document import DocumentError
from loaders.epcis.jobs import JobGone, create_job
from loaders.load import load_folder
from loaders.report import read_rejects
from loaders.rows import RowError
from tests.conftest import DATABASE
from tests.loaders.test_epcis import EVENTS, _broken, document
from tests.loaders.test_load import query, write_folder

GRAPH = """
CREATE (p1:Product {productId: 'P1', gtin: '80614141123458'})
CREATE (p2:Product {productId: 'P2', gtin: '4012345123456'})
CREATE (b1:Batch {batchId: 'B1', lotCode: '998877'})-[:OF_PRODUCT]->(p2)
CREATE (b2:Batch {batchId: 'B2', lotCode: 'L-1'})-[:OF_PRODUCT]->(p1)
CREATE (:TraceCode {code: 'QR-1', serial: '6789'})-[:LABELS]->(b2)
CREATE (:TraceCode {code: 'QR-OTHER', serial: '6789'})-[:LABELS]->(b1)
"""
# The standard's example events, one minute apart.
TIMED = [{**e, "eventTime": f"2026-05-01T10:0{i}:00.000+08:00"} for i, e in enumerate(EVENTS)]


async def _capture(graph: AsyncDriver, doc: dict[str, Any]) -> tuple[int, int]:
    done = await capture(graph, DATABASE, doc, source="test.json", capture_id="c1")
    return done.events, done.created


async def _counts(graph: AsyncDriver) -> dict[str, int]:
    [row] = await query(
        graph,
        "RETURN COUNT { (:EpcisEvent) } AS events, COUNT { (:Epc) } AS epcs, COUNT { ()-[:WHAT]->() } AS what, "
        "COUNT { ()-[:PARENT]->() } AS parent, COUNT { ()-[:IDENTIFIES]->() } AS identifies",
    )
    return dict(row)


async def test_a_document_is_stored_once_and_mapped(graph: AsyncDriver) -> None:
    await graph.execute_query(GRAPH, database_=DATABASE)
    # 8 events, two of them the same eventID (an event and its error declaration): 7 stored.
    assert await _capture(graph, document(TIMED)) == (7, 7)
    counts = await _counts(graph)
    assert counts == {"events": 7, "epcs": 7, "what": 9, "parent": 2, "identifies": 2}
    mapped = await query(
        graph, "MATCH (x:Epc)-[:IDENTIFIES]->(t) RETURN x.kind AS kind, labels(t)[0] AS label, "
        "coalesce(t.code, t.batchId) AS id ORDER BY kind"
    )  # fmt: skip
    assert mapped == [{"kind": "item", "label": "TraceCode", "id": "QR-1"},
                      {"kind": "lot", "label": "Batch", "id": "B1"}]  # fmt: skip
    # The trace code's history, in time order, with the event declared in error flagged.
    history = await query(
        graph,
        """
        MATCH (:TraceCode {code: 'QR-1'})<-[:IDENTIFIES]-(x:Epc)<-[w]-(ev:EpcisEvent)
        RETURN ev.type AS type, type(w) AS how, ev.bizStep AS step, ev.errorDeclaredAt IS NOT NULL AS inError,
               ev.correctiveEventIds AS corrective
        ORDER BY ev.eventTime
        """,
    )
    assert [h["type"] for h in history] == ["ObjectEvent", "AggregationEvent", "TransactionEvent",
                                             "AssociationEvent", "ObjectEvent"]  # fmt: skip
    declared = [h for h in history if h["inError"]]
    assert declared == [{"type": "ObjectEvent", "how": "WHAT", "step": "shipping", "inError": True,
                         "corrective": ["urn:uuid:fixed-1"]}]  # fmt: skip
    # Captured again: nothing new.
    assert await _capture(graph, document(TIMED)) == (7, 0)
    assert await _counts(graph) == counts


async def test_a_later_error_declaration_marks_the_stored_event(graph: AsyncDriver) -> None:
    assert await _capture(graph, document([EVENTS[0]])) == (1, 1)
    assert await _capture(graph, document([EVENTS[6], EVENTS[7]])) == (2, 1)
    [row] = await query(
        graph,
        "MATCH (ev:EpcisEvent {eventKey: 'ni:///sha-256;aaa?ver=CBV2.0'}) "
        "RETURN ev.bizStep AS step, ev.errorReason AS reason, COUNT { (ev)-[:WHAT]->() } AS what",
    )
    assert row == {"step": "shipping", "reason": "incorrect_data", "what": 2}  # what it said is kept


async def test_one_bad_event_stores_nothing(graph: AsyncDriver) -> None:
    with pytest.raises(DocumentError, match=r"eventList\[3\]\.bizTransactionList"):
        await _capture(graph, _broken(3, bizTransactionList=None))
    assert await _counts(graph) == {"events": 0, "epcs": 0, "what": 0, "parent": 0, "identifies": 0}


async def test_hub_load_takes_documents_beside_the_csv_files(graph: AsyncDriver, tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "in", {"products.csv": "product_id,name,hs_code,gtin\nP1,Cream,330499,\n"}
    )
    (folder / "a.jsonld").write_text(json.dumps(document(TIMED)), encoding="utf-8")
    (folder / "b.json").write_text(json.dumps(_broken(2, parentID=None)), encoding="utf-8")
    (folder / "c.json").write_text('{not json "@context"', encoding="utf-8")
    (folder / "manifest.json").write_text('{"rows": 1}', encoding="utf-8")
    report = tmp_path / "rejects.csv"
    summary = await load_folder(graph, DATABASE, folder, reject_report=report)
    by_file = {f.file: (f.read, f.loaded, f.rejected) for f in summary.files}
    assert by_file == {
        "products.csv": (1, 1, 0),
        "a.jsonld": (7, 7, 0),
        "b.json": (8, 0, 8),
        "c.json": (1, 0, 1),
    }
    assert read_rejects(report) == [
        RowError("b.json", 0, "eventList[2].parentID", "", "required for ADD"),
        RowError("c.json", 0, "(file)", "", "not JSON: Expecting property name enclosed in double quotes "
                 "at line 1 column 2"),
    ]  # fmt: skip
    assert (await _counts(graph))["events"] == 7 and summary.ignored == ["manifest.json"]


async def test_a_job_read_as_interrupted_keeps_its_word(graph: AsyncDriver) -> None:
    # A reader declared the job interrupted ("nothing of it was stored") while its worker was slow:
    # the worker's transaction must then store nothing.
    await create_job(graph, DATABASE, id="slow", behaviour="rollback", key_id="k", agency="A")
    await graph.execute_query(
        "MATCH (j:CaptureJob {captureId: 'slow'}) SET j.running = false", database_=DATABASE
    )
    with pytest.raises(JobGone):
        await store(graph, DATABASE, prepare(document(TIMED)), source="http", capture_id="slow", job="slow")
    assert (await _counts(graph))["events"] == 0
