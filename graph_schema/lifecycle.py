"""Lifecycles of supervision records: one declared transition table per record kind.

A record's status changes only along its table; every change is an
append-only `StatusChange` node (who, when, why), and the record keeps its
current status as a property for cheap filtering. The hub's mutations, the
loader of `status_changes.csv` and docs/supervision.md all read these tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Final

from graph_schema.model import Label


class RecordKind(str, Enum):
    FILING = "filing"
    INSPECTION = "inspection"  # the result: pending -> pass / fail
    REVIEW = "review"  # the authority's review of a third-party lab's result
    ALERT = "alert"
    ORDER = "order"  # a disposal order (the Recall node, any measure)
    SHIPMENT = "shipment"


@dataclass(frozen=True)
class Lifecycle:
    label: Label
    key: str  # natural key property of the label
    status_property: str  # where the current status is kept on the record
    initial: frozenset[str]  # statuses a record may be created with
    transitions: frozenset[tuple[str, str]]
    # Transitions that only a dedicated mutation may make (e.g. supersede), never `changeStatus`.
    reserved: frozenset[tuple[str, str]] = frozenset()

    def allowed_from(self, status: str) -> list[str]:
        return sorted(to for frm, to in self.transitions if frm == status)

    @property
    def statuses(self) -> list[str]:
        seen = set(self.initial) | {s for pair in self.transitions for s in pair}
        return sorted(seen)


def _t(*pairs: str) -> frozenset[tuple[str, str]]:
    out = set()
    for pair in pairs:
        frm, to = pair.split("->")
        out.add((frm.strip(), to.strip()))
    return frozenset(out)


LIFECYCLES: Final[dict[RecordKind, Lifecycle]] = {
    RecordKind.FILING: Lifecycle(
        Label.FILING,
        "filingId",
        "status",
        frozenset({"pending", "filed"}),
        _t(
            "pending -> filed",
            "pending -> revoked",
            "filed -> suspended",
            "filed -> revoked",
            "filed -> expired",
            "suspended -> filed",
            "suspended -> revoked",
        ),
    ),
    RecordKind.INSPECTION: Lifecycle(
        Label.INSPECTION,
        "inspectionId",
        "result",
        frozenset({"pending", "pass", "fail"}),
        _t("pending -> pass", "pending -> fail"),
    ),
    RecordKind.REVIEW: Lifecycle(
        Label.INSPECTION,
        "inspectionId",
        "review",
        frozenset({"unreviewed"}),
        _t("unreviewed -> accepted", "unreviewed -> rejected"),
    ),
    RecordKind.ALERT: Lifecycle(
        Label.RISK_ALERT,
        "alertId",
        "status",
        frozenset({"open"}),
        _t("open -> in_progress", "open -> closed", "in_progress -> closed"),
    ),
    RecordKind.ORDER: Lifecycle(
        Label.RECALL,
        "recallId",
        "status",
        frozenset({"open"}),
        _t(
            "open -> in_progress",
            "open -> closed",
            "in_progress -> completed",
            "completed -> closed",
            "closed -> superseded",
        ),
        reserved=_t("closed -> superseded"),
    ),
    RecordKind.SHIPMENT: Lifecycle(
        Label.SHIPMENT,
        "shipmentId",
        "status",
        frozenset({"declared"}),
        _t(
            "declared -> held",
            "declared -> released",
            "held -> released",
            "held -> returned",
            "held -> destroyed",
            "released -> held",
            "released -> delivered",
        ),
    ),
}


def lifecycle(kind: RecordKind) -> Lifecycle:
    return LIFECYCLES[kind]
