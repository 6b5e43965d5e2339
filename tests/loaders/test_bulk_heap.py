"""The offline importer's heap follows the size of its node files (tools/neo4j_import.py)."""

from __future__ import annotations

from pathlib import Path

from tools.neo4j_import import MAX_HEAP_MB, MIN_HEAP_MB, heap_for


def _arguments(tmp_path: Path, node_mb: int, rel_mb: int) -> list[str]:
    nodes, rels = tmp_path / "nodes-shipments.csv", tmp_path / "rels-shipments-SOLD_BY.csv"
    for path, mb in ((nodes, node_mb), (rels, rel_mb)):
        with path.open("wb") as out:
            out.truncate(mb * 2**20)  # sparse: only the size counts
    return ["database", "import", "full", f"--nodes=Shipment={nodes}", f"--relationships=SOLD_BY={rels}"]


def test_small_inputs_get_the_floor_and_relationship_files_do_not_count(tmp_path: Path) -> None:
    assert heap_for(_arguments(tmp_path, 10, 5_000)) == MIN_HEAP_MB == 1024


def test_the_heap_grows_with_the_node_files_up_to_the_cap(tmp_path: Path) -> None:
    assert heap_for(_arguments(tmp_path, 300, 1)) == 1200  # the 1M folder's 293 MB of node files
    assert heap_for(_arguments(tmp_path, 3_000, 1)) == MAX_HEAP_MB == 4096
