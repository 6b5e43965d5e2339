"""Recall impact through EPCIS: transformation (ingredient -> product) and aggregation (item -> pallet
-> shipment), with documents loaded through the capture and answers read over HTTP.

The trace graph (tests/factories_trace.py): R-NONE targets batch A3 (lot LA3 of PA, never shipped);
B1 (lot LB1 of PB) travels in S05 (x2) and S08 (x50); B2 (lot LB2) is never shipped.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver

from loaders.epcis.capture import capture
from loaders.load import load_folder
from tests.conftest import DATABASE
from tests.factories_trace import trace_graph
from tests.http import Hub
from tests.hub.test_trace_history import at, document
from tests.loaders.test_load import write_folder

LA3 = "https://id.gs1.org/01/04901234567894/10/LA3"
LB2 = "urn:epc:class:lgtin:4006381.033393.LB2"
LB1 = "https://id.gs1.org/01/04006381333931/10/LB1"


def transformation(minute: str, ident: str, inputs: list[str], outputs: list[str]) -> dict[str, Any]:
    return at(
        minute,
        type="TransformationEvent",
        eventID=ident,
        inputQuantityList=[{"epcClass": c, "quantity": 10, "uom": "KGM"} for c in inputs],
        outputQuantityList=[{"epcClass": c, "quantity": 100} for c in outputs],
        bizStep="commissioning",
    )


IMPACT = """
query($id: ID!) { recall(id: $id) { impact {
  batches { batch { id } }
  shipments(first: 20, sort: ID) { totalCount edges { node { id units recalledBatches { quantity batch { id } } } } }
  totals { batches shipments units } } } }"""


def _impact(hub: Hub, recall: str) -> dict[str, Any]:
    return hub.gql(IMPACT, {"id": recall}).data["recall"]["impact"]  # type: ignore[no-any-return]


async def _load(graph: AsyncDriver, events: list[dict[str, Any]]) -> None:
    await capture(graph, DATABASE, document(events), source="t.jsonld", capture_id="c1")


async def test_a_recall_reaches_what_was_made_from_the_recalled_batch(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    # A3 -> B2 (10:00), B2 -> B1 (11:00): two generations
    steps = [
        transformation("10:00", "urn:uuid:t1", [LA3], [LB2]),
        transformation("11:00", "urn:uuid:t2", [LB2], [LB1]),
    ]
    await _load(graph, steps)
    await _load(graph, steps)  # captured again: the same links
    [row] = (await graph.execute_query(
        "MATCH (a)-[l:TRANSFORMED_INTO]->(b) RETURN collect([a.batchId, b.batchId, l.eventKey]) AS links",
        database_=DATABASE,
    )).records  # fmt: skip
    assert sorted(row["links"]) == [["A3", "B2", "urn:uuid:t1"], ["B2", "B1", "urn:uuid:t2"]]
    impact = _impact(hub, "R-NONE")
    assert [b["batch"]["id"] for b in impact["batches"]] == ["A3", "B1", "B2"]
    assert impact["totals"] == {"batches": 3, "shipments": 2, "units": 52}
    assert [e["node"] for e in impact["shipments"]["edges"]] == [
        {"id": "S05", "units": 2, "recalledBatches": [{"quantity": 2, "batch": {"id": "B1"}}]},
        {"id": "S08", "units": 50, "recalledBatches": [{"quantity": 50, "batch": {"id": "B1"}}]},
    ]  # S05 also carries A2 x5, which R-NONE does not cover
    forward = hub.gql('{ batch(id: "A3") { forwardTrace { totals { batches shipments units } } } }')
    assert forward.data["batch"]["forwardTrace"]["totals"] == {"batches": 3, "shipments": 2, "units": 52}
    # t2 declared in error: B1 is no longer made from B2, and the recall reaches no shipment.
    wrong = {**steps[1], "errorDeclaration": {"declarationTime": "2026-05-02T09:00:00+08:00"}}
    await _load(graph, [wrong])
    assert _impact(hub, "R-NONE")["totals"] == {"batches": 2, "shipments": 0, "units": 0}


async def test_transformation_is_followed_four_generations(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    # A3 -> A2 -> B2 -> A1 -> B1: B1 is the fourth generation after A3 (reached); a fifth is not.
    chain = [LA3, "https://id.gs1.org/01/04901234567894/10/LA2", LB2,
             "https://id.gs1.org/01/04901234567894/10/LA1", LB1]  # fmt: skip
    await _load(graph, [transformation(f"1{i}:00", f"urn:uuid:g{i}", [a], [b]) for i, (a, b) in
                        enumerate(pairwise(chain))])  # fmt: skip
    impact = _impact(hub, "R-NONE")
    assert [b["batch"]["id"] for b in impact["batches"]] == ["A1", "A2", "A3", "B1", "B2"]
    assert [b["batch"]["id"] for b in batch_trace(hub, "A2")] == ["A1", "A2", "B1", "B2"]
    await graph.execute_query(
        "MATCH (p:Product {productId: 'PB'}) CREATE (:Batch {batchId: 'B9', lotCode: 'LB9'})-[:OF_PRODUCT]->(p)",
        database_=DATABASE,
    )
    await _load(
        graph,
        [transformation("19:00", "urn:uuid:g9", [LB1], ["https://id.gs1.org/01/04006381333931/10/LB9"])],
    )
    ids = [b["batch"]["id"] for b in _impact(hub, "R-NONE")["batches"]]
    assert "B9" not in ids  # the fifth generation after A3
    assert "B9" in [b["batch"]["id"] for b in batch_trace(hub, "A2")]  # the fourth after A2


def batch_trace(hub: Hub, batch: str) -> list[dict[str, Any]]:
    reply = hub.gql(
        "query($id: ID!) { batch(id: $id) { forwardTrace { batches { batch { id } } } } }", {"id": batch}
    )
    return reply.data["batch"]["forwardTrace"]["batches"]  # type: ignore[no-any-return]


# Aggregation: two items of A3 (never shipped by CSV) packed in a case on a pallet that travels in S10.
SN31 = "https://id.gs1.org/01/04901234567894/21/SN-31"
SN32 = "urn:epc:id:sgtin:4901234.056789.SN-32"
CASE = "urn:epc:id:sscc:0614141.1234567890"
PALLET = "urn:epc:id:sscc:0614141.2234567890"
CODES = """
MATCH (a3:Batch {batchId: 'A3'})
CREATE (:TraceCode {code: 'QR-A3-31', kind: 'qr', serial: 'SN-31'})-[:LABELS]->(a3)
CREATE (:TraceCode {code: 'QR-A3-32', kind: 'qr', serial: 'SN-32'})-[:LABELS]->(a3)
"""


def agg(minute: str, ident: str, action: str, parent: str, children: list[str]) -> dict[str, Any]:
    event = at(minute, type="AggregationEvent", eventID=ident, action=action, parentID=parent)
    return {**event, "childEPCs": children} if children else event


def shipping(minute: str, ident: str, epc: str, transaction: dict[str, str]) -> dict[str, Any]:
    return at(minute, type="ObjectEvent", eventID=ident, action="OBSERVE", epcList=[epc], bizStep="shipping",
              bizTransactionList=[transaction])  # fmt: skip


PACKED = [
    agg("10:00", "urn:uuid:a1", "ADD", CASE, [SN31, SN32]),
    agg("10:10", "urn:uuid:a2", "ADD", PALLET, [CASE]),
    agg("10:20", "urn:uuid:a3", "DELETE", CASE, [SN32]),  # SN-32 taken out before the pallet ships
]
SHIPPED = shipping("10:30", "urn:uuid:s1", PALLET, {"type": "https://ref.gs1.org/cbv/BTT-desadv", "bizTransaction": "urn:epcglobal:cbv:bt:0614141000005:S10"})  # fmt: skip


async def _carriage(graph: AsyncDriver, shipment: str) -> list[list[Any]]:
    [row] = (await graph.execute_query(
        "MATCH (:Shipment {shipmentId: $s})-[c:CARRIES]->(b) RETURN collect([b.batchId, c.quantity, c.source]) AS c",
        {"s": shipment}, database_=DATABASE,
    )).records  # fmt: skip
    return sorted(row["c"])


async def test_an_item_in_a_case_on_a_pallet_in_a_shipment_is_reached(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    await graph.execute_query(CODES, database_=DATABASE)
    assert _impact(hub, "R-NONE")["totals"] == {"batches": 1, "shipments": 0, "units": 0}
    # The shipping scan first, the packing after (out of order): the same answer.
    await _load(graph, [SHIPPED])
    await _load(graph, PACKED)
    await _load(graph, [*PACKED, SHIPPED])  # again: nothing changes
    assert await _carriage(graph, "S10") == [["A3", 1, "epcis"], ["C1", 7, None]]
    impact = _impact(hub, "R-NONE")
    assert impact["totals"] == {"batches": 1, "shipments": 1, "units": 1}
    assert [e["node"] for e in impact["shipments"]["edges"]] == [
        {"id": "S10", "units": 1, "recalledBatches": [{"quantity": 1, "batch": {"id": "A3"}}]}
    ]
    # Unpacking the pallet after it shipped does not unship it; a shipment's scan later does not add SN-32.
    await _load(graph, [agg("11:00", "urn:uuid:a4", "DELETE", PALLET, [CASE])])
    assert await _carriage(graph, "S10") == [["A3", 1, "epcis"], ["C1", 7, None]]
    # The case was never on the pallet (declared in error): S10 carried none of A3.
    wrong = {**PACKED[1], "errorDeclaration": {"declarationTime": "2026-05-02T09:00:00+08:00"}}
    await _load(graph, [wrong])
    assert await _carriage(graph, "S10") == [["C1", 7, None]]
    assert _impact(hub, "R-NONE")["totals"] == {"batches": 1, "shipments": 0, "units": 0}


async def test_csv_rows_and_epcis_carriage_live_side_by_side(
    graph: AsyncDriver, hub: Hub, tmp_path: Path
) -> None:
    await trace_graph(graph)
    await graph.execute_query(CODES, database_=DATABASE)
    # A bill of lading naming S07 directly (no type prefix in the URN) and a purchase order naming S08 (ignored).
    await _load(graph, [*PACKED[:2], shipping("10:30", "urn:uuid:s2", PALLET, {"type": "bol", "bizTransaction": "S07"}),
                        shipping("10:40", "urn:uuid:s3", PALLET, {"type": "po", "bizTransaction": "S08"})])  # fmt: skip
    assert await _carriage(graph, "S07") == [["A2", 8, None], ["A3", 2, "epcis"]]  # None: the factory's rows
    assert await _carriage(graph, "S08") == [["B1", 50, None]]
    # A CSV reload of S07's rows keeps the derived carriage; a CSV row for the pair takes it over.
    folder = write_folder(
        tmp_path / "in", {"shipment_batches.csv": "shipment_id,batch_id,quantity,unit\nS07,A2,8,pcs\n"}
    )
    await load_folder(graph, DATABASE, folder)
    assert await _carriage(graph, "S07") == [["A2", 8, "shipment_batches.csv"], ["A3", 2, "epcis"]]
    await _load(graph, [agg("10:20", "urn:uuid:a5", "DELETE", CASE, [SN31])])  # taken out before shipping
    assert await _carriage(graph, "S07") == [["A2", 8, "shipment_batches.csv"], ["A3", 1, "epcis"]]
    folder = write_folder(
        tmp_path / "again", {"shipment_batches.csv": "shipment_id,batch_id,quantity,unit\nS07,A3,3,pcs\n"}
    )
    await load_folder(graph, DATABASE, folder)
    await _load(graph, [agg("10:25", "urn:uuid:a6", "DELETE", CASE, [SN32])])  # recomputed: the CSV row stays
    assert await _carriage(graph, "S07") == [
        ["A2", 8, "shipment_batches.csv"],
        ["A3", 3, "shipment_batches.csv"],
    ]
    [page] = [_impact(hub, "R-NONE")["shipments"]["edges"]]
    assert [e["node"]["units"] for e in page] == [3]
