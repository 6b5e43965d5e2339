"""Supervision history files (28, 29 of docs/data-format.md), declared like every other file.

`status_changes.csv` adds append-only StatusChange records (keyed by
`change_id`) to filings, inspections, alerts, orders and shipments; the
loader also checks each row against its kind's transition table
(graph_schema.lifecycle, via loaders.specs). The record files (filings.csv,
recalls.csv...) carry each record's current status; these rows carry how it
got there. `disposal_evidence.csv` adds the units of one shipment returned or
destroyed under one disposal order.
"""

from __future__ import annotations

from typing import Final

from graph_schema.columns import date, ref, req, values_of
from graph_schema.declare import Column, FileDecl, Kind, NodeFile
from graph_schema.lifecycle import LIFECYCLES, RecordKind
from graph_schema.model import Label, Rel

ALL_STATUSES: Final = tuple(sorted({s for life in LIFECYCLES.values() for s in life.statuses}))

HISTORY: Final[tuple[FileDecl, ...]] = (
    NodeFile(
        "status_changes.csv",
        Label.STATUS_CHANGE,
        (
            req("change_id"),
            Column("record_kind", Kind.ENUM, required=True, values=values_of(RecordKind), prop="recordKind"),
            ref(
                "record_id",
                ("record_kind", {kind.value: life.label for kind, life in LIFECYCLES.items()}),
                Rel.CHANGES,
                required=True,
            ),
            Column("from_status", Kind.ENUM, values=ALL_STATUSES, prop="from"),
            Column("to_status", Kind.ENUM, required=True, values=ALL_STATUSES, prop="to"),
            date("on", required=True),
            ref("agency_id", Label.AGENCY, Rel.CHANGED_BY),
            Column("reason"),
        ),
    ),
    NodeFile(
        "disposal_evidence.csv",
        Label.DISPOSAL_EVIDENCE,
        (
            req("evidence_id"),
            ref("order_id", Label.RECALL, Rel.UNDER_ORDER, required=True),
            ref("shipment_id", Label.SHIPMENT, Rel.DISPOSED_OF, required=True),
            date("recorded_on", required=True),
            Column("returned_units", Kind.INT),
            Column("destroyed_units", Kind.INT),
            Column("note"),
        ),
    ),
)
