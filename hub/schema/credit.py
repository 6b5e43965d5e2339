"""Credit and mutual recognition: ratings, levels, arrangements, facilitation."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry

from hub.context import Info
from hub.data.credit import credit_standing
from hub.rules import sampling
from hub.schema.agencies import Agency
from hub.schema.common import date
from hub.schema.enterprises import Enterprise

strawberry.enum(sampling.CreditClass, description="Supervision class of a credit level (sampling rule).")


@strawberry.type(description="A level of a credit scheme (e.g. AEO advanced certified, dishonest).")
class CreditLevel:
    id: strawberry.ID = strawberry.field(description="The hub's level id (scheme-qualified).")
    code: str = strawberry.field(description="The scheme's own code for the level.")
    name: str = strawberry.field(description="Name of the level.")
    rank: int = strawberry.field(description="Position in the scheme; 1 is the most trusted.")
    dishonest: bool = strawberry.field(description="True for levels that mark an enterprise as dishonest.")
    scheme_id: str = strawberry.field(description="Id of the credit scheme the level belongs to.")
    scheme_name: str | None = strawberry.field(description="Name of the credit scheme.")
    credit_class: sampling.CreditClass = strawberry.field(
        description="Supervision class the sampling rule gives the level (see docs/sampling.md)."
    )

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CreditLevel:
        return cls(
            id=strawberry.ID(row["levelId"]),
            code=row["code"],
            name=row["name"],
            rank=row["rank"],
            dishonest=bool(row.get("dishonest")),
            scheme_id=row["schemeId"],
            scheme_name=row.get("schemeName"),
            credit_class=sampling.credit_class_of(row),
        )


@strawberry.type(description="A mutual recognition arrangement between agencies.")
class Arrangement:
    id: strawberry.ID = strawberry.field(description="The hub's arrangement id.")
    name: str = strawberry.field(description="Name of the arrangement.")
    signed_on: dt.date | None = strawberry.field(description="Date the arrangement was signed.")
    grants: list[str] = strawberry.field(
        description="Data scopes the arrangement shares (enterprise, credit...)."
    )


@strawberry.type(description="What a rated level maps to under another agency's scheme.")
class Recognition:
    arrangement: Arrangement = strawberry.field(description="The arrangement that defines the mapping.")
    level: CreditLevel = strawberry.field(description="The equivalent level in the other scheme.")
    agency: Agency = strawberry.field(description="The agency that operates the other scheme.")
    facilitation: list[str] = strawberry.field(
        description="Facilitation the enterprise earns there (e.g. reduced inspection rate)."
    )

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Recognition:
        arr = row["arrangement"]
        return cls(
            arrangement=Arrangement(
                id=strawberry.ID(arr["arrangementId"]),
                name=arr["name"],
                signed_on=date(arr.get("signedOn")),
                grants=arr.get("grants") or [],
            ),
            level=CreditLevel.from_row(row["level"]),
            agency=Agency.from_row(row["agency"]),
            facilitation=row.get("facilitation") or [],
        )


@strawberry.type(description="A credit rating an agency gives an enterprise, with its recognitions.")
class CreditRating:
    id: strawberry.ID = strawberry.field(description="The hub's rating id.")
    agency: Agency = strawberry.field(description="The agency that gives the rating.")
    level: CreditLevel = strawberry.field(description="The level given.")
    valid_from: dt.date = strawberry.field(description="First day the rating holds.")
    valid_to: dt.date | None = strawberry.field(description="Day the rating ends (exclusive), if set.")
    recognitions: list[Recognition] = strawberry.field(
        description="The level's equivalents under recognition arrangements (at most 50)."
    )

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CreditRating:
        rating = row["rating"]
        return cls(
            id=strawberry.ID(rating["ratingId"]),
            agency=Agency.from_row(row["agency"]),
            level=CreditLevel.from_row(row["level"]),
            valid_from=date(rating["validFrom"]),  # type: ignore[arg-type]
            valid_to=date(rating.get("validTo")),
            recognitions=[Recognition.from_row(r) for r in row["recognitions"]],
        )


@strawberry.type(description="An enterprise's credit standing on a date.")
class CreditStanding:
    enterprise: Enterprise = strawberry.field(description="The enterprise.")
    as_of: dt.date = strawberry.field(description="The date the standing holds on.")
    ratings: list[CreditRating] = strawberry.field(
        description="Ratings valid on `asOf` that the caller may see, most trusted level first (at most 100)."
    )


@strawberry.type
class CreditQuery:
    @strawberry.field(
        description="What credit level each agency gives an enterprise, and what each level maps to under "
        "recognition arrangements with the facilitation it earns. Null when the enterprise is unknown or "
        "not visible to the caller; a partner agency sees only ratings and mappings its arrangements grant."
    )
    async def credit_standing(
        self,
        info: Info,
        enterprise_id: Annotated[strawberry.ID, strawberry.argument(description="Enterprise id.")],
        as_of: Annotated[
            dt.date | None, strawberry.argument(description="Date of the question; today when omitted.")
        ] = None,
        under_agency_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Only mappings onto this agency's scheme (e.g. your own); all when omitted."
            ),
        ] = None,
    ) -> CreditStanding | None:
        day = as_of or dt.date.today()
        found = await credit_standing(
            info.context.cypher,
            info.context.principal,
            str(enterprise_id),
            day,
            str(under_agency_id) if under_agency_id else None,
        )
        if found is None:
            return None
        return CreditStanding(
            enterprise=Enterprise.from_row(found["enterprise"]),
            as_of=day,
            ratings=[CreditRating.from_row(r) for r in found["ratings"]],
        )
