"""`TraceCode.history`: EPCIS events of the item and of the units it travelled in, over HTTP."""

from __future__ import annotations

import copy
from typing import Any

from neo4j import AsyncDriver

from loaders.epcis.capture import capture
from loaders.epcis.document import CONTEXT
from loaders.epcis.identifiers import resolve
from tests.conftest import DATABASE
from tests.factories_trace import trace_graph
from tests.http import ANALYST, PARTNER_SG, Hub

# QR-A1-0001 is serial SN-0001 on batch A1 of product PA (GTIN 4901234567894).
ITEM = "https://id.gs1.org/01/04901234567894/21/SN-0001"
CASE = "urn:epc:id:sscc:0614141.1234567890"
PALLET = "urn:epc:id:sscc:0614141.2234567890"
CASE_KEY = resolve(CASE).key
PALLET_KEY = resolve(PALLET).key


def document(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "@context": [CONTEXT],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-05-01T12:00:00Z",
        "epcisBody": {"eventList": copy.deepcopy(events)},
    }


def at(minute: str, **event: Any) -> dict[str, Any]:
    return {"eventTime": f"2026-05-01T{minute}:00.000+08:00", "eventTimeZoneOffset": "+08:00", **event}


def aggregation(minute: str, action: str, parent: str, children: list[str], ident: str) -> dict[str, Any]:
    return at(
        minute, type="AggregationEvent", eventID=ident, action=action, parentID=parent, childEPCs=children
    )


def observe(minute: str, epc: str, ident: str, **more: Any) -> dict[str, Any]:
    return at(minute, type="ObjectEvent", eventID=ident, action="OBSERVE", epcList=[epc], **more)


EVENTS = [
    observe("09:00", PALLET, "urn:uuid:e-pallet-before"),  # before the item was packed: not listed
    at("10:00", type="ObjectEvent", eventID="urn:uuid:e1", action="ADD", epcList=[ITEM], bizStep="commissioning"),
    aggregation("10:10", "ADD", CASE, [ITEM], "urn:uuid:e2"),
    aggregation("10:20", "ADD", PALLET, [CASE], "urn:uuid:e3"),
    observe("10:30", PALLET, "urn:uuid:e4", bizStep="shipping", disposition="in_transit",
            readPoint={"id": "urn:epc:id:sgln:0614141.00777.0"},
            bizLocation={"id": "https://id.gs1.org/414/0614141008889/254/1"},
            bizTransactionList=[{"type": "desadv", "bizTransaction": "S10"}, {"bizTransaction": "X-9"}]),
    observe("10:40", CASE, "urn:uuid:e5"),
    aggregation("10:50", "DELETE", CASE, [ITEM], "urn:uuid:e6"),
    observe("11:00", PALLET, "urn:uuid:e7"),  # the item is out of the case: not listed
    observe("11:10", ITEM, "urn:uuid:e9", bizStep="receiving"),
    observe("11:20", ITEM, "urn:uuid:e10", bizStep="inspecting"),
]  # fmt: skip
DECLARED = {
    **observe("11:10", ITEM, "urn:uuid:e9", bizStep="receiving"),
    "errorDeclaration": {"declarationTime": "2026-05-02T09:00:00+08:00", "reason": "incorrect_data",
                         "correctiveEventIDs": ["urn:uuid:e10"]},
}  # fmt: skip

HISTORY = """
query($code: String!, $first: Int!, $after: String) {
  traceCode(code: $code) {
    ... on TraceCodeFound { traceCode { history(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { id type action eventTime eventTimeZoneOffset bizStep disposition readPoint bizLocation
        bizTransactions { type id } declaredInError errorReason correctiveEventIds via } } } } }
  }
}"""


async def _load(graph: AsyncDriver, events: list[dict[str, Any]]) -> None:
    await capture(graph, DATABASE, document(events), source="t.jsonld", capture_id="c1")


