"""Inputs of the credit mutations and their checks that need no database."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import strawberry

from hub.data.arrangement_writes import MAX_MAPPING_ROWS
from hub.data.rating_writes import MAX_EVIDENCE
from hub.schema.recognition_types import ArrangementDirection
from hub.schema.results import InvalidInput

TEXT_LIMITS = {"clientRequestId": 100, "reason": 2000, "name": 200, "aeoNumber": 50, "facilitation": 100}
GRANTS = ("enterprise", "credit", "filing", "recall")


@strawberry.enum(description="What kind of record is evidence for a downgrade.")
class EvidenceKind(Enum):
    INSPECTION = "INSPECTION"
    RECALL = "RECALL"


@strawberry.enum(description="A data scope an arrangement shares.")
class Grant(Enum):
    ENTERPRISE = "enterprise"
    CREDIT = "credit"
    FILING = "filing"
    RECALL = "recall"


@strawberry.input(description="A failed inspection or a recall behind a dishonest downgrade.")
class EvidenceInput:
    kind: EvidenceKind = strawberry.field(description="INSPECTION or RECALL.")
    id: strawberry.ID = strawberry.field(description="The inspection id or recall id.")


@strawberry.input(description="A new rating of an enterprise by one of our agencies.")
class RateEnterpriseInput:
    client_request_id: str = strawberry.field(
        description="Client's id (1-100 chars); a retry returns the first result."
    )
    enterprise_id: strawberry.ID = strawberry.field(description="The enterprise.")
    level_id: strawberry.ID = strawberry.field(description="A level of the rating agency's scheme.")
    valid_from: dt.date = strawberry.field(
        description="First day (inclusive); the previous rating ends the day before."
    )
    valid_to: dt.date | None = strawberry.field(
        default=None, description="First day it no longer holds (exclusive)."
    )
    reason: str = strawberry.field(description="Why (1-2000 characters).")
    agency_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Rating agency; a regulator's own agency (the default); admins may name any.",
    )


@strawberry.input(description="Downgrade an enterprise to its rating agency's dishonest level.")
class DowngradeInput:
    client_request_id: str = strawberry.field(
        description="Client's id (1-100 chars); a retry returns the first result."
    )
    enterprise_id: strawberry.ID = strawberry.field(description="The enterprise.")
    valid_from: dt.date = strawberry.field(description="First day dishonest (inclusive).")
    reason: str = strawberry.field(description="Why (1-2000 characters).")
    evidence: list[EvidenceInput] = strawberry.field(
        description=f"1 to {MAX_EVIDENCE} failed inspections or recalls."
    )
    agency_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Rating agency; a regulator's own agency (the default); admins may name any.",
    )


@strawberry.input(description="Suspend a rating from a date.")
class SuspendRatingInput:
    client_request_id: str = strawberry.field(
        description="Client's id (1-100 chars); a retry returns the first result."
    )
    rating_id: strawberry.ID = strawberry.field(description="The rating (given by your agency).")
    suspended_from: dt.date = strawberry.field(
        description="First day suspended (inclusive), within the rating."
    )
    reason: str = strawberry.field(description="Why (1-2000 characters).")


@strawberry.input(description="A partner agency's own rating of a firm, on its own scheme.")
class PartnerRatingInput:
    client_request_id: str = strawberry.field(
        description="Client's id (1-100 chars); a retry returns the first result."
    )
    enterprise_id: strawberry.ID = strawberry.field(description="Our enterprise id of the firm.")
    level_id: strawberry.ID = strawberry.field(description="A level of the partner's own scheme.")
    valid_from: dt.date = strawberry.field(
        description="First day (inclusive); your previous submission ends the day before."
    )
    valid_to: dt.date | None = strawberry.field(
        default=None, description="First day it no longer holds (exclusive)."
    )
    aeo_number: str | None = strawberry.field(
        default=None, description="Your own AEO number for the firm (1-50 chars)."
    )
    reason: str | None = strawberry.field(default=None, description="Optional note (up to 2000 characters).")


@strawberry.input(description="One level mapping: a level of one party onto a level of the other.")
class LevelMappingInput:
    from_level_id: strawberry.ID = strawberry.field(description="The rated level.")
    to_level_id: strawberry.ID = strawberry.field(description="Its equivalent under the other scheme.")
    facilitation: list[str] = strawberry.field(
        default_factory=list, description="Facilitation earned (texts)."
    )


@strawberry.input(description="A new recognition arrangement.")
class SignArrangementInput:
    client_request_id: str = strawberry.field(
        description="Client's id (1-100 chars); a retry returns the first result."
    )
    name: str = strawberry.field(description="Name (1-200 characters).")
    partner_agency_id: strawberry.ID = strawberry.field(description="The other party.")
    home_agency_id: strawberry.ID | None = strawberry.field(
        default=None, description="Our party; a regulator's own agency (the default); admins may name any."
    )
    direction: ArrangementDirection = strawberry.field(description="Mutual or one-way.")
    recognizer_agency_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="One-way only (required there): the party that recognises the other's ratings.",
    )
    signed_on: dt.date = strawberry.field(description="Signing date.")
    in_force_from: dt.date | None = strawberry.field(
        default=None, description="First day in force; default signedOn."
    )
    grants: list[Grant] = strawberry.field(description="Data scopes shared.")
    mappings: list[LevelMappingInput] = strawberry.field(description=f"Up to {MAX_MAPPING_ROWS} mappings.")


@strawberry.input(description="A new version of an arrangement's mappings (append-only).")
class AmendArrangementInput:
    client_request_id: str = strawberry.field(
        description="Client's id (1-100 chars); a retry returns the first result."
    )
    arrangement_id: strawberry.ID = strawberry.field(description="The arrangement.")
    effective_from: dt.date = strawberry.field(
        description="First day of the new version (after the current one's)."
    )
    reason: str = strawberry.field(description="Why (1-2000 characters).")
    mappings: list[LevelMappingInput] = strawberry.field(description="The complete new mapping table.")


@strawberry.input(description="End an arrangement.")
class EndArrangementInput:
    client_request_id: str = strawberry.field(
        description="Client's id (1-100 chars); a retry returns the first result."
    )
    arrangement_id: strawberry.ID = strawberry.field(description="The arrangement.")
    ended_on: dt.date = strawberry.field(description="First day no longer in force (exclusive end).")
    reason: str = strawberry.field(description="Why (1-2000 characters).")


def check_texts(texts: dict[str, str | None], optional: tuple[str, ...] = ()) -> InvalidInput | None:
    for name, value in texts.items():
        if value is None or not value.strip():
            if name in optional:
                continue
            return InvalidInput(field=f"input.{name}", message="must not be empty")
        limit = TEXT_LIMITS[name.split(".")[0]] if name in TEXT_LIMITS else TEXT_LIMITS["facilitation"]
        if len(value.strip()) > limit:
            return InvalidInput(field=f"input.{name}", message=f"must be at most {limit} characters")
    return None


def check_dates(start: dt.date, end: dt.date | None, start_name: str, end_name: str) -> InvalidInput | None:
    if end is not None and end <= start:
        return InvalidInput(
            field=f"input.{end_name}", message=f"must be after {start_name} (it is exclusive)"
        )
    return None


def mapping_fields(mappings: list[LevelMappingInput]) -> list[dict[str, Any]] | InvalidInput:
    if len(mappings) > MAX_MAPPING_ROWS:
        return InvalidInput(field="input.mappings", message=f"at most {MAX_MAPPING_ROWS} mappings")
    seen: dict[str, int] = {}
    rows = []
    for i, m in enumerate(mappings):
        source, target = str(m.from_level_id).strip(), str(m.to_level_id).strip()
        if not source or not target:
            which = "fromLevelId" if not source else "toLevelId"
            return InvalidInput(field=f"input.mappings[{i}].{which}", message="must not be empty")
        if source in seen:
            return InvalidInput(
                field=f"input.mappings[{i}].fromLevelId", message=f"repeats input.mappings[{seen[source]}]"
            )
        seen[source] = i
        facilitation = [f.strip() for f in m.facilitation]
        for j, f in enumerate(facilitation):
            bad = check_texts({f"mappings[{i}].facilitation[{j}]": f})
            if bad:
                return bad
        rows.append({"fromLevelId": source, "toLevelId": target, "facilitation": facilitation})
    return rows
