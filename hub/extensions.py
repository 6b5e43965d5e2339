"""Schema extensions: bounded parsing and limits before validation, and one outcome per operation.

`Limits` parses through a byte-budgeted cache and measures the document
(hub/limits.py) before any validation rule runs; a document over a limit is
refused with COST_LIMIT and never validated nor executed. `Outcome` gives every
error its `extensions.code`, masks unexpected ones, clips messages, sets the
HTTP status (503 UNAVAILABLE, 504 TIMEOUT) and writes the audit line and the
X-Hub-Statements header.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any, Final

from graphql import DocumentNode, GraphQLError, GraphQLSyntaxError, parse
from strawberry.extensions import SchemaExtension

from hub import limits
from hub.db_errors import DRIVER_ERRORS, classify
from hub.doc_cache import AST_BYTES_PER_CHAR, MAX_CACHED_TEXT, PARSE_BUDGET, VALID_BUDGET, BudgetCache, digest
from hub.errors import HTTP_STATUS, HubError, clip

audit = logging.getLogger("hub.audit")
log = logging.getLogger("hub")

MASKED: Final = "Internal error; it has been logged."

_PARSED: BudgetCache[DocumentNode] = BudgetCache(PARSE_BUDGET)
_VALID: BudgetCache[bool] = BudgetCache(VALID_BUDGET)
# Documents measured within the limits before: a measure depends only on the schema, the
# text, the operation and the values of the variables its page sizes read (limits.measure's
# `read`). _PAGE_VARIABLES: (schema, text, operation) -> those names; _MEASURED: the same
# with their values -> True. A document over a limit is measured (and refused) every time.
_PAGE_VARIABLES: BudgetCache[tuple[str, ...]] = BudgetCache(VALID_BUDGET)
_MEASURED: BudgetCache[bool] = BudgetCache(VALID_BUDGET)
# The caches /metrics reports (hits and misses, this process).
DOCUMENT_CACHES: dict[str, BudgetCache[Any]] = {
    "parse": _PARSED,
    "validate": _VALID,
    "measure": _MEASURED,
}


def measure_within_limits(ctx: Any, document: DocumentNode) -> None:
    """limits.measure of the operation (CostLimit above a limit), skipped when measured before."""
    schema, variables = ctx.schema._schema, ctx.variables or {}
    max_cost = ctx.context.settings.max_cost
    text = ctx.query
    if text is None or len(text) > MAX_CACHED_TEXT:
        limits.measure(schema, document, ctx.operation_name, variables, max_cost)
        return
    key = digest(f"{id(ctx.schema)}\n{max_cost}\n{ctx.operation_name}\n{text}")
    names = _PAGE_VARIABLES.get(key)
    if names is not None and _MEASURED.get(key + _values(variables, names)):
        return
    read: set[str] = set()
    limits.measure(schema, document, ctx.operation_name, variables, max_cost, read)
    names = tuple(sorted(read))
    _PAGE_VARIABLES.put(key, names, 1)
    _MEASURED.put(key + _values(variables, names), True, 1)


def _values(variables: dict[str, Any], names: tuple[str, ...]) -> bytes:
    # Absent (the text's default applies) and null are different values.
    return digest(repr([(name in variables, variables.get(name)) for name in names]))


def _refusal(error: HubError) -> GraphQLError:
    return GraphQLError(str(error), original_error=error, extensions=error.as_extensions())


class Limits(SchemaExtension):
    """Parse (cached, token-bounded), then measure the operation before validation."""

    def on_parse(self) -> Iterator[None]:
        ctx = self.execution_context
        ctx.parse_options["max_tokens"] = limits.MAX_TOKENS
        text = ctx.query
        if text is not None and ctx.graphql_document is None:
            key = digest(text) if len(text) <= MAX_CACHED_TEXT else None
            cached = _PARSED.get(key) if key is not None else None
            if cached is not None:
                ctx.graphql_document = cached
            else:
                try:
                    limits.prescan(text)
                except HubError as refused:
                    raise _refusal(refused) from None
                try:
                    document = parse(text, max_tokens=limits.MAX_TOKENS)
                except GraphQLSyntaxError:
                    document = None  # strawberry parses again and reports the syntax error
                except RecursionError:
                    raise _refusal(HubError("the document is nested too deeply to parse")) from None
                if document is not None:
                    ctx.graphql_document = document
                    if key is not None:
                        _PARSED.put(key, document, len(text) * AST_BYTES_PER_CHAR)
        yield

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        document = ctx.graphql_document
        key = None
        if document is not None and ctx.pre_execution_errors is None:
            try:
                measure_within_limits(ctx, document)
            except HubError as refused:
                ctx.pre_execution_errors = [_refusal(refused)]
            else:
                # Per schema: each audience (domestic, partner) has its own, so a text valid
                # for one may not be valid for the other.
                key = digest(f"{id(ctx.schema)}\n{ctx.query}") if ctx.query is not None else None
                if key is not None and _VALID.get(key):
                    ctx.pre_execution_errors = []  # validated before: strawberry skips validation
                    key = None
        yield
        if key is not None and ctx.pre_execution_errors == []:
            _VALID.put(key, True, 1)


def _classify(error: GraphQLError) -> tuple[dict[str, Any], bool]:
    """The error's extensions, and whether it is unexpected (masked, logged in full)."""
    original = error.original_error
    if isinstance(original, DRIVER_ERRORS):
        original = classify(original) or original
    if isinstance(original, HubError):
        return {**(error.extensions or {}), **original.as_extensions()}, False
    if original is None or isinstance(original, GraphQLError):
        # About the query text or a variable's value: the caller's to fix.
        return {"code": "BAD_USER_INPUT", **(error.extensions or {})}, False
    return {"code": "INTERNAL"}, True


def _message(error: GraphQLError) -> str:
    original = error.original_error
    if isinstance(original, DRIVER_ERRORS):
        known = classify(original)
        if known is not None:
            return str(known)
    return clip(error.message)


def shape_errors(errors: list[GraphQLError]) -> list[GraphQLError]:
    shaped = []
    for error in errors:
        extensions, unexpected = _classify(error)
        message = MASKED if unexpected else _message(error)
        shaped.append(
            GraphQLError(message, error.nodes, error.source, error.positions, error.path, None, extensions)
        )
    return shaped


def log_unexpected(errors: list[GraphQLError]) -> None:
    """Unexpected errors in full; expected refusals only as codes on the audit line."""
    for error in errors:
        if _classify(error)[1]:
            log.error("unexpected error at %s: %s", error.path, error.message, exc_info=error.original_error)


class Outcome(SchemaExtension):
    """Codes, masking, HTTP status, X-Hub-Statements and the audit line of one operation."""

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        ctx = self.execution_context
        context = ctx.context
        result = ctx.result
        codes: list[str] = []
        if result is not None and result.errors:
            result.errors = shape_errors(result.errors)
            codes = [str((e.extensions or {}).get("code")) for e in result.errors]
        status = max((HTTP_STATUS.get(code, 200) for code in codes), default=200)
        if status != 200 and context.response is not None:
            context.response.status_code = status
        statements = context.cypher.statements
        context.response_headers["X-Hub-Statements"] = str(statements)
        who = context.principal
        audit.info(
            "key=%s role=%s agency=%s operation=%s statements=%d errors=%s ms=%.1f",
            who.key_id,
            who.role.value,
            who.agency_id,
            clip(ctx.operation_name or "-", 80),
            statements,
            ",".join(codes) or "-",
            (time.perf_counter() - started) * 1000,
        )
