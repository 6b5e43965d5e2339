"""Links derived from stored EPCIS events, rewritten at each capture (docs/epcis.md "Derived links").

The capture (loaders/epcis/capture.py) calls `derive` in its transaction,
after the events are stored, with the keys of the document's events; only
what those events can change is rewritten, so a repeated capture rewrites
the same links (idempotent) and a later error declaration (which arrives as
an event with a stored key) removes what the declared event had implied.

- `(unit:Epc)-[:CONTAINED {eventKey, from, to, endKey}]->(child:Epc)`: the
  child was inside the unit from the aggregation ADD at `from` until the
  first later DELETE of that unit naming the child, or naming no child
  (`to`, exclusive; null: still inside). One link per ADD. Events declared in
  error count for nothing. Rewritten for every unit that is the parentID of
  an aggregation event of the document.
"""

from __future__ import annotations

from typing import Final, LiteralString

from neo4j import AsyncManagedTransaction

# The contents of every unit that an aggregation event of the document names as parent.
CONTAINMENT: Final[LiteralString] = """
UNWIND $keys AS k
MATCH (:EpcisEvent {eventKey: k, type: 'AggregationEvent'})-[:PARENT]->(u:Epc)
WITH DISTINCT u
CALL (u) {
  MATCH (u)-[c:CONTAINED]->()
  DELETE c
}
CALL (u) {
  MATCH (u)<-[:PARENT]-(a:EpcisEvent {type: 'AggregationEvent', action: 'ADD'})-[:WHAT {list: 'childEPCs'}]->(x:Epc)
  WHERE a.errorDeclaredAt IS NULL
  WITH a, x, COLLECT {
    MATCH (u)<-[:PARENT]-(d:EpcisEvent {type: 'AggregationEvent', action: 'DELETE'})
    WHERE d.errorDeclaredAt IS NULL AND d.eventTime > a.eventTime
      AND (NOT EXISTS { (d)-[:WHAT {list: 'childEPCs'}]->() } OR EXISTS { (d)-[:WHAT {list: 'childEPCs'}]->(x) })
    RETURN d ORDER BY d.eventTime, d.eventKey LIMIT 1
  } AS ends
  CREATE (u)-[:CONTAINED {eventKey: a.eventKey, from: a.eventTime, to: head(ends).eventTime,
                          endKey: head(ends).eventKey}]->(x)
  RETURN count(*) AS links
}
RETURN count(u) AS units, sum(links) AS links
"""


async def derive(tx: AsyncManagedTransaction, keys: list[str]) -> None:
    """Rewrite the links that the events `keys` (just captured) imply."""
    await (await tx.run(CONTAINMENT, {"keys": keys})).consume()
