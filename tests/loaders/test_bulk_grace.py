"""`hub import`'s partitioned key check (loaders.bulk_grace) against the in-memory one.

Whatever the number of partitions, step 1 must leave the same importer files,
deferred rows and reject report, byte for byte, with the same counts; the
budget decides the number of partitions; a file that is not UTF-8 still stops
the import with the rows before it reported.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from hub.bulk_cli import import_local, parser
from loaders.bulk_check import DEFAULT_MEMORY_MB, prepare
from loaders.bulk_grace import BYTES_PER_KEY, partitions_for
from loaders.folder import LoadError, plan_folder
from loaders.generate import generate
from runtime.settings import Settings
from tests.loaders.test_bulk import folder_text
from tests.loaders.test_load import write_folder
from tools import neo4j_local


def _step_one(folder: Path, work: Path, partitions: int | None, workers: int = 0) -> dict[str, bytes]:
    """Every file step 1 leaves in `work` (the reject report among them), by relative path."""
    work.mkdir(parents=True)
    prepare(
        folder, work, "RUN", work / "rejects.csv", lambda _n, _r: None, partitions=partitions, workers=workers
    )
    assert not (work / "grace").exists()  # the partitions are removed
    files = {p.relative_to(work).as_posix(): p.read_bytes() for p in work.rglob("*") if p.is_file()}
    saved = json.loads(files.pop("manifest.json"))
    assert saved["reject_report"] == str(work / "rejects.csv")
    files["results"] = json.dumps([saved["results"], saved["deferred"]]).encode()
    return files


def _broken(folder: Path) -> Path:
    """A generated folder with every kind of row the check treats apart."""
    generate(300, folder, seed=5, progress=False)

    def edit(name: str, change: object) -> None:
        path = folder / name
        header, *rows = path.read_text(encoding="utf-8").splitlines()
        rows = change(rows)  # type: ignore[operator]
        path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")

    def bad_date(row: str) -> str:
        return re.sub(r",\d{4}-\d\d-\d\d,", ",2026-02-30,", row, count=1)

    edit("enterprises.csv", lambda rows: rows[5:])  # references to them are missing now
    # Missing products: their batches, those batches' trace codes and inspections (a
    # reference whose label its kind column names) go missing in turn.
    edit("products.csv", lambda rows: rows[3:])
    edit("batches.csv", lambda rows: rows + rows[-7:])  # later rows of a key: deferred
    edit("shipments.csv", lambda rows: [*rows[:3], bad_date(rows[0]), *rows[3:], *rows[10:14]])
    edit("shipment_batches.csv", lambda rows: [*rows, *rows[:9], "NOPE,B0000001,3,pcs"])
    edit("inspections.csv", lambda rows: [r.replace(",batch,", ",parcel,", 1) for r in rows[:4]] + rows[4:])
    return folder


@pytest.mark.parametrize(("partitions", "workers"), [(2, 0), (8, 0), (1, 1), (4, 2)])
def test_partitioned_check_leaves_the_same_files_and_report(
    tmp_path: Path, partitions: int, workers: int
) -> None:
    """In partitions, with the files read and checked in other processes, or both: the same result."""
    folder = _broken(tmp_path / "in")
    memory = _step_one(folder, tmp_path / "one", None)
    split = _step_one(folder, tmp_path / "many", partitions, workers)
    assert sorted(split) == sorted(memory)
    assert [name for name in memory if split[name] != memory[name]] == []
    rejects = memory["rejects.csv"].decode().splitlines()
    assert len(rejects) > 20 and any("shipments.csv" in line for line in rejects)
    assert memory["deferred/batches.csv.jsonl"] and memory["deferred/shipment_batches.csv.jsonl"]


def test_partitioned_check_of_the_corrections_folder(tmp_path: Path) -> None:
    """The hub load test folder: corrections, repeated links, broken rows, a poly reference."""
    folder = write_folder(tmp_path / "in", folder_text())
    memory = _step_one(folder, tmp_path / "one", None)
    assert memory["rejects.csv"].count(b"\n") == 4  # header + the three rejected rows
    assert _step_one(folder, tmp_path / "many", 4) == memory


def test_the_budget_sets_the_partitions(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in", folder_text())
    inputs, _ = plan_folder(folder)
    assert partitions_for(inputs, 256) == 1
    lines = sum(len(text.splitlines()) for text in folder_text().values())
    # A budget under the keys' bytes splits them: the smallest power of two that fits.
    assert partitions_for(inputs, 0) == 128
    need = lines * BYTES_PER_KEY
    assert need < 2**20  # the whole folder needs far less than 1 MB: one partition
    assert partitions_for(inputs, 1) == 1


def test_a_file_that_is_not_utf8_stops_with_the_same_report(tmp_path: Path) -> None:
    folder = _broken(tmp_path / "in")
    with (folder / "shipment_batches.csv").open("ab") as stream:
        stream.write(b"S0000001,B\xff,1,\n")
    reports = []
    for partitions, workers in ((None, 0), (4, 0), (2, 1)):
        work = tmp_path / f"w{partitions}-{workers}"
        work.mkdir()
        with pytest.raises(LoadError, match="UTF-8"):
            prepare(
                folder,
                work,
                "RUN",
                work / "rejects.csv",
                lambda _n, _r: None,
                partitions=partitions,
                workers=workers,
            )
        assert not (work / "manifest.json").exists()  # step 3 has nothing to finish
        reports.append((work / "rejects.csv").read_bytes())
    assert reports[0] == reports[1] == reports[2] and b"shipment_batches.csv" in reports[0]


async def test_a_failed_check_imports_nothing(tmp_path: Path, bulk_home: Path) -> None:
    """Step 1 fails (a file is not UTF-8) with check workers and partitions: no store, no server."""
    folder = _broken(tmp_path / "in")
    with (folder / "shipments.csv").open("ab") as stream:
        stream.write(b"S\xff,inbound,express,declared,2026-03-03,,,,,,,,,,,,,\n")
    settings = dataclasses.replace(Settings.from_env(), neo4j_heap_mb=384, neo4j_pagecache_mb=64)
    with pytest.raises(LoadError, match="UTF-8"):
        await import_local(
            folder,
            settings,
            home=bulk_home,
            work=tmp_path / "work",
            rejects=tmp_path / "rejects.csv",
            progress=False,
            memory_mb=16,
            workers=1,
        )
    assert neo4j_local.status(bulk_home) is None
    assert not (bulk_home / "dbms" / "data" / "databases" / settings.neo4j_database).exists()
    assert not (tmp_path / "work" / "manifest.json").exists()
    assert b"shipments.csv" in (tmp_path / "rejects.csv").read_bytes()  # rows before the bad line


def test_the_command_takes_a_budget_and_workers() -> None:
    args = parser().parse_args(["in", "--memory-mb", "64", "--check-workers", "1"])
    assert (args.memory_mb, args.check_workers) == (64, 1)
    assert parser().parse_args(["in"]).memory_mb == DEFAULT_MEMORY_MB
    for bad in (["--memory-mb", "8"], ["--check-workers", "9"]):
        with pytest.raises(SystemExit):
            parser().parse_args(["in", *bad])
