"""Serving the hub with uvicorn: timeouts for idle and slow clients, limits, worker processes.

uvicorn closes a connection that stays idle after a response
(`timeout_keep_alive`) but starts no clock when a connection opens, and every
byte received stops the keep-alive clock: a client that never sends a request,
or sends its headers one byte a second (slowloris), is kept forever.
GuardedH11Protocol adds a header deadline: from the moment a connection opens,
or a response ends, the next request's headers must be complete within
HUB_HEADER_TIMEOUT_S or the connection is closed. The body is bounded by the
request deadline (hub/gate.py); header size by h11's incomplete-event limit.

Every connection gets TCP_NODELAY. asyncio sets it only on sockets whose
`proto` is IPPROTO_TCP; with several workers uvicorn binds the shared socket
as `socket(AF_INET, SOCK_STREAM)` (proto 0), so the accepted connections kept
Nagle's algorithm, and a response written in two parts waited for the client's
delayed ACK: about 40 ms on every keep-alive request (measured: a 6 ms request
took 48 ms with two workers; docs/operations.md "Workers").
"""

from __future__ import annotations

import asyncio
import os
import socket
from typing import Any, Final

import h11
import uvicorn
from starlette.applications import Starlette
from uvicorn.protocols.http.h11_impl import H11Protocol

from runtime.settings import Settings

MAX_HEADER_BYTES: Final = 16 * 1024  # request line and headers together


class GuardedH11Protocol(H11Protocol):
    def __init__(self, config: uvicorn.Config, *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        # Carried on the config, which worker processes receive pickled.
        self._header_timeout_s: float = getattr(config, "hub_header_timeout_s", 10.0)
        self._requests_seen = 0
        self._header_timer: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        self._header_timer = self.loop.call_later(
            self._header_timeout_s, self._headers_late, self._requests_seen
        )

    def _headers_late(self, seen: int) -> None:
        # Only when no request's headers arrived since the clock started.
        if (
            seen == self._requests_seen
            and self.conn.their_state is h11.IDLE
            and not self.transport.is_closing()
        ):
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
        self._arm()

    def handle_events(self) -> None:
        before = self.cycle
        super().handle_events()
        if self.cycle is not before:
            self._requests_seen += 1

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        super().connection_lost(exc)


def app_from_env() -> Starlette:
    """The app factory each worker process calls."""
    from hub.app import create_app

    return create_app(Settings.from_env())


def config(
    settings: Settings,
    host: str,
    port: int,
    workers: int,
    app: Any = None,
    log_config: dict[str, Any] | None = None,
) -> uvicorn.Config:
    """The uvicorn settings docs/operations.md describes; `app` defaults to the factory.

    `log_config` (hub.observability.log_config) is applied by every worker process;
    without it uvicorn keeps its own (the tests' in-process servers leave logging alone).
    """
    built = uvicorn.Config(
        app if app is not None else "hub.serving:app_from_env",
        factory=app is None,
        host=host,
        port=port,
        workers=workers if app is None else None,
        http=GuardedH11Protocol,
        timeout_keep_alive=settings.keep_alive_s,
        limit_concurrency=settings.limit_concurrency,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        backlog=settings.limit_concurrency,
        timeout_graceful_shutdown=10,
        log_level="warning",
        log_config=log_config,
        access_log=False,
        lifespan="on",
    )
    built.hub_header_timeout_s = settings.header_timeout_s  # type: ignore[attr-defined]
    return built


def default_workers() -> int:
    """One worker per core: the hub's work between Neo4j calls is Python, one core each."""
    return max(os.cpu_count() or 1, 1)


def run(config: uvicorn.Config) -> None:
    """Serve until stopped: one process, or a supervisor restarting `config.workers` processes."""
    if config.workers <= 1:
        uvicorn.Server(config).run()
        return
    from uvicorn.supervisors import Multiprocess

    sock = config.bind_socket()
    Multiprocess(config, sockets=[sock]).run()
