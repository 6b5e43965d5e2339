"""Enterprises: platforms, sellers, importers, makers, logistics, warehouses, labs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from hub.context import Info
from hub.data import products as product_data
from hub.data import shipments as shipment_data
from hub.data.compiled import list_enterprises
from hub.data.enterprises import EnterpriseFilter, EnterpriseSort
from hub.data.paging import Page
from hub.schema.common import (
    After,
    Connection,
    EnterpriseKind,
    FilingStatus,
    First,
    Later,
    child_connection,
    connection,
    enum_or_none,
    page_request,
    selected_fields,
    wants_total,
)
from hub.schema.compiled import ShipmentsKey, nested_shipments

if TYPE_CHECKING:
    from hub.schema.filings import Filing
    from hub.schema.products import Product
    from hub.schema.shipments import Shipment

ProductRef = Annotated["Product", strawberry.lazy("hub.schema.products")]
FilingRef = Annotated["Filing", strawberry.lazy("hub.schema.filings")]
ShipmentRef = Annotated["Shipment", strawberry.lazy("hub.schema.shipments")]
PRODUCT: Later[Product] = Later("hub.schema.products", "Product")
SHIPMENT: Later[Shipment] = Later("hub.schema.shipments", "Shipment")

strawberry.enum(EnterpriseSort, name="EnterpriseSort", description="Order of an enterprise list.")
strawberry.enum(shipment_data.PartyRole, description="The part an enterprise plays in a shipment.")


@strawberry.type(
    description="A business entity: platform, seller, importer, maker, logistics, warehouse or lab."
)
class Enterprise:
    id: strawberry.ID = strawberry.field(description="The hub's enterprise id (natural key).")
    name: str = strawberry.field(description="Registered name.")
    kind: EnterpriseKind = strawberry.field(description="Main trade role.")
    country: str = strawberry.field(description="Country of registration, ISO 3166-1 alpha-2.")
    region: str | None = strawberry.field(description="Region (ISO 3166-2) of registration.")
    uscc: str | None = strawberry.field(description="China unified social credit code (18 characters).")
    eori: str | None = strawberry.field(
        description="EU Economic Operators Registration and Identification number."
    )
    gln: str | None = strawberry.field(description="GS1 Global Location Number.")
    filing_status: FilingStatus | None = strawberry.field(
        description="Status of the enterprise's filing with the inspection authority."
    )
    # The page of shipments the root statement projected (see hub/data/compiled.py), and for
    # which (role, skip, limit): the `shipments` resolver uses it only for those arguments.
    shipment_page: strawberry.Private[tuple[ShipmentsKey, dict[str, Any]] | None] = None

    @classmethod
    def from_row(cls, row: dict[str, Any], shipments: ShipmentsKey | None = None) -> Enterprise:
        projected = row.get("shipments") if shipments is not None else None
        return cls(
            id=strawberry.ID(row["enterpriseId"]),
            name=row["name"],
            kind=EnterpriseKind(row["kind"]),
            country=row["country"],
            region=row.get("region"),
            uscc=row.get("uscc"),
            eori=row.get("eori"),
            gln=row.get("gln"),
            filing_status=enum_or_none(FilingStatus, row.get("filingStatus")),
            shipment_page=(shipments, projected) if shipments is not None and projected is not None else None,
        )

    @strawberry.field(description="Filings this enterprise made (its own and its products'), newest first.")
    async def filings(self, info: Info, first: First = 20, after: After = None) -> Connection[FilingRef]:
        from hub.data.filings import ENTERPRISE_FILINGS
        from hub.schema.filings import Filing

        return await child_connection(info, ENTERPRISE_FILINGS, str(self.id), first, after, Filing.from_row)

    @strawberry.field(description="Products this enterprise makes, by name.")
    async def products(self, info: Info, first: First = 20, after: After = None) -> Connection[ProductRef]:
        return await child_connection(
            info, product_data.PRODUCTS_OF_MAKERS, str(self.id), first, after, PRODUCT.cls.from_row
        )

    @strawberry.field(description="Shipments in which this enterprise plays the given role, newest first.")
    async def shipments(
        self,
        info: Info,
        role: Annotated[
            shipment_data.PartyRole,
            strawberry.argument(description="The enterprise's part in the shipments."),
        ],
        first: First = 20,
        after: After = None,
    ) -> Connection[ShipmentRef]:
        if self.shipment_page is not None:
            request = page_request(info, first, after)
            key, found = self.shipment_page
            if key == (role, request.skip, request.limit):  # projected by the root statement
                rows = found["rows"]
                page = Page(
                    rows=rows[: request.limit],
                    skip=request.skip,
                    has_next=len(rows) > request.limit,
                    total=found.get("total"),
                )
                return connection(page, SHIPMENT.cls.from_row)
        statement = shipment_data.SHIPMENTS_OF_PARTY[role]
        return await child_connection(info, statement, str(self.id), first, after, SHIPMENT.cls.from_row)


@strawberry.input(description="Filters for the enterprise list; all given filters must hold.")
class EnterpriseFilterInput:
    kind: EnterpriseKind | None = strawberry.field(default=None, description="Only this trade role.")
    country: str | None = strawberry.field(default=None, description="Only this country (ISO alpha-2).")
    region: str | None = strawberry.field(default=None, description="Only this region (ISO 3166-2).")
    name_contains: str | None = strawberry.field(
        default=None, description="Name contains this text, any case."
    )
    filing_status: FilingStatus | None = strawberry.field(
        default=None, description="Only this filing status."
    )
    identifier: str | None = strawberry.field(
        default=None, description="Any identifier equals this: hub id, USCC, EORI or GLN."
    )

    def to_filter(self) -> EnterpriseFilter:
        return EnterpriseFilter(
            kind=self.kind.value if self.kind else None,
            country=self.country,
            region=self.region,
            name_contains=self.name_contains,
            filing_status=self.filing_status.value if self.filing_status else None,
            identifier=self.identifier,
        )


@strawberry.type
class EnterpriseQuery:
    @strawberry.field(description="One enterprise by id, or null when unknown or not visible to the caller.")
    async def enterprise(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Enterprise id.")],
    ) -> Enterprise | None:
        row = await info.context.loaders.enterprise(str(id))
        return Enterprise.from_row(row) if row else None

    @strawberry.field(description="Enterprises with filters, sorting and cursor pagination.")
    async def enterprises(
        self,
        info: Info,
        filter: Annotated[
            EnterpriseFilterInput | None,
            strawberry.argument(description="Conditions every result meets."),
        ] = None,
        sort: Annotated[
            EnterpriseSort, strawberry.argument(description="Order of results.")
        ] = EnterpriseSort.NAME,
        first: First = 20,
        after: After = None,
    ) -> Connection[Enterprise]:
        page = page_request(info, first, after)
        where = filter.to_filter() if filter else EnterpriseFilter()
        nested = nested_shipments(info, selected_fields(info, "edges", "node", "shipments"))
        result = await list_enterprises(
            info.context.cypher,
            info.context.principal,
            where,
            sort,
            page,
            total=wants_total(info),
            fetch=nested.fetch if nested is not None else set(),
            shipments=(nested.role, nested.page) if nested is not None else None,
        )
        key = nested.key if nested is not None else None
        return connection(result, lambda row: Enterprise.from_row(row, key))
