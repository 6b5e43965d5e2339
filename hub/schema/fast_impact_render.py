"""The impact fast path's rendering (hub/schema/fast_impact.py): which row column answers which field.

Tables per GraphQL type: `COLUMNS` (scalar field -> row column, conversion)
and `CHILDREN` (object field -> row key, shape); `ImpactRenderer` renders rows
by them and refuses (NotFast) any field they lack, so the general path answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import FieldNode, GraphQLObjectType, is_non_null_type

from graph_schema import model
from hub.schema import fast_render
from hub.schema.common import date
from hub.schema.fast_render import OBJECTS, SCALARS, NotFast, Renderer
from hub.schema.impact import GROUP_FIELDS


def _same(value: Any) -> Any:
    return value


def _id(value: Any) -> Any:
    return None if value is None else str(value)


def _iso(value: Any) -> Any:
    found = date(value)
    return None if found is None else found.isoformat()


def _enum(kind: Any) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        return None if value is None else kind(value).name

    return convert


def _count(value: Any) -> Any:
    return 0 if value is None else value  # Declaration.from_row: row.get("shipmentCount", 0)


# Scalars: GraphQL name -> (row key, conversion); whether null is allowed comes from the schema.
Column = tuple[str, Callable[[Any], Any]]
TOTALS_COLUMNS = {
    "batches": "batches",
    "shipments": "shipments",
    "units": "units",
    "declarations": "declarations",
    "underControlShipments": "ucShipments",
    "underControlUnits": "ucUnits",
    "inTransitShipments": "transitShipments",
    "inTransitUnits": "transitUnits",
    "deliveredShipments": "deliveredShipments",
    "deliveredUnits": "deliveredUnits",
    "returnedShipments": "returnedShipments",
    "returnedUnits": "returnedUnits",
    "destroyedShipments": "destroyedShipments",
    "destroyedUnits": "destroyedUnits",
}
COLUMNS: dict[str, dict[str, Column]] = {
    **{
        kind: {name: (column, convert) for name, (column, convert, _) in SCALARS[kind].items()}
        for kind in ("Enterprise", "CarriedBatch", "Batch", "Product")
    },
    "Shipment": {
        name: (column, convert)
        for name, (column, convert, _) in SCALARS["Shipment"].items()
        if name != "recalledBatches"  # an object here (below)
    },
    "Recall": {
        "id": ("recallId", _id),
        "measure": ("measure", _enum(model.Measure)),
        "title": ("title", _same),
        "hazard": ("hazard", _same),
        "riskLevel": ("riskLevel", _enum(model.RiskLevel)),
        "reason": ("reason", _same),
        "status": ("status", _same),
        "issuedOn": ("issuedOn", _iso),
    },
    "Impact": {
        "asOf": ("asOf", _iso),
        "declaredFrom": ("declaredFrom", _iso),
        "declaredTo": ("declaredTo", _iso),
    },
    "Declaration": {
        "id": ("declarationId", _id),
        "number": ("number", _same),
        "declaredOn": ("declaredOn", _iso),
        "status": ("status", _same),
        "shipmentCount": ("shipmentCount", _count),
    },
    "RecalledBatch": {"quantity": ("quantity", _same), "unit": ("unit", _same)},
    "ImpactTotals": {name: (column, _same) for name, column in TOTALS_COLUMNS.items()},
    "GroupCount": {
        "key": ("key", _same),
        "name": ("name", _same),
        "shipments": ("shipments", _same),
        "units": ("units", _same),
    },
}
ONE, LIST, LIST_OR_NULL = "one", "list", "list or null"  # null list: [] (as the resolvers' `or []`) or null
# Child objects in the rows: GraphQL name -> (row key, shape). A batch's `product`, a carried
# batch's `batch`, a declaration's `agency`... are not in the impact rows: the general path.
CHILDREN: dict[str, dict[str, tuple[str, str]]] = {
    "Shipment": {
        **{name: (column, LIST if many else ONE) for name, (column, many) in OBJECTS["Shipment"].items()},
        "declaration": ("declaration", ONE),
        "recalledBatches": ("recalledBatches", LIST_OR_NULL),
    },
    "RecalledBatch": {"batch": ("batch", ONE), "product": ("product", ONE)},
    "ImpactTotals": {name: (column, LIST) for name, column in GROUP_FIELDS.items() if name != "declarations"},
}


RENDERED = "\x00rendered"  # a row entry holding children already rendered, by response key


# What rendering one row does per response key (ImpactRenderer.row_steps): (key, kind, column or
# type name or field, conversion or child steps, required). A column whose conversion returns
# the value itself (_PLAIN), or turns a non-text id into text (_ID: ids are text in the graph),
# is rendered without a call: a page of 100 rows with five parties renders ~1,400 values.
_COLUMN, _ONE, _LIST, _LIST_OR_NULL, _TYPENAME, _OTHER, _PLAIN, _ID, _ONE_FLAT = range(9)
RowStep = tuple[str, int, Any, Any, bool]
_PLAINS: frozenset[Callable[[Any], Any]] = frozenset((_same, fast_render._same))
_IDS: frozenset[Callable[[Any], Any]] = frozenset((_id, fast_render._id))


def _flat(steps: list[RowStep]) -> Callable[[dict[str, Any]], dict[str, Any]] | None:
    """A row renderer for steps that are all plain or id columns (a party's `id name`: 500 per
    page), built as one dict comprehension; None for other steps."""
    if not steps or any(kind not in (_PLAIN, _ID) for _, kind, _, _, _ in steps):
        return None
    pairs = tuple((key, column) for key, _, column, _, _ in steps)
    ids = tuple(key for key, kind, _, _, _ in steps if kind == _ID)
    required = tuple(key for key, _, _, _, needed in steps if needed)

    def render(row: dict[str, Any]) -> dict[str, Any]:
        get = row.get
        out = {key: get(column) for key, column in pairs}
        for key in ids:
            value = out[key]
            if value is not None and type(value) is not str:
                out[key] = str(value)
        for key in required:
            if out[key] is None:
                raise NotFast("null in a non-null field")
        return out

    return render


def _iso_date(value: Any) -> Any:
    """fast_render._date, with ISO text of a four-digit year (`YYYY-MM-DD`, Neo4j's toString of
    a date) passed as it is: the general path's isoformat() gives the same text."""
    if type(value) is str and len(value) == 10:
        return value
    return fast_render._date(value)


