"""bench/peer without Node or Neo4j: the peer's type definitions name our graph, and the
runner's answer normalisation equates the two sides' shapes and catches a difference."""

from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import graphql

from graph_schema.model import Label, Rel

PEER = Path(__file__).resolve().parents[2] / "bench" / "peer"


def _workloads() -> ModuleType:
    """bench/peer/workloads.py (bench/ is scripts, not a package)."""
    if "peer_workloads" in sys.modules:
        return sys.modules["peer_workloads"]
    spec = importlib.util.spec_from_file_location("peer_workloads", PEER / "workloads.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["peer_workloads"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _directives(node: Any, name: str) -> list[dict[str, Any]]:
    return [
        {arg.name.value: graphql.value_from_ast_untyped(arg.value) for arg in d.arguments or ()}
        for d in node.directives or ()
        if d.name.value == name
    ]


def test_type_definitions_parse_and_name_our_labels_and_relationship_types() -> None:
    document = graphql.parse((PEER / "typedefs.graphql").read_text())
    labels, rels = set(), set()
    for definition in document.definitions:
        assert isinstance(definition, graphql.ObjectTypeDefinitionNode)
        for node in _directives(definition, "node"):
            labels.update(node["labels"])
        for field in definition.fields:
            rels.update(r["type"] for r in _directives(field, "relationship"))
    assert labels >= {"Enterprise", "Shipment", "Batch", "Product", "Declaration", "Recall"}
    assert labels <= {label.value for label in Label}
    assert rels >= {"SOLD_BY", "VIA_PLATFORM", "IMPORTED_BY", "HANDLED_BY", "STORED_AT", "CARRIES"}
    assert rels <= {rel.value for rel in Rel}


def test_every_workload_query_parses() -> None:
    for w in _workloads().WORKLOADS:
        graphql.parse(w.hub_query)
        graphql.parse(w.peer_query)


HUB_B = {
    "shipment": {
        "id": "S1",
        "status": "RELEASED",
        "seller": {"id": "E1", "name": "Seller"},
        "platform": None,
        "carried": [
            {"quantity": 2, "unit": "pcs", "batch": {"id": "B2", "product": {"id": "P2", "name": "y"}}},
            {"quantity": 1, "unit": "pcs", "batch": {"id": "B1", "product": {"id": "P1", "name": "x"}}},
        ],
    }
}
PEER_B = {
    "shipments": [
        {
            "shipmentId": "S1",
            "status": "released",
            "seller": {"enterpriseId": "E1", "name": "Seller"},
            "platform": None,
            "carriesConnection": {
                "edges": [
                    {
                        "properties": {"quantity": 1, "unit": "pcs"},
                        "node": {"batchId": "B1", "product": {"productId": "P1", "name": "x"}},
                    },
                    {
                        "properties": {"quantity": 2, "unit": "pcs"},
                        "node": {"batchId": "B2", "product": {"productId": "P2", "name": "y"}},
                    },
                ]
            },
        }
    ]
}


def test_normalisation_equates_the_two_shapes_of_one_answer() -> None:
    w = _workloads()
    assert w.difference(w.normalise("b", HUB_B), w.normalise("b", PEER_B)) is None
    hub_d = {"enterprises": {"edges": [{"node": {"id": "E1", "name": "n", "kind": "SELLER", "shipments": {
        "edges": [{"node": {"id": "S1", "declaredOn": "2026-01-02"}}]}}}]}}  # fmt: skip
    peer_d = {"enterprises": [{"enterpriseId": "E1", "name": "n", "kind": "seller", "sold": [
        {"shipmentId": "S1", "declaredOn": "2026-01-02"}]}]}  # fmt: skip
    assert w.difference(w.normalise("d", hub_d), w.normalise("d", peer_d)) is None
    hub_c = {"recall": {"id": "R1", "impact": {"shipments": {"edges": [{"node": {"id": "S1"}}]}}}}
    peer_c = {"recalls": [{"recallId": "R1", "affectedShipments": [{"shipmentId": "S1"}]}]}
    assert w.difference(w.normalise("c'", hub_c), w.normalise("c'", peer_c)) is None


def test_normalisation_reports_where_the_answers_differ() -> None:
    w = _workloads()
    other = copy.deepcopy(PEER_B)
    other["shipments"][0]["carriesConnection"]["edges"][1]["properties"]["quantity"] = 3
    found = w.difference(w.normalise("b", HUB_B), w.normalise("b", other))
    assert found == "[0].carried[1].quantity: hub 2, peer 3"
    fewer = copy.deepcopy(PEER_B)
    fewer["shipments"][0]["carriesConnection"]["edges"].pop()
    assert w.difference(w.normalise("b", HUB_B), w.normalise("b", fewer)) == (
        "[0].carried: 2 rows on the hub, 1 on the peer"
    )
    renamed = copy.deepcopy(PEER_B)
    renamed["shipments"][0]["seller"] = {"enterpriseId": "E2", "name": "Seller"}
    assert (
        w.difference(w.normalise("b", HUB_B), w.normalise("b", renamed))
        == "[0].seller.id: hub 'E1', peer 'E2'"
    )


def test_the_hub_cursor_starts_the_page_at_the_offset() -> None:
    from hub.data.paging import PageRequest

    w = _workloads()
    assert w.hub_cursor(0) is None
    assert PageRequest.of(20, w.hub_cursor(40), 100).skip == 40
