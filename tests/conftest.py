"""Fixtures: a real Neo4j for the whole session, a clean graph per test.

With NEO4J_URI set the tests use that server (its data is wiped!); otherwise
they start a throwaway local Neo4j under var/ and stop it at the end.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import pytest
from neo4j import AsyncDriver, AsyncGraphDatabase

from graph_schema.migrate import migrate
from tests.http import Hub, running_hub
from tools import neo4j_local

DATABASE = os.environ.get("NEO4J_DATABASE", "neo4j")

CLEAR = "MATCH (n) WHERE NOT n:SchemaMigration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


@contextmanager
def local_neo4j() -> Iterator[neo4j_local.ServerInfo]:
    """A throwaway local Neo4j with test-sized memory, removed afterwards."""
    home = neo4j_local.PROJECT_ROOT / "var" / f"neo4j-test-{uuid.uuid4().hex[:8]}"
    try:
        yield neo4j_local.start(home, heap_mb=384, pagecache_mb=64, tx_timeout_s=60)
    finally:
        neo4j_local.stop(home)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def local_server() -> Iterator[neo4j_local.ServerInfo | None]:
    """The local server the session started, or None when NEO4J_URI is set."""
    if os.environ.get("NEO4J_URI"):
        yield None
        return
    with local_neo4j() as info:
        yield info


@pytest.fixture(scope="session")
def neo4j_uri(local_server: neo4j_local.ServerInfo | None) -> str:
    return local_server.uri if local_server else os.environ["NEO4J_URI"]


@pytest.fixture(scope="session")
async def driver(neo4j_uri: str) -> AsyncIterator[AsyncDriver]:
    user, password = os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", "")
    drv = AsyncGraphDatabase.driver(
        neo4j_uri, auth=(user, password) if password else None, notifications_min_severity="OFF"
    )
    await migrate(drv, DATABASE)
    yield drv
    await drv.close()


@pytest.fixture
async def graph(driver: AsyncDriver) -> AsyncDriver:
    """The driver, over a graph emptied of everything but the schema."""
    async with driver.session(database=DATABASE) as session:
        await session.run(CLEAR)
    return driver


@pytest.fixture(scope="session")
def hub(neo4j_uri: str, driver: AsyncDriver) -> Iterator[Hub]:
    """The real Starlette app served by uvicorn on a free port (migrated graph)."""
    with running_hub(neo4j_uri) as running:
        yield running
