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
from math import isfinite
from operator import attrgetter
from typing import Any

from graphql import (
    ExecutionResult,
    FieldNode,
    GraphQLEnumType,
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
# Types whose objects an answer shares among its paths (party_paths.path_of): rendered once each.
SHARED = frozenset({"PartyNode", "PathLink"})
_ENUM_NAMES: dict[str, tuple[GraphQLEnumType, dict[Any, str]]] = {}  # by type name: (type, member -> name)
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
        required = isinstance(gtype, GraphQLNonNull)
        inner = gtype.of_type if isinstance(gtype, GraphQLNonNull) else gtype
        if isinstance(inner, GraphQLList):
            item = self._complete(inner.of_type, nodes)

            def many(value: Any) -> Any:
                if value is None:
                    if required:
                        raise NotFast("null in a non-null field")
                    return None
                return [item(v) for v in value]

            return many
        if is_leaf_type(inner):
            serialize = _serializer(inner)

            def leaf(value: Any) -> Any:
                if value is None:
                    if required:
                        raise NotFast("null in a non-null field")
                    return None
                return serialize(value)

            return leaf
        if not isinstance(inner, GraphQLObjectType):
            raise NotFast("abstract type")
        steps = self.steps(inner, nodes)
        if inner.name in SHARED:
            # Rendered once per object and selection: the answer shares one object per row
            # (party_paths.path_of), and most nodes and links recur on many paths. The memo
            # keeps the object itself, so its id cannot be reused while the memo lives.
            memo: dict[int, tuple[Any, dict[str, Any]]] = {}

            def shared(value: Any) -> Any:
                if value is None:
                    if required:
                        raise NotFast("null in a non-null field")
                    return None
                found = memo.get(id(value))
                if found is None:
                    found = memo[id(value)] = (value, {k: c(get(value)) for k, get, c in steps})
                return found[1]

            return shared

        def one(value: Any) -> Any:
            if value is None:
                if required:
                    raise NotFast("null in a non-null field")
                return None
            return {key: complete(get(value)) for key, get, complete in steps}

        return one


def _serializer(gtype: Any) -> Callable[[Any], Any]:
    """The leaf type's own `serialize`, with a shortcut for the values it returns unchanged or looks up.

    A str for String and ID, a bool for Boolean, a 32-bit int for Int and a
    finite float for Float come out as they are; an enum member comes out as
    its name (strawberry's enum type matches members by value); anything else
    goes through `serialize` itself.
    """
    serialize = gtype.serialize
    if isinstance(gtype, GraphQLEnumType):
        cls = getattr(gtype, "wrapped_cls", None)
        names = _ENUM_NAMES.get(gtype.name)
        if names is None or names[0] is not gtype:  # worked out once per schema's enum type
            members = {
                member: name
                for name, value in gtype.values.items()
                for member in (cls or ())
                if member.value == value.value
            }
            names = _ENUM_NAMES[gtype.name] = (gtype, members)
        found = names[1]
        return lambda v: found[v] if v.__class__ is cls else serialize(v)
    same = {"String": str, "ID": str, "Boolean": bool}.get(gtype.name)
    if same is not None:
        return lambda v: v if v.__class__ is same else serialize(v)
    if gtype.name == "Int":
        return lambda v: v if v.__class__ is int and -(2**31) <= v < 2**31 else serialize(v)
    if gtype.name == "Float":
        return lambda v: v if v.__class__ is float and isfinite(v) else serialize(v)
    return serialize  # type: ignore[no-any-return]


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
