"""Hostile requests, each with the status and code the hub must answer without running any Cypher.

Shared by tests/hostile/test_corpus.py (which proves zero statements) and
bench/hostile.py (which times each rejection). Sources: the defects listed in
issue 7 and the OWASP GraphQL cheat sheet (depth, width, aliases, duplicated
fields, fragment cycles and explosions, batching, directive overload, huge
`first`, huge strings, GET mutations).
"""

from __future__ import annotations

import base64
import gzip
import json
from dataclasses import dataclass, field

from tests.http import REGULATOR


@dataclass(frozen=True)
class Case:
    name: str
    status: int
    code: str
    body: bytes = b""
    method: str = "POST"
    headers: list[tuple[str, str]] = field(default_factory=list)
    auth: bool = True
    path: str = "/graphql"

    def request_headers(self) -> list[tuple[str, str]]:
        base = [("authorization", f"Bearer {REGULATOR}")] if self.auth else []
        if not any(name.lower() == "content-type" for name, _ in self.headers):
            base.append(("content-type", "application/json"))
        return base + self.headers


def op(query: str, variables: dict[str, object] | None = None) -> bytes:
    return json.dumps({"query": query, "variables": variables or {}}).encode()


def fragment_explosion(levels: int) -> str:
    """`fragment F2 on Enterprise { ...F1 ...F1 }` and so on: 2**levels fields once expanded."""
    parts = ["fragment F1 on Enterprise { id name }"]
    parts += [f"fragment F{i} on Enterprise {{ ...F{i - 1} ...F{i - 1} }}" for i in range(2, levels + 1)]
    return f'query {{ enterprise(id: "E") {{ ...F{levels} }} }} ' + " ".join(parts)


FAN_OUT = """{ enterprises(first: 4, filter: {kind: PLATFORM}) { edges { node {
  shipments(first: 500) { edges { node { platform { shipments(first: 500) { edges { node { id } } } } } } } } } } }"""
DEEP = (
    '{ enterprise(id: "E") { products { edges { node { batches { edges { node { shipments { edges { node {'
    " seller { products { edges { node { id } } } } } } } } } } } } } } }"
)
CURSOR_ABOVE_INT64 = base64.urlsafe_b64encode(b"cursor:v1:99999999999999999999999").decode()

