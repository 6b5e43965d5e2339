"""The two servers bench/peer/run.py measures, each a child process on a free loopback port.

- the hub: `hub serve --workers N` (the CLI the operators run), with the test
  API keys of tests/http.py and pages of up to 100 rows;
- the peer: `node bench/peer/server.mjs --workers N` (installed with `npm ci`
  into bench/peer/node_modules on first use).
Both read the same Neo4j (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD). Their logs
go to var/bench-peer/<side>-<port>.log.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import httpx
from common import ROOT

from tests.http import KEYS

PEER_DIR = Path(__file__).resolve().parent
LOGS = ROOT / "var" / "bench-peer"
HUB_HEADERS = {"Authorization": "Bearer test-regulator-key"}


class Server(NamedTuple):
    url: str  # the GraphQL endpoint
    pid: int  # the process started (its workers are its children)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def npm_ci() -> None:
    """Install the peer's pinned packages unless package-lock.json is what is installed."""
    lock = PEER_DIR / "package-lock.json"
    installed = PEER_DIR / "node_modules" / ".package-lock.json"
    if installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm not found: the peer needs Node 20 and npm")
    print("peer: npm ci ...", file=sys.stderr, flush=True)
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PEER_DIR, check=True, stdout=sys.stderr)


def _wait(url: str, body: dict[str, str], headers: dict[str, str], proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.post(url, json=body, headers=headers, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"{url} did not start (see the logs in {LOGS})")
        time.sleep(0.3)


@contextmanager
def _child(
    side: str, argv: list[str], env: dict[str, str], cwd: Path, headers: dict[str, str], port: int
) -> Iterator[Server]:
    LOGS.mkdir(parents=True, exist_ok=True)
    with open(LOGS / f"{side}-{port}.log", "wb") as log:
        proc = subprocess.Popen(
            argv, cwd=cwd, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT
        )
        url = f"http://127.0.0.1:{port}/graphql"
        try:
            _wait(url, {"query": "{ __typename }"}, headers, proc)
            yield Server(url, proc.pid)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def hub(uri: str, workers: int | None, plan_warm: bool = False, root: Path = ROOT) -> Iterator[Server]:
    """`hub serve [--workers N]` over `uri` (None: its default), the hub of the checkout `root`
    (`python -m` puts its working directory first on the module path).

    Without `plan_warm` the start-up plan warm-up is off (HUB_PLAN_WARM=0): it runs
    hundreds of statements in the background for minutes on a loaded machine, which
    would fall into the measured rounds; the runner's own warm-up plans what the
    workloads run, for both sides alike.
    """
    port = free_port()
    env = {
        "HUB_PLAN_WARM": "1" if plan_warm else "0",
        "NEO4J_URI": uri,
        "HUB_API_KEYS": json.dumps(KEYS),
        "HUB_MAX_PAGE_SIZE": "100",
        "HUB_QUERY_TIMEOUT_S": "120",
        # A first call plans its statement: at scale 100,000 on a loaded machine the
        # recall impact's took more than the default 30 s request deadline.
        "HUB_REQUEST_TIMEOUT_S": "150",
    }
    argv = [sys.executable, "-m", "hub.cli", "serve", "--port", str(port)]
    if workers is not None:
        argv += ["--workers", str(workers)]
    with _child("hub" if root == ROOT else "hub-base", argv, env, root, HUB_HEADERS, port) as server:
        yield server


@contextmanager
def peer(uri: str, workers: int) -> Iterator[Server]:
    """`node server.mjs --workers N` over `uri`."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node not found: the peer needs Node 20")
    port = free_port()
    argv = [node, "server.mjs", "--port", str(port), "--workers", str(workers)]
    env = {"NEO4J_URI": uri, "NODE_ENV": "production"}
    with _child(f"peer{workers}", argv, env, PEER_DIR, {}, port) as server:
        yield server
