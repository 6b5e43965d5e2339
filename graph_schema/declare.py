"""The vocabulary in which each input file is declared once (see graph_schema.files).

A declaration names the file's columns with their types, the label and key it
writes, and the references it makes (label, relationship type, direction,
single- or multi-valued). From it come the write statement
(graph_schema.statements), the loader's row validation (loaders.specs) and the
table of docs/data-format.md (checked by a test).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, LiteralString

from graph_schema.model import Label, Rel


class Kind(Enum):
    STR = "str"
    INT = "int"  # non-negative integer, at least Column.minimum
    SHARE = "share"  # decimal fraction in (0, 1]
    DATE = "date"  # YYYY-MM-DD, kept as that string, stored with date()
    BOOL = "bool"  # true / false
    ENUM = "enum"  # one of Column.values
    LIST = "list"  # ';'-separated; items checked against Column.values when given
    DIGITS_LIST = "digits_list"  # ';'-separated digit strings (HS prefixes)
    IDENTIFIER = "identifier"  # checked by loaders.identifiers under Column.identifier


@dataclass(frozen=True)
class Column:
    """One column: how its cell is typed and checked, and what it becomes in the graph.

    A plain column is stored as a property (`prop`, by default the column name
    in camelCase); a column with `ref` names a node by its natural key instead:
    the label, or (kind column, {kind value: label}) when a kind column says
    which. `rel` is the relationship the reference makes from the file's node
    (`inbound`: towards it); None when the reference is only looked up.
    `many` marks a multi-valued reference: a node may hold many such edges.
    A single-valued one (the default) holds at most one.
    """

    name: str
    kind: Kind = Kind.STR
    required: bool = False
    values: tuple[str, ...] = ()
    identifier: str = ""
    minimum: int = 0
    ref: Label | tuple[str, Mapping[str, Label]] | None = None
    rel: Rel | None = None
    inbound: bool = False
    many: bool = False
    stored: bool = True
    prop: str = ""

    def ref_label(self, row: Mapping[str, Any]) -> Label | None:
        if self.ref is None or isinstance(self.ref, Label):
            return self.ref
        kind_column, labels = self.ref
        return labels.get(str(row.get(kind_column)))

    @property
    def ref_labels(self) -> tuple[tuple[str | None, Label], ...]:
        """(kind value or None, label) for each label the reference may name."""
        if self.ref is None:
            return ()
        if isinstance(self.ref, Label):
            return ((None, self.ref),)
        return tuple(self.ref[1].items())

    @property
    def property_name(self) -> str:
        return self.prop or re.sub(r"_([a-z])", lambda m: m.group(1).upper(), self.name)


@dataclass(frozen=True)
class NotBefore:
    """`later` is not before `earlier` when both are given (else `otherwise`, when given)."""

    later: str
    earlier: str
    otherwise: str = ""


@dataclass(frozen=True)
class Together:
    """Two optional columns given together or not at all."""

    first: str
    second: str


Rule = NotBefore | Together


@dataclass(frozen=True)
class NodeFile:
    """A file of nodes: MERGE on `label` by its natural key, read from the first column.

    `statement`, when given, replaces the derived write statement for a file
    whose rows are not a plain MERGE-and-SET (screening rules: append-only
    versions keyed by rule and version number, see graph_schema.rules_writes);
    the columns still drive the loader's checks and the docs table.
    """

    name: str
    label: Label
    columns: tuple[Column, ...]
    rules: tuple[Rule, ...] = field(default=())
    statement: LiteralString = ""


@dataclass(frozen=True)
class LinkFile:
    """A file of relationships: (start)-[rel]->(end), both ends by natural key.

    Links are multi-valued: each row adds one (a recall's many targets). `keys`
    are (property, column) pairs that tell two links between the same ends
    apart (a director's role); the other stored columns are the link's
    properties (`since`/`until` make it a dated link).
    """

    name: str
    start: str
    rel: Rel
    end: str
    columns: tuple[Column, ...]
    keys: tuple[tuple[str, str], ...] = ()
    rules: tuple[Rule, ...] = field(default=())


FileDecl = NodeFile | LinkFile
