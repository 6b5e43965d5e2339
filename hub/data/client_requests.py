"""Idempotent mutations: one (:ClientRequest) per (mutation, agency, client request id).

Each credit mutation runs ONE statement that (1) finds an earlier request
with the same key and then writes nothing, or (2) checks every reference and
returns the first error, or (3) MERGEs the request node and writes, all in
the statement's one transaction. `attempt` is unique per call: it tells the
call whose MERGE created the request node that it may write, even when a
concurrent retry raced it to the uniqueness constraint.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, LiteralString

from runtime.db import Cypher

# Appended to each mutation statement: what happened, for `Outcome`.
OUTCOME: Final[LiteralString] = """
OPTIONAL MATCH (done:ClientRequest {requestKey: $requestKey})
RETURN error, done.digest AS digest, done.resultId AS resultId, coalesce(done.attempt = $attempt, false) AS fresh"""


def request_key(kind: str, agency_id: str, client_request_id: str) -> str:
    return hashlib.sha256(f"{kind}\n{agency_id}\n{client_request_id}".encode()).hexdigest()


def digest(body: Mapping[str, Any]) -> str:
    """What the request asked for, so a reused client request id with other content is caught."""
    return hashlib.sha256(json.dumps(body, default=str, sort_keys=True).encode()).hexdigest()


def derived_id(prefix: str, key: str) -> str:
    """The record id a request creates: derived from its key, so a retry names the same record."""
    return prefix + key[:20].upper()


@dataclass(frozen=True)
class Outcome:
    error: dict[str, str] | None  # {field, message} from the checks
    created: bool  # this call wrote
    result_id: str | None
    same_request: bool  # False: the client request id was used before with other content


async def run(cy: Cypher, statement: LiteralString, kind: str, params: dict[str, Any]) -> Outcome:
    """Run a mutation statement that ends in OUTCOME; `params` needs requestKey and request."""
    attempt = uuid.uuid4().hex
    request = {**params["request"], "kind": kind, "attempt": attempt}
    [record] = await cy.write(statement, {**params, "request": request, "attempt": attempt})
    if record["error"] is not None:
        return Outcome(record["error"], False, None, True)
    return Outcome(
        None, bool(record["fresh"]), record["resultId"], record["digest"] == params["request"]["digest"]
    )
