"""`hub import`, step 1, partitioned check (loaders.bulk_grace), pass 1 and the files it writes.

Pass 1 reads one input file and checks its rows (the same row checks as
`hub load`), spools each row or row-check reject in file order, and routes
each reference (label code, digest, row << 3 | column) and each row's own
key or link (digest, row) to its partition's file, as 8-byte numbers. It
needs no other file, so check workers run it in forked processes (a fork
hashes like its parent: the digests agree).
"""

from __future__ import annotations

import pickle
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final

from graph_schema.declare import FileDecl, NodeFile
from graph_schema.files import FILES
from graph_schema.model import Label
from loaders.bulk_files import link_props
from loaders.folder import InputFile, LoadError, read_rows
from loaders.rows import RowError
from loaders.specs import SPECS, Row

SHIFT: Final = 40  # partition bits sit above any table's slot bits (tables stay below 2**40 slots)
FLUSH_ROWS: Final = 4096  # rows routed between two looks at the routing buffers
SPOOL_BATCH: Final = 1000  # records per pickle in a spool
LABELS: Final = list(Label)
CODES: Final = {label: code for code, label in enumerate(LABELS)}
DECLS: Final[dict[str, FileDecl]] = {decl.name: decl for decl in FILES}


def key_of(decl: FileDecl) -> Callable[[Row], object] | None:
    """A row's node key (node files) or link identity (ends and key columns); None: all deferred."""
    if isinstance(decl, NodeFile):
        if decl.statement:
            return None
        key = decl.columns[0].name
        return lambda row: row[key]
    by_name = {c.name: c for c in decl.columns}
    start, end = by_name[decl.start], by_name[decl.end]
    fixed_a = start.ref if isinstance(start.ref, Label) else None
    fixed_b = end.ref if isinstance(end.ref, Label) else None
    key_names = [c.name for c in link_props(decl)][: len(decl.keys)]
    start_name, end_name = start.name, end.name

    def link(row: Row) -> object:
        a, b = fixed_a or start.ref_label(row), fixed_b or end.ref_label(row)
        return (a, row[start_name], b, row[end_name], *[row[n] for n in key_names])

    return link


@dataclass
class Routed:
    """Pass 1's answer for one file, in `folder`: one status byte per checked row, the row-check rejects."""

    folder: Path
    status: bytearray = field(default_factory=bytearray)
    rejected: int = 0
    failure: LoadError | None = None  # a line that is not UTF-8: the rows before it were routed


def route(
    file: tuple[str, Path, tuple[str, ...] | None],
    folder: Path,
    parts: int,
    chunk: int,
    progress: Callable[[str, int], None] | None,
) -> Routed:
    """Pass 1 of one file into `folder`: spool the rows and rejects in order, route references and keys.

    Depends on no other file, so it may run in another process (GracePreparer's
    `workers`) while the files before are still checked: a forked process, so
    that `hash` gives the same digests as in every other worker.
    """
    name, path, header = file  # an InputFile's parts (its spec holds functions, which do not pickle)
    item, decl = InputFile(SPECS[name], path, header), DECLS[name]
    folder.mkdir(parents=True, exist_ok=True)
    routed = Routed(folder)
    status, mask = routed.status, parts - 1
    ref_out = _Router(folder, "refs", parts, chunk)
    own_out = _Router(folder, "own", parts, chunk)
    to_ref, to_own = ref_out.buffers, own_out.buffers  # filled here, flushed every FLUSH_ROWS rows
    row_key = key_of(decl)
    plan = [
        (j, c.name, CODES[c.ref] if isinstance(c.ref, Label) else None, c)
        for j, c in enumerate(c for c in decl.columns if c.ref is not None)
    ]
    assert len(plan) < 8, "a row's status byte holds 7 references"
    with _Spool(folder / "spool") as spool:
        write = spool.put

        def reject(errors: list[RowError]) -> None:
            routed.rejected += 1
            write(errors)

        try:
            for row in read_rows(item, reject):
                i = len(status)
                state = 0
                for j, name, code, column in plan:
                    value = row[name]
                    if value is None:
                        continue
                    if code is None:
                        label = column.ref_label(row)
                        if label is None:  # a kind value that names no label: never found
                            state |= 1 << j
                            continue
                        code = CODES[label]
                    digest = hash(value) or 1
                    to_ref[(digest >> SHIFT) & mask].extend((code, digest, i << 3 | j))
                if row_key is not None:
                    digest = hash(row_key(row)) or 1
                    to_own[(digest >> SHIFT) & mask].extend((digest, i))
                status.append(state)
                write(row)
                if not (i + 1) % FLUSH_ROWS:
                    ref_out.flush()
                    own_out.flush()
                    if progress is not None:
                        progress(decl.name, routed.rejected + i + 1)
        except LoadError as exc:  # the rows before the bad line are still checked and reported
            routed.failure = exc
        finally:
            ref_out.close()
            own_out.close()
    return routed


