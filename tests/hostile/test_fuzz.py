"""Bounded fuzzing over the committed schema: no 500, every error coded, nothing unmasked.

hypothesis-graphql writes valid queries and mutations (POSITIVE mode: they pass
validation, so they reach execution) and invalid ones (NEGATIVE mode: wrong
types, unknown fields), with any strings, integers and dates as arguments.
Every answer must be a GraphQL response whose errors all carry a known code;
INTERNAL (an unexpected error) fails the run, since it means a bug.
"""

from __future__ import annotations

from pathlib import Path

import hypothesis_graphql as hg
import pytest
from graphql import StringValueNode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.http import Hub

# A client socket to the test hub that an earlier test dropped without closing can be
# garbage-collected while hypothesis runs here (seen once in three clean runs): its
# ResourceWarning is about that earlier test, not about the answers checked here, so
# only that one warning is ignored in this module (every other warning stays an error).
pytestmark = pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning"
)

SCHEMA = (Path(__file__).resolve().parents[2] / "hub" / "schema.graphql").read_text()
CODES = {"UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT", "CONFLICT", "COST_LIMIT", "TIMEOUT"}
SCALARS = {"Date": st.dates().map(lambda d: StringValueNode(value=d.isoformat())) | st.text(max_size=12).map(
    lambda t: StringValueNode(value=t))}  # fmt: skip
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), database=None)


def _check(hub: Hub, document: object) -> None:
    response = hub.client.post(
        "/graphql", json={"query": str(document)}, headers={"authorization": "Bearer test-regulator-key"}
    )
    # 504 TIMEOUT is a coded answer too: on a loaded machine a cold query can pass the deadline.
    assert response.status_code in (200, 400, 413, 504), (response.status_code, document)
    body = response.json()
    for error in body.get("errors") or []:
        assert error["extensions"]["code"] in CODES, (error, document)
        assert len(error["message"]) <= 400


@FUZZ
@given(st.data())
def test_valid_queries(hub: Hub, data: st.DataObject) -> None:
    _check(hub, data.draw(hg.queries(SCHEMA, custom_scalars=SCALARS)))


@FUZZ
@given(st.data())
def test_invalid_queries(hub: Hub, data: st.DataObject) -> None:
    _check(hub, data.draw(hg.queries(SCHEMA, custom_scalars=SCALARS, mode=hg.Mode.NEGATIVE)))


@settings(FUZZ, max_examples=40)
@given(st.data())
def test_mutations(hub: Hub, data: st.DataObject) -> None:
    _check(hub, data.draw(hg.mutations(SCHEMA, custom_scalars=SCALARS)))
