"""`hub export recall ID`: the recall export on the command line (rows: hub/data/exports.py)."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import Any, TextIO

from hub.auth import Principal, Role
from hub.data.exports import ExportSort, csv_chunks, export_timeout, recall_visible
from runtime.db import Cypher
from runtime.settings import Settings


def cli_principal() -> Principal:
    """The command line runs as the operator of the hub: full, domestic visibility."""
    return Principal("cli", Role.ADMIN, "cli")


async def export_recall(
    settings: Settings,
    uri: str,
    recall_id: str,
    sort: ExportSort,
    out: TextIO,
    progress: TextIO | None = None,
) -> dict[str, Any]:
    """`hub export recall ID`: stream the CSV to `out`; return a summary."""
    from runtime.db import open_driver

    driver = open_driver(settings, uri)
    try:
        cy = Cypher(driver, settings.neo4j_database, settings.query_timeout_s)
        who = cli_principal()
        if not await recall_visible(cy, who, recall_id):
            raise LookupError(f"no recall {recall_id!r}")
        started = time.perf_counter()
        counter = [0]
        chunks = csv_chunks(
            driver, settings.neo4j_database, export_timeout(settings), who, recall_id, sort, counter
        )
        async for chunk in chunks:
            out.write(chunk)
            if progress is not None:
                progress.write(f"\rexport: {counter[0]:,} rows")
                progress.flush()
        if progress is not None:
            progress.write("\n")
        seconds = time.perf_counter() - started
        return {"recall": recall_id, "rows": counter[0], "seconds": round(seconds, 3)}
    finally:
        await driver.close()


def run_cli(args: argparse.Namespace, settings: Settings) -> int:
    """`hub export recall ID [--out FILE] [--sort KEY]`: CSV to stdout or FILE, summary on stderr."""
    from runtime.db import resolve_uri

    sort = ExportSort(args.sort)
    uri = resolve_uri(settings)
    progress = sys.stderr if sys.stderr.isatty() else None
    try:
        if args.out is not None:
            with open(args.out, "w", newline="", encoding="utf-8") as out:
                summary = asyncio.run(export_recall(settings, uri, args.id, sort, out, progress))
        else:
            summary = asyncio.run(export_recall(settings, uri, args.id, sort, sys.stdout, progress))
            sys.stdout.flush()
    except LookupError as exc:
        print(f"hub export: {exc.args[0]}", file=sys.stderr)
        return 1
    where = str(args.out) if args.out is not None else "stdout"
    rate = summary["rows"] / summary["seconds"] if summary["seconds"] else 0.0
    print(
        f"export: recall {args.id}: {summary['rows']:,} rows in {summary['seconds']:.2f} s "
        f"({rate:,.0f} rows/s) -> {where}",
        file=sys.stderr,
    )
    return 0
