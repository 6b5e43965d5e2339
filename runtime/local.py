"""Where the local Neo4j that `tools.neo4j_local` started is listening, read from its state file.

The service only reads `<home>/server.json`; building jars and starting the
JVM stay in the developer tool, which the Docker image does not ship.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

STATE_FILE = "server.json"


@dataclass(frozen=True)
class ServerInfo:
    pid: int
    port: int
    home: str

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still answers kill(0); reap it if it is ours.
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return done == 0


def accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def recorded(home: Path) -> ServerInfo | None:
    """The server recorded for `home`, running or not."""
    state = home / STATE_FILE
    if not state.exists():
        return None
    return ServerInfo(**json.loads(state.read_text()))


def status(home: Path) -> ServerInfo | None:
    """The running server for `home`, or None."""
    info = recorded(home)
    if info is not None and alive(info.pid) and accepts(info.port):
        return info
    return None
