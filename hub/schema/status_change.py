"""Shared pieces of the supervision mutations: result types, the timeline type, checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from graph_schema.lifecycle import RecordKind
from hub.auth import Role
from hub.context import Info
from hub.data import lifecycle as data
from hub.schema.common import date
from hub.schema.results import Forbidden, InvalidInput

strawberry.enum(
    RecordKind,
    description=(
        "Kind of supervision record with a lifecycle: filing, inspection (its result), review (the "
        "authority's review of a third-party lab's result), alert, order (disposal order) or shipment."
    ),
)


@strawberry.type(description="The record changed since the caller looked: `currentStatus` is what holds now.")
class Conflict:
    field: str = strawberry.field(description="Path of the input field that no longer holds.")
    message: str = strawberry.field(description="What is in the way.")
    current_status: str | None = strawberry.field(description="The record's status now.")


@strawberry.type(description="No record with that id (or none the caller may change).")
class NotFound:
    field: str = strawberry.field(description="Path of the input field naming the missing record.")
    message: str = strawberry.field(description="What was not found.")


@strawberry.type(description="One append-only entry of a record's timeline: who changed what, when and why.")
class StatusChange:
    id: strawberry.ID = strawberry.field(description="The change's id.")
    record_kind: RecordKind = strawberry.field(description="Kind of the record changed.")
    record_id: str = strawberry.field(description="Id of the record changed.")
    from_status: str | None = strawberry.field(description="Status before (null: the record was created).")
    to_status: str = strawberry.field(description="Status after.")
    effective_on: dt.date = strawberry.field(description="Date from which the new status holds (inclusive).")
    recorded_at: dt.datetime | None = strawberry.field(description="When the hub recorded the change.")
    agency_id: str | None = strawberry.field(description="The agency that made the change.")
    by_key: str | None = strawberry.field(description="Name of the API key that made the change.")
    reason: str | None = strawberry.field(description="Why.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StatusChange:
        at = row.get("at")
        return cls(
            id=strawberry.ID(row["changeId"]),
            record_kind=RecordKind(row["recordKind"]),
            record_id=row["recordId"],
            from_status=row.get("from"),
            to_status=row["to"],
            effective_on=date(row["on"]),  # type: ignore[arg-type]
            recorded_at=at.to_native() if at is not None else None,
            agency_id=row.get("agencyId"),
            by_key=row.get("byKey"),
            reason=row.get("reason"),
        )


async def timeline(info: Info, kind: RecordKind, record_id: str) -> list[StatusChange]:
    """A record's changes, oldest first (at most 200); one statement per kind per request."""
    rows: Any = await info.context.loaders.by_id(data.TIMELINE[kind]).load(record_id)
    return [StatusChange.from_row(r) for r in rows or []]


def a_kind(kind: RecordKind) -> str:
    """'a filing', 'an order': the record kind with its article, for messages."""
    return ("an " if kind.value[0] in "aeiou" else "a ") + kind.value


def acting_agency(info: Info, given: strawberry.ID | None, field: str) -> str | Forbidden:
    who = info.context.principal
    agency = str(given).strip() if given is not None else who.agency_id
    if agency != who.agency_id and who.role is not Role.ADMIN:
        return Forbidden(message=f"a regulator acts only for its own agency ({who.agency_id}); see {field}")
    return agency


def check_texts(texts: dict[str, str], limits: dict[str, int], prefix: str = "input.") -> InvalidInput | None:
    for name, value in texts.items():
        if not value:
            return InvalidInput(field=prefix + name, message="must not be empty")
        if len(value) > limits[name]:
            return InvalidInput(field=prefix + name, message=f"must be at most {limits[name]} characters")
    return None


def may_write(info: Info) -> Forbidden | None:
    if not info.context.principal.can_issue_orders:
        return Forbidden(message="only regulators and administrators may change supervision records")
    return None


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()
