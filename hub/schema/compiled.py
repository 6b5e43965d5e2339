"""What a compiled read (hub/data/compiled.py) must project, read from the request's selection.

A root resolver asks here which `$fetch` parts its selection needs. A nested
list (an enterprise's `shipments`) is compiled into the root statement only
when every selection of it (aliases and fragments included) asks for the same
page with valid arguments; anything else is left to the nested resolver and
its loader, which also reports a bad argument at the nested field's path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from strawberry.types.nodes import SelectedField

from hub.context import Info
from hub.data.paging import PageRequest
from hub.data.shipments import PartyRole
from hub.errors import HubError
from hub.schema.common import below, names_under

PARTIES = ("seller", "platform", "importer", "logistics", "warehouse")
DEFAULT_FIRST = 20  # the default of `first` on every child list

ShipmentsKey = tuple[PartyRole, int, int]  # (role, skip, limit)


def shipment_fetch(shipments: list[SelectedField]) -> set[str]:
    """The `$fetch` parts a selection of Shipment objects needs (parties, declaration, batches)."""
    names = names_under(shipments)
    fetch = {name for name in (*PARTIES, "declaration") if name in names}
    carried = below(shipments, "carried")
    if "batch" in names_under(carried):
        fetch.add("batch")
        if "product" in names_under(below(carried, "batch")):
            fetch.add("product")
    return fetch


@dataclass(frozen=True)
class NestedShipments:
    role: PartyRole
    page: PageRequest
    fetch: set[str]

    @property
    def key(self) -> ShipmentsKey:
        return (self.role, self.page.skip, self.page.limit)


def nested_shipments(info: Info, fields: list[SelectedField]) -> NestedShipments | None:
    """The one page of `shipments` every selection in `fields` asks for, or None (not compiled)."""
    if not fields:
        return None
    arguments: dict[str, Any] = fields[0].arguments
    if any(field.arguments != arguments for field in fields[1:]):
        return None  # aliases asking for different pages: each resolver loads its own
    try:
        given = arguments.get("role")  # a literal's name, or a coerced variable's member
        role = given if isinstance(given, PartyRole) else PartyRole[str(given)]
        # Variables arrive coerced; literals as the text of their node ("10"), already validated as Int.
        first = int(arguments.get("first", DEFAULT_FIRST))
        after = arguments.get("after")
        if not (after is None or isinstance(after, str)):
            return None
        page = PageRequest.of(first, after, info.context.settings.max_page_size)
    except (KeyError, ValueError, TypeError, HubError):
        return None  # the nested resolver reports it at its own path
    fetch = shipment_fetch(below(fields, "edges", "node"))
    if "totalCount" in names_under(fields):
        fetch.add("shipmentsTotal")
    return NestedShipments(role, page, fetch)
