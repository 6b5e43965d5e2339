"""Fixtures of the `hub import` tests."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from runtime.settings import PROJECT_ROOT
from tools import neo4j_local


@pytest.fixture
def bulk_home() -> Iterator[Path]:
    """A Neo4j home of its own under var/ (the importer needs one it can stop); stopped and removed after."""
    home = PROJECT_ROOT / "var" / f"neo4j-bulk-{uuid.uuid4().hex[:8]}"
    try:
        yield home
    finally:
        neo4j_local.stop(home)
        shutil.rmtree(home, ignore_errors=True)
