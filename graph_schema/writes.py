"""The idempotent write statements behind `hub load`: one per declared input file.

The files are declared once in graph_schema.files; graph_schema.statements
builds each statement from its declaration (its docstring tells the shape).
"""

from __future__ import annotations

from typing import Final, LiteralString

from graph_schema.files import FILES
from graph_schema.statements import DELETE_STALE, new_node_statement, stale_statement, statement

# File name -> statement, in load order (docs/data-format.md): a row may point
# only at keys loaded by an earlier file or an earlier run.
WRITES: Final[dict[str, LiteralString]] = {decl.name: statement(decl) for decl in FILES}

LOAD_ORDER: Final[tuple[str, ...]] = tuple(WRITES)

# File name -> the read of the edges a batch's single-valued references drop,
# run with DELETE_STALE before the file's write, in its transaction (docs/data-format.md
# "Corrections"). Only node files with a single-valued reference have one.
STALE: Final[dict[str, LiteralString]] = {
    decl.name: text for decl in FILES if (text := stale_statement(decl)) is not None
}

# File name -> the write statement for rows whose node is new (links by CREATE);
# exactly the files of STALE, whose read tells which rows those are.
WRITES_NEW: Final[dict[str, LiteralString]] = {
    decl.name: text for decl in FILES if (text := new_node_statement(decl)) is not None
}

__all__ = ["DELETE_STALE", "LOAD_ORDER", "STALE", "WRITES", "WRITES_NEW"]

# --- load runs -----------------------------------------------------------------------

LOAD_RUN_START: Final[LiteralString] = """
MERGE (r:LoadRun {runId: $run})
SET r.startedAt = datetime(), r.heartbeatAt = datetime(), r.folder = $folder, r.status = 'running',
    r.host = $host, r.pid = $pid
"""

LOAD_RUN_FINISH: Final[LiteralString] = """
MATCH (r:LoadRun {runId: $run})
SET r.finishedAt = datetime(), r.status = $status, r.counts = $counts, r.error = $error
"""
