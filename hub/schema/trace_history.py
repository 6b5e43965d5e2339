"""`TraceCode.history`: the code's EPCIS events in time order (docs/trace.md "History")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from hub.context import Info
from hub.data.trace_history import HISTORY_OF_CODES
from hub.schema.common import Connection, child_connection


@strawberry.type(description="A business transaction an EPCIS event names (bizTransactionList).")
class BizTransaction:
    type: str | None = strawberry.field(description="CBV business transaction type (po, desadv, ...).")
    id: str = strawberry.field(description="The transaction's identifier as sent.")


@strawberry.type(description="An EPCIS 2.0 event in a trace code's history.")
class TraceEvent:
    id: strawberry.ID = strawberry.field(
        description="The event's key: its eventID, else a hash of its content."
    )
    type: str = strawberry.field(description="ObjectEvent, AggregationEvent, TransactionEvent, ...")
    action: str | None = strawberry.field(description="ADD, OBSERVE or DELETE (null: TransformationEvent).")
    event_time: dt.datetime = strawberry.field(description="When the event happened.")
    event_time_zone_offset: str | None = strawberry.field(description="The offset it was recorded in.")
    biz_step: str | None = strawberry.field(description="CBV business step (bare word).")
    disposition: str | None = strawberry.field(description="CBV disposition (bare word).")
    read_point: str | None = strawberry.field(description="Where it was read (canonical GS1 Digital Link).")
    biz_location: str | None = strawberry.field(description="Where the goods were after it (Digital Link).")
    biz_transactions: list[BizTransaction] = strawberry.field(description="Business transactions it names.")
    declared_in_error: bool = strawberry.field(description="True when an error declaration names it.")
    error_declared_at: dt.datetime | None = strawberry.field(description="When it was declared in error.")
    error_reason: str | None = strawberry.field(description="Why it was declared in error (CBV reason).")
    corrective_event_ids: list[str] = strawberry.field(
        description="Events that correct it (ids named by the error declaration)."
    )
    via: str | None = strawberry.field(
        description="The logistic unit (SSCC Digital Link) the event names, when it reaches the code "
        "because the item was inside that unit; null when it names the item itself."
    )

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> TraceEvent:
        declared = row.get("errorDeclaredAt")
        return cls(
            id=strawberry.ID(row["key"]),
            type=row["type"],
            action=row.get("action"),
            event_time=row["eventTime"].to_native(),
            event_time_zone_offset=row.get("offset"),
            biz_step=row.get("bizStep"),
            disposition=row.get("disposition"),
            read_point=row.get("readPoint"),
            biz_location=row.get("bizLocation"),
            biz_transactions=[_transaction(t) for t in row["bizTransactions"]],
            declared_in_error=declared is not None,
            error_declared_at=declared.to_native() if declared is not None else None,
            error_reason=row.get("errorReason"),
            corrective_event_ids=row["correctiveEventIds"],
            via=row.get("via"),
        )


def _transaction(text: str) -> BizTransaction:
    """Stored as `"<type> <id>"`, or `"<id>"` without a type (graph_schema.epcis)."""
    kind, _, ident = text.partition(" ")
    return BizTransaction(type=kind, id=ident) if ident else BizTransaction(type=None, id=kind)


async def history(info: Info, code: str, first: int, after: str | None) -> Connection[TraceEvent]:
    return await child_connection(info, HISTORY_OF_CODES, code, first, after, TraceEvent.from_row)
