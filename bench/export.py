"""Benchmark the recall export: the hub's CSV stream against the bare driver, in one run.

    python bench/export.py [--scale 100000] [--rows 100000] [--recall ID] [--repeat 3]
                           [--sort declaredOn] [--home var/bench-export-neo4j] [--stop] [--parts] [--fetch N]
                           [--compare REV]

Starts (or reuses) a local Neo4j under --home loaded with scale `scale`
(bench/common.py; a home that `python bench/load.py --mode bulk --keep` filled
can be passed with --home). Without --recall it exports R-BENCH-EXPORT, a
recall of whole products (the biggest first) whose export has at least --rows
rows, created once. Then, alternating, `--repeat` times each, both writing
their CSV to /dev/null through a text file (what `hub export --out` does):
- bare: the simplest client a user would write with the Python driver over
  the SAME rows: the export's own Cypher (same scope, visibility, sort and
  columns, hub.data.exports.sorted_rows + PARTIES) returning one record per
  row with the columns as keys, `async for record in result:
  writer.writerow(record.values())` with the csv module and the driver's
  defaults. No formula quoting (the generated data holds no formula cells;
  the bench checks that both CSVs are the same bytes);
- hub: hub.data.exports.csv_chunks, the code behind GET /exports/... and
  `hub export` (statement, formula quoting, CSV text), asking for --fetch
  records (chunks) per request (default hub.data.exports.FETCH; -1: all,
  Neo4j then streams until the socket pushes back).
With --compare REV, a third side "base" runs hub/data/exports.py as it was
at git revision REV (e.g. bb48505, before session 6): old and new in one run.
With --parts, instead: Neo4j's CPU seconds for cuts of the export statement
(the scope alone; scope and sort; rows with the shipment's and batch's cells
but no parties; the whole statement), each read to the end by the driver with
no CSV written, alternating, `--repeat` times: where Neo4j's time goes.
Otherwise prints each one's median rows/s, bare/hub (target <= 1.2), the hub's RSS
after the first tenth of the rows and at the end (memory flat: the same),
whether the two CSVs are identical, and the load average; then a line of
JSON. The server keeps running (stop: --stop, or `python -c "from tools
import neo4j_local; neo4j_local.stop(...)"`).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import hashlib
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from types import ModuleType
from typing import Any, Final, LiteralString, Protocol

import neo4j
from common import ROOT, prepare_local  # bench/common.py; puts ROOT on sys.path
from neo4j import AsyncDriver, AsyncGraphDatabase

from hub.auth import Principal, Role
from hub.data.exports import (
    CELLS,
    COLUMNS,
    EXPORT,
    FETCH,
    PARTIES,
    SCOPE,
    ExportSort,
    csv_chunks,
    sorted_rows,
)
from runtime.db import one_map, used_params
from tools import neo4j_local

HOME = ROOT / "var" / "bench-export-neo4j"
DATABASE = "neo4j"
BENCH_RECALL = "R-BENCH-EXPORT"

PRODUCT_ROWS: Final[LiteralString] = (
    "MATCH (p:Product)<-[:OF_PRODUCT]-(:Batch)<-[c:CARRIES]-(:Shipment)"
    " WITH p, count(c) AS n ORDER BY n DESC, p.productId RETURN p.productId AS id, n"
)
MAKE_RECALL: Final[LiteralString] = (
    "MERGE (r:Recall {recallId: $id}) SET r.measure = 'mandatory_recall', r.title = $id,"
    " r.riskLevel = 'high', r.status = 'open', r.issuedOn = date('2026-01-01')"
    " WITH r UNWIND $products AS pid MATCH (p:Product {productId: pid}) MERGE (r)-[:TARGETS]->(p)"
)
EXISTS: Final[LiteralString] = "MATCH (r:Recall {recallId: $id}) RETURN count(r) AS n"


def bare_statement(sort: ExportSort) -> LiteralString:
    """The export's rows, one record each, columns named as the CSV header."""
    cells = ", ".join(cell + " AS " + name for cell, name in zip(CELLS, COLUMNS, strict=True))
    return sorted_rows(sort) + PARTIES + " RETURN " + cells


