"""A throwaway local Neo4j with the small trace graph, and `hub serve` as a separate process.

Shared by bench/hostile.py, bench/soak.py and bench/outage.py: the server
runs in its own process (its RSS is measured, its CPU is not shared with the
client's), with the test keys of tests/http.py.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from common import ROOT
from neo4j import AsyncGraphDatabase

from graph_schema.migrate import migrate
from tests.factories_trace import trace_graph
from tests.http import KEYS
from tools import neo4j_local

DATABASE = "neo4j"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def seed(uri: str) -> None:
    driver = AsyncGraphDatabase.driver(uri, notifications_min_severity="OFF")
    try:
        await migrate(driver, DATABASE)
        await driver.execute_query(
            "MATCH (n) WHERE NOT n:SchemaMigration DETACH DELETE n", database_=DATABASE
        )
        await trace_graph(driver)
    finally:
        await driver.close()


def start_neo4j(home: Path) -> neo4j_local.ServerInfo:
    info = neo4j_local.start(home, heap_mb=512, pagecache_mb=64, tx_timeout_s=30)
    asyncio.run(seed(info.uri))
    return info


def rss_mb(pid: int) -> float:
    """Resident set of a process (Linux /proc), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def hub_process(uri: str, **env: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`hub serve --workers 1` on a free port; yields its base URL and process."""
    port = free_port()
    environment = {
        **os.environ,
        "NEO4J_URI": uri,
        "HUB_API_KEYS": json.dumps(KEYS),
        "HUB_MAX_PAGE_SIZE": "100",
        **env,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "hub.cli", "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=open(ROOT / "var" / f"bench-hub-{port}.log", "wb"),  # noqa: SIM115
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise RuntimeError("the hub did not start")
        time.sleep(0.2)
    try:
        yield base, proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)
