"""Three answers that were wrong: totals through fragments, doubled recalls, split issueRecall."""

from neo4j import AsyncDriver

from tests.factories_trace import trace_graph
from tests.http import Hub
from tests.hub.test_issue_recall import _input

NAMED = """
{ enterprises(first: 2) { ...Page } }
fragment Page on EnterpriseConnection { totalCount edges { node { id } } }"""
INLINE = "{ products(first: 1) { ... on ProductConnection { totalCount } } }"
NESTED = """
{ recall(id: "R-PROD") { impact { shipments(first: 1) { ...Outer } } } }
fragment Outer on ShipmentConnection { ... on ShipmentConnection { ...Inner } }
fragment Inner on ShipmentConnection { totalCount }"""


async def test_total_count_through_named_and_inline_fragments(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    direct = hub.gql("{ enterprises(first: 2) { totalCount } products { totalCount } }").data
    assert direct["enterprises"]["totalCount"] > 2 and direct["products"]["totalCount"] > 1
    named = hub.gql(NAMED).data["enterprises"]
    assert named["totalCount"] == direct["enterprises"]["totalCount"] and len(named["edges"]) == 2
    assert hub.gql(INLINE).data["products"]["totalCount"] == direct["products"]["totalCount"]
    impact = hub.gql('{ recall(id: "R-PROD") { impact { shipments(first: 1) { totalCount } } } }').data
    assert impact["recall"]["impact"]["shipments"]["totalCount"] == 8
    assert hub.gql(NESTED).data["recall"]["impact"]["shipments"]["totalCount"] == 8


BOTH = """
MATCH (p:Product {productId: 'PA'}), (a1:Batch {batchId: 'A1'}), (r:Recall {recallId: 'R-PROD'}),
      (ra:RiskAlert {alertId: 'RA-1'})
CREATE (r)-[:TARGETS]->(a1), (ra)-[:CONCERNS]->(a1)"""
TRACE = '{ traceCode(code: "QR-A1-0001") { ... on TraceCodeFound { recalls { id } riskAlerts { id } } } }'


async def test_trace_code_lists_an_order_naming_product_and_batch_once(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    await graph.execute_query(BOTH, database_="neo4j")  # R-PROD and RA-1 now name PA and its batch A1
    found = hub.gql(TRACE).data["traceCode"]
    assert found == {"recalls": [{"id": "R-PROD"}], "riskAlerts": [{"id": "RA-1"}]}


ISSUE = """
mutation($input: IssueRecallInput!) {
  issueRecall(input: $input) {
    __typename
    ... on IssueRecallSuccess { created recall { id } }
    ... on InvalidInput { field message }
  }
}"""


async def test_issue_recall_checks_and_writes_in_one_statement(graph: AsyncDriver, hub: Hub) -> None:
    """One statement is one transaction: a target removed after the check cannot be skipped."""
    await trace_graph(graph)
    made = hub.gql(ISSUE, {"input": _input()})
    assert made.data["issueRecall"]["__typename"] == "IssueRecallSuccess"
    assert made.statements == 1
    refused = hub.gql(ISSUE, {"input": _input(clientRequestId="req-2", targets={"batchIds": ["A2", "NO"]})})
    assert refused.data["issueRecall"]["field"] == "targets.batchIds[1]"
    assert refused.statements == 1
