"""Agencies: customs, inspection and partner authorities."""

from __future__ import annotations

from typing import Any

import strawberry

from hub.schema.common import AgencyKind


@strawberry.type(description="A customs, inspection or partner authority.")
class Agency:
    id: strawberry.ID = strawberry.field(description="The hub's agency id (natural key).")
    name: str = strawberry.field(description="Official name.")
    kind: AgencyKind = strawberry.field(description="Kind of authority.")
    country: str = strawberry.field(description="Country (ISO alpha-2).")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Agency:
        return cls(
            id=strawberry.ID(row["agencyId"]),
            name=row["name"],
            kind=AgencyKind(row["kind"]),
            country=row["country"],
        )
