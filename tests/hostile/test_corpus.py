"""Every hostile request is refused with its status and code before any Cypher runs."""

from __future__ import annotations

import httpx
import pytest

from runtime import db
from tests.hostile.corpus import CASES, Case
from tests.http import Hub


def send(hub: Hub, case: Case) -> httpx.Response:
    return hub.client.request(case.method, case.path, content=case.body, headers=case.request_headers())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_refused_before_execution(hub: Hub, case: Case) -> None:
    before = db.STATEMENTS_SENT[0]
    response = send(hub, case)
    assert response.status_code == case.status, response.text[:500]
    errors = response.json()["errors"]
    assert [e["extensions"]["code"] for e in errors][:1] == [case.code], errors
    assert db.STATEMENTS_SENT[0] == before, "a refused request ran Cypher"
    assert response.headers.get("x-hub-statements", "0") == "0"
    # Nothing the caller sent comes back at length, and nothing internal leaks.
    assert len(response.content) < 2_000
    assert "Traceback" not in response.text
    assert hub.client.get("/healthz").status_code == 200


def test_cost_error_names_limit_and_cost(hub: Hub) -> None:
    case = next(c for c in CASES if c.name == "huge first")
    extensions = send(hub, case).json()["errors"][0]["extensions"]
    assert extensions["limitName"] == "cost"
    assert extensions["limit"] == 100_000
    # 1 (agencies) + 2,000,000,000 x (edges 1 + node 1 + id 1)
    assert extensions["value"] == 1 + 2_000_000_000 * 3


def test_fragment_explosion_error_names_expanded_size(hub: Hub) -> None:
    case = next(c for c in CASES if c.name == "fragment explosion, 39 levels")
    extensions = send(hub, case).json()["errors"][0]["extensions"]
    assert extensions["limitName"] == "expandedFields"
    assert extensions["limit"] == 5_000
