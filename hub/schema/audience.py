"""A strawberry Schema that publishes only the fields the access policy gives an audience.

Partners get their own schema: parcel-level types, related parties and the
mutation are absent from it, so introspection, GraphiQL and validation
errors ("Cannot query field...") show a partner only what it may use.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import strawberry
from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    visit,
)
from strawberry.extensions import SchemaExtension
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.field import StrawberryField

from hub import policy
from hub.auth import Role
from hub.doc_cache import MAX_CACHED_TEXT, VALID_BUDGET, BudgetCache, digest
from hub.errors import Forbidden

# (schema, text) -> the (parent type, field) pairs the text selects (RoleGuard); charged per pair.
_USED: BudgetCache[tuple[tuple[str, str], ...]] = BudgetCache(64 * VALID_BUDGET)


class AudienceSchema(strawberry.Schema):
    """`strawberry.Schema` whose types keep only the fields `roles` may use (default deny)."""

    def __init__(self, roles: frozenset[Role], **kwargs: Any) -> None:
        self.audience_roles = roles
        super().__init__(**kwargs)

    def get_fields(self, type_definition: StrawberryObjectDefinition) -> list[StrawberryField]:
        type_name = self.config.name_converter.from_object(type_definition)
        return [
            field
            for field in type_definition.fields
            if policy.in_audience(
                self.audience_roles, type_name, self.config.name_converter.from_field(field)
            )
        ]


def has_mutations(roles: frozenset[Role]) -> bool:
    return any(r.roles & roles for r in policy.POLICY.get("Mutation", {}).values())


class RoleGuard(SchemaExtension):
    """Refuses, before anything runs, a field the caller's role may not use although
    its audience's schema has it (e.g. a field for regulators only, asked by an analyst).

    Runs once the document is valid, as execution starts: a result set here means
    no resolver runs. Fields whose resolver gives a typed refusal
    (`Rule.typed_refusal`) are left to it.
    """

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.result is None:
            role: Role = context.context.principal.role
            schema = context.schema._schema
            text = context.query
            # The fields a text uses (parent type, name) depend only on the schema and the
            # text: walked once, then each request checks the policy's rules for those
            # pairs (the rules, read now, decide; a refusal walks again to name the nodes).
            key = (
                digest(f"{id(context.schema)}\n{text}")
                if text is not None and len(text) <= MAX_CACHED_TEXT
                else None
            )
            used = _USED.get(key) if key is not None else None
            if used is None:
                used = _fields_used(schema, document)
                if key is not None:
                    _USED.put(key, used, len(used) + 1)
            if not all(_allowed(parent, name, role) for parent, name in used):
                context.result = ExecutionResult(data=None, errors=_refused_fields(schema, document, role))
        yield


def _allowed(parent: str, name: str, role: Role) -> bool:
    rule = policy.rule(parent, name)
    return rule is not None and (rule.allows(role) or rule.typed_refusal)


def _fields_used(schema: GraphQLSchema, document: DocumentNode) -> tuple[tuple[str, str], ...]:
    """Every (parent type, field) the document selects, introspection aside."""
    found: set[tuple[str, str]] = set()
    type_info = TypeInfo(schema)

    class Collect(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            parent = type_info.get_parent_type()
            name = node.name.value
            if parent is not None and not name.startswith("__") and not parent.name.startswith("__"):
                found.add((parent.name, name))

    visit(document, TypeInfoVisitor(type_info, Collect()))
    return tuple(sorted(found))


def _refused_fields(schema: GraphQLSchema, document: DocumentNode, role: Role) -> list[GraphQLError]:
    found: list[GraphQLError] = []
    type_info = TypeInfo(schema)

    class Check(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            parent = type_info.get_parent_type()
            name = node.name.value
            if parent is None or name.startswith("__") or parent.name.startswith("__"):
                return
            if not _allowed(parent.name, name, role):
                found.append(
                    GraphQLError(
                        f"field {parent.name}.{name} is not available to the {role.value} role",
                        nodes=[node],
                        original_error=Forbidden(f"{parent.name}.{name}"),
                        extensions={"code": "FORBIDDEN"},
                    )
                )

    visit(document, TypeInfoVisitor(type_info, Check()))
    return found
