"""Per-request work cached per text (docs/reads.md "Per-request work that is cached") decides as uncached.

- The limits' measure is cached per text and the values of the page-size
  variables: the same text with a larger page is measured again and refused.
- The role guard caches which fields a text uses, not a verdict: a rule that
  changes (or another role) is decided on the rules as they are now.
"""

import pytest
from neo4j import AsyncDriver

from hub import policy
from hub.auth import Role
from tests.http import ANALYST, REGULATOR, Hub

NESTED = """query($n: Int!) { products(first: $n) { edges { node { id
  batches(first: $n) { edges { node { id shipments(first: $n) { edges { node { id } } } } } } } } } }"""


def test_a_larger_page_size_is_measured_again(graph: AsyncDriver, hub: Hub) -> None:
    # Uncached reference: the same operation in a text never seen (one more space).
    refused = hub.gql(NESTED + " ", {"n": 100})
    [error] = refused.body["errors"]
    assert error["extensions"]["code"] == "COST_LIMIT"
    assert hub.gql(NESTED, {"n": 2}).status == 200  # measured and cached with n = 2
    assert hub.gql(NESTED, {"n": 2}).body == {"data": {"products": {"edges": []}}}
    again = hub.gql(NESTED, {"n": 100})
    assert again.body == refused.body and again.statements in (None, 0)


def test_the_role_guard_reads_the_rules_of_the_moment(
    graph: AsyncDriver, hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = "{ shipments(first: 3) { totalCount edges { node { id waybill port } } } }"
    assert hub.gql(query, key=ANALYST).data["shipments"]["totalCount"] == 0  # allowed, fields cached
    monkeypatch.setitem(policy.POLICY["Shipment"], "waybill", policy.Rule(frozenset({Role.REGULATOR})))
    refused = hub.gql(query, key=ANALYST)
    assert refused.body["data"] is None and refused.statements in (None, 0)
    [error] = refused.body["errors"]
    assert error["message"] == "field Shipment.waybill is not available to the analyst role"
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert hub.gql(query, key=REGULATOR).data["shipments"]["totalCount"] == 0


def test_an_absent_variable_is_not_a_null_one(graph: AsyncDriver, hub: Hub) -> None:
    defaulted = NESTED.replace("query($n: Int!)", "query($n: Int = 100)")
    hub.gql(defaulted, {"n": None})  # measured with n null (a page of 1 for the measure), cached
    absent = hub.gql(defaulted, {})  # the default, 100, applies: measured again and refused
    [error] = absent.body["errors"]
    assert error["extensions"]["code"] == "COST_LIMIT" and absent.statements in (None, 0)
