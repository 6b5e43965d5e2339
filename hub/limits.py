"""Operation limits that cannot themselves be attacked.

One pass over the parsed document measures, for the operation to run: the
fields it would resolve with every fragment spread expanded, its depth, its
aliases, its directives and its cost. Each fragment is measured once and its
figures reused wherever it is spread, so the pass is linear in the document's
size however often fragments spread each other (`fragment F2 on X { ...F1
...F1 }` 39 levels deep is measured in microseconds, its expanded size being
just a large integer). The pass runs before any validation rule, so no other
rule ever walks a document above these limits.

Cost: each field counts 1 for every time it would be resolved; a field with a
`first` argument multiplies the cost of its selection by `first` (the
argument's default when absent), so nested lists multiply; `edges` inside a
connection (a type with `pageInfo`) is already counted by the `first` that paged it; any other list
field multiplies by LIST_GUESS. docs/operations.md states the figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    value_from_ast,
    value_from_ast_untyped,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef

from hub.errors import CostLimit, HubError

MAX_NODES: Final = 400  # field nodes written in the document (each fragment once)
MAX_EXPANDED: Final = 5_000  # fields with every spread expanded
MAX_DEPTH: Final = 12
MAX_ALIASES: Final = 30  # with spreads expanded
MAX_DIRECTIVES: Final = 20  # with spreads expanded
MAX_TOKENS: Final = 2_000  # counted before parsing (prescan); the parser enforces it too
MAX_QUERY_CHARS: Final = 64 * 1024  # values this large belong in variables
MAX_NESTING: Final = 48  # brackets, braces and parentheses open at once
DEFAULT_MAX_COST: Final = 100_000  # HUB_MAX_COST
LIST_GUESS: Final = 10  # assumed length of a list field without `first`
PAGE_ARGUMENT: Final = "first"


@dataclass(frozen=True)
class Measure:
    nodes: int = 0
    depth: int = 0
    aliases: int = 0
    directives: int = 0
    cost: int = 0

    def __add__(self, other: Measure) -> Measure:
        return Measure(
            self.nodes + other.nodes,
            max(self.depth, other.depth),
            self.aliases + other.aliases,
            self.directives + other.directives,
            self.cost + other.cost,
        )


# GraphQL's tokens, approximately and in linear time: comments and strings
# (single-line, unrolled so that no input backtracks), names, numbers,
# punctuators. Block strings are counted word by word, an overestimate.
_TOKEN = re.compile(
    r'#[^\n\r]*|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|[_A-Za-z][_0-9A-Za-z]*|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?'
    r"|\.\.\.|[!$&()\[\]{}:=@|\"]"
)
_OPEN: Final = frozenset("{[(")
_CLOSE: Final = frozenset("}])")


def prescan(text: str) -> None:
    """Refuse a text above MAX_QUERY_CHARS, of more than MAX_TOKENS tokens (comments count) or nested past MAX_NESTING.

    Runs before the parser, whose lexer is pure Python and whose recursion
    could overflow the stack: a refused flood costs one C-level regex scan,
    stopped at the first token past the limit.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise CostLimit(
            "characters", len(text), MAX_QUERY_CHARS, "send a shorter document; pass values as variables"
        )
    depth = 0
    for count, match in enumerate(_TOKEN.finditer(text), start=1):
        if count > MAX_TOKENS:
            raise CostLimit("tokens", count, MAX_TOKENS, "send a shorter document")
        first = text[match.start()]
        if first in _OPEN:
            depth += 1
            if depth > MAX_NESTING:
                raise CostLimit("nesting", depth, MAX_NESTING, "nest fewer selections and values")
        elif first in _CLOSE:
            depth -= 1


class FragmentCycle(HubError):
    pass


def _spreads(selection_set: SelectionSetNode) -> set[str]:
    """Names of the fragments spread anywhere inside a selection set."""
    found: set[str] = set()
    stack = [selection_set]
    while stack:
        for node in stack.pop().selections:
            if isinstance(node, FragmentSpreadNode):
                found.add(node.name.value)
            elif isinstance(node, FieldNode | InlineFragmentNode) and node.selection_set is not None:
                stack.append(node.selection_set)
    return found


def _field_def(parent: GraphQLNamedType | None, name: str, schema: GraphQLSchema) -> GraphQLField | None:
    if name == "__typename":
        return TypeNameMetaFieldDef
    if parent is schema.query_type and name == "__schema":
        return SchemaMetaFieldDef
    if parent is schema.query_type and name == "__type":
        return TypeMetaFieldDef
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        found: GraphQLField | None = parent.fields.get(name)
        return found
    return None


def _introspective(parent: Any, name: str) -> bool:
    return name.startswith("__") or (parent is not None and str(parent.name).startswith("__"))


def _is_list(type_: Any) -> bool:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


