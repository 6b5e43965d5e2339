"""Errors a client may see. Anything else is masked and logged in full."""

from __future__ import annotations


class HubError(Exception):
    """An expected failure whose message is safe to show to the caller."""

    code = "BAD_REQUEST"


class InvalidArgument(HubError):
    """An argument's value is unusable; the message names the argument."""

    def __init__(self, argument: str, reason: str) -> None:
        super().__init__(f"argument {argument}: {reason}")
        self.argument = argument
        self.reason = reason


class Forbidden(HubError):
    code = "FORBIDDEN"
