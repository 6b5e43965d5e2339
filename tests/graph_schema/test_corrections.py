"""Corrections correct: a reloaded row replaces the single-valued links it carries.

The cases are generated from the declarations (graph_schema.files), so a new
file with a single-valued reference is covered without editing this test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver

from graph_schema.declare import Column, Kind, LinkFile, NodeFile
from graph_schema.files import FILES
from graph_schema.model import NATURAL_KEYS, Label, Rel
from graph_schema.statements import stale_statement
from loaders.load import write_batch
from tests.conftest import DATABASE

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-format.md"
SINGLE: list[tuple[NodeFile, Column]] = [
    (decl, column)
    for decl in FILES
    if isinstance(decl, NodeFile)
    for column in decl.columns
    if column.ref is not None and column.rel is not None and not column.many
]

CREATE = "CREATE (n) SET n:$($label), n[$key] = $value"
# Where the node's edges of one type and direction lead, as (label, key value).
LINKED = """
MATCH (n:$($label)) WHERE n[$key] = $value
RETURN [(n)-[r]->(x) WHERE type(r) = $rel | [labels(x)[0], x[$ends[labels(x)[0]]]]] AS out,
       [(n)<-[r]-(x) WHERE type(r) = $rel | [labels(x)[0], x[$ends[labels(x)[0]]]]] AS in
"""
ENDS = {label.value: key for label, key in NATURAL_KEYS.items()}


def _filler(column: Column) -> Any:
    """A value the statement accepts for a column the case does not vary."""
    if column.kind is Kind.DATE:
        return "2026-01-01"
    if column.kind in (Kind.INT, Kind.SHARE):
        return 1
    if column.kind is Kind.BOOL:
        return True
    if column.kind in (Kind.LIST, Kind.DIGITS_LIST):
        return ["x"]
    if column.values:
        return column.values[0]
    return "x"


async def _write(graph: AsyncDriver, decl: NodeFile, row: dict[str, Any]) -> None:
    async with graph.session(database=DATABASE) as session:
        assert await session.execute_write(write_batch, decl.name, [row], "r") == [], row


async def _linked(graph: AsyncDriver, decl: NodeFile, column: Column, key: str) -> list[list[str]]:
    assert column.rel is not None
    records, _, _ = await graph.execute_query(
        LINKED,
        label=decl.label.value,
        key=NATURAL_KEYS[decl.label],
        value=key,
        rel=column.rel.value,
        ends=ENDS,
        database_=DATABASE,
    )
    [record] = records
    return sorted(record["in" if column.inbound else "out"])


def test_every_single_valued_reference_is_covered() -> None:
    covered = {(d.name, c.name) for d, c in SINGLE}
    assert {("shipments.csv", "seller_id"), ("products.csv", "maker_id"), ("inspections.csv", "target_id"),
            ("ratings.csv", "level_id"), ("filings.csv", "product_id")} <= covered  # fmt: skip
    assert len(covered) >= 24


def test_no_relationship_file_shares_a_single_valued_link() -> None:
    """A relationship file's links are never removed by a node file's correction."""
    single = {(d.label, c.rel, c.inbound) for d, c in SINGLE}
    for decl in FILES:
        if isinstance(decl, LinkFile):
            start = next(c for c in decl.columns if c.name == decl.start)
            end = next(c for c in decl.columns if c.name == decl.end)
            for _, label in start.ref_labels:
                assert (label, decl.rel, False) not in single, decl.name
            for _, label in end.ref_labels:
                assert (label, decl.rel, True) not in single, decl.name


@pytest.mark.parametrize(("decl", "column"), SINGLE, ids=[f"{d.name}:{c.name}" for d, c in SINGLE])
async def test_a_reload_replaces_the_link(graph: AsyncDriver, decl: NodeFile, column: Column) -> None:
    options = column.ref_labels
    first_kind, first_label = options[0]
    last_kind, last_label = options[-1]
    # Every referenced node of every column (OLD and NEW), so the other columns resolve too.
    nodes = {(label, value) for c in decl.columns for _, label in c.ref_labels for value in ("OLD", "NEW")}
    for label, value in sorted(nodes):
        await graph.execute_query(
            CREATE,
            label=label.value,
            key=NATURAL_KEYS[label],
            value=f"{label.value}-{value}",
            database_=DATABASE,
        )

    def row(kind: str | None, label: Label | None, end: str | None) -> dict[str, Any]:
        cells: dict[str, Any] = {"_line": 2}
        for c in decl.columns:
            if c.ref is not None:
                lab = c.ref_labels[0][1]
                cells[c.name] = f"{lab.value}-OLD" if c.required else None
                if isinstance(c.ref, tuple):
                    cells[c.ref[0]] = c.ref_labels[0][0] if c.required else None
            elif c.name not in cells:
                cells[c.name] = _filler(c)
        cells[decl.columns[0].name] = "K1"
        if label is not None:
            cells[column.name] = f"{label.value}-{end}"
            if isinstance(column.ref, tuple):
                cells[column.ref[0]] = kind
        else:
            cells[column.name] = None
            if isinstance(column.ref, tuple):
                cells[column.ref[0]] = None
        return cells

    await _write(graph, decl, row(first_kind, first_label, "OLD"))
    assert await _linked(graph, decl, column, "K1") == [[first_label.value, f"{first_label.value}-OLD"]]

    # The same row again: still one link, to the same node.
    await _write(graph, decl, row(first_kind, first_label, "OLD"))
    assert await _linked(graph, decl, column, "K1") == [[first_label.value, f"{first_label.value}-OLD"]]

    # A correction names another node (of another label when the kind column allows).
    await _write(graph, decl, row(last_kind, last_label, "NEW"))
    assert await _linked(graph, decl, column, "K1") == [[last_label.value, f"{last_label.value}-NEW"]]

    if not column.required:
        # An empty cell in an optional reference removes the link.
        await _write(graph, decl, row(None, None, None))
        assert await _linked(graph, decl, column, "K1") == []


def test_a_single_valued_reference_must_own_its_relationship() -> None:
    decl = NodeFile(
        "x.csv",
        Label.SHIPMENT,
        (
            Column("shipment_id", required=True),
            Column("seller_id", ref=Label.ENTERPRISE, rel=Rel.SOLD_BY),
            Column("other_id", ref=Label.ENTERPRISE, rel=Rel.SOLD_BY, many=True),
        ),
    )
    with pytest.raises(ValueError, match="seller_id shares its relationship"):
        stale_statement(decl)


def test_the_rule_names_every_single_valued_reference() -> None:
    text = DOC.read_text()
    section = text[text.index("## Corrections") : text.index("## Load runs")]
    for decl, column in SINGLE:
        assert f"`{column.name}`" in section, (decl.name, column.name)
