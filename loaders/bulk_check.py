"""`hub import`, step 1: check a load folder and write the importer's files, in memory or in partitions.

The in-memory check (loaders.bulk_prepare) when the keys fit the memory
budget and no check workers are asked for; else the partitioned one
(loaders.bulk_grace). Both leave the same files and reject report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Final

from loaders.bulk_files import ImporterFiles
from loaders.bulk_grace import GracePreparer, partitions_for
from loaders.bulk_prepare import Preparer
from loaders.bulk_work import Manifest
from loaders.folder import plan_folder
from loaders.report import RejectWriter

DEFAULT_MEMORY_MB: Final = 256  # the key check's budget (docs/data-format.md "Memory budget")


def prepare(
    folder: Path,
    work: Path,
    run: str,
    reject_report: Path,
    progress: Callable[[str, int], None],
    *,
    memory_mb: int = DEFAULT_MEMORY_MB,
    partitions: int | None = None,
    workers: int = 0,
) -> tuple[Manifest, ImporterFiles]:
    """Step 1: check every file of `folder` and write the importer's files under `work`.

    The key check holds its keys in memory when they fit `memory_mb` (one
    partition); otherwise it partitions them on disk (loaders.bulk_grace), with
    the same importer files and reject report. `partitions` overrides the
    number worked out from the budget (tests). With `workers` > 0 the files are
    read and checked in that many other processes, ahead of the key check
    (loaders.bulk_grace, even with one partition), also with the same result.

    Raises LoadError (loaders.folder) on a bad header or a file that is not UTF-8:
    then nothing is imported.
    """
    inputs, ignored = plan_folder(folder)
    rejects = RejectWriter(reject_report, always=False)
    parts = partitions or partitions_for(inputs, memory_mb)
    preparer = (
        Preparer(work, run, rejects, progress)
        if parts == 1 and not workers
        else GracePreparer(work, run, rejects, progress, parts, memory_mb, inputs, workers)
    )
    try:
        for item in inputs:
            preparer.file(item)
            progress(item.spec.name, preparer.prepared.results[-1].read)
    finally:
        preparer.prepared.files.close()
        preparer.close()
        rejects.close()
    prepared = preparer.prepared
    manifest = Manifest(
        run,
        str(folder.resolve()),
        str(reject_report),
        prepared.deferred,
        [r.to_dict() for r in prepared.results],
        ignored,
    )
    manifest.save(work)
    return manifest, prepared.files
