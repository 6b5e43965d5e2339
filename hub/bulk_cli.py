"""`hub import DIR`: the first load of a folder into an EMPTY database, through Neo4j's offline importer.

Three steps (docs/operations.md "Bulk import"):
1. check the folder with `hub load`'s checks and write the importer's files and
   the reject report (loaders.bulk_check), refusing a database that holds data;
2. stop the local Neo4j, run `neo4j-admin database import full` on its store
   (tools.neo4j_import), start it again;
3. migrations, the deferred rows, EPCIS documents, the load run (loaders.bulk_finish).

With NEO4J_URI (a server this command cannot stop, e.g. Docker) the steps are
run apart: `hub import DIR --prepare-only WORK` (step 1, prints the importer
command to run), then `hub import --finish WORK` once the server is back.

Exit status: 0 every row loaded, 1 some rows rejected, 2 nothing imported.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Final, LiteralString

from neo4j import AsyncDriver, AsyncGraphDatabase
from neo4j.exceptions import DriverError, Neo4jError

from graph_schema.migrate import MigrationError
from loaders.bulk_check import DEFAULT_MEMORY_MB, prepare
from loaders.bulk_finish import finish
from loaders.folder import LoadError
from loaders.progress import Progress
from loaders.report import LoadSummary
from runtime.settings import Settings, SettingsError

# Anything but the migrations' records (which the import replaces and step 3 writes again)
# and the plan warm-up's marker (hub/data/plan_warm_once.py: a hub started on the empty database).
HOLDS_DATA_FAST: Final[LiteralString] = (
    "OPTIONAL MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:PlanWarm WITH n LIMIT 1"
    " RETURN n IS NOT NULL AS data"
)


READY_S: Final = 180.0  # how long a restarted Neo4j may take to answer


class NotEmpty(LoadError):
    """The database holds data: an offline import would replace it."""


def _cpu_s() -> float:
    """CPU seconds (user + system) this process used so far, all threads."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def refuse_data(driver: AsyncDriver, database: str) -> None:
    records, _, _ = await driver.execute_query(HOLDS_DATA_FAST, database_=database)
    if records[0]["data"]:
        raise NotEmpty(
            f"database {database!r} is not empty: `hub import` fills an empty database only "
            "(the offline importer replaces the whole store); use `hub load DIR` to add to it"
        )


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + secrets.token_hex(3)


def step_one(
    folder: Path,
    work: Path,
    run: str,
    rejects: Path,
    database: str,
    show: Progress,
    memory_mb: int = DEFAULT_MEMORY_MB,
    workers: int = 0,
) -> list[str]:
    """Prepare the importer's files; the neo4j-admin arguments that import them."""
    started = time.perf_counter()

    def progress(name: str, rows: int) -> None:
        show.update(f"checking {name}", rows, time.perf_counter() - started)

    _, files = prepare(folder, work, run, rejects, progress, memory_mb=memory_mb, workers=workers)
    show.done()
    return files.arguments(database)


def _driver(settings: Settings, uri: str) -> AsyncDriver:
    # Not runtime.db.open_driver: its short timeouts fail a request fast while the
    # service runs; a Neo4j just restarted on a loaded machine may take a while.
    auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
    return AsyncGraphDatabase.driver(
        uri,
        auth=auth,
        connection_timeout=60.0,
        max_transaction_retry_time=60.0,
        notifications_min_severity="OFF",
    )


async def _ready(driver: AsyncDriver) -> None:
    """Wait until the (maybe just restarted) server answers, for up to READY_S."""
    deadline = time.monotonic() + READY_S
    while True:
        try:
            await driver.verify_connectivity()
            return
        except DriverError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(2)


async def _with_driver(
    uri: str, settings: Settings, work: Path | None, batch_size: int
) -> LoadSummary | None:
    driver = _driver(settings, uri)
    try:
        await _ready(driver)
        if work is None:
            await refuse_data(driver, settings.neo4j_database)
            return None
        return await finish(driver, settings.neo4j_database, work, batch_size=batch_size)
    finally:
        await driver.close()


