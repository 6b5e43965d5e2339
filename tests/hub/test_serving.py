"""Serving limits: idle and slowloris connections are closed; oversized headers refused."""

from __future__ import annotations

import socket

from tests.http import Hub, running_hub


def _closed_by_server(sock: socket.socket, trickle: bytes = b"") -> bool:
    """Send `trickle` a byte at a time (0.1 s apart) until the server closes; True when it did."""
    sock.settimeout(0.1)
    for byte in [trickle[i : i + 1] for i in range(len(trickle))] or [b""] * 100:
        try:
            if byte:
                sock.sendall(byte)
            if sock.recv(1024) == b"":
                return True
        except TimeoutError:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return True
    return False


def _connect(hub: Hub) -> socket.socket:
    host, port = hub.base_url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)))


def test_idle_and_slowloris_connections_are_closed(neo4j_uri: str) -> None:
    with running_hub(neo4j_uri, HUB_HEADER_TIMEOUT_S="0.5", HUB_KEEP_ALIVE_S="1") as hub:
        with _connect(hub) as idle:
            assert _closed_by_server(idle)
        with _connect(hub) as slow:
            # 100 bytes at 10 bytes/s: headers never complete within the 0.5 s header deadline.
            assert _closed_by_server(slow, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 70)
        # A normal request on a fresh connection still works.
        assert hub.client.get("/healthz").status_code == 200


def test_headers_growing_past_16_kib_are_refused(hub: Hub) -> None:
    with _connect(hub) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20_000)  # never ends
        sock.settimeout(10)
        reply = sock.recv(1024)
    assert reply.startswith(b"HTTP/1.1 400"), reply[:100]
