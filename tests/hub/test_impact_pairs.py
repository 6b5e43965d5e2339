"""Recall impact's page counts the same (batch, shipment) pairs as the CSV export, in every sort.

The date and id sorts read the covered carriages of the page's rows only, the
quantity sorts aggregate every shipment's before the cut (hub/data/impact.py
_page); both follow the recall pair rule the export uses (impact.REACHED,
impact.RECALL_PAIR). On the trace graph plus a recall of one shipment, a
recall of two shipments and a batch (S05 also carries that batch) and a
transformation (C1 made from A1), every sort must give, per shipment, the
units and recalled batches of the export's rows.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from typing import Any

from neo4j import AsyncDriver

from hub.auth import Principal, Role
from hub.data.exports import ExportSort, csv_chunks
from tests.factories_trace import RECALL_SHAPES, trace_graph
from tests.http import Hub

PAGE = """query($id: ID!, $sort: ImpactSort) { recall(id: $id) { id impact { shipments(first: 50, sort: $sort) {
  totalCount edges { node { id units recalledBatches { quantity batch { id } } seller { id name } } } } } } }"""
REGULATOR = Principal("t-reg", Role.REGULATOR, "AG-CN-GACC")


async def _export(graph: AsyncDriver, recall: str) -> dict[str, list[tuple[str, int]]]:
    text = "".join([c async for c in csv_chunks(graph, "neo4j", 60.0, REGULATOR, recall, ExportSort.ID)])
    pairs: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for row in list(csv.reader(io.StringIO(text)))[1:]:
        pairs[row[1]].append((row[3], int(row[8])))
    return {s: sorted(p) for s, p in pairs.items()}


def _page(reply: dict[str, Any]) -> dict[str, list[tuple[str, int]]]:
    found = {}
    for edge in reply["recall"]["impact"]["shipments"]["edges"]:
        node = edge["node"]
        batches = sorted((b["batch"]["id"], b["quantity"]) for b in node["recalledBatches"])
        assert node["units"] == sum(q for _, q in batches)
        found[node["id"]] = batches
    return found


async def test_every_sort_counts_the_export_pairs(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    await graph.execute_query(RECALL_SHAPES)
    for recall in ("R-PROD", "R-BATCH", "R-SHIP", "R-MIX", "R-NONE"):
        expected = await _export(graph, recall)
        for sort in ("DECLARED_ON_DESC", "DECLARED_ON", "QUANTITY_DESC", "QUANTITY", "ID"):
            reply = hub.gql(PAGE, {"id": recall, "sort": sort}).data
            assert _page(reply) == expected, (recall, sort)
            assert reply["recall"]["impact"]["shipments"]["totalCount"] == len(expected)
    # By hand: R-MIX covers B1 whole but A1 and A2 on S02 and S05 only; R-PROD reaches C1 (made from A1).
    mix = await _export(graph, "R-MIX")
    assert sorted(mix) == ["S02", "S05", "S08"] and [b for b, _ in mix["S05"]] == ["A2", "B1"]
    assert sorted(await _export(graph, "R-SHIP")) == ["S05"]
    assert any(b == "C1" for b, _ in (await _export(graph, "R-PROD"))["S10"])


async def test_an_unknown_or_invisible_recall_is_null_in_one_statement(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    reply = hub.gql(PAGE, {"id": "R-NOPE", "sort": "ID"})
    assert reply.data == {"recall": None}
    assert reply.statements == 1  # the page statement says the recall is not there; nothing else runs
