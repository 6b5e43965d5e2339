"""The real HTTP app on a real port, and a small GraphQL client for tests."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn

from hub import serving
from hub.app import create_app
from runtime.settings import Settings

KEYS: dict[str, dict[str, str]] = {
    "test-regulator-key": {"role": "regulator", "agency": "AG-CN-GACC", "name": "regulator"},
    "test-analyst-key-1": {"role": "analyst", "agency": "AG-CN-GACC", "name": "analyst"},
    "test-partner-key-sg": {"role": "partner", "agency": "AG-SG-SC", "name": "partner-sg"},
    "test-partner-key-nz": {"role": "partner", "agency": "AG-NZ-MPI", "name": "partner-nz"},
    "test-admin-key-0001": {"role": "admin", "agency": "AG-CN-GACC", "name": "admin"},
}
REGULATOR, ANALYST, PARTNER_SG, PARTNER_NZ, ADMIN = KEYS


@dataclass
class Reply:
    status: int
    body: dict[str, Any]
    statements: int | None

    @property
    def data(self) -> dict[str, Any]:
        assert not self.body.get("errors"), self.body.get("errors")
        return self.body["data"]  # type: ignore[no-any-return]

    @property
    def error_messages(self) -> list[str]:
        return [e["message"] for e in self.body.get("errors") or []]

    def without_locations(self) -> dict[str, Any]:
        """The body with the errors' `locations` dropped: a differential test's directive shifts columns."""
        found = dict(self.body)
        found["errors"] = [
            {k: v for k, v in e.items() if k != "locations"} for e in found.get("errors") or []
        ]
        if not found["errors"]:
            del found["errors"]
        return found


class Hub:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.client = httpx.Client(base_url=base_url, timeout=60.0)

    def gql(
        self, query: str, variables: dict[str, Any] | None = None, *, key: str | None = REGULATOR
    ) -> Reply:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        response = self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        count = response.headers.get("x-hub-statements")
        return Reply(response.status_code, response.json(), int(count) if count else None)


def assert_paths_agree(
    hub: Hub, query: str, general: str, variables: dict[str, Any], key: str, answered: list[int], fast: bool
) -> None:
    """`general` (the same operation kept off the fast path) then `query`, with `key`: the same
    status and body; the fast path (its counter `answered`) took `query` iff `fast`, in no
    more statements than the general path."""
    before = answered[0]
    slow = hub.gql(general, variables, key=key)
    assert answered[0] == before  # the directive kept it off the fast path
    quick = hub.gql(query, variables, key=key)
    took_fast = answered[0] - before
    assert (quick.status, quick.without_locations()) == (slow.status, slow.without_locations()), key
    assert took_fast == (1 if fast else 0), key
    if took_fast:
        assert quick.statements is not None and quick.statements <= slow.statements  # type: ignore[operator]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_hub(neo4j_uri: str, **env: str) -> Iterator[Hub]:
    # The plan warm-up (tests/hub/test_plan_warm.py runs it directly) would compete with the tests.
    settings = Settings.from_env(
        {"HUB_API_KEYS": json.dumps(KEYS), "HUB_MAX_PAGE_SIZE": "100", "HUB_PLAN_WARM": "0", **env}
    )
    port = _free_port()
    # The serving configuration `hub serve` uses, in one process.
    config = serving.config(settings, "127.0.0.1", port, 1, app=create_app(settings, uri=neo4j_uri))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    # Start-up waits for the plan warm-up up to HUB_WARM_WAIT_S.
    deadline = time.monotonic() + 30 + (settings.warm_wait_s if settings.plan_warm else 0)
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the hub did not start")
        time.sleep(0.05)
    hub = Hub(f"http://127.0.0.1:{port}")
    try:
        yield hub
    finally:
        hub.client.close()
        server.should_exit = True
        thread.join(timeout=10)
