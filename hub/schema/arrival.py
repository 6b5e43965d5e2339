"""Screening on arrival of a lodged declaration (docs/declarations.md "Screened on arrival")."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import strawberry

from hub.context import Info
from hub.data import arrival as data
from hub.data.lodging import Lodgement
from hub.data.screen_stored import stored_declaration
from hub.data.screening import screen_declaration
from hub.rules.screening import Decision, ReasonKind
from hub.schema.screening import ScreeningReason


@strawberry.type(description="The screening decision a lodged shipment got on arrival (stored once).")
class ArrivalDecision:
    shipment_id: str = strawberry.field(description="The shipment.")
    field: str = strawberry.field(description="Its place in the lodging input, e.g. `input.shipments[3]`.")
    decision: Decision = strawberry.field(description="The worst outcome of all reasons, after sampling.")
    reasons: list[ScreeningReason] = strawberry.field(
        description="Every reason, in evaluation order; fields name the lodging input."
    )
    rules_applied: list[str] = strawberry.field(
        description="The list rule versions in force on the declaration date, as `ruleId@version`."
    )
    sampling_table: str = strawberry.field(description="Version of the sampling table applied.")
    sampling_rate: float = strawberry.field(description="Sampling rate, 0 to 1.")
    selected: bool = strawberry.field(description="True when the reproducible draw selected it.")
    credit: str = strawberry.field(description="The declarant's credit standing as applied, in words.")
    screened_at: dt.datetime = strawberry.field(description="When the decision was stored.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ArrivalDecision:
        reasons = [
            ScreeningReason(kind=ReasonKind(r["kind"]), outcome=Decision(r["outcome"]), field=r["field"],
                            rule_id=r["ruleId"], rule_version=r["ruleVersion"], message=r["message"])
            for r in json.loads(row["reasons"])
        ]  # fmt: skip
        return cls(
            shipment_id=row["shipmentId"], field=row["field"], decision=Decision(row["decision"]),
            reasons=reasons, rules_applied=list(row["rulesApplied"]), sampling_table=row["samplingTable"],
            sampling_rate=row["samplingRate"], selected=row["selected"], credit=row["credit"],
            screened_at=row["screenedAt"].to_native(),
        )  # fmt: skip


def _lines(lodgement: Lodgement) -> data.Lines:
    goods: dict[tuple[str, str], int] = {}
    for s in lodgement.shipments:
        for j, g in enumerate(s.goods):
            goods.setdefault((s.shipment_id, g.batch_id), j)
    shipments = {s.shipment_id: i for i, s in enumerate(lodgement.shipments)}
    return data.Lines(shipments, goods)


async def on_arrival(info: Info, lodgement: Lodgement, created: bool) -> list[ArrivalDecision]:
    """The stored decisions; screens and stores them first when there are none yet.

    A retry (`created` false) reads what the first call stored; only when that
    call stored the declaration but failed before its decisions does it screen.
    """
    cy = info.context.cypher
    ident = lodgement.declaration_id
    rows = [] if created else await data.read(cy, ident)
    if not rows:
        draft = await stored_declaration(cy, ident, True)
        result = await screen_declaration(cy, draft)
        rows = await data.store(cy, ident, data.rows(ident, result, _lines(lodgement)))
    return [ArrivalDecision.from_row(r) for r in rows]
