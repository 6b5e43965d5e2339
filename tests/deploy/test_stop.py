"""`make stop` ends the demo's server by its recorded pid, and nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _stop(pidfile: Path, neo4j_home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HUB_PIDFILE": str(pidfile), "HUB_NEO4J_HOME": str(neo4j_home)}
    return subprocess.run(
        [str(ROOT / "scripts" / "stop.sh")], env=env, capture_output=True, text=True, check=False, timeout=60
    )


def test_stop_ends_the_recorded_server(tmp_path: Path) -> None:
    # A stand-in whose command line reads like the demo's server.
    server = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", "hub", "serve"])
    pidfile = tmp_path / "hub.pid"
    pidfile.write_text(str(server.pid))
    result = _stop(pidfile, tmp_path / "neo4j")
    assert server.wait(timeout=30) is not None
    assert f"hub: stopped (pid {server.pid})" in result.stdout
    assert "neo4j: was not running" in result.stdout
    assert not pidfile.exists()


def test_stop_leaves_a_process_that_is_not_the_server(tmp_path: Path) -> None:
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        pidfile = tmp_path / "hub.pid"
        pidfile.write_text(str(other.pid))  # a stale pid, reused by another program
        result = _stop(pidfile, tmp_path / "neo4j")
        assert other.poll() is None
        assert "hub: was not running" in result.stdout and not pidfile.exists()
    finally:
        other.kill()
        other.wait(timeout=30)
