"""Stream a folder of CSV files into Neo4j: parse, check, batch, write.

One file at a time, in graph_schema.writes.LOAD_ORDER. While one batch is
being written (a managed transaction, retried on transient errors) the next
is parsed, so Python and Neo4j work at the same time; at most two batches are
in memory. Rows that fail a check never reach Neo4j; rows whose references
are missing are reported by the write statement itself and not written.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncGenerator, Callable
from pathlib import Path
from typing import Any, Final, LiteralString

from neo4j import AsyncDriver, AsyncManagedTransaction, AsyncSession

from graph_schema.writes import DELETE_STALE, LOAD_RUN_FINISH, LOAD_RUN_START, STALE, WRITES, WRITES_NEW
from loaders.epcis.capture import documents_in, load_document, where
from loaders.folder import InputFile, LoadError, new_run_id, plan_folder, read_rows
from loaders.progress import Progress
from loaders.report import FileResult, LoadSummary, RejectWriter
from loaders.rows import RowError, missing_reference, short
from loaders.runs import heartbeat, mark_interrupted, owner
from loaders.specs import SPECS, Column, Row

__all__ = ["BATCH_SIZE", "LoadError", "load_folder", "new_run_id", "write_batch"]

YIELD_EVERY: Final = 512  # rows parsed between chances for the in-flight write to progress
# Rows per write transaction. Measured (docs/operations.md "Load speed"): Neo4j's
# CPU per new shipment row is lowest at 2,000-3,000 rows; at 10,000 the batch's
# transaction state outlives young collections and GC doubles (9 s against 4 s per
# 20k shipments), below 1,500 the per-batch statements cost more.
BATCH_SIZE: Final = 2_000


async def write_batch(
    tx: AsyncManagedTransaction, name: str, rows: list[Row], run: str, checkpoint: bool = False
) -> list[dict[str, Any]]:
    """Write one batch of file `name` (rows with distinct keys); the rejected rows.

    A file with single-valued references first deletes the edges its rows
    drop (graph_schema.writes.STALE), in the same transaction. With
    `checkpoint` the run's heartbeat and last line written commit with it.
    """
    if checkpoint and rows:
        await heartbeat(tx, run, name, rows[-1]["_line"])
    stale: LiteralString | None = STALE.get(name)
    if stale is None:
        return await _write(tx, WRITES[name], rows, name, run)
    found = await (await tx.run(stale, rows=rows, source=name, run=run)).single(strict=True)
    ids = [i for per_row in found["stale"] for i in per_row]
    if ids:
        await (await tx.run(DELETE_STALE, stale=ids)).consume()
    # Rows whose node is not in the graph get their links by CREATE (WRITES_NEW):
    # exact, because a batch holds one row per key and this read is in its transaction.
    existing, key = set(found["existing"]), SPECS[name].columns[0].name
    new = [row for row in rows if row[key] not in existing]
    old = [row for row in rows if row[key] in existing]
    rejected = await _write(tx, WRITES_NEW[name], new, name, run) if new else []
    rejected += await _write(tx, WRITES[name], old, name, run) if old else []
    new.clear()  # the driver's summaries keep their parameters until a full GC (see _FileLoad._write)
    old.clear()
    return rejected


async def _write(
    tx: AsyncManagedTransaction, text: LiteralString, rows: list[Row], name: str, run: str
) -> list[dict[str, Any]]:
    record = await (await tx.run(text, rows=rows, source=name, run=run)).single(strict=True)
    return list(record["rejected"])


def reference_errors(
    name: str, columns: dict[str, Column], batch: list[Row], rejected: list[dict[str, Any]]
) -> list[RowError]:
    """The errors of the rows a write statement rejected ({line, missing})."""
    rows = {row["_line"]: row for row in batch}
    return [
        missing_reference(name, columns[column], rows[item["line"]])
        for item in rejected
        for column in item["missing"]
    ]


class _FileLoad:
    """Loads one file: a producer of batches and one write in flight."""

    def __init__(
        self,
        item: InputFile,
        run_id: str,
        batch_size: int,
        rejects: RejectWriter,
        progress: Progress,
    ) -> None:
        self.item = item
        self.name = item.spec.name
        self.run_id = run_id
        self.batch_size = batch_size
        self.rejects = rejects
        self.progress = progress
        self.result = FileResult(self.name)
        self.columns = item.spec.by_name
        self.started = time.perf_counter()

    async def run(self, session: AsyncSession) -> FileResult:
        pending: asyncio.Task[None] | None = None
        try:
            async with contextlib.aclosing(self._batches()) as batches:
                async for batch in batches:
                    if pending is not None:
                        await pending
                    pending = asyncio.create_task(self._write(session, batch))
            if pending is not None:
                await pending
        except LoadError:
            if pending is not None and not pending.done():
                await pending  # the rows before an unreadable line are written, then the load stops
            raise
        finally:
            if pending is not None and not pending.done():
                pending.cancel()
                with contextlib.suppress(BaseException):
                    await pending
        self.result.seconds = time.perf_counter() - self.started
        self.progress.update(self.name, self.result.read, self.result.seconds, force=True)
        return self.result

    async def _batches(self) -> AsyncGenerator[list[Row], None]:
        if self.item.header is None:
            return
        batch: list[Row] = []
        keys: set[Any] = set()
        key_column = self.item.spec.columns[0].name if self.name in STALE else None
        rows = read_rows(self.item, self._reject)
        while True:
            try:
                parsed = next(rows)
            except StopIteration:
                break
            except LoadError:
                if batch:  # the rows before an unreadable line are written, then the load stops
                    yield batch
                raise
            self.result.read += 1
            key = parsed[key_column] if key_column else None
            if key is not None and key in keys:
                # One row per key in a batch: the stale-edge read sees the
                # graph before the batch, so a repeated key waits for the next.
                yield batch
                batch, keys = [], set()
            batch.append(parsed)
            if key is not None:
                keys.add(key)
            if len(batch) >= self.batch_size:
                yield batch
                batch, keys = [], set()
            if self.result.read % YIELD_EVERY == 0:
                await asyncio.sleep(0)
        if batch:
            yield batch

    def _reject(self, errors: list[RowError]) -> None:
        self.result.read += 1
        self.result.rejected += 1
        self.rejects.write(errors)

    async def _write(self, session: AsyncSession, batch: list[Row]) -> None:
        rejected = await session.execute_write(write_batch, self.name, batch, self.run_id, True)
        if rejected:
            self.rejects.write(reference_errors(self.name, self.columns, batch, rejected))
        self.result.rejected += len(rejected)
        self.result.loaded += len(batch) - len(rejected)
        # The driver's ResultSummary keeps the parameters and sits in a reference
        # cycle until a full GC; emptying the list frees the rows now, which keeps
        # memory flat however long the file (measured: +9 MB per 10k shipments).
        batch.clear()
        elapsed = time.perf_counter() - self.started
        self.progress.update(self.name, self.result.read, elapsed)


async def load_folder(
    driver: AsyncDriver,
    database: str,
    folder: Path,
    *,
    batch_size: int = BATCH_SIZE,
    run_id: str | None = None,
    progress: bool | None = None,
    reject_report: Path | None = None,
    on_file: Callable[[FileResult], None] | None = None,
) -> LoadSummary:
    """Load every input file in `folder`; rejected rows go to a CSV report.

    Without `reject_report` the report is `./load-rejects-<run id>.csv`, written
    only when some row was rejected. `on_file` is called after each file. Raises
    LoadError (nothing written) when the folder is missing or a header is wrong.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    inputs, ignored = plan_folder(folder)
    run_id = run_id or new_run_id()
    summary = LoadSummary(run_id, str(folder.resolve()), ignored=ignored)
    path = reject_report or Path.cwd() / f"load-rejects-{run_id}.csv"
    rejects = RejectWriter(path, always=reject_report is not None)
    display = Progress(progress)
    started = time.perf_counter()
    summary.interrupted = [i.describe() for i in await mark_interrupted(driver, database)]
    host, pid = owner()
    await driver.execute_query(
        LOAD_RUN_START, run=run_id, folder=summary.folder, host=host, pid=pid, database_=database
    )
    status, error = "failed", None
    try:
        async with driver.session(database=database) as session:
            for item in inputs:
                load = _FileLoad(item, run_id, batch_size, rejects, display)
                summary.files.append(await load.run(session))
                if on_file is not None:
                    on_file(summary.files[-1])
        documents, other = documents_in(folder)
        summary.ignored += other
        for path in documents:  # EPCIS 2.0 documents (docs/epcis.md), after the CSV files
            result = FileResult(path.name)
            result.read, result.loaded, problems = await load_document(driver, database, path, run_id)
            result.rejected = result.read - result.loaded
            # Line 0: a document's problems are placed by event index and field, not by line.
            rejects.write(
                [RowError(path.name, 0, where(p), "", short(p.reason, 300)) for p in problems[:100]]
            )
            summary.files.append(result)
            if on_file is not None:
                on_file(result)
        status = "done"
    except BaseException as exc:
        error = short(str(exc) or type(exc).__name__, 300)
        raise
    finally:
        rejects.close()
        display.done()
        summary.seconds = time.perf_counter() - started
        summary.reject_report = path if rejects.written else None
        finish = driver.execute_query(
            LOAD_RUN_FINISH,
            run=run_id,
            status=status,
            counts=json.dumps(summary.counts()),
            error=error,
            database_=database,
        )
        if status == "done":
            await finish
        else:  # keep the original error; the run stays marked as not done
            with contextlib.suppress(Exception):
                await finish
    return summary
