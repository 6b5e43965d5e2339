"""GraphQL types of mutual recognition: answers, arrangements, schemes, rating records, rates."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import strawberry

from hub.rules import sampling
from hub.rules.recognition import Reason, Status, arrangement_status
from hub.schema.agencies import Agency
from hub.schema.common import date
from hub.schema.credit import CreditLevel
from hub.schema.enterprises import Enterprise

strawberry.enum(
    Reason,
    description="Why an enterprise is not recognised: enterprise unknown (or not visible to you), no "
    "arrangement (or a one-way one asked the other way), arrangement not yet in force or ended, not rated, "
    "rating expired or suspended, a dishonest level, or a level the arrangement does not map.",
)
strawberry.enum(Status, description="Where an arrangement stands on the date asked.")


@strawberry.enum(description="Which kind of identifier found the enterprise.")
class IdentifierKind(Enum):
    ENTERPRISE_ID = "ENTERPRISE_ID"
    USCC = "USCC"
    EORI = "EORI"
    PARTNER_AEO_NUMBER = "PARTNER_AEO_NUMBER"


@strawberry.enum(description="Mutual (both sides recognise each other) or one-way.")
class ArrangementDirection(Enum):
    MUTUAL = "mutual"
    ONE_WAY = "one-way"


@strawberry.type(description="The rating an answer rests on.")
class RatingRef:
    id: strawberry.ID = strawberry.field(description="The rating id.")
    agency_id: strawberry.ID = strawberry.field(description="The agency that gives the rating.")
    level: CreditLevel = strawberry.field(description="The level given.")
    valid_from: dt.date = strawberry.field(description="First day the rating holds (inclusive).")
    valid_to: dt.date | None = strawberry.field(description="First day it no longer holds (exclusive).")
    suspended_from: dt.date | None = strawberry.field(description="First day of suspension (inclusive).")

    @classmethod
    def from_row(cls, row: Any) -> RatingRef:
        return cls(
            id=strawberry.ID(row["ratingId"]),
            agency_id=strawberry.ID(row["agencyId"]),
            level=CreditLevel.from_row(row["level"]),
            valid_from=date(row["validFrom"]),  # type: ignore[arg-type]
            valid_to=date(row.get("validTo")),
            suspended_from=date(row.get("suspendedOn")),
        )


@strawberry.type(description="A partner's question answered: recognised, or why not.")
class RecognitionAnswer:
    identifier: str = strawberry.field(description="The identifier as asked.")
    matched_by: IdentifierKind | None = strawberry.field(description="What found the firm; null if unknown.")
    enterprise_id: strawberry.ID | None = strawberry.field(
        description="Our enterprise id; null when unknown or not visible to the caller."
    )
    enterprise: Enterprise | None = strawberry.field(
        description="The firm's details, only under an `enterprise` grant in force (partners)."
    )
    partner_agency_id: strawberry.ID = strawberry.field(description="The partner the answer is for.")
    as_of: dt.date = strawberry.field(description="The date of the question.")
    recognised: bool = strawberry.field(description="True when the partner recognises the rating.")
    reason: Reason | None = strawberry.field(description="Why not recognised; null when recognised.")
    message: str = strawberry.field(description="The answer in words.")
    arrangement_id: strawberry.ID | None = strawberry.field(description="The arrangement that applies.")
    rating: RatingRef | None = strawberry.field(description="The home agency's rating the answer rests on.")
    partner_level: CreditLevel | None = strawberry.field(
        description="The level it maps to under the partner's scheme (when recognised)."
    )
    facilitation: list[str] = strawberry.field(description="Facilitation earned there (when recognised).")


@strawberry.type(description="One level mapping of an arrangement version.")
class LevelMapping:
    from_level: CreditLevel = strawberry.field(description="The rated level.")
    to_level: CreditLevel = strawberry.field(description="What it maps to under the other scheme.")
    facilitation: list[str] = strawberry.field(description="Facilitation it earns.")
    version: int = strawberry.field(description="Arrangement version that introduced the mapping.")
    since: dt.date | None = strawberry.field(
        description="First day it applies (inclusive); null: from signing."
    )
    until: dt.date | None = strawberry.field(description="First day it no longer applies (exclusive).")


@strawberry.type(description="A version of an arrangement (signing is version 1; each amendment adds one).")
class ArrangementVersion:
    version: int = strawberry.field(description="Version number.")
    effective_from: dt.date | None = strawberry.field(
        description="First day the version applies (inclusive)."
    )
    reason: str = strawberry.field(description="Why the version was made.")


@strawberry.type(description="A recognition arrangement with its parties, dates, versions and mappings.")
class ArrangementRecord:
    id: strawberry.ID = strawberry.field(description="The arrangement id.")
    name: str = strawberry.field(description="Name of the arrangement.")
    parties: list[Agency] = strawberry.field(description="The two agencies party to it.")
    direction: ArrangementDirection = strawberry.field(description="Mutual or one-way.")
    recognizer_id: strawberry.ID | None = strawberry.field(
        description="One-way: the agency that recognises the other's ratings."
    )
    signed_on: dt.date | None = strawberry.field(description="Signing date.")
    in_force_from: dt.date | None = strawberry.field(description="First day in force (inclusive).")
    ended_on: dt.date | None = strawberry.field(description="First day no longer in force (exclusive).")
    status: Status = strawberry.field(description="Status on the date asked.")
    grants: list[str] = strawberry.field(
        description="Data scopes shared (enterprise, credit, filing, recall)."
    )
    version: int = strawberry.field(description="Current version number.")
    versions: list[ArrangementVersion] = strawberry.field(description="Every version, oldest first.")
    mappings: list[LevelMapping] = strawberry.field(
        description="Mappings that apply on the date asked (at most 500)."
    )

    @classmethod
    def from_row(cls, row: dict[str, Any], as_of: dt.date) -> ArrangementRecord:
        starts = row.get("versionFrom") or [row.get("inForceFrom") or row.get("signedOn")]
        reasons = row.get("versionReason") or ["signed"]
        return cls(
            id=strawberry.ID(row["arrangementId"]),
            name=row["name"],
            parties=[Agency.from_row(p) for p in sorted(row["parties"], key=lambda p: p["agencyId"])],
            direction=ArrangementDirection(row.get("direction") or "mutual"),
            recognizer_id=row.get("recognizerId"),
            signed_on=date(row.get("signedOn")),
            in_force_from=date(row.get("inForceFrom") or row.get("signedOn")),
            ended_on=date(row.get("endsOn")),
            status=arrangement_status(row, as_of),
            grants=row.get("grants") or [],
            version=row.get("version") or 1,
            versions=[
                ArrangementVersion(version=i + 1, effective_from=date(s), reason=r)
                for i, (s, r) in enumerate(zip(starts, reasons, strict=False))
            ],
            mappings=[
                LevelMapping(
                    from_level=CreditLevel.from_row(m["from"]),
                    to_level=CreditLevel.from_row(m["to"]),
                    facilitation=m["facilitation"],
                    version=m["version"],
                    since=date(m.get("since")),
                    until=date(m.get("until")),
                )
                for m in sorted(row["mappings"], key=lambda m: (m["from"]["levelId"], m["to"]["levelId"]))
            ],
        )


@strawberry.type(description="A credit scheme and its level table.")
class CreditScheme:
    id: strawberry.ID = strawberry.field(description="The scheme id.")
    name: str = strawberry.field(description="Name of the scheme.")
    agency: Agency = strawberry.field(description="The agency that operates it.")
    levels: list[CreditLevel] = strawberry.field(description="Its levels, most trusted first (at most 50).")


@strawberry.type(description="Evidence behind a dishonest downgrade.")
class Evidence:
    kind: str = strawberry.field(description="INSPECTION or RECALL.")
    id: strawberry.ID = strawberry.field(description="The inspection or recall id.")


@strawberry.type(description="A rating record as written (history is append-only).")
class RatingRecord:
    id: strawberry.ID = strawberry.field(description="The rating id.")
    enterprise_id: strawberry.ID = strawberry.field(description="The rated enterprise.")
    agency: Agency = strawberry.field(description="The rating agency.")
    level: CreditLevel = strawberry.field(description="The level given.")
    valid_from: dt.date = strawberry.field(description="First day it holds (inclusive).")
    valid_to: dt.date | None = strawberry.field(description="First day it no longer holds (exclusive).")
    suspended_from: dt.date | None = strawberry.field(description="First day of suspension (inclusive).")
    suspension_reason: str | None = strawberry.field(description="Why it was suspended.")
    reason: str | None = strawberry.field(description="Why the rating was given.")
    partner_submitted: bool = strawberry.field(description="True for a partner's own submitted rating.")
    evidence: list[Evidence] = strawberry.field(description="Evidence of a dishonest downgrade.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> RatingRecord:
        return cls(
            id=strawberry.ID(row["ratingId"]),
            enterprise_id=strawberry.ID(row["enterpriseId"]),
            agency=Agency.from_row(row["agency"]),
            level=CreditLevel.from_row(row["level"]),
            valid_from=date(row["validFrom"]),  # type: ignore[arg-type]
            valid_to=date(row.get("validTo")),
            suspended_from=date(row.get("suspendedOn")),
            suspension_reason=row.get("suspensionReason"),
            reason=row.get("reason"),
            partner_submitted=row.get("origin") == "partner",
            evidence=[
                Evidence(kind=x["kind"], id=strawberry.ID(x["id"]))
                for x in sorted(row.get("evidence") or [], key=lambda x: (x["kind"], x["id"]))
            ],
        )


@strawberry.type(description="One step of a sampling-rate derivation.")
class SamplingStep:
    rule_id: str = strawberry.field(description="The rule that acted.")
    rule_version: str = strawberry.field(description="Its version.")
    kind: str = strawberry.field(description="base, facilitation, a signal kind, or round.")
    action: str = strawberry.field(description="What it did.")
    rate: float = strawberry.field(description="The rate after the step (0..1, 4 decimals).")
    field: str | None = strawberry.field(description="Input field a signal is about, if any.")


@strawberry.type(description="The inspection sampling rate credit implies, with its derivation.")
class InspectionRate:
    enterprise_id: strawberry.ID = strawberry.field(description="The enterprise.")
    as_of: dt.date = strawberry.field(description="The date asked.")
    rate: float = strawberry.field(description="Sampling rate, 0..1, rounded half-up to 4 decimals.")
    credit_class: sampling.CreditClass = strawberry.field(description="The class that set the base rate.")
    rule_version: str = strawberry.field(description="Version of the sampling table applied.")
    rating_ids: list[strawberry.ID] = strawberry.field(description="Ratings in force that were used.")
    facilitation: list[str] = strawberry.field(description="Facilitation earned through recognition.")
    steps: list[SamplingStep] = strawberry.field(description="The derivation, in order.")
