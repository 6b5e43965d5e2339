"""A trace code's EPCIS history: events on its item EPC and on the units it travelled in.

An event belongs to the history of trace code `t` when it names an EPC that
IDENTIFIES `t` (in any list, or as parentID), or when it names a logistic
unit that contained that EPC at the event's time, up to MAX_DEPTH levels of
nesting (item in a case in a pallet in a container): every CONTAINED link
on the way (graph_schema.epcis_links) must hold at the event's time (`from`
inclusive, `to` exclusive). Such an event carries `via`: the unit it names.
An event reached several ways is listed once: as direct when it names the
item, else via the innermost unit (then the smallest key). Parcel-level data:
domestic callers only (`$parcels`); a partner gets an empty list.
"""

from __future__ import annotations

from typing import Final, LiteralString

MAX_DEPTH: Final = 4  # levels of aggregation followed from the item (the quantifier below)

_EVENTS: Final[LiteralString] = """
MATCH (t:TraceCode {code: id}) WHERE $parcels
CALL (t) {
  MATCH (t)<-[:IDENTIFIES]-(:Epc)<-[:WHAT|PARENT]-(ev:EpcisEvent)
  RETURN ev, 0 AS depth, '' AS via
  UNION
  MATCH (t)<-[:IDENTIFIES]-(:Epc)(()<-[c:CONTAINED]-()){1,4}(u:Epc)<-[:WHAT|PARENT]-(ev:EpcisEvent)
  WHERE all(r IN c WHERE r.from <= ev.eventTime AND (r.to IS NULL OR ev.eventTime < r.to))
  RETURN ev, size(c) AS depth, u.key AS via
}
WITH ev, depth, via ORDER BY depth, via
WITH ev, head(collect(via)) AS via
"""

_EVENT: Final[LiteralString] = """{
  key: ev.eventKey, eventId: ev.eventId, type: ev.type, action: ev.action,
  eventTime: ev.eventTime, offset: ev.eventTimeZoneOffset, bizStep: ev.bizStep,
  disposition: ev.disposition, bizTransactions: coalesce(ev.bizTransactions, []),
  readPoint: head([(ev)-[:READ_POINT]->(p) | p.key]), bizLocation: head([(ev)-[:BIZ_LOCATION]->(p) | p.key]),
  errorDeclaredAt: ev.errorDeclaredAt, errorReason: ev.errorReason,
  correctiveEventIds: coalesce(ev.correctiveEventIds, []),
  via: CASE via WHEN '' THEN null ELSE via END
}"""

HISTORY_OF_CODES: Final[LiteralString] = (
    "UNWIND $ids AS id CALL (id) { "
    + _EVENTS
    + " WITH ev, via ORDER BY ev.eventTime, ev.eventKey SKIP $skip LIMIT toInteger($limit) RETURN collect("
    + _EVENT
    + ") AS rows } CALL (id) { "
    + _EVENTS
    + " RETURN count(ev) AS total } RETURN id, rows, total"
)
"""One page of history per trace code (`$ids`), for the per-request children loader."""
