"""Shared GraphQL pieces: Relay-style connections, dates, enums, descriptions."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from typing import Annotated, Any, Generic, LiteralString, TypeVar

import strawberry
from strawberry.types.nodes import SelectedField, Selection

from graph_schema import model
from hub.context import Info
from hub.data.paging import Page, PageRequest, encode_cursor

T = TypeVar("T")

FIRST_DOC = "How many items to return (1 to the server's maximum page size)."
AFTER_DOC = "Return items after this cursor (an `endCursor` or edge `cursor` of a previous page)."

First = Annotated[int, strawberry.argument(description=FIRST_DOC)]
After = Annotated[str | None, strawberry.argument(description=AFTER_DOC)]

# The date window of a forward trace (`impact`, `forwardTrace`).
AsOfArg = Annotated[
    dt.date | None,
    strawberry.argument(description="State as of this date: ignore shipments declared after it."),
]
FromArg = Annotated[dt.date | None, strawberry.argument(description="Only shipments declared on or after.")]
ToArg = Annotated[dt.date | None, strawberry.argument(description="Only shipments declared on or before.")]


class Later(Generic[T]):
    """A schema type of a module above this one, found when a resolver first builds one.

    Types point at each other both ways (an enterprise's products, a product's
    maker). A module names a type of a higher module in annotations through
    `strawberry.lazy`, and builds its objects through this, which looks the
    class up the same way (by module path, at first use): so no schema module
    imports one that imports it back, and the import graph stays a tree.
    """

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name

    @property
    def cls(self) -> type[T]:
        found: type[T] = getattr(importlib.import_module(self.module), self.name)
        return found


@strawberry.type(description="Where a page stands in the whole list (Relay cursor connections).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when more items follow this page.")
    has_previous_page: bool = strawberry.field(description="True when items precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item of the page.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last item of the page; pass it as `after` for the next page."
    )


@strawberry.type(description="An item of a list with the cursor that points at it.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque position of this item in the list.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list, with its position and the total size of the list.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page, in order.")
    page_info: PageInfo = strawberry.field(description="Where this page stands in the list.")
    total_count: int | None = strawberry.field(
        description="How many items the whole list holds (counted in the database)."
    )


def connection(page: Page, build: Callable[[dict[str, Any]], T]) -> Connection[T]:
    edges = [Edge(cursor=encode_cursor(page.skip + i), node=build(row)) for i, row in enumerate(page.rows)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.skip > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=page.total,
    )


def page_request(info: Info, first: int, after: str | None) -> PageRequest:
    return PageRequest.of(first, after, info.context.settings.max_page_size)


async def child_connection(
    info: Info,
    statement: LiteralString,
    parent_id: str,
    first: int,
    after: str | None,
    build: Callable[[dict[str, Any]], T],
) -> Connection[T]:
    """A page of one parent's children, batched with its siblings' pages."""
    request = page_request(info, first, after)
    key = (parent_id, request.skip, request.limit + 1)
    found = await info.context.loaders.children(statement).load(key)
    page = Page(
        rows=found.rows[: request.limit],
        skip=request.skip,
        has_next=len(found.rows) > request.limit,
        total=found.total,
    )
    return connection(page, build)


def _fields(selections: list[Selection]) -> list[SelectedField]:
    """The fields of a selection set, looking inside named and inline fragments."""
    found: list[SelectedField] = []
    for item in selections:
        if isinstance(item, SelectedField):
            found.append(item)
        else:  # a named fragment spread or an inline fragment
            found.extend(_fields(item.selections))
    return found


def below(fields: list[SelectedField], *path: str) -> list[SelectedField]:
    """Every selection of `path` under `fields` (all aliases, through fragments)."""
    for step in path:
        fields = [child for field in fields for child in _fields(field.selections) if child.name == step]
    return fields


def names_under(fields: list[SelectedField]) -> set[str]:
    """The names selected directly under `fields`, through fragments."""
    return {child.name for field in fields for child in _fields(field.selections)}


def selected_fields(info: Info, *path: str) -> list[SelectedField]:
    """The current field's selections (or those of `path` below it), through fragments."""
    return below(_fields(list(info.selected_fields)), *path)


def selected_names(info: Info, *path: str) -> set[str]:
    """Names selected under the current field (or under `path` below it), through fragments.

    Relay and Apollo clients select through named and inline fragments, so a
    check that only looks at the field's own selections misses them; this is
    the one "was X selected" check every resolver uses.
    """
    return names_under(selected_fields(info, *path))


def wants_total(info: Info) -> bool:
    """Count the whole list only when the client selected `totalCount`."""
    return "totalCount" in selected_names(info)


def date(value: Any) -> dt.date | None:
    """Neo4j dates (or their ISO text, as compiled reads return them) to Python dates."""
    if value is None:
        return None
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    to_native = getattr(value, "to_native", None)
    return to_native() if to_native is not None else value  # type: ignore[no-any-return]


strawberry.enum(model.EnterpriseKind, description="What an enterprise does in trade.")
strawberry.enum(model.ShipmentStatus, description="Where a shipment stands in clearance.")
strawberry.enum(model.Direction, description="Inbound (import) or outbound (export).")
strawberry.enum(model.ShipmentMode, description="Bonded warehouse import, direct mail, or express.")
strawberry.enum(
    model.Measure,
    description="Disposal measure: risk notice, stop-sale, mandatory recall, return or destruction.",
)
strawberry.enum(model.RiskLevel, description="Assessed level of risk.")
strawberry.enum(model.FilingStatus, description="Status of a filing (registration).")
strawberry.enum(model.AgencyKind, description="What kind of authority an agency is.")


EnterpriseKind = model.EnterpriseKind
ShipmentStatus = model.ShipmentStatus
Direction = model.Direction
ShipmentMode = model.ShipmentMode
Measure = model.Measure
RiskLevel = model.RiskLevel
FilingStatus = model.FilingStatus
AgencyKind = model.AgencyKind


def enum_or_none(kind: Any, value: Any) -> Any:
    return None if value is None else kind(value)
