"""Root fields for inspections, risk alerts, disposal evidence, and alert/order status on a date."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from hub.auth import Role
from hub.context import Info
from hub.data import alerts as alert_data
from hub.data import evidence as evidence_data
from hub.data import inspections as data
from hub.schema.evidence import (
    DisposalEvidence,
    DisposalEvidenceInput,
    DisposalEvidenceResult,
    DisposalEvidenceSuccess,
    validate_evidence,
)
from hub.schema.results import Forbidden, InvalidInput
from hub.schema.status_change import Conflict, NotFound, may_write
from hub.schema.supervision import (
    RaiseRiskAlertInput,
    RaiseRiskAlertResult,
    RaiseRiskAlertSuccess,
    RecordInspectionInput,
    RecordInspectionResult,
    RecordInspectionSuccess,
    _validate_alert,
    _validate_inspection,
)
from hub.schema.trace import Inspection, RiskAlert


@strawberry.type
class SupervisionMutation:
    @strawberry.mutation(
        description=(
            "Record an inspection of a shipment or batch (regulators and administrators); a FAIL result "
            "may raise a risk alert in the same call. Idempotent per client request id."
        )
    )
    async def record_inspection(
        self,
        info: Info,
        input: Annotated[RecordInspectionInput, strawberry.argument(description="The inspection.")],
    ) -> RecordInspectionResult:
        denied = may_write(info)
        if denied:
            return denied
        new = _validate_inspection(info, input)
        if not isinstance(new, data.NewInspection):
            return new
        cy = info.context.cypher
        found = await data.check(cy, new)
        if not found["agency"]:
            return InvalidInput(field="input.agencyId", message=f"no agency {new.agency_id!r}")
        if not found["target"]:
            name = "shipmentId" if new.target_kind == "shipment" else "batchId"
            return InvalidInput(
                field=f"input.target.{name}", message=f"no {new.target_kind} {new.target_id!r}"
            )
        if new.lab_id is not None:
            lab = found["lab"]
            if lab is None:
                return InvalidInput(field="input.labId", message=f"no enterprise {new.lab_id!r}")
            if lab["kind"] != "lab":
                return InvalidInput(
                    field="input.labId", message=f"{new.lab_id!r} is a {lab['kind']}, not a lab"
                )
            if lab["filing"] != "filed":
                return InvalidInput(
                    field="input.labId",
                    message=f"lab {new.lab_id!r} is not filed on {new.inspected_on} ({lab['filing'] or 'no filing'})",
                )
        done = await data.record(cy, new, info.context.principal.key_id)
        if done is None:
            return InvalidInput(
                field="input.labId" if new.lab_id else "input.target",
                message="changed while recording (the lab's filing or the target); nothing was written",
            )
        if not done.same_request:
            return InvalidInput(
                field="input.clientRequestId",
                message="already used for a different inspection; use a new id for a new request",
            )
        return RecordInspectionSuccess(
            inspection=Inspection.from_row(done.row), alert_id=done.alert_id, created=done.created
        )

    @strawberry.mutation(
        description="Raise a risk alert on a product, batch or shipment (regulators and administrators); idempotent."
    )
    async def raise_risk_alert(
        self, info: Info, input: Annotated[RaiseRiskAlertInput, strawberry.argument(description="The alert.")]
    ) -> RaiseRiskAlertResult:
        denied = may_write(info)
        if denied:
            return denied
        new = _validate_alert(info, input)
        if not isinstance(new, alert_data.NewAlert):
            return new
        cy = info.context.cypher
        found = await alert_data.check(cy, new)
        if not found["agency"]:
            return InvalidInput(field="input.issuerId", message=f"no agency {new.issuer_id!r}")
        if not found["target"]:
            name = {"product": "productId", "batch": "batchId", "shipment": "shipmentId"}[new.target_kind]
            return InvalidInput(
                field=f"input.target.{name}", message=f"no {new.target_kind} {new.target_id!r}"
            )
        if found["missing"]:
            i = found["missing"][0]
            return InvalidInput(
                field=f"input.evidence.inspectionIds[{i}]", message=f"no inspection {new.inspection_ids[i]!r}"
            )
        raised = await alert_data.raise_alert(cy, new, info.context.principal.key_id)
        if raised is None:
            return InvalidInput(field="input.issuerId", message="changed while raising; nothing was written")
        created, same, row = raised
        if not same:
            return InvalidInput(
                field="input.clientRequestId",
                message="already used for a different alert; use a new id for a new request",
            )
        return RaiseRiskAlertSuccess(alert=RiskAlert.from_row(row), created=created)

    @strawberry.mutation(
        description=(
            "Record units returned or destroyed per shipment under an open or in-progress disposal order "
            "(regulators and administrators); idempotent. Recall impact counts these units as disposed."
        )
    )
    async def record_disposal_evidence(
        self,
        info: Info,
        input: Annotated[DisposalEvidenceInput, strawberry.argument(description="The evidence.")],
    ) -> DisposalEvidenceResult:
        denied = may_write(info)
        if denied:
            return denied
        new = validate_evidence(info, input)
        if not isinstance(new, evidence_data.NewEvidence):
            return new
        admin = info.context.principal.role is Role.ADMIN
        done = await evidence_data.record(
            info.context.cypher, new, info.context.principal.key_id, admin=admin
        )
        if done.outcome == "missing":
            return NotFound(field="input.orderId", message=f"no order {new.order_id!r}")
        if done.outcome == "reused":
            return InvalidInput(
                field="input.clientRequestId",
                message="already used for different evidence; use a new id for a new request",
            )
        if done.outcome == "forbidden":
            return Forbidden(message=f"order {new.order_id!r} belongs to another agency")
        if done.outcome == "conflict":
            return Conflict(
                field="input.orderId",
                message=f"order {new.order_id!r} is {done.current!r}; evidence needs open or in_progress",
                current_status=done.current,
            )
        if done.outcome == "invalid":
            first = done.bad[0]
            i = first["i"]
            if not first["found"]:
                return InvalidInput(
                    field=f"input.shipments[{i}].shipmentId",
                    message=f"no shipment {new.shipments[i].shipment_id!r}",
                )
            if first["units"] == 0:
                return InvalidInput(
                    field=f"input.shipments[{i}].shipmentId",
                    message="the shipment carried none of the order's batches",
                )
            left = first["units"] - first["done"]
            return InvalidInput(
                field=f"input.shipments[{i}]",
                message=f"only {left} of {first['units']} units of the order's batches are left to dispose",
            )
        assert done.evidence is not None
        return DisposalEvidenceSuccess(
            evidence=DisposalEvidence.from_row(done.evidence), created=done.outcome == "ok"
        )


@strawberry.type(description="A record's status on one date.")
class StatusOn:
    as_of: dt.date = strawberry.field(description="The date asked about.")
    status: str | None = strawberry.field(
        description="Status that held that day; null before the record existed."
    )


@strawberry.type
class SupervisionQuery:
    @strawberry.field(description="A risk alert's status on a date; null when unknown or not visible.")
    async def alert_status(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Alert id.")],
        as_of: Annotated[dt.date, strawberry.argument(description="The date.")],
    ) -> StatusOn | None:
        params = {"id": str(id), "asOf": as_of, **info.context.principal.cypher_params()}
        seen, status = await alert_data.status_on(info.context.cypher, alert_data.ALERT_AS_OF, params)
        return StatusOn(as_of=as_of, status=status) if seen else None

    @strawberry.field(description="A disposal order's status on a date; null when unknown or not visible.")
    async def order_status(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Order (recall) id.")],
        as_of: Annotated[dt.date, strawberry.argument(description="The date.")],
    ) -> StatusOn | None:
        params = {"id": str(id), "asOf": as_of, **info.context.principal.cypher_params()}
        seen, status = await alert_data.status_on(info.context.cypher, alert_data.ORDER_AS_OF, params)
        return StatusOn(as_of=as_of, status=status) if seen else None
