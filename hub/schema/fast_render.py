"""The fast path's renderer: response JSON straight from compiled rows, without per-field resolvers.

Each supported type lists its fields: a scalar read from the row (converted as
strawberry would: enums by name, dates ISO) or a child object read from a
projected map. A field that is not listed, a directive, a fragment on another
type, or a null in a non-null field raises NotFast, and the operation runs on
the general path instead (hub/schema/fast.py); so the fast path answers only
what it answers exactly as the general path does (tests/hub/test_fast_path.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values

from graph_schema import model
from hub.data import shipments as shipment_data
from hub.data.paging import Page, PageRequest, encode_cursor
from hub.errors import HubError
from hub.schema.common import date
from runtime.settings import Settings


class NotFast(Exception):
    """The operation asks for something only the general path answers."""


Fields = dict[str, list[FieldNode]]


def collect(
    gtype: GraphQLObjectType,
    sets: list[SelectionSetNode | None],
    fragments: dict[str, FragmentDefinitionNode],
) -> Fields:
    """Fields by response key, merged as graphql-core merges them (fragments of this type only)."""
    found: Fields = {}

    def walk(selection_set: SelectionSetNode | None) -> None:
        for item in selection_set.selections if selection_set is not None else ():
            if item.directives:
                raise NotFast("directive")
            if isinstance(item, FieldNode):
                found.setdefault(item.alias.value if item.alias else item.name.value, []).append(item)
                continue
            if isinstance(item, FragmentSpreadNode):
                fragment = fragments.get(item.name.value)
                if fragment is None or fragment.type_condition.name.value != gtype.name:
                    raise NotFast("fragment")
                walk(fragment.selection_set)
            elif isinstance(item, InlineFragmentNode):
                if item.type_condition is not None and item.type_condition.name.value != gtype.name:
                    raise NotFast("fragment")
                walk(item.selection_set)

    for selection_set in sets:
        walk(selection_set)
    return found


def arguments(gtype: GraphQLObjectType, node: FieldNode, variables: VariableValues) -> dict[str, Any]:
    """A field's arguments coerced as graphql-core coerces them (defaults applied, enums as members)."""
    try:
        return get_argument_values(gtype.fields[node.name.value], node, variables)
    except GraphQLError:
        raise NotFast("argument") from None


def _enum(kind: Any) -> Callable[[Any], Any]:
    names = {member.value: member.name for member in kind}  # a dict hit instead of an Enum call per value

    def convert(value: Any) -> Any:
        if value is None:
            return None
        found = names.get(value)
        return found if found is not None else kind(value).name  # a value not in the enum raises as before

    return convert


def _date(value: Any) -> Any:
    if isinstance(value, str):  # ISO text already (hub/data/compiled.py)
        return dt.date.fromisoformat(value).isoformat()
    found = date(value)
    return None if found is None else found.isoformat()


def _same(value: Any) -> Any:
    return value


def _id(value: Any) -> Any:
    return None if value is None else str(value)


# Scalar fields: GraphQL name -> (row key, conversion, non-null).
Scalar = tuple[str, Callable[[Any], Any], bool]
SCALARS: dict[str, dict[str, Scalar]] = {
    "Enterprise": {
        "id": ("enterpriseId", _id, True),
        "name": ("name", _same, True),
        "kind": ("kind", _enum(model.EnterpriseKind), True),
        "country": ("country", _same, True),
        "region": ("region", _same, False),
        "uscc": ("uscc", _same, False),
        "eori": ("eori", _same, False),
        "gln": ("gln", _same, False),
        "filingStatus": ("filingStatus", _enum(model.FilingStatus), False),
    },
    "Shipment": {
        "id": ("shipmentId", _id, True),
        "waybill": ("waybill", _same, False),
        "direction": ("direction", _enum(model.Direction), True),
        "mode": ("mode", _enum(model.ShipmentMode), True),
        "status": ("status", _enum(model.ShipmentStatus), True),
        "stage": ("stage", _enum(shipment_data.Stage), True),
        "port": ("port", _same, False),
        "originCountry": ("originCountry", _same, False),
        "consigneeRegion": ("consigneeRegion", _same, False),
        "consigneeRef": ("consigneeRef", _same, False),
        "declaredOn": ("declaredOn", _date, True),
        "releasedOn": ("releasedOn", _date, False),
        "deliveredOn": ("deliveredOn", _date, False),
        "units": ("units", _same, False),  # null outside a forward trace
        "recalledBatches": ("recalledBatches", lambda v: None, False),  # idem
    },
    "CarriedBatch": {
        "quantity": ("quantity", _same, True),
        "unit": ("unit", _same, False),
    },
    "Batch": {
        "id": ("batchId", _id, True),
        "lotCode": ("lotCode", _same, True),
        "producedOn": ("producedOn", _date, False),
        "expiresOn": ("expiresOn", _date, False),
        "quantity": ("quantity", _same, False),
        "unit": ("unit", _same, False),
    },
    "Product": {
        "id": ("productId", _id, True),
        "name": ("name", _same, True),
        "gtin": ("gtin", _same, False),
        "hsCode": ("hsCode", _same, True),
        "category": ("category", _same, False),
        "brand": ("brand", _same, False),
        "originCountry": ("originCountry", _same, False),
    },
}
# Child objects projected into the row: GraphQL name -> (row key, is a list).
OBJECTS: dict[str, dict[str, tuple[str, bool]]] = {
    "Shipment": {
        "seller": ("seller", False),
        "platform": ("platform", False),
        "importer": ("importer", False),
        "logistics": ("logistics", False),
        "warehouse": ("warehouse", False),
        "carried": ("carried", True),
    },
    "CarriedBatch": {"batch": ("batch", False)},
    "Batch": {"product": ("product", False)},
}


