"""A cheap closed-loop load generator: N keep-alive HTTP/1.1 connections, one request in flight each.

A hand-rolled client on asyncio streams (the request bytes are built once per
variable set; the response is read by Content-Length or chunks): a few tens of
microseconds of this process's CPU per request, against milliseconds for the
servers measured, so that the driver is not what is measured. Each client
walks the same deterministic list of request bodies from its own offset, so
both sides read the same rows.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import cpu
from common import percentile


@dataclass
class Result:
    """Latencies (ms) and wall time of one or more measured windows."""

    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0
    server_cpu_s: float = 0.0  # the server's process tree
    neo4j_cpu_s: float = 0.0  # Neo4j's, when its process is known

    def add(self, other: Result) -> None:
        self.latencies_ms += other.latencies_ms
        self.seconds += other.seconds
        self.server_cpu_s += other.server_cpu_s
        self.neo4j_cpu_s += other.neo4j_cpu_s

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    @property
    def per_s(self) -> float:
        return self.requests / self.seconds

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies_ms, 50)

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies_ms, 99)

    def figures(self) -> dict[str, float]:
        return {
            "p50_ms": round(self.p50_ms, 1),
            "p99_ms": round(self.p99_ms, 1),
            "per_s": round(self.per_s, 1),
            "requests": self.requests,
            "cpu_ms_per_request": round(self.server_cpu_s * 1000 / max(self.requests, 1), 2),
            "neo4j_cpu_ms_per_request": round(self.neo4j_cpu_s * 1000 / max(self.requests, 1), 2),
        }


def request_bytes(url: str, body: dict[str, Any], headers: dict[str, str]) -> bytes:
    parts = urlsplit(url)
    payload = json.dumps(body, separators=(",", ":")).encode()
    lines = [
        f"POST {parts.path or '/'} HTTP/1.1",
        f"Host: {parts.netloc}",
        "Content-Type: application/json",
        "Accept: application/json",
        f"Content-Length: {len(payload)}",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


async def _response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split(" ", 2)[1])
    length, chunked = None, False
    for line in header_lines:
        name, _, value = line.partition(":")
        lowered = name.strip().lower()
        if lowered == "content-length":
            length = int(value.strip())
        elif lowered == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if length is not None:
        return status, await reader.readexactly(length)
    if not chunked:
        raise RuntimeError("a response without Content-Length or chunks (not keep-alive)")
    body = bytearray()
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return status, bytes(body)
        body += await reader.readexactly(size)
        await reader.readexactly(2)


class Connection:
    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def send(self, raw: bytes) -> tuple[int, bytes]:
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(raw)
        return await _response(self.reader)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


def data_of(status: int, body: bytes) -> dict[str, Any]:
    """The `data` of a GraphQL answer; raises on an HTTP error or GraphQL errors."""
    decoded = json.loads(body)
    if status != 200 or decoded.get("errors") or decoded.get("data") is None:
        raise RuntimeError(f"HTTP {status}: {body[:600]!r}")
    return dict(decoded["data"])


async def fetch(url: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    connection = Connection(url)
    try:
        return data_of(*await connection.send(request_bytes(url, body, headers)))
    finally:
        await connection.close()


async def run(
    url: str, bodies: list[bytes], clients: int, seconds: float, pids: tuple[list[int], list[int]] = ([], [])
) -> Result:
    """`clients` connections sending `bodies` in turn for `seconds`; every answer must be a 200.

    `pids`: the server's processes and Neo4j's (cpu.tree), whose CPU is counted.
    """
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def client(start: int) -> None:
        connection = Connection(url)
        i = start
        try:
            while time.perf_counter() < deadline:
                began = time.perf_counter()
                status, body = await connection.send(bodies[i % len(bodies)])
                latencies.append(time.perf_counter() - began)
                if status != 200 or b'"errors":[' in body:
                    raise RuntimeError(f"HTTP {status}: {body[:400]!r}")
                i += 1
        finally:
            await connection.close()

    cpu_before = [cpu.seconds(p) for p in pids]
    began = time.perf_counter()
    step = max(1, len(bodies) // clients)
    await asyncio.gather(*(client(k * step) for k in range(clients)))
    elapsed = time.perf_counter() - began
    cpu_after = [cpu.seconds(p) for p in pids]
    return Result(
        [x * 1000 for x in latencies], elapsed, cpu_after[0] - cpu_before[0], cpu_after[1] - cpu_before[1]
    )
