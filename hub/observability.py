"""Request ids and JSON logs.

Every HTTP request gets an id: a sane incoming `X-Request-Id` is kept (so a
proxy's id follows the request through), anything else is replaced by a new
one. The id is returned as `X-Request-Id`, attached to every log line written
while the request runs, and logged with the request's outcome.
"""

from __future__ import annotations

import json
import logging
import logging.config
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub import metrics

request_id: ContextVar[str] = ContextVar("request_id", default="-")
SANE_ID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
access = logging.getLogger("hub.access")

# LogRecord attributes that are not extra fields of a call.
_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "requestId": request_id.get(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def log_config(level: str = "INFO") -> dict[str, Any]:
    """A logging.config.dictConfig: JSON lines on stderr for the hub's loggers and
    the server's. Given to uvicorn as `log_config`, so that every worker process
    applies it too; uvicorn's own access log is off (hub.access replaces it)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "hub.observability.JsonFormatter"}},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
        },
    }


def configure_logging(level: str = "INFO") -> None:
    """Applies log_config() in this process."""
    logging.config.dictConfig(log_config(level))


def incoming_id(scope: Scope) -> str:
    raw = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
    return raw if SANE_ID.fullmatch(raw) else uuid.uuid4().hex


class RequestIdMiddleware:
    """Outermost middleware: request id, access log line, HTTP metrics."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = incoming_id(scope)
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = metrics.route_of(scope["path"])
            metrics.observe_http(route, scope["method"], status, seconds)
            if route not in ("assets", "health", "metrics"):
                access.info(
                    "%s %s %d",
                    scope["method"],
                    scope["path"],
                    status,
                    extra={"status": status, "ms": round(seconds * 1000, 1), "route": route},
                )
            request_id.reset(token)
