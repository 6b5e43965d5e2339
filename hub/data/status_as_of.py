"""What status a supervision record had on a date, as Cypher fragments.

A status holds from the `on` date of the change that set it (inclusive)
until the `on` date of the next change (exclusive). Before the record's
start date (filed on / issued on / inspected on / declared on) it had no
status (null). A record loaded from CSV without any status change has its
loaded status from its start date on; when later changes exist, the status
before the first of them is that change's `from`.
"""

from __future__ import annotations

from typing import Final, LiteralString


def status_as_of(
    var: LiteralString, kind: LiteralString, start: LiteralString, status: LiteralString
) -> LiteralString:
    """Status of record `var` on the date bound to the Cypher variable `asOf`."""
    changes: LiteralString = (
        "MATCH (c:StatusChange)-[:CHANGES]->(" + var + ") WHERE c.recordKind = '" + kind + "'"
    )
    return (
        "CASE WHEN "
        + var
        + "."
        + start
        + " IS NULL OR "
        + var
        + "."
        + start
        + " > asOf THEN null ELSE coalesce(head(COLLECT { "
        + changes
        + " AND c.on <= asOf RETURN c.to ORDER BY c.on DESC, c.seq DESC }), head(COLLECT { "
        + changes
        + " RETURN c.from ORDER BY c.on, c.seq }), "
        + var
        + "."
        + status
        + ") END"
    )


ALERT_STATUS_AS_OF: Final[LiteralString] = status_as_of("rec", "alert", "issuedOn", "status")
ORDER_STATUS_AS_OF: Final[LiteralString] = status_as_of("rec", "order", "issuedOn", "status")