# A rendering step: (response key, kind, then per kind: _SCALAR column, conversion (None: the
# value as it is), non-null; _AT the same with a position in the row's value list `v` (slim rows,
# hub/schema/fast_slim.py) instead of a column; _OBJECT/_LIST column, the child's steps;
# _NESTED -, child type, field nodes; _TYPENAME type name; _OTHER the field it cannot render).
Step = tuple[str, str, Any, Any, Any]
_SCALAR, _AT, _OBJECT, _LIST, _NESTED, _TYPENAME, _OTHER = (
    "scalar",
    "at",
    "object",
    "list",
    "nested",
    "typename",
    "other",
)


class Renderer:
    """Renders rows along the validated document; `fragments` and `variables` are the request's."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode], variables: VariableValues) -> None:
        self.fragments = fragments
        self.variables = variables
        # Filled by the plan: the page each enterprise's `shipments` field was compiled for.
        self.nested_page: Callable[[dict[str, Any], list[FieldNode], GraphQLObjectType], Any] | None = None
        self._collected: dict[tuple[Any, ...], Fields] = {}
        self._steps: dict[tuple[Any, ...], list[Step]] = {}

    def fields(self, gtype: GraphQLObjectType, nodes: list[FieldNode]) -> Fields:
        # The same selection is rendered for every row: collect it once per request.
        key = (gtype.name, *map(id, nodes))
        found = self._collected.get(key)
        if found is None:
            found = self._collected[key] = collect(gtype, [n.selection_set for n in nodes], self.fragments)
        return found

    def child_type(self, gtype: GraphQLObjectType, name: str) -> GraphQLObjectType:
        named = get_named_type(gtype.fields[name].type)
        assert isinstance(named, GraphQLObjectType)
        return named

    def steps(self, gtype: GraphQLObjectType, nodes: list[FieldNode]) -> list[Step]:
        """What rendering one row of `gtype` does per response key: worked out once per request."""
        key = (gtype.name, *map(id, nodes))
        found = self._steps.get(key)
        if found is None:
            found = self._steps[key] = []
            scalars = SCALARS.get(gtype.name, {})
            objects = OBJECTS.get(gtype.name, {})
            for out_key, group in self.fields(gtype, nodes).items():
                name = group[0].name.value
                if name == "__typename":
                    found.append((out_key, _TYPENAME, gtype.name, None, None))
                elif name in scalars:
                    column, convert, required = scalars[name]
                    found.append((out_key, _SCALAR, column, convert, required))
                elif name in objects:
                    column, many = objects[name]
                    kind = _LIST if many else _OBJECT
                    found.append(
                        (out_key, kind, column, self.steps(self.child_type(gtype, name), group), None)
                    )
                elif gtype.name == "Enterprise" and name == "shipments":
                    found.append((out_key, _NESTED, None, self.child_type(gtype, name), group))
                else:
                    found.append((out_key, _OTHER, f"{gtype.name}.{name}", None, None))
        return found

    def object(self, gtype: GraphQLObjectType, row: dict[str, Any], nodes: list[FieldNode]) -> dict[str, Any]:
        return self.render(self.steps(gtype, nodes), row)

    def node_renderer(
        self, gtype: GraphQLObjectType, nodes: list[FieldNode]
    ) -> Callable[[dict[str, Any]], dict[str, Any]]:
        """How one connection node of `gtype` is rendered (a renderer with other tables overrides it)."""
        steps = self.steps(gtype, nodes)
        return lambda row: self.render(steps, row)

    def render(self, steps: list[Step], row: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        values = row.get("v")  # a slim row's selected properties, by position (else None)
        for key, kind, a, b, c in steps:
            if kind is _AT:
                value = values[a] if b is None else b(values[a])  # type: ignore[index]
                if value is None and c:
                    raise NotFast("null in a non-null field")
                out[key] = value
            elif kind is _SCALAR:
                value = row.get(a) if b is None else b(row.get(a))
                if value is None and c:
                    raise NotFast("null in a non-null field")
                out[key] = value
            elif kind is _OBJECT:
                value = row.get(a)
                out[key] = None if value is None else self.render(b, value)
            elif kind is _LIST:
                out[key] = [self.render(b, item) for item in row.get(a) or []]
            elif kind is _TYPENAME:
                out[key] = a
            elif kind is _NESTED and self.nested_page is not None:
                out[key] = self.nested_page(row, c, b)
            else:
                raise NotFast(a or "shipments")
        return out

    def connection(
        self, gtype: GraphQLObjectType, page: Page, nodes: list[FieldNode], node_type: GraphQLObjectType
    ) -> dict[str, Any]:
        """A Relay connection of `page` (see hub/schema/common.connection)."""
        # Cursors only when selected (a nested page is rendered for every enterprise).
        fields = self.fields(gtype, nodes)
        wants = "pageInfo" in {g[0].name.value for g in fields.values()} or any(
            inner[0].name.value == "cursor"
            for g in fields.values()
            if g[0].name.value == "edges"
            for inner in self.fields(self.child_type(gtype, "edges"), g).values()
        )
        cursors = (
            [encode_cursor(page.skip + i) for i in range(len(page.rows))]
            if wants
            else [None] * len(page.rows)
        )
        out: dict[str, Any] = {}
        for key, group in fields.items():
            name = group[0].name.value
            if name == "__typename":
                out[key] = gtype.name
            elif name == "totalCount":
                out[key] = page.total
            elif name == "pageInfo":
                info = {
                    "hasNextPage": page.has_next,
                    "hasPreviousPage": page.skip > 0,
                    "startCursor": cursors[0] if cursors else None,
                    "endCursor": cursors[-1] if cursors else None,
                }
                info_type = self.child_type(gtype, name)
                out[key] = {
                    k: info_type.name if g[0].name.value == "__typename" else info[g[0].name.value]
                    for k, g in self.fields(info_type, group).items()
                }
            elif name == "edges":
                edge_type = self.child_type(gtype, name)
                edge_fields = self.fields(edge_type, group)
                node_render = {
                    k: self.node_renderer(node_type, g)
                    for k, g in edge_fields.items()
                    if g[0].name.value == "node"
                }
                edges = []
                for cursor, row in zip(cursors, page.rows, strict=True):
                    edge: dict[str, Any] = {}
                    for k, g in edge_fields.items():
                        field = g[0].name.value
                        if field == "cursor":
                            edge[k] = cursor
                        elif field == "node":
                            edge[k] = node_render[k](row)
                        else:
                            edge[k] = edge_type.name
                    edges.append(edge)
                out[key] = edges
            else:
                raise NotFast(f"{gtype.name}.{name}")
        return out


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def query_of(
    ctx: Any,
) -> tuple[OperationDefinitionNode, VariableValues, GraphQLObjectType, dict[str, FragmentDefinitionNode]]:
    """The request's one query operation (no directive), its coerced variables, the query type and the
    document's fragments; NotFast for anything else, which the general path answers and reports."""
    document = ctx.graphql_document
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY or operations[0].directives:
        raise NotFast("operation")
    schema = ctx.schema._schema
    variables = get_variable_values(schema, operations[0].variable_definitions or (), ctx.variables or {})
    if not isinstance(variables, VariableValues):
        raise NotFast("variables")  # the general path reports them
    return operations[0], variables, schema.query_type, fragments_of(document)


def page_request(args: dict[str, Any], settings: Settings) -> PageRequest:
    """A connection's `first`/`after` as the resolvers read them; NotFast where they would refuse them."""
    after, first = args.get("after"), args.get("first")
    if not (after is None or isinstance(after, str)) or not isinstance(first, int):
        raise NotFast("argument")
    try:
        return PageRequest.of(first, after, settings.max_page_size)
    except HubError:
        raise NotFast("argument") from None  # the general path reports it at its own path
