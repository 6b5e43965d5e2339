"""Input files 18 to 29 (docs/data-format.md): credit, recognition and related parties."""

from __future__ import annotations

from typing import Final

from graph_schema.columns import FILING_STATUS, E, date, dated_link, enum, kind_column, ref, req, values_of
from graph_schema.declare import Column, FileDecl, Kind, LinkFile, NodeFile, NotBefore
from graph_schema.model import (
    DirectorRole,
    Label,
    Rel,
)

CREDIT_AND_PARTIES: Final[tuple[FileDecl, ...]] = (
    NodeFile(
        "credit_schemes.csv",
        Label.CREDIT_SCHEME,
        (req("scheme_id"), req("name"), ref("agency_id", Label.AGENCY, Rel.OPERATED_BY, required=True)),
    ),
    NodeFile(
        "credit_levels.csv",
        Label.CREDIT_LEVEL,
        (
            req("level_id"),
            ref("scheme_id", Label.CREDIT_SCHEME, Rel.IN_SCHEME, required=True),
            req("code"),
            req("name"),
            req("rank", Kind.INT, minimum=1),
            Column("dishonest", Kind.BOOL),
        ),
    ),
    NodeFile(
        "ratings.csv",
        Label.RATING,
        (
            req("rating_id"),
            ref("agency_id", Label.AGENCY, Rel.GIVEN_BY, required=True),
            ref("enterprise_id", E, Rel.RATES, required=True),
            ref("level_id", Label.CREDIT_LEVEL, Rel.AT_LEVEL, required=True),
            date("valid_from", required=True),
            date("valid_to"),
            Column("suspended_from", Kind.DATE, prop="suspendedOn"),
        ),
        (NotBefore("valid_to", "valid_from"), NotBefore("suspended_from", "valid_from")),
    ),
    NodeFile(
        "arrangements.csv",
        Label.ARRANGEMENT,
        (
            req("arrangement_id"),
            req("name"),
            # Both agencies are PARTY_TO the arrangement; one agency is party to many.
            ref("agency_a", Label.AGENCY, Rel.PARTY_TO, required=True, inbound=True, many=True),
            ref("agency_b", Label.AGENCY, Rel.PARTY_TO, required=True, inbound=True, many=True),
            date("signed_on", required=True),
            Column("grants", Kind.LIST, values=("enterprise", "credit", "filing", "recall")),
            enum("direction", ("mutual", "one-way"), required=False),
            # One-way: the agency (agency_a or agency_b) that recognises the other's ratings.
            Column("recognizer_id"),
            date("in_force_from"),
            Column("ended_on", Kind.DATE, prop="endsOn"),
        ),
        (NotBefore("in_force_from", "signed_on"), NotBefore("ended_on", "signed_on")),
    ),
    LinkFile(
        "level_mappings.csv",
        "from_level_id",
        Rel.MAPS_TO,
        "to_level_id",
        (
            ref("arrangement_id", Label.ARRANGEMENT, required=True),  # looked up; kept as a link key
            ref("from_level_id", Label.CREDIT_LEVEL, required=True),
            ref("to_level_id", Label.CREDIT_LEVEL, required=True),
            Column("facilitation", Kind.LIST),
        ),
        keys=(("arrangementId", "arrangement_id"),),
    ),
    NodeFile(
        "filings.csv",
        Label.FILING,
        (
            req("filing_id"),
            ref("enterprise_id", E, Rel.FILED_BY, required=True),
            enum("kind", ("enterprise", "product")),
            enum("status", FILING_STATUS),
            date("filed_on", required=True),
            ref("product_id", Label.PRODUCT, Rel.COVERS),
            ref("agency_id", Label.AGENCY, Rel.LODGED_WITH),
            date("valid_until"),
        ),
        (NotBefore("valid_until", "filed_on"),),
    ),
    LinkFile(
        "ownerships.csv",
        "owner_id",
        Rel.OWNS,
        "enterprise_id",
        (
            kind_column("owner_kind", ("person", "enterprise")),
            ref("owner_id", ("owner_kind", {"person": Label.PERSON, "enterprise": E}), required=True),
            ref("enterprise_id", E, required=True),
            req("share", Kind.SHARE),
            date("since"),
            date("until"),
        ),
        rules=(NotBefore("until", "since"),),
    ),
    LinkFile(
        "directorships.csv",
        "person_id",
        Rel.DIRECTS,
        "enterprise_id",
        (
            ref("person_id", Label.PERSON, required=True),
            ref("enterprise_id", E, required=True),
            enum("role", values_of(DirectorRole)),
            date("since"),
            date("until"),
        ),
        keys=(("role", "role"),),
        rules=(NotBefore("until", "since"),),
    ),
    dated_link(
        "enterprise_addresses.csv",
        ref("enterprise_id", E, required=True),
        Rel.LOCATED_AT,
        ref("address_id", Label.ADDRESS, required=True),
    ),
    dated_link(
        "enterprise_contacts.csv",
        ref("enterprise_id", E, required=True),
        Rel.REACHABLE_AT,
        ref("contact_id", Label.CONTACT, required=True),
    ),
    dated_link(
        "platform_sellers.csv",
        ref("platform_id", E, required=True),
        Rel.HOSTS,
        ref("seller_id", E, required=True),
    ),
    # A partner's own AEO (certificate) number for an enterprise; numbers are unique.
    NodeFile(
        "aeo_numbers.csv",
        Label.AEO_NUMBER,
        (
            req("number"),
            ref("agency_id", Label.AGENCY, Rel.ISSUED_BY, required=True),
            ref("enterprise_id", E, Rel.IDENTIFIES, required=True),
        ),
    ),
)
