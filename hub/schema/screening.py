"""Screening at declaration time: `screenDeclaration`, `screenDeclarationById`, `screenShipment`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from graph_schema.model import RuleList
from hub.auth import Principal, Role
from hub.context import Info
from hub.data.screen_stored import stored_declaration, stored_shipment
from hub.data.screening import DeclarationResult, ShipmentResult, screen_declaration
from hub.errors import Forbidden
from hub.rules.lists import RuleVersion
from hub.rules.screening import Decision, ReasonKind
from hub.schema.recognition_types import SamplingStep
from hub.schema.screening_input import DeclarationInput, to_draft

strawberry.enum(Decision, name="ScreeningDecision",
                description="Outcome of screening, from least to most severe: RELEASE, INSPECT, HOLD, REJECT.")  # fmt: skip
strawberry.enum(
    ReasonKind, name="ScreeningReasonKind", description="Why a reason was given (docs/screening.md)."
)
strawberry.enum(
    RuleList, description="The list a screening rule belongs to: the negative list or a monitoring list."
)


def require_screener(who: Principal) -> None:
    if who.role not in (Role.REGULATOR, Role.ADMIN):
        raise Forbidden("screening is for regulators and administrators only")


@strawberry.type(description="One reason behind a decision: the rule, its version and the input field.")
class ScreeningReason:
    kind: ReasonKind = strawberry.field(description="What kind of reason.")
    outcome: Decision = strawberry.field(
        description="The decision this reason alone calls for (RELEASE: information only)."
    )
    field: str | None = strawberry.field(
        description="The input field that triggered it, e.g. `input.shipments[3].goods[0].hsCode`."
    )
    rule_id: str = strawberry.field(description="The rule applied (a list rule's id or a built-in check).")
    rule_version: str = strawberry.field(description="The version of that rule applied.")
    message: str = strawberry.field(description="The reason in words.")


@strawberry.type(description="The sampling rate, how it was derived, and the reproducible draw.")
class Sampling:
    rate: float = strawberry.field(description="Sampling rate, 0 to 1, four decimals.")
    credit_class: str = strawberry.field(description="The declarant's credit class used for the base rate.")
    table_version: str = strawberry.field(description="Version of the sampling table applied.")
    steps: list[SamplingStep] = strawberry.field(description="The derivation, in order.")
    seed: str = strawberry.field(description="The draw's seed: declaration id and shipment id.")
    draw: float = strawberry.field(
        description="The draw, in [0, 1): the same seed always gives the same draw."
    )
    selected: bool = strawberry.field(description="True when the draw is below the rate.")


@strawberry.type(description="The screening of one shipment.")
class ShipmentScreening:
    index: int = strawberry.field(description="Position of the shipment in the declaration screened.")
    shipment_id: str = strawberry.field(description="The shipment's id (`#<position>` when none was given).")
    field: str = strawberry.field(description="Path of the shipment, e.g. `input.shipments[3]`.")
    decision: Decision = strawberry.field(description="The worst outcome of all reasons, after sampling.")
    reasons: list[ScreeningReason] = strawberry.field(description="Every reason, in evaluation order.")
    sampling: Sampling = strawberry.field(description="The sampling rate, its derivation and the draw.")

    @classmethod
    def of(cls, r: ShipmentResult) -> ShipmentScreening:
        o = r.outcome
        steps = [SamplingStep(rule_id=s.rule_id, rule_version=s.rule_version, kind=s.kind, action=s.action,
                              rate=float(s.rate), field=s.field) for s in o.rate.steps]  # fmt: skip
        return cls(
            index=r.index, shipment_id=r.ref, field=r.field, decision=o.decision,
            reasons=[ScreeningReason(kind=x.kind, outcome=x.outcome, field=x.field, rule_id=x.rule_id,
                                     rule_version=x.rule_version, message=x.message) for x in o.reasons],
            sampling=Sampling(rate=float(o.rate.rate), credit_class=o.rate.credit_class.value,
                              table_version=o.rate.table_version, steps=steps, seed=o.seed,
                              draw=o.draw.value, selected=o.draw.selected),
        )  # fmt: skip


@strawberry.type(
    description="A rule version in force on the declaration date, checked against every shipment."
)
class AppliedRule:
    rule_id: str = strawberry.field(description="The rule.")
    version: int = strawberry.field(description="The version applied.")
    rule_list: RuleList = strawberry.field(name="list", description="Negative list or monitoring list.")
    category: str | None = strawberry.field(description="Negative-list category code (NL-01 to NL-08).")
    title: str = strawberry.field(description="Title of this version.")
    valid_from: dt.date = strawberry.field(description="First day the version applies (inclusive).")
    valid_to: dt.date | None = strawberry.field(
        description="First day the version no longer applies (exclusive); null: open-ended."
    )

    @classmethod
    def of(cls, v: RuleVersion) -> AppliedRule:
        return cls(rule_id=v.rule_id, version=v.version, rule_list=v.list, category=v.category, title=v.title,
                   valid_from=v.valid_from, valid_to=v.valid_to)  # fmt: skip


@strawberry.type(description="How many shipments got each decision.")
class ScreeningSummary:
    shipments: int = strawberry.field(description="Shipments screened.")
    release: int = strawberry.field(description="Shipments to release.")
    inspect: int = strawberry.field(description="Shipments to inspect.")
    hold: int = strawberry.field(description="Shipments to hold.")
    reject: int = strawberry.field(description="Shipments to reject.")


@strawberry.type(description="The screening of a declaration: a decision per shipment and a summary.")
class DeclarationScreening:
    declaration_id: str = strawberry.field(description="The declaration's id (seeds the draws).")
    declared_on: dt.date = strawberry.field(description="The date everything was judged on.")
    stored: bool = strawberry.field(description="True when read from the graph, false when given as input.")
    truncated: bool = strawberry.field(
        description="True when a stored declaration has more shipments than were screened (5,000)."
    )
    credit: str = strawberry.field(description="The declarant's credit standing as applied, in words.")
    rules_applied: list[AppliedRule] = strawberry.field(
        description="Every list rule version in force on the date (each was checked against every shipment)."
    )
    summary: ScreeningSummary = strawberry.field(description="Counts per decision.")
    _result: strawberry.Private[DeclarationResult]

    @strawberry.field(
        description="The shipments' screenings, in declaration order; optionally one decision only."
    )
    def shipments(
        self,
        decision: Annotated[
            Decision | None, strawberry.argument(description="Only shipments with this decision.")
        ] = None,
    ) -> list[ShipmentScreening]:
        return [ShipmentScreening.of(r) for r in self._result.shipments
                if decision is None or r.outcome.decision is decision]  # fmt: skip

    @classmethod
    def of(cls, r: DeclarationResult) -> DeclarationScreening:
        counts = r.counts
        summary = ScreeningSummary(
            shipments=len(r.shipments), release=counts[Decision.RELEASE], inspect=counts[Decision.INSPECT],
            hold=counts[Decision.HOLD], reject=counts[Decision.REJECT],
        )  # fmt: skip
        return cls(
            declaration_id=r.draft.declaration_id, declared_on=r.draft.declared_on, stored=r.draft.stored,
            truncated=r.draft.truncated, credit=r.credit.explanation,
            rules_applied=[AppliedRule.of(v) for v in r.rules], summary=summary, _result=r,
        )  # fmt: skip


@strawberry.type
class ScreeningQuery:
    @strawberry.field(
        description=(
            "Screen a declaration that is not stored: a decision per shipment with every reason "
            "(regulators and administrators)."
        )
    )
    async def screen_declaration(
        self,
        info: Info,
        input: Annotated[DeclarationInput, strawberry.argument(description="The declaration.")],
    ) -> DeclarationScreening:
        require_screener(info.context.principal)
        draft = to_draft(input)
        return DeclarationScreening.of(await screen_declaration(info.context.cypher, draft))

    @strawberry.field(description="Screen a stored declaration (at most its first 5,000 shipments by id).")
    async def screen_declaration_by_id(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Declaration id.")]
    ) -> DeclarationScreening:
        who = info.context.principal
        require_screener(who)
        draft = await stored_declaration(info.context.cypher, str(id), who.sees_parcels)
        return DeclarationScreening.of(await screen_declaration(info.context.cypher, draft))

    @strawberry.field(
        description="Screen one stored shipment, dated and seeded as in its declaration (same draw)."
    )
    async def screen_shipment(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Shipment id.")]
    ) -> DeclarationScreening:
        who = info.context.principal
        require_screener(who)
        draft = await stored_shipment(info.context.cypher, str(id), who.sees_parcels)
        return DeclarationScreening.of(await screen_declaration(info.context.cypher, draft))
