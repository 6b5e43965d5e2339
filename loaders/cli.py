"""`hub load DIR`: migrate, load a folder, print a summary.

Exit status: 0 every row loaded, 1 some rows rejected (see the reject
report), 2 the load could not run (no folder, bad header, no Neo4j...).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from neo4j.exceptions import DriverError, Neo4jError

from graph_schema.migrate import MigrationError, migrate
from loaders.load import BATCH_SIZE, LoadError, load_folder
from loaders.report import LoadSummary
from loaders.runs import recent_runs
from runtime.db import open_driver, resolve_uri
from runtime.settings import Settings, SettingsError


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hub load",
        description="Load a folder of CSV files (docs/data-format.md) into Neo4j.",
    )
    p.add_argument("folder", type=Path, nargs="?", metavar="DIR", help="folder of input CSV files")
    p.add_argument(
        "--runs",
        action="store_true",
        help="list the latest load runs (running, done, failed or interrupted) and exit",
    )
    p.add_argument(
        "--batch-size",
        type=_positive,
        default=BATCH_SIZE,
        metavar="N",
        help=f"rows per write transaction (default {BATCH_SIZE})",
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument(
        "--rejects",
        type=Path,
        metavar="FILE",
        help="reject report path (default ./load-rejects-<run id>.csv, if any)",
    )
    p.add_argument("--uri", help="Neo4j URI (default NEO4J_URI or the local Neo4j)")
    return p


async def _load(args: argparse.Namespace) -> LoadSummary | list[dict[str, Any]]:
    settings = Settings.from_env()
    uri = args.uri or resolve_uri(settings)
    driver = open_driver(settings, uri)
    try:
        await driver.verify_connectivity()
        await migrate(driver, settings.neo4j_database)
        if args.runs:
            return await recent_runs(driver, settings.neo4j_database)
        return await load_folder(
            driver,
            settings.neo4j_database,
            args.folder,
            batch_size=args.batch_size,
            reject_report=args.rejects,
        )
    finally:
        await driver.close()


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if not args.runs and args.folder is None:
            raise LoadError("give a folder DIR, or --runs")
        if not args.runs and not args.folder.is_dir():
            raise LoadError(f"{args.folder}: no such folder")
        summary = asyncio.run(_load(args))
    # RuntimeError also covers resolve_uri's "no NEO4J_URI and no local Neo4j running".
    except (LoadError, MigrationError, RuntimeError, SettingsError, Neo4jError, DriverError, OSError) as exc:
        return _fatal(exc)
    if not isinstance(summary, LoadSummary):
        print(json.dumps(summary, indent=2) if args.json else _runs_table(summary))
        return 0
    for line in summary.interrupted:
        print(f"hub load: {line}; this run loads the folder again (writes are idempotent)", file=sys.stderr)
    print(summary.to_json() if args.json else summary.table())
    if summary.ignored:
        print(
            f"hub load: ignored files that are not input files: {', '.join(summary.ignored)}", file=sys.stderr
        )
    if summary.rejected:
        print(f"hub load: {summary.rejected:,} rows rejected; see {summary.reject_report}", file=sys.stderr)
    return 0 if summary.ok else 1


def _runs_table(runs: list[dict[str, Any]]) -> str:
    lines = [f"{'run':<26} {'status':<12} {'started':<32} checkpoint / error"]
    for r in runs:
        where = f"{r['file']} line {r['line']}" if r["file"] else ""
        lines.append(f"{r['run']:<26} {r['status']:<12} {r['startedAt'] or '':<32} {r['error'] or where}")
    return "\n".join(lines)


def _fatal(exc: BaseException) -> int:
    lines = str(exc).strip().splitlines() or [type(exc).__name__]
    print(f"hub load: {lines[0]}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
