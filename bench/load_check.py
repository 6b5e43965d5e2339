"""Benchmark step 1 of `hub import` (the checks and the importer's files) alone: time, CPU, peak RSS.

    python bench/load_check.py --data DIR [--budgets 256,32] [--workers 0,1] [--compare TREE] [--rounds 1]

Each run is a child process (so its peak RSS is its own) that calls
loaders.bulk_check.prepare on DIR with the key check's memory budget
(`hub import --memory-mb`) and worker processes (`hub import --check-workers`);
it prints wall and CPU seconds (its own and its workers'), rows per CPU
second, the peak RSS (its own; a worker's is printed apart) and the number
of partitions. With --compare TREE
(another source tree of this project, e.g. `git archive <commit> | tar -x -C
TREE`) the same folder is checked by that tree too, alternately in the same
run (a tree without the budget runs once per round, at its only setting).
The load average is printed with the figures: compare ratios, not absolutes,
on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import inspect, json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
try:
    from loaders.bulk_check import prepare
except ImportError:  # a tree from before the memory budget
    from loaders.bulk_prepare import prepare
folder, work, budget, workers = Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
options = {"memory_mb": budget} if "memory_mb" in inspect.signature(prepare).parameters else {}
if "workers" in inspect.signature(prepare).parameters:
    options["workers"] = workers
parts = 1
if options:
    from loaders.bulk_grace import partitions_for
    from loaders.folder import plan_folder
    parts = partitions_for(plan_folder(folder)[0], budget)
started, cpu = time.perf_counter(), time.process_time()
manifest, _ = prepare(folder, work, "BENCH", work / "rejects.csv", lambda _n, _r: None, **options)
own = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "rows": sum(int(r["read"]) for r in manifest.results),
    "wall_s": round(time.perf_counter() - started, 2),
    "cpu_s": round(time.process_time() - cpu + kids.ru_utime + kids.ru_stime, 2),
    "worker_cpu_s": round(kids.ru_utime + kids.ru_stime, 2),
    "peak_rss_mb": round(own.ru_maxrss / 1024, 1),
    "worker_peak_rss_mb": round(kids.ru_maxrss / 1024, 1),
    "workers": options.get("workers", 0),
    "partitions": parts,
    "budget_mb": budget if options else None,
}))
"""


def run_once(tree: Path, folder: Path, budget: int, workers: int) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="hub-check-bench-"))
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(tree), str(folder), str(work), str(budget), str(workers)],
            check=True,
            capture_output=True,
            text=True,
            cwd=tree,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["rows_per_cpu_s"] = round(result["rows"] / max(result["cpu_s"], 1e-9))
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, required=True, help="the load folder")
    p.add_argument("--budgets", default="256", help="comma-separated budgets in MB (hub import --memory-mb)")
    p.add_argument(
        "--workers", default="0", help="comma-separated worker counts (hub import --check-workers)"
    )
    p.add_argument("--compare", type=Path, help="another source tree, checked alternately")
    p.add_argument("--rounds", type=int, default=1)
    args = p.parse_args(argv)
    configs = [(int(b), int(w)) for b in args.budgets.split(",") for w in args.workers.split(",")]
    trees = [("this", ROOT)] + ([("compare", args.compare.resolve())] if args.compare else [])
    results = []
    for round_ in range(args.rounds):
        for name, tree in trees:
            for budget, workers in configs if name == "this" else configs[:1]:
                load = " ".join(f"{x:.1f}" for x in os.getloadavg())
                result = run_once(tree, args.data.resolve(), budget, workers) | {
                    "tree": name,
                    "round": round_,
                }
                result["load"] = load
                results.append(result)
                print(
                    f"{name:8} budget {result['budget_mb']!s:>5} MB  P={result['partitions']:<3} "
                    f"workers {result['workers']}  "
                    f"{result['rows']:,} rows  wall {result['wall_s']:.1f} s  cpu {result['cpu_s']:.1f} s  "
                    f"{result['rows_per_cpu_s']:,} rows/cpu-s  peak RSS {result['peak_rss_mb']:.0f} MB "
                    f"(worker {result['worker_peak_rss_mb']:.0f} MB)  "
                    f"(load {load})",
                    file=sys.stderr,
                )
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
