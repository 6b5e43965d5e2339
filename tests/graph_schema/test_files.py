"""The file declarations: docs/data-format.md agrees with them; statements take only plain names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph_schema.declare import Column, LinkFile, NodeFile
from graph_schema.files import FILES
from graph_schema.model import Label, Rel
from graph_schema.statements import statement
from graph_schema.writes import LOAD_ORDER, WRITES
from loaders.specs import SPECS

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-format.md"
ROW = re.compile(r"^\| (\d+) \| `([a-z_]+\.csv)` \| (.*) \|$")


def _doc_rows() -> list[tuple[str, str]]:
    return [(m[2], m[3]) for line in DOC.read_text().splitlines() if (m := ROW.match(line))]


def _doc_columns(cell: str) -> list[tuple[str, bool]]:
    """(column, required) as the table lists them; value lists and arrows are left out."""
    plain = re.sub(r"\([^)]*\)", "", cell)
    plain = re.sub(r"->\s*\w+(\s+or\s+\w+)?", "", plain)
    names = [part.strip() for part in plain.split(",")]
    return [(n.strip("*"), n.startswith("**")) for n in names if n]


def test_the_documented_table_is_the_declarations() -> None:
    rows = _doc_rows()
    assert [name for name, _ in rows] == list(LOAD_ORDER) == [d.name for d in FILES]
    for (name, cell), decl in zip(rows, FILES, strict=True):
        assert _doc_columns(cell) == [(c.name, c.required) for c in decl.columns], name
        for column in decl.columns:
            for _, label in column.ref_labels:
                assert f"-> {label.value}" in cell or f"or {label.value}" in cell, (name, column.name)


def test_loader_specs_and_statements_come_from_the_declarations() -> None:
    assert tuple(SPECS) == LOAD_ORDER
    for decl in FILES:
        assert SPECS[decl.name].columns == decl.columns
        text = WRITES[decl.name]
        refs = [c for c in decl.columns if c.ref is not None]
        for column in refs:
            for _, label in column.ref_labels:
                assert f":{label.value} {{" in text, (decl.name, column.name)
            if column.rel is not None:
                assert f":{column.rel.value}]" in text, (decl.name, column.name)
        if isinstance(decl, NodeFile):
            assert f"MERGE (n:{decl.label.value} {{" in text
        else:
            assert f":{decl.rel.value}" in text and {decl.start, decl.end} <= {c.name for c in refs}


def test_each_reference_is_single_or_multi_valued_as_declared() -> None:
    many = {(d.name, c.name) for d in FILES for c in d.columns if c.many}
    assert many == {("arrangements.csv", "agency_a"), ("arrangements.csv", "agency_b")}
    assert all(isinstance(d, LinkFile) or d.columns[0].required for d in FILES)


@pytest.mark.parametrize("bad", ["seller id", "x}) DETACH DELETE n //", "naïve"])
def test_a_name_that_is_not_a_plain_identifier_is_refused(bad: str) -> None:
    decl = NodeFile("x.csv", Label.PRODUCT, (Column("product_id", required=True), Column(bad)))
    with pytest.raises(ValueError, match="not a plain identifier"):
        statement(decl)
    link = LinkFile(
        "y.csv", "a", Rel.OWNS, "b", (Column("a", ref=Label.PERSON), Column(bad, ref=Label.BATCH))
    )
    with pytest.raises(ValueError, match="not a plain identifier"):
        statement(link)
