"""The fast path: `enterprises` (with each one's shipments) and `shipment(id)` without resolvers.

An operation whose every root field is `enterprises` or `shipment`, selecting
only the fields hub/schema/fast_render.py lists, runs its compiled statements
(hub/data/compiled_slim.py: one per root field, visibility in Cypher, only the
selected properties) and renders
the response from the rows, skipping graphql-core's per-field execution
(its cost grows with rows x fields: 20 enterprises x 10 shipments x batches
take ~1,200 resolver calls). Parsing, validation, limits, the role guard and
the outcome (codes, audit line, X-Hub-Statements) run as for any operation;
anything else (another field, a directive, a variable default, an argument
the root resolver would refuse, a null in a non-null field) leaves the
operation to the general path, which then answers and reports exactly as
before. tests/hub/test_fast_path.py compares both paths.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    ExecutionResult,
    FieldNode,
    GraphQLError,
    GraphQLObjectType,
    located_error,
)
from strawberry.extensions import SchemaExtension

from hub.data import compiled_slim
from hub.data.enterprises import EnterpriseFilter
from hub.data.paging import Page, PageRequest
from hub.data.shipments import PartyRole
from hub.schema import fast_impact
from hub.schema.fast_render import (
    NotFast,
    arguments,
    collect,
    page_request,
    query_of,
)
from hub.schema.fast_slim import CHILD_FAMILY, ROOT_FAMILY, SLIM_OBJECTS, SLIM_SCALARS, SlimRenderer, note
from runtime.settings import Settings

PARTIES = ("seller", "platform", "importer", "logistics", "warehouse")
FETCHED_CHILD = {
    **{p: p for p in PARTIES},
    "batch": "batch",
    "product": "product",
    "declaration": "declaration",
}
# Operations answered by the fast path in this process (tests/hub/test_fast_path.py reads it).
ANSWERED = [0]


@dataclass
class Plan:
    fetch: set[str] = field(default_factory=set)
    shipments: tuple[PartyRole, PageRequest] | None = None


def plan_object(
    r: SlimRenderer,
    gtype: GraphQLObjectType,
    nodes: list[FieldNode],
    plan: Plan,
    settings: Settings,
    nested: bool,
    family: str,
) -> None:
    """Checks every selected field is one the renderer answers; notes what to fetch and read."""
    for group in r.fields(gtype, nodes).values():
        name = group[0].name.value
        if name == "__typename":
            continue
        if name in SLIM_SCALARS.get(gtype.name, {}):
            note(r.want, family, gtype.name, name)
        elif name in SLIM_OBJECTS.get(gtype.name, {}):
            if name in FETCHED_CHILD:
                plan.fetch.add(FETCHED_CHILD[name])
            if name == "carried":
                r.want["carried"] = True
            child = r.child_type(gtype, name)
            plan_object(r, child, group, plan, settings, nested=False, family=CHILD_FAMILY[name])
        elif gtype.name == "Enterprise" and name == "shipments" and nested:
            args = [arguments(gtype, node, r.variables) for node in group]
            if any(a != args[0] for a in args):
                raise NotFast("different arguments")
            role = args[0]["role"]
            if not isinstance(role, PartyRole):
                raise NotFast("role")
            page = page_request(args[0], settings)
            if plan.shipments is not None and plan.shipments != (role, page):
                raise NotFast("two pages of shipments")
            plan.shipments = (role, page)
            plan.fetch.add("shipments")
            plan_connection(r, r.child_type(gtype, name), group, plan, settings, "shipmentsTotal")
        else:
            raise NotFast(f"{gtype.name}.{name}")


def plan_connection(
    r: SlimRenderer,
    gtype: GraphQLObjectType,
    nodes: list[FieldNode],
    plan: Plan,
    settings: Settings,
    total: str,
) -> None:
    for group in r.fields(gtype, nodes).values():
        name = group[0].name.value
        if name == "totalCount":
            plan.fetch.add(total)
        elif name == "edges":
            edge = r.child_type(gtype, name)
            for inner in r.fields(edge, group).values():
                if inner[0].name.value == "node":
                    node_type = r.child_type(edge, "node")
                    nested = node_type.name == "Enterprise"
                    family = ROOT_FAMILY[node_type.name]
                    plan_object(r, node_type, inner, plan, settings, nested=nested, family=family)
        elif name == "pageInfo":
            r.fields(r.child_type(gtype, name), group)  # directives and fragments checked


def _filter(given: dict[str, Any] | None) -> EnterpriseFilter:
    """EnterpriseFilterInput.to_filter of the coerced argument (enums as members)."""
    given = given or {}
    kind, status = given.get("kind"), given.get("filingStatus")
    return EnterpriseFilter(
        kind=kind.value if kind is not None else None,
        country=given.get("country"),
        region=given.get("region"),
        name_contains=given.get("nameContains"),
        filing_status=status.value if status is not None else None,
        identifier=given.get("identifier"),
    )


class FastReads(SchemaExtension):
    """Answers the operations described in the module docstring; leaves the rest untouched."""

    async def on_execute(self) -> AsyncIterator[None]:
        ctx = self.execution_context
        if ctx.result is None and ctx.graphql_document is not None and not ctx.pre_execution_errors:
            try:
                if fast_impact.applies(ctx):  # recall(id) { impact ... }: hub/schema/fast_impact.py
                    ctx.result = await fast_impact.answer(ctx)
                else:
                    roots, renderer = self._plan(ctx)
                    ctx.result = await self._run(roots, renderer, ctx.context)
                ANSWERED[0] += 1
            except NotFast:
                pass  # the general path answers (statements already run are counted, none repeat a write)
        yield

    def _plan(self, ctx: Any) -> tuple[list[Root], SlimRenderer]:
        operation, variables, query_type, fragments = query_of(ctx)
        renderer = SlimRenderer(fragments, variables)
        settings: Settings = ctx.context.settings
        roots = []
        for key, group in collect(query_type, [operation.selection_set], renderer.fragments).items():
            name = group[0].name.value
            if name not in ("enterprises", "shipment") or len(group) != 1:
                raise NotFast("root field")
            gtype = renderer.child_type(query_type, name)
            plan = Plan()
            if name == "shipment":
                plan_object(renderer, gtype, group, plan, settings, nested=False, family="shipment")
            else:
                plan_connection(renderer, gtype, group, plan, settings, "total")
            roots.append(
                Root(key, name, group[0], gtype, plan, arguments(query_type, group[0], renderer.variables))
            )
        for root in roots:  # the root resolvers' own argument checks, before any statement
            if root.name == "enterprises":
                page_request(root.args, settings)
        return roots, renderer

    async def _run(self, roots: list[Root], renderer: SlimRenderer, context: Any) -> ExecutionResult:
        data: dict[str, Any] | None = {}
        errors: list[GraphQLError] = []
        for root in roots:
            try:
                value = await _answer(root, renderer, context)
            except NotFast:
                raise
            except Exception as error:  # as graphql-core reports a resolver's error
                errors.append(located_error(error, [root.node], [root.key]))
                if root.name == "enterprises":  # non-null: the error nulls the whole data
                    data = None
                    break
                value = None
            assert data is not None
            data[root.key] = value
        return ExecutionResult(data=data, errors=errors or None)


@dataclass
class Root:
    key: str
    name: str
    node: FieldNode
    gtype: GraphQLObjectType
    plan: Plan
    args: dict[str, Any]


async def _answer(root: Root, renderer: SlimRenderer, context: Any) -> Any:
    cy, who, plan, args = context.cypher, context.principal, root.plan, root.args
    if root.name == "shipment":
        row = await compiled_slim.shipment_by_id(cy, who, str(args["id"]), plan.fetch, renderer.want)
        return None if row is None else renderer.object(root.gtype, row, [root.node])
    page = page_request(args, context.settings)
    sort = args["sort"]
    result = await compiled_slim.list_enterprises(
        cy, who, _filter(args.get("filter")), sort, page,
        total="total" in plan.fetch, fetch=plan.fetch, want=renderer.want, shipments=plan.shipments,
    )  # fmt: skip
    renderer.nested_page = _nested(renderer, plan)
    node_type = renderer.child_type(renderer.child_type(root.gtype, "edges"), "node")
    return renderer.connection(root.gtype, result, [root.node], node_type)


def _nested(renderer: SlimRenderer, plan: Plan) -> Any:
    def page(row: dict[str, Any], group: list[FieldNode], gtype: GraphQLObjectType) -> dict[str, Any]:
        found = row.get("shipments")
        if found is None or plan.shipments is None:
            raise NotFast("shipments not projected")
        request = plan.shipments[1]
        rows = found["rows"]
        page = Page(rows=rows[: request.limit], skip=request.skip, has_next=len(rows) > request.limit,
                    total=found.get("total"))  # fmt: skip
        node_type = renderer.child_type(renderer.child_type(gtype, "edges"), "node")
        return renderer.connection(gtype, page, group, node_type)

    return page
