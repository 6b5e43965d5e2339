"""Every allowed and every forbidden transition of each record kind, through the API."""

import asyncio
import json
import socket
from itertools import product
from typing import Any
from urllib.parse import urlparse

from neo4j import AsyncDriver

from graph_schema.lifecycle import LIFECYCLES, RecordKind
from hub.schema.status_change import a_kind
from tests.factories_supervision import count, supervision_graph
from tests.http import ANALYST, PARTNER_SG, Hub
from tests.hub.test_filings import CHANGE, change

SUPERSEDE = """
mutation($input: SupersedeOrderInput!) {
  supersedeOrder(input: $input) {
    __typename
    ... on StatusChanged { change { fromStatus toStatus } }
    ... on InvalidInput { field message }
    ... on Conflict { field message currentStatus }
  }
}"""

# The worked-out tables (docs/supervision.md): each allowed (from, to); everything else is refused.
ALLOWED: dict[RecordKind, set[tuple[str, str]]] = {
    RecordKind.FILING: {
        ("pending", "filed"), ("pending", "revoked"), ("filed", "suspended"), ("filed", "revoked"),
        ("filed", "expired"), ("suspended", "filed"), ("suspended", "revoked"),
    },
    RecordKind.INSPECTION: {("pending", "pass"), ("pending", "fail")},
    RecordKind.ALERT: {("open", "in_progress"), ("open", "closed"), ("in_progress", "closed")},
    RecordKind.ORDER: {
        ("open", "in_progress"), ("open", "closed"), ("in_progress", "completed"), ("completed", "closed"),
    },
    RecordKind.SHIPMENT: {
        ("declared", "held"), ("declared", "released"), ("held", "released"), ("held", "returned"),
        ("held", "destroyed"), ("released", "held"), ("released", "delivered"),
    },
}  # fmt: skip
STATUSES: dict[RecordKind, list[str]] = {
    RecordKind.FILING: ["pending", "filed", "suspended", "revoked", "expired"],
    RecordKind.INSPECTION: ["pending", "pass", "fail"],
    RecordKind.ALERT: ["open", "in_progress", "closed"],
    RecordKind.ORDER: ["open", "in_progress", "completed", "closed", "superseded"],
    RecordKind.SHIPMENT: ["declared", "held", "released", "delivered", "returned", "destroyed"],
}
# A record of each kind, created in a given status with plain Cypher.
MAKE = {
    RecordKind.FILING: "CREATE (:Filing {filingId: $id, kind: 'enterprise', status: $s, filedOn: date('2026-01-01')})",
    RecordKind.INSPECTION: "CREATE (:Inspection {inspectionId: $id, kind: 'lab', result: $s, inspectedOn: date('2026-01-01')})",
    RecordKind.ALERT: "CREATE (:RiskAlert {alertId: $id, title: 't', status: $s, issuedOn: date('2026-01-01')})",
    RecordKind.ORDER: "CREATE (:Recall {recallId: $id, measure: 'stop_sale', title: 't', riskLevel: 'low', status: $s, issuedOn: date('2026-01-01')})",
    RecordKind.SHIPMENT: "CREATE (:Shipment {shipmentId: $id, direction: 'inbound', mode: 'bonded', status: $s, declaredOn: date('2026-01-01')})",
}  # fmt: skip


def test_declared_tables_are_the_worked_out_ones() -> None:
    for kind, allowed in ALLOWED.items():
        life = LIFECYCLES[kind]
        assert set(life.transitions) - set(life.reserved) == allowed, kind
        assert life.statuses == sorted(STATUSES[kind]), kind
    assert set(LIFECYCLES[RecordKind.REVIEW].transitions) == {
        ("unreviewed", "accepted"),
        ("unreviewed", "rejected"),
    }
    assert set(LIFECYCLES[RecordKind.ORDER].reserved) == {("closed", "superseded")}


async def test_every_transition(graph: AsyncDriver, hub: Hub) -> None:
    await supervision_graph(graph)
    n = 0
    for kind, statuses in STATUSES.items():
        for frm, to in product(statuses, statuses):
            n += 1
            rid = f"X-{kind.value}-{frm}-{to}"
            await graph.execute_query(MAKE[kind], id=rid, s=frm, database_="neo4j")
            got = change(hub, f"t-{n}", kind.name, rid, frm, to, "2026-03-01")
            if (frm, to) in ALLOWED[kind]:
                assert got["__typename"] == "StatusChanged", (kind, frm, to, got)
                assert (got["change"]["fromStatus"], got["change"]["toStatus"]) == (frm, to)
            else:
                onward = sorted(t for f, t in ALLOWED[kind] if f == frm)
                assert got == {
                    "__typename": "InvalidInput",
                    "field": "input.status",
                    "message": f"{a_kind(kind)} goes from {frm} only to: {', '.join(onward) or 'nothing (final)'}",
                }, (kind, frm, to)
    allowed = sum(len(a) for a in ALLOWED.values())
    assert await count(graph, "MATCH (c:StatusChange) RETURN count(c)") == allowed


