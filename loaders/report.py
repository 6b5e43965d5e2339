"""What a load did: per-file counts, the reject report and the summary."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final

from loaders.rows import RowError

REJECT_COLUMNS: Final = ("file", "line", "field", "value", "reason")


@dataclass
class FileResult:
    file: str
    read: int = 0
    loaded: int = 0
    rejected: int = 0
    seconds: float = 0.0

    @property
    def rows_per_s(self) -> float:
        return self.read / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "read": self.read,
            "loaded": self.loaded,
            "rejected": self.rejected,
            "seconds": round(self.seconds, 3),
            "rows_per_s": round(self.rows_per_s, 1),
        }


@dataclass
class LoadSummary:
    run_id: str
    folder: str
    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    reject_report: Path | None = None
    ignored: list[str] = field(default_factory=list)  # *.csv files that are not input files
    interrupted: list[str] = field(default_factory=list)  # earlier runs found dead and marked so
    phases: dict[str, float] = field(default_factory=dict)  # `hub import`: seconds per step
    # `hub import`: CPU seconds of this process per step, and the importer's CPU seconds and peak RSS
    usage: dict[str, float] = field(default_factory=dict)

    @property
    def read(self) -> int:
        return sum(f.read for f in self.files)

    @property
    def loaded(self) -> int:
        return sum(f.loaded for f in self.files)

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)

    @property
    def ok(self) -> bool:
        """True when every row read was loaded."""
        return self.rejected == 0

    def file(self, name: str) -> FileResult:
        return next(f for f in self.files if f.file == name)

    def counts(self) -> dict[str, dict[str, int]]:
        return {f.file: {"read": f.read, "loaded": f.loaded, "rejected": f.rejected} for f in self.files}

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "folder": self.folder,
            "ok": self.ok,
            "read": self.read,
            "loaded": self.loaded,
            "rejected": self.rejected,
            "seconds": round(self.seconds, 3),
            "rows_per_s": round(self.read / self.seconds, 1) if self.seconds > 0 else 0.0,
            "reject_report": str(self.reject_report) if self.reject_report else None,
            "ignored": self.ignored,
            "interrupted": self.interrupted,
            "files": [f.to_dict() for f in self.files],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def table(self) -> str:
        """A human summary: one line per file and a total."""
        head = f"{'file':<28} {'read':>10} {'loaded':>10} {'rejected':>9} {'seconds':>8} {'rows/s':>9}"
        lines = [head, "-" * len(head)]
        for f in [*self.files, self._total()]:
            lines.append(
                f"{f.file:<28} {f.read:>10,} {f.loaded:>10,} {f.rejected:>9,} "
                f"{f.seconds:>8.2f} {f.rows_per_s:>9,.0f}"
            )
        lines.insert(len(lines) - 1, "-" * len(head))
        return "\n".join(lines)

    def _total(self) -> FileResult:
        return FileResult("total", self.read, self.loaded, self.rejected, self.seconds)


class RejectWriter:
    """Streams row errors to a CSV report, created on the first error unless `always`."""

    def __init__(self, path: Path, *, always: bool, append: bool = False) -> None:
        self.path = path
        self.count = 0
        self.append = append  # add to an existing report (`hub import`'s last step)
        self._stream: IO[str] | None = None
        self._writer: Any = None
        if always:
            self._open()

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        more = self.append and self.path.exists() and self.path.stat().st_size > 0
        self._stream = self.path.open("a" if more else "w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._stream)
        if not more:
            self._writer.writerow(REJECT_COLUMNS)

    def write(self, errors: list[RowError]) -> None:
        if not errors:
            return
        if self._stream is None:
            self._open()
        self._writer.writerows((e.file, e.line, e.field, e.value, e.reason) for e in errors)
        self.count += len(errors)

    @property
    def written(self) -> bool:
        return self._stream is not None

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()


def read_rejects(path: Path) -> list[RowError]:
    """The errors in a reject report (for tests and tools)."""
    with path.open(encoding="utf-8", newline="") as stream:
        return [
            RowError(r["file"], int(r["line"]), r["field"], r["value"], r["reason"])
            for r in csv.DictReader(stream)
        ]
