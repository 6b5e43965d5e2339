"""`hub import`, step 3 (after Neo4j's offline importer ran): schema, deferred rows, the run.

With the database online again: apply the migrations (the import leaves a
store without constraints or indexes), write the rows step 1 deferred through
`hub load`'s own write statements (loaders.load.write_batch, so a later row of
a key corrects the imported one exactly as `hub load` would), load the folder's
EPCIS documents, and record the run as a LoadRun node with its counts, like
`hub load` does.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver

from graph_schema.migrate import migrate
from graph_schema.writes import LOAD_RUN_FINISH, LOAD_RUN_START, STALE
from loaders.bulk_work import Manifest
from loaders.epcis.capture import documents_in, load_document, where
from loaders.load import reference_errors, write_batch
from loaders.report import FileResult, LoadSummary, RejectWriter
from loaders.rows import RowError, short
from loaders.runs import owner
from loaders.specs import SPECS, Row


def _batches(path: Path, name: str, size: int) -> Iterator[list[Row]]:
    """The deferred rows of one file in batches with one row per key (see loaders.load)."""
    key = SPECS[name].columns[0].name if name in STALE else None
    batch: list[Row] = []
    keys: set[Any] = set()
    with path.open(encoding="utf-8") as stream:
        for text in stream:
            row = json.loads(text)
            if (key is not None and row[key] in keys) or len(batch) >= size:
                yield batch
                batch, keys = [], set()
            batch.append(row)
            if key is not None:
                keys.add(row[key])
    if batch:
        yield batch


async def finish(driver: AsyncDriver, database: str, work: Path, *, batch_size: int = 10_000) -> LoadSummary:
    """Step 3 for the work folder `work` of step 1; the summary of the whole import."""
    manifest = Manifest.load(work)
    started = time.perf_counter()
    await migrate(driver, database)
    took = {"finish_migrate_s": time.perf_counter() - started}
    summary = LoadSummary(manifest.run, manifest.folder, ignored=list(manifest.ignored))
    summary.files = [
        FileResult(str(r["file"]), int(r["read"]), int(r["loaded"]), int(r["rejected"]))  # type: ignore[call-overload]
        for r in manifest.results
    ]
    host, pid = owner()
    await driver.execute_query(
        LOAD_RUN_START, run=manifest.run, folder=manifest.folder, host=host, pid=pid, database_=database
    )
    report = Path(manifest.reject_report)
    rejects = RejectWriter(report, always=False, append=True)
    status, error = "failed", None
    try:
        async with driver.session(database=database) as session:
            for name in manifest.deferred:
                result = summary.file(name)
                columns = SPECS[name].by_name
                for batch in _batches(work / "deferred" / (name + ".jsonl"), name, batch_size):
                    rejected = await session.execute_write(write_batch, name, batch, manifest.run, True)
                    rejects.write(reference_errors(name, columns, batch, rejected))
                    result.rejected += len(rejected)
                    result.loaded -= len(rejected)
        took["finish_deferred_s"] = time.perf_counter() - started - sum(took.values())
        documents, other = documents_in(Path(manifest.folder))
        summary.ignored += other
        for path in documents:  # EPCIS 2.0 documents, after the CSV files, as in hub load
            doc = FileResult(path.name)
            doc.read, doc.loaded, problems = await load_document(driver, database, path, manifest.run)
            doc.rejected = doc.read - doc.loaded
            rejects.write(
                [RowError(path.name, 0, where(p), "", short(p.reason, 300)) for p in problems[:100]]
            )
            summary.files.append(doc)
        took["finish_epcis_s"] = time.perf_counter() - started - sum(took.values())
        status = "done"
    except BaseException as exc:
        error = short(str(exc) or type(exc).__name__, 300)
        raise
    finally:
        rejects.close()
        await driver.execute_query(
            LOAD_RUN_FINISH,
            run=manifest.run,
            status=status,
            counts=json.dumps(summary.counts()),
            error=error,
            database_=database,
        )
    summary.usage = {name: round(seconds, 2) for name, seconds in took.items()}  # what step 3 spent where
    if report.exists() and report.stat().st_size > 0:
        summary.reject_report = report
    return summary
