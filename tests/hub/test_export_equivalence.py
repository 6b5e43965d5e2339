"""The recall export of issue 13 D gives the same bytes as the export it replaced.

The statement before issue 13 D (one row list of the whole export, a pattern per
row deciding which recalled batches count on which shipment, every cell checked
for formulas in Python) is kept here as the reference: for every role, sort and
recall of a fixture graph with shipment targets, a transformation and hostile
cells, both give the same CSV text.
"""

from __future__ import annotations

import csv
import io
import random
from typing import Any, LiteralString

import neo4j
import pytest
from neo4j import AsyncDriver

from hub.auth import Principal, Role
from hub.data import exports, impact, shipments, visibility
from hub.data.exports import COLUMNS, ExportSort, csv_chunks, csv_text, safe_rows
from runtime.db import STATEMENTS_SENT, used_params
from tests.factories_trace import RECALL_SHAPES, trace_graph

# Recall impact's scope and pair rule before they were decided once per batch (kept as the reference).
_OLD_SCOPE: LiteralString = (
    "MATCH (r:Recall {recallId: $id}) WHERE "
    + visibility.RECALL_SCOPE
    + " CALL (r) { MATCH (r)-[:TARGETS]->(:Batch)"
    + impact.MADE_FROM
    + "(b:Batch) RETURN b"
    " UNION MATCH (r)-[:TARGETS]->(:Product)<-[:OF_PRODUCT]-(:Batch)"
    + impact.MADE_FROM
    + "(b:Batch) RETURN b"
    " UNION MATCH (r)-[:TARGETS]->(:Shipment)-[:CARRIES]->(b:Batch) RETURN b }"
)
_OLD_PAIR: LiteralString = (
    " AND (NOT EXISTS { (:Recall {recallId: $id})-[:TARGETS]->(:Shipment) }"
    " OR EXISTS { (:Recall {recallId: $id})-[:TARGETS]->(s) }"
    " OR EXISTS { (:Recall {recallId: $id})-[:TARGETS]->(:Batch)" + impact.MADE_FROM + "(b) }"
    " OR EXISTS { (:Recall {recallId: $id})-[:TARGETS]->(:Product)<-[:OF_PRODUCT]-(:Batch)"
    + impact.MADE_FROM
    + "(b) })"
)


def _old(sort: ExportSort) -> LiteralString:
    key, order = exports._ORDERS[sort]
    return (
        _OLD_SCOPE + " OPTIONAL MATCH (b)-[:OF_PRODUCT]->(p:Product)"
        " WITH b, [b.batchId, b.lotCode, p.productId, p.name, p.gtin] AS bcols"
        " MATCH (b)<-[c:CARRIES]-(s:Shipment) WHERE "
        + visibility.PARCELS
        + _OLD_PAIR
        + " WITH bcols, c, s, "
        + key
        + " AS key ORDER BY "
        + order
        + " WITH bcols, c, s, "
        + impact.LINKS
        + " AS links WITH bcols, c, s, "
        + impact.pick("SOLD_BY")
        + " AS seller, "
        + impact.pick("VIA_PLATFORM")
        + " AS platform, "
        + impact.pick("IMPORTED_BY")
        + " AS importer, "
        + impact.pick("HANDLED_BY")
        + " AS logistics, "
        + impact.pick("STORED_AT")
        + " AS warehouse, "
        + impact.pick("DECLARED_IN")
        + " AS d WITH collect([$id, s.shipmentId, s.waybill, bcols[0], bcols[1], bcols[2],"
        " bcols[3], bcols[4], c.quantity, c.unit, s.direction, s.mode, s.status, "
        + shipments.STAGE
        + ", s.originCountry, s.consigneeRegion, s.port, toString(s.declaredOn),"
        " toString(s.releasedOn), toString(s.deliveredOn), d.declarationId, d.number,"
        " seller.enterpriseId, seller.name, platform.enterpriseId, platform.name,"
        " importer.enterpriseId, importer.name, logistics.enterpriseId, logistics.name,"
        " warehouse.enterpriseId, warehouse.name]) AS rows"
        " UNWIND range(0, size(rows) - 1, $chunk) AS i RETURN rows[i..i + $chunk] AS rows"
    )


async def _old_csv(driver: AsyncDriver, who: Principal, recall: str, sort: ExportSort) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    statement = _old(sort)
    params = {"id": recall, "chunk": 1000, **who.cypher_params()}
    async with driver.session(default_access_mode=neo4j.READ_ACCESS) as session:
        result = await session.run(statement, used_params(statement, params))
        async for record in result:
            writer.writerows(safe_rows(record[0]))
    return buffer.getvalue()


async def _new_csv(driver: AsyncDriver, who: Principal, recall: str, sort: ExportSort) -> str:
    return "".join([chunk async for chunk in csv_chunks(driver, "neo4j", 60.0, who, recall, sort)])


# Shipment targets (a batch counts on the targeted shipments only, unless also targeted
# whole), a transformation (C1 made from A1), and cells a spreadsheet would run.
EXTRA = (
    RECALL_SHAPES
    + """WITH 1 AS one
MATCH (se:Enterprise {enterpriseId: 'SE1'}) SET se.name = '=HYPERLINK("http://x")'
WITH 1 AS one
MATCH (s:Shipment {shipmentId: 'S03'}) SET s.port = '-1', s.waybill = '\\rW3', s.consigneeRegion = '@x'
WITH 1 AS one
MATCH (p:Product {productId: 'PA'}) SET p.name = 'Cream, "fresh"\nline two'
WITH 1 AS one
MATCH (b:Batch {batchId: 'A2'}) SET b.lotCode = '\\tLA2'
WITH 1 AS one
MATCH (:Shipment {shipmentId: 'S07'})-[c:CARRIES]->() SET c.quantity = -8
"""
)
ROLES = [
    Principal("t-reg", Role.REGULATOR, "AG-CN-GACC"),
    Principal("t-ana", Role.ANALYST, "AG-CN-SAMR"),
    Principal("t-adm", Role.ADMIN, "AG-CN-GACC"),
    Principal("t-par", Role.PARTNER, "AG-SG-SC"),
]
RECALLS = ["R-PROD", "R-BATCH", "R-NONE", "R-SHIP", "R-MIX", "R-NOPE"]


