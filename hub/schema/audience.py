"""A strawberry Schema that publishes only the fields the access policy gives an audience.

Partners get their own schema: parcel-level types, related parties and the
mutation are absent from it, so introspection, GraphiQL and validation
errors ("Cannot query field...") show a partner only what it may use.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.field import StrawberryField

from hub import policy
from hub.auth import Role


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
