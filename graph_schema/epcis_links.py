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
  MATCH (u)<-[:PARENT]-(a:EpcisEvent {type: 'AggregationEvent', action: 'ADD'})-[w:WHAT]->(x:Epc)
  WHERE a.errorDeclaredAt IS NULL AND w.list IN ['childEPCs', 'childQuantityList']
  WITH a, w, x, COLLECT {
    MATCH (u)<-[:PARENT]-(d:EpcisEvent {type: 'AggregationEvent', action: 'DELETE'})
    WHERE d.errorDeclaredAt IS NULL AND d.eventTime > a.eventTime
      AND (NOT EXISTS { (d)-[:WHAT]->() }
           OR EXISTS { (d)-[v:WHAT]->(x) WHERE w.quantity IS NULL OR v.quantity IS NULL OR v.quantity >= w.quantity })
    RETURN d ORDER BY d.eventTime, d.eventKey LIMIT 1
  } AS ends
  CREATE (u)-[:CONTAINED {eventKey: a.eventKey, from: a.eventTime, to: head(ends).eventTime,
                          endKey: head(ends).eventKey, quantity: w.quantity, uom: w.uom}]->(x)
  RETURN count(*) AS links
}
RETURN count(u) AS units, sum(links) AS links
"""

# The batches an event's lists named `lists` identify: a lot, or the batch of an item's trace code.
_INPUTS: Final[LiteralString] = """COLLECT {
    MATCH (ev)-[w:WHAT]->(:Epc)-[:IDENTIFIES]->(t) WHERE w.list IN ['inputEPCList', 'inputQuantityList']
    UNWIND [t] + [(t)-[:LABELS]->(x:Batch) | x] AS a
    WITH a WHERE a:Batch
    RETURN DISTINCT a }"""
_OUTPUTS: Final[LiteralString] = """COLLECT {
    MATCH (ev)-[w:WHAT]->(:Epc)-[:IDENTIFIES]->(t) WHERE w.list IN ['outputEPCList', 'outputQuantityList']
    UNWIND [t] + [(t)-[:LABELS]->(x:Batch) | x] AS a
    WITH a WHERE a:Batch
    RETURN DISTINCT a }"""

TRANSFORMATION: Final[LiteralString] = (
    """
UNWIND $keys AS k
MATCH (ev:EpcisEvent {eventKey: k, type: 'TransformationEvent'})
WITH DISTINCT ev, """
    + _INPUTS
    + " AS inputs, "
    + _OUTPUTS
    + """ AS outputs
