"""`traceCode`: from a QR code, barcode or label back to the goods' origin, and forward."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from hub.context import Info
from hub.data import trace as data
from hub.data.impact import Scope
from hub.errors import InvalidArgument, show
from hub.schema.common import RiskLevel, date, enum_or_none
from hub.schema.enterprises import Enterprise
from hub.schema.impact import Impact
from hub.schema.products import Batch, Product, TraceCode
from hub.schema.recalls import Recall

if TYPE_CHECKING:
    from hub.schema.status_change import StatusChange

StatusChangeRef = Annotated["StatusChange", strawberry.lazy("hub.schema.status_change")]


@strawberry.type(description="Who performed an inspection: an agency or an accredited lab.")
class Performer:
    id: str = strawberry.field(description="Agency id or enterprise id.")
    name: str | None = strawberry.field(description="Name.")
    kind: str = strawberry.field(description="agency or lab.")


@strawberry.type(description="An inspection of a batch: who did it, the result, and its acceptance.")
class Inspection:
    id: strawberry.ID = strawberry.field(description="The hub's inspection id.")
    kind: str = strawberry.field(description="document, physical, sampling or lab.")
    result: str = strawberry.field(description="pass, fail or pending.")
    inspected_on: dt.date | None = strawberry.field(description="Date of the inspection.")
    accepted: bool | None = strawberry.field(
        description="True when the authority accepted a third party's result."
    )
    findings: str | None = strawberry.field(description="What was found.")
    performer: Performer | None = strawberry.field(description="Who performed it.")
    review: str | None = strawberry.field(
        description="A lab's result: unreviewed, accepted or rejected by the authority; null for an agency's own."
    )
    samples: list[str] = strawberry.field(description="Sample references.")
    lab_report_ref: str | None = strawberry.field(description="The lab report's reference.")
    target_id: str | None = strawberry.field(description="Id of the shipment or batch inspected.")

    @strawberry.field(description="Result and review changes, oldest first (at most 200 each).")
    async def timeline(self, info: Info) -> list[StatusChangeRef]:
        from graph_schema.lifecycle import RecordKind
        from hub.schema.status_change import timeline

        results = await timeline(info, RecordKind.INSPECTION, str(self.id))
        reviews = await timeline(info, RecordKind.REVIEW, str(self.id))
        return sorted(
            results + reviews, key=lambda c: (c.effective_on, c.recorded_at is None, str(c.recorded_at))
        )

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Inspection:
        who = row.get("performer")
        return cls(
            id=strawberry.ID(row["inspectionId"]),
            kind=row["kind"],
            result=row["result"],
            inspected_on=date(row.get("inspectedOn")),
            accepted=row.get("accepted"),
            findings=row.get("findings"),
            performer=Performer(id=who["id"], name=who.get("name"), kind=who["kind"]) if who else None,
            review=row.get("review"),
            samples=row.get("samples") or [],
            lab_report_ref=row.get("labReportRef"),
            target_id=row.get("targetId"),
        )


@strawberry.type(description="A risk alert (early warning) about a product or a batch.")
class RiskAlert:
    id: strawberry.ID = strawberry.field(description="The hub's alert id.")
    title: str = strawberry.field(description="Title of the alert.")
    risk_level: RiskLevel | None = strawberry.field(description="Assessed risk level.")
    issued_on: dt.date | None = strawberry.field(description="Date issued.")
    hazard: str | None = strawberry.field(description="The hazard.")
    issuer_id: str | None = strawberry.field(description="Id of the issuing agency.")
    status: str | None = strawberry.field(
        description="open, in_progress or closed (null: loaded without one)."
    )
    target_kind: str | None = strawberry.field(description="product, batch or shipment.")
    target_id: str | None = strawberry.field(description="Id of the product, batch or shipment concerned.")
    inspection_ids: list[str] = strawberry.field(description="Inspections the alert rests on.")
    complaints: list[str] = strawberry.field(description="Complaint references the alert rests on.")
    overseas_notices: list[str] = strawberry.field(description="Overseas notices the alert rests on.")

    @strawberry.field(description="Status changes, oldest first (at most 200): who, when, why.")
    async def timeline(self, info: Info) -> list[StatusChangeRef]:
        from graph_schema.lifecycle import RecordKind
        from hub.schema.status_change import timeline

        return await timeline(info, RecordKind.ALERT, str(self.id))

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> RiskAlert:
        return cls(
            id=strawberry.ID(row["alertId"]),
            title=row["title"],
            risk_level=enum_or_none(RiskLevel, row.get("riskLevel")),
            issued_on=date(row.get("issuedOn")),
            hazard=row.get("hazard"),
            issuer_id=row.get("issuerId"),
            status=row.get("status"),
            target_kind=row.get("targetKind"),
            target_id=row.get("targetId"),
            inspection_ids=row.get("inspectionIds") or [],
            complaints=row.get("complaints") or [],
            overseas_notices=row.get("overseasNotices") or [],
        )


def _enterprises(rows: list[dict[str, Any]] | None) -> list[Enterprise]:
    return [Enterprise.from_row(r) for r in rows or []]


@strawberry.type(description="A known code: where the goods come from, and where their batch went.")
class TraceCodeFound:
    trace_code: TraceCode = strawberry.field(description="The code as recorded.")
    batch: Batch = strawberry.field(description="The batch (lot) the code is on.")
    product: Product | None = strawberry.field(description="The product of the batch.")
    maker: Enterprise | None = strawberry.field(description="The maker of the product.")
    sellers: list[Enterprise] = strawberry.field(
        description=f"Sellers of shipments that carried the batch (by id, at most {data.MAX_PARTIES})."
    )
    platforms: list[Enterprise] = strawberry.field(
        description=f"Platforms of those shipments (by id, at most {data.MAX_PARTIES})."
    )
    importers: list[Enterprise] = strawberry.field(
        description=f"Importers of those shipments (by id, at most {data.MAX_PARTIES})."
    )
    inspections: list[Inspection] = strawberry.field(
        description="Inspections of the batch, newest first (shipment inspections excluded)."
    )
    recalls: list[Recall] = strawberry.field(
        description="Recalls and disposal orders covering the batch, directly or via its product."
    )
    risk_alerts: list[RiskAlert] = strawberry.field(
        description="Risk alerts concerning the batch or its product."
    )
    batch_id: strawberry.Private[str]

    @strawberry.field(description="Forward trace of the batch: every shipment, consignee region and total.")
    def forward(
        self,
        as_of: Annotated[
            dt.date | None,
            strawberry.argument(description="State as of this date: ignore shipments declared after it."),
        ] = None,
    ) -> Impact:
        return Impact.of(Scope.BATCH, self.batch_id, as_of, None, None)

    @classmethod
    def from_record(cls, r: dict[str, Any]) -> TraceCodeFound:
        return cls(
            trace_code=TraceCode.from_row(r["code"]),
            batch=Batch.from_row(r["batch"]),
            product=Product.from_row(r["product"]) if r["product"] else None,
            maker=Enterprise.from_row(r["maker"]) if r["maker"] else None,
            sellers=_enterprises(r["sellers"]),
            platforms=_enterprises(r["platforms"]),
            importers=_enterprises(r["importers"]),
            inspections=[Inspection.from_row(i) for i in r["inspections"]],
            recalls=sorted(
                (Recall.from_row(x) for x in r["recalls"]), key=lambda x: (x.issued_on, str(x.id))
            ),
            risk_alerts=[RiskAlert.from_row(a) for a in r["alerts"]],
            batch_id=r["batch"]["batchId"],
        )


@strawberry.type(description="No code like this is known (or it is not visible to the caller).")
class TraceCodeNotFound:
    code: str = strawberry.field(description="The code that was asked for.")
    message: str = strawberry.field(description="A sentence for the user.")


TraceCodeResult = Annotated[
    TraceCodeFound | TraceCodeNotFound,
    strawberry.union("TraceCodeResult", description="A found code, or a clear not-found answer."),
]


# Printed labels carry far shorter codes; a longer one is not a scan.
MAX_CODE = 200


@strawberry.type
class TraceQuery:
    @strawberry.field(
        description=(
            "Trace a scanned QR code, barcode or anti-counterfeit label: backward to the batch, "
            "product, maker, sellers, platforms, importers, inspections, recalls and risk alerts; "
            "forward to the batch's shipments and consignee regions."
        )
    )
    async def trace_code(
        self,
        info: Info,
        code: Annotated[str, strawberry.argument(description="The code exactly as scanned.")],
    ) -> TraceCodeResult:
        if len(code) > MAX_CODE:
            raise InvalidArgument("code", f"must be at most {MAX_CODE} characters, got {len(code):,}")
        wanted = code.strip()
        record = await data.by_code(info.context.cypher, info.context.principal, wanted) if wanted else None
        if record is None:
            return TraceCodeNotFound(code=code, message=f"no trace code {show(code)} is known")
        return TraceCodeFound.from_record(record)
