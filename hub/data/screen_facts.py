"""What the graph knows about a declaration's goods, codes and parties: constant statements.

Each statement takes the whole declaration's distinct keys at once (UNWIND),
so the number of statements never depends on the number of shipments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Final, LiteralString

from hub.data.filing_status import ENTERPRISE_FILING_AS_OF, FILING_STATUS_AS_OF
from hub.rules.lists import RuleVersion
from hub.rules.screening import Alert, Order
from runtime.db import Cypher

RULES_CAP: Final = 10_000

# Every recorded version of every rule; `lists.in_force` picks per date.
RULES: Final[LiteralString] = """
MATCH (v:RuleVersion)-[:VERSION_OF]->(r:ScreeningRule)
RETURN v {.*, ruleId: r.ruleId, list: r.list, requestKey: null} AS v ORDER BY r.ruleId, v.version LIMIT $cap
"""

# Open orders (issued on or before the date, status open or unset) and alerts
# issued in the year before the date, on the node `t`.
_ORDERS: Final[LiteralString] = (
    "COLLECT { MATCH (r:Recall)-[:TARGETS]->(t) WHERE r.issuedOn <= $asOf AND coalesce(r.status, 'open') = 'open'"
    " RETURN {recallId: r.recallId, measure: r.measure, issuedOn: r.issuedOn} ORDER BY r.recallId LIMIT 20 }"
)
_ALERTS: Final[LiteralString] = (
    "COLLECT { MATCH (a:RiskAlert)-[:CONCERNS]->(t) WHERE a.issuedOn >= $since AND a.issuedOn <= $asOf"
    " RETURN {alertId: a.alertId, riskLevel: a.riskLevel, issuedOn: a.issuedOn} ORDER BY a.alertId LIMIT 20 }"
)

# A product's filing on `asOf` by whichever enterprise filed it: the newest
# product filing filed on or before the date, its status by FILING_STATUS_AS_OF.
PRODUCT_FILING: Final[LiteralString] = (
    "head(COLLECT { MATCH (f:Filing {kind: 'product'})-[:COVERS]->(p) WHERE f.filedOn <= asOf"
    " RETURN {filingId: f.filingId, status: " + FILING_STATUS_AS_OF + "}"
    " ORDER BY f.filedOn DESC, f.filingId DESC LIMIT 1 })"
)

PRODUCTS: Final[LiteralString] = (
    "UNWIND $refs AS ref"
    " OPTIONAL MATCH (byId:Product {productId: ref.productId})"
    " CALL (ref) { OPTIONAL MATCH (g:Product {gtin: ref.gtin}) WHERE ref.productId IS NULL"
    " RETURN g ORDER BY g.productId LIMIT 1 }"
    " WITH ref, coalesce(byId, g) AS p"
    " WITH ref, p, p AS t, $asOf AS asOf"
    " RETURN ref.key AS key, p.productId AS productId, p.name AS name, p.category AS category,"
    " p.hsCode AS hsCode, CASE WHEN p IS NULL THEN null ELSE " + PRODUCT_FILING + " END AS filing,"
    " CASE WHEN p IS NULL THEN [] ELSE " + _ORDERS + " END AS orders,"
    " CASE WHEN p IS NULL THEN [] ELSE " + _ALERTS + " END AS alerts"
)

BATCHES: Final[LiteralString] = (
    "UNWIND $batchIds AS id MATCH (t:Batch {batchId: id})"
    " RETURN id, " + _ORDERS + " AS orders, " + _ALERTS + " AS alerts"
)

TRACE_CODES: Final[LiteralString] = (
    "UNWIND $codes AS code MATCH (:TraceCode {code: code})-[:LABELS]->(t:Batch)"
    " OPTIONAL MATCH (t)-[:OF_PRODUCT]->(p:Product)"
    " RETURN code, t.batchId AS batchId, p.productId AS productId,"
    " " + _ORDERS + " AS orders, " + _ALERTS + " AS alerts"
)

PARTIES: Final[LiteralString] = (
    "UNWIND $ids AS id MATCH (e:Enterprise {enterpriseId: id}) WITH id, e, $asOf AS asOf"
    " RETURN id, e.name AS name, " + ENTERPRISE_FILING_AS_OF + " AS filing"
)

# The declarant's ratings in force on the date from customs agencies (the
# domestic credit system), and partner ratings in force that a customs scheme
# recognises under an arrangement signed on or before the date.
CREDIT: Final[LiteralString] = """
MATCH (e:Enterprise {enterpriseId: $id})
RETURN COLLECT {
  MATCH (e)<-[:RATES]-(rt:Rating)-[:GIVEN_BY]->(:Agency {kind: 'customs'}), (rt)-[:AT_LEVEL]->(l:CreditLevel)
  WHERE rt.validFrom <= $asOf AND (rt.validTo IS NULL OR rt.validTo > $asOf)
  RETURN l {.levelId, .code, .name, .rank, .dishonest, .creditClass} ORDER BY l.levelId LIMIT 20
} AS levels, COLLECT {
  MATCH (e)<-[:RATES]-(rt:Rating)-[:AT_LEVEL]->(:CreditLevel)-[m:MAPS_TO]->(l:CreditLevel)
        -[:IN_SCHEME]->(:CreditScheme)-[:OPERATED_BY]->(:Agency {kind: 'customs'})
  WHERE rt.validFrom <= $asOf AND (rt.validTo IS NULL OR rt.validTo > $asOf)
    AND EXISTS { MATCH (arr:Arrangement {arrangementId: m.arrangementId})
                 WHERE arr.signedOn IS NULL OR arr.signedOn <= $asOf }
  RETURN l {.levelId, .code, .name, .rank, .dishonest, .creditClass,
            arrangementId: m.arrangementId, facilitation: coalesce(m.facilitation, [])}
  ORDER BY l.levelId, m.arrangementId LIMIT 20
} AS recognised
"""


def _native(value: Any) -> dt.date | None:
    if value is None:
        return None
    to_native = getattr(value, "to_native", None)
    return to_native() if to_native is not None else value  # type: ignore[no-any-return]


def orders_of(rows: Iterable[dict[str, Any]], target: str) -> tuple[Order, ...]:
    return tuple(Order(r["recallId"], r["measure"], target, _native(r.get("issuedOn"))) for r in rows)


def alerts_of(rows: Iterable[dict[str, Any]], target: str) -> tuple[Alert, ...]:
    return tuple(Alert(r["alertId"], r.get("riskLevel"), target, _native(r.get("issuedOn"))) for r in rows)


def window(as_of: dt.date) -> dict[str, Any]:
    """Alerts count from a year before the date to the date, both inclusive."""
    return {"asOf": as_of, "since": as_of - dt.timedelta(days=365)}


async def rule_versions(cy: Cypher) -> list[RuleVersion]:
    rows = await cy.read(RULES, {"cap": RULES_CAP})
    return [RuleVersion.from_row(r["v"]) for r in rows]


async def products(cy: Cypher, refs: list[dict[str, Any]], as_of: dt.date) -> dict[str, dict[str, Any]]:
    if not refs:
        return {}
    rows = await cy.read(PRODUCTS, {"refs": refs, **window(as_of)})
    return {r["key"]: r for r in rows}


async def batches(cy: Cypher, ids: list[str], as_of: dt.date) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    rows = await cy.read(BATCHES, {"batchIds": ids, **window(as_of)})
    return {r["id"]: r for r in rows}


async def trace_codes(cy: Cypher, codes: list[str], as_of: dt.date) -> dict[str, dict[str, Any]]:
    if not codes:
        return {}
    rows = await cy.read(TRACE_CODES, {"codes": codes, **window(as_of)})
    return {r["code"]: r for r in rows}


async def parties(cy: Cypher, ids: list[str], as_of: dt.date) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    rows = await cy.read(PARTIES, {"ids": ids, "asOf": as_of})
    return {r["id"]: r for r in rows}


async def credit(cy: Cypher, declarant_id: str | None, as_of: dt.date) -> dict[str, Any] | None:
    if declarant_id is None:
        return None
    rows = await cy.read(CREDIT, {"id": declarant_id, "asOf": as_of})
    return rows[0] if rows else None
