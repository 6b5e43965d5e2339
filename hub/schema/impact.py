"""The forward trace of a recall, a product or a batch: affected shipments and totals.

Every shipment row arrives with the parties, declaration and covered batches
that the client selected, from one statement, so `Shipment` builds them from
the row and calls no loader: statements per request do not grow with page
size or with the depth of the selection inside a row.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry

from hub.context import Info
from hub.data import impact as data
from hub.data import impact_totals
from hub.errors import InvalidArgument
from hub.schema.common import (
    After,
    Connection,
    Direction,
    First,
    ShipmentStatus,
    connection,
    page_request,
    selected_names,
    wants_total,
)
from hub.schema.products import Batch, Product
from hub.schema.shipments import Shipment

strawberry.enum(data.ImpactSort, description="Order of affected shipments.")
MAX_GROUPS = 1000
MAX_BATCHES = 1000
GROUP_FIELDS = {
    "byRegion": "region",
    "byPort": "port",
    "bySeller": "seller",
    "byPlatform": "platform",
    "byImporter": "importer",
    "byWarehouse": "warehouse",
    "declarations": "declarations",
}


@strawberry.type(description="Shipments and units that share one value of a grouping key.")
class GroupCount:
    key: str | None = strawberry.field(
        description="The value (region, port or enterprise id); null for shipments without one."
    )
    name: str | None = strawberry.field(description="The enterprise's name, for enterprise groups.")
    shipments: int = strawberry.field(description="Affected shipments in the group.")
    units: int = strawberry.field(description="Units of covered batches in the group.")


def _groups(rows: list[dict[str, Any]] | None) -> list[GroupCount]:
    return [
        GroupCount(key=r["key"], name=r["name"], shipments=r["shipments"], units=r["units"])
        for r in rows or []
    ]


@strawberry.type(
    description=(
        "Totals over every affected shipment in the impact's window (the shipment list's own "
        "filters do not apply), computed in the database. Under control + in transit + "
        "delivered + returned + destroyed = all units; units recorded as returned or destroyed "
        "by disposal evidence leave their shipment's stage for returned/destroyed."
    )
)
class ImpactTotals:
    batches: int = strawberry.field(description="Covered batches (shipped or not).")
    shipments: int = strawberry.field(description="Affected shipments, each counted once.")
    units: int = strawberry.field(description="Units of covered batches in those shipments.")
    declarations: int = strawberry.field(description="Distinct declarations covering them.")
    under_control_shipments: int = strawberry.field(description="Shipments at stage UNDER_CONTROL.")
    under_control_units: int = strawberry.field(
        description="Units still under control: not yet released, or held in a bonded warehouse."
    )
    in_transit_shipments: int = strawberry.field(description="Shipments at stage IN_TRANSIT.")
    in_transit_units: int = strawberry.field(description="Units released but not delivered.")
    delivered_shipments: int = strawberry.field(description="Shipments at stage DELIVERED.")
    delivered_units: int = strawberry.field(description="Units already delivered to consumers.")
    returned_shipments: int = strawberry.field(description="Shipments at stage RETURNED.")
    returned_units: int = strawberry.field(
        description="Units returned: whole returned shipments plus units returned by disposal evidence."
    )
    destroyed_shipments: int = strawberry.field(description="Shipments at stage DESTROYED.")
    destroyed_units: int = strawberry.field(
        description="Units destroyed: whole destroyed shipments plus units destroyed by disposal evidence."
    )
    by_region: list[GroupCount] = strawberry.field(description="By consignee region.")
    by_port: list[GroupCount] = strawberry.field(description="By port.")
    by_seller: list[GroupCount] = strawberry.field(description="By seller.")
    by_platform: list[GroupCount] = strawberry.field(description="By platform.")
    by_importer: list[GroupCount] = strawberry.field(description="By importer.")
    by_warehouse: list[GroupCount] = strawberry.field(description="By warehouse (null: none).")

    @classmethod
    def from_record(cls, r: dict[str, Any]) -> ImpactTotals:
        return cls(
            batches=r["batches"],
            shipments=r["shipments"],
            units=r["units"],
            declarations=r["declarations"],
            under_control_shipments=r["ucShipments"],
            under_control_units=r["ucUnits"],
            in_transit_shipments=r["transitShipments"],
            in_transit_units=r["transitUnits"],
            delivered_shipments=r["deliveredShipments"],
            delivered_units=r["deliveredUnits"],
            returned_shipments=r["returnedShipments"],
            returned_units=r["returnedUnits"],
            destroyed_shipments=r["destroyedShipments"],
            destroyed_units=r["destroyedUnits"],
            by_region=_groups(r["region"]),
            by_port=_groups(r["port"]),
            by_seller=_groups(r["seller"]),
            by_platform=_groups(r["platform"]),
            by_importer=_groups(r["importer"]),
            by_warehouse=_groups(r["warehouse"]),
        )


@strawberry.type(description="A batch covered by the trace, with its product.")
class CoveredBatch:
    batch: Batch = strawberry.field(description="The batch (lot).")
    product: Product | None = strawberry.field(description="Its product.")


@strawberry.input(description="Filters for affected shipments; all given filters must hold.")
class ImpactShipmentFilter:
    status: list[ShipmentStatus] | None = strawberry.field(default=None, description="Only these statuses.")
    direction: Direction | None = strawberry.field(default=None, description="Only this direction.")
    port: str | None = strawberry.field(default=None, description="Only this port (UN/LOCODE).")
    consignee_region: str | None = strawberry.field(default=None, description="Only this consignee region.")
    platform_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only shipments sold on this platform."
    )
    seller_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only shipments of this seller."
    )
    declared_from: dt.date | None = strawberry.field(default=None, description="Declared on or after.")
    declared_to: dt.date | None = strawberry.field(default=None, description="Declared on or before.")

    def to_filter(self) -> data.ImpactFilter:
        if self.declared_from and self.declared_to and self.declared_from > self.declared_to:
            raise InvalidArgument("filter.declaredFrom", "must not be after filter.declaredTo")
        return data.ImpactFilter(
            statuses=tuple(s.value for s in self.status) if self.status else None,
            direction=self.direction.value if self.direction else None,
            port=self.port,
            consignee_region=self.consignee_region,
            platform_id=str(self.platform_id) if self.platform_id else None,
            seller_id=str(self.seller_id) if self.seller_id else None,
            declared_from=self.declared_from,
            declared_to=self.declared_to,
        )


@strawberry.type(
    description=(
        "Forward trace of a set of batches (a recall's targets: its listed batches plus every "
        "batch of its targeted products; a product's batches; or one batch) to every shipment "
        "that carried them, within a date window. Parcel-level: empty for partner agencies."
    )
)
class Impact:
    as_of: dt.date | None = strawberry.field(
        description="State as of this date: shipments declared after it are ignored."
    )
    declared_from: dt.date | None = strawberry.field(
        description="Only shipments declared on or after this date."
    )
    declared_to: dt.date | None = strawberry.field(
        description="Only shipments declared on or before this date."
    )
    scope: strawberry.Private[data.Scope]
    scope_id: strawberry.Private[str]

    @classmethod
    def of(
        cls,
        scope: data.Scope,
        scope_id: str,
        as_of: dt.date | None,
        declared_from: dt.date | None,
        declared_to: dt.date | None,
    ) -> Impact:
        if declared_from and declared_to and declared_from > declared_to:
            raise InvalidArgument("declaredFrom", "must not be after declaredTo")
        return cls(
            as_of=as_of,
            declared_from=declared_from,
            declared_to=declared_to,
            scope=scope,
            scope_id=scope_id,
        )

    @property
    def window(self) -> data.Window:
        return data.Window(self.as_of, self.declared_from, self.declared_to)

    @strawberry.field(description="Affected shipments, each once, with cursor pagination.")
    async def shipments(
        self,
        info: Info,
        filter: Annotated[
            ImpactShipmentFilter | None,
            strawberry.argument(description="Conditions every shipment meets."),
        ] = None,
        sort: Annotated[
            data.ImpactSort,
            strawberry.argument(description="Order; ties broken by shipment id."),
        ] = data.ImpactSort.DECLARED_ON_DESC,
        first: First = 20,
        after: After = None,
    ) -> Connection[Shipment]:
        page = page_request(info, first, after)
        where = filter.to_filter() if filter else data.ImpactFilter()
        result = await data.shipments_page(
            info.context.cypher,
            info.context.principal,
            self.scope,
            self.scope_id,
            self.window,
            where,
            sort,
            page,
            total=wants_total(info),
            fetch=selected_names(info, "edges", "node"),
        )
        return connection(result, Shipment.from_row)

    @strawberry.field(description="Totals and grouped counts over the whole window.")
    async def totals(
        self,
        info: Info,
        group_limit: Annotated[
            int,
            strawberry.argument(
                description=f"Largest groups kept per grouping, by shipments (1 to {MAX_GROUPS})."
            ),
        ] = 50,
    ) -> ImpactTotals:
        if not 1 <= group_limit <= MAX_GROUPS:
            raise InvalidArgument("groupLimit", f"must be between 1 and {MAX_GROUPS}, got {group_limit}")
        wanted = {GROUP_FIELDS[n] for n in selected_names(info) if n in GROUP_FIELDS}
        record = await impact_totals.totals(
            info.context.cypher,
            info.context.principal,
            self.scope,
            self.scope_id,
            self.window,
            wanted,
            group_limit,
        )
        return ImpactTotals.from_record(record)

    @strawberry.field(description="The covered batches, by batch id.")
    async def batches(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=f"How many (1 to {MAX_BATCHES}).")] = 100,
    ) -> list[CoveredBatch]:
        if not 1 <= first <= MAX_BATCHES:
            raise InvalidArgument("first", f"must be between 1 and {MAX_BATCHES}, got {first}")
        rows = await data.covered_batches(
            info.context.cypher, info.context.principal, self.scope, self.scope_id, first
        )
        return [
            CoveredBatch(
                batch=Batch.from_row(r["batch"]),
                product=Product.from_row(r["product"]) if r["product"] else None,
            )
            for r in rows
        ]