async def test_history_lists_direct_and_aggregated_events_in_time_order(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    await _load(graph, EVENTS)
    await _load(graph, [DECLARED])  # a later error declaration marks e9
    reply = hub.gql(HISTORY, {"code": "QR-A1-0001", "first": 100})
    history = reply.data["traceCode"]["traceCode"]["history"]
    nodes = [e["node"] for e in history["edges"]]
    assert [(n["id"], n["via"]) for n in nodes] == [
        ("urn:uuid:e1", None),
        ("urn:uuid:e2", None),
        ("urn:uuid:e3", CASE_KEY),  # names the case (inside the pallet from 10:20)
        ("urn:uuid:e4", PALLET_KEY),  # names the pallet (the item is in it through the case)
        ("urn:uuid:e5", CASE_KEY),
        ("urn:uuid:e6", None),
        ("urn:uuid:e9", None),
        ("urn:uuid:e10", None),
    ]
    assert history["totalCount"] == 8 and history["pageInfo"]["hasNextPage"] is False
    shipping = nodes[3]
    assert shipping == {
        "id": "urn:uuid:e4", "type": "ObjectEvent", "action": "OBSERVE", "eventTime": "2026-05-01T10:30:00+08:00",
        "eventTimeZoneOffset": "+08:00", "bizStep": "shipping", "disposition": "in_transit",
        "readPoint": "https://id.gs1.org/414/0614141007776", "bizLocation": "https://id.gs1.org/414/0614141008889/254/1",
        "bizTransactions": [{"type": "desadv", "id": "S10"}, {"type": None, "id": "X-9"}],
        "declaredInError": False, "errorReason": None, "correctiveEventIds": [], "via": PALLET_KEY,
    }  # fmt: skip
    declared = nodes[6]
    assert (declared["declaredInError"], declared["errorReason"], declared["correctiveEventIds"]) == (
        True, "incorrect_data", ["urn:uuid:e10"]
    )  # fmt: skip
    # Pages of 3, following the cursors, give the same list.
    seen: list[str] = []
    after = None
    while True:
        page = hub.gql(HISTORY, {"code": "QR-A1-0001", "first": 3, "after": after}).data
        got = page["traceCode"]["traceCode"]["history"]
        seen += [e["node"]["id"] for e in got["edges"]]
        if not got["pageInfo"]["hasNextPage"]:
            break
        after = got["pageInfo"]["endCursor"]
    assert seen == [n["id"] for n in nodes]


async def test_an_error_declared_aggregation_does_not_put_the_item_in_the_case(
    graph: AsyncDriver, hub: Hub
) -> None:
    await trace_graph(graph)
    await _load(graph, EVENTS[:6])
    wrong = {**EVENTS[2], "errorDeclaration": {"declarationTime": "2026-05-02T09:00:00+08:00"}}
    await _load(graph, [wrong])
    history = hub.gql(HISTORY, {"code": "QR-A1-0001", "first": 100}).data["traceCode"]["traceCode"]["history"]
    assert [(e["node"]["id"], e["node"]["via"]) for e in history["edges"]] == [
        ("urn:uuid:e1", None), ("urn:uuid:e2", None)  # e2 still names the item; e3-e5 no longer reach it
    ]  # fmt: skip


BATCH_HISTORIES = """
{ batch(id: "A1") { traceCodes(first: 20) { edges { node { code
    history(first: 5) { totalCount edges { node { id via } } } } } } } }"""


async def test_statements_do_not_grow_with_codes_and_partners_do_not_get_the_field(
    graph: AsyncDriver, hub: Hub
) -> None:
    await trace_graph(graph)
    await _load(graph, EVENTS)
    one = hub.gql(BATCH_HISTORIES)
    assert len(one.data["batch"]["traceCodes"]["edges"]) == 1
    await graph.execute_query(
        "MATCH (a1:Batch {batchId: 'A1'}) UNWIND range(2, 9) AS i "
        "CREATE (:TraceCode {code: 'QR-A1-000' + i, kind: 'qr', serial: 'SN-000' + i})-[:LABELS]->(a1)",
        database_=DATABASE,
    )
    many = hub.gql(BATCH_HISTORIES)
    codes = many.data["batch"]["traceCodes"]["edges"]
    assert len(codes) == 9 and codes[0]["node"]["history"]["totalCount"] == 8
    assert one.statements == many.statements == 3  # batch, its codes, their histories
    assert hub.gql(BATCH_HISTORIES, key=ANALYST).data == many.data
    refused = hub.gql(BATCH_HISTORIES, key=PARTNER_SG)
    assert "history" in refused.error_messages[0]
