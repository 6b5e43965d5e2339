"""Legitimate operations over the small trace graph, shared by bench/soak.py and bench/outage.py."""

from __future__ import annotations

from typing import Any

LEGIT: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("agencies", "{ agencies(first: 20) { totalCount edges { node { id name } } } }", {}),
    ("enterprises+products", "{ enterprises(first: 10) { edges { node { id name kind products(first: 5) {"
     " edges { node { id name gtin } } } } } } }", {}),
    ("shipments", "{ shipments(first: 50) { totalCount edges { node { id waybill status port"
     " seller { id name } } } } }", {}),
    ("traceCode", "query($c: String!) { traceCode(code: $c) { __typename ... on TraceCodeFound {"
     " batch { id lotCode } product { id name } } } }", {"c": "QR-A1-0001"}),
    ("recall impact", "query($id: ID!) { recall(id: $id) { id impact { totals { shipments units }"
     " shipments(first: 20) { edges { node { id stage } } } } } }", {"id": "R-PROD"}),
)  # fmt: skip

ISSUE = """mutation($input: IssueRecallInput!) { issueRecall(input: $input) {
  __typename ... on IssueRecallSuccess { created recall { id } } ... on InvalidInput { field message } } }"""


def recall_input(request_id: str) -> dict[str, Any]:
    return {
        "clientRequestId": request_id,
        "targets": {"batchIds": ["A2", "B1"]},
        "measure": "STOP_SALE",
        "riskLevel": "HIGH",
        "title": f"bench recall {request_id}",
        "hazard": "bench",
        "reason": "bench",
        "issuedOn": "2026-05-01",
    }
