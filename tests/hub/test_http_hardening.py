"""HTTP hardening: codes on errors, gzip, WebSocket refusal, persisted documents, response cap, deadline."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path
from typing import Any

from graphql import GraphQLError
from neo4j import AsyncDriver
from starlette.types import Message, Receive, Scope, Send

from hub.auth import AuthMiddleware, KeyRing
from hub.extensions import MASKED, shape_errors
from hub.persisted import document_id
from runtime import db
from tests.http import KEYS, PARTNER_SG, Hub, running_hub


def test_gzip_body_is_decoded(hub: Hub) -> None:
    body = gzip.compress(json.dumps({"query": "{ __typename }"}).encode())
    response = hub.client.post(
        "/graphql",
        content=body,
        headers={"authorization": "Bearer test-regulator-key", "content-type": "application/json",
                 "content-encoding": "gzip"},
    )  # fmt: skip
    assert response.status_code == 200 and response.json() == {"data": {"__typename": "Query"}}


def test_partner_asking_outside_its_schema_gets_a_coded_error(hub: Hub) -> None:
    # Partners have their own schema (hub/policy.py): domestic-only fields are unknown to it.
    # FORBIDDEN for a field in the schema but not for the role: tests/hub/test_access.py.
    reply = hub.gql('{ ultimateOwners(enterpriseId: "E-1") { effectiveShare } }', key=PARTNER_SG)
    error = reply.body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert error["message"].startswith("Cannot query field 'ultimateOwners'")
    assert reply.statements == 0


def test_unknown_id_carries_not_found_code_and_argument(hub: Hub, graph: AsyncDriver) -> None:
    reply = hub.gql('{ ultimateOwners(enterpriseId: "' + "E" * 5000 + '") { effectiveShare } }')
    error = reply.body["errors"][0]
    assert error["extensions"] == {"code": "NOT_FOUND", "argument": "enterpriseId"}
    assert len(error["message"]) < 200  # the 5,000-character id is not echoed


def test_unexpected_errors_are_masked_as_internal() -> None:
    shaped = shape_errors([GraphQLError("boom at bolt://secret", original_error=KeyError("secret"))])
    assert shaped[0].message == MASKED and shaped[0].extensions == {"code": "INTERNAL"}
    validation = shape_errors([GraphQLError("Cannot query field 'x' on type 'Query'.")])
    assert validation[0].extensions == {"code": "BAD_USER_INPUT"}


async def test_websocket_is_closed_before_the_app() -> None:
    reached: list[Scope] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        reached.append(scope)

    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "websocket.connect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "websocket", "path": "/graphql", "headers": [], "query_string": b""}
    await AuthMiddleware(app, KeyRing({}, "test"))(scope, receive, send)
    assert reached == [] and sent == [
        {"type": "websocket.close", "code": 1008, "reason": "no WebSocket service here"}
    ]


def _post(hub: Hub, key: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    response = hub.client.post("/graphql", json=body, headers={"authorization": f"Bearer {key}"})
    return response.status_code, response.json()


def test_persisted_documents_and_restricted_keys(neo4j_uri: str, tmp_path: Path) -> None:
    text = "query Agencies { agencies(first: 1) { totalCount } }"
    (tmp_path / "agencies.graphql").write_text(text)
    keys = {
        **KEYS,
        "test-persisted-only-key": {"role": "partner", "agency": "AG-SG-SC", "persistedOnly": True},
    }
    env = {"HUB_API_KEYS": json.dumps(keys), "HUB_PERSISTED_DOCUMENTS": str(tmp_path)}
    with running_hub(neo4j_uri, **env) as hub:
        restricted = "test-persisted-only-key"
        before = db.STATEMENTS_SENT[0]
        status, body = _post(hub, restricted, {"query": "{ agencies(first: 5) { totalCount } }"})
        assert status == 403 and body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert db.STATEMENTS_SENT[0] == before
        status, body = _post(hub, restricted, {"documentId": document_id(text)})
        assert status == 200 and "totalCount" in body["data"]["agencies"]
        apq = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": document_id(text)[7:]}}}
        assert _post(hub, restricted, apq)[0] == 200
        assert _post(hub, restricted, {"query": text})[0] == 200
        # Unrestricted keys may still send any text.
        assert _post(hub, "test-regulator-key", {"query": "{ __typename }"}) == (
            200,
            {"data": {"__typename": "Query"}},
        )


def test_response_cap_gives_a_clear_error(neo4j_uri: str) -> None:
    with running_hub(neo4j_uri, HUB_MAX_RESPONSE_BYTES="4096") as hub:
        status, body = _post(
            hub, "test-regulator-key", {"query": "{ __schema { types { name description } } }"}
        )
    assert status == 200
    assert body["errors"][0]["extensions"] == {"code": "COST_LIMIT", "limit": 4096}
    assert "larger than 4,096 bytes" in body["errors"][0]["message"]


OPEN_TRANSACTIONS = (
    "SHOW TRANSACTIONS YIELD transactionId, currentQuery "
    "WHERE NOT currentQuery STARTS WITH 'SHOW' RETURN count(*) AS open"
)


async def test_deadline_gives_504_and_leaves_no_transaction(neo4j_uri: str, graph: AsyncDriver) -> None:
    query = {"query": "{ shipments(first: 100) { totalCount edges { node { id seller { name } } } } }"}
    with running_hub(neo4j_uri, HUB_REQUEST_TIMEOUT_S="0.001") as hub:
        status, body = _post(hub, "test-regulator-key", query)
    assert status == 504
    assert body["errors"][0]["extensions"]["code"] == "TIMEOUT"
    # The cancelled work's transaction is rolled back: none stays open on the server.
    open_count = -1
    for _ in range(50):
        records, _, _ = await graph.execute_query(OPEN_TRANSACTIONS, database_=db_name())
        open_count = records[0]["open"]
        if open_count == 0:
            break
        time.sleep(0.1)
    assert open_count == 0


def db_name() -> str:
    from tests.conftest import DATABASE

    return DATABASE
