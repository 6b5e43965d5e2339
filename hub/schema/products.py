"""Products, batches (lots) and the trace codes printed on them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from hub.context import Info
from hub.data import products as data
from hub.data import shipments as shipment_data
from hub.data.impact import Scope
from hub.schema.common import (
    After,
    AsOfArg,
    Connection,
    First,
    FromArg,
    Later,
    ToArg,
    child_connection,
    connection,
    date,
    page_request,
    wants_total,
)
from hub.schema.enterprises import Enterprise

if TYPE_CHECKING:
    from hub.schema.filings import Filing
    from hub.schema.impact import Impact
    from hub.schema.shipments import Shipment
    from hub.schema.trace_history import TraceEvent

ShipmentRef = Annotated["Shipment", strawberry.lazy("hub.schema.shipments")]
ImpactRef = Annotated["Impact", strawberry.lazy("hub.schema.impact")]
SHIPMENT: Later[Shipment] = Later("hub.schema.shipments", "Shipment")
IMPACT: Later[Impact] = Later("hub.schema.impact", "Impact")
FilingRef = Annotated["Filing", strawberry.lazy("hub.schema.filings")]
TraceEventRef = Annotated["TraceEvent", strawberry.lazy("hub.schema.trace_history")]

strawberry.enum(data.ProductSort, description="Order of a product list.")


@strawberry.type(description="A product traded across the border (one GTIN).")
class Product:
    id: strawberry.ID = strawberry.field(description="The hub's product id (natural key).")
    name: str = strawberry.field(description="Product name.")
    gtin: str | None = strawberry.field(description="GS1 GTIN with its check digit.")
    hs_code: str = strawberry.field(description="Harmonized System code (6, 8 or 10 digits).")
    category: str | None = strawberry.field(description="Product category.")
    brand: str | None = strawberry.field(description="Brand.")
    origin_country: str | None = strawberry.field(description="Country of origin, ISO alpha-2.")
    maker_id: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Product:
        return cls(
            id=strawberry.ID(row["productId"]),
            name=row["name"],
            gtin=row.get("gtin"),
            hs_code=row["hsCode"],
            category=row.get("category"),
            brand=row.get("brand"),
            origin_country=row.get("originCountry"),
            maker_id=row.get("makerId"),
        )

    @strawberry.field(description="The enterprise that makes the product.")
    async def maker(self, info: Info) -> Enterprise | None:
        row = await info.context.loaders.enterprise(self.maker_id)
        return Enterprise.from_row(row) if row else None

    @strawberry.field(description="Filings of this product (by the enterprises that trade it), newest first.")
    async def filings(self, info: Info, first: First = 20, after: After = None) -> Connection[FilingRef]:
        from hub.data.filings import PRODUCT_FILINGS
        from hub.schema.filings import Filing

        return await child_connection(info, PRODUCT_FILINGS, str(self.id), first, after, Filing.from_row)

    @strawberry.field(description="Batches (lots) of the product, newest production first.")
    async def batches(self, info: Info, first: First = 20, after: After = None) -> Connection[Batch]:
        return await child_connection(
            info, data.BATCHES_OF_PRODUCTS, str(self.id), first, after, Batch.from_row
        )

    @strawberry.field(description="Forward trace of every batch of the product: shipments, regions, totals.")
    def forward_trace(
        self, as_of: AsOfArg = None, declared_from: FromArg = None, declared_to: ToArg = None
    ) -> ImpactRef:
        return IMPACT.cls.of(Scope.PRODUCT, str(self.id), as_of, declared_from, declared_to)


@strawberry.type(description="A batch (lot) of one product.")
class Batch:
    id: strawberry.ID = strawberry.field(description="The hub's batch id (natural key).")
    lot_code: str = strawberry.field(description="Lot code printed on the goods.")
    produced_on: dt.date | None = strawberry.field(description="Production date.")
    expires_on: dt.date | None = strawberry.field(description="Expiry date.")
    quantity: int | None = strawberry.field(description="Units produced in the batch.")
    unit: str | None = strawberry.field(description="Unit of `quantity`.")
    product_id: strawberry.Private[str | None]
    # Projected by a compiled read (null: not visible to the caller); else fetched by the loader.
    product_row: strawberry.Private[dict[str, Any] | None] = None
    product_projected: strawberry.Private[bool] = False

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Batch:
        return cls(
            id=strawberry.ID(row["batchId"]),
            lot_code=row["lotCode"],
            produced_on=date(row.get("producedOn")),
            expires_on=date(row.get("expiresOn")),
            quantity=row.get("quantity"),
            unit=row.get("unit"),
            product_id=row.get("productId"),
            product_row=row.get("product"),
            product_projected="product" in row,
        )

    @strawberry.field(description="The product of this batch.")
    async def product(self, info: Info) -> Product | None:
        if self.product_projected:
            row = self.product_row
        else:
            row = await info.context.loaders.product(self.product_id)
        return Product.from_row(row) if row else None

    @strawberry.field(description="Trace codes (QR, barcode, anti-counterfeit labels) on this batch.")
    async def trace_codes(self, info: Info, first: First = 20, after: After = None) -> Connection[TraceCode]:
        return await child_connection(
            info, data.CODES_OF_BATCHES, str(self.id), first, after, TraceCode.from_row
        )

    @strawberry.field(description="Forward trace: shipments that carried this batch, newest first.")
    async def shipments(self, info: Info, first: First = 20, after: After = None) -> Connection[ShipmentRef]:
        statement = shipment_data.SHIPMENTS_OF_BATCHES
        return await child_connection(info, statement, str(self.id), first, after, SHIPMENT.cls.from_row)

    @strawberry.field(description="Forward trace of this batch: shipments, regions, totals.")
    def forward_trace(
        self, as_of: AsOfArg = None, declared_from: FromArg = None, declared_to: ToArg = None
    ) -> ImpactRef:
        return IMPACT.cls.of(Scope.BATCH, str(self.id), as_of, declared_from, declared_to)


@strawberry.type(description="A QR code, barcode or anti-counterfeit label that identifies goods of a batch.")
class TraceCode:
    code: str = strawberry.field(description="The code as scanned.")
    kind: str = strawberry.field(description="qr, barcode or label.")
    serial: str | None = strawberry.field(description="Serial number of a single item, when serialised.")
    batch_id: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> TraceCode:
        return cls(
            code=row["code"],
            kind=row["kind"],
            serial=row.get("serial"),
            batch_id=row.get("batchId"),
        )

    @strawberry.field(description="The batch the code is on.")
    async def batch(self, info: Info) -> Batch | None:
        row = await info.context.loaders.batch(self.batch_id)
        return Batch.from_row(row) if row else None

    @strawberry.field(
        description="EPCIS events of this item and of the cases and pallets it travelled in, "
        "oldest first (eventTime, then event key); events declared in error are listed and marked."
    )
    async def history(self, info: Info, first: First = 20, after: After = None) -> Connection[TraceEventRef]:
        from hub.schema.trace_history import history

        return await history(info, self.code, first, after)


@strawberry.input(description="Filters for the product list; all given filters must hold.")
class ProductFilterInput:
    name_contains: str | None = strawberry.field(
        default=None, description="Name contains this text, any case."
    )
    hs_prefix: str | None = strawberry.field(default=None, description="HS code starts with these digits.")
    category: str | None = strawberry.field(default=None, description="Only this category.")
    brand: str | None = strawberry.field(default=None, description="Only this brand.")
    origin_country: str | None = strawberry.field(default=None, description="Only this origin (ISO alpha-2).")
    gtin: str | None = strawberry.field(default=None, description="Only this GTIN.")
    maker_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only products of this maker."
    )

    def to_filter(self) -> data.ProductFilter:
        return data.ProductFilter(
            name_contains=self.name_contains,
            hs_prefix=self.hs_prefix,
            category=self.category,
            brand=self.brand,
            origin_country=self.origin_country,
            gtin=self.gtin,
            maker_id=str(self.maker_id) if self.maker_id else None,
        )


@strawberry.type
class ProductQuery:
    @strawberry.field(description="One product by id, or null when unknown or not visible to the caller.")
    async def product(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Product id.")],
    ) -> Product | None:
        row = await info.context.loaders.product(str(id))
        return Product.from_row(row) if row else None

    @strawberry.field(description="Products with filters, sorting and cursor pagination.")
    async def products(
        self,
        info: Info,
        filter: Annotated[
            ProductFilterInput | None,
            strawberry.argument(description="Conditions every result meets."),
        ] = None,
        sort: Annotated[
            data.ProductSort, strawberry.argument(description="Order of results.")
        ] = data.ProductSort.NAME,
        first: First = 20,
        after: After = None,
    ) -> Connection[Product]:
        page = page_request(info, first, after)
        where = filter.to_filter() if filter else data.ProductFilter()
        result = await data.list_products(
            info.context.cypher, info.context.principal, where, sort, page, total=wants_total(info)
        )
        return connection(result, Product.from_row)

    @strawberry.field(description="One batch by id, or null when unknown or not visible to the caller.")
    async def batch(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Batch id.")]
    ) -> Batch | None:
        row = await info.context.loaders.batch(str(id))
        return Batch.from_row(row) if row else None
