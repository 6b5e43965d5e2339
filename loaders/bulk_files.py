"""The importer's CSV files for `hub import`: one node file per declared node file, one
relationship file per (input file, relationship type, start label, end label).

Written in the format of Neo4j's offline importer (`neo4j-admin database import
full`): a header naming each column's property and type (`shipmentId:ID(Shipment)`,
`declaredOn:date`, `quantity:long`, `keywords:string[]`), then one line per node or
relationship. An empty cell is no property, as in `hub load` (an empty value is never
written as an empty string: the loader stores no empty strings). Lists use `;`, the
importer's default array delimiter (a list item never holds one: `;` splits it).

The properties are those the write statements of graph_schema.statements set: every
stored column by its property name, plus `source` (the input file) and `loadRun`.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final

from graph_schema.declare import Column, Kind, LinkFile, NodeFile
from graph_schema.model import NATURAL_KEYS, Label

TYPES: Final[dict[Kind, str]] = {
    Kind.INT: ":long",
    Kind.SHARE: ":double",
    Kind.DATE: ":date",
    Kind.BOOL: ":boolean",
    Kind.LIST: ":string[]",
    Kind.DIGITS_LIST: ":string[]",
}
PROVENANCE: Final = ("source", "loadRun")


def _true_false(value: bool) -> str:
    return "true" if value else "false"


def _items(value: list[str]) -> str:
    return ";".join(value)


# How a checked value is written, for the kinds not written as they are (an empty
# cell, None, is written as nothing: the importer sets no property).
CONVERT: Final[dict[Kind, Callable[[Any], Any]]] = {
    Kind.BOOL: _true_false,
    Kind.LIST: _items,
    Kind.DIGITS_LIST: _items,
}


def _header(columns: list[Column]) -> list[str]:
    return [c.property_name + TYPES.get(c.kind, "") for c in columns]


class _Out:
    """One importer CSV file being written."""

    def __init__(self, path: Path, header: list[str]) -> None:
        self.path = path
        self.stream: IO[str] = path.open("w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.stream, lineterminator="\n")
        self.writer.writerow(header)

        self.write: Callable[[list[Any]], object] = self.writer.writerow


@dataclass
class ImporterFiles:
    """The importer files of one run, with what `neo4j-admin database import full` is told."""

    folder: Path
    run: str
    nodes: list[tuple[str, Path]] = field(default_factory=list)  # (label, file)
    relationships: list[tuple[str, Path]] = field(default_factory=list)  # (type, file)
    multiline: bool = False  # some value holds a line break (found by close()): the importer must be told
    _open: dict[tuple[str, ...], _Out] = field(default_factory=dict)

    def node_writer(self, decl: NodeFile) -> NodeWriter:
        key, *rest = decl.columns
        stored = [c for c in rest if c.ref is None and c.stored]
        header = [f"{NATURAL_KEYS[decl.label]}:ID({decl.label.value})", *_header(stored), *PROVENANCE]
        out = self._file(("node", decl.name), f"nodes-{decl.name}", header)
        self.nodes.append((decl.label.value, out.path))
        return NodeWriter(self, decl.name, out, key.name, stored)

    def relationship(self, source: str, rel: str, start: Label, end: Label, props: list[Column]) -> _Out:
        """The relationship file of (source file, type, start label, end label), opened once."""
        ident = ("rel", source, rel, start.value, end.value)
        if ident not in self._open:
            header = [f":START_ID({start.value})", f":END_ID({end.value})", *_header(props), *PROVENANCE]
            name = f"rels-{source}-{rel}-{start.value}-{end.value}"
            self.relationships.append((rel, self._file(ident, name, header).path))
        return self._open[ident]

    def _file(self, ident: tuple[str, ...], name: str, header: list[str]) -> _Out:
        out = _Out(self.folder / (name.replace(".csv", "") + ".csv"), header)
        self._open[ident] = out
        return out

    def close(self) -> None:
        for out in self._open.values():
            out.stream.close()
        self.multiline = any(_multiline(out.path) for out in self._open.values())

    def arguments(self, database: str) -> list[str]:
        """The arguments of `neo4j-admin` (after the command name) that import these files."""
        args = ["database", "import", "full"]
        args += [f"--nodes={label}={path}" for label, path in self.nodes]
        args += [f"--relationships={rel}={path}" for rel, path in self.relationships]
        args += [
            "--overwrite-destination=true",
            f"--multiline-fields={'true' if self.multiline else 'false'}",
            "--bad-tolerance=0",  # every row was checked: any importer reject is a bug, so stop
            f"--report-file={self.folder / 'import.report'}",
            database,
        ]
        return args


class NodeWriter:
    """Writes the node of each accepted row: key, stored columns, provenance."""

    def __init__(self, files: ImporterFiles, source: str, out: _Out, key: str, columns: list[Column]):
        self.emit = out.write
        self.key = key
        self.tail = (source, files.run)
        self.plan = [(c.name, CONVERT.get(c.kind)) for c in columns]

    def write(self, row: dict[str, Any]) -> None:
        cells = [row[self.key]]
        for name, convert in self.plan:
            value = row[name]
            cells.append(value if convert is None or value is None else convert(value))
        cells += self.tail
        self.emit(cells)


def _multiline(path: Path) -> bool:
    """Whether some value of the CSV file at `path` holds a line break.

    Python's csv quotes such a value, so its line holds an odd number of
    quote characters (a quoted value holds an even number, doubled quotes
    included); a carriage return counts too (the importer would split on it).
    Read in large blocks: only a block with a quote is looked at line by line.
    """
    rest = b""
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            if b"\r" in block:
                return True
            block, _, tail = (rest + block).rpartition(b"\n")
            rest = tail
            if b'"' in block and any(line.count(b'"') % 2 for line in block.split(b"\n")):
                return True
    return rest.count(b'"') % 2 == 1


def link_props(decl: LinkFile) -> list[Column]:
    """A link's properties: its key columns first, then its other stored columns."""
    by_name = {c.name: c for c in decl.columns}
    keys = [_renamed(by_name[column], prop) for prop, column in decl.keys]
    key_columns = {column for _, column in decl.keys}
    return keys + [c for c in decl.columns if c.ref is None and c.stored and c.name not in key_columns]


def _renamed(column: Column, prop: str) -> Column:
    return Column(column.name, Kind.STR if column.ref is not None else column.kind, prop=prop)