def parts_of(item: InputFile) -> tuple[str, Path, tuple[str, ...] | None]:
    return item.spec.name, item.path, item.header


class _Router:
    """Numbers routed to P partition files through a buffer each, written out once over `chunk` numbers.

    Between two flushes FLUSH_ROWS rows add at most 3 x 8 numbers each, so the
    buffers never hold more than P x `chunk` numbers plus that.
    """

    def __init__(self, folder: Path, kind: str, parts: int, chunk: int) -> None:
        self.streams: list[IO[bytes]] = [(folder / f"{kind}-{p}").open("wb") for p in range(parts)]
        self.buffers = [array("q") for _ in range(parts)]
        self.chunk = chunk

    def flush(self) -> None:
        for buffer, stream in zip(self.buffers, self.streams, strict=True):
            if len(buffer) >= self.chunk:
                buffer.tofile(stream)
                del buffer[:]

    def close(self) -> None:
        for buffer, stream in zip(self.buffers, self.streams, strict=True):
            buffer.tofile(stream)
            stream.close()


def blocks(path: Path, chunk: int) -> Iterator[array[int]]:
    with path.open("rb") as stream:
        while data := stream.read(8 * chunk):
            block = array("q")
            block.frombytes(data)
            yield block


def triples(path: Path, chunk: int) -> Iterator[tuple[int, int, int]]:
    for block in blocks(path, chunk):  # chunk is a multiple of 6: no triple spans two blocks
        yield from zip(block[0::3], block[1::3], block[2::3], strict=True)


def pairs(path: Path, chunk: int) -> Iterator[tuple[int, int]]:
    for block in blocks(path, chunk):
        yield from zip(block[0::2], block[1::2], strict=True)


class _Spool:
    """Records (a row, or a row's errors) pickled in batches, each batch behind its length.

    One pickle per batch is several times faster than one per record, and a
    fresh unpickler per batch keeps no memo of the batches before (one
    `pickle.Unpickler` reading the whole stream held on to them).
    """

    def __init__(self, path: Path) -> None:
        self.stream = path.open("wb")
        self.batch: list[Row | list[RowError]] = []

    def __enter__(self) -> _Spool:
        return self

    def __exit__(self, *_: object) -> None:
        self.flush()
        self.stream.close()

    def flush(self) -> None:
        data = pickle.dumps(self.batch, 5)
        self.stream.write(len(data).to_bytes(4, "little") + data)
        self.batch.clear()

    def put(self, record: Row | list[RowError]) -> None:
        batch = self.batch
        batch.append(record)
        if len(batch) >= SPOOL_BATCH:
            self.flush()


def records(stream: IO[bytes]) -> Iterator[Row | list[RowError]]:
    while head := stream.read(4):
        yield from pickle.loads(stream.read(int.from_bytes(head, "little")))
