"""Start-up warm-up of the credit statements: Neo4j plans each once, before clients ask.

The recognition and credit statements take seconds to plan on a loaded
machine; a cold first request could run into the transaction timeout. Reads
run with parameters that match nothing; mutation statements run with a
request that fails its first check, so nothing is written. Parameter types
match the real calls (the plan cache is keyed by them).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, LiteralString

from hub.auth import Principal, Role
from hub.data import arrangement_writes, credit, credit_records, rating_writes, recognition
from runtime.db import Cypher

log = logging.getLogger("hub.warm")

_DAY = dt.date(2000, 1, 1)
# The caller's parameters come from the one place that makes them, so that their
# names and types match the real calls (a partner: it sees least).
_WHO: dict[str, Any] = Principal(key_id="-warm-", role=Role.PARTNER, agency_id="-").cypher_params(_DAY)
_REQUEST: dict[str, Any] = {"requestKey": "-warm-", "attempt": "-", "request": {"digest": "-"}}


def _statements() -> list[tuple[LiteralString, dict[str, Any], bool]]:
    none = "-warm-none-"
    return [
        (
            recognition.RECOGNITIONS,
            {"partnerId": none, "keys": [none], "asOf": _DAY, "idOnly": False, **_WHO},
            False,
        ),
        (credit_records.RATE_FACTS, {"enterpriseId": none, "asOf": _DAY}, False),
        (
            credit_records.ARRANGEMENTS_OF,
            {"partyId": none, "asOf": _DAY, "allVersions": False, **_WHO},
            False,
        ),
        (
            credit_records.ARRANGEMENT_BY_ID,
            {"arrangementId": none, "asOf": _DAY, "allVersions": False, **_WHO},
            False,
        ),
        (credit_records.SCHEMES_OF, {"operatorId": none}, False),
        (
            credit.STANDING,
            {"enterpriseId": none, "asOf": _DAY, "under": None, "drafts": False, **_WHO},
            False,
        ),
        (rating_writes.RATING_BY_ID, {"ratingId": none}, False),
        (
            rating_writes.RATE,
            {
                **_REQUEST,
                "ratingId": none,
                "props": {},
                "enterpriseId": none,
                "agencyId": none,
                "levelId": none,
                "validFrom": _DAY,
                "origin": None,
                "downgrade": False,
                "evidence": [],
                "aeoNumber": None,
            },
            True,
        ),
        (
            rating_writes.SUSPEND,
            {**_REQUEST, "ratingId": none, "from": _DAY, "reason": "-", "agencyId": none, "anyAgency": False},
            True,
        ),
        (
            arrangement_writes.SIGN,
            {
                **_REQUEST,
                "arrangementId": none,
                "homeId": none,
                "partnerId": none,
                "recognizerId": None,
                "props": {},
                "since": _DAY,
                "version": 1,
                "keep": [],
                "source": "-",
                "mappings": [],
            },
            True,
        ),
        (
            arrangement_writes.AMEND,
            {
                **_REQUEST,
                "arrangementId": none,
                "since": _DAY,
                "reason": "-",
                "source": "-",
                "mappings": [],
                "agencyId": none,
                "anyAgency": False,
            },
            True,
        ),
        (
            arrangement_writes.END,
            {
                **_REQUEST,
                "arrangementId": none,
                "endsOn": _DAY,
                "reason": "-",
                "agencyId": none,
                "anyAgency": False,
            },
            True,
        ),
    ]


async def warm(cy: Cypher) -> None:
    """Plan every credit statement once; failures are logged, never fatal."""
    for statement, params, write in _statements():
        try:
            if write:
                await cy.write(statement, params)
            else:
                await cy.read(statement, params)
        except Exception:  # warm-up must never stop the service
            log.warning("warm-up of a credit statement failed", exc_info=True)
