"""Time each hostile request of tests/hostile/corpus.py against a real `hub serve` process.

    python bench/hostile.py [--repeat 20]

Starts a throwaway local Neo4j under var/bench-hostile (small trace graph)
and the hub as a separate process; sends every case --repeat times on a
kept-alive connection and prints, per case, the status, the code, and the
median and worst server round trip in ms (target: each under 50 ms).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time

import httpx
from common import ROOT
from hubproc import hub_process, rss_mb, start_neo4j

from tests.hostile.corpus import CASES
from tools import neo4j_local

HOME = ROOT / "var" / "bench-hostile"
TARGET_MS = 50.0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    info = start_neo4j(HOME)
    misses = 0
    try:
        with hub_process(info.uri) as (base, proc), httpx.Client(base_url=base, timeout=30) as client:
            print(f"hub pid {proc.pid}, RSS {rss_mb(proc.pid):.0f} MiB; {len(CASES)} cases x {args.repeat}")
            print(f"{'case':<44}{'status':>7}  {'code':<16}{'median ms':>10}{'max ms':>9}")
            for case in CASES:
                times: list[float] = []
                status, code = 0, ""
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    response = client.request(case.method, case.path, content=case.body,
                                              headers=case.request_headers())  # fmt: skip
                    times.append((time.perf_counter() - started) * 1000)
                    status = response.status_code
                    code = response.json()["errors"][0]["extensions"]["code"]
                worst = max(times)
                flag = "" if worst < TARGET_MS else "  MISS"
                misses += worst >= TARGET_MS
                print(
                    f"{case.name:<44}{status:>7}  {code:<16}{statistics.median(times):>10.1f}{worst:>9.1f}{flag}"
                )
            print(f"hub RSS after: {rss_mb(proc.pid):.0f} MiB")
    finally:
        neo4j_local.stop(HOME)
        shutil.rmtree(HOME, ignore_errors=True)
    print(f"{len(CASES) - misses} of {len(CASES)} cases always under {TARGET_MS:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
