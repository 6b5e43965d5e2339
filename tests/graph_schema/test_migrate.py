from pathlib import Path

import pytest
from neo4j import AsyncDriver
from neo4j.exceptions import ConstraintError

from graph_schema.migrate import MigrationError, discover, migrate
from graph_schema.model import NATURAL_KEYS, Label
from tests.conftest import DATABASE


async def test_migrations_are_recorded_and_idempotent(graph: AsyncDriver) -> None:
    assert await migrate(graph, DATABASE) == []  # the session fixture applied them all
    records, _, _ = await graph.execute_query(
        "MATCH (m:SchemaMigration) RETURN m.version AS v ORDER BY v", database_=DATABASE
    )
    assert [r["v"] for r in records] == [m.version for m in discover()]


async def test_every_natural_key_is_unique(graph: AsyncDriver) -> None:
    records, _, _ = await graph.execute_query(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type "
        "WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties[0] AS key",
        database_=DATABASE,
    )
    constrained = {(r["label"], r["key"]) for r in records}
    expected = {(label.value, key) for label, key in NATURAL_KEYS.items()}
    expected.discard((Label.MIGRATION.value, "version"))
    assert expected <= constrained
    await graph.execute_query("CREATE (:Product {productId: 'P1'})", database_=DATABASE)
    with pytest.raises(ConstraintError):
        await graph.execute_query("CREATE (:Product {productId: 'P1'})", database_=DATABASE)


async def test_changed_migration_is_refused(graph: AsyncDriver, tmp_path: Path) -> None:
    (tmp_path / "V0900__probe.cypher").write_text(
        "CREATE INDEX probe_x IF NOT EXISTS FOR (n:Probe) ON (n.x);"
    )
    assert await migrate(graph, DATABASE, tmp_path) == ["V0900__probe"]
    (tmp_path / "V0900__probe.cypher").write_text(
        "CREATE INDEX probe_y IF NOT EXISTS FOR (n:Probe) ON (n.y);"
    )
    with pytest.raises(MigrationError, match="changed after it was applied"):
        await migrate(graph, DATABASE, tmp_path)
    await graph.execute_query("MATCH (m:SchemaMigration {version: 900}) DELETE m", database_=DATABASE)
    await graph.execute_query("DROP INDEX probe_x IF EXISTS", database_=DATABASE)


def test_bad_file_name_is_refused(tmp_path: Path) -> None:
    (tmp_path / "V1__x.cypher").write_text("RETURN 1;")
    with pytest.raises(MigrationError, match=r"V1__x\.cypher"):
        discover(tmp_path)
