"""`hub import`, step 1, when the keys do not fit the memory budget: a partitioned key check.

The in-memory check (loaders.bulk_prepare.Preparer) keeps a digest of every
node key and of every link of the file being read: 16 to 32 bytes each, so
its memory grows with the folder (about 800 MB at 10 million shipments). This
check gives the same answers (the same importer files, deferred rows and
reject report, byte for byte) with its memory bounded by the budget, by
splitting the digests into P partitions on disk (a Grace hash join): a
digest's partition is a few of its bits, so a key and every reference to it
meet in the same partition, and one partition's tables fit the budget.

Each input file, in load order, takes three passes:
1. read and check its rows (the same row checks as `hub load`), spool each
   row or row-check reject in file order (grace/spool), and route each
   reference (label, digest, row, column) and each row's own key or link
   (digest, row) to its partition's file;
2. per partition: load the referenced labels' stored key digests into tables
   and mark each reference not found (a missing reference: the row is
   rejected); then, in row order, add the own key or link of each row not
   rejected: a digest already there marks the row deferred (a later row of a
   key), a new node key joins its label's stored digests;
3. read the spool back in order and do what the in-memory check does with
   each row: reject it (naming each missing reference), defer it, or write it
   to the importer's files.

Pass 1 needs no other file, so with check workers (`hub import
--check-workers`) it runs in forked processes ahead of the file being
checked; passes 2 and 3 stay here, in file order.

Memory: per partition, the stored digests of the labels the file references
and the file's own keys (16-32 bytes each), plus the routing buffers (an
eighth of the budget) and one status byte per row of the file being read.
P is the smallest power of two (at most MAX_PARTITIONS) for which every node
key of the folder plus the largest link file, at 32 bytes each, divided by P
fits the budget. Without workers P = 1 is the in-memory check, with no disk
at all; with workers and P = 1 the stored digests stay in memory.
Disk: 8 bytes per stored key plus, per file being read, its pickled rows
and 16-24 bytes per reference and key; removed as soon as used.
"""

from __future__ import annotations

import multiprocessing
import shutil
from array import array
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Final

from graph_schema.declare import Column, LinkFile, NodeFile
from graph_schema.model import Label
from loaders.bulk_keys import Keys
from loaders.bulk_prepare import Preparer
from loaders.bulk_route import (
    CODES,
    DECLS,
    LABELS,
    Routed,
    blocks,
    key_of,
    pairs,
    parts_of,
    records,
    route,
    triples,
)
from loaders.bulk_work import Deferred
from loaders.folder import InputFile
from loaders.report import FileResult, RejectWriter
from loaders.rows import missing_reference

BYTES_PER_KEY: Final = 32  # a key digest in a table kept a quarter to half full (loaders.bulk_keys)
MAX_PARTITIONS: Final = 128  # two open files per partition while a file is routed
DEFERRED: Final = 0x80  # status bit of a row; bits 0-6 are its missing references, by column
LOOKAHEAD: Final = 2  # files routed ahead of the one being checked (workers > 0)


def partitions_for(inputs: list[InputFile], memory_mb: int) -> int:
    """How many partitions keep the key check within `memory_mb` (1: all in memory).

    The keys kept are those of every node file plus the links of one link file
    at a time; a file's line count stands for its rows (an upper bound).
    """
    nodes = links = 0
    for item in inputs:
        decl = DECLS[item.spec.name]
        lines = _lines(item.path)
        if isinstance(decl, NodeFile):
            nodes += lines
        else:
            links = max(links, lines)
    parts, need = 1, (nodes + links) * BYTES_PER_KEY
    while need > parts * memory_mb * 2**20 and parts < MAX_PARTITIONS:
        parts *= 2
    return parts


def _lines(path: Path) -> int:
    count = 0
    with path.open("rb") as stream:
        while block := stream.read(1 << 22):
            count += block.count(b"\n")
    return count


