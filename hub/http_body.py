"""Reading a GraphQL POST body that may be hostile: size, encoding, JSON shape.

Everything wrong with the body is the client's fault and gets a 4xx with a
JSON error and a code, never a 500: 413 above the byte cap (compressed or
not), 415 for a content type or encoding the hub does not speak, 400 for
anything that is not one UTF-8 JSON object of the GraphQL-over-HTTP shape.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Final

from starlette.types import Message, Scope

from hub.errors import clip

MAX_JSON_DEPTH: Final = 32  # variables nest objects and lists; no real input goes near this
JSON_TYPES: Final = frozenset({"application/json"})


@dataclass(frozen=True)
class Refusal(Exception):
    status: int
    code: str
    message: str


@dataclass(frozen=True)
class Operation:
    query: str | None
    variables: dict[str, Any] | None
    operation_name: str | None
    extensions: dict[str, Any] | None
    document_id: str | None


def header(scope: Scope, name: bytes) -> list[bytes]:
    return [value for key, value in scope["headers"] if key.lower() == name]


def _content_type(scope: Scope) -> None:
    values = header(scope, b"content-type")
    media = values[0].split(b";")[0].strip().lower().decode("latin-1") if len(values) == 1 else ""
    if media not in JSON_TYPES:
        raise Refusal(415, "BAD_USER_INPUT", "send the operation as Content-Type: application/json")
    for parameter in values[0].split(b";")[1:]:
        name, _, value = parameter.partition(b"=")
        if name.strip().lower() == b"charset" and value.strip().strip(b'"').lower() not in (
            b"utf-8",
            b"utf8",
        ):
            raise Refusal(415, "BAD_USER_INPUT", "the body must be UTF-8")


def _encoding(scope: Scope) -> str:
    values = header(scope, b"content-encoding")
    if not values:
        return "identity"
    if len(values) > 1:
        raise Refusal(415, "BAD_USER_INPUT", "send at most one Content-Encoding")
    encoding = values[0].strip().lower().decode("latin-1")
    if encoding not in ("identity", "gzip"):
        raise Refusal(415, "BAD_USER_INPUT", "Content-Encoding must be gzip or identity")
    return encoding


async def read_body(scope: Scope, receive: Callable[[], Awaitable[Message]], cap: int) -> bytes:
    """The raw body, refused with 413 as soon as it passes `cap` bytes."""
    lengths = header(scope, b"content-length")
    if lengths and lengths[0].isdigit() and int(lengths[0]) > cap:
        raise Refusal(413, "BAD_USER_INPUT", f"the request body is larger than {cap:,} bytes")
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise Refusal(400, "BAD_USER_INPUT", "the client disconnected")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > cap:
            raise Refusal(413, "BAD_USER_INPUT", f"the request body is larger than {cap:,} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _gunzip(raw: bytes, cap: int) -> bytes:
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        body = inflater.decompress(raw, cap + 1)
    except zlib.error:
        raise Refusal(400, "BAD_USER_INPUT", "the gzip body is corrupt") from None
    if len(body) > cap:  # a zip bomb stops here, at cap + 1 bytes inflated
        raise Refusal(413, "BAD_USER_INPUT", f"the decompressed body is larger than {cap:,} bytes")
    if not inflater.eof:
        raise Refusal(400, "BAD_USER_INPUT", "the gzip body is truncated")
    return body


def _depth(value: Any) -> int:
    """Nesting depth of parsed JSON, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if deepest > MAX_JSON_DEPTH:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def _optional(body: dict[str, Any], name: str, kind: type) -> Any:
    value = body.get(name)
    if value is not None and not isinstance(value, kind):
        raise Refusal(
            400, "BAD_USER_INPUT", f"field {name} must be a JSON {kind.__name__.replace('dict', 'object')}"
        )
    return value


def parse_operation(scope: Scope, raw: bytes, cap: int) -> Operation:
    _content_type(scope)
    if _encoding(scope) == "gzip":
        raw = _gunzip(raw, cap)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refusal(400, "BAD_USER_INPUT", f"the body is not valid UTF-8 (byte {exc.start})") from None
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Refusal(
            400, "BAD_USER_INPUT", clip(f"the body is not JSON: {exc.msg} at line {exc.lineno}")
        ) from None
    except RecursionError:
        raise Refusal(400, "BAD_USER_INPUT", f"the JSON nests more than {MAX_JSON_DEPTH} levels") from None
    if isinstance(body, list):
        raise Refusal(400, "BAD_USER_INPUT", "batched operations (a JSON array) are not supported: send one")
    if not isinstance(body, dict):
        raise Refusal(400, "BAD_USER_INPUT", "the body must be a JSON object with a query")
    if _depth(body) > MAX_JSON_DEPTH:
        raise Refusal(400, "BAD_USER_INPUT", f"the JSON nests more than {MAX_JSON_DEPTH} levels")
    operation = Operation(
        query=_optional(body, "query", str),
        variables=_optional(body, "variables", dict),
        operation_name=_optional(body, "operationName", str),
        extensions=_optional(body, "extensions", dict),
        document_id=_optional(body, "documentId", str),
    )
    if not operation.query and operation.document_id is None and not operation.extensions:
        raise Refusal(400, "BAD_USER_INPUT", "the body has no query")
    return operation
