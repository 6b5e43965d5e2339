"""hub.rules.recognition on its own: dates at their bounds and the choice among arrangements."""

import datetime as dt

from hub.rules.recognition import Reason, Status, arrangement_status, decide, rating_holds

D = dt.date(2026, 1, 1)
LEVEL = {"code": "A", "name": "Advanced", "dishonest": False}


def arr(aid: str, **kw: object) -> dict[str, object]:
    return {
        "arrangementId": aid,
        "homeAgencyId": "H",
        "grants": ["credit"],
        "signedOn": dt.date(2020, 1, 1),
        **kw,
    }


def rating(**kw: object) -> dict[str, object]:
    mapping = {"arrangementId": "A1", "level": {"code": "P"}, "facilitation": ["x"]}
    return {"ratingId": "R", "agencyId": "H", "validFrom": dt.date(2024, 1, 1), "level": LEVEL,
            "mappings": [mapping], **kw}  # fmt: skip


def test_bounds_are_inclusive_from_and_exclusive_to() -> None:
    assert arrangement_status(arr("A", endsOn=D), D) is Status.ENDED
    assert arrangement_status(arr("A", endsOn=D), D - dt.timedelta(days=1)) is Status.IN_FORCE
    assert arrangement_status(arr("A", inForceFrom=D), D) is Status.IN_FORCE
    assert arrangement_status(arr("A", inForceFrom=D), D - dt.timedelta(days=1)) is Status.NOT_YET_IN_FORCE
    assert arrangement_status(arr("A", signedOn=None), D) is Status.NOT_YET_IN_FORCE
    assert rating_holds(rating(validTo=D), D) is False
    assert rating_holds(rating(suspendedOn=D), D) is False
    assert rating_holds(rating(suspendedOn=D + dt.timedelta(days=1)), D) is True


def test_a_recognising_arrangement_wins_over_one_that_ended() -> None:
    both = [arr("A0", endsOn=dt.date(2021, 1, 1)), arr("A1")]
    got = decide("P", D, found=True, see_all=True, arrangements=both, ratings=[rating()])
    assert (got.reason, got.arrangement and got.arrangement["arrangementId"]) == (None, "A1")
    # with none recognising, the answer that got furthest: not mapped beats ended
    unmapped = decide("P", D, found=True, see_all=True, arrangements=both, ratings=[rating(mappings=[])])
    assert unmapped.reason is Reason.LEVEL_NOT_MAPPED


def test_partners_learn_nothing_about_firms_no_counterparty_rated() -> None:
    got = decide("P", D, found=True, see_all=False, arrangements=[arr("A1")], ratings=[])
    assert got.reason is Reason.ENTERPRISE_UNKNOWN
    regulator = decide("P", D, found=True, see_all=True, arrangements=[arr("A1")], ratings=[])
    assert regulator.reason is Reason.NOT_RATED
    no_credit = decide(
        "P", D, found=True, see_all=True, arrangements=[arr("A1", grants=["recall"])], ratings=[]
    )
    assert no_credit.reason is Reason.NO_ARRANGEMENT
