"""Recall impact totals: counts and units of the whole window, by stage and by group, in one statement.

The covered shipments are those of hub/data/impact.py (the same scope, pair
rule and window; the connection's filters do not apply). Units returned or
destroyed under disposal orders are capped per shipment; groups are counted
in Cypher, biggest first, at most `groupLimit` each. docs/trace.md "Totals".
"""

from __future__ import annotations

from typing import Any, Final, LiteralString

from hub.auth import Principal
from hub.data import impact
from hub.data.shipments import STAGE
from runtime.db import Cypher

# Completion evidence (issue 10): units of `s` recorded as returned (retU) or destroyed (desU)
# under any disposal order, capped so that they never exceed the shipment's covered units.
# The hub writes the units on the DISPOSED_OF link, disposal_evidence.csv on the evidence node.
_DISPOSED: Final[LiteralString] = (
    " WITH s, units, COLLECT { MATCH (s)<-[d:DISPOSED_OF]-(e:DisposalEvidence)"
    " RETURN [coalesce(d.returnedUnits, e.returnedUnits, 0), coalesce(d.destroyedUnits, e.destroyedUnits, 0)]"
    " AS u } AS ds"
    " WITH s, units, reduce(x = 0, d IN ds | x + d[0]) AS ret, reduce(x = 0, d IN ds | x + d[1]) AS des"
    " WITH s, units, des, CASE WHEN ret > units THEN units ELSE ret END AS retU"
    " WITH s, units, retU, CASE WHEN des > units - retU THEN units - retU ELSE des END AS desU"
)


def _group(name: LiteralString, key: LiteralString, label: LiteralString) -> LiteralString:
    """Counts by the row's `name` entry (a value or an enterprise node), biggest first."""
    return (
        " CALL (rows) { UNWIND CASE WHEN $want."
        + name
        + " THEN rows ELSE [] END AS x WITH x."
        + name
        + " AS g, count(*) AS n, sum(x.units) AS u WITH "
        + key
        + " AS key, "
        + label
        + " AS label, n, u ORDER BY n DESC, u DESC, key"
        " RETURN collect({key: key, name: label, shipments: n, units: u})[..$groupLimit] AS " + name + " }"
    )


def _by_value(name: LiteralString) -> LiteralString:
    return _group(name, "g", "null")


def _by_enterprise(name: LiteralString) -> LiteralString:
    # Rows hold the enterprise node: properties are read once per group, not per shipment.
    return _group(name, "g.enterpriseId", "g.name")


# Totals of the whole window (connection filters do not apply), grouped in Cypher.
TOTALS: Final[dict[impact.Scope, LiteralString]] = {
    scope: (
        impact.COVERED[scope]
        + " CALL (r, covered) {"
        + impact.carriages_of(scope)
        + impact.PER_SHIPMENT
        + _DISPOSED
        + " WITH s, units, units - retU - desU AS left, retU, desU, "
        + STAGE
        + " AS stage, CASE WHEN $anyLink THEN "
        + impact.LINKS
        + """ ELSE [] END AS links
  RETURN count(s) AS shipments, sum(units) AS units,
    collect(DISTINCT CASE WHEN $want.declarations THEN """
        + impact.pick("DECLARED_IN")
        + """ END) AS declarationNodes,
    sum(CASE stage WHEN 'under_control' THEN 1 ELSE 0 END) AS ucShipments,
    sum(CASE stage WHEN 'under_control' THEN left ELSE 0 END) AS ucUnits,
    sum(CASE stage WHEN 'in_transit' THEN 1 ELSE 0 END) AS transitShipments,
    sum(CASE stage WHEN 'in_transit' THEN left ELSE 0 END) AS transitUnits,
    sum(CASE stage WHEN 'delivered' THEN 1 ELSE 0 END) AS deliveredShipments,
    sum(CASE stage WHEN 'delivered' THEN left ELSE 0 END) AS deliveredUnits,
    sum(CASE stage WHEN 'returned' THEN 1 ELSE 0 END) AS returnedShipments,
    sum(CASE stage WHEN 'returned' THEN units WHEN 'destroyed' THEN 0 ELSE retU END) AS returnedUnits,
    sum(CASE stage WHEN 'destroyed' THEN 1 ELSE 0 END) AS destroyedShipments,
    sum(CASE stage WHEN 'destroyed' THEN units WHEN 'returned' THEN 0 ELSE desU END) AS destroyedUnits,
    collect(CASE WHEN $anyGroup THEN {units: units,
      region: CASE WHEN $want.region THEN s.consigneeRegion END,
      port: CASE WHEN $want.port THEN s.port END,
      seller: CASE WHEN $want.seller THEN """
        + impact.pick("SOLD_BY")
        + """ END,
      platform: CASE WHEN $want.platform THEN """
        + impact.pick("VIA_PLATFORM")
        + """ END,
      importer: CASE WHEN $want.importer THEN """
        + impact.pick("IMPORTED_BY")
        + """ END,
      warehouse: CASE WHEN $want.warehouse THEN """
        + impact.pick("STORED_AT")
        + """ END
    } END) AS rows }"""
        + _by_value("region")
        + _by_value("port")
        + _by_enterprise("seller")
        + _by_enterprise("platform")
        + _by_enterprise("importer")
        + _by_enterprise("warehouse")
        + """ RETURN size(covered) AS batches, shipments, units, size(declarationNodes) AS declarations,
  ucShipments, ucUnits, transitShipments, transitUnits, deliveredShipments, deliveredUnits,
  returnedShipments, returnedUnits, destroyedShipments, destroyedUnits, region, port, seller, platform, importer, warehouse,
  """
        + impact.recall_row(scope, "$want.recall")
        + " AS recall"
    )
    for scope in impact.Scope
}


def totals_params(
    scope_id: str,
    who: Principal,
    window: impact.Window,
    wanted: set[str],
    group_limit: int,
    *,
    recall: bool = False,
) -> dict[str, Any]:
    """`recall`: the totals statement also returns the recall's row (column `recall`)."""
    want = {name: name in wanted for name in (*impact.GROUPS, "declarations")} | {"recall": recall}
    parties = ("seller", "platform", "importer", "warehouse", "declarations")
    return {
        **impact.base_params(scope_id, who, window),
        "want": want,
        "anyGroup": any(want[g] for g in impact.GROUPS),
        "anyLink": any(want[g] for g in parties),
        "groupLimit": group_limit,
    }


async def totals(
    cy: Cypher,
    who: Principal,
    scope: impact.Scope,
    scope_id: str,
    window: impact.Window,
    wanted: set[str],
    group_limit: int,
    *,
    recall: bool = False,
) -> dict[str, Any]:
    params = totals_params(scope_id, who, window, wanted, group_limit, recall=recall)
    [record] = await cy.read_maps(TOTALS[scope], params)  # maps, lists and scalars only
    return record