async def test_destroyed_shipment_cannot_be_released(graph: AsyncDriver, hub: Hub) -> None:
    await supervision_graph(graph)
    assert (
        change(hub, "d-1", "SHIPMENT", "S3", "held", "destroyed", "2026-04-02")["__typename"]
        == "StatusChanged"
    )
    final = change(hub, "d-2", "SHIPMENT", "S3", "destroyed", "released", "2026-04-03")
    assert final == {
        "__typename": "InvalidInput", "field": "input.status",
        "message": "a shipment goes from destroyed only to: nothing (final)",
    }  # fmt: skip
    stale = change(hub, "d-3", "SHIPMENT", "S3", "held", "released", "2026-04-03")
    assert stale == {
        "__typename": "Conflict", "field": "input.expectedStatus",
        "message": "the shipment 'S3' is 'destroyed', not 'held'", "currentStatus": "destroyed",
    }  # fmt: skip
    shipment = hub.gql('{ shipment(id: "S3") { status timeline { fromStatus toStatus effectiveOn byKey } } }')
    assert shipment.data["shipment"] == {
        "status": "DESTROYED",
        "timeline": [
            {"fromStatus": "held", "toStatus": "destroyed", "effectiveOn": "2026-04-02", "byKey": "regulator"}
        ],
    }


async def test_closed_order_is_not_reopened(graph: AsyncDriver, hub: Hub) -> None:
    await supervision_graph(graph)
    assert change(hub, "o-1", "ORDER", "R1", "open", "closed", "2026-04-05")["__typename"] == "StatusChanged"
    for to in ("open", "in_progress", "superseded"):
        got = change(hub, f"o-{to}", "ORDER", "R1", "closed", to, "2026-04-06")
        assert got == {"__typename": "InvalidInput", "field": "input.status",
                       "message": "an order goes from closed only to: nothing (final)"}  # fmt: skip
    timeline = hub.gql('{ recall(id: "R1") { status timeline { fromStatus toStatus } } }').data["recall"]
    assert timeline == {"status": "closed", "timeline": [{"fromStatus": "open", "toStatus": "closed"}]}
    asof = 'query($d: Date!) { orderStatus(id: "R1", asOf: $d) { status } }'
    for day, status in (
        ("2026-03-31", None),
        ("2026-04-01", "open"),
        ("2026-04-04", "open"),
        ("2026-04-05", "closed"),
    ):
        assert hub.gql(asof, {"d": day}).data["orderStatus"] == {"status": status}, day


async def test_retry_after_dropped_connection_makes_one_change(graph: AsyncDriver, hub: Hub) -> None:
    await supervision_graph(graph)
    variables = {"input": {"clientRequestId": "drop-1", "recordKind": "ORDER", "recordId": "R1",
                           "expectedStatus": "open", "status": "in_progress", "effectiveOn": "2026-04-02",
                           "reason": "field teams dispatched"}}  # fmt: skip
    # send the mutation and hang up without reading the answer (a lost reply)
    url = urlparse(hub.base_url)
    body = json.dumps({"query": CHANGE, "variables": variables}).encode()
    with socket.create_connection((url.hostname, url.port)) as sock:
        sock.sendall(
            b"POST /graphql HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer test-regulator-key\r\n"
            b"Content-Type: application/json\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
            + body
        )
    retry = hub.gql(CHANGE, variables).data["changeStatus"]
    assert retry["__typename"] == "StatusChanged" and retry["change"]["toStatus"] == "in_progress"
    again = hub.gql(CHANGE, variables).data["changeStatus"]
    assert again == {**retry, "created": False}
    assert await count(graph, "MATCH (c:StatusChange {recordId: 'R1'}) RETURN count(c)") == 1
    changed = hub.gql(CHANGE, {"input": {**variables["input"], "reason": "other"}}).data["changeStatus"]
    assert changed == {
        "__typename": "InvalidInput", "field": "input.clientRequestId",
        "message": "already used for a different change; use a new id for a new request",
    }  # fmt: skip


async def test_concurrent_changes_one_wins(graph: AsyncDriver, hub: Hub) -> None:
    await supervision_graph(graph)

    def attempt(i: int) -> dict[str, Any]:
        return change(hub, f"race-{i}", "ORDER", "R1", "open", "in_progress", "2026-04-02")

    results = await asyncio.gather(*(asyncio.to_thread(attempt, i) for i in range(4)))
    kinds = sorted(r["__typename"] for r in results)
    assert kinds == ["Conflict", "Conflict", "Conflict", "StatusChanged"]
    for lost in (r for r in results if r["__typename"] == "Conflict"):
        assert lost == {
            "__typename": "Conflict", "field": "input.expectedStatus",
            "message": "the order 'R1' is 'in_progress', not 'open'", "currentStatus": "in_progress",
        }  # fmt: skip
    assert await count(graph, "MATCH (c:StatusChange {recordId: 'R1'}) RETURN count(c)") == 1


async def test_non_regulators_refused(graph: AsyncDriver, hub: Hub) -> None:
    await supervision_graph(graph)
    got = change(hub, "nr-1", "ORDER", "R1", "open", "closed", "2026-04-02", key=ANALYST)
    assert got == {
        "__typename": "Forbidden",
        "message": "only regulators and administrators may change supervision records",
    }
    variables = {"input": {"clientRequestId": "nr-p", "recordKind": "ORDER", "recordId": "R1",
                           "expectedStatus": "open", "status": "closed", "reason": "x"}}  # fmt: skip

    # a partner agency's schema has only its own mutation (submitPartnerRating): refused at
    # validation, before any resolver runs
    partner = hub.gql(CHANGE, variables, key=PARTNER_SG)
    assert partner.body.get("data") is None
    assert "Cannot query field 'changeStatus' on type 'Mutation'." in partner.error_messages
    assert change(hub, "nr-2", "ORDER", "NOPE", "open", "closed", "2026-04-02") == {
        "__typename": "NotFound", "field": "input.recordId", "message": "no order 'NOPE'"
    }  # fmt: skip
    assert await count(graph, "MATCH (c:StatusChange) RETURN count(c)") == 0
