"""Products, their batches and the trace codes on those batches."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Final, LiteralString

from hub.auth import Principal
from hub.data import visibility
from hub.data.paging import (
    Page,
    PageRequest,
    by_ids_statement,
    children_statement,
    page_statements,
    to_page,
)
from runtime.db import Cypher


class ProductSort(Enum):
    NAME = "name"
    ID = "id"
    HS_CODE = "hsCode"


@dataclass(frozen=True)
class ProductFilter:
    name_contains: str | None = None
    hs_prefix: str | None = None
    category: str | None = None
    brand: str | None = None
    origin_country: str | None = None
    gtin: str | None = None
    maker_id: str | None = None

    def params(self) -> dict[str, Any]:
        return {
            "nameContains": self.name_contains.lower() if self.name_contains else None,
            "hsPrefix": self.hs_prefix,
            "category": self.category,
            "brand": self.brand,
            "originCountry": self.origin_country,
            "gtin": self.gtin,
            "makerId": self.maker_id,
        }


PRODUCT: Final[LiteralString] = "p {.*, makerId: head([(p)-[:MADE_BY]->(m:Enterprise) | m.enterpriseId])}"
BATCH: Final[LiteralString] = "b {.*, productId: head([(b)-[:OF_PRODUCT]->(p:Product) | p.productId])}"
TRACE_CODE: Final[LiteralString] = "t {.*, batchId: head([(t)-[:LABELS]->(b:Batch) | b.batchId])}"

_MATCH: Final[LiteralString] = (
    "MATCH (p:Product) WHERE ($nameContains IS NULL OR toLower(p.name) CONTAINS $nameContains)"
    " AND ($hsPrefix IS NULL OR p.hsCode STARTS WITH $hsPrefix)"
    " AND ($category IS NULL OR p.category = $category)"
    " AND ($brand IS NULL OR p.brand = $brand)"
    " AND ($originCountry IS NULL OR p.originCountry = $originCountry)"
    " AND ($gtin IS NULL OR p.gtin = $gtin)"
    # A filter naming an enterprise goes through the enterprise's own visibility:
    # an invisible maker filters to nothing, exactly like an unknown one.
    " AND ($makerId IS NULL OR EXISTS { MATCH (p)-[:MADE_BY]->(m:Enterprise {enterpriseId: $makerId}) WHERE "
    + visibility.enterprise("m")
    + " })"
    " AND " + visibility.RECALL_SCOPE
)
_ORDERS: Final[dict[ProductSort, LiteralString]] = {
    ProductSort.NAME: "p.name, p.productId",
    ProductSort.ID: "p.productId",
    ProductSort.HS_CODE: "p.hsCode, p.productId",
}
LIST: Final = page_statements(_MATCH, "p", _ORDERS, PRODUCT)

PRODUCTS_BY_IDS: Final = by_ids_statement(
    "MATCH (p:Product {productId: id}) WHERE " + visibility.RECALL_SCOPE, PRODUCT
)
BATCHES_BY_IDS: Final = by_ids_statement(
    "MATCH (b:Batch {batchId: id}) WHERE " + visibility.RECALL_SCOPE, BATCH
)
BATCHES_OF_PRODUCTS: Final = children_statement(
    "MATCH (:Product {productId: id})<-[:OF_PRODUCT]-(b:Batch) WHERE " + visibility.RECALL_SCOPE,
    "b",
    "b.producedOn DESC, b.batchId",
    BATCH,
)
PRODUCTS_OF_MAKERS: Final = children_statement(
    "MATCH (:Enterprise {enterpriseId: id})<-[:MADE_BY]-(p:Product) WHERE " + visibility.RECALL_SCOPE,
    "p",
    "p.name, p.productId",
    PRODUCT,
)
CODES_OF_BATCHES: Final = children_statement(
    "MATCH (:Batch {batchId: id})<-[:LABELS]-(t:TraceCode) WHERE " + visibility.RECALL_SCOPE,
    "t",
    "t.code",
    TRACE_CODE,
)


async def list_products(
    cy: Cypher,
    who: Principal,
    where: ProductFilter,
    sort: ProductSort,
    page: PageRequest,
    *,
    total: bool,
) -> Page:
    [record] = await cy.read(LIST[(sort, total)], {**where.params(), **page.params(), **who.cypher_params()})
    return to_page(record, page)
