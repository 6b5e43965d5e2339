"""Inspections with third-party results, risk alerts and disposal evidence (writes)."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any

import strawberry

from hub.context import Info
from hub.data import alerts as alert_data
from hub.data import inspections as data
from hub.schema.common import RiskLevel
from hub.schema.results import Forbidden, InvalidInput
from hub.schema.status_change import acting_agency, check_texts, today
from hub.schema.trace import Inspection, RiskAlert

MAX_LIST = 100


@strawberry.enum(description="Kind of inspection.")
class InspectionKind(Enum):
    DOCUMENT = "document"
    PHYSICAL = "physical"
    SAMPLING = "sampling"
    LAB = "lab"


@strawberry.enum(description="Result of an inspection; PENDING changes later to PASS or FAIL.")
class InspectionResult(Enum):
    PENDING = "pending"
    PASS = "pass"
    FAIL = "fail"


@strawberry.input(description="What is inspected: exactly one of a shipment or a batch.")
class InspectionTargetInput:
    shipment_id: strawberry.ID | None = strawberry.field(default=None, description="A shipment.")
    batch_id: strawberry.ID | None = strawberry.field(default=None, description="A batch.")


@strawberry.input(description="What a risk alert concerns: exactly one of a product, a batch or a shipment.")
class AlertTargetInput:
    product_id: strawberry.ID | None = strawberry.field(default=None, description="A product.")
    batch_id: strawberry.ID | None = strawberry.field(default=None, description="A batch.")
    shipment_id: strawberry.ID | None = strawberry.field(default=None, description="A shipment.")


@strawberry.input(
    description="A risk alert raised by a failed inspection (it concerns the inspected target)."
)
class InspectionAlertInput:
    title: str = strawberry.field(description="Title (1 to 200 characters).")
    hazard: str = strawberry.field(description="The hazard found (1 to 200 characters).")
    risk_level: RiskLevel = strawberry.field(description="Assessed risk level.")


@strawberry.input(description="An inspection to record.")
class RecordInspectionInput:
    client_request_id: str = strawberry.field(
        description="The client's id for this request (1 to 100 characters); a retry returns the first record."
    )
    kind: InspectionKind = strawberry.field(description="Kind of inspection.")
    target: InspectionTargetInput = strawberry.field(description="The shipment or batch inspected.")
    result: InspectionResult = strawberry.field(description="Result; PENDING until known.")
    inspected_on: dt.date = strawberry.field(description="Date of the inspection.")
    findings: str | None = strawberry.field(
        default=None, description="What was found (up to 2000 characters)."
    )
    lab_id: strawberry.ID | None = strawberry.field(
        default=None,
        description=(
            "A third-party lab that performed it: an enterprise of kind lab whose enterprise filing is "
            "`filed` on the inspection date. Without it the recording agency performed it."
        ),
    )
    samples: list[str] | None = strawberry.field(default=None, description="Sample references (up to 100).")
    lab_report_ref: str | None = strawberry.field(default=None, description="The lab report's reference.")
    raise_alert: InspectionAlertInput | None = strawberry.field(
        default=None, description="Raise a risk alert on the target in the same call (only with result FAIL)."
    )
    agency_id: strawberry.ID | None = strawberry.field(
        default=None, description="Recording agency; default and only choice for a regulator: its own."
    )


@strawberry.type(description="The inspection exists: recorded now, or by an earlier try of the same request.")
class RecordInspectionSuccess:
    inspection: Inspection = strawberry.field(description="The inspection.")
    alert_id: str | None = strawberry.field(description="The risk alert raised with it, if any.")
    created: bool = strawberry.field(description="False when a retry found the inspection already recorded.")


RecordInspectionResult = Annotated[
    RecordInspectionSuccess | InvalidInput | Forbidden,
    strawberry.union("RecordInspectionResult", description="The inspection, or why it was not recorded."),
]


def _one_target(given: dict[str, strawberry.ID | None], prefix: str) -> tuple[str, str] | InvalidInput:
    chosen = [(k, str(v).strip()) for k, v in given.items() if v is not None]
    if len(chosen) != 1:
        return InvalidInput(field=prefix, message=f"give exactly one of {', '.join(given)}")
    name, value = chosen[0]
    if not value:
        return InvalidInput(field=f"{prefix}.{name}", message="must not be empty")
    return name, value


_TARGET_KIND = {"shipmentId": "shipment", "batchId": "batch", "productId": "product"}


def _validate_inspection(
    info: Info, given: RecordInspectionInput
) -> data.NewInspection | InvalidInput | Forbidden:
    crid = given.client_request_id.strip()
    bad = check_texts({"clientRequestId": crid}, {"clientRequestId": 100})
    if bad:
        return bad
    agency = acting_agency(info, given.agency_id, "input.agencyId")
    if isinstance(agency, Forbidden):
        return agency
    target = _one_target(
        {"shipmentId": given.target.shipment_id, "batchId": given.target.batch_id}, "input.target"
    )
    if isinstance(target, InvalidInput):
        return target
    if given.inspected_on > today():
        return InvalidInput(field="input.inspectedOn", message="must not be in the future")
    findings = (given.findings or "").strip() or None
    if findings and len(findings) > 2000:
        return InvalidInput(field="input.findings", message="must be at most 2000 characters")
    samples = [s.strip() for s in given.samples or []]
    if len(samples) > MAX_LIST:
        return InvalidInput(field="input.samples", message=f"must list at most {MAX_LIST} samples")
    for i, sample in enumerate(samples):
        if not sample or len(sample) > 100:
            return InvalidInput(field=f"input.samples[{i}]", message="must be 1 to 100 characters")
    lab = str(given.lab_id).strip() if given.lab_id is not None else None
    if lab == "":
        return InvalidInput(field="input.labId", message="must not be empty")
    alert = None
    if given.raise_alert is not None:
        if given.result is not InspectionResult.FAIL:
            return InvalidInput(field="input.raiseAlert", message="only a FAIL result raises an alert")
        texts = {"title": given.raise_alert.title.strip(), "hazard": given.raise_alert.hazard.strip()}
        bad = check_texts(texts, {"title": 200, "hazard": 200}, "input.raiseAlert.")
        if bad:
            return bad
        alert = alert_data.NewAlert(
            client_request_id=crid,
            issuer_id=agency,
            target_kind=_TARGET_KIND[target[0]],
            target_id=target[1],
            title=texts["title"],
            hazard=texts["hazard"],
            risk_level=given.raise_alert.risk_level.value,
            issued_on=given.inspected_on,
            alert_id_seed=f"inspection\n{agency}\n{crid}",
        )
    return data.NewInspection(
        client_request_id=crid,
        agency_id=agency,
        kind=given.kind.value,
        target_kind=_TARGET_KIND[target[0]],
        target_id=target[1],
        result=given.result.value,
        inspected_on=given.inspected_on,
        findings=findings,
        lab_id=lab,
        samples=tuple(samples),
        lab_report_ref=(given.lab_report_ref or "").strip() or None,
        alert=alert,
    )


@strawberry.input(description="Evidence for a risk alert: inspections, complaints, overseas notices.")
class AlertEvidenceInput:
    inspection_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Inspections (up to 100)."
    )
    complaints: list[str] | None = strawberry.field(
        default=None, description="Complaint references (up to 100)."
    )
    overseas_notices: list[str] | None = strawberry.field(
        default=None, description="Overseas notice references (up to 100)."
    )


@strawberry.input(description="A risk alert to raise.")
class RaiseRiskAlertInput:
    client_request_id: str = strawberry.field(
        description="The client's id for this request (1 to 100 characters); a retry returns the first alert."
    )
    target: AlertTargetInput = strawberry.field(description="The product, batch or shipment concerned.")
    title: str = strawberry.field(description="Title (1 to 200 characters).")
    hazard: str = strawberry.field(description="The hazard (1 to 200 characters).")
    risk_level: RiskLevel = strawberry.field(description="Assessed risk level.")
    issued_on: dt.date | None = strawberry.field(
        default=None, description="Date issued; default today (UTC)."
    )
    evidence: AlertEvidenceInput | None = strawberry.field(
        default=None, description="What the alert rests on."
    )
    issuer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Issuing agency; default and only choice for a regulator: its own."
    )


@strawberry.type(description="The alert exists: raised now, or by an earlier try of the same request.")
class RaiseRiskAlertSuccess:
    alert: RiskAlert = strawberry.field(description="The alert.")
    created: bool = strawberry.field(description="False when a retry found the alert already raised.")


RaiseRiskAlertResult = Annotated[
    RaiseRiskAlertSuccess | InvalidInput | Forbidden,
    strawberry.union("RaiseRiskAlertResult", description="The alert, or why it was not raised."),
]


def _refs(values: list[Any] | None, field: str) -> tuple[str, ...] | InvalidInput:
    out = [str(v).strip() for v in values or []]
    if len(out) > MAX_LIST:
        return InvalidInput(field=field, message=f"must list at most {MAX_LIST}")
    for i, value in enumerate(out):
        if not value or len(value) > 200:
            return InvalidInput(field=f"{field}[{i}]", message="must be 1 to 200 characters")
    return tuple(out)


def _validate_alert(info: Info, given: RaiseRiskAlertInput) -> alert_data.NewAlert | InvalidInput | Forbidden:
    texts = {
        "clientRequestId": given.client_request_id.strip(),
        "title": given.title.strip(),
        "hazard": given.hazard.strip(),
    }
    bad = check_texts(texts, {"clientRequestId": 100, "title": 200, "hazard": 200})
    if bad:
        return bad
    issuer = acting_agency(info, given.issuer_id, "input.issuerId")
    if isinstance(issuer, Forbidden):
        return issuer
    t = given.target
    target = _one_target(
        {"productId": t.product_id, "batchId": t.batch_id, "shipmentId": t.shipment_id}, "input.target"
    )
    if isinstance(target, InvalidInput):
        return target
    issued_on = given.issued_on or today()
    if issued_on > today():
        return InvalidInput(field="input.issuedOn", message="must not be in the future")
    ev = given.evidence or AlertEvidenceInput()
    lists = []
    for name, values in (
        ("inspectionIds", ev.inspection_ids),
        ("complaints", ev.complaints),
        ("overseasNotices", ev.overseas_notices),
    ):
        refs = _refs(values, f"input.evidence.{name}")
        if isinstance(refs, InvalidInput):
            return refs
        lists.append(refs)
    return alert_data.NewAlert(
        client_request_id=texts["clientRequestId"],
        issuer_id=issuer,
        target_kind=_TARGET_KIND[target[0]],
        target_id=target[1],
        title=texts["title"],
        hazard=texts["hazard"],
        risk_level=given.risk_level.value,
        issued_on=issued_on,
        inspection_ids=lists[0],
        complaints=lists[1],
        overseas_notices=lists[2],
    )
