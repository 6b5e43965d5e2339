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


async def test_every_connection_gets_tcp_nodelay_on_a_shared_worker_socket() -> None:
    """With several workers uvicorn binds `socket(AF_INET, SOCK_STREAM)` (proto 0): asyncio then leaves
    Nagle on for the accepted connections, and each keep-alive response waited ~40 ms for a delayed ACK."""
    import asyncio

    import uvicorn
    from starlette.applications import Starlette
    from uvicorn.server import ServerState

    from hub.serving import GuardedH11Protocol

    config = uvicorn.Config(Starlette(), host="127.0.0.1", port=0, http=GuardedH11Protocol, lifespan="off")
    config.load()
    shared = config.bind_socket()  # what uvicorn's multiprocess supervisor hands every worker
    assert shared.proto == 0
    made: list[GuardedH11Protocol] = []

    def factory() -> GuardedH11Protocol:
        made.append(GuardedH11Protocol(config=config, server_state=ServerState(), app_state={}))
        return made[-1]

    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, sock=shared)
    try:
        _, writer = await asyncio.open_connection(*shared.getsockname()[:2])
        for _ in range(100):
            if made:
                break
            await asyncio.sleep(0.01)
        accepted = made[0].transport.get_extra_info("socket")
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        writer.close()
    finally:
        server.close()
        await server.wait_closed()
