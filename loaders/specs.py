"""The columns of each input file, as the loader checks them, derived from graph_schema.files.

A `Column` says how one cell is checked and typed; a `FileSpec` lists a
file's columns, its cross-column rules as checks, and which columns point at
nodes. The files, their load order and their write statements are declared
once in graph_schema (files.py, statements.py, writes.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from graph_schema.declare import Column, Kind, NotBefore, Rule, Together
from graph_schema.files import FILES
from graph_schema.lifecycle import LIFECYCLES, RecordKind

__all__ = ["SPECS", "Check", "Column", "FileSpec", "Kind", "Row"]

Row = dict[str, Any]
# A cross-column rule: (field, reason) when the row breaks it, else None.
Check = Callable[[Row], tuple[str, str] | None]


@dataclass(frozen=True)
class FileSpec:
    name: str
    columns: tuple[Column, ...]
    checks: tuple[Check, ...] = field(default=())

    @property
    def by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


def not_before(later: str, earlier: str) -> Check:
    """`later` must not be before `earlier` when both are given (ISO strings sort as dates)."""

    def check(row: Row) -> tuple[str, str] | None:
        a, b = row.get(later), row.get(earlier)
        if a is not None and b is not None and a < b:
            return later, f"{later} {a} is before {earlier} {b}"
        return None

    return check


def not_before_else(later: str, earlier: str, otherwise: str) -> Check:
    """`later` not before `earlier` when that is given, else not before `otherwise`."""
    first, second = not_before(later, earlier), not_before(later, otherwise)

    def check(row: Row) -> tuple[str, str] | None:
        return second(row) if row.get(earlier) is None else first(row)

    return check


def together(first: str, second: str) -> Check:
    """Two optional columns that are given together or not at all."""

    def check(row: Row) -> tuple[str, str] | None:
        if row.get(first) is not None and row.get(second) is None:
            return second, f"required when {first} is given"
        if row.get(second) is not None and row.get(first) is None:
            return first, f"required when {second} is given"
        return None

    return check


def _check(rule: Rule) -> Check:
    if isinstance(rule, Together):
        return together(rule.first, rule.second)
    assert isinstance(rule, NotBefore)
    if rule.otherwise:
        return not_before_else(rule.later, rule.earlier, rule.otherwise)
    return not_before(rule.later, rule.earlier)


def allowed_change(row: Row) -> tuple[str, str] | None:
    """A loaded status change follows its kind's declared table (graph_schema.lifecycle)."""
    kind = RecordKind(row["record_kind"])
    life = LIFECYCLES[kind]
    frm, to = row.get("from_status"), row["to_status"]
    if frm is None:
        if to not in life.initial:
            return "to_status", f"a {kind.value} starts as one of {', '.join(sorted(life.initial))}"
        return None
    if (frm, to) not in life.transitions:
        onward = ", ".join(life.allowed_from(frm)) or "nothing"
        return "to_status", f"a {kind.value} goes from {frm} only to: {onward}"
    return None


# Checks beyond the declared column rules: history follows the lifecycle tables.
_EXTRA: Final[dict[str, tuple[Check, ...]]] = {"status_changes.csv": (allowed_change,)}

SPECS: Final[dict[str, FileSpec]] = {
    decl.name: FileSpec(
        decl.name, decl.columns, tuple(_check(r) for r in decl.rules) + _EXTRA.get(decl.name, ())
    )
    for decl in FILES
}
