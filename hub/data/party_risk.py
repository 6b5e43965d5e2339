"""What the related parties of a firm have on record, and a recall's blast radius.

Both start from the breadth-first search of `hub.data.parties` and then ask
one more constant statement about every enterprise reached (never one per
enterprise).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, LiteralString

from hub.auth import Principal
from hub.data.inspections import COUNTS
from hub.data.parties import (
    RELATED_CAP,
    Reach,
    Search,
    UnknownEnterprise,
    expand,
    load_origins,
    require_domestic,
)
from hub.errors import HubError, show
from runtime.db import Cypher

# Recall and disposal orders on goods an enterprise makes or sold; failed
# inspections of its shipments or of batches of its products; dishonest
# credit levels in force at $asOf.
RISKS: Final[LiteralString] = (
    """
UNWIND $ids AS id MATCH (e:Enterprise {enterpriseId: id})
CALL (e) {
  CALL (e) {
    MATCH (e)<-[:MADE_BY]-(:Product)<-[:TARGETS]-(r:Recall) RETURN r, 'made' AS how
    UNION
    MATCH (e)<-[:MADE_BY]-(:Product)<-[:OF_PRODUCT]-(:Batch)<-[:TARGETS]-(r:Recall) RETURN r, 'made' AS how
    UNION
    MATCH (e)<-[:SOLD_BY]-(:Shipment)-[:CARRIES]->(:Batch)<-[:TARGETS]-(r:Recall) RETURN r, 'sold' AS how
    UNION
    MATCH (e)<-[:SOLD_BY]-(:Shipment)-[:CARRIES]->(:Batch)-[:OF_PRODUCT]->(:Product)<-[:TARGETS]-(r:Recall)
    RETURN r, 'sold' AS how
  }
  WITH r, collect(how) AS hows ORDER BY r.issuedOn DESC, r.recallId
  RETURN collect(r {.recallId, .measure, .title, .issuedOn, .status, made: 'made' IN hows,
                    sold: 'sold' IN hows})[..20] AS orders
}
CALL (e) {
  CALL (e) {
    MATCH (e)<-[:SOLD_BY]-(:Shipment)<-[:INSPECTED]-(i:Inspection {result: 'fail'}) WHERE """
    + COUNTS
    + """ RETURN i
    UNION
    MATCH (e)<-[:MADE_BY]-(:Product)<-[:OF_PRODUCT]-(:Batch)<-[:INSPECTED]-(i:Inspection {result: 'fail'})
    WHERE """
    + COUNTS
    + """ RETURN i
  }
  WITH i ORDER BY i.inspectedOn DESC, i.inspectionId
  RETURN count(i) AS failed, collect(i {.inspectionId, .kind, .inspectedOn, .findings})[..5] AS inspections
}
WITH id, e, orders, failed, inspections, COLLECT {
  MATCH (e)<-[:RATES]-(rt:Rating)-[:AT_LEVEL]->(l:CreditLevel {dishonest: true})
  WHERE (rt.validFrom IS NULL OR rt.validFrom <= $asOf) AND (rt.validTo IS NULL OR rt.validTo > $asOf)
  RETURN {levelId: l.levelId, code: l.code, name: l.name, validFrom: rt.validFrom,
          agencyId: head([(rt)-[:GIVEN_BY]->(a:Agency) | a.agencyId])}
} AS dishonest
WHERE size(orders) > 0 OR failed > 0 OR size(dishonest) > 0
RETURN id, orders, failed, inspections, dishonest
"""
)

RECALL_FIRMS: Final[LiteralString] = """
MATCH (r:Recall {recallId: $id})
OPTIONAL CALL (r) {
  MATCH (r)-[:TARGETS]->(b:Batch)-[:OF_PRODUCT]->(p:Product) RETURN b, p
  UNION
  MATCH (r)-[:TARGETS]->(p:Product) OPTIONAL MATCH (p)<-[:OF_PRODUCT]-(b:Batch) RETURN b, p
}
WITH r, collect(DISTINCT b) AS batches, collect(DISTINCT p) AS products
RETURN [p IN products | p.productId] AS products,
       [p IN products WHERE p.hsCode IS NOT NULL | left(p.hsCode, 4)] AS headings,
       COLLECT { UNWIND products AS p MATCH (p)-[:MADE_BY]->(m:Enterprise) RETURN DISTINCT m.enterpriseId } AS makers,
       COLLECT { UNWIND batches AS b MATCH (b)<-[:CARRIES]-(:Shipment)-[:SOLD_BY]->(s:Enterprise)
                 RETURN DISTINCT s.enterpriseId } AS sellers
