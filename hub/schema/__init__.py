"""The GraphQL schema: per-domain query mixins merged into one root Query."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.tools import merge_types

from hub.errors import HubError
from hub.schema.enterprises import EnterpriseQuery
from hub.schema.products import ProductQuery
from hub.schema.recalls import RecallQuery
from hub.schema.shipments import ShipmentQuery

audit = logging.getLogger("hub.audit")

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 4000
MASKED = "Internal error; it has been logged."

Query = merge_types("Query", (EnterpriseQuery, ProductQuery, ShipmentQuery, RecallQuery))
Query.__strawberry_definition__.description = (  # type: ignore[attr-defined]
    "Read access to the hub's graph. Every list is paginated; every result is "
    "filtered to what the caller's role and agency may see."
)


class AuditAndCount(SchemaExtension):
    """Audits who asked what, and reports the Cypher statements run (X-Hub-Statements)."""

    async def on_operation(self) -> AsyncIterator[None]:
        started = time.perf_counter()
        yield
        context = self.execution_context.context
        statements = context.cypher.statements
        result = self.execution_context.result
        context.response_headers["X-Hub-Statements"] = str(statements)
        who = context.principal
        audit.info(
            "key=%s role=%s agency=%s operation=%s statements=%d errors=%d ms=%.1f",
            who.key_id,
            who.role.value,
            who.agency_id,
            self.execution_context.operation_name or "-",
            statements,
            len(result.errors or []) if result else 0,
            (time.perf_counter() - started) * 1000,
        )


def _should_mask(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None:  # a validation or parse error: about the query text
        return False
    return not isinstance(original, HubError)


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        extensions=[
            lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
            lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: MaskErrors(should_mask_error=_should_mask, error_message=MASKED),
            AuditAndCount,
        ],
    )
