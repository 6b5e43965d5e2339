"""The recall impact page's index walk (hub/data/impact.py `_page`, docs/trace.md "The index walk").

A fragment of the page statement for the date sorts of an unfiltered page:
it binds `s` to the affected shipments that can be on the page, either by
walking the `shipment_declared_on` index in the page's order (when the
statement decides that is cheaper, and the walk finds the page within its
bound) or by `expansion`, the scope's walk from the covered batches.
"""

from __future__ import annotations

from typing import Final, LiteralString

from hub.data import visibility

# The index walk (issue 13, workload c'): a recall that reaches a large share of all shipments
# finds its first page sooner by walking the `shipment_declared_on` index in the page's order,
# keeping the affected shipments and stopping at the page's end, than by reading and sorting
# every affected shipment. The walk is bounded: it stays within the dates of the first
# 32 x n shipments of the index (n: the rows up to the page's end), and when it finds
# fewer than n affected shipments there, the expansion answers (the same rows, at its cost).
# It is chosen when `reach` (the covered batches' carriages, CARRIES degrees: an upper bound of
# the affected shipments) makes the expected walk (n x shipments / reach, affected shipments
# spread over the dates) at most half the bound, and cheaper than the expansion: a walked
# shipment costs about four expanded carriages, plus its comparisons with the covered list
# (size(covered) / 100). docs/trace.md "The index walk".
_CAP: Final[LiteralString] = "32 * ($skip + toInteger($limit))"  # the bound: 32 shipments per page row
_WALK_DECIDE: Final[LiteralString] = (
    " CALL (covered) { UNWIND covered AS x WITH x[0] AS b RETURN sum(COUNT { (b)<-[:CARRIES]-() }) AS reach }"
    " WITH r, covered, reach, COUNT { (:Shipment) } AS shipments, $skip + toInteger($limit) AS n"
    " WITH r, covered, n, reach > 0 AND reach * 16 >= shipments"
    " AND reach * reach * 100 >= 4 * n * shipments * (100 + size(covered)) AS walk"
)
_FIRST_DAY: Final[LiteralString] = "date('-999999999-01-01')"
_LAST_DAY: Final[LiteralString] = "date('+999999999-12-31')"
# Per date sort: the index order (of `s.declaredOn`, then of its value `on`) and the seek's
# two ends: from the first date (every date when walking, none (null) otherwise: a `WHERE walk`
# before the MATCH was planned after a scan of the whole index) to `edge`, the date of the
# bound's last shipment (null: the index holds fewer shipments than the bound: every date).
WALKS: Final[dict[str, tuple[LiteralString, LiteralString, LiteralString, LiteralString]]] = {
    "declaredOnDesc": (
        "s.declaredOn DESC",
        "on DESC",
        "s.declaredOn <= CASE WHEN walk THEN " + _LAST_DAY + " END",
        "s.declaredOn >= coalesce(edge, " + _FIRST_DAY + ")",
    ),
    "declaredOn": (
        "s.declaredOn",
        "on",
        "s.declaredOn >= CASE WHEN walk THEN " + _FIRST_DAY + " END",
        "s.declaredOn <= coalesce(edge, " + _LAST_DAY + ")",
    ),
}


def walk(sort: str, covers: LiteralString, expansion: LiteralString) -> LiteralString:
    """Binds `s` to every affected shipment that can be on the page (in no order): the walk's
    when it is chosen and finds the page's rows within its bound (all rows on the bound's last
    date included, so ties are whole), else every affected shipment by the expansion. Every
    shipment has a declaredOn (a required column of shipments.csv; a lodged declaration's
    date), so the index holds them all.

    `sort`: an ImpactSort value among WALKS; `covers`: the scope's predicate that a carriage
    (s)-[c:CARRIES]->(b) is covered (it may use `r` and `covered`); `expansion`: the scope's
    clauses binding `s` from `covered` (impact.carriages_of)."""
    order, on_order, start, edge = WALKS[sort]
    return (
        _WALK_DECIDE
        + " CALL (walk) { MATCH (s:Shipment) WHERE "
        + start
        + " WITH s.declaredOn AS on ORDER BY "
        + on_order
        + " SKIP "
        + _CAP
        + " - 1 LIMIT 1 RETURN collect(on)[0] AS edge }"
        " CALL (r, covered, walk, edge) { MATCH (s:Shipment) WHERE "
        + start
        + " AND "
        + edge
        + " AND "
        + visibility.PARCELS
        + " AND EXISTS { (s)-[c:CARRIES]->(b) WHERE "
        + covers
        + " } WITH s ORDER BY "
        + order
        + ", s.shipmentId LIMIT $skip + toInteger($limit) RETURN collect(s) AS found }"
        " WITH r, covered, walk AND (edge IS NULL OR size(found) >= n) AS walked, found"
        " CALL (r, covered, walked, found) { WITH found WHERE walked UNWIND found AS s RETURN s"
        " UNION ALL WITH r, covered WHERE NOT walked" + expansion + " RETURN DISTINCT s } WITH s"
    )
