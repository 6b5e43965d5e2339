"""Versioned migrations: `V0001__name.cypher` files applied in order, once.

Each applied migration is recorded as (:SchemaMigration {version, name,
checksum, appliedAt}). A recorded migration whose file changed is an error:
migrations are append-only.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final, LiteralString

from neo4j import AsyncDriver

MIGRATIONS_DIR: Final = Path(__file__).parent / "migrations"
_NAME = re.compile(r"^V(\d{4})__([a-z0-9_]+)\.cypher$")

APPLIED: Final[LiteralString] = (
    "MATCH (m:SchemaMigration) RETURN m.version AS version, m.checksum AS checksum"
)
RECORD: Final[LiteralString] = """
MERGE (m:SchemaMigration {version: $version})
SET m.name = $name, m.checksum = $checksum, m.appliedAt = datetime()
"""


class MigrationError(RuntimeError):
    """A migration file is malformed, changed after it was applied, or failed."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path
    checksum: str

    def statements(self) -> list[str]:
        text = "\n".join(
            line for line in self.path.read_text().splitlines() if not line.strip().startswith("//")
        )
        return [s.strip() for s in text.split(";") if s.strip()]


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    found: list[Migration] = []
    for path in sorted(directory.glob("*.cypher")):
        match = _NAME.match(path.name)
        if match is None:
            raise MigrationError(f"{path}: name must look like V0001__short_name.cypher")
        checksum = hashlib.sha256(path.read_bytes()).hexdigest()
        found.append(Migration(int(match.group(1)), match.group(2), path, checksum))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"{directory}: two migrations share a version number")
    return found


async def migrate(driver: AsyncDriver, database: str, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply pending migrations in order; return the names of those applied."""
    records, _, _ = await driver.execute_query(APPLIED, database_=database)
    applied = {int(r["version"]): str(r["checksum"]) for r in records}
    done: list[str] = []
    for migration in discover(directory):
        if migration.version in applied:
            if applied[migration.version] != migration.checksum:
                raise MigrationError(
                    f"{migration.path.name} changed after it was applied; add a new migration instead"
                )
            continue
        for number, statement in enumerate(migration.statements(), start=1):
            try:
                # Migration files are reviewed code shipped with the package, not user input.
                await driver.execute_query(statement, database_=database)
            except Exception as exc:
                raise MigrationError(f"{migration.path.name}: statement {number} failed: {exc}") from exc
        await driver.execute_query(
            RECORD,
            version=migration.version,
            name=migration.name,
            checksum=migration.checksum,
            database_=database,
        )
        done.append(f"V{migration.version:04d}__{migration.name}")
    return done
