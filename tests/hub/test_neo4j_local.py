"""The local Neo4j manager: reuse, status and stop, on the session's own server."""

import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

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
