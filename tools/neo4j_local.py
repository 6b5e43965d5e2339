"""A real Neo4j 5.26 on this machine, without Docker (a developer tool, not shipped in the image).

Builds the embedded launcher under tools/neo4j with Maven (once; cached),
starts it on a free loopback port, waits until Bolt answers, reuses a running
instance and stops it cleanly. State lives in `<home>/server.json`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from runtime import local
from runtime.local import ServerInfo
from runtime.settings import DEFAULT_HOME, PROJECT_ROOT

TOOLS_DIR = PROJECT_ROOT / "tools" / "neo4j"
TARGET_DIR = TOOLS_DIR / "target"
LAUNCHER_JAR = TARGET_DIR / "hub-neo4j-launcher-1.0.0.jar"
JARS_STAMP = TARGET_DIR / "lib.stamp"
READY_MARK = "HUB-NEO4J READY "

# Servers started by this process, kept so that stop() can reap them.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}

# The JVM flags that Neo4j's own neo4j.conf passes (server.jvm.additional).
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
)


class Neo4jLocalError(RuntimeError):
    """The local Neo4j could not be built, started or stopped."""


def _pom_digest() -> str:
    launcher = TOOLS_DIR / "src" / "main" / "java" / "hub" / "neo4j" / "Launcher.java"
    digest = hashlib.sha256((TOOLS_DIR / "pom.xml").read_bytes())
    digest.update(launcher.read_bytes())
    return digest.hexdigest()


def ensure_jars(*, quiet: bool = False) -> None:
    """Build the launcher and copy Neo4j's jars unless an up-to-date build exists."""
    digest = _pom_digest()
    if LAUNCHER_JAR.exists() and JARS_STAMP.exists() and JARS_STAMP.read_text() == digest:
        return
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jLocalError("Maven (mvn) is not on PATH; it is needed once to fetch Neo4j jars")
    if not quiet:
        print("neo4j: building the launcher and fetching Neo4j jars (once)...", file=sys.stderr)
    result = subprocess.run(
        [mvn, "-B", "-q", "-f", str(TOOLS_DIR / "pom.xml"), "package"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-4000:]
        raise Neo4jLocalError(f"mvn package failed (exit {result.returncode}):\n{tail}")
    JARS_STAMP.write_text(digest)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def home_port(home: Path) -> int:
    """The port this home used before when it is free again, else a new free one (remembered).

    A running hub holds the Bolt address it was given: when the local Neo4j
    restarts on the same port, the hub's pool reconnects by itself.
    """
    remembered = home / "port"
    if remembered.exists():
        text = remembered.read_text().strip()
        if text.isdigit() and _bindable(int(text)):
            return int(text)
    port = _free_port()
    remembered.write_text(f"{port}\n")
    return port


def status(home: Path = DEFAULT_HOME) -> ServerInfo | None:
    """The running server for `home`, or None."""
    return local.status(home)


def _log_tail(log: Path, lines: int = 40) -> str:
    if not log.exists():
        return "(no log)"
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def start(
    home: Path = DEFAULT_HOME,
    *,
    port: int | None = None,
    heap_mb: int = 512,
    pagecache_mb: int = 128,
    tx_timeout_s: int = 120,
    tx_memory_mb: int = 512,
    wait_s: float = 180.0,
) -> ServerInfo:
    """Start (or reuse) the local Neo4j whose data lives under `home`."""
    running = status(home)
    if running is not None:
        return running
    ensure_jars()
    java = shutil.which("java")
    if java is None:
        raise Neo4jLocalError("Java 17+ (java) is not on PATH")
    home.mkdir(parents=True, exist_ok=True)
    port = port or home_port(home)
    log = home / "neo4j.log"
    classpath = f"{LAUNCHER_JAR}{os.pathsep}{TARGET_DIR / 'lib' / '*'}"
    cmd = [
        java,
        f"-Xms{min(heap_mb, 256)}m",
        f"-Xmx{heap_mb}m",
        *JVM_FLAGS,
        "-cp",
        classpath,
        "hub.neo4j.Launcher",
        str(home / "dbms"),
        str(port),
        str(pagecache_mb),
        str(tx_timeout_s),
        str(tx_memory_mb),
    ]
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    _CHILDREN[proc.pid] = proc
    info = ServerInfo(pid=proc.pid, port=port, home=str(home))
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            _CHILDREN.pop(proc.pid, None)
            raise Neo4jLocalError(
                f"Neo4j exited with status {proc.returncode} while starting; log {log}:\n" + _log_tail(log)
            )
        if READY_MARK in log.read_text(errors="replace") and local.accepts(port):
            (home / local.STATE_FILE).write_text(json.dumps(asdict(info)))
            return info
        time.sleep(0.2)
    proc.kill()
    proc.wait()
    _CHILDREN.pop(proc.pid, None)
    raise Neo4jLocalError(f"Neo4j was not ready after {wait_s:.0f}s; log {log}:\n" + _log_tail(log))


def stop(home: Path = DEFAULT_HOME, *, wait_s: float = 60.0) -> bool:
    """Stop the server for `home`; True if one was running."""
    info = local.recorded(home)
    if info is None:
        return False
    was_running = local.alive(info.pid)
    if was_running:
        os.kill(info.pid, signal.SIGTERM)
        deadline = time.monotonic() + wait_s
        while local.alive(info.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if local.alive(info.pid):
            os.kill(info.pid, signal.SIGKILL)
    child = _CHILDREN.pop(info.pid, None)
    if child is not None:
        child.wait()
    (home / local.STATE_FILE).unlink(missing_ok=True)
    return was_running
