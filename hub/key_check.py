"""Start-up check of the API keys against the graph: a key whose agency does
not exist would see nothing (partners) or mislabel its audit trail, so the hub
warns about it by key name (never the key itself). A warning, not a refusal:
keys may be provisioned before their agency's data is loaded."""

from __future__ import annotations

import asyncio
import logging
from typing import Final, LiteralString

from neo4j import AsyncDriver
from neo4j.exceptions import DriverError, Neo4jError

from hub.auth import KeyRing

log = logging.getLogger("hub.keys")

KNOWN_AGENCIES: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (a:Agency {agencyId: id})
RETURN collect(a.agencyId) AS known
"""


async def unknown_agencies(driver: AsyncDriver, database: str, keys: KeyRing) -> dict[str, list[str]]:
    """Agency id -> names of the keys that name it, for agencies not in the graph."""
    by_agency: dict[str, list[str]] = {}
    for principal in keys.principals():
        by_agency.setdefault(principal.agency_id, []).append(principal.key_id)
    if not by_agency:
        return {}
    records, _, _ = await driver.execute_query(
        KNOWN_AGENCIES, ids=sorted(by_agency), database_=database, routing_="r"
    )
    known = set(records[0]["known"])
    return {agency: names for agency, names in by_agency.items() if agency not in known}


async def warn_unknown_agencies(driver: AsyncDriver, database: str, keys: KeyRing) -> None:
    try:
        # Bounded: an unreachable Neo4j must not hold up start-up (/readyz reports it).
        missing = await asyncio.wait_for(unknown_agencies(driver, database, keys), timeout=10)
    except (DriverError, Neo4jError, OSError, TimeoutError) as exc:
        log.warning("keys: could not check agencies against the graph: %s", type(exc).__name__)
        return
    for agency, names in sorted(missing.items()):
        log.warning(
            "keys: agency %s of key(s) %s does not exist in the graph; those keys will see nothing of theirs",
            agency,
            ", ".join(sorted(names)),
            extra={"agency": agency, "keys": sorted(names)},
        )


def start_key_check(driver: AsyncDriver, database: str, keys: KeyRing) -> asyncio.Task[None]:
    """Runs the check beside start-up (a down Neo4j must not delay serving /healthz)."""
    return asyncio.create_task(warn_unknown_agencies(driver, database, keys), name="key-check")
