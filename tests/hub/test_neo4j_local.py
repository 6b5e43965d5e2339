"""The local Neo4j manager: reuse, status and stop, on the session's own server."""

import socket
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

from neo4j import AsyncGraphDatabase

from tests.conftest import local_neo4j
from tools import neo4j_local


def test_status_and_reuse_of_a_running_server(local_server: neo4j_local.ServerInfo | None) -> None:
    with ExitStack() as stack:
        info = local_server or stack.enter_context(local_neo4j())
        home = Path(info.home)
        assert neo4j_local.status(home) == info
        assert neo4j_local.start(home) == info  # reused: same pid and port, no second JVM
        assert (home / "neo4j.log").read_text().count(neo4j_local.READY_MARK) == 1


def test_status_of_a_home_without_server(tmp_path: Path) -> None:
    assert neo4j_local.status(tmp_path) is None
    assert neo4j_local.stop(tmp_path) is False


def test_cli_reports_status(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hub.cli", "neo4j", "status"],
        env={"HUB_NEO4J_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 3
    assert f"neo4j: not running (data {tmp_path})" in result.stdout


def test_a_home_keeps_its_port(tmp_path: Path) -> None:
    first = neo4j_local.home_port(tmp_path)
    assert (tmp_path / "port").read_text().strip() == str(first)
    assert neo4j_local.home_port(tmp_path) == first  # free again: reused
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", first))
        taken.listen()
        other = neo4j_local.home_port(tmp_path)  # busy: a new one, remembered
    assert other != first and (tmp_path / "port").read_text().strip() == str(other)


async def test_local_server_caps_transaction_memory(local_server: neo4j_local.ServerInfo | None) -> None:
    with ExitStack() as stack:
        info = local_server or stack.enter_context(local_neo4j())
        driver = AsyncGraphDatabase.driver(info.uri, notifications_min_severity="OFF")
        try:
            records, _, _ = await driver.execute_query(
                "SHOW SETTINGS YIELD name, value WHERE name IN ['db.memory.transaction.max', 'db.transaction.timeout']"
                " RETURN name, value ORDER BY name"
            )
        finally:
            await driver.close()
    assert {r["name"]: r["value"] for r in records} == {
        "db.memory.transaction.max": "512.00MiB",
        "db.transaction.timeout": "1m",
    }