async def import_local(
    folder: Path,
    settings: Settings,
    *,
    home: Path | None = None,
    work: Path | None = None,
    rejects: Path | None = None,
    batch_size: int = 10_000,
    progress: bool | None = None,
    memory_mb: int = DEFAULT_MEMORY_MB,
    workers: int = 0,
) -> LoadSummary:
    """All three steps on the local Neo4j of `home` (started if needed, restarted after the import).

    A home whose database store does not exist yet (a fresh install) is empty
    without asking: the server is not started before the import then.

    The blocking steps (the server's start and stop, the checks, the importer) run in a thread.
    """
    from tools import neo4j_import, neo4j_local  # a checkout's tool (see hub/cli.py)

    home = home or settings.neo4j_home
    run = new_run_id()
    rejects = rejects or Path.cwd() / f"load-rejects-{run}.csv"
    show = Progress(progress)

    def start() -> str:
        return neo4j_local.start(
            home,
            heap_mb=settings.neo4j_heap_mb,
            pagecache_mb=settings.neo4j_pagecache_mb,
            tx_timeout_s=max(settings.query_timeout_s, 120),
            tx_memory_mb=settings.neo4j_tx_memory_mb,
        ).uri

    phases: dict[str, float] = {}
    usage: dict[str, float] = {}
    clock = [time.perf_counter(), _cpu_s()]

    def lap(name: str) -> None:
        now, cpu = time.perf_counter(), _cpu_s()
        phases[name], usage[f"{name}_cpu_s"] = now - clock[0], round(cpu - clock[1], 2)
        clock[0], clock[1] = now, cpu

    def offline(arguments: list[str], log: Path) -> str:
        neo4j_local.stop(home)
        lap("stop")
        try:
            used = neo4j_import.run_import(home, arguments, log=log, echo=show.enabled)
            lap("importer")
            usage["importer_jvm_cpu_s"], usage["importer_jvm_peak_rss_mb"] = used.cpu_s, used.peak_rss_mb
        finally:
            uri = start()  # the server comes back even when the import failed
        lap("restart")
        return uri

    started = time.perf_counter()
    store = home / "dbms" / "data" / "databases" / settings.neo4j_database
    if neo4j_local.status(home) is not None or store.exists():
        await _with_driver(await asyncio.to_thread(start), settings, None, batch_size)
    # else: a store never created holds nothing; no need to start the server to ask it
    lap("start")
    scratch = work or Path(tempfile.mkdtemp(prefix="hub-import-"))
    try:
        db = settings.neo4j_database
        arguments = await asyncio.to_thread(
            step_one, folder, scratch, run, rejects, db, show, memory_mb, workers
        )
        lap("check")
        uri = await asyncio.to_thread(offline, arguments, scratch / "import.log")
        summary = await _with_driver(uri, settings, scratch, batch_size)
        assert summary is not None
        lap("finish")
    finally:
        if work is None:
            shutil.rmtree(scratch, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    summary.phases = phases
    summary.usage = usage | summary.usage  # step 3's own split (loaders.bulk_finish)
    return summary


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hub import",
        description="First load of a folder of CSV files (docs/data-format.md) into an EMPTY database "
        "through Neo4j's offline importer; same checks and reject report as `hub load`.",
    )
    p.add_argument("folder", type=Path, nargs="?", metavar="DIR", help="folder of input CSV files")
    p.add_argument(
        "--work", type=Path, metavar="WORK", help="keep the importer's files here (default: a temp dir)"
    )
    p.add_argument(
        "--prepare-only",
        action="store_true",
        help="step 1 only (into --work): check DIR, write the importer's files, print the neo4j-admin command",
    )
    p.add_argument("--finish", type=Path, metavar="WORK", help="step 3 only, after neo4j-admin imported WORK")
    p.add_argument(
        "--rejects", type=Path, metavar="FILE", help="reject report (default ./load-rejects-<run>.csv)"
    )
    p.add_argument("--batch-size", type=int, default=10_000, metavar="N", help="rows per write of step 3")
    p.add_argument(
        "--memory-mb",
        type=_budget,
        default=DEFAULT_MEMORY_MB,
        metavar="MB",
        help=f"memory budget of step 1's key check (default {DEFAULT_MEMORY_MB}); keys beyond it are "
        "checked in partitions on disk (docs/data-format.md)",
    )
    p.add_argument(
        "--check-workers",
        type=int,
        choices=range(4),
        default=0,
        metavar="N",
        help="processes that read and check the files ahead of step 1's key check (default 0: none)",
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    return p


def _run(args: argparse.Namespace, settings: Settings) -> LoadSummary | None:
    if args.finish is not None:
        uri = settings.neo4j_uri or _local_uri(settings)
        return asyncio.run(_with_driver(uri, settings, args.finish, args.batch_size))
    if args.folder is None or not args.folder.is_dir():
        raise LoadError(f"{args.folder or 'DIR'}: no such folder")
    if args.prepare_only:
        if args.work is None:
            raise LoadError("--prepare-only needs --work WORK (the folder the importer will read)")
        # The database is still running here: refuse one that holds data now, before
        # anyone stops it (the importer would replace the whole store).
        asyncio.run(_with_driver(_local_uri(settings), settings, None, args.batch_size))
        args.work.mkdir(parents=True, exist_ok=True)
        run = new_run_id()
        rejects = args.rejects or Path.cwd() / f"load-rejects-{run}.csv"
        db = settings.neo4j_database
        arguments = step_one(
            args.folder, args.work, run, rejects, db, Progress(), args.memory_mb, args.check_workers
        )
        print("step 2: with the database stopped (e.g. `docker compose stop neo4j`), run on its host:")
        print("  neo4j-admin " + " ".join(arguments))
        print(f"step 3: start it again, then: hub import --finish {args.work}")
        return None
    if settings.neo4j_uri:
        raise LoadError(
            f"NEO4J_URI is set ({settings.neo4j_uri}): this command cannot stop that server; "
            "run `hub import DIR --prepare-only --work WORK` and follow its steps (docs/operations.md)"
        )
    return asyncio.run(
        import_local(
            args.folder,
            settings,
            work=args.work,
            rejects=args.rejects,
            batch_size=args.batch_size,
            memory_mb=args.memory_mb,
            workers=args.check_workers,
        )
    )


def _budget(text: str) -> int:
    value = int(text)
    if value < 16:
        raise argparse.ArgumentTypeError("at least 16 (MB)")
    return value


def _local_uri(settings: Settings) -> str:
    from runtime.db import resolve_uri

    return resolve_uri(settings)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        summary = _run(args, Settings.from_env())
    except (LoadError, MigrationError, RuntimeError, SettingsError, Neo4jError, DriverError, OSError) as exc:
        lines = str(exc).strip().splitlines() or [type(exc).__name__]
        print(f"hub import: {lines[0]}", file=sys.stderr)
        for line in lines[1:12]:
            print(f"  {line}", file=sys.stderr)
        return 2
    if summary is None:
        return 0
    print(summary.to_json() if args.json else summary.table())
    phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in summary.phases.items())
    print(f"hub import: {phases}; peak RSS {peak_rss_mb():.0f} MB", file=sys.stderr)
    if summary.rejected:
        print(f"hub import: {summary.rejected:,} rows rejected; see {summary.reject_report}", file=sys.stderr)
    return 0 if summary.ok else 1