class GracePreparer(Preparer):
    """Preparer whose key check is partitioned on disk under `<work>/grace`.

    With `workers` > 0, pass 1 of the next files runs in that many forked
    processes while this one does passes 2 and 3 of the file before (at most
    LOOKAHEAD files routed ahead, so the spools on disk stay few).
    """

    def __init__(
        self,
        out: Path,
        run: str,
        rejects: RejectWriter,
        progress: Callable[[str, int], None],
        parts: int,
        memory_mb: int,
        inputs: list[InputFile] | None = None,
        workers: int = 0,
    ):
        super().__init__(out, run, rejects, progress)
        self.parts = parts
        self.dir = out / "grace"
        self.dir.mkdir(parents=True, exist_ok=True)
        # Routing buffers: 2 x P arrays of `chunk` 8-byte numbers, an eighth of the budget
        # (per process routing at once).
        self.chunk = max(6 * 1024, (memory_mb * 2**20 // 8) // (2 * parts * 8 * (1 + workers)) // 6 * 6)
        self.inputs = inputs or []
        self.pool = (
            ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) if workers else None
        )
        self.ahead: dict[str, Future[Routed]] = {}

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        shutil.rmtree(self.dir, ignore_errors=True)

    def _routed(self, item: InputFile) -> Routed:
        name = item.spec.name
        if self.pool is None:
            return route(parts_of(item), self.dir / name, self.parts, self.chunk, self.progress)
        names = [i.spec.name for i in self.inputs]
        at = names.index(name)
        for later in self.inputs[at : at + 1 + LOOKAHEAD]:
            if later.spec.name not in self.ahead:
                args = (parts_of(later), self.dir / later.spec.name, self.parts, self.chunk, None)
                self.ahead[later.spec.name] = self.pool.submit(route, *args)
        return self.ahead.pop(name).result()

    def _stored_at(self, label: Label, p: int) -> Path:
        """The digests of partition `p` of the keys of `label` written so far."""
        return self.dir / f"keys-{label.name}-{p}"

    def file(self, item: InputFile) -> FileResult:
        decl = DECLS[item.spec.name]
        result = FileResult(decl.name)
        self.prepared.results.append(result)
        refs = [c for c in decl.columns if c.ref is not None]
        routed = self._routed(item)
        result.read += routed.rejected
        result.rejected += routed.rejected
        try:
            self._check_refs(routed.folder, refs, routed.status)
            if key_of(decl) is not None:
                self._check_own(routed.folder, decl, routed.status)
            self._write(routed.folder, decl, refs, result, routed.status)
        finally:
            shutil.rmtree(routed.folder)  # the file's spool and routes; the stored keys stay
        if routed.failure is not None:
            raise routed.failure
        return result

    def _check_refs(self, folder: Path, refs: list[Column], status: bytearray) -> None:
        """Pass 2a: mark each reference whose key its label does not hold (partition by partition)."""
        codes = sorted({CODES[label] for c in refs for _, label in c.ref_labels})
        for p in range(self.parts):
            has = {code: self._stored(LABELS[code], p).has_digest for code in codes}
            for code, digest, tag in triples(folder / f"refs-{p}", self.chunk):
                if not has[code](digest):
                    status[tag >> 3] |= 1 << (tag & 7)

    def _check_own(self, folder: Path, decl: NodeFile | LinkFile, status: bytearray) -> None:
        """Pass 2b: in row order per partition, a row's key (link) seen before defers the row."""
        label = decl.label if isinstance(decl, NodeFile) else None
        # One partition: a label's keys stay in memory, as in the in-memory check (they fit the budget).
        in_memory = self.parts == 1 and label is not None
        for p in range(self.parts):
            seen = self._keys(label) if in_memory and label is not None else Keys()
            add = seen.add_digest
            new = array("q")
            for digest, i in pairs(folder / f"own-{p}", self.chunk):
                if status[i]:
                    continue  # rejected for a missing reference: its key is not written
                if add(digest):
                    new.append(digest)
                else:
                    status[i] = DEFERRED
            if label is not None and new and not in_memory:
                with self._stored_at(label, p).open("ab") as stream:
                    new.tofile(stream)

    def _stored(self, label: Label, p: int) -> Keys:
        if self.parts == 1:
            return self._keys(label)
        keys = Keys()
        path = self._stored_at(label, p)
        if path.exists():
            add = keys.add_digest
            for block in blocks(path, self.chunk):
                for digest in block:
                    add(digest)
        return keys

    def _write(
        self,
        folder: Path,
        decl: NodeFile | LinkFile,
        refs: list[Column],
        result: FileResult,
        status: bytearray,
    ) -> None:
        """Pass 3: the spool in file order: reject, defer or write each row."""
        deferred = Deferred(self.out, decl.name, self.prepared.deferred)
        emit = self.emitter(decl) if key_of(decl) is not None else deferred.write
        read = loaded = 0
        try:
            with (folder / "spool").open("rb") as spool:
                for record in records(spool):
                    if isinstance(record, list):
                        self.rejects.write(record)
                        continue
                    state = status[read]
                    read += 1
                    if state & ~DEFERRED:
                        missing = [c for j, c in enumerate(refs) if state >> j & 1]
                        self.rejects.write([missing_reference(decl.name, c, record) for c in missing])
                        continue
                    loaded += 1
                    if state:
                        deferred.write(record)
                    else:
                        emit(record)
        finally:
            result.read += read
            result.loaded += loaded
            result.rejected += read - loaded
            deferred.close()
