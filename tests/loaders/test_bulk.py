"""`hub import`: the offline importer gives the graph and the reject report that `hub load` gives.

One folder (the full test folder, plus corrected rows, a repeated link and broken
rows) is bulk-imported into a throwaway local Neo4j of its own (the offline
importer needs one it can stop), a second import is refused (the database is no
longer empty), then the database is emptied and `hub load` loads the same
folder: both graphs must be the same, node for node and link for link with
every property (but the run id and timestamps), and the reject reports must
hold the same rows with the same messages.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver, AsyncGraphDatabase

from hub.bulk_cli import NotEmpty, import_local
from loaders.load import load_folder
from loaders.report import read_rejects
from runtime.settings import Settings
from tests.conftest import CLEAR, DATABASE
from tests.loaders.test_load import FULL, query, write_folder
from tools import neo4j_local

MORE = {
    # S2 corrected (another seller, a release date), S1 reloaded unchanged; two broken rows.
    "shipments.csv": "S2,,inbound,express,,,CN-BJ,c-77,2026-03-03,2026-03-04,,released,E7,,,,,\n"
    "S3,,inbound,express,,,,,2026-02-30,,,declared,,,,,,\n"
    "S4,,inbound,express,,,,,2026-03-03,,,declared,E9,,,,,\n",
    # A repeated link updates its quantity; a link to a missing batch is rejected.
    "shipment_batches.csv": "S1,B1,7,can\nS2,B9,1,\n",
    "directorships.csv": "P1,E1,director,2019-01-01,\n",
    "arrangements.csv": "AR2,Self,A1,A1,2013-01-01,credit\n",
}


WHEN_RUN = ("loadRun", "recordedAt")  # the run's id, and when a rule version was recorded


def folder_text() -> dict[str, str]:
    return {name: text + MORE.get(name, "") for name, text in FULL.items()}


async def graph_of(driver: AsyncDriver) -> list[str]:
    """Every node and link with its properties (but WHEN_RUN), links by their ends' properties."""
    nodes = await query(
        driver,
        "MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:LoadRun RETURN labels(n) AS l, properties(n) AS p",
    )
    links = await query(
        driver,
        "MATCH (a)-[r]->(b) RETURN type(r) AS t, properties(a) AS a, properties(b) AS b, properties(r) AS p",
    )

    def props(p: dict[str, Any]) -> list[tuple[str, str]]:
        return sorted((k, repr(v)) for k, v in p.items() if k not in WHEN_RUN)

    return sorted(repr((n["l"], props(n["p"]))) for n in nodes) + sorted(
        repr((r["t"], props(r["a"]), props(r["b"]), props(r["p"]))) for r in links
    )


async def test_bulk_import_gives_the_graph_and_rejects_of_hub_load(tmp_path: Path, bulk_home: Path) -> None:
    folder = write_folder(tmp_path / "in", folder_text())
    settings = dataclasses.replace(Settings.from_env(), neo4j_heap_mb=384, neo4j_pagecache_mb=64)
    summary = await import_local(
        folder, settings, home=bulk_home, rejects=tmp_path / "import.csv", progress=False
    )
    info = neo4j_local.status(bulk_home)
    assert info is not None
    driver = AsyncGraphDatabase.driver(info.uri, notifications_min_severity="OFF")
    try:
        imported = await graph_of(driver)
        runs = await query(driver, "MATCH (r:LoadRun) RETURN r.runId AS run, r.status AS status")
        assert runs == [{"run": summary.run_id, "status": "done"}]
        constraints = await query(driver, "SHOW CONSTRAINTS YIELD name RETURN count(*) AS n")
        assert constraints[0]["n"] > 20  # the migrations ran after the import

        with pytest.raises(NotEmpty, match="is not empty"):
            await import_local(
                folder, settings, home=bulk_home, rejects=tmp_path / "again.csv", progress=False
            )

        # The same folder through `hub load`, into the same database emptied.
        async with driver.session(database=DATABASE) as session:
            await session.run(CLEAR)
        loaded = await load_folder(
            driver, DATABASE, folder, reject_report=tmp_path / "load.csv", batch_size=4
        )
        assert imported == await graph_of(driver)
    finally:
        await driver.close()

    # The same rows rejected with the same messages (hub load reports a missing
    # reference after its batch is written, so the order may differ).
    rejects = read_rejects(tmp_path / "import.csv")
    assert sorted(rejects, key=repr) == sorted(read_rejects(tmp_path / "load.csv"), key=repr)
    assert {(e.file, e.line, e.field) for e in rejects} == {
        ("shipments.csv", 5, "declared_on"),
        ("shipments.csv", 6, "seller_id"),
        ("shipment_batches.csv", 6, "batch_id"),
    }
    assert summary.counts() == loaded.counts()
