"""What step 1 of `hub import` leaves in its work folder besides the importer's files:
the manifest that step 3 reads (a Docker user runs step 3 later) and the
deferred rows (`deferred/<file>.jsonl`, written by `hub load`'s statements in step 3).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

from loaders.specs import Row

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


class Deferred:
    """deferred/<file>.jsonl, opened on the first deferred row of the file (listed in `names` then)."""

    def __init__(self, out: Path, name: str, names: list[str]) -> None:
        self.path, self.name, self.names = out / "deferred" / (name + ".jsonl"), name, names
        self.stream: IO[str] | None = None

    def write(self, row: Row) -> None:
        if self.stream is None:
            self.stream = self.path.open("w", encoding="utf-8")
            self.names.append(self.name)
        self.stream.write(json.dumps(row, separators=(",", ":")) + "\n")

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()
