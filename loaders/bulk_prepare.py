"""`hub import`, step 1: check a load folder once and write the importer's files.

Each input file is streamed once, in load order, through the same checks as
`hub load` (loaders.folder.read_rows: header, cells, cross-column rules). The
write statements of `hub load` also reject a row that names a node not in the
graph; here the graph is empty, so "in the graph" means "written by an earlier
accepted row of this run", and this module keeps the natural keys of every
node written so far, per label, to decide the same. A rejected row goes to the
same reject report with the same message.

Rows the importer cannot take as they are wait for step 3 (loaders.bulk_finish,
through `hub load`'s own write statements, after the import) in `deferred/`:
- a node row whose key an earlier row of the file already wrote (the later row
  wins in `hub load`: the corrections rule of docs/data-format.md);
- a relationship-file row whose link (end points and key properties) an earlier
  row wrote (a reload updates the link's properties);
- every row of a file with a statement of its own (screening rules).
The link check keeps a 64-bit hash per link: a collision only defers a row
that was new, which the MERGE then writes: slower, never wrong.

Memory: the keys of every node (about 100 bytes each in Python) and 40 bytes
per link; rows are streamed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO

from graph_schema.declare import Column, FileDecl, LinkFile, NodeFile
from graph_schema.files import FILES
from graph_schema.model import Label
from loaders.bulk_files import ImporterFiles, NodeWriter, cell, link_props
from loaders.folder import InputFile, plan_folder, read_rows
from loaders.report import FileResult, RejectWriter
from loaders.rows import RowError, missing_reference
from loaders.specs import Row

DECLS: dict[str, FileDecl] = {decl.name: decl for decl in FILES}


MANIFEST = "manifest.json"


@dataclass
class Manifest:
    """What step 1 leaves for step 3 in the work folder (a Docker user runs step 3 later)."""

    run: str
    folder: str
    reject_report: str
    deferred: list[str]
    results: list[dict[str, object]]
    ignored: list[str]

    def save(self, work: Path) -> None:
        (work / MANIFEST).write_text(json.dumps(asdict(self), indent=2))

    @staticmethod
    def load(work: Path) -> Manifest:
        return Manifest(**json.loads((work / MANIFEST).read_text()))


def prepare(
    folder: Path, work: Path, run: str, reject_report: Path, progress: Callable[[str, int], None]
) -> tuple[Manifest, ImporterFiles]:
    """Step 1: check every file of `folder` and write the importer's files under `work`.

    Raises LoadError (loaders.folder) on a bad header or a file that is not UTF-8:
    then nothing is imported.
    """
    inputs, ignored = plan_folder(folder)
    rejects = RejectWriter(reject_report, always=False)
    preparer = Preparer(work, run, rejects, progress)
    try:
        for item in inputs:
            preparer.file(item)
            progress(item.spec.name, preparer.prepared.results[-1].read)
    finally:
        preparer.prepared.files.close()
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


@dataclass
class Prepared:
    files: ImporterFiles
    results: list[FileResult] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)  # input files with rows in deferred/


class Preparer:
    """Streams the input files into importer files, deferred rows and rejects."""

    def __init__(self, out: Path, run: str, rejects: RejectWriter, progress: Callable[[str, int], None]):
        (out / "deferred").mkdir(parents=True, exist_ok=True)
        self.out = out
        self.prepared = Prepared(ImporterFiles(out, run))
        self.rejects = rejects
        self.progress = progress
        self.keys: dict[Label, set[str]] = {}

    def file(self, item: InputFile) -> FileResult:
        decl = DECLS[item.spec.name]
        result = FileResult(decl.name)
        self.prepared.results.append(result)
        deferred: IO[str] | None = None

        def reject(errors: list[RowError]) -> None:
            result.read += 1
            result.rejected += 1
            self.rejects.write(errors)

        def defer(row: Row) -> None:
            nonlocal deferred
            if deferred is None:
                deferred = (self.out / "deferred" / (decl.name + ".jsonl")).open("w", encoding="utf-8")
                self.prepared.deferred.append(decl.name)
            deferred.write(json.dumps(row, separators=(",", ":")) + "\n")

        take = self._node_taker(decl, defer) if isinstance(decl, NodeFile) else self._link_taker(decl, defer)
        refs = [c for c in decl.columns if c.ref is not None]
        try:
            for row in read_rows(item, reject):
                result.read += 1
                missing = [c for c in refs if row[c.name] is not None and not self._exists(c, row)]
                if missing:
                    result.rejected += 1
                    self.rejects.write([missing_reference(decl.name, c, row) for c in missing])
                else:
                    result.loaded += 1
                    take(row)
                if result.read % 50_000 == 0:
                    self.progress(decl.name, result.read)
        finally:
            if deferred is not None:
                deferred.close()
        return result

    def _exists(self, column: Column, row: Row) -> bool:
        label = column.ref_label(row)
        return label is not None and row[column.name] in self.keys.get(label, ())

    def _node_taker(self, decl: NodeFile, defer: Callable[[Row], None]) -> Callable[[Row], None]:
        keys = self.keys.setdefault(decl.label, set())
        key = decl.columns[0].name
        if decl.statement:  # a statement of its own (append-only rule versions): written after
            return defer
        writer: NodeWriter = self.prepared.files.node_writer(decl)
        files = self.prepared.files
        links = [c for c in decl.columns[1:] if c.ref is not None and c.rel is not None]

        def take(row: Row) -> None:
            if row[key] in keys:
                defer(row)  # a later row of a key: hub load's write statement applies it
                return
            keys.add(row[key])
            writer.write(row)
            seen: set[tuple[Label, str]] = set()
            for column in links:
                label = column.ref_label(row)
                if row[column.name] is None or label is None or (label, row[column.name]) in seen:
                    continue
                seen.add((label, row[column.name]))  # both agencies of an arrangement may be one
                assert column.rel is not None
                start, end = (label, decl.label) if column.inbound else (decl.label, label)
                ends = (row[column.name], row[key]) if column.inbound else (row[key], row[column.name])
                out = files.relationship(decl.name, column.rel.value, start, end, [])
                out.write([*ends, decl.name, files.run])

        return take

    def _link_taker(self, decl: LinkFile, defer: Callable[[Row], None]) -> Callable[[Row], None]:
        by_name = {c.name: c for c in decl.columns}
        start, end = by_name[decl.start], by_name[decl.end]
        props = link_props(decl)
        files = self.prepared.files
        seen: set[int] = set()

        def take(row: Row) -> None:
            a, b = start.ref_label(row), end.ref_label(row)
            assert a is not None and b is not None
            cells = [row[c.name] for c in props]
            link = hash((a.value, row[start.name], b.value, row[end.name], *cells[: len(decl.keys)]))
            if link in seen:
                defer(row)
                return
            seen.add(link)
            out = files.relationship(decl.name, decl.rel.value, a, b, props)
            for value in cells:
                files.note_text(value)
            out.write([row[start.name], row[end.name], *map(cell, cells), decl.name, files.run])

        return take
