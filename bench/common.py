"""What the benchmark scripts share: test data, a loaded local Neo4j, memory and percentiles.

Imported by the scripts in bench/ (run as `python bench/<name>.py`, so this
directory is on sys.path); importing it puts the project root on sys.path too.
"""

from __future__ import annotations

import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Final, LiteralString

ROOT: Final = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from neo4j import AsyncDriver, AsyncGraphDatabase  # noqa: E402

from graph_schema.migrate import migrate  # noqa: E402
from loaders.load import load_folder  # noqa: E402
from loaders.report import FileResult  # noqa: E402
from loaders.specs import SPECS  # noqa: E402
from tools import neo4j_local  # noqa: E402

BATCH_SIZE: Final = 10_000
# False when the graph holds nothing but the migrations' records (and the plan warm-up's marker), or when a load
# run did not finish (interrupted: the folder is loaded again; loading is idempotent).
LOADED: Final[LiteralString] = (
    "OPTIONAL MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:PlanWarm WITH n LIMIT 1"
    " OPTIONAL MATCH (r:LoadRun) WHERE r.status <> 'done'"
    " WITH n, count(r) AS unfinished RETURN n IS NOT NULL AND unfinished = 0 AS loaded"
)


def data_folder(scale: int) -> Path:
    """bench-data/scale-<scale>: a generated load folder, reused when its manifest exists.

    Generated in a child process, so that the generator's memory does not count
    against this one's.
    """
    folder = ROOT / "bench-data" / f"scale-{scale}"
    if (folder / "manifest.json").exists():
        print(f"data: reusing {folder}", file=sys.stderr)
        return folder
    print(f"data: generating {scale:,} shipments into {folder}", file=sys.stderr)
    code = (
        "import sys; from pathlib import Path; from loaders.generate import generate; "
        "print(generate(int(sys.argv[1]), Path(sys.argv[2]), progress=False).describe())"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(scale), str(folder)], cwd=ROOT, check=True, stdout=sys.stderr
    )
    return folder


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


async def _load(
    driver: AsyncDriver, database: str, folder: Path, files: tuple[str, ...] | None, reject_report: Path
) -> None:
    def on_file(result: FileResult) -> None:
        name = result.file.removesuffix(".csv")
        print(f"  loaded {name:<22}{result.read:>10,} rows in {result.seconds:6.1f} s", flush=True)

    with tempfile.TemporaryDirectory(prefix="bench-load-") as temp:
        source = folder
        if files is not None:
            unknown = sorted(set(files) - set(SPECS))
            if unknown:
                raise ValueError(f"not input files: {', '.join(unknown)}")
            # load_folder loads the input files present in a folder: show it only these.
            source = Path(temp)
            for name in files:
                (source / name).symlink_to(folder / name)
        summary = await load_folder(
            driver,
            database,
            source,
            batch_size=BATCH_SIZE,
            progress=False,
            reject_report=reject_report,
            on_file=on_file,
        )
    print(
        f"  {summary.read:,} rows in {summary.seconds:.1f} s, {summary.rejected:,} rejected"
        + (f" (see {reject_report})" if summary.rejected else ""),
        flush=True,
    )


async def prepare_local(
    home: Path,
    scale: int,
    files: tuple[str, ...] | None,
    *,
    heap_mb: int,
    pagecache_mb: int,
    tx_timeout_s: int = 300,
    database: str = "neo4j",
) -> tuple[str, Path]:
    """Start the local Neo4j under `home`, migrate it and, when empty, load scale `scale` into it.

    `files` names the input files to load (e.g. "enterprises.csv"); None loads
    every file of the folder. Loading uses loaders.load; its reject report is
    `<home>-rejects.csv`. A graph with a load run that did not finish is
    loaded again. Returns the Bolt URI and the data folder. The server keeps
    running; stop it with neo4j_local.stop(home).
    """
    folder = data_folder(scale)
    started = time.perf_counter()
    info = neo4j_local.start(home, heap_mb=heap_mb, pagecache_mb=pagecache_mb, tx_timeout_s=tx_timeout_s)
    print(f"neo4j: {info.uri} up in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    driver = AsyncGraphDatabase.driver(info.uri, notifications_min_severity="OFF")
    try:
        await migrate(driver, database)
        records, _, _ = await driver.execute_query(LOADED, database_=database)
        if not records[0]["loaded"]:
            what = "all files" if files is None else ", ".join(f.removesuffix(".csv") for f in files)
            print(f"loading {what} of {folder} ...", flush=True)
            await _load(driver, database, folder, files, home.with_name(f"{home.name}-rejects.csv"))
    finally:
        await driver.close()
    return info.uri, folder
