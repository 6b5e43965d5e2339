"""Shipments (parcels and consignments) and single-window declarations."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from hub.context import Info
from hub.data import shipments as data
from hub.data.compiled import shipment_by_id
from hub.data.recalls import ORDERS_OF_SHIPMENTS
from hub.errors import InvalidArgument
from hub.schema.agencies import Agency
from hub.schema.common import (
    After,
    Connection,
    Direction,
    First,
    Later,
    ShipmentMode,
    ShipmentStatus,
    child_connection,
    connection,
    date,
    page_request,
    selected_fields,
    wants_total,
)
from hub.schema.compiled import shipment_fetch
from hub.schema.enterprises import Enterprise
from hub.schema.products import Batch, Product

strawberry.enum(data.ShipmentSort, description="Order of a shipment list.")
PARTIES = ("seller", "platform", "importer", "logistics", "warehouse")

if TYPE_CHECKING:
    from hub.schema.recalls import Recall
    from hub.schema.status_change import StatusChange

StatusChangeRef = Annotated["StatusChange", strawberry.lazy("hub.schema.status_change")]
# Recall's module imports this one (through impact): built through Later, see common.Later.
RECALL: Later[Recall] = Later("hub.schema.recalls", "Recall")


strawberry.enum(
    data.Stage,
    name="ImpactStage",
    description=(
        "Where a shipment's units stand for a disposal decision. UNDER_CONTROL: status declared "
        "or held (not yet released), or a bonded shipment released from clearance but still "
        "stored at a warehouse; these units can still be stopped (stop-sale). IN_TRANSIT: "
        "released and not under control, not yet delivered. DELIVERED: status delivered; the "
        "units are with consumers (recall from consumers). RETURNED: status returned."
    ),
)


@strawberry.type(description="A quantity of one batch carried by a shipment.")
class CarriedBatch:
    quantity: int = strawberry.field(description="Units of the batch in the shipment.")
    unit: str | None = strawberry.field(description="Unit of `quantity`.")
    batch_id: strawberry.Private[str]
    # Projected by a compiled read (null: not visible to the caller); else fetched by the loader.
    batch_row: strawberry.Private[dict[str, Any] | None] = None
    batch_projected: strawberry.Private[bool] = False

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CarriedBatch:
        return cls(
            quantity=row["quantity"],
            unit=row.get("unit"),
            batch_id=row["batchId"],
            batch_row=row.get("batch"),
            batch_projected="batch" in row,
        )

    @strawberry.field(description="The batch carried.")
    async def batch(self, info: Info) -> Batch | None:
        row = self.batch_row if self.batch_projected else await info.context.loaders.batch(self.batch_id)
        return Batch.from_row(row) if row else None


@strawberry.type(description="A covered batch carried by a shipment, with the quantity carried.")
class RecalledBatch:
    quantity: int = strawberry.field(description="Units of the batch in the shipment.")
    unit: str | None = strawberry.field(description="Unit of `quantity`.")
    batch: Batch = strawberry.field(description="The batch (lot).")
    product: Product | None = strawberry.field(description="The product of the batch.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> RecalledBatch:
        product = row.get("product")
        return cls(
            quantity=row["quantity"],
            unit=row.get("unit"),
            batch=Batch.from_row(row["batch"]),
            product=Product.from_row(product) if product else None,
        )


@strawberry.type(description="A cross-border e-commerce parcel or consignment.")
class Shipment:
    """One type for every way a shipment is reached.

    A forward trace (`impact`) projects the selected parties, declaration and
    batches into each row (`projected`); elsewhere the row holds ids that the
    per-request loaders fetch in batches.
    """

    id: strawberry.ID = strawberry.field(description="The hub's shipment id (natural key).")
    waybill: str | None = strawberry.field(description="Waybill or parcel number.")
    direction: Direction = strawberry.field(description="Inbound or outbound.")
    mode: ShipmentMode = strawberry.field(description="Bonded, direct mail or express.")
    status: ShipmentStatus = strawberry.field(description="Clearance status.")
    stage: data.Stage = strawberry.field(description="Where the units stand (see ImpactStage).")
    port: str | None = strawberry.field(description="Port of entry or exit (UN/LOCODE).")
    origin_country: str | None = strawberry.field(description="Country the goods ship from (ISO alpha-2).")
    consignee_region: str | None = strawberry.field(description="Consignee's region (ISO 3166-2).")
    consignee_ref: str | None = strawberry.field(description="Pseudonymous consignee reference.")
    declared_on: dt.date = strawberry.field(description="Date of declaration.")
    released_on: dt.date | None = strawberry.field(description="Date of release, if released.")
    delivered_on: dt.date | None = strawberry.field(description="Date of delivery, if delivered.")
    carried: list[CarriedBatch] = strawberry.field(description="Batches in the shipment with quantities.")
    units: int | None = strawberry.field(
        description=(
            "In a forward trace: units of covered batches in the shipment (sum over "
            "`recalledBatches`). Null elsewhere."
        )
    )
    recalled_batches: list[RecalledBatch] | None = strawberry.field(
        description=(
            "In a forward trace: the covered batches (for a recall: the recalled batches) this "
            "shipment carried, with quantities, by batch id; other batches in the same shipment are "
            "not listed. Null elsewhere."
        )
    )
    ids: strawberry.Private[dict[str, str | None]]
    projected: strawberry.Private[dict[str, Any] | None]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Shipment:
        projected = row if row.get("projected") else None
        batches = row.get("recalledBatches")
        return cls(
            id=strawberry.ID(row["shipmentId"]),
            waybill=row.get("waybill"),
            direction=Direction(row["direction"]),
            mode=ShipmentMode(row["mode"]),
            status=ShipmentStatus(row["status"]),
            stage=data.Stage(row["stage"]),
            port=row.get("port"),
            origin_country=row.get("originCountry"),
            consignee_region=row.get("consigneeRegion"),
            consignee_ref=row.get("consigneeRef"),
            declared_on=date(row["declaredOn"]),  # type: ignore[arg-type]
            released_on=date(row.get("releasedOn")),
            delivered_on=date(row.get("deliveredOn")),
            carried=[CarriedBatch.from_row(c) for c in row.get("carried") or []],
            units=row.get("units"),
            recalled_batches=None if batches is None else [RecalledBatch.from_row(b) for b in batches],
            ids={k: row.get(k + "Id") for k in (*PARTIES, "declaration")},
            projected=projected,
        )

    async def _party(self, info: Info, role: str) -> Enterprise | None:
        if self.projected is not None:  # fetched with the row because it was selected
            found = self.projected.get(role)
        else:
            found = await info.context.loaders.enterprise(self.ids[role])
        return Enterprise.from_row(found) if found else None

    @strawberry.field(description="The seller of the goods.")
    async def seller(self, info: Info) -> Enterprise | None:
        return await self._party(info, "seller")

    @strawberry.field(description="The e-commerce platform the goods were sold on.")
    async def platform(self, info: Info) -> Enterprise | None:
        return await self._party(info, "platform")

    @strawberry.field(description="The importer of record.")
    async def importer(self, info: Info) -> Enterprise | None:
        return await self._party(info, "importer")

    @strawberry.field(description="The logistics operator.")
    async def logistics(self, info: Info) -> Enterprise | None:
        return await self._party(info, "logistics")

    @strawberry.field(description="The (bonded) warehouse that stores or stored the goods.")
    async def warehouse(self, info: Info) -> Enterprise | None:
        return await self._party(info, "warehouse")

    @strawberry.field(description="The single-window declaration that covers the shipment.")
    async def declaration(self, info: Info) -> Declaration | None:
        if self.projected is not None:
            found = self.projected.get("declaration")
        else:
            found = await info.context.loaders.declaration(self.ids["declaration"])
        return Declaration.from_row(found) if found else None

    @strawberry.field(
        description="Status changes made through the hub, oldest first (at most 200): who, when, why."
    )
    async def timeline(self, info: Info) -> list[StatusChangeRef]:
        from graph_schema.lifecycle import RecordKind
        from hub.schema.status_change import timeline

        return await timeline(info, RecordKind.SHIPMENT, str(self.id))

    @strawberry.field(
        description="Disposal orders that target this shipment directly (targets.shipmentIds), newest first."
    )
    async def orders(
        self, info: Info, first: First = 20, after: After = None
    ) -> Connection[Annotated[Recall, strawberry.lazy("hub.schema.recalls")]]:
        statement = ORDERS_OF_SHIPMENTS
        return await child_connection(info, statement, str(self.id), first, after, RECALL.cls.from_row)


async def _enterprise(info: Info, enterprise_id: str | None) -> Enterprise | None:
    row = await info.context.loaders.enterprise(enterprise_id)
    return Enterprise.from_row(row) if row else None


@strawberry.type(description="A single-window declaration; one declaration covers many shipments.")
class Declaration:
    id: strawberry.ID = strawberry.field(description="The hub's declaration id (natural key).")
    number: str = strawberry.field(description="Declaration number.")
    declared_on: dt.date = strawberry.field(description="Date lodged.")
    status: str | None = strawberry.field(description="lodged, accepted, released or rejected.")
    shipment_count: int = strawberry.field(description="How many shipments the declaration covers.")
    declarant_id: strawberry.Private[str | None]
    agency_id: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Declaration:
        return cls(
            id=strawberry.ID(row["declarationId"]),
            number=row["number"],
            declared_on=date(row["declaredOn"]),  # type: ignore[arg-type]
            status=row.get("status"),
            shipment_count=row.get("shipmentCount", 0),
            declarant_id=row.get("declarantId"),
            agency_id=row.get("agencyId"),
        )

    @strawberry.field(description="The enterprise that lodged the declaration.")
    async def declarant(self, info: Info) -> Enterprise | None:
        return await _enterprise(info, self.declarant_id)

    @strawberry.field(description="The agency the declaration was lodged with.")
    async def agency(self, info: Info) -> Agency | None:
        row = await info.context.loaders.agency(self.agency_id)
        return Agency.from_row(row) if row else None

    @strawberry.field(description="Shipments covered by the declaration, newest first.")
    async def shipments(self, info: Info, first: First = 20, after: After = None) -> Connection[Shipment]:
        statement = data.SHIPMENTS_OF_DECLARATIONS
        return await child_connection(info, statement, str(self.id), first, after, Shipment.from_row)


@strawberry.input(description="Filters for the shipment list; all given filters must hold.")
class ShipmentFilterInput:
    status: ShipmentStatus | None = strawberry.field(default=None, description="Only this status.")
    direction: Direction | None = strawberry.field(default=None, description="Only this direction.")
    mode: ShipmentMode | None = strawberry.field(default=None, description="Only this mode.")
    port: str | None = strawberry.field(default=None, description="Only this port (UN/LOCODE).")
    consignee_region: str | None = strawberry.field(default=None, description="Only this consignee region.")
    declared_from: dt.date | None = strawberry.field(default=None, description="Declared on or after.")
    declared_to: dt.date | None = strawberry.field(default=None, description="Declared on or before.")
    seller_id: strawberry.ID | None = strawberry.field(default=None, description="Only this seller.")
    platform_id: strawberry.ID | None = strawberry.field(default=None, description="Only this platform.")

    def to_filter(self) -> data.ShipmentFilter:
        return data.ShipmentFilter(
            status=self.status.value if self.status else None,
            direction=self.direction.value if self.direction else None,
            mode=self.mode.value if self.mode else None,
            port=self.port,
            consignee_region=self.consignee_region,
            declared_from=self.declared_from,
            declared_to=self.declared_to,
            seller_id=str(self.seller_id) if self.seller_id else None,
            platform_id=str(self.platform_id) if self.platform_id else None,
        )


@strawberry.type
class ShipmentQuery:
    @strawberry.field(description="One shipment by id, or null when unknown or not visible to the caller.")
    async def shipment(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Shipment id.")],
    ) -> Shipment | None:
        fetch = shipment_fetch(selected_fields(info))
        row = await shipment_by_id(info.context.cypher, info.context.principal, str(id), fetch)
        return Shipment.from_row(row) if row else None

    @strawberry.field(description="Shipments with filters, sorting and cursor pagination.")
    async def shipments(
        self,
        info: Info,
        filter: Annotated[
            ShipmentFilterInput | None,
            strawberry.argument(description="Conditions every result meets."),
        ] = None,
        sort: Annotated[
            data.ShipmentSort, strawberry.argument(description="Order of results.")
        ] = data.ShipmentSort.DECLARED_ON_DESC,
        first: First = 20,
        after: After = None,
    ) -> Connection[Shipment]:
        page = page_request(info, first, after)
        where = filter.to_filter() if filter else data.ShipmentFilter()
        if where.declared_from and where.declared_to and where.declared_from > where.declared_to:
            raise InvalidArgument("filter.declaredFrom", "must not be after filter.declaredTo")
        result = await data.list_shipments(
            info.context.cypher, info.context.principal, where, sort, page, total=wants_total(info)
        )
        return connection(result, Shipment.from_row)

    @strawberry.field(description="One declaration by id, or null when unknown or not visible.")
    async def declaration(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Declaration id.")],
    ) -> Declaration | None:
        row = await info.context.loaders.declaration(str(id))
        return Declaration.from_row(row) if row else None
