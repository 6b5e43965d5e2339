"""The `hub` command end to end: generate, load twice, load broken rows."""

import json
import subprocess
import sys
from pathlib import Path

from neo4j import AsyncDriver

from tests.factories import DATABASE


def hub(*args: str, uri: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hub.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "NEO4J_URI": uri},
    )


async def counts(driver: AsyncDriver) -> tuple[int, int]:
    records, _, _ = await driver.execute_query(
        "MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:LoadRun "
        "RETURN count(n) AS nodes, COUNT { ()-[]->() } AS rels",
        database_=DATABASE,
    )
    return records[0]["nodes"], records[0]["rels"]


async def test_generate_then_load_twice_changes_nothing_the_second_time(
    graph: AsyncDriver, neo4j_uri: str, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    made = hub("generate", "--scale", "400", "--out", str(data), "--json", uri=neo4j_uri)
    assert made.returncode == 0, made.stderr
    rows = json.loads(made.stdout)["rows"]
    first = hub("load", str(data), "--json", uri=neo4j_uri)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["rejected"] == 0 and summary["read"] == summary["loaded"] == sum(rows.values())
    after_first = await counts(graph)
    second = hub("load", str(data), "--json", uri=neo4j_uri)
    assert second.returncode == 0, second.stderr
    assert await counts(graph) == after_first


async def test_broken_rows_are_reported_and_good_rows_load(
    graph: AsyncDriver, neo4j_uri: str, tmp_path: Path
) -> None:
    (tmp_path / "agencies.csv").write_text(
        "agency_id,name,kind,country\nAG-1,Customs,customs,CN\nAG-2,Bad,police,CN\n"
    )
    rejects = tmp_path / "rejects.csv"
    result = hub("load", str(tmp_path), "--rejects", str(rejects), uri=neo4j_uri)
    assert result.returncode == 1, result.stderr
    report = rejects.read_text().splitlines()
    assert report[0] == "file,line,field,value,reason"
    assert report[1].startswith("agencies.csv,3,kind,police,")
    assert await counts(graph) == (1, 0)


def test_unknown_command_is_refused() -> None:
    result = hub("frobnicate", uri="bolt://127.0.0.1:1")
    assert result.returncode == 2 and "invalid choice: 'frobnicate'" in result.stderr