class _Walker:
    def __init__(
        self, schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any], read: set[str]
    ) -> None:
        self.schema = schema
        self.variables = variables
        self.read = read  # the variables whose values the figures depend on (page sizes)
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.done: dict[str, Measure] = {}
        self.written = 0  # field nodes as written, each fragment once

    def measure_fragments(self) -> None:
        """Measure every fragment once, those it spreads first; refuse cycles.

        Working in dependency order keeps the walk free of recursion across
        fragments, so a chain of spreads hundreds long costs no stack.
        """
        waiting = {
            name: _spreads(d.selection_set) & self.fragments.keys() for name, d in self.fragments.items()
        }
        while waiting:
            ready = [name for name, needs in waiting.items() if not needs]
            if not ready:
                names = ", ".join(sorted(waiting)[:5])
                raise FragmentCycle(f"fragments spread each other in a cycle ({names})")
            for name in ready:
                definition = self.fragments[name]
                parent = self.schema.get_type(definition.type_condition.name.value)
                self.done[name] = self.selections(definition.selection_set, parent, 0)
                del waiting[name]
            for needs in waiting.values():
                needs.difference_update(ready)

    def fragment(self, name: str) -> Measure:
        return self.done.get(name, Measure())  # an unknown fragment: validation names it

    def multiplier(self, node: FieldNode, field: GraphQLField | None, parent: Any) -> int:
        if field is None:
            return 1
        if PAGE_ARGUMENT in field.args:
            for argument in node.arguments or ():
                if argument.name.value == PAGE_ARGUMENT:
                    value = argument.value
                    if isinstance(value, VariableNode):
                        self.read.add(value.name.value)
                    if isinstance(value, IntValueNode | VariableNode):
                        found = value_from_ast(value, field.args[PAGE_ARGUMENT].type, self.variables)
                        return max(int(found), 1) if isinstance(found, int) else 1
                    return 1  # not an integer: validation rejects it
            default = field.args[PAGE_ARGUMENT].default_value
            return max(int(default), 1) if isinstance(default, int) else LIST_GUESS
        if _is_list(field.type):
            # A connection's edges (on any type with pageInfo) are the page its `first` counted.
            on_connection = (
                node.name.value == "edges"
                and isinstance(parent, GraphQLObjectType)
                and "pageInfo" in parent.fields
            )
            return 1 if on_connection else LIST_GUESS
        return 1

    def selections(self, selection_set: SelectionSetNode | None, parent: Any, depth: int) -> Measure:
        """The figures of a selection set; `depth` is where it sits inside its fragment or operation."""
        total = Measure()
        if selection_set is None:
            return total
        for node in selection_set.selections:
            directives = Measure(directives=len(node.directives or ()))
            if isinstance(node, FieldNode):
                self.written += 1
                if self.written > MAX_NODES:
                    raise CostLimit("writtenFields", self.written, MAX_NODES, "split the query")
                # Introspection (fields named __x, fields of __Type and the like) reads the
                # schema, not the graph: it adds no depth; its lists still count in the cost,
                # which stops cyclic introspection; the prescan's nesting cap bounds recursion.
                level = 0 if _introspective(parent, node.name.value) else 1
                if depth + level > MAX_DEPTH:  # also bounds this walk's recursion
                    raise CostLimit("depth", depth + level, MAX_DEPTH, "nest fewer selections")
                field = _field_def(parent, node.name.value, self.schema)
                child_type = get_named_type(field.type) if field is not None else None
                child = self.selections(node.selection_set, child_type, depth + level)
                times = self.multiplier(node, field, parent)
                own = Measure(1 + child.nodes, level + child.depth, int(node.alias is not None) + child.aliases,
                              child.directives, 1 + times * child.cost)  # fmt: skip
                total = total + own + directives
            elif isinstance(node, InlineFragmentNode):
                condition = node.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total = total + self.selections(node.selection_set, inner, depth) + directives
            elif isinstance(node, FragmentSpreadNode):
                total = total + self.fragment(node.name.value) + directives
            if total.nodes > MAX_EXPANDED:
                raise CostLimit("expandedFields", total.nodes, MAX_EXPANDED,
                                "spread fewer fragments")  # fmt: skip
        return total


def measure(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any],
    max_cost: int,
    read: set[str] | None = None,
) -> Measure:
    """The figures of the operation that would run (the named one, else the first); CostLimit above a limit.

    `read` receives the names of the variables the figures depend on (the page sizes
    given as variables): with the text, they are all a measure depends on.
    """
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name is not None and o.name.value == operation_name]
    values = dict(variables)
    for operation in operations[:1]:
        for definition in operation.variable_definitions or ():
            name = definition.variable.name.value
            if name not in values and definition.default_value is not None:
                values[name] = value_from_ast_untyped(definition.default_value)
    walker = _Walker(schema, document, values, read if read is not None else set())
    walker.measure_fragments()
    total = Measure()
    for operation in operations[:1]:
        root = schema.get_root_type(operation.operation)
        total = walker.selections(operation.selection_set, root, 0)
        total = total + Measure(directives=len(operation.directives or ()))
        check(total, max_cost)
    return total


def check(measured: Measure, max_cost: int) -> None:
    """Raise CostLimit for the first limit the operation exceeds, in a fixed order."""
    if measured.nodes > MAX_EXPANDED:
        raise CostLimit("expandedFields", measured.nodes, MAX_EXPANDED,
                        "spread fewer fragments")  # fmt: skip
    if measured.depth > MAX_DEPTH:
        raise CostLimit("depth", measured.depth, MAX_DEPTH, "nest fewer selections")
    if measured.aliases > MAX_ALIASES:
        raise CostLimit("aliases", measured.aliases, MAX_ALIASES, "use fewer aliases")
    if measured.directives > MAX_DIRECTIVES:
        raise CostLimit("directives", measured.directives, MAX_DIRECTIVES, "use fewer directives")
    if measured.cost > max_cost:
        raise CostLimit("cost", measured.cost, max_cost,
                        "ask for smaller pages (first) or fewer nested lists")  # fmt: skip