"""

# Of the enterprises reached, those that make or sold the recalled products
# or other products under the same HS heading (first four digits).
SAME_TRADE: Final[LiteralString] = """
UNWIND $ids AS id MATCH (e:Enterprise {enterpriseId: id})
WITH id, COLLECT {
  MATCH (e)<-[:MADE_BY]-(p:Product) WHERE p.productId IN $products OR left(p.hsCode, 4) IN $headings
  WITH DISTINCT p ORDER BY p.productId LIMIT 20 RETURN p {.productId, .name, .hsCode}
} AS made, COLLECT {
  MATCH (e)<-[:SOLD_BY]-(:Shipment)-[:CARRIES]->(:Batch)-[:OF_PRODUCT]->(p:Product)
  WHERE p.productId IN $products OR left(p.hsCode, 4) IN $headings
  WITH DISTINCT p ORDER BY p.productId LIMIT 20 RETURN p {.productId, .name, .hsCode}
} AS sold
WHERE size(made) + size(sold) > 0
RETURN id, made, sold
"""


class UnknownRecall(HubError):
    code = "NOT_FOUND"

    def __init__(self, recall_id: str) -> None:
        super().__init__(f"argument recallId: no recall with id {show(recall_id)}", argument="recallId")


async def risk_neighbourhood(
    cy: Cypher, who: Principal, enterprise_id: str, search: Search
) -> tuple[Reach, list[dict[str, Any]]]:
    """The search, and the risk rows of the enterprises reached (by distance, id)."""
    require_domestic(who)
    origins = await load_origins(cy, [enterprise_id])
    if not origins:
        raise UnknownEnterprise("enterpriseId", enterprise_id)
    reach = await expand(cy, search, Reach(origins), RELATED_CAP)
    if not reach.order:
        return reach, []
    rows = await cy.read(RISKS, {"ids": reach.order, "asOf": search.as_of})
    rows.sort(key=lambda r: (reach.distance(r["id"]), r["id"]))
    return reach, rows


@dataclass
class BlastRadius:
    recall_id: str
    products: list[str]
    headings: list[str]
    makers: list[str]
    sellers: list[str]
    reach: Reach
    rows: list[dict[str, Any]]  # {id, made, sold, sameProduct}, in answer order


async def blast_radius(cy: Cypher, who: Principal, recall_id: str, search: Search) -> BlastRadius:
    require_domestic(who)
    found = await cy.read(RECALL_FIRMS, {"id": recall_id})
    if not found:
        raise UnknownRecall(recall_id)
    firms = found[0]
    named = sorted(set(firms["makers"]) | set(firms["sellers"]))
    reach = Reach(await load_origins(cy, named))
    rows: list[dict[str, Any]] = []
    if named:
        await expand(cy, search, reach, RELATED_CAP)
    if reach.order:
        params = {"ids": reach.order, "products": firms["products"], "headings": firms["headings"]}
        rows = await cy.read(SAME_TRADE, params)
    products = set(firms["products"])
    for row in rows:
        row["sameProduct"] = any(p["productId"] in products for p in row["made"] + row["sold"])
    rows.sort(key=lambda r: (reach.distance(r["id"]), not r["sameProduct"], r["id"]))
    return BlastRadius(
        recall_id, sorted(products), sorted(set(firms["headings"])), sorted(firms["makers"]),
        sorted(firms["sellers"]), reach, rows,
    )  # fmt: skip
