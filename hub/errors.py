"""Errors a client may see, each with a machine-readable code.

Every expected failure is a HubError subclass: its `code` reaches the client
as `extensions.code` (with `argument` when one argument is at fault), it is
logged as one line without a traceback, and its message is safe to show.
Anything else is masked as INTERNAL and logged in full. docs/errors.md lists
the codes and the HTTP status each one gives.
"""

from __future__ import annotations

from typing import Any, Final

# The longest message text a client gets back: a 10 MB argument must not be echoed.
MAX_MESSAGE: Final = 300

# HTTP status of a GraphQL response whose errors carry these codes (else 200).
HTTP_STATUS: Final[dict[str, int]] = {"UNAVAILABLE": 503, "TIMEOUT": 504}


def clip(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text`, cut to `limit` characters with a marker when longer."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit} more characters)"


def show(value: object, limit: int = 60) -> str:
    """A user-supplied value for a message: quoted and clipped."""
    return repr(clip(str(value), limit))


class HubError(Exception):
    """An expected failure whose message is safe to show to the caller."""

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(clip(message))
        self.extensions: dict[str, Any] = extensions

    def as_extensions(self) -> dict[str, Any]:
        return {"code": self.code, **self.extensions}


class InvalidArgument(HubError):
    """An argument's value is unusable; the message names the argument."""

    def __init__(self, argument: str, reason: str) -> None:
        super().__init__(f"argument {argument}: {reason}", argument=argument)
        self.argument = argument
        self.reason = reason


class Forbidden(HubError):
    code = "FORBIDDEN"


class NotFound(HubError):
    code = "NOT_FOUND"


class Conflict(HubError):
    code = "CONFLICT"


class CostLimit(HubError):
    """The operation is larger than a limit allows; names the limit and the value found."""

    code = "COST_LIMIT"

    LABELS: Final = {
        "characters": "the length of the document",
        "tokens": "the number of tokens",
        "nesting": "the nesting of brackets",
        "writtenFields": "the number of fields written",
        "expandedFields": "the number of fields with fragments expanded",
        "depth": "the depth",
        "aliases": "the number of aliases",
        "directives": "the number of directives",
        "cost": "the cost",
    }

    def __init__(self, name: str, value: int, limit: int, hint: str) -> None:
        label = self.LABELS[name]
        super().__init__(
            f"{label} is {value:,}, above the limit of {limit:,}; {hint}",
            limit=limit,
            value=value,
            limitName=name,
        )
        self.name = name


class Timeout(HubError):
    code = "TIMEOUT"


class Unavailable(HubError):
    """The database cannot be reached; the hub recovers by itself when it returns."""

    code = "UNAVAILABLE"