CASES: tuple[Case, ...] = (
    Case("fragment explosion, 18 levels", 200, "COST_LIMIT", op(fragment_explosion(18))),
    Case("fragment explosion, 39 levels", 200, "COST_LIMIT", op(fragment_explosion(39))),
    Case("fragment cycle", 200, "BAD_USER_INPUT",
         op("query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }")),
    Case("fan-out within page limits (cost)", 200, "COST_LIMIT", op(FAN_OUT)),
    Case("huge first", 200, "COST_LIMIT", op("{ agencies(first: 2000000000) { edges { node { id } } } }")),
    Case("huge first in a variable", 200, "COST_LIMIT",
         op("query($n: Int!) { agencies(first: $n) { edges { node { id name } } } }", {"n": 10_000_000})),
    Case("depth 13", 200, "COST_LIMIT", op(DEEP)),
    Case("31 aliases", 200, "COST_LIMIT",
         op("{ " + " ".join(f"a{i}: agencies(first: 1) {{ totalCount }}" for i in range(31)) + " }")),
    Case("duplicated fields (width)", 200, "COST_LIMIT",
         op("{ agencies(first: 1) { " + "totalCount " * 500 + "} }")),
    Case("directive overload", 200, "COST_LIMIT",
         op("{ agencies(first: 1) " + "@include(if: true) " * 25 + "{ totalCount } }")),
    Case("token flood (2,001+ tokens)", 200, "COST_LIMIT", op("{ " + "__typename " * 4100 + "}")),
    Case("comment flood", 200, "COST_LIMIT", op("#\n" * 30_000 + "{ __typename }")),
    Case("900 KB query text", 200, "COST_LIMIT", op('{ traceCode(code: "' + "x" * 900_000 + '") { __typename } }')),
    Case("nesting that overflows a recursive parser", 200, "COST_LIMIT",
         op("{" + "a{" * 1900 + "b" + "}" * 1900 + "}")),
    Case("cursor above int64", 200, "BAD_USER_INPUT",
         op("query($c: String) { agencies(first: 1, after: $c) { totalCount } }", {"c": CURSOR_ABOVE_INT64})),
    Case("10 MB trace code (body cap)", 413, "BAD_USER_INPUT",
         op("query($c: String!) { traceCode(code: $c) { __typename } }", {"c": "X" * 10_000_000})),
    Case("500 KB trace code (argument cap)", 200, "BAD_USER_INPUT",
         op("query($c: String!) { traceCode(code: $c) { __typename } }", {"c": "X" * 500_000})),
    Case("batching (array body)", 400, "BAD_USER_INPUT",
         json.dumps([{"query": "{ __typename }"}] * 50).encode()),
    Case("GET mutation", 405, "BAD_USER_INPUT", method="GET"),
    Case("JSON string body", 400, "BAD_USER_INPUT", b'"{ __typename }"'),
    Case("JSON number body", 400, "BAD_USER_INPUT", b"12345"),
    Case("deeply nested JSON", 400, "BAD_USER_INPUT", b'{"query": "{ __typename }", "variables": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
    Case("invalid UTF-8", 400, "BAD_USER_INPUT", b'{"query": "{ \xff\xfe }"}'),
    Case("not JSON", 400, "BAD_USER_INPUT", b"query { __typename }"),
    Case("wrong content type", 415, "BAD_USER_INPUT", b"{ __typename }", headers=[("content-type", "text/plain")]),
    Case("unknown content encoding", 415, "BAD_USER_INPUT", op("{ __typename }"), headers=[("content-encoding", "br")]),
    Case("gzip bomb", 413, "BAD_USER_INPUT", gzip.compress(b" " * 50_000_000), headers=[("content-encoding", "gzip")]),
    Case("corrupt gzip", 400, "BAD_USER_INPUT", b"\x1f\x8b\x08\x00garbage", headers=[("content-encoding", "gzip")]),
    Case("query is not a string", 400, "BAD_USER_INPUT", b'{"query": 42}'),
    Case("two Authorization headers", 400, "BAD_USER_INPUT", op("{ __typename }"),
         headers=[("authorization", "Bearer someone-else-key")]),
    Case("no Authorization header", 401, "UNAUTHENTICATED", op("{ __typename }"), auth=False),
    Case("unknown document id", 400, "BAD_USER_INPUT", b'{"documentId": "sha256:00"}'),
    # POST /capture (EPCIS): refused before a job exists.
    Case("capture: deeply nested JSON", 400, "BAD_USER_INPUT", b"[" * 100_000 + b"]" * 100_000, path="/capture"),
    Case("capture: not JSON", 400, "BAD_USER_INPUT", b'{"type": "EPCISDocument",', path="/capture"),
    Case("capture: invalid UTF-8", 400, "BAD_USER_INPUT", b'{"type": "\xff"}', path="/capture"),
    Case("capture: wrong content type", 415, "BAD_USER_INPUT", b"{}", path="/capture",
         headers=[("content-type", "application/xml")]),
    Case("capture: gzip body", 415, "BAD_USER_INPUT", gzip.compress(b"{}"), path="/capture",
         headers=[("content-encoding", "gzip")]),
    Case("capture: unknown error behaviour", 400, "BAD_USER_INPUT", b"{}", path="/capture",
         headers=[("gs1-capture-error-behaviour", "ignore")]),
    Case("capture: no Authorization header", 401, "UNAUTHENTICATED", b"{}", path="/capture", auth=False),
    # POST /events (one EPCIS event): refused before anything is checked against the graph.
    Case("event: deeply nested JSON", 400, "BAD_USER_INPUT", b"[" * 100_000 + b"]" * 100_000, path="/events"),
    Case("event: invalid UTF-8", 400, "BAD_USER_INPUT", b'{"type": "\xff"}', path="/events"),
    Case("event: a whole document", 400, "BAD_USER_INPUT", b'{"type": "EPCISDocument"}', path="/events"),
    Case("event: a schema-invalid event", 400, "BAD_USER_INPUT", b'{"type": "ObjectEvent"}', path="/events"),
    Case("event: wrong content type", 415, "BAD_USER_INPUT", b"{}", path="/events",
         headers=[("content-type", "text/plain")]),
    Case("event: no Authorization header", 401, "UNAUTHENTICATED", b"{}", path="/events", auth=False),
)  # fmt: skip
