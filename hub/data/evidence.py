"""Completion evidence of a disposal order: units returned or destroyed per shipment.

One request is one append-only DisposalEvidence node linked to its order and,
by DISPOSED_OF {returnedUnits, destroyedUnits}, to each shipment. The order is
locked first, so the check that a shipment's recorded units never exceed the
units of the order's batches it carried holds under concurrent requests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any, Final, LiteralString

from runtime.db import Cypher

OPEN_STATUSES: Final = ("open", "in_progress")

EVIDENCE: Final[LiteralString] = """e {.*, orderId: $orderId,
  shipments: COLLECT { MATCH (e)-[d:DISPOSED_OF]->(s:Shipment)
    RETURN {shipmentId: s.shipmentId, returnedUnits: d.returnedUnits, destroyedUnits: d.destroyedUnits}
    ORDER BY s.shipmentId }
}"""

RECORD: Final[LiteralString] = (
    """
MATCH (r:Recall {recallId: $orderId})
CALL (r) { SET r.lockToken = $attempt }
WITH r
OPTIONAL MATCH (prior:DisposalEvidence {evidenceId: $evidenceId})
WITH r, prior, head([(r)-[:ISSUED_BY]->(a:Agency) | a.agencyId]) AS owner,
  COLLECT { CALL (r) { MATCH (r)-[:TARGETS]->(:Batch)-[:TRANSFORMED_INTO]->{0,4}(b:Batch) RETURN b
                       UNION MATCH (r)-[:TARGETS]->(:Product)<-[:OF_PRODUCT]-(:Batch)-[:TRANSFORMED_INTO]->{0,4}(b:Batch)
                             RETURN b }
            RETURN b } AS batches
UNWIND range(0, size($shipments) - 1) AS i
OPTIONAL MATCH (s:Shipment {shipmentId: $shipments[i].shipmentId})
WITH r, prior, owner, i, s,
  CASE WHEN s IS NULL THEN 0
       ELSE reduce(u = 0, q IN [(s)-[c:CARRIES]->(b) WHERE b IN batches OR EXISTS { (r)-[:TARGETS]->(s) }
                                | c.quantity] | u + q) END AS units,
  CASE WHEN s IS NULL THEN 0
       ELSE reduce(u = 0, q IN [(s)<-[d:DISPOSED_OF]-(e:DisposalEvidence)-[:UNDER_ORDER]->(r)
                                | coalesce(d.returnedUnits, e.returnedUnits, 0)
                                  + coalesce(d.destroyedUnits, e.destroyedUnits, 0)] | u + q) END AS done
WITH r, prior, owner, collect({i: i, s: s, units: units, done: done}) AS rows
WITH r, prior, owner, rows,
  [x IN rows WHERE x.s IS NULL OR x.units = 0
     OR x.done + $shipments[x.i].returnedUnits + $shipments[x.i].destroyedUnits > x.units
   | {i: x.i, found: x.s IS NOT NULL, units: x.units, done: x.done}] AS bad
WITH r, prior, rows, bad,
  CASE
    WHEN prior IS NOT NULL THEN CASE WHEN prior.requestDigest = $digest THEN 'retry' ELSE 'reused' END
    WHEN NOT $admin AND owner IS NOT NULL AND owner <> $agencyId THEN 'forbidden'
    WHEN NOT r.status IN $openStatuses THEN 'conflict'
    WHEN size(bad) > 0 THEN 'invalid'
    ELSE 'ok'
  END AS outcome
CALL (r, rows, outcome) {
  WITH r, rows WHERE outcome = 'ok'
  CREATE (e:DisposalEvidence {evidenceId: $evidenceId, recordedOn: $on, note: $note, agencyId: $agencyId,
          byKey: $byKey, clientRequestId: $clientRequestId, requestDigest: $digest, at: datetime(),
          source: 'hub:recordDisposalEvidence'})
  CREATE (e)-[:UNDER_ORDER]->(r)
  WITH e, rows
  UNWIND rows AS x
  WITH e, x.s AS s, $shipments[x.i] AS given
  CREATE (e)-[:DISPOSED_OF {returnedUnits: given.returnedUnits, destroyedUnits: given.destroyedUnits}]->(s)
}
WITH r, outcome, bad
OPTIONAL MATCH (e:DisposalEvidence {evidenceId: $evidenceId})
RETURN outcome, r.status AS current, bad, CASE WHEN e IS NULL THEN null ELSE """
    + EVIDENCE
    + " END AS evidence"
)


@dataclass(frozen=True)
class Disposed:
    shipment_id: str
    returned_units: int
    destroyed_units: int


@dataclass(frozen=True)
class NewEvidence:
    client_request_id: str
    agency_id: str
    order_id: str
    recorded_on: dt.date
    note: str | None
    shipments: tuple[Disposed, ...]

    @property
    def evidence_id(self) -> str:
        seed = f"{self.agency_id}\n{self.client_request_id}".encode()
        return "DE-" + hashlib.sha256(seed).hexdigest()[:20].upper()

    @property
    def digest(self) -> str:
        body = {k: v for k, v in self.__dict__.items() if k != "client_request_id"}
        return hashlib.sha256(json.dumps(body, default=str, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Recorded:
    outcome: str  # ok, retry, reused, forbidden, conflict, invalid, missing
    current: str | None
    bad: list[dict[str, Any]]
    evidence: dict[str, Any] | None


async def record(cy: Cypher, new: NewEvidence, by_key: str, *, admin: bool) -> Recorded:
    records = await cy.write(
        RECORD,
        {
            "orderId": new.order_id,
            "evidenceId": new.evidence_id,
            "shipments": [
                {
                    "shipmentId": d.shipment_id,
                    "returnedUnits": d.returned_units,
                    "destroyedUnits": d.destroyed_units,
                }
                for d in new.shipments
            ],
            "on": new.recorded_on,
            "note": new.note,
            "agencyId": new.agency_id,
            "byKey": by_key,
            "clientRequestId": new.client_request_id,
            "digest": new.digest,
            "admin": admin,
            "openStatuses": list(OPEN_STATUSES),
            "attempt": uuid.uuid4().hex,
        },
    )
    if not records:
        return Recorded("missing", None, [], None)
    r = records[0]
    return Recorded(r["outcome"], r["current"], r["bad"], r["evidence"])
