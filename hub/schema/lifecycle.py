"""Status changes of supervision records: `changeStatus`, third-party reviews, timelines."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Annotated

import strawberry

from graph_schema.lifecycle import LIFECYCLES, RecordKind
from hub.auth import Role
from hub.context import Info
from hub.data import lifecycle as data
from hub.schema.results import Forbidden, InvalidInput
from hub.schema.status_change import (
    Conflict,
    NotFound,
    StatusChange,
    a_kind,
    acting_agency,
    check_texts,
    may_write,
    today,
)

LIMITS = {"clientRequestId": 100, "reason": 2000}


@strawberry.type(description="The change was recorded (now, or by an earlier try of the same request).")
class StatusChanged:
    change: StatusChange = strawberry.field(description="The change.")
    created: bool = strawberry.field(
        description="False when a retry of the same client request id found the change already made."
    )


ChangeStatusResult = Annotated[
    StatusChanged | InvalidInput | Forbidden | NotFound | Conflict,
    strawberry.union("ChangeStatusResult", description="The change, or why it was not made."),
]


@strawberry.input(description="A status change of one record, checked against its transition table.")
class ChangeStatusInput:
    client_request_id: str = strawberry.field(
        description="The client's id for this request (1 to 100 characters); a retry returns the first change."
    )
    record_kind: RecordKind = strawberry.field(description="Kind of record.")
    record_id: strawberry.ID = strawberry.field(description="Id of the record.")
    expected_status: str = strawberry.field(
        description="The status the caller believes is current; a different current status is a Conflict."
    )
    status: str = strawberry.field(description="The new status (see docs/supervision.md for each table).")
    reason: str = strawberry.field(description="Why (1 to 2000 characters).")
    effective_on: dt.date | None = strawberry.field(
        default=None, description="Date from which the new status holds; default today (UTC)."
    )
    agency_id: strawberry.ID | None = strawberry.field(
        default=None, description="Acting agency; default and only choice for a regulator: its own."
    )


async def apply_change(info: Info, change: data.Change) -> ChangeStatusResult:
    """Runs a validated change and turns its outcome into a result type."""
    admin = info.context.principal.role is Role.ADMIN
    done = await data.change_status(info.context.cypher, change, admin=admin)
    kind = change.kind.value
    if done.outcome == "missing":
        return NotFound(field="input.recordId", message=f"no {kind} {change.record_id!r}")
    if done.outcome == "no_agency":
        return InvalidInput(field="input.agencyId", message=f"no agency {change.agency_id!r}")
    if done.outcome == "reused":
        return InvalidInput(
            field="input.clientRequestId",
            message="already used for a different change; use a new id for a new request",
        )
    if done.outcome == "forbidden":
        return Forbidden(message=f"the {kind} {change.record_id!r} belongs to agency {done.owner}")
    if done.outcome == "conflict":
        return Conflict(
            field="input.expectedStatus",
            message=f"the {kind} {change.record_id!r} is {done.current!r}, not {change.expected!r}",
            current_status=done.current,
        )
    if done.outcome == "no_successor":
        return InvalidInput(
            field="input.newOrderId",
            message=f"no open order {change.superseded_by!r} that supersedes nothing yet",
        )
    if done.outcome == "too_early":
        return InvalidInput(
            field="input.effectiveOn",
            message=f"must not be before the record's last change ({done.last_on})",
        )
    assert done.change is not None
    return StatusChanged(change=StatusChange.from_row(done.change), created=done.outcome == "ok")


def validate_change(
    info: Info, given: ChangeStatusInput, kind: RecordKind, *, reserved: bool = False
) -> data.Change | InvalidInput | Forbidden:
    texts = {
        "clientRequestId": given.client_request_id.strip(),
        "reason": given.reason.strip(),
        "recordId": str(given.record_id).strip(),
    }
    bad = check_texts(texts, {**LIMITS, "recordId": 200})
    if bad:
        return bad
    agency = acting_agency(info, given.agency_id, "input.agencyId")
    if isinstance(agency, Forbidden):
        return agency
    life = LIFECYCLES[kind]
    expected, to = given.expected_status.strip(), given.status.strip()
    if expected not in life.statuses:
        return InvalidInput(
            field="input.expectedStatus",
            message=f"must be one of {', '.join(life.statuses)} for {a_kind(kind)}",
        )
    if not reserved and not data.transition_allowed(kind, expected, to):
        allowed = [s for s in life.allowed_from(expected) if data.transition_allowed(kind, expected, s)]
        return InvalidInput(
            field="input.status",
            message=f"{a_kind(kind)} goes from {expected} only to: {', '.join(allowed) or 'nothing (final)'}",
        )
    on = given.effective_on or today()
    if on > today():
        return InvalidInput(field="input.effectiveOn", message="must not be in the future")
    return data.Change(
        kind=kind,
        record_id=texts["recordId"],
        expected=expected,
        to=to,
        on=on,
        reason=texts["reason"],
        client_request_id=texts["clientRequestId"],
        agency_id=agency,
        by_key=info.context.principal.key_id,
    )


@strawberry.input(description="The authority's decision on a third-party lab's result.")
class ReviewInput:
    client_request_id: str = strawberry.field(
        description="The client's id for this request (1 to 100 characters); a retry returns the first change."
    )
    inspection_id: strawberry.ID = strawberry.field(description="The lab's inspection.")
    reason: str = strawberry.field(description="Why (1 to 2000 characters).")
    effective_on: dt.date | None = strawberry.field(
        default=None, description="Date of the decision; default today."
    )
    agency_id: strawberry.ID | None = strawberry.field(
        default=None, description="Deciding agency; default and only choice for a regulator: its own."
    )


async def _review(info: Info, given: ReviewInput, verdict: str) -> ChangeStatusResult:
    denied = may_write(info)
    if denied:
        return denied
    change = validate_change(
        info,
        ChangeStatusInput(
            client_request_id=given.client_request_id,
            record_kind=RecordKind.REVIEW,
            record_id=given.inspection_id,
            expected_status="unreviewed",
            status=verdict,
            reason=given.reason,
            effective_on=given.effective_on,
            agency_id=given.agency_id,
        ),
        RecordKind.REVIEW,
    )
    if not isinstance(change, data.Change):
        return change
    result = await apply_change(info, change)
    if isinstance(result, NotFound):
        return NotFound(field="input.inspectionId", message=result.message.replace("review", "inspection"))
    if isinstance(result, Conflict):
        return Conflict(
            field="input.inspectionId",
            message=(
                f"inspection {change.record_id!r} is not an unreviewed lab result"
                f" (review: {result.current_status or 'none: not performed by a lab'})"
            ),
            current_status=result.current_status,
        )
    return result


@strawberry.input(
    description="Replace a closed disposal order by a new one (a closed order is never reopened)."
)
class SupersedeOrderInput:
    client_request_id: str = strawberry.field(
        description="The client's id for this request (1 to 100 characters); a retry returns the first change."
    )
    order_id: strawberry.ID = strawberry.field(description="The closed order.")
    new_order_id: strawberry.ID = strawberry.field(
        description="The open order that replaces it (issue it first with issueRecall)."
    )
    reason: str = strawberry.field(description="Why (1 to 2000 characters).")
    effective_on: dt.date | None = strawberry.field(
        default=None, description="Date of the change; default today."
    )
    agency_id: strawberry.ID | None = strawberry.field(
        default=None, description="Acting agency; default and only choice for a regulator: its own."
    )


async def _supersede(info: Info, given: SupersedeOrderInput) -> ChangeStatusResult:
    denied = may_write(info)
    if denied:
        return denied
    change = validate_change(
        info,
        ChangeStatusInput(
            client_request_id=given.client_request_id,
            record_kind=RecordKind.ORDER,
            record_id=given.order_id,
            expected_status="closed",
            status="closed",  # validated below with the reserved transition
            reason=given.reason,
            effective_on=given.effective_on,
            agency_id=given.agency_id,
        ),
        RecordKind.ORDER,
        reserved=True,
    )
    if not isinstance(change, data.Change):
        return change
    successor = str(given.new_order_id).strip()
    if not successor:
        return InvalidInput(field="input.newOrderId", message="must not be empty")
    result = await apply_change(info, replace(change, to="superseded", superseded_by=successor))
    if isinstance(result, NotFound):
        return NotFound(field="input.orderId", message=result.message)
    if isinstance(result, Conflict):
        return Conflict(
            field="input.orderId",
            message=f"only a closed order is superseded; {result.message}",
            current_status=result.current_status,
        )
    return result


@strawberry.type
class LifecycleMutation:
    @strawberry.mutation(
        description=(
            "Supersede a closed disposal order by a new open one (regulators and administrators): the "
            "old order's timeline gains closed -> superseded and the new one links to it (SUPERSEDES)."
        )
    )
    async def supersede_order(
        self,
        info: Info,
        input: Annotated[SupersedeOrderInput, strawberry.argument(description="The change.")],
    ) -> ChangeStatusResult:
        return await _supersede(info, input)

    @strawberry.mutation(
        description=(
            "Change a supervision record's status along its transition table (regulators and "
            "administrators). Conflict when the current status is not `expectedStatus`; idempotent "
            "per client request id."
        )
    )
    async def change_status(
        self, info: Info, input: Annotated[ChangeStatusInput, strawberry.argument(description="The change.")]
    ) -> ChangeStatusResult:
        denied = may_write(info)
        if denied:
            return denied
        if input.record_kind is RecordKind.REVIEW:
            return InvalidInput(
                field="input.recordKind", message="use acceptThirdPartyResult or rejectThirdPartyResult"
            )
        change = validate_change(info, input, input.record_kind)
        if not isinstance(change, data.Change):
            return change
        return await apply_change(info, change)

    @strawberry.mutation(
        description="Accept a third-party lab's result: from now on it counts for screening and records."
    )
    async def accept_third_party_result(
        self, info: Info, input: Annotated[ReviewInput, strawberry.argument(description="The decision.")]
    ) -> ChangeStatusResult:
        return await _review(info, input, "accepted")

    @strawberry.mutation(description="Reject a third-party lab's result: it never counts.")
    async def reject_third_party_result(
        self, info: Info, input: Annotated[ReviewInput, strawberry.argument(description="The decision.")]
    ) -> ChangeStatusResult:
        return await _review(info, input, "rejected")