def parts(sort: ExportSort) -> dict[str, LiteralString]:
    """Cuts of EXPORT[sort]: each adds one step of the whole statement (--parts)."""
    refs: LiteralString = sorted_rows(sort) + " WITH collect([bcols, c, s]) AS refs"
    chunked: LiteralString = (
        refs + " UNWIND range(0, size(refs) - 1, $chunk) AS i CALL (refs, i) {"
        " UNWIND refs[i..i + $chunk] AS ref WITH ref[0] AS bcols, ref[1] AS c, ref[2] AS s"
    )
    no_parties: LiteralString = ", ".join(CELLS[:20])  # up to delivered_on: the shipment's and batch's cells
    return {
        "scope": SCOPE + " RETURN [count(*)] AS rows",
        "scope+sort": refs + " RETURN [size(refs)] AS rows",
        "no parties": chunked + " RETURN collect([" + no_parties + "]) AS rows } RETURN rows",
        "whole": EXPORT[sort],
    }


async def neo4j_parts(
    uri: str, neo4j_pids: list[int], recall: str | None, rows_wanted: int, sort: ExportSort, repeat: int
) -> dict[str, Any]:
    who = Principal("bench", Role.ADMIN, "bench")
    driver = AsyncGraphDatabase.driver(uri, notifications_min_severity="OFF")
    cpu: dict[str, list[float]] = {}
    try:
        recall = recall or await bench_recall(driver, rows_wanted)
        params = {"id": recall, "chunk": 1000, **who.cypher_params()}
        for round_ in range(repeat + 1):  # the first round warms plans and the page cache
            for name, statement in parts(sort).items():
                text, sent = one_map(statement, params)
                before = cpu_s(neo4j_pids)
                async with driver.session(
                    database=DATABASE, default_access_mode=neo4j.READ_ACCESS
                ) as session:
                    result = await session.run(text, sent)
                    rows = sum([len(record[0]) async for record in result])
                if round_:
                    cpu.setdefault(name, []).append(cpu_s(neo4j_pids) - before)
                    print(f"  {name:<11} Neo4j CPU {cpu[name][-1]:5.2f} s ({rows:,} rows)", file=sys.stderr)
    finally:
        await driver.close()
    return {
        "recall": recall,
        "sort": sort.value,
        "neo4j_cpu_s": {name: round(statistics.median(v), 2) for name, v in cpu.items()},
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


TICK: Final = os.sysconf("SC_CLK_TCK")


class Sink(Protocol):
    """Where a CSV goes: /dev/null in the timed runs, a Digest to compare the two."""

    def write(self, text: str, /) -> int: ...


def cpu_s(pids: list[int]) -> float:
    """User + system CPU seconds used so far by `pids` (Linux /proc; gone ones count 0)."""
    total = 0.0
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        total += (int(fields[11]) + int(fields[12])) / TICK
    return total


def descendants(pid: int) -> list[int]:
    """`pid` and the processes under it (the Neo4j launcher and its JVM)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                text = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(text[text.rindex(")") + 2 :].split()[1])
    members = {pid}
    while more := {child for child, parent in parents.items() if parent in members} - members:
        members |= more
    return sorted(members)


def own_cpu_s() -> float:
    with open("/proc/self/stat") as stream:
        text = stream.read()
    fields = text[text.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_mb() -> float:
    with open("/proc/self/statm") as stream:
        return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


async def bench_recall(driver: AsyncDriver, rows: int) -> str:
    """R-BENCH-EXPORT: whole products, biggest first, until the export has `rows` rows."""
    records, _, _ = await driver.execute_query(EXISTS, id=BENCH_RECALL, database_=DATABASE)
    if records[0]["n"]:
        return BENCH_RECALL
    records, _, _ = await driver.execute_query(PRODUCT_ROWS, database_=DATABASE)
    picked, total = [], 0
    for record in records:
        if total >= rows:
            break
        picked.append(record["id"])
        total += record["n"]
    await driver.execute_query(MAKE_RECALL, id=BENCH_RECALL, products=picked, database_=DATABASE)
    print(f"recall {BENCH_RECALL}: {len(picked):,} products, {total:,} rows", file=sys.stderr)
    return BENCH_RECALL


async def bare(driver: AsyncDriver, who: Principal, recall: str, sort: ExportSort, out: Sink) -> int:
    statement = bare_statement(sort)
    writer = csv.writer(out, lineterminator="\r\n")
    rows = 0
    async with driver.session(database=DATABASE, default_access_mode=neo4j.READ_ACCESS) as session:
        result = await session.run(statement, used_params(statement, {"id": recall, **who.cypher_params()}))
        writer.writerow(result.keys())
        async for record in result:
            writer.writerow(record.values())
            rows += 1
    return rows


async def hub(
    driver: AsyncDriver,
    who: Principal,
    recall: str,
    sort: ExportSort,
    out: Sink,
    rss: list[float] | None = None,
    fetch: int = FETCH,
    base: ModuleType | None = None,
) -> int:
    counter = [0]
    chunks: AsyncIterator[str] = (
        csv_chunks(driver, DATABASE, 600.0, who, recall, sort, counter, fetch)
        if base is None  # else the export code of --compare REV, with its own FETCH
        else base.csv_chunks(driver, DATABASE, 600.0, who, recall, base.ExportSort(sort.value), counter)
    )
    async for chunk in chunks:
        out.write(chunk)
        if rss is not None:
            rss.append(rss_mb())
    return counter[0]


def base_exports(rev: str) -> ModuleType:
    """hub/data/exports.py as it was at git revision `rev`, loaded as a module of its own (--compare)."""
    text = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:hub/data/exports.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    spec = importlib.util.spec_from_loader(f"exports_at_{rev}", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    exec(compile(text, f"{rev}:hub/data/exports.py", "exec"), module.__dict__)
    return module


class Digest:
    """A text sink that keeps only the SHA-256 of what was written."""

    def __init__(self) -> None:
        self.hash = hashlib.sha256()

    def write(self, text: str) -> int:
        self.hash.update(text.encode())
        return len(text)


async def bench(
    uri: str,
    neo4j_pids: list[int],
    recall: str | None,
    rows_wanted: int,
    sort: ExportSort,
    repeat: int,
    fetch: int = FETCH,
    base: ModuleType | None = None,
) -> dict[str, Any]:
    who = Principal("bench", Role.ADMIN, "bench")
    sides = ("bare", "hub") if base is None else ("bare", "hub", "base")
    cpu: dict[str, dict[str, list[float]]] = {side: {"neo4j": [], "client": []} for side in sides}
    driver = AsyncGraphDatabase.driver(uri, notifications_min_severity="OFF")
    rates: dict[str, list[float]] = {side: [] for side in sides}
    rss: list[float] = []
    rows = 0
    try:
        recall = recall or await bench_recall(driver, rows_wanted)
        digests = {side: Digest() for side in sides}
        await bare(driver, who, recall, sort, digests["bare"])  # ... also warms plans and page cache
        await hub(driver, who, recall, sort, digests["hub"])
        if base is not None:
            await hub(driver, who, recall, sort, digests["base"], base=base)
        same = len({digest.hash.digest() for digest in digests.values()}) == 1
        load_before = os.getloadavg()
        with open(os.devnull, "w", newline="", encoding="utf-8") as null:
            for round_ in range(repeat):
                # each side in turn goes first: a run pays for the garbage its predecessor left in Neo4j
                for name in sides[round_ % len(sides) :] + sides[: round_ % len(sides)]:
                    started, neo4j_before, client_before = time.perf_counter(), cpu_s(neo4j_pids), own_cpu_s()
                    if name == "bare":
                        rows = await bare(driver, who, recall, sort, null)
                    elif name == "hub":
                        rows = await hub(driver, who, recall, sort, null, rss if round_ == 0 else None, fetch)
                    else:
                        rows = await hub(driver, who, recall, sort, null, base=base)
                    seconds = time.perf_counter() - started
                    rates[name].append(rows / seconds)
                    cpu[name]["neo4j"].append(cpu_s(neo4j_pids) - neo4j_before)
                    cpu[name]["client"].append(own_cpu_s() - client_before)
                    print(
                        f"  {name:<5}{rows:>10,} rows {seconds:7.2f} s {rows / seconds:>9,.0f} rows/s;"
                        f" CPU s: Neo4j {cpu[name]['neo4j'][-1]:.2f}, client {cpu[name]['client'][-1]:.2f}",
                        file=sys.stderr,
                    )
    finally:
        await driver.close()
    bare_rate, hub_rate = statistics.median(rates["bare"]), statistics.median(rates["hub"])
    tenth = rss[max(0, len(rss) // 10 - 1)] if rss else 0.0
    return {
        "recall": recall,
        "sort": sort.value,
        "rows": rows,
        "fetch": fetch,
        "bare_rows_per_s": round(bare_rate),
        "hub_rows_per_s": round(hub_rate),
        "bare_over_hub": round(bare_rate / hub_rate, 3),
        **({"base_rows_per_s": round(statistics.median(rates["base"]))} if base is not None else {}),
        "same_csv": same,
        # CPU per run (medians): what a run costs whatever the neighbours take
        "cpu_s": {
            side: {k: round(statistics.median(v), 2) for k, v in parts.items()} for side, parts in cpu.items()
        },
        "hub_rss_mb_after_first_tenth": round(tenth, 1),
        "hub_rss_mb_at_end": round(rss[-1], 1) if rss else 0.0,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scale", type=int, default=100_000)
    p.add_argument("--rows", type=int, default=100_000, help="rows of the bench recall (without --recall)")
    p.add_argument("--recall", help="export this recall instead of R-BENCH-EXPORT")
    p.add_argument("--sort", default=ExportSort.DECLARED_ON.value, choices=[s.value for s in ExportSort])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--heap-mb", type=int, default=1024)
    p.add_argument("--pagecache-mb", type=int, default=1024)
    p.add_argument("--stop", action="store_true", help="stop the Neo4j afterwards")
    p.add_argument(
        "--fetch", type=int, default=FETCH, help="records per request of the hub's stream (-1: all)"
    )
    p.add_argument("--compare", metavar="REV", help="also time hub/data/exports.py of git revision REV")
    p.add_argument("--parts", action="store_true", help="Neo4j CPU per cut of the statement instead")
    p.add_argument("--home", type=Path, default=HOME, help="the local Neo4j's home")
    args = p.parse_args(argv)
    uri, _ = asyncio.run(
        prepare_local(args.home, args.scale, None, heap_mb=args.heap_mb, pagecache_mb=args.pagecache_mb)
    )
    try:
        server = neo4j_local.status(args.home)
        pids = descendants(server.pid) if server is not None else []
        if args.parts:
            cut = asyncio.run(
                neo4j_parts(uri, pids, args.recall, args.rows, ExportSort(args.sort), args.repeat)
            )
            print(json.dumps(cut | {"scale": args.scale}))
            return 0
        result = asyncio.run(
            bench(
                uri,
                pids,
                args.recall,
                args.rows,
                ExportSort(args.sort),
                args.repeat,
                args.fetch,
                base_exports(args.compare) if args.compare else None,
            )
        )
    finally:
        if args.stop:
            neo4j_local.stop(args.home)
    print(
        f"export of {result['recall']} ({result['rows']:,} rows, sort {result['sort']}): "
        f"bare driver {result['bare_rows_per_s']:,} rows/s, hub {result['hub_rows_per_s']:,} rows/s, "
        f"bare/hub {result['bare_over_hub']:.2f}x (target <= 1.2); CPU s per run (Neo4j + client): "
        f"bare {result['cpu_s']['bare']['neo4j']} + {result['cpu_s']['bare']['client']}, "
        f"hub {result['cpu_s']['hub']['neo4j']} + {result['cpu_s']['hub']['client']}; same CSV: {result['same_csv']}; "
        f"hub RSS {result['hub_rss_mb_after_first_tenth']} MB after a tenth, {result['hub_rss_mb_at_end']} MB "
        f"at the end; load average {' '.join(map(str, result['load_average_before']))} -> "
        f"{' '.join(map(str, result['load_average_after']))}"
        + (
            f"; base ({args.compare}) {result['base_rows_per_s']:,} rows/s, CPU s {result['cpu_s']['base']['neo4j']}"
            f" + {result['cpu_s']['base']['client']}"
            if args.compare
            else ""
        ),
        file=sys.stderr,
    )
    print(json.dumps(result | {"scale": args.scale}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
