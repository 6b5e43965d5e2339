"""The access policy covers the whole schema, and the partner schema holds only what partners may use."""

from pathlib import Path

import strawberry
from graphql import GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType, GraphQLSchema

from hub import policy
from hub.auth import Role
from hub.schema import Mutation, Query, build_schema

PARTNER_SNAPSHOT = Path(__file__).resolve().parents[2] / "hub" / "schema.partner.graphql"

PARCEL_LEVEL = {
    "Shipment", "ShipmentConnection", "ShipmentEdge", "ShipmentFilterInput", "CarriedBatch", "Declaration",
    "Inspection", "Performer", "Impact", "ImpactShipment", "ImpactTotals", "ImpactShipmentFilter",
    "RecalledBatch", "CoveredBatch", "GroupCount", "RelatedParties", "PartyPath", "PartyNode", "UltimateOwner",
    "RiskNeighbourhood", "BlastRadius", "Mutation", "IssueRecallInput", "IssueRecallResult",
}  # fmt: skip


def declared_fields() -> dict[str, set[str]]:
    """Every field the code declares, before the policy filters anything."""
    schema: GraphQLSchema = strawberry.Schema(query=Query, mutation=Mutation)._schema
    found: dict[str, set[str]] = {}
    for name, graphql_type in schema.type_map.items():
        if name.startswith("__"):
            continue
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            found[name] = set(graphql_type.fields)
    return found


def test_every_type_and_field_has_a_policy_entry() -> None:
    missing = [
        f"{t}.{f}" for t, fields in sorted(declared_fields().items()) for f in sorted(fields)
        if policy.rule(t, f) is None
    ]  # fmt: skip
    assert not missing, (
        "no access-policy entry for: "
        + ", ".join(missing)
        + ". Add each to POLICY in hub/policy.py, e.g. "
        + '`"TypeName": {..., "fieldName": DOMESTIC}` (domestic roles only), or ENTERPRISE / RECALL / '
        "CREDIT / FILING (partners too, under that arrangement grant, which the field's Cypher must "
        "filter with hub/data/visibility.py), EVERYONE, ORDERS (regulators and admins). Until then the "
        "field is absent from every schema (default deny). Rules for people: docs/access.md."
    )


def test_the_policy_names_no_field_that_does_not_exist() -> None:
    declared = declared_fields()
    stale = [
        f"{t}.{f}" for t, fields in policy.POLICY.items() for f in fields
        if f not in declared.get(t, set())
    ]  # fmt: skip
    assert not stale, f"hub/policy.py has entries for fields that no longer exist: {stale}"


def test_partner_schema_has_no_parcel_level_types_and_one_mutation() -> None:
    partner = build_schema(Role.PARTNER)._schema
    # issue 11: a partner lodges its own ratings; no other write
    assert partner.mutation_type is not None
    assert set(partner.mutation_type.fields) == {"submitPartnerRating"}
    assert (PARCEL_LEVEL - {"Mutation"}).isdisjoint(partner.type_map)
    assert set(partner.query_type.fields) == {
        "enterprise", "enterprises", "creditStanding", "product", "products", "batch", "recall",
        "recalls", "traceCode", "agency", "agencies", "recognition", "recognitions", "arrangements",
        "creditScheme",
        # supervision (issue 10): filings under a `filing` grant, alert/order status under `recall`
        "filing", "filingStatus", "alertStatus", "orderStatus",
    }  # fmt: skip
    for name, graphql_type in partner.type_map.items():
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInputObjectType) and not name.startswith("__"):
            for field in graphql_type.fields:
                assert policy.allows(Role.PARTNER, name, field), f"{name}.{field}"


def test_domestic_schema_holds_every_field_some_domestic_role_may_use() -> None:
    domestic = build_schema(Role.ANALYST)._schema
    for type_name, fields in declared_fields().items():
        for field in fields:
            rule = policy.rule(type_name, field)
            if rule is not None and not rule.roles.isdisjoint(policy.DOMESTIC_ROLES):
                assert field in domestic.type_map[type_name].fields  # type: ignore[union-attr]


def test_printed_partner_schema_matches_the_committed_snapshot() -> None:
    printed = str(build_schema(Role.PARTNER)).strip() + "\n"
    assert printed == PARTNER_SNAPSHOT.read_text(), (
        "the partner GraphQL schema changed; review it and run "
        "`.venv/bin/hub schema print --role partner > hub/schema.partner.graphql`"
    )
