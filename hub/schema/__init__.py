"""The GraphQL schema: per-domain query mixins merged into one root Query."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.tools import merge_types

from hub import policy
from hub.auth import Role
from hub.extensions import DOCUMENT_CACHES, Limits, Outcome, log_unexpected
from hub.metrics import MetricsExtension, register_cache_collector
from hub.schema.audience import AudienceSchema, RoleGuard, has_mutations
from hub.schema.credit import CreditQuery
from hub.schema.credit_mutations import CreditMutation
from hub.schema.enterprises import EnterpriseQuery
from hub.schema.fast import FastReads
from hub.schema.fast_parties import FastParties
from hub.schema.filings import FilingMutation, FilingQuery
from hub.schema.lifecycle import LifecycleMutation
from hub.schema.lodging import LodgingMutation
from hub.schema.mutations import RecallMutation
from hub.schema.parties import PartyQuery
from hub.schema.products import ProductQuery
from hub.schema.recalls import RecallQuery
from hub.schema.recognition import RecognitionQuery
from hub.schema.rules import RuleMutation, RuleQuery
from hub.schema.screening import ScreeningQuery
from hub.schema.shipments import ShipmentQuery
from hub.schema.supervision_mutations import SupervisionMutation, SupervisionQuery
from hub.schema.trace import TraceQuery

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
        FilingQuery,
        SupervisionQuery,
        ScreeningQuery,
        RuleQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        RecallMutation,
        CreditMutation,
        LifecycleMutation,
        FilingMutation,
        SupervisionMutation,
        RuleMutation,
        LodgingMutation,
    ),
)
Mutation.__strawberry_definition__.description = (  # type: ignore[attr-defined]
    "Writes. Expected failures come back as result types that name the input field."
)
Query.__strawberry_definition__.description = (  # type: ignore[attr-defined]
    "Read access to the hub's graph. Every list is paginated; every result is "
    "filtered to what the caller's role and agency may see."
)


class HubSchema(AudienceSchema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        # Strawberry logs every error with a traceback; refusals are expected.
        log_unexpected(errors)


def build_schema(role: Role = Role.REGULATOR) -> strawberry.Schema:
    """The schema of `role`'s audience (domestic roles share one; partners get their own)."""
    roles = policy.audience(role)
    register_cache_collector(DOCUMENT_CACHES)
    # Metrics first and Outcome next: their closing steps run last, Outcome's before
    # Metrics', so Metrics counts the codes that Outcome has given the errors.
    return HubSchema(
        roles,
        query=Query,
        mutation=Mutation if has_mutations(roles) else None,
        extensions=[MetricsExtension, Outcome, Limits, RoleGuard, FastParties, FastReads],
    )
