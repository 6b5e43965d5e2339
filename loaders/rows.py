"""One CSV row in, a typed row (or the reasons it is wrong) out.

A typed row is a dict keyed by the file's column names, plus `_line`: the
map that graph_schema.writes expects. Every column of the spec is present;
an empty or absent cell is None.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from loaders.identifiers import identifier_problem
from loaders.specs import Column, FileSpec, Kind, Row

ROW_FIELD: Final = "(row)"  # the field of an error about the whole row
_SHARE: Final = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)")
_HS_PREFIX: Final = re.compile(r"\d{1,10}")


@dataclass(frozen=True, slots=True)
class RowError:
    """Why one row of one file was rejected."""

    file: str
    line: int
    field: str
    value: str
    reason: str


MAX_ECHO: Final = 80  # characters of an input value repeated in a message
MAX_PROBLEMS: Final = 5  # header problems listed before "and N more"


def short(text: str, limit: int = MAX_ECHO) -> str:
    """`text` cut to `limit` characters, saying how much was cut: messages stay one short line."""
    text = text.replace("\r", " ").replace("\n", " ")
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


class Invalid(ValueError):
    """A cell's value is wrong; `reason` says why in words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


Convert = Callable[[str], Any]


def _is_digits(raw: str) -> bool:
    return raw.isascii() and raw.isdigit()


def _integer(minimum: int) -> Convert:
    def convert(raw: str) -> int:
        if not _is_digits(raw) or int(raw) < minimum:
            raise Invalid(f"{raw!r} is not an integer >= {minimum}")
        return int(raw)

    return convert


def _share(raw: str) -> float:
    if _SHARE.fullmatch(raw) is None or not 0 < float(raw) <= 1:
        raise Invalid(f"{raw!r} is not a share in (0, 1], e.g. 0.6")
    return float(raw)


# Dates already found valid: a load folder names a few thousand distinct days in millions of
# cells, and the check below is a tenth of a bulk import's check step. Bounded (a hostile
# file of distinct dates stops adding to it) so that memory stays flat.
_VALID_DATES: Final[set[str]] = set()
_MAX_VALID_DATES: Final = 100_000


def _date(raw: str) -> str:
    if raw in _VALID_DATES:
        return raw
    _check_date(raw)
    if len(_VALID_DATES) < _MAX_VALID_DATES:
        _VALID_DATES.add(raw)
    return raw


def _check_date(raw: str) -> None:
    # date.fromisoformat also takes 20260301 and week dates; the contract is YYYY-MM-DD.
    if len(raw) == 10 and raw[4] == "-" and raw[7] == "-" and _is_digits(raw[:4] + raw[5:7] + raw[8:]):
        try:
            date.fromisoformat(raw)
        except ValueError:
            pass
        else:
            return
    raise Invalid(f"{raw!r} is not a date (YYYY-MM-DD)")


def _bool(raw: str) -> bool:
    if raw == "true":
        return True
    if raw == "false":
        return False
    raise Invalid(f"{raw!r} is not true or false")


def _one_of(values: Sequence[str]) -> Convert:
    allowed = frozenset(values)
    listed = ", ".join(values)

    def convert(raw: str) -> str:
        if raw not in allowed:
            raise Invalid(f"{raw!r} is not one of: {listed}")
        return raw

    return convert


def _items(raw: str) -> list[str]:
    return [item for item in (part.strip() for part in raw.split(";")) if item]


def _list(values: Sequence[str]) -> Convert:
    check = _one_of(values) if values else None

    def convert(raw: str) -> list[str] | None:
        items = _items(raw)
        if check is not None:
            for item in items:
                check(item)
        return items or None

    return convert


def _hs_prefixes(raw: str) -> list[str] | None:
    items = _items(raw)
    for item in items:
        if _HS_PREFIX.fullmatch(item) is None:
            raise Invalid(f"{item!r} is not an HS code prefix (1-10 digits)")
    return items or None


def _identifier(kind: str) -> Convert:
    def convert(raw: str) -> str:
        problem = identifier_problem(kind, raw)
        if problem is not None:
            raise Invalid(problem)
        return raw

    return convert


def converter(column: Column) -> Convert | None:
    """How a non-empty cell of `column` is checked and typed; None keeps the text."""
    match column.kind:
        case Kind.STR:
            return None
        case Kind.INT:
            return _integer(column.minimum)
        case Kind.SHARE:
            return _share
        case Kind.DATE:
            return _date
        case Kind.BOOL:
            return _bool
        case Kind.ENUM:
            return _one_of(column.values)
        case Kind.LIST:
            return _list(column.values)
        case Kind.DIGITS_LIST:
            return _hs_prefixes
        case Kind.IDENTIFIER:
            return _identifier(column.identifier)


def header_problems(spec: FileSpec, header: Sequence[str]) -> list[str]:
    """What is wrong with a file's header: unknown, repeated or missing columns."""
    known = spec.by_name
    problems: list[str] = []
    seen: set[str] = set()
    for name in header:
        if name not in known:
            problems.append(f"unknown column {short(name)!r}")
        elif name in seen:
            problems.append(f"column {name!r} appears twice")
        seen.add(name)
    if len(problems) > MAX_PROBLEMS:  # a header of a million columns gives one short line
        problems[MAX_PROBLEMS:] = [f"and {len(problems) - MAX_PROBLEMS:,} more column problems"]
    missing = [name for name in spec.required if name not in seen]
    if missing:
        problems.append("missing required column(s) " + ", ".join(map(repr, missing)))
    if problems:
        problems.append("the columns of " + spec.name + " are " + ", ".join(known))
    return problems


def missing_reference(file: str, column: Column, row: Row) -> RowError:
    """The error of a row whose reference `column` names no node in the graph."""
    label = column.ref_label(row)
    value = short(str(row[column.name]))
    return RowError(
        file,
        row["_line"],
        column.name,
        value,
        f"no {label.value if label else 'node'} with {column.name} {value!r}",
    )


class RowParser:
    """Checks and types the rows of one file, given its (valid) header."""

    def __init__(self, spec: FileSpec, header: Sequence[str]) -> None:
        index = {name: i for i, name in enumerate(header)}
        self.file = spec.name
        self.width = len(header)
        self._plan = [(c.name, index.get(c.name, -1), converter(c), c.required) for c in spec.columns]
        self._checks = spec.checks

    def parse(self, fields: Sequence[str], line: int) -> Row | list[RowError]:
        """The typed row, or every error found in it."""
        if len(fields) != self.width:
            reason = f"row has {len(fields)} fields, the header has {self.width}"
            return [RowError(self.file, line, ROW_FIELD, "", reason)]
        row: Row = {"_line": line}
        errors: list[RowError] = []
        for name, index, convert, required in self._plan:
            raw = fields[index].strip() if index >= 0 else ""
            if not raw:
                row[name] = None
                if required:
                    errors.append(RowError(self.file, line, name, "", "required value is empty"))
            elif convert is None:
                row[name] = raw
            else:
                try:
                    row[name] = convert(raw)
                except Invalid as exc:
                    errors.append(RowError(self.file, line, name, short(raw), short(exc.reason, 300)))
        if errors:
            return errors
        for check in self._checks:
            problem = check(row)
            if problem is not None:
                field, reason = problem
                value = "" if row[field] is None else str(row[field])
                errors.append(RowError(self.file, line, field, value, reason))
        return errors or row
