"""The fast path for a recall's forward trace: `recall(id) { impact { shipments totals } }` without resolvers.

An operation whose every root field is `recall`, selecting only the recall's
scalars and, under `impact`, its window, the `shipments` connection (the
shipment's scalars, parties, declaration scalars, carried quantities and
recalled batches with batch and product scalars) and `totals` (every count
and grouping), runs the statements the general path runs (the recall by the
request's loader, then each page and totals statement of hub/data/impact.py,
concurrently, visibility in Cypher) and renders the response from their rows.
On the general path graphql-core calls a resolver per field: 100 rows x ~30
fields is ~3,000 calls, most of the request's Python time.

Anything else leaves the operation to the general path, which answers and
reports exactly as before: a field not listed below (a declaration's agency, a
batch's product, `impact.batches`...), a directive, a fragment on another
type, an argument the resolver would refuse (dates out of order, `first` or
`groupLimit` out of range, a bad cursor), a null in a non-null field, or an
error of one of these statements (the general path then runs the statements
again and reports the error as it always has). tests/hub/test_fast_impact.py
compares both paths for every role.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    ExecutionResult,
    FieldNode,
    GraphQLObjectType,
    OperationDefinitionNode,
    OperationType,
    is_non_null_type,
)
from graphql.execution.values import VariableValues, get_variable_values

from graph_schema import model
from hub.data import impact as data
from hub.data.paging import Page, PageRequest
from hub.data.recalls import RECALLS_BY_IDS
from hub.errors import HubError
from hub.schema.common import date
from hub.schema.fast_render import OBJECTS, SCALARS, NotFast, Renderer, arguments, collect, fragments_of
from runtime.settings import Settings

MAX_GROUPS = 1000  # hub/schema/impact.py's bound on groupLimit
_GROUP_FIELDS = {
    "byRegion": "region",
    "byPort": "port",
    "bySeller": "seller",
    "byPlatform": "platform",
    "byImporter": "importer",
    "byWarehouse": "warehouse",
    "declarations": "declarations",
}


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
    "ImpactTotals": {
        name: (column, LIST) for name, column in _GROUP_FIELDS.items() if name != "declarations"
    },
}


RENDERED = "\x00rendered"  # a row entry holding children already rendered, by response key


class ImpactRenderer(Renderer):
    """Renders impact rows by the tables above (the enterprise renderer's tables differ for Shipment)."""

    def node_renderer(
        self, gtype: GraphQLObjectType, nodes: list[FieldNode]
    ) -> Callable[[dict[str, Any]], dict[str, Any]]:
        return lambda row: self.object(gtype, row, nodes)  # by this renderer's tables, not the base steps

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


def check(r: Renderer, gtype: GraphQLObjectType, nodes: list[FieldNode], fetch: set[str] | None) -> None:
    """Every selected field below is one the renderer answers; notes the row parts to fetch."""
    for group in r.fields(gtype, nodes).values():
        name = group[0].name.value
        if name == "__typename" or name in COLUMNS.get(gtype.name, {}):
            continue
        if name not in CHILDREN.get(gtype.name, {}):
            raise NotFast(f"{gtype.name}.{name}")
        if fetch is not None:
            fetch.add(name)
        check(r, r.child_type(gtype, name), group, None)


@dataclass
class Shipments:
    nodes: list[FieldNode]
    gtype: GraphQLObjectType
    where: data.ImpactFilter
    sort: data.ImpactSort
    page: PageRequest
    total: bool
    fetch: set[str]


@dataclass
class Totals:
    nodes: list[FieldNode]
    gtype: GraphQLObjectType
    wanted: set[str]
    group_limit: int


@dataclass
class Trace:
    """One `impact` response key: its window and what is selected under it."""

    nodes: list[FieldNode]
    gtype: GraphQLObjectType
    window: data.Window
    parts: dict[str, Shipments | Totals] = field(default_factory=dict)


def _filter(given: dict[str, Any] | None) -> data.ImpactFilter:
    """ImpactShipmentFilter.to_filter of the coerced argument (enums as members)."""
    given = given or {}
    start, end = given.get("declaredFrom"), given.get("declaredTo")
    if start and end and start > end:
        raise NotFast("argument")
    statuses, direction = given.get("status"), given.get("direction")
    platform, seller = given.get("platformId"), given.get("sellerId")
    return data.ImpactFilter(
        statuses=tuple(s.value for s in statuses) if statuses else None,
        direction=direction.value if direction else None,
        port=given.get("port"),
        consignee_region=given.get("consigneeRegion"),
        platform_id=str(platform) if platform else None,
        seller_id=str(seller) if seller else None,
        declared_from=start,
        declared_to=end,
    )


def _page(args: dict[str, Any], settings: Settings) -> PageRequest:
    after, first = args.get("after"), args.get("first")
    if not (after is None or isinstance(after, str)) or not isinstance(first, int):
        raise NotFast("argument")
    try:
        return PageRequest.of(first, after, settings.max_page_size)
    except HubError:
        raise NotFast("argument") from None


def _connection(r: Renderer, gtype: GraphQLObjectType, nodes: list[FieldNode], fetch: set[str]) -> bool:
    """Checks a connection's selection; True when `totalCount` is selected."""
    total = False
    for group in r.fields(gtype, nodes).values():
        name = group[0].name.value
        if name == "totalCount":
            total = True
        elif name == "edges":
            edge = r.child_type(gtype, name)
            for inner in r.fields(edge, group).values():
                if inner[0].name.value == "node":
                    check(r, r.child_type(edge, "node"), inner, fetch)
        elif name == "pageInfo":
            r.fields(r.child_type(gtype, name), group)  # directives and fragments checked
        elif name != "__typename":
            raise NotFast(f"{gtype.name}.{name}")
    return total


def plan_trace(r: Renderer, recall: GraphQLObjectType, nodes: list[FieldNode], settings: Settings) -> Trace:
    args = arguments(recall, nodes[0], r.variables)
    start, end = args.get("declaredFrom"), args.get("declaredTo")
    if start and end and start > end:
        raise NotFast("argument")  # Impact.of refuses it
    gtype = r.child_type(recall, "impact")
    trace = Trace(nodes, gtype, data.Window(args.get("asOf"), start, end))
    for key, group in r.fields(gtype, nodes).items():
        name = group[0].name.value
        if name == "__typename" or name in COLUMNS["Impact"]:
            continue
        child = r.child_type(gtype, name)
        given = arguments(gtype, group[0], r.variables)
        if name == "shipments":
            fetch: set[str] = set()
            total = _connection(r, child, group, fetch)
            page = _page(given, settings)
            trace.parts[key] = Shipments(
                group, child, _filter(given.get("filter")), given["sort"], page, total, fetch
            )
        elif name == "totals":
            limit = given["groupLimit"]
            if not isinstance(limit, int) or not 1 <= limit <= MAX_GROUPS:
                raise NotFast("argument")
            check(r, child, group, None)
            names = {g[0].name.value for g in r.fields(child, group).values()}
            trace.parts[key] = Totals(
                group, child, {_GROUP_FIELDS[n] for n in names if n in _GROUP_FIELDS}, limit
            )
        else:
            raise NotFast(f"Impact.{name}")
    return trace


@dataclass
class Root:
    key: str
    nodes: list[FieldNode]
    gtype: GraphQLObjectType
    recall_id: str
    traces: dict[str, Trace]


def applies(ctx: Any) -> bool:
    """The operation's root fields are all `recall` (the rest of the check is `answer`'s)."""
    document = ctx.graphql_document
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return len(operations) == 1 and all(
        isinstance(s, FieldNode) and s.name.value == "recall" for s in operations[0].selection_set.selections
    )


def plan(ctx: Any) -> tuple[list[Root], ImpactRenderer]:
    document = ctx.graphql_document
    [operation] = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation.operation is not OperationType.QUERY or operation.directives:
        raise NotFast("operation")
    schema = ctx.schema._schema
    variables = get_variable_values(schema, operation.variable_definitions or (), ctx.variables or {})
    if not isinstance(variables, VariableValues):
        raise NotFast("variables")  # the general path reports them
    query_type: GraphQLObjectType = schema.query_type
    r = ImpactRenderer(fragments_of(document), variables)
    settings: Settings = ctx.context.settings
    roots = []
    for key, group in collect(query_type, [operation.selection_set], r.fragments).items():
        if group[0].name.value != "recall" or len(group) != 1:
            raise NotFast("root field")
        gtype = r.child_type(query_type, "recall")
        traces = {}
        for inner, fields in r.fields(gtype, group).items():
            name = fields[0].name.value
            if name == "impact":
                traces[inner] = plan_trace(r, gtype, fields, settings)
            elif name != "__typename" and name not in COLUMNS["Recall"]:
                raise NotFast(f"Recall.{name}")
        recall_id = str(arguments(query_type, group[0], variables)["id"])
        roots.append(Root(key, group, gtype, recall_id, traces))
    return roots, r


async def _all(calls: list[Coroutine[Any, Any, Any]]) -> list[Any]:
    """Runs the calls concurrently, each to its end; any error leaves the operation to the general path."""
    found = await asyncio.gather(*calls, return_exceptions=True)
    if any(isinstance(x, BaseException) for x in found):
        raise NotFast("statement error")
    return found


async def _part(context: Any, recall_id: str, trace: Trace, part: Shipments | Totals) -> Any:
    cy, who = context.cypher, context.principal
    if isinstance(part, Shipments):
        return await data.shipments_page(
            cy, who, data.Scope.RECALL, recall_id, trace.window, part.where, part.sort, part.page,
            total=part.total, fetch=part.fetch,
        )  # fmt: skip
    return await data.totals(
        cy, who, data.Scope.RECALL, recall_id, trace.window, part.wanted, part.group_limit
    )


async def _root(root: Root, r: ImpactRenderer, context: Any) -> dict[str, Any] | None:
    [row] = await _all([context.loaders.by_id(RECALLS_BY_IDS).load(root.recall_id)])
    if not row:
        return None
    parts = [(trace, key, part) for trace in root.traces.values() for key, part in trace.parts.items()]
    found = await _all([_part(context, root.recall_id, trace, part) for trace, _, part in parts])
    results = {(id(trace), key): value for (trace, key, _), value in zip(parts, found, strict=True)}
    traces = {key: _trace(r, trace, results) for key, trace in root.traces.items()}
    return r.object(root.gtype, {**row, RENDERED: traces}, root.nodes)


def _trace(r: ImpactRenderer, trace: Trace, results: dict[tuple[int, str], Any]) -> dict[str, Any]:
    rendered: dict[str, Any] = {}
    for key, part in trace.parts.items():
        found = results[(id(trace), key)]
        if isinstance(part, Shipments):
            page: Page = found
            node_type = r.child_type(r.child_type(part.gtype, "edges"), "node")
            rendered[key] = r.connection(part.gtype, page, part.nodes, node_type)
        else:
            rendered[key] = r.object(part.gtype, found, part.nodes)
    window = trace.window
    row = {"asOf": window.as_of, "declaredFrom": window.declared_from, "declaredTo": window.declared_to}
    return r.object(trace.gtype, {**row, RENDERED: rendered}, trace.nodes)


async def answer(ctx: Any) -> ExecutionResult:
    """The operation's result, or NotFast (before any statement when the selection is not ours)."""
    roots, renderer = plan(ctx)
    found = await _all([_root(root, renderer, ctx.context) for root in roots])
    return ExecutionResult(data={root.key: value for root, value in zip(roots, found, strict=True)})
