"""Neo4j's offline importer (`neo4j-admin database import full`) for the local Neo4j's store.

The launcher's jars (tools/neo4j, built by tools.neo4j_local) already hold the
importer (`org.neo4j:neo4j-import-tool`) and neo4j-admin's entry point
(`org.neo4j.cli.AdminTool`, which finds the import command on its class path), so
this runs the same code as `neo4j-admin` against the embedded DBMS's home
(`<home>/dbms`, whose store is `<home>/dbms/data/databases/<database>`). The DBMS
must be stopped: the importer writes the store files directly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from tools.neo4j_local import JVM_FLAGS, LAUNCHER_JAR, TARGET_DIR, Neo4jLocalError, ensure_jars, status


@dataclass(frozen=True)
class Usage:
    """What the importer's JVM cost: CPU seconds (user + system) and peak RSS (MB)."""

    cpu_s: float
    peak_rss_mb: float


MIN_HEAP_MB: Final = 1024
MAX_HEAP_MB: Final = 4096
HEAP_PER_NODE_FILE_MB: Final = 4  # MB of heap per MB of node files (see heap_for)


def heap_for(arguments: list[str]) -> int:
    """The importer's heap for these input files: 4 MB per MB of node files, 1-4 GB.

    The importer keeps per-node state on its heap and warns when the heap is below
    what it estimates from the input ("Suggested heap size"): 1.001 GiB for the
    scale-1,000,000 folder (293 MB of node files, 2.9 M nodes), which had 1 GB
    then; the 10M folder has about ten times the nodes.
    """
    node_bytes = sum(
        Path(arg.split("=", 2)[2]).stat().st_size for arg in arguments if arg.startswith("--nodes=")
    )
    return max(MIN_HEAP_MB, min(MAX_HEAP_MB, HEAP_PER_NODE_FILE_MB * node_bytes // 2**20))


def run_import(
    home: Path,
    arguments: list[str],
    *,
    log: Path,
    heap_mb: int | None = None,
    off_heap_mb: int = 2048,
    echo: bool = False,
) -> Usage:
    """Run `neo4j-admin <arguments>` on the store of `home`; raise with the log's tail on failure.

    `arguments` start with `database import full`; the importer's memory is capped
    (`heap_mb` for the JVM, by default heap_for(arguments); `off_heap_mb` for its
    caches) because the machine is shared.
    With `echo` its progress goes to stderr as it runs; it always goes to `log`.
    """
    heap_mb = heap_mb or heap_for(arguments)
    if status(home) is not None:
        raise Neo4jLocalError(f"the local Neo4j of {home} is running; stop it before an offline import")
    ensure_jars()
    java = shutil.which("java")
    if java is None:
        raise Neo4jLocalError("Java 17+ (java) is not on PATH")
    (home / "dbms").mkdir(parents=True, exist_ok=True)
    classpath = f"{LAUNCHER_JAR}{os.pathsep}{TARGET_DIR / 'lib' / '*'}"
    head, rest = arguments[:3], arguments[3:]
    cmd = [
        java,
        f"-Xmx{heap_mb}m",
        *JVM_FLAGS,
        "-cp",
        classpath,
        "org.neo4j.cli.AdminTool",
        *head,
        f"--max-off-heap-memory={off_heap_mb}M",
        *rest,
    ]
    env = os.environ | {"NEO4J_HOME": str(home / "dbms")}
    env.pop("NEO4J_CONF", None)
    with (
        log.open("w") as out,
        subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env
        ) as proc,
    ):
        assert proc.stdout is not None
        for line in proc.stdout:
            out.write(line.decode(errors="replace"))
            if echo:
                sys.stderr.write(line.decode(errors="replace"))
        # wait4, not wait: the child's own CPU time and peak RSS (bench/scale.py prints them)
        _, waited, usage = os.wait4(proc.pid, 0)
        proc.returncode = code = os.waitstatus_to_exitcode(waited)
    if code != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
        raise Neo4jLocalError(f"neo4j-admin database import failed (exit {code}); log {log}:\n{tail}")
    return Usage(round(usage.ru_utime + usage.ru_stime, 1), round(usage.ru_maxrss / 1024, 1))
