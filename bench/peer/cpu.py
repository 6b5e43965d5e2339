"""CPU seconds used by a process and its descendants (Linux /proc), to price a request in CPU.

On a shared, loaded machine requests/s say as much about the neighbours as
about the server; the CPU a server's process tree (and Neo4j's) spends per
request does not depend on how many other processes want the cores.
"""

from __future__ import annotations

import os
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, user + system CPU seconds) of `pid`, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def tree(pid: int) -> list[int]:
    """`pid` and its descendants now (a server's worker processes), scanning /proc once."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (found := _stat(int(entry.name))) is not None:
            parents[int(entry.name)] = found[0]
    members, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in members} - members
        members |= more
        grew = bool(more)
    return sorted(members)


def seconds(pids: list[int]) -> float:
    """CPU seconds used so far by the processes `pids` (those gone count 0): a few file reads."""
    return sum(found[1] for pid in pids if (found := _stat(pid)) is not None)
