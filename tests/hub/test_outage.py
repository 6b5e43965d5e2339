"""A Neo4j outage: 503 UNAVAILABLE while it is down, /readyz says so, recovery without a restart.

Runs its own throwaway local Neo4j (the session's server is shared by every
test), stops it under a running hub and starts it again on the same port.
"""

from __future__ import annotations

import shutil
import uuid

from tests.http import Hub, running_hub
from tools import neo4j_local

QUERY = "{ agencies(first: 1) { totalCount } }"


def _ask(hub: Hub) -> tuple[int, str | None]:
    reply = hub.gql(QUERY)
    errors = reply.body.get("errors") or []
    return reply.status, errors[0]["extensions"]["code"] if errors else None


def test_outage_fails_fast_and_recovers() -> None:
    home = neo4j_local.PROJECT_ROOT / "var" / f"neo4j-outage-{uuid.uuid4().hex[:8]}"
    try:
        first = neo4j_local.start(home, heap_mb=256, pagecache_mb=32, tx_timeout_s=30)
        with running_hub(first.uri) as hub:
            assert _ask(hub) == (200, None)
            assert hub.client.get("/readyz").status_code == 200

            neo4j_local.stop(home)
            assert _ask(hub) == (503, "UNAVAILABLE")
            export = hub.client.get(
                "/exports/recalls/R-1/shipments.csv", headers={"Authorization": "Bearer test-regulator-key"}
            )
            assert (
                export.status_code == 503
                and export.json()["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
            )
            ready = hub.client.get("/readyz")
            assert ready.status_code == 503 and ready.json()["neo4j"] == "unreachable"

            again = neo4j_local.start(home, heap_mb=256, pagecache_mb=32, tx_timeout_s=30)
            assert again.port == first.port  # the port is kept in the home folder
            answers = [_ask(hub) for _ in range(3)]  # the pool's stale connections are replaced
            assert answers[-1] == (200, None), answers
            assert hub.client.get("/readyz").status_code == 200
    finally:
        neo4j_local.stop(home)
        shutil.rmtree(home, ignore_errors=True)
