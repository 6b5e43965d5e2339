"""Recalls and other disposal orders, and the agencies that issue them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from hub.context import Info
from hub.data import recalls as data
from hub.data.impact import Scope
from hub.data.products import BATCHES_BY_IDS, PRODUCTS_BY_IDS
from hub.data.shipments import SHIPMENTS_BY_IDS
from hub.schema.agencies import Agency
from hub.schema.common import (
    After,
    AgencyKind,
    AsOfArg,
    Connection,
    First,
    FromArg,
    Measure,
    RiskLevel,
    ToArg,
    connection,
    date,
    enum_or_none,
    page_request,
    wants_total,
)
from hub.schema.impact import Impact
from hub.schema.products import Batch, Product
from hub.schema.shipments import Shipment

if TYPE_CHECKING:
    from hub.schema.status_change import StatusChange

StatusChangeRef = Annotated["StatusChange", strawberry.lazy("hub.schema.status_change")]

strawberry.enum(data.RecallSort, description="Order of a recall list.")
strawberry.enum(data.AgencySort, description="Order of an agency list.")


@strawberry.type(description="A recall or other disposal order against a product or listed batches.")
class Recall:
    id: strawberry.ID = strawberry.field(description="The hub's recall id (natural key).")
    measure: Measure = strawberry.field(description="The disposal measure ordered.")
    title: str = strawberry.field(description="Title of the order.")
    hazard: str | None = strawberry.field(description="The hazard found.")
    risk_level: RiskLevel = strawberry.field(description="Assessed risk level.")
    reason: str | None = strawberry.field(description="Why the order was issued.")
    status: str | None = strawberry.field(
        description="open, in_progress, completed, closed or superseded (docs/supervision.md)."
    )
    issued_on: dt.date = strawberry.field(description="Date issued.")
    issuer_id: strawberry.Private[str | None]
    product_ids: strawberry.Private[list[str]]
    batch_ids: strawberry.Private[list[str]]
    shipment_ids: strawberry.Private[list[str]]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Recall:
        return cls(
            id=strawberry.ID(row["recallId"]),
            measure=Measure(row["measure"]),
            title=row["title"],
            hazard=row.get("hazard"),
            risk_level=enum_or_none(RiskLevel, row.get("riskLevel")),
            reason=row.get("reason"),
            status=row.get("status"),
            issued_on=date(row["issuedOn"]),  # type: ignore[arg-type]
            issuer_id=row.get("issuerId"),
            product_ids=row.get("targetProductIds") or [],
            batch_ids=row.get("targetBatchIds") or [],
            shipment_ids=row.get("targetShipmentIds") or [],
        )

    @strawberry.field(description="The agency that issued the order.")
    async def issuer(self, info: Info) -> Agency | None:
        row = await info.context.loaders.agency(self.issuer_id)
        return Agency.from_row(row) if row else None

    @strawberry.field(description="Products targeted as a whole (every batch of them is covered).")
    async def target_products(self, info: Info) -> list[Product]:
        rows = await info.context.loaders.by_id(PRODUCTS_BY_IDS).load_many(self.product_ids)
        return [Product.from_row(r) for r in rows if r]

    @strawberry.field(description="Batches targeted by name (at most 1,000 listed).")
    async def target_batches(self, info: Info) -> list[Batch]:
        rows = await info.context.loaders.by_id(BATCHES_BY_IDS).load_many(self.batch_ids)
        return [Batch.from_row(r) for r in rows if r]

    @strawberry.field(description="Shipments targeted directly (at most 1,000 listed; domestic roles only).")
    async def target_shipments(self, info: Info) -> list[Shipment]:
        rows = await info.context.loaders.by_id(SHIPMENTS_BY_IDS).load_many(self.shipment_ids)
        return [Shipment.from_row(r) for r in rows if r]

    @strawberry.field(description="Status changes of the order, oldest first (at most 200): who, when, why.")
    async def timeline(self, info: Info) -> list[StatusChangeRef]:
        from graph_schema.lifecycle import RecordKind
        from hub.schema.status_change import timeline

        return await timeline(info, RecordKind.ORDER, str(self.id))

    @strawberry.field(description="Every shipment the recall reaches (all covered batches), with totals.")
    def impact(
        self, as_of: AsOfArg = None, declared_from: FromArg = None, declared_to: ToArg = None
    ) -> Impact:
        return Impact.of(Scope.RECALL, str(self.id), as_of, declared_from, declared_to)


@strawberry.input(description="Filters for the recall list; all given filters must hold.")
class RecallFilterInput:
    measure: Measure | None = strawberry.field(default=None, description="Only this measure.")
    risk_level: RiskLevel | None = strawberry.field(default=None, description="Only this risk level.")
    status: str | None = strawberry.field(default=None, description="Only this status (open, closed).")
    issuer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only orders of this agency."
    )
    issued_from: dt.date | None = strawberry.field(default=None, description="Issued on or after.")
    issued_to: dt.date | None = strawberry.field(default=None, description="Issued on or before.")

    def to_filter(self) -> data.RecallFilter:
        return data.RecallFilter(
            measure=self.measure.value if self.measure else None,
            risk_level=self.risk_level.value if self.risk_level else None,
            status=self.status,
            issuer_id=str(self.issuer_id) if self.issuer_id else None,
            issued_from=self.issued_from,
            issued_to=self.issued_to,
        )


@strawberry.type
class RecallQuery:
    @strawberry.field(description="One recall by id, or null when unknown or not visible to the caller.")
    async def recall(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Recall id.")],
    ) -> Recall | None:
        row = await info.context.loaders.by_id(data.RECALLS_BY_IDS).load(str(id))
        return Recall.from_row(row) if row else None

    @strawberry.field(description="Recalls and disposal orders with filters, sorting and pagination.")
    async def recalls(
        self,
        info: Info,
        filter: Annotated[
            RecallFilterInput | None,
            strawberry.argument(description="Conditions every result meets."),
        ] = None,
        sort: Annotated[
            data.RecallSort, strawberry.argument(description="Order of results.")
        ] = data.RecallSort.ISSUED_ON_DESC,
        first: First = 20,
        after: After = None,
    ) -> Connection[Recall]:
        page = page_request(info, first, after)
        where = filter.to_filter() if filter else data.RecallFilter()
        result = await data.list_recalls(
            info.context.cypher, info.context.principal, where, sort, page, total=wants_total(info)
        )
        return connection(result, Recall.from_row)

    @strawberry.field(description="One agency by id, or null when unknown.")
    async def agency(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Agency id.")],
    ) -> Agency | None:
        row = await info.context.loaders.agency(str(id))
        return Agency.from_row(row) if row else None

    @strawberry.field(description="Agencies with filters, sorting and pagination.")
    async def agencies(
        self,
        info: Info,
        kind: Annotated[AgencyKind | None, strawberry.argument(description="Only this kind.")] = None,
        country: Annotated[str | None, strawberry.argument(description="Only this country.")] = None,
        sort: Annotated[
            data.AgencySort, strawberry.argument(description="Order of results.")
        ] = data.AgencySort.NAME,
        first: First = 20,
        after: After = None,
    ) -> Connection[Agency]:
        page = page_request(info, first, after)
        result = await data.list_agencies(
            info.context.cypher,
            kind.value if kind else None,
            country,
            sort,
            page,
            total=wants_total(info),
        )
        return connection(result, Agency.from_row)
