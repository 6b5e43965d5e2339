"""The ASGI gate in front of the GraphQL app: body checks, persisted documents, deadline, response cap.

One deadline covers the whole request: reading the body, parsing, validating,
executing and serialising. When it passes, the work is cancelled (the Neo4j
session is closed mid-transaction, so the server rolls it back) and the
client gets 504 with code TIMEOUT. The response is held until complete, so a
response above the byte cap is replaced by a clear COST_LIMIT error instead
of being cut off.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.auth import principal_of, wants_graphiql
from hub.http_body import Refusal, parse_operation, read_body
from hub.persisted import PersistedDocuments
from runtime.settings import Settings

log = logging.getLogger("hub")


def error_response(status: int, code: str, message: str, **extensions: Any) -> JSONResponse:
    body = {"data": None, "errors": [{"message": message, "extensions": {"code": code, **extensions}}]}
    return JSONResponse(body, status_code=status)


class _Held:
    """Collects the inner app's response; stops collecting past `cap` bytes."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.start: Message | None = None
        self.body: list[bytes] = []
        self.size = 0
        self.too_large = False

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.start = message
        elif message["type"] == "http.response.body":
            chunk = message.get("body", b"")
            self.size += len(chunk)
            if self.size > self.cap:
                self.too_large = True
                self.body = []
            elif not self.too_large:
                self.body.append(chunk)


class GraphQLGate:
    def __init__(self, app: ASGIApp, settings: Settings, persisted: PersistedDocuments) -> None:
        self.app = app
        self.settings = settings
        self.persisted = persisted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] == "GET" and wants_graphiql(scope):
            await self.app(scope, receive, send)  # the GraphiQL page: no operation runs
            return
        if scope["method"] != "POST":
            refusal = error_response(
                405, "BAD_USER_INPUT", "send operations with POST (GET runs nothing here)"
            )
            refusal.headers["Allow"] = "POST"
            await refusal(scope, receive, send)
            return
        held = _Held(self.settings.max_response_bytes)
        try:
            async with asyncio.timeout(self.settings.request_timeout_s):
                await self._run(scope, receive, held)
        except TimeoutError:
            await error_response(
                504,
                "TIMEOUT",
                f"the request took longer than {self.settings.request_timeout_s:g} s and was stopped",
            )(scope, receive, send)
            return
        except Refusal as refused:
            await error_response(refused.status, refused.code, refused.message)(scope, receive, send)
            return
        if held.too_large:
            cap = self.settings.max_response_bytes
            await error_response(
                200, "COST_LIMIT", f"the response is larger than {cap:,} bytes; ask for fewer rows or fields",
                limit=cap,
            )(scope, receive, send)  # fmt: skip
            return
        assert held.start is not None
        await send(held.start)
        await send({"type": "http.response.body", "body": b"".join(held.body), "more_body": False})

    async def _run(self, scope: Scope, receive: Receive, held: _Held) -> None:
        cap = self.settings.max_body_bytes
        operation = parse_operation(scope, await read_body(scope, receive, cap), cap)
        principal = principal_of(scope)
        query = self.persisted.resolve(operation, principal is not None and principal.persisted_only)
        body = json.dumps(
            {"query": query, "variables": operation.variables, "operationName": operation.operation_name}
        ).encode()
        # Strawberry reads a clean body and a plain content type; the checks are done.
        headers = [
            (k, v)
            for k, v in scope["headers"]
            if k not in (b"content-encoding", b"content-length", b"content-type")
        ]
        headers += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        inner = {**scope, "headers": headers}
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await asyncio.Event().wait()  # nothing more to read: wait until cancelled
            return {"type": "http.disconnect"}

        await self.app(inner, replay, held.send)
