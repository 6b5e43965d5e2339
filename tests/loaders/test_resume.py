"""Loads that die (kill -9), files unreadable half-way, inputs too big to echo."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver

from loaders.cli import main
from loaders.load import LoadError, load_folder
from loaders.report import read_rejects
from loaders.runs import is_interrupted, recent_runs
from tests.conftest import DATABASE
from tests.loaders.test_load import query, write_folder

ROOT = Path(__file__).resolve().parents[2]
GTIN_BAD = "6901234567891"


def products(n: int, bad_every: int = 0) -> str:
    lines = ["product_id,name,hs_code,gtin"]
    for i in range(1, n + 1):
        gtin = GTIN_BAD if bad_every and i % bad_every == 0 else ""
        lines.append(f"PR{i},Product {i},190110,{gtin}")
    return "\n".join(lines) + "\n"


async def _runs(driver: AsyncDriver) -> dict[str, dict[str, Any]]:
    return {r["run"]: r for r in await recent_runs(driver, DATABASE)}


def test_the_interrupted_rule() -> None:
    assert is_interrupted("h", 1, 121, here="h")  # silent for longer than STALE_AFTER_S
    assert is_interrupted("other-host", None, 500, here="h")
    assert not is_interrupted("other-host", 1, 5, here="h")  # another host's live run: trust its heartbeat
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    assert is_interrupted("h", dead.pid, 0, here="h")  # same host, process gone
    assert not is_interrupted("h", os.getpid(), 0, here="h")


async def test_kill_9_mid_file_then_a_rerun_finishes(
    graph: AsyncDriver, neo4j_uri: str, tmp_path: Path
) -> None:
    rows, bad_every = 200_000, 1000
    folder = write_folder(tmp_path / "in", {"products.csv": products(rows, bad_every)})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    loader = subprocess.Popen(
        [sys.executable, "-m", "loaders.cli", str(folder), "--uri", neo4j_uri, "--batch-size", "500"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        checkpoint = None
        while checkpoint is None:  # until a few batches are committed
            assert loader.poll() is None, "the loader finished before it could be killed"
            found = await query(graph, "MATCH (r:LoadRun) WHERE r.line > 5000 RETURN r.line AS line")
            checkpoint = found[0]["line"] if found else None
            await asyncio.sleep(0.05)
        os.kill(loader.pid, signal.SIGKILL)
        assert loader.wait() == -signal.SIGKILL
    finally:
        if loader.poll() is None:
            loader.kill()

    [run] = (await _runs(graph)).values()
    assert run["status"] == "interrupted" and run["file"] == "products.csv"
    # Each batch commits with its checkpoint: the graph holds exactly the valid rows before it.
    [stored] = await query(graph, "MATCH (r:LoadRun) MATCH (p:Product) RETURN r.line AS line, count(p) AS n")
    before = stored["line"] - 1
    assert stored["n"] == before - before // bad_every

    summary = await load_folder(graph, DATABASE, folder, run_id="rerun", reject_report=tmp_path / "r.csv")
    assert summary.interrupted == [f"run {run['run']} ({folder.resolve()}) was interrupted after products.csv "
                                   f"line {stored['line']}"]  # fmt: skip
    assert (summary.read, summary.loaded, summary.rejected) == (
        rows,
        rows - rows // bad_every,
        rows // bad_every,
    )
    [count] = await query(graph, "MATCH (p:Product) RETURN count(p) AS n, count(DISTINCT p.productId) AS d")
    assert count == {"n": rows - rows // bad_every, "d": rows - rows // bad_every}
    runs = await _runs(graph)
    assert runs["rerun"]["status"] == "done" and runs[run["run"]]["status"] == "interrupted"


async def test_invalid_utf8_half_way_is_reported_at_its_line(graph: AsyncDriver, tmp_path: Path) -> None:
    text = products(12).encode()
    lines = text.split(b"\n")
    lines[7] = lines[7].replace(b"Product", b"Pr\xffoduct")  # physical line 8
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "products.csv").write_bytes(b"\n".join(lines))
    with pytest.raises(LoadError, match=r"products.csv: not UTF-8 text at line 8, byte 7;"):
        await load_folder(graph, DATABASE, folder, run_id="utf", batch_size=4)
    # Every row before line 8 was written (PR1..PR6), nothing from it on.
    ids = await query(
        graph, "MATCH (p:Product) RETURN p.productId AS id ORDER BY toInteger(substring(id, 2))"
    )
    assert [r["id"] for r in ids] == [f"PR{i}" for i in range(1, 7)]
    [run] = await query(graph, "MATCH (r:LoadRun {runId: 'utf'}) RETURN r.status AS s, r.error AS e")
    assert run["s"] == "failed" and "line 8" in run["e"]


def test_errors_stay_short(
    graph: AsyncDriver, neo4j_uri: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wide = write_folder(
        tmp_path / "wide", {"persons.csv": ",".join(f"c{i}" for i in range(1_000_000)) + "\n"}
    )
    assert main([str(wide), "--uri", neo4j_uri]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and len(err) < 600, err[:600]
    assert "and 999,995 more column problems" in err

    long = "9" * 100_000
    folder = write_folder(
        tmp_path / "long", {"persons.csv": f"person_id,name,nationality\n{long},x,{long}\n"}
    )
    report = tmp_path / "rejects.csv"
    assert main([str(folder), "--uri", neo4j_uri, "--rejects", str(report)]) == 1
    capsys.readouterr()
    [error] = read_rejects(report)
    assert error.field == "nationality" and len(error.value) < 120 and len(error.reason) < 400
    assert error.value.endswith("... (100,000 characters)")

    assert main(["--runs", "--uri", neo4j_uri, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["status"] for r in listed] == ["done"]
