"""Incremental `hub load`s of shipments into a loaded store, for bench/load.py.

An increment is a folder with shipments.csv and shipment_batches.csv: the
loaded folder's shipments (cycled) under new ids (`<tag><n>`), with their
batch links. Loading it is the incremental case the loader is for: new
shipments whose parties, declarations and batches are already in the graph.
Loading it a second time is a reload: every shipment exists, so the
corrections rule (docs/data-format.md) reads and replaces its links.

Each load runs in a child process from a source tree (this one, or another
version given to bench/load.py --compare), so that two versions of the loader
are measured back to back on the same Neo4j and the same machine load.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

TICK = os.sysconf("SC_CLK_TCK")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of process `pid` so far (all its threads, GC included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def gc_s(pid: int) -> float | None:
    """The JVM's total GC pause time so far (jstat), None without jstat."""
    jstat = shutil.which("jstat")
    if jstat is None:
        return None
    out = subprocess.run([jstat, "-gcutil", str(pid)], capture_output=True, text=True, check=False).stdout
    lines = out.split("\n")
    if len(lines) < 2 or "GCT" not in lines[0]:
        return None
    return float(lines[1].split()[lines[0].split().index("GCT")])


# Run by the child: one `load_folder` of an increment, its per-file results as JSON.
CHILD = """
import asyncio, json, sys, time
from pathlib import Path
from neo4j import AsyncGraphDatabase
from loaders.load import load_folder

async def main():
    uri, folder, batch, rejects = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
    driver = AsyncGraphDatabase.driver(uri, notifications_min_severity="OFF")
    extra = {"batch_size": batch} if batch else {}
    try:
        summary = await load_folder(driver, "neo4j", folder, progress=False, reject_report=rejects, **extra)
    finally:
        await driver.close()
    print(json.dumps({f.file: [f.read, f.loaded, f.rejected, f.seconds] for f in summary.files}))

asyncio.run(main())
"""


def make_increment(folder: Path, out: Path, tag: str, count: int) -> Path:
    """`count` new shipments (ids `<tag>0000001`...) with their batch links, from `folder`'s."""
    out.mkdir(parents=True, exist_ok=True)
    with open(folder / "shipments.csv", newline="", encoding="utf-8") as stream:
        reader = csv.reader(stream)
        ship_header = next(reader)
        shipments = list(reader)
    links: dict[str, list[list[str]]] = {}
    with open(folder / "shipment_batches.csv", newline="", encoding="utf-8") as stream:
        reader = csv.reader(stream)
        link_header = next(reader)
        for row in reader:
            links.setdefault(row[0], []).append(row)
    with (
        open(out / "shipments.csv", "w", newline="", encoding="utf-8") as ships,
        open(out / "shipment_batches.csv", "w", newline="", encoding="utf-8") as carried,
    ):
        ship_w, link_w = csv.writer(ships, lineterminator="\n"), csv.writer(carried, lineterminator="\n")
        ship_w.writerow(ship_header)
        link_w.writerow(link_header)
        for n in range(count):
            source = shipments[n % len(shipments)]
            new_id = f"{tag}{n + 1:07d}"
            ship_w.writerow([new_id, *source[1:]])
            for link in links.get(source[0], []):
                link_w.writerow([new_id, *link[1:]])
    return out


def load_in_child(code: Path, uri: str, folder: Path, batch_size: int, rejects: Path) -> dict[str, Any]:
    """One `hub load` of `folder` by the loader of source tree `code`: per file read, loaded, rejected, s."""
    env = os.environ | {"PYTHONPATH": str(code)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, uri, str(folder), str(batch_size), str(rejects)],
        cwd=code,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    files: dict[str, list[Any]] = json.loads(done.stdout.strip().splitlines()[-1])
    for name, (read, loaded, rejected, _) in files.items():
        if rejected or read != loaded:
            raise RuntimeError(f"{code}: {name}: {rejected} of {read} rows rejected (see {rejects})")
    return files


def shipment_rate(files: dict[str, Any]) -> tuple[float, float]:
    """shipments.csv rows/s and (shipments + shipment_batches rows)/s over both files' time."""
    ships, links = files["shipments.csv"], files["shipment_batches.csv"]
    return ships[0] / ships[3], (ships[0] + links[0]) / (ships[3] + links[3])


def run_increments(
    folder: Path,
    work: Path,
    uri: str,
    count: int,
    batch_size: int,
    codes: dict[str, Path],
    rounds: int,
    neo4j_pid: int,
    warmup: int = 0,
) -> dict[str, Any]:
    """New shipments then their reload, by each source tree in `codes`, alternately; rows/s per load.

    Also Neo4j's CPU and GC pause time per shipment row (both files' work over
    shipments.csv's rows): on a loaded machine wall-clock rates say little, the
    server's CPU per row says what a quiet machine would do.
    """
    results: dict[str, dict[str, list[float]]] = {
        name: {"new": [], "reload": [], "new_with_links": [], "reload_with_links": []} for name in codes
    }
    cpu: dict[str, dict[str, list[float]]] = {name: {"new": [], "reload": []} for name in codes}
    for i, (name, code) in enumerate(codes.items()):
        if warmup > 0:  # a JVM that has not run these statements yet spends its CPU compiling them
            inc = make_increment(folder, work / f"inc-W{i}", f"W{i}", warmup)
            for phase in ("new", "reload"):
                load_in_child(code, uri, inc, batch_size, work / f"rejects-W{i}-{phase}.csv")
            print(f"  warm-up  {name:<8} {warmup:,} shipments, new and reload", file=sys.stderr, flush=True)
    for r in range(rounds):
        for i, (name, code) in enumerate(codes.items()):
            tag = f"X{r}{i}"  # fresh ids per version and round: each measures the same work
            inc = make_increment(folder, work / f"inc-{tag}", tag, count)
            for phase in ("new", "reload"):
                cpu0, gc0 = cpu_s(neo4j_pid), gc_s(neo4j_pid)
                files = load_in_child(code, uri, inc, batch_size, work / f"rejects-{tag}-{phase}.csv")
                used, gc1 = cpu_s(neo4j_pid) - cpu0, gc_s(neo4j_pid)
                gc = "" if gc0 is None or gc1 is None else f", GC pauses {gc1 - gc0:.1f} s"
                cpu[name][phase].append(1e6 * used / count)
                ships, both = shipment_rate(files)
                results[name][phase].append(ships)
                results[name][phase + "_with_links"].append(both)
                print(
                    f"  round {r + 1} {name:<8} {phase:<7} {count:>9,} shipments "
                    f"{files['shipments.csv'][3]:>7.2f} s {ships:>9,.0f} shipment rows/s   "
                    f"(+{files['shipment_batches.csv'][0]:,} links: {both:>9,.0f} rows/s)   "
                    f"neo4j CPU {1e6 * used / count:,.0f} us/shipment{gc}   load {os.getloadavg()[0]:.1f}",
                    file=sys.stderr,
                    flush=True,
                )
    summary: dict[str, Any] = {
        name: {k: round(max(v)) for k, v in phases.items()}
        | {f"{k}_neo4j_cpu_us_per_shipment": round(min(v)) for k, v in cpu[name].items()}
        for name, phases in results.items()
    }
    if len(codes) == 2:
        base, new = list(codes)
        summary["ratio"] = {
            phase: round(summary[new][phase] / summary[base][phase], 2) for phase in results[new]
        }
    return summary