async def test_new_export_equals_the_old_for_every_role_sort_and_recall(graph: AsyncDriver) -> None:
    await trace_graph(graph)
    await graph.execute_query(EXTRA)
    seen_rows = 0
    for who in ROLES:
        for sort in ExportSort:
            for recall in RECALLS:
                old = await _old_csv(graph, who, recall, sort)
                new = await _new_csv(graph, who, recall, sort)
                assert new == old, (who.role, sort, recall)
                seen_rows += old.count("\r\n") - 1  # quoted cells hold "\n" but never "\r\n"
    # the comparison covered real rows (partners get the header only)
    assert seen_rows > 3 * len(ExportSort) * 20
    rows = list(csv.reader(io.StringIO(await _new_csv(graph, ROLES[0], "R-MIX", ExportSort.ID))))
    assert [(r[1], r[3]) for r in rows[1:]] == [("S02", "A1"), ("S02", "A2"), ("S05", "A2"), ("S05", "B1"),
                                                ("S08", "B1")]  # fmt: skip
    prod = list(csv.reader(io.StringIO(await _new_csv(graph, ROLES[0], "R-PROD", ExportSort.ID))))
    assert ("S10", "C1") in [(r[1], r[3]) for r in prod[1:]]  # made from A1
    s03 = next(r for r in prod[1:] if r[1] == "S03")
    assert (s03[2], s03[15], s03[16], s03[4]) == ("'\rW3", "'@x", "'-1", "'\tLA2")
    assert s03[6] == 'Cream, "fresh"\nline two'
    s07 = next(r for r in prod[1:] if r[1] == "S07")
    assert s07[8] == "-8"  # numbers are never quoted


async def test_chunks_stream_in_one_statement(graph: AsyncDriver, monkeypatch: pytest.MonkeyPatch) -> None:
    await trace_graph(graph)
    who = ROLES[0]
    whole = await _new_csv(graph, who, "R-PROD", ExportSort.DECLARED_ON)
    monkeypatch.setattr(exports, "CHUNK", 2)
    before = STATEMENTS_SENT[0]
    pieces = [
        chunk async for chunk in csv_chunks(graph, "neo4j", 60.0, who, "R-PROD", ExportSort.DECLARED_ON)
    ]
    assert STATEMENTS_SENT[0] - before == 1  # 9 rows in 5 records: one statement
    assert len(pieces) == 1 + 5 and "".join(pieces) == whole


def _cells() -> list[Any]:
    return ["=1", "+1", "-1", "@x", "\tx", "\rx", '"=x', "a,=b", "x\r\ny", "", None, -5, 2.5, "plain", '"q"',
            1, True, 1.0, "1", "a\nb", 'say "hi"', "\r", "召回, 1", [1, "a,b"]]  # fmt: skip


def _csv_module(rows: list[list[Any]]) -> str:
    expected = io.StringIO()
    csv.writer(expected, lineterminator="\r\n").writerows(safe_rows(rows))
    return expected.getvalue()


def test_csv_text_is_what_the_csv_module_writes_with_the_formula_rule() -> None:
    for cell in _cells():
        for at in (0, 1, 4):
            row: list[Any] = ["a", "b", "c", "d", "e"]
            row[at] = cell
            for rows in ([row], [["x"] * 5, row], [row, ["y", None, "z", "w", None]], [row, row]):
                assert csv_text(rows) == _csv_module(rows), (cell, at)
    # the same values in one chunk: 1, True and 1.0 are equal dict keys but are written "1", "True", "1.0"
    mixed = [[1, True, 1.0, "1"], [True, 1.0, "1", 1], ["1", 1, True, 1.0]]
    assert csv_text(mixed) == _csv_module(mixed) == "1,True,1.0,1\r\nTrue,1.0,1,1\r\n1,1,True,1.0\r\n"
    # rows of one cell: an empty one is written "" so that it reads back as a cell
    for lone in ([[""]], [[None]], [["=x"]], [[]], [["a"], [""], [None, None]]):
        assert csv_text(lone) == _csv_module(lone), lone
    assert csv_text([COLUMNS]) == ",".join(COLUMNS) + "\r\n" and csv_text([]) == ""


def test_csv_text_matches_the_csv_module_on_random_hostile_chunks() -> None:
    # Cells drawn from formula starts, quoting characters, text and numbers, repeating
    # within a chunk as real exports do (the per-chunk cache must never serve a wrong text).
    rng = random.Random(13)
    alphabet = ["=", "+", "-", "@", "\t", "\r", "\n", ",", '"', "'", " ", "a", "Z", "1", "召"]
    pool: list[Any] = [None, 0, 1, -1, 2.5, -0.0, True, False, 10**20, 1e20]
    pool += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(300)]
    for _ in range(40):
        width = rng.choice([1, 2, 5, 32])
        rows = [[rng.choice(pool) for _ in range(width)] for _ in range(rng.randint(0, 60))]
        assert csv_text(rows) == _csv_module(rows), rows
