"""EPCIS 2.0 documents (written from the standard's examples): identifiers and strict checks."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from loaders.epcis.document import CONTEXT, DocumentError, parse_document
from loaders.epcis.identifiers import Epc, IdentifierError, resolve

# (identifier, canonical Digital Link) pairs from GS1 TDS 2.x and Digital Link examples.
IDENTIFIERS = [
    ("urn:epc:id:sgtin:0614141.812345.6789", Epc("item", gtin="80614141123458", serial="6789")),
    ("https://id.gs1.org/01/80614141123458/21/6789", Epc("item", gtin="80614141123458", serial="6789")),
    ("https://example.com/shop/01/80614141123458/21/6789?linkType=all",
     Epc("item", gtin="80614141123458", serial="6789")),
    ("urn:epc:class:lgtin:4012345.012345.998877", Epc("lot", gtin="04012345123456", lot="998877")),
    ("https://id.gs1.org/01/04012345123456/10/998877", Epc("lot", gtin="04012345123456", lot="998877")),
    ("urn:epc:idpat:sgtin:4012345.012345.*", Epc("product", gtin="04012345123456")),
    ("https://id.gs1.org/01/4012345123456", Epc("product", gtin="04012345123456")),
    ("urn:epc:id:sscc:0614141.1234567890", Epc("unit", sscc="106141412345678908")),
    ("https://id.gs1.org/00/106141412345678908", Epc("unit", sscc="106141412345678908")),
    ("urn:epc:id:sgln:0614141.00777.0", Epc("location", gln="0614141007776")),
    ("urn:epc:id:sgln:0614141.00888.1", Epc("location", gln="0614141008889", extension="1")),
    ("https://id.gs1.org/414/0614141008889/254/1", Epc("location", gln="0614141008889", extension="1")),
    ("urn:epc:id:sgtin:0614141.812345.ab%2Fc", Epc("item", gtin="80614141123458", serial="ab/c")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), IDENTIFIERS)
def test_urns_and_digital_links_resolve_to_one_form(text: str, expected: Epc) -> None:
    assert resolve(text) == expected


def test_canonical_key() -> None:
    assert (
        resolve("urn:epc:id:sgtin:0614141.812345.6789").key == "https://id.gs1.org/01/80614141123458/21/6789"
    )
    assert resolve("urn:epc:id:sgln:0614141.00888.1").key == "https://id.gs1.org/414/0614141008889/254/1"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("https://id.gs1.org/01/80614141123459/21/6789", "wrong check digit"),
        ("https://id.gs1.org/00/10614141234567890", "SSCC has 17 digits"),
        ("urn:epc:id:sgtin:0614141.81234.6789", "13 digits together"),
        ("urn:epc:id:grai:0614141.12345.400", "not an EPC URN"),
        ("https://id.gs1.org/01/80614141123458/99/x", "qualifier '99' is not allowed"),
        ("https://example.com/products/42", "no GS1 primary key"),
        ("QR-1", "neither an EPC URN"),
        ("urn:" + "x" * 600, "longer than 500 characters"),
    ],
)
def test_bad_identifiers_say_why(text: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        resolve(text)


WHEN = {"eventTime": "2026-05-01T10:00:00.000+08:00", "eventTimeZoneOffset": "+08:00"}
SHIP = {"bizStep": "shipping", "disposition": "in_transit",
        "readPoint": {"id": "urn:epc:id:sgln:0614141.00777.0"},
        "bizLocation": {"id": "https://id.gs1.org/414/0614141008889/254/1"}}  # fmt: skip
EVENTS: list[dict[str, Any]] = [
    {"type": "ObjectEvent", "eventID": "ni:///sha-256;aaa?ver=CBV2.0", **WHEN, "action": "OBSERVE",
     "epcList": ["urn:epc:id:sgtin:0614141.812345.6789", "https://id.gs1.org/01/80614141123458/21/6790"],
     **SHIP},
    {"type": "ObjectEvent", **WHEN, "action": "ADD", "bizStep": "https://ref.gs1.org/cbv/BizStep-commissioning",
     "quantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.012345.998877", "quantity": 200, "uom": "KGM"}]},
    {"type": "AggregationEvent", **WHEN, "action": "ADD", "parentID": "urn:epc:id:sscc:0614141.1234567890",
     "childEPCs": ["urn:epc:id:sgtin:0614141.812345.6789"], "bizStep": "https://ref.gs1.org/cbv/BizStep-packing"},
    {"type": "TransactionEvent", **WHEN, "action": "ADD",
     "bizTransactionList": [{"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:0614141073467:PO-1"}],
     "epcList": ["urn:epc:id:sgtin:0614141.812345.6789"]},
    {"type": "TransformationEvent", **WHEN,
     "inputQuantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.012345.998877", "quantity": 10}],
     "outputEPCList": ["urn:epc:id:sgtin:0614141.812345.7000"], "bizStep": "commissioning"},
    {"type": "AssociationEvent", **WHEN, "action": "ADD", "parentID": "urn:epc:id:sgln:0614141.00777.0",
     "childEPCs": ["urn:epc:id:sgtin:0614141.812345.6789"]},
    {"type": "ObjectEvent", "eventID": "ni:///sha-256;aaa?ver=CBV2.0", **WHEN, "action": "OBSERVE",
     "epcList": ["urn:epc:id:sgtin:0614141.812345.6789"],
     "errorDeclaration": {"declarationTime": "2026-05-02T09:00:00+08:00", "reason": "incorrect_data",
                          "correctiveEventIDs": ["urn:uuid:fixed-1"]}},
    {"type": "ObjectEvent", "eventID": "urn:uuid:fixed-1", **WHEN, "action": "OBSERVE",
     "epcList": ["urn:epc:id:sgtin:0614141.812345.6789"], **SHIP},
]  # fmt: skip


def document(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "@context": [CONTEXT, {"example": "https://ns.example.com/epcis/"}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-05-01T10:05:00Z",
        "epcisBody": {"eventList": copy.deepcopy(events)},
    }


def test_every_event_type_parses() -> None:
    events = parse_document(document(EVENTS))
    assert [e.type for e in events] == [e["type"] for e in EVENTS]
    first = events[0]
    assert [e.key for e in first.epcs["epcList"]] == [
        "https://id.gs1.org/01/80614141123458/21/6789", "https://id.gs1.org/01/80614141123458/21/6790"
    ]  # fmt: skip
    assert (first.biz_step, first.disposition) == ("shipping", "in_transit")
    assert first.read_point == Epc("location", gln="0614141007776")
    assert events[1].biz_step == "commissioning" and events[2].biz_step == "packing"
    assert events[2].parent == Epc("unit", sscc="106141412345678908")
    assert events[3].biz_transactions == [("po", "urn:epcglobal:cbv:bt:0614141073467:PO-1")]
    assert events[4].action is None and events[4].epcs["inputQuantityList"][0].kind == "lot"
    assert events[6].error_declaration == {
        "declarationTime": "2026-05-02T09:00:00+08:00", "reason": "incorrect_data",
        "correctiveEventIDs": ["urn:uuid:fixed-1"],
    }  # fmt: skip


def _broken(index: int, **changes: Any) -> dict[str, Any]:
    events = copy.deepcopy(EVENTS)
    events[index].update(changes)
    for name, value in changes.items():
        if value is None:
            del events[index][name]
    return document(events)


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (_broken(0, action="MOVE"), "eventList[0] (ni:///sha-256;aaa?ver=CBV2.0).action: 'MOVE' is not one of"),
        (_broken(1, eventTime="2026-05-01T10:00:00"), "eventList[1].eventTime: required, an ISO 8601"),
        (_broken(2, parentID=None), "eventList[2].parentID: required for ADD"),
        (_broken(3, bizTransactionList=None), "eventList[3].bizTransactionList: required by the EPCIS JSON"),
        (_broken(4, action="ADD"), "eventList[4].action: a TransformationEvent has no action"),
        (_broken(5, childEPCs=["urn:epc:id:sgtin:0614141.812345"]), "eventList[5].childEPCs[0]: "),
        (_broken(0, bizLocation={"id": "urn:epc:id:sgtin:0614141.812345.1"}),
         "eventList[0] (ni:///sha-256;aaa?ver=CBV2.0).bizLocation.id: is not a location"),
        (_broken(7, bizStep="Shipping Now"), "eventList[7] (urn:uuid:fixed-1).bizStep: not a CBV term"),
        (_broken(6, eventID=None), "eventList[6].eventID: an error declaration must name"),
        (_broken(0, type="SensorEvent"), "eventList[0] (ni:///sha-256;aaa?ver=CBV2.0).type: must be one of"),
        ({**document(EVENTS), "@context": "https://example.com/ctx"}, "document.@context: must include"),
        ({**document(EVENTS), "schemaVersion": "1.2"}, "document.schemaVersion: must be 2.0"),
    ],
)  # fmt: skip
def test_one_bad_event_rejects_the_document_naming_event_and_field(doc: dict[str, Any], message: str) -> None:
    with pytest.raises(DocumentError) as caught:
        parse_document(doc)
    assert str(caught.value).startswith(message), str(caught.value)
