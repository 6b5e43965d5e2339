"""The GraphQL schema: per-domain query mixins merged into one root Query."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.tools import merge_types

from hub import policy
from hub.auth import Role
from hub.errors import HubError
from hub.schema.audience import AudienceSchema, RoleGuard, has_mutations
from hub.schema.credit import CreditQuery
from hub.schema.credit_mutations import CreditMutation
from hub.schema.enterprises import EnterpriseQuery
from hub.schema.lodging import LodgingMutation
from hub.schema.mutations import RecallMutation
from hub.schema.parties import PartyQuery
from hub.schema.products import ProductQuery
from hub.schema.recalls import RecallQuery
from hub.schema.recognition import RecognitionQuery
from hub.schema.shipments import ShipmentQuery
from hub.schema.trace import TraceQuery

audit = logging.getLogger("hub.audit")

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 4000
MASKED = "Internal error; it has been logged."
CACHE_SIZE = 512

Query = merge_types(
    "Query",
    (
        EnterpriseQuery,
        ProductQuery,
        ShipmentQuery,
        RecallQuery,
        PartyQuery,
        TraceQuery,
        CreditQuery,
        RecognitionQuery,
    ),
)
Mutation = merge_types("Mutation", (RecallMutation, CreditMutation, LodgingMutation))
Mutation.__strawberry_definition__.description = (  # type: ignore[attr-defined]
    "Writes. Expected failures come back as result types that name the input field."
)
Query.__strawberry_definition__.description = (  # type: ignore[attr-defined]
    "Read access to the hub's graph. Every list is paginated; every result is "
    "filtered to what the caller's role and agency may see."
)


# The limit rules are built once: the validation cache is keyed by the rule
# classes, and limiters built per request would make every request a miss.
_LIMIT_RULES = (
    QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules
    + MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules
)


class QueryLimits(AddValidationRules):
    """Depth and alias limits on every operation."""

    def __init__(self) -> None:
        super().__init__(list(_LIMIT_RULES))


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
    if isinstance(original, GraphQLError):  # e.g. a variable's value does not fit its type
        return False
    return not isinstance(original, HubError)


def build_schema(role: Role = Role.REGULATOR) -> strawberry.Schema:
    """The schema of `role`'s audience (domestic roles share one; partners get their own)."""
    roles = policy.audience(role)
    return AudienceSchema(
        roles,
        query=Query,
        mutation=Mutation if has_mutations(roles) else None,
        extensions=[
            QueryLimits,
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: ParserCache(maxsize=CACHE_SIZE),
            lambda: ValidationCache(maxsize=CACHE_SIZE),
            RoleGuard,
            lambda: MaskErrors(should_mask_error=_should_mask, error_message=MASKED),
            AuditAndCount,
        ],
    )
