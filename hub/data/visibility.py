"""The access policy's partner grants (hub/policy.py), compiled into Cypher predicates.

Every read filters in Cypher with these constant predicates and the
parameters of `Principal.cypher_params()`: `$seeAll` and `$parcels` (domestic
roles), `$agencyId` (the caller's agency), `$today` (the request's date) and
`$visibleOn` (the date asked about: a read's `asOf`, else today).

For a partner agency (docs/access.md says it for people):
- an arrangement grants something only while in force: signed (`signedOn`
  set) on or before both today and the date asked, and not ended (`endsOn`,
  exclusive) by either; it grants only the scopes listed in its `grants`;
- an enterprise is visible only through a rating in force on the date asked
  (validFrom inclusive, validTo exclusive, not suspended, not a draft) given
  by the other party of an arrangement in force granting `enterprise`, or
  given by the partner itself under such an arrangement;
- products, batches, trace codes, recalls and risk alerts need a `recall`
  grant; ratings and mappings a `credit` grant; filing status a `filing`
  grant; parcel-level records (shipments, declarations, inspections) never.
"""

from __future__ import annotations

from typing import Final, LiteralString

from hub.policy import Grant

# The grant tests are constant texts picked by the enum, never built from input.
_GRANTED: Final[dict[Grant, LiteralString]] = {
    Grant.ENTERPRISE: "'enterprise' IN arr.grants",
    Grant.CREDIT: "'credit' IN arr.grants",
    Grant.RECALL: "'recall' IN arr.grants",
    Grant.FILING: "'filing' IN arr.grants",
}

ARRANGEMENT_IN_FORCE: Final[LiteralString] = (
    "arr.signedOn IS NOT NULL AND arr.signedOn <= $today AND arr.signedOn <= $visibleOn"
    " AND (arr.endsOn IS NULL OR (arr.endsOn > $today AND arr.endsOn > $visibleOn))"
)
"""`arr` is in force today and on the date asked (signing day inclusive, end day exclusive)."""


def rating_in_force(rt: LiteralString) -> LiteralString:
    """Rating `rt` holds on `$visibleOn`: begun, not expired, not suspended, not a draft."""
    return (
        "("
        + rt
        + ".validFrom <= $visibleOn AND ("
        + rt
        + ".validTo IS NULL OR "
        + rt
        + ".validTo > $visibleOn)"
        " AND NOT coalesce(" + rt + ".status, 'active') IN ['suspended', 'revoked', 'draft']"
        " AND (" + rt + ".suspendedOn IS NULL OR " + rt + ".suspendedOn > $visibleOn))"
    )


def granted(grant: Grant) -> LiteralString:
    """Domestic callers, or a partner party to an arrangement in force that grants `grant`."""
    return (
        "($seeAll OR EXISTS { MATCH (:Agency {agencyId: $agencyId})-[:PARTY_TO]->(arr:Arrangement) WHERE "
        + _GRANTED[grant]
        + " AND "
        + ARRANGEMENT_IN_FORCE
        + " })"
    )


def granted_with(agency: LiteralString, grant: Grant) -> LiteralString:
    """Domestic callers, or a partner sharing an arrangement in force granting `grant` with `agency`."""
    return (
        "($seeAll OR EXISTS { MATCH (:Agency {agencyId: $agencyId})-[:PARTY_TO]->(arr:Arrangement)"
        "<-[:PARTY_TO]-(" + agency + ") WHERE " + _GRANTED[grant] + " AND " + ARRANGEMENT_IN_FORCE + " })"
    )


def enterprise(e: LiteralString) -> LiteralString:
    """Enterprise `e` is visible: domestic, or rated as described in the module docstring."""
    return (
        "($seeAll OR EXISTS { MATCH (me:Agency {agencyId: $agencyId})-[:PARTY_TO]->(arr:Arrangement),"
        " (" + e + ")<-[:RATES]-(rt:Rating)-[:GIVEN_BY]->(rater:Agency)"
        " WHERE " + _GRANTED[Grant.ENTERPRISE] + " AND " + ARRANGEMENT_IN_FORCE + " AND " + rating_in_force("rt")
        + " AND (rater = me OR EXISTS { (rater)-[:PARTY_TO]->(arr) }) })"
    )  # fmt: skip


def masked(value: LiteralString, grant: Grant) -> LiteralString:
    """`value` for callers granted `grant`, else null (a field-level grant)."""
    return "CASE WHEN " + granted(grant) + " THEN " + value + " END"


ENTERPRISE: Final[LiteralString] = enterprise("e")
RECALL_SCOPE: Final[LiteralString] = granted(Grant.RECALL)
CREDIT_SCOPE: Final[LiteralString] = granted(Grant.CREDIT)
FILING_SCOPE: Final[LiteralString] = granted(Grant.FILING)
PARCELS: Final[LiteralString] = "$parcels"
