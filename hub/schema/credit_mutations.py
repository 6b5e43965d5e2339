"""Credit mutations: ratings (ours and partners') and arrangements. Typed results name the field."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from hub.auth import Role
from hub.context import Info
from hub.data import arrangement_writes, rating_writes
from hub.data import credit_records as records
from hub.data.client_requests import Outcome
from hub.schema.credit_inputs import (
    AmendArrangementInput,
    DowngradeInput,
    EndArrangementInput,
    PartnerRatingInput,
    RateEnterpriseInput,
    SignArrangementInput,
    SuspendRatingInput,
    check_dates,
    check_texts,
    mapping_fields,
)
from hub.schema.recognition_types import ArrangementDirection, ArrangementRecord, RatingRecord
from hub.schema.results import Forbidden, InvalidInput

REUSED = "already used for a different request; use a new id for a new request"


@strawberry.type(
    description="The rating record exists: written now, or by an earlier try of the same request."
)
class RatingSuccess:
    rating: RatingRecord = strawberry.field(description="The rating written.")
    created: bool = strawberry.field(description="False when a retry found the request already done.")


@strawberry.type(description="The arrangement as it stands after the request.")
class ArrangementSuccess:
    arrangement: ArrangementRecord = strawberry.field(description="The arrangement (mappings as of today).")
    created: bool = strawberry.field(description="False when a retry found the request already done.")


RatingResult = Annotated[
    RatingSuccess | InvalidInput | Forbidden,
    strawberry.union("RatingResult", description="The rating, or why it was not written."),
]
ArrangementResult = Annotated[
    ArrangementSuccess | InvalidInput | Forbidden,
    strawberry.union("ArrangementResult", description="The arrangement, or why it was not written."),
]


def _domestic(info: Info, agency: strawberry.ID | None, name: str) -> str | Forbidden:
    who = info.context.principal
    if who.role not in (Role.REGULATOR, Role.ADMIN):
        return Forbidden(message="only regulators and administrators may do this")
    chosen = str(agency).strip() if agency is not None else who.agency_id
    if chosen != who.agency_id and who.role is not Role.ADMIN:
        return Forbidden(message=f"input.{name}: a regulator acts only for its own agency ({who.agency_id})")
    return chosen


def _admitted(
    info: Info, agency: strawberry.ID | None, agency_field: str, request_id: str, **texts: str
) -> str | Forbidden | InvalidInput:
    """The agency a domestic caller acts for, once its role, clientRequestId and free `texts` are checked."""
    chosen = _domestic(info, agency, agency_field)
    if isinstance(chosen, Forbidden):
        return chosen
    return check_texts({"clientRequestId": request_id, **texts}) or chosen


async def _rating_result(info: Info, out: Outcome) -> RatingResult:
    if out.error is not None:
        return InvalidInput(field=out.error["field"], message=out.error["message"])
    if not out.same_request:
        return InvalidInput(field="input.clientRequestId", message=REUSED)
    row = await rating_writes.rating_by_id(info.context.cypher, str(out.result_id))
    assert row is not None
    return RatingSuccess(rating=RatingRecord.from_row(row), created=out.created)


async def _arrangement_result(info: Info, out: Outcome) -> ArrangementResult:
    if out.error is not None:
        return InvalidInput(field=out.error["field"], message=out.error["message"])
    if not out.same_request:
        return InvalidInput(field="input.clientRequestId", message=REUSED)
    today = dt.datetime.now(dt.UTC).date()
    row = await records.arrangement_by_id(
        info.context.cypher, info.context.principal, str(out.result_id), today
    )
    assert row is not None
    return ArrangementSuccess(arrangement=ArrangementRecord.from_row(row, today), created=out.created)


@strawberry.type
class CreditMutation:
    @strawberry.mutation(description="Rate an enterprise (regulators, admins). The previous rating by the "
                         "same agency ends the day before the new one starts; history is kept.")  # fmt: skip
    async def rate_enterprise(
        self,
        info: Info,
        input: Annotated[RateEnterpriseInput, strawberry.argument(description="The rating.")],
    ) -> RatingResult:
        agency = _admitted(info, input.agency_id, "agencyId", input.client_request_id, reason=input.reason)
        if not isinstance(agency, str):
            return agency
        bad = check_dates(input.valid_from, input.valid_to, "validFrom", "validTo")
        if bad:
            return bad
        fields = {"agencyId": agency, "enterpriseId": str(input.enterprise_id), "levelId": str(input.level_id),
                  "validFrom": input.valid_from, "validTo": input.valid_to, "reason": input.reason.strip(),
                  "evidence": [], "downgrade": False, "origin": None}  # fmt: skip
        out = await rating_writes.rate(
            info.context.cypher,
            info.context.principal,
            "rateEnterprise",
            input.client_request_id.strip(),
            fields,
        )
        return await _rating_result(info, out)

    @strawberry.mutation(description="Downgrade an enterprise to the dishonest level of the rating agency's "
                         "scheme, with the reason and the evidence (regulators, admins).")  # fmt: skip
    async def downgrade_to_dishonest(
        self, info: Info, input: Annotated[DowngradeInput, strawberry.argument(description="The downgrade.")]
    ) -> RatingResult:
        agency = _admitted(info, input.agency_id, "agencyId", input.client_request_id, reason=input.reason)
        if not isinstance(agency, str):
            return agency
        if not input.evidence or len(input.evidence) > rating_writes.MAX_EVIDENCE:
            return InvalidInput(
                field="input.evidence", message=f"give 1 to {rating_writes.MAX_EVIDENCE} items"
            )
        evidence = [{"kind": e.kind.value, "id": str(e.id).strip()} for e in input.evidence]
        fields = {"agencyId": agency, "enterpriseId": str(input.enterprise_id), "levelId": None,
                  "validFrom": input.valid_from, "validTo": None, "reason": input.reason.strip(),
                  "evidence": evidence, "downgrade": True, "origin": None}  # fmt: skip
        out = await rating_writes.rate(
            info.context.cypher, info.context.principal, "downgradeToDishonest", input.client_request_id.strip(),
            fields,
        )  # fmt: skip
        return await _rating_result(info, out)

    @strawberry.mutation(description="Suspend a rating of your agency from a date (regulators, admins).")
    async def suspend_rating(
        self,
        info: Info,
        input: Annotated[SuspendRatingInput, strawberry.argument(description="The suspension.")],
    ) -> RatingResult:
        agency = _admitted(info, None, "ratingId", input.client_request_id, reason=input.reason)
        if not isinstance(agency, str):
            return agency
        out = await rating_writes.suspend(
            info.context.cypher, info.context.principal, input.client_request_id.strip(), str(input.rating_id),
            input.suspended_from, input.reason.strip(),
        )  # fmt: skip
        if out.error is not None and out.error["field"] == "input.from":
            out = Outcome({**out.error, "field": "input.suspendedFrom"}, False, None, True)
        return await _rating_result(info, out)

    @strawberry.mutation(description="A partner agency lodges its own rating of a firm on its own scheme "
                         "(partner keys only). Our regulators see it; analysts and other partners do not.")  # fmt: skip
    async def submit_partner_rating(
        self, info: Info, input: Annotated[PartnerRatingInput, strawberry.argument(description="The rating.")]
    ) -> RatingResult:
        who = info.context.principal
        if who.role is not Role.PARTNER:
            return Forbidden(message="only partner agencies submit partner ratings")
        bad = check_texts(
            {
                "clientRequestId": input.client_request_id,
                "aeoNumber": input.aeo_number,
                "reason": input.reason,
            },
            optional=("aeoNumber", "reason"),
        ) or check_dates(input.valid_from, input.valid_to, "validFrom", "validTo")
        if bad:
            return bad
        fields = {"agencyId": who.agency_id, "enterpriseId": str(input.enterprise_id),
                  "levelId": str(input.level_id), "validFrom": input.valid_from, "validTo": input.valid_to,
                  "reason": (input.reason or "").strip() or None, "evidence": [], "downgrade": False,
                  "origin": "partner", "aeoNumber": (input.aeo_number or "").strip() or None}  # fmt: skip
        out = await rating_writes.rate(
            info.context.cypher, who, "submitPartnerRating", input.client_request_id.strip(), fields
        )
        if out.error is not None and out.error["field"] == "input.levelId":
            out = Outcome({"field": "input.levelId", "message": f"not a level of your own scheme ({who.agency_id})"},
                          False, None, True)  # fmt: skip
        return await _rating_result(info, out)

    @strawberry.mutation(
        description="Sign a recognition arrangement with its level mappings (regulators, admins)."
    )
    async def sign_arrangement(
        self,
        info: Info,
        input: Annotated[SignArrangementInput, strawberry.argument(description="The arrangement.")],
    ) -> ArrangementResult:
        home = _admitted(info, input.home_agency_id, "homeAgencyId", input.client_request_id, name=input.name)
        if not isinstance(home, str):
            return home
        bad = check_dates(input.signed_on, None, "signedOn", "inForceFrom")
        if bad:
            return bad
        partner = str(input.partner_agency_id).strip()
        if partner == home:
            return InvalidInput(field="input.partnerAgencyId", message="must differ from the home agency")
        if input.in_force_from is not None and input.in_force_from < input.signed_on:
            return InvalidInput(field="input.inForceFrom", message="must not be before signedOn")
        recognizer = str(input.recognizer_agency_id).strip() if input.recognizer_agency_id else None
        if input.direction is ArrangementDirection.ONE_WAY and recognizer not in (home, partner):
            return InvalidInput(
                field="input.recognizerAgencyId", message="one-way: name the recognising party"
            )
        if input.direction is ArrangementDirection.MUTUAL and recognizer is not None:
            return InvalidInput(field="input.recognizerAgencyId", message="only for one-way arrangements")
        if not input.grants:
            return InvalidInput(field="input.grants", message="grant at least one scope")
        mappings = mapping_fields(input.mappings)
        if isinstance(mappings, InvalidInput):
            return mappings
        fields = {"homeAgencyId": home, "partnerAgencyId": partner, "name": input.name.strip(),
                  "direction": input.direction.value, "recognizerId": recognizer, "signedOn": input.signed_on,
                  "inForceFrom": input.in_force_from, "grants": sorted({g.value for g in input.grants}),
                  "mappings": mappings}  # fmt: skip
        out = await arrangement_writes.sign(
            info.context.cypher, info.context.principal, input.client_request_id.strip(), fields
        )
        return await _arrangement_result(info, out)

    @strawberry.mutation(description="Amend an arrangement's mappings from a date: a new version; earlier "
                         "versions stay readable (regulators of a party, admins).")  # fmt: skip
    async def amend_arrangement(
        self,
        info: Info,
        input: Annotated[AmendArrangementInput, strawberry.argument(description="The amendment.")],
    ) -> ArrangementResult:
        agency = _admitted(info, None, "arrangementId", input.client_request_id, reason=input.reason)
        if not isinstance(agency, str):
            return agency
        mappings = mapping_fields(input.mappings)
        if isinstance(mappings, InvalidInput):
            return mappings
        fields = {"arrangementId": str(input.arrangement_id), "effectiveFrom": input.effective_from,
                  "reason": input.reason.strip(), "mappings": mappings}  # fmt: skip
        out = await arrangement_writes.amend(
            info.context.cypher, info.context.principal, input.client_request_id.strip(), fields
        )
        return await _arrangement_result(info, out)

    @strawberry.mutation(description="End an arrangement from a date (regulators of a party, admins).")
    async def end_arrangement(
        self,
        info: Info,
        input: Annotated[EndArrangementInput, strawberry.argument(description="The ending.")],
    ) -> ArrangementResult:
        agency = _admitted(info, None, "arrangementId", input.client_request_id, reason=input.reason)
        if not isinstance(agency, str):
            return agency
        out = await arrangement_writes.end(
            info.context.cypher, info.context.principal, input.client_request_id.strip(),
            str(input.arrangement_id), input.ended_on, input.reason.strip(),
        )  # fmt: skip
        return await _arrangement_result(info, out)
