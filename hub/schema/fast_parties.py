"""The fast path for related parties: `relatedParties` and `connection` without per-field resolvers.

The general path builds the answer objects (hub/schema/parties.py: related
enterprises, signals, paths of nodes and links), then graphql-core and
strawberry resolve and complete them field by field: 20 related enterprises
x 3 paths x ~7 nodes and links x ~6 fields is ~3,000 resolver calls, most of
the request's Python time. Here the same answer objects, built by the same
functions after the same statements (`related_answer`, `connection_answer`:
visibility, depth cap and page as on the general path), are rendered along
the validated selection by a walk worked out once per request: read the
attribute (or call the field's argument-free method, e.g. `PartyPath.text`),
then serialise it with the schema's own scalar or enum type.

Anything else leaves the operation to the general path, which answers and
reports exactly as before: another root field, a directive, a fragment on
another type, an argument on a nested field, an object type not listed in
`TYPES`, a null in a non-null field, or any error (an unknown enterprise, a
bad argument, a statement's failure: the general path then runs the
statements again and reports the error at its own path).
tests/hub/test_fast_parties.py compares both paths for every role.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable
from operator import attrgetter
from typing import Any

from graphql import (
    ExecutionResult,
    FieldNode,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    OperationDefinitionNode,
    is_leaf_type,
)
from strawberry.extensions import SchemaExtension

from hub.schema.fast_render import NotFast, arguments, collect, query_of
from hub.schema.parties import connection_answer, related_answer

# Operations answered by this fast path in this process (tests/hub/test_fast_parties.py reads it).
ANSWERED = [0]
ROOTS = frozenset({"relatedParties", "connection"})
# The object types it renders: every field of theirs is a plain attribute or an argument-free method.
TYPES = frozenset(
    {
        "RelatedParties",
        "RelatedPartyEdge",
        "RelatedParty",
        "LinkSignal",
        "PartyNode",
        "PartyPath",
        "PathLink",
        "PageInfo",
        "PartyLinks",
    }
)
BACKREF = "strawberry-definition"  # where strawberry keeps a GraphQL field's own definition

Complete = Callable[[Any], Any]
Step = tuple[str, Callable[[Any], Any], Complete]


class ObjectRenderer:
    """Renders answer objects along the request's selection (fragments and variables are the request's)."""

    def __init__(self, fragments: dict[str, Any]) -> None:
        self.fragments = fragments
        self._steps: dict[tuple[Any, ...], list[Step]] = {}

    def steps(self, gtype: GraphQLObjectType, nodes: list[FieldNode]) -> list[Step]:
        """What rendering one object of `gtype` does per response key: worked out once per selection."""
        key = (gtype.name, *map(id, nodes))
        found = self._steps.get(key)
        if found is None:
            if gtype.name not in TYPES:
                raise NotFast(gtype.name)
            found = self._steps[key] = []
            selected = collect(gtype, [n.selection_set for n in nodes], self.fragments)
            for out_key, group in selected.items():
                name = group[0].name.value
                if name == "__typename":
                    found.append((out_key, _constant(gtype.name), _same))
                    continue
                gfield = gtype.fields[name]
                if gfield.args or any(node.arguments for node in group):
                    raise NotFast(f"{gtype.name}.{name} takes arguments")
                found.append(
                    (out_key, _getter(gfield.extensions[BACKREF]), self._complete(gfield.type, group))
                )
        return found

    def _complete(self, gtype: GraphQLOutputType, nodes: list[FieldNode]) -> Complete:
        """How a value of `gtype` is completed as graphql-core completes it (a null in non-null: NotFast)."""
        if isinstance(gtype, GraphQLNonNull):
            inner = self._complete(gtype.of_type, nodes)

            def required(value: Any) -> Any:
                if value is None:
                    raise NotFast("null in a non-null field")
                return inner(value)

            return required
        if isinstance(gtype, GraphQLList):
            item = self._complete(gtype.of_type, nodes)
            return lambda value: None if value is None else [item(v) for v in value]
        if is_leaf_type(gtype):
            serialize = gtype.serialize
            return lambda value: None if value is None else serialize(value)
        if not isinstance(gtype, GraphQLObjectType):
            raise NotFast("abstract type")
        steps = self.steps(gtype, nodes)
        return lambda value: None if value is None else render(steps, value)


def render(steps: list[Step], obj: Any) -> dict[str, Any]:
    return {key: complete(get(obj)) for key, get, complete in steps}


def _same(value: Any) -> Any:
    return value


def _constant(value: Any) -> Callable[[Any], Any]:
    return lambda _: value


def _getter(field: Any) -> Callable[[Any], Any]:
    """The attribute strawberry's default resolver reads, or the field's own method called on the object."""
    resolver = field.base_resolver
    if resolver is None:
        return attrgetter(field.python_name)
    method = resolver.wrapped_func
    if resolver.is_async or field.arguments or len(inspect.signature(method).parameters) != 1:
        raise NotFast(f"resolver {field.python_name}")
    return method  # type: ignore[no-any-return]


def applies(ctx: Any) -> bool:
    """Every root field of the one operation is `relatedParties` or `connection` (the rest is `answer`'s)."""
    document = ctx.graphql_document
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return len(operations) == 1 and all(
        isinstance(s, FieldNode) and s.name.value in ROOTS for s in operations[0].selection_set.selections
    )


async def _root(ctx: Any, name: str, args: dict[str, Any]) -> Any:
    """The root resolver's answer object, from the coerced arguments (enums as members, dates as dates)."""
    via, as_of = args.get("via"), args.get("asOf")
    if name == "relatedParties":
        return await related_answer(
            ctx, str(args["enterpriseId"]), args["maxHops"], via, as_of, args["first"], args.get("after")
        )
    return await connection_answer(
        ctx, str(args["fromEnterpriseId"]), str(args["toEnterpriseId"]), args["maxHops"], via, as_of
    )


async def answer(ctx: Any) -> ExecutionResult:
    """The operation's result, or NotFast (before any statement when the selection is not ours)."""
    operation, variables, query_type, fragments = query_of(ctx)
    renderer = ObjectRenderer(fragments)
    roots = []
    for key, group in collect(query_type, [operation.selection_set], fragments).items():
        name = group[0].name.value
        if name not in ROOTS or len(group) != 1:
            raise NotFast("root field")
        gfield = query_type.fields[name]
        complete = renderer._complete(gfield.type, group)  # the whole selection checked before any statement
        roots.append((key, name, arguments(query_type, group[0], variables), complete))
    data: dict[str, Any] = {}
    for key, name, args, complete in roots:
        try:
            data[key] = complete(await _root(ctx.context, name, args))
        except NotFast:
            raise
        except Exception:
            raise NotFast("error") from None  # the general path reports it, at its own path
    return ExecutionResult(data=data)


class FastParties(SchemaExtension):
    """Answers the operations described in the module docstring; leaves the rest untouched."""

    async def on_execute(self) -> AsyncIterator[None]:
        ctx = self.execution_context
        if ctx.result is None and ctx.graphql_document is not None and not ctx.pre_execution_errors:
            try:
                if applies(ctx):
                    ctx.result = await answer(ctx)
                    ANSWERED[0] += 1
            except NotFast:
                pass  # the general path answers (statements already run are counted; all are reads)
        yield