CALL (ev, inputs) {
  UNWIND inputs AS a
  MATCH (a)-[l:TRANSFORMED_INTO {eventKey: ev.eventKey}]->(:Batch)
  DELETE l
}
CALL (ev, inputs, outputs) {
  WITH ev, inputs, outputs WHERE ev.errorDeclaredAt IS NULL
  UNWIND inputs AS a
  UNWIND outputs AS b
  WITH ev, a, b WHERE a <> b
  MERGE (a)-[:TRANSFORMED_INTO {eventKey: ev.eventKey}]->(b)
}
RETURN count(ev) AS events
"""
)

MAX_NESTING: Final = 4  # item in a case in a pallet in a container (...): the quantifiers below

# The business transaction types (the BIZ_TRANSACTION edge's bare CBV word, loaders/epcis/links.py) that say
# the event's units travel on the shipment: CBV 2.0 bol and desadv, or no type at all.
LOADING_TYPES: Final = ["bol", "desadv", ""]

# One rule for "this event names that shipment": the BIZ_TRANSACTION edges the capture has just written
# (graph_schema/epcis.py: shipment id or waybill, as sent or after the GLN of a CBV bt URN).
LOADING: Final[LiteralString] = """
UNWIND $keys AS k
MATCH (ev:EpcisEvent {eventKey: k})
WITH DISTINCT ev
CALL (ev) {
  MATCH (ev)-[:WHAT|PARENT]->(:Epc)<-[l:LOADED {eventKey: ev.eventKey}]-(:Shipment)
  DELETE l
}
CALL (ev) {
  WITH ev WHERE ev.errorDeclaredAt IS NULL
  MATCH (ev)-[t:BIZ_TRANSACTION]->(s:Shipment) WHERE t.type IN $types
  WITH DISTINCT ev, s
  MATCH (ev)-[:WHAT|PARENT]->(x:Epc) WHERE x.kind IN ['unit', 'item', 'lot']
  WITH DISTINCT ev, s, x
  MERGE (s)-[l:LOADED {eventKey: ev.eventKey}]->(x)
  SET l.at = ev.eventTime
  WITH ev, x, l WHERE x.kind = 'lot'
  CALL (ev, x, l) {
    MATCH (ev)-[w:WHAT]->(x)
    WITH sum(coalesce(w.quantity, 0)) AS quantity, collect(DISTINCT coalesce(w.uom, '')) AS uoms
    SET l.quantity = quantity, l.uom = CASE WHEN size(uoms) > 1 THEN 'mixed' WHEN uoms[0] <> '' THEN uoms[0] END
  }
}
RETURN count(ev) AS events
"""

# Shipments whose derived carriage the document's events may change.
REACHED: Final[LiteralString] = """
UNWIND $keys AS k
MATCH (:EpcisEvent {eventKey: k})-[:WHAT|PARENT]->(x:Epc) WHERE x.kind IN ['unit', 'item', 'lot']
WITH DISTINCT x
MATCH (x)(()<-[:CONTAINED]-()){0,4}(:Epc)<-[:LOADED]-(s:Shipment)
RETURN collect(DISTINCT s.shipmentId) AS shipments
"""

CARRIAGE: Final[LiteralString] = """
UNWIND $shipments AS id
MATCH (s:Shipment {shipmentId: id})
CALL (s) {
  MATCH (s)-[c:CARRIES {source: 'epcis'}]->(:Batch)
  DELETE c
}
CALL (s) {
  CALL (s) {
    MATCH (s)-[l:LOADED]->(:Epc)(()-[r:CONTAINED]->()){0,4}(x:Epc {kind: 'item'})
    WHERE all(c IN r WHERE c.from <= l.at AND (c.to IS NULL OR l.at < c.to))
    MATCH (x)-[:IDENTIFIES]->(:TraceCode)-[:LABELS]->(b:Batch)
    RETURN b, count(DISTINCT x) AS n, 'item' AS unit
    UNION ALL
    MATCH (s)-[l:LOADED]->(:Epc)(()-[r:CONTAINED]->()){1,4}(x:Epc {kind: 'lot'})
    WHERE all(c IN r WHERE c.from <= l.at AND (c.to IS NULL OR l.at < c.to))
    MATCH (x)-[:IDENTIFIES]->(b:Batch)
    WITH DISTINCT b, last(r) AS c
    RETURN b, sum(coalesce(c.quantity, 0)) AS n, coalesce(c.uom, 'item') AS unit
    UNION ALL
    MATCH (s)-[l:LOADED]->(x:Epc {kind: 'lot'})-[:IDENTIFIES]->(b:Batch)
    WITH b, coalesce(l.uom, 'item') AS unit, max(l.quantity) AS n
    RETURN b, n, unit
  }
  WITH b, sum(n) AS n, collect(DISTINCT unit) AS units
  MERGE (s)-[c:CARRIES]->(b)
    ON CREATE SET c.source = 'epcis', c.quantity = n, c.unit = CASE size(units) WHEN 1 THEN units[0] ELSE 'mixed' END
  RETURN count(*) AS pairs
}
RETURN count(s) AS shipments, sum(pairs) AS pairs
"""


async def _reached(tx: AsyncManagedTransaction, keys: list[str]) -> set[str]:
    record = await (await tx.run(REACHED, {"keys": keys})).single(strict=True)
    return set(record["shipments"])


async def derive(tx: AsyncManagedTransaction, keys: list[str]) -> None:
    """Rewrite the links that the events `keys` (just captured) imply."""
    before = await _reached(tx, keys)
    for statement in (CONTAINMENT, TRANSFORMATION):
        await (await tx.run(statement, {"keys": keys})).consume()
    await (await tx.run(LOADING, {"keys": keys, "types": LOADING_TYPES})).consume()
    shipments = sorted(before | await _reached(tx, keys))
    if shipments:
        await (await tx.run(CARRIAGE, {"shipments": shipments})).consume()
