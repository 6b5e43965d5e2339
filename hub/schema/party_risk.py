"""Related-party answers about risk: adverse records around a firm, a recall's blast radius."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import strawberry

from hub.data import parties as data
from hub.schema.common import Edge, Measure, PageInfo, date
from hub.schema.party_paths import PartyNode, PartyPath, path_of


@strawberry.enum(description="A kind of adverse record.")
class RiskKind(Enum):
    RECALL = "RECALL"
    DISPOSAL_ORDER = "DISPOSAL_ORDER"
    FAILED_INSPECTION = "FAILED_INSPECTION"
    DISHONEST_CREDIT = "DISHONEST_CREDIT"


@strawberry.type(description="A recall or other disposal order on goods an enterprise makes or sold.")
class RiskOrder:
    recall_id: strawberry.ID = strawberry.field(description="The order's recall id.")
    measure: Measure = strawberry.field(description="The measure ordered.")
    title: str | None = strawberry.field(description="Title of the order.")
    issued_on: dt.date | None = strawberry.field(description="Date issued.")
    made: bool = strawberry.field(description="It targets goods the enterprise makes.")
    sold: bool = strawberry.field(description="It targets batches the enterprise sold.")


@strawberry.type(description="A failed inspection of an enterprise's shipment or product batch.")
class FailedInspection:
    inspection_id: strawberry.ID = strawberry.field(description="Inspection id.")
    kind: str | None = strawberry.field(description="document, physical, sampling or lab.")
    inspected_on: dt.date | None = strawberry.field(description="Date inspected.")
    findings: str | None = strawberry.field(description="What was found.")


@strawberry.type(description="A dishonest credit level in force for an enterprise.")
class DishonestRating:
    level_id: strawberry.ID = strawberry.field(description="The credit level id.")
    code: str | None = strawberry.field(description="The level's code.")
    name: str | None = strawberry.field(description="The level's name.")
    agency_id: strawberry.ID | None = strawberry.field(description="The agency that gave it.")
    valid_from: dt.date | None = strawberry.field(description="Since when.")


@strawberry.type(description="A related enterprise with adverse records, and how it is linked.")
class RiskyParty:
    enterprise: PartyNode = strawberry.field(description="The related enterprise.")
    distance: int = strawberry.field(description="Hops from the origin.")
    path: PartyPath | None = strawberry.field(description="A shortest path from the origin.")
    risks: list[RiskKind] = strawberry.field(description="Which kinds of records it has.")
    orders: list[RiskOrder] = strawberry.field(
        description="Recalls and disposal orders, newest first (at most 20)."
    )
    failed_inspection_count: int = strawberry.field(description="How many failed inspections.")
    failed_inspections: list[FailedInspection] = strawberry.field(
        description="The latest failed inspections (at most 5)."
    )
    dishonest_ratings: list[DishonestRating] = strawberry.field(
        description="Dishonest credit levels in force."
    )

    @classmethod
    def of(cls, reach: data.Reach, row: dict[str, Any]) -> RiskyParty:
        orders = [
            RiskOrder(
                recall_id=strawberry.ID(o["recallId"]), measure=Measure(o["measure"]),
                title=o.get("title"), issued_on=date(o.get("issuedOn")), made=o["made"], sold=o["sold"],
            )
            for o in row["orders"]
        ]  # fmt: skip
        risks = []
        if any(o.measure is Measure.MANDATORY_RECALL for o in orders):
            risks.append(RiskKind.RECALL)
        if any(o.measure is not Measure.MANDATORY_RECALL for o in orders):
            risks.append(RiskKind.DISPOSAL_ORDER)
        if row["failed"]:
            risks.append(RiskKind.FAILED_INSPECTION)
        if row["dishonest"]:
            risks.append(RiskKind.DISHONEST_CREDIT)
        paths = reach.paths(row["id"], 1)
        return cls(
            enterprise=PartyNode.from_row(reach.node(row["id"])),
            distance=reach.distance(row["id"]),
            path=path_of(paths[0], reach.node) if paths else None,
            risks=risks,
            orders=orders,
            failed_inspection_count=row["failed"],
            failed_inspections=[
                FailedInspection(
                    inspection_id=strawberry.ID(i["inspectionId"]), kind=i.get("kind"),
                    inspected_on=date(i.get("inspectedOn")), findings=i.get("findings"),
                )
                for i in row["inspections"]
            ],
            dishonest_ratings=[
                DishonestRating(
                    level_id=strawberry.ID(d["levelId"]), code=d.get("code"), name=d.get("name"),
                    agency_id=strawberry.ID(d["agencyId"]) if d.get("agencyId") else None,
                    valid_from=date(d.get("validFrom")),
                )
                for d in row["dishonest"]
            ],
        )  # fmt: skip


@strawberry.type(description="Related enterprises with recalls, failed inspections, orders or bad credit.")
class RiskNeighbourhood:
    origin: PartyNode = strawberry.field(description="The enterprise asked about.")
    max_hops: int = strawberry.field(description="The hops followed.")
    as_of: dt.date = strawberry.field(description="The date links and ratings had to hold on.")
    searched: int = strawberry.field(description="How many related enterprises were examined.")
    truncated: bool = strawberry.field(
        description=f"True when more than {data.RELATED_CAP} enterprises were in reach."
    )
    parties: list[RiskyParty] = strawberry.field(
        description="Those with adverse records, nearest first, then by id."
    )


@strawberry.type(description="A product made or sold by an enterprise in a recall's blast radius.")
class TradedProduct:
    product_id: strawberry.ID = strawberry.field(description="Product id.")
    name: str | None = strawberry.field(description="Product name.")
    hs_code: str | None = strawberry.field(description="HS code.")
    same_product: bool = strawberry.field(
        description="True when it is a recalled product; else it shares the HS heading."
    )


@strawberry.type(description="A related maker or seller trading the recalled product or its HS heading.")
class BlastRadiusParty:
    enterprise: PartyNode = strawberry.field(description="The related enterprise.")
    distance: int = strawberry.field(description="Hops from the nearest maker or seller named in the recall.")
    same_product: bool = strawberry.field(description="True when it makes or sold a recalled product.")
    made: list[TradedProduct] = strawberry.field(description="Matching products it makes.")
    sold: list[TradedProduct] = strawberry.field(description="Matching products it sold.")
    path: PartyPath | None = strawberry.field(description="A shortest path from a named firm.")

    @classmethod
    def of(cls, reach: data.Reach, recalled: set[str], row: dict[str, Any]) -> BlastRadiusParty:
        def products(items: list[dict[str, Any]]) -> list[TradedProduct]:
            return [
                TradedProduct(
                    product_id=strawberry.ID(p["productId"]), name=p.get("name"),
                    hs_code=p.get("hsCode"), same_product=p["productId"] in recalled,
                )
                for p in items
            ]  # fmt: skip

        paths = reach.paths(row["id"], 1)
        return cls(
            enterprise=PartyNode.from_row(reach.node(row["id"])),
            distance=reach.distance(row["id"]),
            same_product=row["sameProduct"],
            made=products(row["made"]),
            sold=products(row["sold"]),
            path=path_of(paths[0], reach.node) if paths else None,
        )


@strawberry.type(description="A recall's blast radius beyond the firms it names.")
class BlastRadius:
    recall_id: strawberry.ID = strawberry.field(description="The recall.")
    product_ids: list[strawberry.ID] = strawberry.field(description="The recalled products.")
    hs_headings: list[str] = strawberry.field(description="Their HS headings (first 4 digits).")
    makers: list[PartyNode] = strawberry.field(description="Makers of the recalled products.")
    sellers: list[PartyNode] = strawberry.field(description="Sellers of the recalled batches.")
    truncated: bool = strawberry.field(
        description=f"True when more than {data.RELATED_CAP} enterprises were in reach."
    )
    total_count: int = strawberry.field(description="How many enterprises are in the radius.")
    edges: list[Edge[BlastRadiusParty]] = strawberry.field(
        description="This page: by distance, same product first, then id."
    )
    page_info: PageInfo = strawberry.field(description="Where this page stands in the list.")
