"""One stored EPCIS event, read back in the standard's JSON shape (GET /events/{eventID}, docs/epcis.md).

The hub keeps what it traces with (graph_schema/epcis.py): type, action,
times, bizStep, disposition, business transactions, the EPCs of each list
(as canonical GS1 Digital Links, with quantity and uom), parentID, readPoint,
bizLocation and an error declaration. The event is rebuilt from those; what
the hub does not keep (sensor data, sources and destinations, ILMD,
extensions) is not in it. Parcel-level data: domestic callers only
(`$parcels`), filtered in the statement.
"""

from __future__ import annotations

from typing import Any, Final, LiteralString

from runtime.db import Cypher

MAX_ENTRIES: Final = 10_000  # EPC entries returned per event (lists of a bigger event are cut, in key order)

EVENT: Final[LiteralString] = """
MATCH (ev:EpcisEvent {eventKey: $key}) WHERE $parcels
RETURN ev.eventKey AS key, ev.eventId AS eventId, ev.type AS type, ev.action AS action,
  ev.eventTime AS eventTime, ev.eventTimeZoneOffset AS offset, ev.recordTime AS recordTime,
  ev.bizStep AS bizStep, ev.disposition AS disposition, coalesce(ev.bizTransactions, []) AS bizTransactions,
  ev.errorDeclaredAt AS errorDeclaredAt, ev.errorReason AS errorReason,
  coalesce(ev.correctiveEventIds, []) AS correctiveEventIds,
  COLLECT { MATCH (ev)-[w:WHAT]->(x:Epc) RETURN {list: w.list, key: x.key, quantity: w.quantity, uom: w.uom}
            AS entry ORDER BY entry.list, entry.key LIMIT $maxEntries } AS what,
  head([(ev)-[:PARENT]->(x:Epc) | x.key]) AS parent,
  head([(ev)-[:READ_POINT]->(x:Epc) | x.key]) AS readPoint,
  head([(ev)-[:BIZ_LOCATION]->(x:Epc) | x.key]) AS bizLocation
"""


def _transaction(stored: str) -> dict[str, str]:
    """`bizTransactions` holds "<type> <id>", or "<id>" when the event gave no type."""
    kind, _, ident = stored.rpartition(" ")
    return {"type": kind, "bizTransaction": ident} if kind else {"bizTransaction": ident}


def _time(value: Any) -> str | None:
    """A stored datetime as RFC 3339 with its offset (seconds always written; fractions when there are any)."""
    return None if value is None else str(value.to_native().isoformat())


def shape(row: dict[str, Any]) -> dict[str, Any]:
    """The stored event as an EPCIS 2.0 JSON event; absent fields are left out."""
    event: dict[str, Any] = {"type": row["type"], "eventTime": _time(row["eventTime"])}
    if row["eventId"] is not None:
        event["eventID"] = row["eventId"]
    optional = {"eventTimeZoneOffset": row["offset"], "recordTime": _time(row["recordTime"]), "action": row["action"],
                "parentID": row["parent"], "bizStep": row["bizStep"], "disposition": row["disposition"]}  # fmt: skip
    event.update({name: value for name, value in optional.items() if value is not None})
    for entry in row["what"]:
        name = entry["list"]
        if name.endswith("QuantityList") or name == "quantityList":
            item = {"epcClass": entry["key"]}
            item.update({k: entry[k] for k in ("quantity", "uom") if entry[k] is not None})
            event.setdefault(name, []).append(item)
        else:
            event.setdefault(name, []).append(entry["key"])
    for name, key in (("readPoint", row["readPoint"]), ("bizLocation", row["bizLocation"])):
        if key is not None:
            event[name] = {"id": key}
    if row["bizTransactions"]:
        event["bizTransactionList"] = [_transaction(t) for t in row["bizTransactions"]]
    if row["errorDeclaredAt"] is not None:
        declared: dict[str, Any] = {"declarationTime": _time(row["errorDeclaredAt"])}
        if row["errorReason"] is not None:
            declared["reason"] = row["errorReason"]
        if row["correctiveEventIds"]:
            declared["correctiveEventIDs"] = row["correctiveEventIds"]
        event["errorDeclaration"] = declared
    return event


async def read_event(cy: Cypher, key: str, who_params: dict[str, Any]) -> dict[str, Any] | None:
    """The event stored under `key` (its eventID, or `sha256:` of its content), or None (absent or not visible)."""
    rows = await cy.read(EVENT, {"key": key, "maxEntries": MAX_ENTRIES, **who_params})
    return shape(rows[0]) if rows else None
