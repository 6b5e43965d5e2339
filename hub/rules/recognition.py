"""The one place a recognition answer is decided (docs/credit.md).

Pure: the data layer fetches the facts (the partner's arrangements, the
enterprise's ratings by the other parties, the mappings of their levels onto
the partner's scheme), already filtered to what the caller may see; this
module decides "recognised, or why not" from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any


class Reason(str, Enum):
    """Why an enterprise is not recognised (a program can act on it)."""

    ENTERPRISE_UNKNOWN = "ENTERPRISE_UNKNOWN"
    NO_ARRANGEMENT = "NO_ARRANGEMENT"
    ARRANGEMENT_NOT_YET_IN_FORCE = "ARRANGEMENT_NOT_YET_IN_FORCE"
    ARRANGEMENT_ENDED = "ARRANGEMENT_ENDED"
    NOT_RATED = "NOT_RATED"
    RATING_EXPIRED = "RATING_EXPIRED"
    RATING_SUSPENDED = "RATING_SUSPENDED"
    DISHONEST = "DISHONEST"
    LEVEL_NOT_MAPPED = "LEVEL_NOT_MAPPED"


# How far a candidate arrangement got: with several, the answer that got furthest wins.
_PROGRESS: dict[Reason, int] = {
    Reason.ENTERPRISE_UNKNOWN: 0,
    Reason.NO_ARRANGEMENT: 1,
    Reason.ARRANGEMENT_NOT_YET_IN_FORCE: 2,
    Reason.ARRANGEMENT_ENDED: 2,
    Reason.NOT_RATED: 3,
    Reason.RATING_EXPIRED: 4,
    Reason.RATING_SUSPENDED: 4,
    Reason.DISHONEST: 5,
    Reason.LEVEL_NOT_MAPPED: 5,
}


class Status(str, Enum):
    NOT_YET_IN_FORCE = "NOT_YET_IN_FORCE"
    IN_FORCE = "IN_FORCE"
    ENDED = "ENDED"


def day(value: Any) -> dt.date | None:
    """Neo4j dates to Python dates."""
    if value is None:
        return None
    to_native = getattr(value, "to_native", None)
    return to_native() if to_native is not None else value  # type: ignore[no-any-return]


def arrangement_status(arr: Mapping[str, Any], on: dt.date) -> Status:
    """In force from `inForceFrom` (default `signedOn`, inclusive) until `endsOn`
    (exclusive: the first day no longer in force); not signed -> not yet in force."""
    signed = day(arr.get("signedOn"))
    start = day(arr.get("inForceFrom")) or signed
    ended = day(arr.get("endsOn"))
    if signed is None or start is None or signed > on or start > on:
        return Status.NOT_YET_IN_FORCE
    if ended is not None and ended <= on:
        return Status.ENDED
    return Status.IN_FORCE


def rating_holds(rating: Mapping[str, Any], on: dt.date) -> bool:
    """validFrom inclusive, validTo exclusive, suspendedOn exclusive."""
    start, end, suspended = (
        day(rating["validFrom"]),
        day(rating.get("validTo")),
        day(rating.get("suspendedOn")),
    )
    return (
        start is not None
        and start <= on
        and (end is None or on < end)
        and (suspended is None or on < suspended)
    )


def link_holds(link: Mapping[str, Any], on: dt.date) -> bool:
    since, until = day(link.get("since")), day(link.get("until"))
    return (since is None or since <= on) and (until is None or on < until)


@dataclass(frozen=True)
class Decision:
    reason: Reason | None  # None: recognised
    message: str
    arrangement: Mapping[str, Any] | None = None
    rating: Mapping[str, Any] | None = None
    mapping: Mapping[str, Any] | None = None

    @property
    def recognised(self) -> bool:
        return self.reason is None


def _one(
    partner_id: str, arr: Mapping[str, Any], ratings: Sequence[Mapping[str, Any]], on: dt.date
) -> Decision:
    aid, home = arr["arrangementId"], arr["homeAgencyId"]
    status = arrangement_status(arr, on)
    if status is Status.NOT_YET_IN_FORCE:
        signed = day(arr.get("signedOn"))
        if signed is None or signed > on:
            text = f"arrangement {aid} was not yet signed on {on}"
        else:
            text = f"arrangement {aid} (signed {signed}) is in force only from {day(arr.get('inForceFrom'))}"
        return Decision(Reason.ARRANGEMENT_NOT_YET_IN_FORCE, text, arr)
    if status is Status.ENDED:
        return Decision(
            Reason.ARRANGEMENT_ENDED,
            f"arrangement {aid} is no longer in force since {day(arr['endsOn'])}",
            arr,
        )
    by_home = [r for r in ratings if r["agencyId"] == home and (day(r["validFrom"]) or on) <= on]
    by_home.sort(key=lambda r: (day(r["validFrom"]), r["ratingId"]), reverse=True)
    if not by_home:
        return Decision(Reason.NOT_RATED, f"{home} has no rating of this enterprise on {on}", arr)
    current = next((r for r in by_home if rating_holds(r, on)), None)
    if current is None:
        latest = by_home[0]
        suspended = day(latest.get("suspendedOn"))
        if suspended is not None and suspended <= on:
            return Decision(
                Reason.RATING_SUSPENDED,
                f"{home}'s rating {latest['ratingId']} is suspended since {suspended}",
                arr,
                latest,
            )
        return Decision(
            Reason.RATING_EXPIRED,
            f"{home}'s rating {latest['ratingId']} ended on {day(latest.get('validTo'))} (exclusive)",
            arr,
            latest,
        )
    level = current["level"]
    if level.get("dishonest"):
        return Decision(
            Reason.DISHONEST,
            f"{home} rates this enterprise {level['code']} ({level['name']}), a dishonest level: never recognised",
            arr,
            current,
        )
    mapped = [m for m in current.get("mappings") or [] if m["arrangementId"] == aid and link_holds(m, on)]
    if not mapped:
        return Decision(
            Reason.LEVEL_NOT_MAPPED,
            f"level {level['code']} of {home} has no mapping onto {partner_id}'s scheme under {aid} on {on}",
            arr,
            current,
        )
    return Decision(None, f"recognised under {aid}: {home} {level['code']} -> {mapped[0]['level']['code']}",
                    arr, current, mapped[0])  # fmt: skip


def decide(
    partner_id: str,
    on: dt.date,
    *,
    found: bool,
    see_all: bool,
    arrangements: Sequence[Mapping[str, Any]],
    ratings: Sequence[Mapping[str, Any]],
) -> Decision:
    """Recognition of one enterprise by `partner_id` on `on`.

    `arrangements`: the partner's arrangements (each with `homeAgencyId`, the
    other party); `ratings`: the enterprise's ratings by those other parties
    starting on or before `on`, each with its level and the level's mappings
    onto the partner's scheme."""
    # The partner's own arrangements come first: without one it can use, no firm is looked at.
    credit = [a for a in arrangements if "credit" in (a.get("grants") or [])]
    if not credit:
        return Decision(
            Reason.NO_ARRANGEMENT, f"{partner_id} is party to no arrangement that grants credit data"
        )
    usable = [a for a in credit if a.get("direction") != "one-way" or a.get("recognizerId") == partner_id]
    if not usable:
        one_way = sorted(a["arrangementId"] for a in credit)
        return Decision(
            Reason.NO_ARRANGEMENT,
            f"{', '.join(one_way)} one-way only: {partner_id}'s ratings are recognised there, "
            f"not the other way round",
        )
    if not found or (not see_all and not ratings):
        # A partner learns nothing about firms no counterparty of its own ever rated.
        return Decision(Reason.ENTERPRISE_UNKNOWN, "no enterprise with this identifier")
    best: Decision | None = None
    for arr in sorted(usable, key=lambda a: str(a["arrangementId"])):
        decision = _one(partner_id, arr, ratings, on)
        if decision.recognised:
            return decision
        assert decision.reason is not None
        if best is None or _PROGRESS[decision.reason] > _PROGRESS[best.reason]:  # type: ignore[index]
            best = decision
    assert best is not None
    return best