class ImpactRenderer(Renderer):
    """Renders impact rows by the tables above (the enterprise renderer's tables differ for Shipment)."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._row_steps: dict[tuple[Any, ...], list[RowStep]] = {}

    def node_renderer(
        self, gtype: GraphQLObjectType, nodes: list[FieldNode]
    ) -> Callable[[dict[str, Any]], dict[str, Any]]:
        steps = self.row_steps(gtype, nodes)  # by this renderer's tables, not the base steps
        return lambda row: self.render_row(steps, row)

    def row_steps(self, gtype: GraphQLObjectType, nodes: list[FieldNode]) -> list[RowStep]:
        """`object`'s work for a row of `gtype`, worked out once per request (100 rows, one selection)."""
        key = (gtype.name, *map(id, nodes))
        found = self._row_steps.get(key)
        if found is None:
            found = self._row_steps[key] = []
            columns, children = COLUMNS.get(gtype.name, {}), CHILDREN.get(gtype.name, {})
            for out_key, group in self.fields(gtype, nodes).items():
                name = group[0].name.value
                required = name in gtype.fields and is_non_null_type(gtype.fields[name].type)
                if name == "__typename":
                    found.append((out_key, _TYPENAME, gtype.name, None, False))
                elif name in columns:
                    column, convert = columns[name]
                    kind = _PLAIN if convert in _PLAINS else _ID if convert in _IDS else _COLUMN
                    convert = _iso_date if convert is fast_render._date else convert
                    found.append((out_key, kind, column, convert, required))
                elif name in children:
                    column, shape = children[name]
                    kind = _ONE if shape == ONE else _LIST_OR_NULL if shape == LIST_OR_NULL else _LIST
                    inner = self.row_steps(self.child_type(gtype, name), group)
                    flat = _flat(inner) if kind == _ONE else None
                    if flat is not None:
                        found.append((out_key, _ONE_FLAT, column, flat, required))
                    else:
                        found.append((out_key, kind, column, inner, required))
                else:
                    found.append((out_key, _OTHER, f"{gtype.name}.{name}", None, False))
        return found

    def render_row(self, steps: list[RowStep], row: dict[str, Any]) -> dict[str, Any]:
        """As `object` for a row (no part rendered by its own statement), by `row_steps`."""
        out: dict[str, Any] = {}
        get = row.get
        for key, kind, a, b, required in steps:
            if kind == _PLAIN:
                value = get(a)
            elif kind == _ID:
                value = get(a)
                if value is not None and type(value) is not str:
                    value = str(value)
            elif kind == _COLUMN:
                value = b(get(a))
            elif kind == _ONE_FLAT:
                found = get(a)
                value = None if found is None else b(found)
            elif kind == _ONE:
                found = row.get(a)
                value = None if found is None else self.render_row(b, found)
            elif kind == _LIST:
                value = [self.render_row(b, item) for item in row.get(a) or []]
            elif kind == _LIST_OR_NULL:
                found = row.get(a)
                value = None if found is None else [self.render_row(b, item) for item in found]
            elif kind == _TYPENAME:
                out[key] = a
                continue
            else:
                raise NotFast(a)
            if value is None and required:
                raise NotFast("null in a non-null field")
            out[key] = value
        return out

    def object(self, gtype: GraphQLObjectType, row: dict[str, Any], nodes: list[FieldNode]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        columns, children = COLUMNS.get(gtype.name, {}), CHILDREN.get(gtype.name, {})
        rendered = row.get(RENDERED) or {}
        for key, group in self.fields(gtype, nodes).items():
            name = group[0].name.value
            if name == "__typename":
                out[key] = gtype.name
                continue
            if key in rendered:  # a part answered by its own statement (an impact, a page, totals)
                out[key] = rendered[key]
                continue
            required = name in gtype.fields and is_non_null_type(gtype.fields[name].type)
            if name in columns:
                column, convert = columns[name]
                value = convert(row.get(column))
            elif name in children:
                column, shape = children[name]
                child, found = self.child_type(gtype, name), row.get(column)
                if shape == ONE:
                    value = None if found is None else self.object(child, found, group)
                elif found is None and shape == LIST_OR_NULL:
                    value = None
                else:
                    value = [self.object(child, item, group) for item in found or []]
            else:
                raise NotFast(f"{gtype.name}.{name}")
            if value is None and required:
                raise NotFast("null in a non-null field")
            out[key] = value
        return out
