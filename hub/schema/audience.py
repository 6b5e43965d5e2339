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
from hub.errors import Forbidden


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
            refused = _refused_fields(context.schema._schema, document, context.context.principal.role)
            if refused:
                context.result = ExecutionResult(data=None, errors=refused)
        yield


def _refused_fields(schema: GraphQLSchema, document: DocumentNode, role: Role) -> list[GraphQLError]:
    found: list[GraphQLError] = []
    type_info = TypeInfo(schema)

    class Check(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            parent = type_info.get_parent_type()
            name = node.name.value
            if parent is None or name.startswith("__") or parent.name.startswith("__"):
                return
            rule = policy.rule(parent.name, name)
            if rule is None or not (rule.allows(role) or rule.typed_refusal):
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
