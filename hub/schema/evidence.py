"""Completion evidence of disposal orders: input, result types and validation."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry

from hub.context import Info
from hub.data import evidence as evidence_data
from hub.schema.common import date
from hub.schema.results import Forbidden, InvalidInput
from hub.schema.status_change import Conflict, NotFound, acting_agency, check_texts, today
from hub.schema.supervision import MAX_LIST


@strawberry.input(description="Units of one shipment returned or destroyed under the order.")
class DisposedInput:
    shipment_id: strawberry.ID = strawberry.field(description="The shipment.")
    returned_units: int = strawberry.field(default=0, description="Units returned to sender (>= 0).")
    destroyed_units: int = strawberry.field(default=0, description="Units destroyed (>= 0).")


@strawberry.input(description="Completion evidence of a disposal order.")
class DisposalEvidenceInput:
    client_request_id: str = strawberry.field(
        description="The client's id for this request (1 to 100 characters); a retry returns the first record."
    )
    order_id: strawberry.ID = strawberry.field(description="The disposal order (recall id).")
    shipments: list[DisposedInput] = strawberry.field(description="Units per shipment (1 to 100 shipments).")
    recorded_on: dt.date | None = strawberry.field(
        default=None, description="Date of the evidence; default today."
    )
    note: str | None = strawberry.field(default=None, description="Note (up to 2000 characters).")
    agency_id: strawberry.ID | None = strawberry.field(
        default=None, description="Recording agency; default and only choice for a regulator: its own."
    )


@strawberry.type(description="Units of one shipment returned or destroyed.")
class Disposed:
    shipment_id: str = strawberry.field(description="The shipment.")
    returned_units: int = strawberry.field(description="Units returned to sender.")
    destroyed_units: int = strawberry.field(description="Units destroyed.")


@strawberry.type(description="Completion evidence of a disposal order (append-only).")
class DisposalEvidence:
    id: strawberry.ID = strawberry.field(description="The evidence id.")
    order_id: str = strawberry.field(description="The disposal order.")
    recorded_on: dt.date | None = strawberry.field(description="Date of the evidence.")
    note: str | None = strawberry.field(description="Note.")
    shipments: list[Disposed] = strawberry.field(description="Units per shipment.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DisposalEvidence:
        return cls(
            id=strawberry.ID(row["evidenceId"]),
            order_id=row["orderId"],
            recorded_on=date(row.get("recordedOn")),
            note=row.get("note"),
            shipments=[
                Disposed(
                    shipment_id=s["shipmentId"],
                    returned_units=s["returnedUnits"],
                    destroyed_units=s["destroyedUnits"],
                )
                for s in row["shipments"]
            ],
        )


@strawberry.type(description="The evidence was recorded (now, or by an earlier try of the same request).")
class DisposalEvidenceSuccess:
    evidence: DisposalEvidence = strawberry.field(description="The evidence.")
    created: bool = strawberry.field(description="False when a retry found the evidence already recorded.")


DisposalEvidenceResult = Annotated[
    DisposalEvidenceSuccess | InvalidInput | Forbidden | NotFound | Conflict,
    strawberry.union("DisposalEvidenceResult", description="The evidence, or why it was not recorded."),
]


def validate_evidence(
    info: Info, given: DisposalEvidenceInput
) -> evidence_data.NewEvidence | InvalidInput | Forbidden:
    texts = {"clientRequestId": given.client_request_id.strip(), "orderId": str(given.order_id).strip()}
    bad = check_texts(texts, {"clientRequestId": 100, "orderId": 200})
    if bad:
        return bad
    agency = acting_agency(info, given.agency_id, "input.agencyId")
    if isinstance(agency, Forbidden):
        return agency
    if not 1 <= len(given.shipments) <= MAX_LIST:
        return InvalidInput(field="input.shipments", message=f"must list 1 to {MAX_LIST} shipments")
    seen: dict[str, int] = {}
    rows = []
    for i, d in enumerate(given.shipments):
        sid = str(d.shipment_id).strip()
        if not sid:
            return InvalidInput(field=f"input.shipments[{i}].shipmentId", message="must not be empty")
        if sid in seen:
            return InvalidInput(
                field=f"input.shipments[{i}].shipmentId", message=f"repeats input.shipments[{seen[sid]}]"
            )
        seen[sid] = i
        for name, value in (("returnedUnits", d.returned_units), ("destroyedUnits", d.destroyed_units)):
            if value < 0:
                return InvalidInput(field=f"input.shipments[{i}].{name}", message="must be >= 0")
        if d.returned_units + d.destroyed_units == 0:
            return InvalidInput(
                field=f"input.shipments[{i}]", message="must return or destroy at least one unit"
            )
        rows.append(evidence_data.Disposed(sid, d.returned_units, d.destroyed_units))
    on = given.recorded_on or today()
    if on > today():
        return InvalidInput(field="input.recordedOn", message="must not be in the future")
    note = (given.note or "").strip() or None
    if note and len(note) > 2000:
        return InvalidInput(field="input.note", message="must be at most 2000 characters")
    return evidence_data.NewEvidence(
        texts["clientRequestId"], agency, texts["orderId"], on, note, tuple(rows)
    )
