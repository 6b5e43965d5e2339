"""Mutual recognition reads: recognition(s), arrangements, creditScheme, inspectionRate."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from hub.context import Info
from hub.data import credit_records as records
from hub.data import recognition as data
from hub.errors import Forbidden, InvalidArgument
from hub.rules import sampling
from hub.schema.agencies import Agency
from hub.schema.credit import CreditLevel
from hub.schema.enterprises import Enterprise
from hub.schema.recognition_types import (
    ArrangementRecord,
    CreditScheme,
    IdentifierKind,
    InspectionRate,
    RatingRef,
    RecognitionAnswer,
    SamplingStep,
)

AsOf = Annotated[
    dt.date | None, strawberry.argument(description="Date of the question; today (UTC) when omitted.")
]
PartnerId = Annotated[
    strawberry.ID,
    strawberry.argument(description="The partner agency asking; a partner key may only name its own agency."),
]


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _check_partner(info: Info, partner_id: str) -> None:
    who = info.context.principal
    if not who.sees_everything and partner_id != who.agency_id:
        raise Forbidden(f"argument partnerAgencyId: a partner asks only as itself ({who.agency_id})")


def _answer(a: data.Answer, partner_id: str, as_of: dt.date) -> RecognitionAnswer:
    d = a.decision
    return RecognitionAnswer(
        identifier=a.identifier,
        matched_by=IdentifierKind(a.matched_by) if a.matched_by else None,
        enterprise_id=strawberry.ID(a.enterprise_id) if a.enterprise_id else None,
        enterprise=Enterprise.from_row(a.enterprise) if a.enterprise else None,
        partner_agency_id=strawberry.ID(partner_id),
        as_of=as_of,
        recognised=d.recognised,
        reason=d.reason,
        message=d.message,
        arrangement_id=strawberry.ID(d.arrangement["arrangementId"]) if d.arrangement else None,
        rating=RatingRef.from_row(d.rating) if d.rating else None,
        partner_level=CreditLevel.from_row(d.mapping["level"]) if d.mapping else None,
        facilitation=list(d.mapping["facilitation"]) if d.mapping else [],
    )


def _rate(enterprise_id: str, ratings: list[dict[str, object]], as_of: dt.date) -> InspectionRate:
    table = sampling.table_for(as_of)
    domestic = [r for r in ratings if not r["partner"]]
    recognised = [m for r in ratings if r["partner"] for m in r["mapped"]]  # type: ignore[attr-defined]
    if domestic:
        classes = [sampling.credit_class_of(r["level"]) for r in domestic]  # type: ignore[arg-type]
    else:
        classes = [sampling.credit_class_of(m["level"]) for m in recognised]
    cls = sampling.strictest(classes, table)
    facilitation = sorted({f for m in recognised for f in m["facilitation"]})
    level_ids = sorted({r["level"]["levelId"] for r in domestic}) or sorted(  # type: ignore[index]
        {m["level"]["levelId"] for m in recognised}
    )
    credit = sampling.CreditInput(cls, ",".join(level_ids) or None, frozenset(facilitation))
    out = sampling.derive(credit, as_of=as_of, table=table)
    return InspectionRate(
        enterprise_id=strawberry.ID(enterprise_id),
        as_of=as_of,
        rate=float(out.rate),
        credit_class=out.credit_class,
        rule_version=out.table_version,
        rating_ids=[strawberry.ID(str(r["ratingId"])) for r in ratings],
        facilitation=facilitation,
        steps=[
            SamplingStep(
                rule_id=s.rule_id,
                rule_version=s.rule_version,
                kind=s.kind,
                action=s.action,
                rate=float(s.rate),
                field=s.field,
            )
            for s in out.steps
        ],
    )


@strawberry.type
class RecognitionQuery:
    @strawberry.field(
        description="Whether a partner agency recognises an enterprise's rating on a date: the home agency's "
        "rating in force, the arrangement, the level it maps to and the facilitation earned; or a reason."
    )
    async def recognition(
        self,
        info: Info,
        enterprise_id: Annotated[strawberry.ID, strawberry.argument(description="Our enterprise id.")],
        partner_agency_id: PartnerId,
        as_of: AsOf = None,
    ) -> RecognitionAnswer:
        partner, day = str(partner_agency_id), as_of or _today()
        _check_partner(info, partner)
        [answer] = await data.recognitions(
            info.context.cypher, info.context.principal, partner, [str(enterprise_id)], day, id_only=True
        )
        return _answer(answer, partner, day)

    @strawberry.field(
        description=f"`recognition` for up to {data.MAX_IDENTIFIERS} firms in one call, answers in the order "
        "asked. Give `enterpriseIds` (our ids) or `identifiers` (our id, USCC, EORI or the partner's own "
        "AEO number); unknown ones come back as ENTERPRISE_UNKNOWN in their position."
    )
    async def recognitions(
        self,
        info: Info,
        partner_agency_id: PartnerId,
        enterprise_ids: Annotated[
            list[strawberry.ID] | None, strawberry.argument(description="Our enterprise ids.")
        ] = None,
        identifiers: Annotated[
            list[str] | None,
            strawberry.argument(description="Ids, USCCs, EORIs or the partner's AEO numbers, mixed."),
        ] = None,
        as_of: AsOf = None,
    ) -> list[RecognitionAnswer]:
        partner, day = str(partner_agency_id), as_of or _today()
        _check_partner(info, partner)
        if (enterprise_ids is None) == (identifiers is None):
            raise InvalidArgument("enterpriseIds", "give either enterpriseIds or identifiers")
        name = "enterpriseIds" if enterprise_ids is not None else "identifiers"
        keys = [str(k).strip() for k in (enterprise_ids if enterprise_ids is not None else identifiers or [])]
        if len(keys) > data.MAX_IDENTIFIERS:
            raise InvalidArgument(name, f"at most {data.MAX_IDENTIFIERS} per call")
        if not keys:
            return []
        answers = await data.recognitions(
            info.context.cypher,
            info.context.principal,
            partner,
            keys,
            day,
            id_only=enterprise_ids is not None,
        )
        return [_answer(a, partner, day) for a in answers]

    @strawberry.field(
        description=f"Arrangements an agency is party to, with dates, status, direction, versions and the "
        f"mappings in force on `asOf` (at most {records.MAX_ARRANGEMENTS}). A partner sees only arrangements "
        "it is party to itself."
    )
    async def arrangements(
        self,
        info: Info,
        agency_id: Annotated[strawberry.ID, strawberry.argument(description="The party agency.")],
        as_of: AsOf = None,
    ) -> list[ArrangementRecord]:
        day = as_of or _today()
        rows = await records.arrangements_of(info.context.cypher, info.context.principal, str(agency_id), day)
        return [ArrangementRecord.from_row(r, day) for r in rows]

    @strawberry.field(
        description="The credit scheme an agency operates, with its level table (reference data: every "
        "caller may read it). Null when the agency operates none."
    )
    async def credit_scheme(
        self,
        info: Info,
        agency_id: Annotated[strawberry.ID, strawberry.argument(description="The operating agency.")],
    ) -> CreditScheme | None:
        schemes = await records.schemes_of(info.context.cypher, str(agency_id))
        if not schemes:
            return None
        s = schemes[0]
        return CreditScheme(
            id=strawberry.ID(s["schemeId"]),
            name=s["name"],
            agency=Agency.from_row(s["agency"]),
            levels=[CreditLevel.from_row(lv) for lv in sorted(s["levels"], key=lambda lv: lv["rank"])],
        )

    @strawberry.field(
        description="The inspection sampling rate an enterprise's credit implies on a date, with the "
        "derivation (the rule screening uses too; docs/sampling.md). Domestic roles only; null when the "
        "enterprise is unknown."
    )
    async def inspection_rate(
        self,
        info: Info,
        enterprise_id: Annotated[strawberry.ID, strawberry.argument(description="Our enterprise id.")],
        as_of: AsOf = None,
    ) -> InspectionRate | None:
        if not info.context.principal.sees_parcels:
            raise Forbidden("inspectionRate is for domestic roles only")
        day = as_of or _today()
        ratings = await records.rate_facts(info.context.cypher, str(enterprise_id), day)
        if ratings is None:
            return None
        return _rate(str(enterprise_id), ratings, day)
