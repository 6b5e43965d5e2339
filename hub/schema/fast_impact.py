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
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    ExecutionResult,
    FieldNode,
    GraphQLObjectType,
    OperationDefinitionNode,
)

from hub.data import impact as data
from hub.data import impact_totals
from hub.data.paging import Page, PageRequest
from hub.data.recalls import RECALLS_BY_IDS
from hub.schema.fast_impact_render import CHILDREN, COLUMNS, RENDERED, ImpactRenderer
from hub.schema.fast_render import NotFast, Renderer, arguments, collect, page_request, query_of
from hub.schema.impact import GROUP_FIELDS, MAX_GROUPS
from runtime.settings import Settings


def check(
    r: Renderer,
    gtype: GraphQLObjectType,
    nodes: list[FieldNode],
    fetch: set[str] | None,
    columns: set[str] | None = None,
) -> None:
    """Every selected field below is one the renderer answers; notes the row parts to fetch
    and the row columns the selected scalars of this level read."""
    for group in r.fields(gtype, nodes).values():
        name = group[0].name.value
        if name == "__typename":
            continue
        if name in COLUMNS.get(gtype.name, {}):
            if columns is not None:
                columns.add(COLUMNS[gtype.name][name][0])
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
    brief: bool  # every selected field of a party is its id or name (data.page_and_recall)
    keys: list[str]  # the shipment properties the selected scalars read (data.page_and_recall)
    stage: bool  # `stage` is selected (else the statement does not compute it)
    units: bool  # `units` is selected (else, without recalledBatches, no covered carriages are read)


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


BRIEF = frozenset(("id", "name", "__typename"))  # the party fields a brief row answers


def _party_fields(r: Renderer, shipment: GraphQLObjectType, nodes: list[FieldNode]) -> set[str]:
    """The fields selected on any party (an Enterprise) of the shipment rows."""
    found: set[str] = set()
    for group in r.fields(shipment, nodes).values():
        name = group[0].name.value
        if name in CHILDREN["Shipment"] and r.child_type(shipment, name).name == "Enterprise":
            child = r.child_type(shipment, name)
            found.update(g[0].name.value for g in r.fields(child, group).values())
    return found


# Row columns that are not shipment properties (the statement computes them).
COMPUTED = frozenset(("units", "stage"))


def _connection(
    r: Renderer, gtype: GraphQLObjectType, nodes: list[FieldNode], fetch: set[str], columns: set[str]
) -> tuple[bool, bool]:
    """Checks a connection's selection; whether `totalCount` is selected and the rows can be brief."""
    total, brief = False, True
    for group in r.fields(gtype, nodes).values():
        name = group[0].name.value
        if name == "totalCount":
            total = True
        elif name == "edges":
            edge = r.child_type(gtype, name)
            for inner in r.fields(edge, group).values():
                if inner[0].name.value == "node":
                    node = r.child_type(edge, "node")
                    check(r, node, inner, fetch, columns)
                    brief = brief and _party_fields(r, node, inner) <= BRIEF
        elif name == "pageInfo":
            r.fields(r.child_type(gtype, name), group)  # directives and fragments checked
        elif name != "__typename":
            raise NotFast(f"{gtype.name}.{name}")
    return total, brief


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
            columns: set[str] = set()
            total, brief = _connection(r, child, group, fetch, columns)
            page = page_request(given, settings)
            keys = sorted(columns - COMPUTED)
            trace.parts[key] = Shipments(
                group, child, _filter(given.get("filter")), given["sort"], page, total, fetch, brief, keys,
                "stage" in columns, "units" in columns,
            )  # fmt: skip
        elif name == "totals":
            limit = given["groupLimit"]
            if not isinstance(limit, int) or not 1 <= limit <= MAX_GROUPS:
                raise NotFast("argument")
            check(r, child, group, None)
            names = {g[0].name.value for g in r.fields(child, group).values()}
            trace.parts[key] = Totals(
                group, child, {GROUP_FIELDS[n] for n in names if n in GROUP_FIELDS}, limit
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
    operation, variables, query_type, fragments = query_of(ctx)
    r = ImpactRenderer(fragments, variables)
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
    if len(calls) == 1:  # the usual case: awaited in place, no task to create and schedule
        try:
            return [await calls[0]]
        except NotFast:
            raise
        except Exception:
            raise NotFast("statement error") from None
    found = await asyncio.gather(*calls, return_exceptions=True)
    if any(isinstance(x, BaseException) for x in found):
        raise NotFast("statement error")
    return found


async def _part(
    context: Any, recall_id: str, trace: Trace, part: Shipments | Totals, recall: bool = False
) -> tuple[dict[str, Any] | None, Any]:
    """The part's rows and, when `recall`, the recall's row from the same statement."""
    cy, who = context.cypher, context.principal
    if isinstance(part, Shipments):
        return await data.page_and_recall(
            cy, who, data.Scope.RECALL, recall_id, trace.window, part.where, part.sort, part.page,
            total=part.total, fetch=part.fetch, recall=recall, brief=part.brief, keys=part.keys,
            stage=part.stage, units=part.units,
        )  # fmt: skip
    record = await impact_totals.totals(
        cy, who, data.Scope.RECALL, recall_id, trace.window, part.wanted, part.group_limit, recall=recall
    )
    return record["recall"], record


async def _root(root: Root, r: ImpactRenderer, context: Any) -> dict[str, Any] | None:
    parts = [(trace, key, part) for trace in root.traces.values() for key, part in trace.parts.items()]
    if not parts:
        [row] = await _all([context.loaders.by_id(RECALLS_BY_IDS).load(root.recall_id)])
        if not row:
            return None
        found: list[Any] = []
    else:
        # The first part's statement also returns the recall (one statement for the usual
        # `recall { impact { shipments } }`); the others run only when the recall is visible.
        first, *rest = parts
        [(row, value)] = await _all([_part(context, root.recall_id, first[0], first[2], recall=True)])
        if not row:
            return None
        found = [
            value,
            *(v for _, v in await _all([_part(context, root.recall_id, t, p) for t, _, p in rest])),
        ]
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
