"""Offset cursors and the page statement shape shared by every root list.

A page statement is assembled once, at import time, from constant fragments
(a MATCH ... WHERE, an ORDER BY picked by an enum, a projection), so the
text sent to Neo4j is always one of a fixed set of strings.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any, LiteralString

from hub.errors import InvalidArgument

_PREFIX = "cursor:v1:"
MAX_OFFSET_DIGITS = 12  # offsets below 10**12: no list is that long


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str, argument: str = "after") -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    digits = text[len(_PREFIX) :]
    # isdigit() also accepts non-ASCII digits; the length bound keeps the offset
    # far inside Neo4j's int64 (a larger one would fail inside Cypher, masked).
    if (
        not text.startswith(_PREFIX)
        or not (digits.isascii() and digits.isdigit())
        or len(digits) > MAX_OFFSET_DIGITS
    ):
        raise InvalidArgument(argument, "is not a cursor issued by this API")
    return int(digits)


@dataclass(frozen=True)
class PageRequest:
    skip: int
    limit: int

    @classmethod
    def of(cls, first: int, after: str | None, max_size: int) -> PageRequest:
        if not 1 <= first <= max_size:
            raise InvalidArgument("first", f"must be between 1 and {max_size}, got {first}")
        skip = decode_cursor(after) + 1 if after else 0
        return cls(skip=skip, limit=first)

    def params(self) -> dict[str, Any]:
        # One extra row tells whether a next page exists without a count.
        return {"skip": self.skip, "limit": self.limit + 1}


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]
    skip: int
    has_next: bool
    total: int | None


def to_page(record: dict[str, Any], request: PageRequest) -> Page:
    rows: list[dict[str, Any]] = record["rows"]
    return Page(
        rows=rows[: request.limit],
        skip=request.skip,
        has_next=len(rows) > request.limit,
        total=record.get("total"),
    )


def page_statement(
    match: LiteralString,
    var: LiteralString,
    order: LiteralString,
    projection: LiteralString,
    *,
    total: bool,
) -> LiteralString:
    """`match` binds `var`; the statement returns one record {rows, total}."""
    rows: LiteralString = (
        "CALL () { "
        + match
        + " WITH "
        + var
        + " ORDER BY "
        + order
        + " SKIP $skip LIMIT toInteger($limit) RETURN collect("
        + projection
        + ") AS rows } "
    )
    if total:
        return "CALL () { " + match + " RETURN count(" + var + ") AS total } " + rows + "RETURN rows, total"
    return rows + "RETURN rows, null AS total"


def page_statements(
    match: LiteralString,
    var: LiteralString,
    orders: dict[Any, LiteralString],
    projection: LiteralString,
) -> dict[tuple[Any, bool], LiteralString]:
    """Every (sort key, with total) variant of one list, built once."""
    return {
        (key, total): page_statement(match, var, order, projection, total=total)
        for key, order in orders.items()
        for total in (False, True)
    }


def children_statement(
    match: LiteralString, var: LiteralString, order: LiteralString, projection: LiteralString
) -> LiteralString:
    """A page of children for many parents at once: `match` uses `id`, binds `var`.

    Returns one record per parent id: {id, rows, total}.
    """
    return (
        "UNWIND $ids AS id CALL (id) { "
        + match
        + " WITH "
        + var
        + " ORDER BY "
        + order
        + " SKIP $skip LIMIT toInteger($limit) RETURN collect("
        + projection
        + ") AS rows }"
        " CALL (id) { " + match + " RETURN count(" + var + ") AS total }"
        " RETURN id, rows, total"
    )


def by_ids_statement(match: LiteralString, projection: LiteralString) -> LiteralString:
    """Rows for many keys at once: `match` uses `id`; returns {id, row}."""
    return "UNWIND $ids AS id " + match + " RETURN id, " + projection + " AS row"
