"""Driver exceptions as client-facing errors, classified by exception class and Neo4j status code.

The GraphQL outcome (hub/extensions.py) and the export route use this, so the
Cypher runner itself stays free of HTTP concerns.
"""

from __future__ import annotations

from typing import Final

from neo4j.exceptions import (
    ConnectionPoolError,
    DatabaseUnavailable,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from hub.errors import HubError, Timeout, Unavailable

DRIVER_ERRORS: Final = (DriverError, Neo4jError)


class QueryTooLarge(HubError):
    code = "COST_LIMIT"


# Neo4j status codes (structured, not message text) that are the caller's query's fault.
_TIMED_OUT: Final = frozenset(
    {
        "Neo.ClientError.Transaction.TransactionTimedOut",
        "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    }
)
_OUT_OF_MEMORY: Final = frozenset(
    {"Neo.TransientError.General.MemoryPoolOutOfMemoryError", "Neo.TransientError.General.OutOfMemoryError"}
)


def classify(exc: Exception) -> HubError | None:
    """The client-facing error for a driver exception, or None when it is unexpected."""
    if isinstance(exc, ServiceUnavailable | SessionExpired | ConnectionPoolError | DatabaseUnavailable):
        return Unavailable("the database is unavailable; retry shortly")
    code = getattr(exc, "code", None)
    if isinstance(exc, Neo4jError) and code in _TIMED_OUT:
        return Timeout("the database stopped the query at its transaction timeout")
    if isinstance(exc, Neo4jError) and code in _OUT_OF_MEMORY:
        return QueryTooLarge("the query needed more memory than one transaction may use; ask for less")
    return None
