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
The keys and links seen so far are kept as 64-bit digests (loaders.bulk_keys,
which says why a collision is never a silently wrong graph).

Memory: rows are streamed; what grows is 16-32 bytes per node key and per
relationship-file link (a Python set of the keys took about 100 bytes each).
When those would not fit the budget (`memory_mb`), loaders.bulk_grace checks
the keys in partitions on disk instead, with the same result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from graph_schema.declare import Column, FileDecl, LinkFile, NodeFile
from graph_schema.model import Label
from loaders.bulk_files import CONVERT, ImporterFiles, link_props
from loaders.bulk_keys import Keys
from loaders.bulk_route import DECLS, key_of
from loaders.bulk_work import Deferred
from loaders.folder import InputFile, read_rows
from loaders.report import FileResult, RejectWriter
from loaders.rows import RowError, missing_reference
from loaders.specs import Row


@dataclass
class Prepared:
    files: ImporterFiles
    results: list[FileResult] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)  # input files with rows in deferred/


class Preparer:
    """Streams the input files into importer files, deferred rows and rejects.

    The per-row work is planned once per file (which key set each reference
    column looks in, which importer file each link goes to), so that a row
    costs a few set look-ups and one CSV line per node or link.
    """

    def __init__(self, out: Path, run: str, rejects: RejectWriter, progress: Callable[[str, int], None]):
        (out / "deferred").mkdir(parents=True, exist_ok=True)
        self.out = out
        self.prepared = Prepared(ImporterFiles(out, run))
        self.rejects = rejects
        self.progress = progress
        self.keys: dict[Label, Keys] = {}

    def file(self, item: InputFile) -> FileResult:
        decl = DECLS[item.spec.name]
        result = FileResult(decl.name)
        self.prepared.results.append(result)
        deferred = Deferred(self.out, decl.name, self.prepared.deferred)

        def reject(errors: list[RowError]) -> None:
            result.read += 1
            result.rejected += 1
            self.rejects.write(errors)

        take = self._taker(decl, deferred.write)
        refs = [c for c in decl.columns if c.ref is not None]
        fixed = [(c.name, self._keys(c.ref)) for c in refs if isinstance(c.ref, Label)]
        poly = [(c.name, *self._by_kind(c)) for c in refs if not isinstance(c.ref, Label)]
        read = loaded = 0
        try:
            for row in read_rows(item, reject):
                read += 1
                bad = False
                for name, keys in fixed:
                    value = row[name]
                    if value is not None and value not in keys:
                        bad = True
                        break
                else:
                    for name, kind_column, by_kind in poly:
                        value = row[name]
                        if value is not None and value not in by_kind.get(str(row[kind_column]), _NONE):
                            bad = True
                            break
                if bad:
                    missing = [c for c in refs if row[c.name] is not None and not self._exists(c, row)]
                    self.rejects.write([missing_reference(decl.name, c, row) for c in missing])
                else:
                    loaded += 1
                    take(row)
                if read % 50_000 == 0:
                    self.progress(decl.name, result.read + read)
        finally:
            result.read += read
            result.loaded += loaded
            result.rejected += read - loaded
            deferred.close()
        return result

    def close(self) -> None:
        """Nothing to remove: the keys were in memory."""

    def _keys(self, label: Label) -> Keys:
        found = self.keys.get(label)
        if found is None:
            found = self.keys[label] = Keys()
        return found

    def _by_kind(self, column: Column) -> tuple[str, dict[str, Keys]]:
        """A reference whose label a kind column names: that column and a key set per kind value."""
        assert isinstance(column.ref, tuple)
        kind_column, labels = column.ref
        return kind_column, {kind: self._keys(label) for kind, label in labels.items()}

    def _exists(self, column: Column, row: Row) -> bool:
        label = column.ref_label(row)
        return label is not None and row[column.name] in self._keys(label)

    def _taker(self, decl: FileDecl, defer: Callable[[Row], None]) -> Callable[[Row], None]:
        """What an accepted row does: the first row of a key (a link) is imported, a later one deferred."""
        row_key = key_of(decl)
        if row_key is None:  # a statement of its own (append-only rule versions): written after
            return defer
        seen = self._keys(decl.label) if isinstance(decl, NodeFile) else Keys()
        add, emit = seen.add, self.emitter(decl)

        def take(row: Row) -> None:
            if add(row_key(row)):
                emit(row)
            else:
                defer(row)  # a later row of a key: hub load's write statement applies it

        return take

    def emitter(self, decl: FileDecl) -> Callable[[Row], None]:
        """Writes an accepted, first row to the importer's files."""
        return self._node_emitter(decl) if isinstance(decl, NodeFile) else self._link_emitter(decl)

    def _node_emitter(self, decl: NodeFile) -> Callable[[Row], None]:
        key = decl.columns[0].name
        write = self.prepared.files.node_writer(decl).write
        files = self.prepared.files
        links = [
            (c.name, c.ref if isinstance(c.ref, Label) else None, c)
            for c in decl.columns[1:]
            if c.ref is not None and c.rel is not None
        ]
        outs: dict[tuple[str, Label], Callable[[list[Any]], object]] = {}
        name, run = decl.name, files.run

        def out(column: Column, label: Label) -> Callable[[list[Any]], object]:
            assert column.rel is not None
            start, end = (label, decl.label) if column.inbound else (decl.label, label)
            found = outs[column.name, label] = files.relationship(
                name, column.rel.value, start, end, []
            ).write
            return found

        def emit(row: Row) -> None:
            node = row[key]
            write(row)
            seen: list[tuple[Label, str]] = []
            for column_name, fixed_label, column in links:
                other = row[column_name]
                if other is None:
                    continue
                label = fixed_label or column.ref_label(row)
                if label is None or (label, other) in seen:
                    continue
                seen.append((label, other))  # both agencies of an arrangement may be one
                put = outs.get((column_name, label)) or out(column, label)
                put([other, node, name, run] if column.inbound else [node, other, name, run])

        return emit

    def _link_emitter(self, decl: LinkFile) -> Callable[[Row], None]:
        by_name = {c.name: c for c in decl.columns}
        start, end = by_name[decl.start], by_name[decl.end]
        start_name, end_name = start.name, end.name
        props = link_props(decl)
        convert = [(c.name, CONVERT.get(c.kind)) for c in props]
        files = self.prepared.files
        outs: dict[tuple[Label, Label], Callable[[list[Any]], object]] = {}
        rel, source, run = decl.rel.value, decl.name, files.run

        fixed_a = start.ref if isinstance(start.ref, Label) else None
        fixed_b = end.ref if isinstance(end.ref, Label) else None

        def emit(row: Row) -> None:
            a, b = fixed_a or start.ref_label(row), fixed_b or end.ref_label(row)
            assert a is not None and b is not None
            put = outs.get((a, b))
            if put is None:
                put = outs[a, b] = files.relationship(source, rel, a, b, props).write
            cells = [row[start_name], row[end_name]]
            for column, conv in convert:
                value = row[column]
                cells.append(value if conv is None or value is None else conv(value))
            cells += (source, run)
            put(cells)

        return emit


_NONE: Final = Keys()  # the keys of a kind value that names no label
