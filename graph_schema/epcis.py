"""The write of one EPCIS 2.0 document's events (docs/epcis.md), one statement, one transaction.

`$epcs`: the document's distinct EPCs, each `{key, kind, props, gtins, lot,
serial}`; an `Epc` node per key (the canonical GS1 Digital Link), linked by
IDENTIFIES to what the hub knows it as: a product (`gtin` in `gtins`, every
length spelling of the GTIN), a batch (its product's GTIN and `lotCode`), a
trace code (its batch's product GTIN and `serial`).

`$masterData`: `{key, attributes, json}` of the header's vocabulary elements
(their EPCs are in `$epcs`): the attributes replace the node's, last capture wins.

`$events`: each `{key, props, eventTime, error, links, transactions, stage,
status}`; `links` are `{key, rel, list, quantity, uom}` with `rel` one of
WHAT, PARENT, READ_POINT, BIZ_LOCATION; `transactions` are `{type, id, ids}`:
BIZ_TRANSACTION {type, id} to each Declaration, Recall (disposal order) or
Shipment (by shipmentId or waybill) whose id is in `ids`; an event tied to a
shipment gets `shipmentStage` / `shipmentStatus` from its CBV words. An event is stored once per key (its eventID, or a
hash of its content): a second capture of the key writes nothing, except
that an error declaration marks the stored event (`errorDeclaredAt`,
`errorReason`, `correctiveEventIds`) and keeps what it said (append-only).
"""

from __future__ import annotations

from typing import Final, LiteralString

CAPTURE: Final[LiteralString] = """
CALL () {
  UNWIND $epcs AS p
  MERGE (x:Epc {key: p.key})
    ON CREATE SET x += p.props, x.source = $source
  WITH x, p
  CALL (x, p) {
    MATCH (t:Product) WHERE p.kind = 'product' AND t.gtin IN p.gtins
    MERGE (x)-[:IDENTIFIES]->(t)
  }
  CALL (x, p) {
    MATCH (t:Batch {lotCode: p.lot})-[:OF_PRODUCT]->(made:Product)
    WHERE p.kind = 'lot' AND made.gtin IN p.gtins
    MERGE (x)-[:IDENTIFIES]->(t)
  }
  CALL (x, p) {
    MATCH (t:TraceCode {serial: p.serial})-[:LABELS]->(:Batch)-[:OF_PRODUCT]->(made:Product)
    WHERE p.kind = 'item' AND made.gtin IN p.gtins
    MERGE (x)-[:IDENTIFIES]->(t)
  }
}
CALL () {
  UNWIND $masterData AS m
  MATCH (x:Epc {key: m.key})
  SET x += m.attributes, x.masterData = m.json, x.masterDataCapture = $capture
}
UNWIND $events AS e
MERGE (ev:EpcisEvent {eventKey: e.key})
  ON CREATE SET ev += e.props, ev.eventTime = datetime(e.eventTime), ev.recordTime = datetime(),
                ev.captureId = $capture, ev.source = $source, ev.attempt = $attempt
WITH ev, e, ev.attempt = $attempt AS fresh
CALL (ev, e) {
  WITH ev, e WHERE e.error IS NOT NULL AND ev.errorDeclaredAt IS NULL
  SET ev.errorDeclaredAt = datetime(e.error.declarationTime), ev.errorReason = e.error.reason,
      ev.correctiveEventIds = e.error.correctiveEventIDs
}
CALL (ev, e, fresh) {
  WITH ev, e WHERE fresh
  UNWIND e.links AS l
  MATCH (x:Epc {key: l.key})
  CALL (ev, x, l) {
    WITH ev, x, l WHERE l.rel = 'WHAT'
    CREATE (ev)-[:WHAT {list: l.list, quantity: l.quantity, uom: l.uom}]->(x)
  }
  CALL (ev, x, l) {
    WITH ev, x, l WHERE l.rel = 'PARENT'
    CREATE (ev)-[:PARENT]->(x)
  }
  CALL (ev, x, l) {
    WITH ev, x, l WHERE l.rel = 'READ_POINT'
    CREATE (ev)-[:READ_POINT]->(x)
  }
  CALL (ev, x, l) {
    WITH ev, x, l WHERE l.rel = 'BIZ_LOCATION'
    CREATE (ev)-[:BIZ_LOCATION]->(x)
  }
}
CALL (ev, e, fresh) {
  WITH ev, e WHERE fresh
  UNWIND e.transactions AS t
  CALL (ev, t) {
    MATCH (x:Declaration) WHERE x.declarationId IN t.ids
    MERGE (ev)-[:BIZ_TRANSACTION {type: coalesce(t.type, ''), id: t.id}]->(x)
  }
  CALL (ev, t) {
    MATCH (x:Recall) WHERE x.recallId IN t.ids
    MERGE (ev)-[:BIZ_TRANSACTION {type: coalesce(t.type, ''), id: t.id}]->(x)
  }
  CALL (ev, e, t) {
    CALL (t) {
      MATCH (x:Shipment) WHERE x.shipmentId IN t.ids RETURN x
      UNION
      MATCH (x:Shipment) WHERE x.waybill IN t.ids RETURN x
    }
    MERGE (ev)-[:BIZ_TRANSACTION {type: coalesce(t.type, ''), id: t.id}]->(x)
    WITH ev, e WHERE e.stage IS NOT NULL
    SET ev.shipmentStage = e.stage, ev.shipmentStatus = e.status
  }
}
RETURN count(ev) AS events, sum(CASE WHEN fresh THEN 1 ELSE 0 END) AS created
"""
