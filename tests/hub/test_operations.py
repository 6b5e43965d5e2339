"""Request ids, JSON logs, /metrics, and the start-up check of the keys' agencies."""

from __future__ import annotations

import json
import logging
import re
import time

import pytest
from neo4j import AsyncDriver

from hub.auth import KeyRing
from hub.key_check import unknown_agencies
from hub.metrics import MetricsMiddleware
from hub.observability import JsonFormatter, request_id
from tests.factories_trace import trace_graph
from tests.http import ADMIN, KEYS, REGULATOR, Hub, running_hub


def test_a_sane_incoming_request_id_is_kept_and_others_replaced(hub: Hub) -> None:
    kept = hub.client.get("/healthz", headers={"X-Request-Id": "proxy-7f3a.42:1"})
    assert kept.headers["x-request-id"] == "proxy-7f3a.42:1"
    for bad in ("", "a b", "x" * 200, "<script>"):
        made = hub.client.get("/healthz", headers={"X-Request-Id": bad}).headers["x-request-id"]
        assert re.fullmatch(r"[0-9a-f]{32}", made), made
    one, two = (hub.client.get("/healthz").headers["x-request-id"] for _ in range(2))
    assert one != two
    assert hub.gql("{ __typename }", key=None).status == 401  # refused requests get one too
    assert "x-request-id" in hub.client.post("/graphql", json={"query": "{ __typename }"}).headers


def test_json_log_lines_carry_the_request_id() -> None:
    token = request_id.set("req-123")
    try:
        record = logging.LogRecord("hub.audit", logging.INFO, __file__, 1, "asked %s", ("x",), None)
        record.operation = "RecallImpact"
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["requestId"] == "req-123" and line["message"] == "asked x"
    assert line["level"] == "INFO" and line["logger"] == "hub.audit" and line["operation"] == "RecallImpact"


def _metric(text: str, name: str, **labels: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0]))
            if all(found.get(k) == v for k, v in labels.items()):
                return float(line.rsplit(" ", 1)[1])
    return 0.0


async def test_metrics_count_operations_by_name_and_outcome(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    before = hub.client.get("/metrics").text
    query = 'query MetricsProbe { recall(id: "R-PROD") { id } }'
    reply = hub.gql(query)
    assert reply.status == 200 and reply.statements is not None
    assert hub.gql(query).statements == reply.statements  # the same text again: a parse cache hit
    hub.gql('query MetricsProbe { recall(id: "R-PROD") { nope } }')  # a validation error
    after = hub.client.get("/metrics")
    assert after.status_code == 200 and after.headers["content-type"].startswith("text/plain")
    text = after.text

    def delta(name: str, **labels: str) -> float:
        return _metric(text, name, **labels) - _metric(before, name, **labels)

    assert delta("hub_graphql_operations_total", operation="MetricsProbe", outcome="ok") == 2
    assert delta("hub_graphql_operations_total", operation="MetricsProbe", outcome="BAD_USER_INPUT") == 1
    assert delta("hub_neo4j_statements_total", operation="MetricsProbe") == 2 * reply.statements
    assert delta("hub_graphql_operation_seconds_count", operation="MetricsProbe") == 3
    assert delta("hub_neo4j_seconds_count", operation="MetricsProbe") == 3
    assert delta("hub_graphql_cache_hits_total", cache="parse") >= 1
    assert delta("hub_http_requests_total", route="graphql", method="POST", status="200") == 3


def test_operation_names_cannot_grow_the_series() -> None:
    from hub.metrics import MAX_NAMES, operation_label

    assert operation_label(None) == "anonymous"
    assert operation_label("bad-name!") == "other"
    labels = {operation_label(f"Flood{i}") for i in range(MAX_NAMES + 50)}
    assert len(labels) <= MAX_NAMES + 1 and "other" in labels


def test_metrics_need_loopback_or_an_admin_key(hub: Hub) -> None:
    assert hub.client.get("/metrics").status_code == 200  # the test client is on loopback
    middleware = MetricsMiddleware(app=None, keys=KeyRing(KEYS, "test"))  # type: ignore[arg-type]

    def allowed(client: str, key: str | None) -> bool:
        headers = [(b"authorization", f"Bearer {key}".encode())] if key else []
        return middleware._allowed({"type": "http", "client": (client, 5000), "headers": headers})

    assert allowed("127.0.0.1", None) and allowed("::1", None)
    assert not allowed("10.0.0.5", None) and not allowed("10.0.0.5", REGULATOR)
    assert not allowed("10.0.0.5", "not-a-key-at-all")
    assert allowed("10.0.0.5", ADMIN)


async def test_keys_naming_a_missing_agency_are_reported(
    graph: AsyncDriver, neo4j_uri: str, caplog: pytest.LogCaptureFixture
) -> None:
    await trace_graph(graph)  # has AG-CN-GACC, AG-SG-SC, AG-NZ-MPI
    keys = {**KEYS, "test-ghost-key-0001": {"role": "partner", "agency": "AG-XX-GHOST", "name": "ghost"}}
    ring = KeyRing(keys, "test")
    assert await unknown_agencies(graph, "neo4j", ring) == {"AG-XX-GHOST": ["ghost"]}
    with (
        caplog.at_level(logging.WARNING, logger="hub.keys"),
        running_hub(neo4j_uri, HUB_API_KEYS=json.dumps(keys)),
    ):
        # The check runs beside start-up: wait for its line (bounded), not for a time.
        deadline = time.monotonic() + 30
        while not [r for r in caplog.records if r.name == "hub.keys"] and time.monotonic() < deadline:
            time.sleep(0.1)
    warnings = [r.getMessage() for r in caplog.records if r.name == "hub.keys"]
    assert len(warnings) == 1 and "AG-XX-GHOST" in warnings[0] and "ghost" in warnings[0], warnings
    assert "test-ghost-key-0001" not in warnings[0]
