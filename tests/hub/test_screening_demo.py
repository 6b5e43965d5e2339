"""The generator's screening example hits every outcome once loaded (loaders/gen_screening.py)."""

from __future__ import annotations

import json
from pathlib import Path

from neo4j import AsyncDriver

from loaders.generate import generate
from loaders.load import load_folder
from tests.http import Hub

SCREEN = """
query($input: DeclarationInput!) {
  screenDeclaration(input: $input) {
    summary { release inspect hold reject }
    shipments { shipmentId decision reasons { kind ruleId } }
  }
}
"""


async def test_generated_example_hits_every_outcome(graph: AsyncDriver, hub: Hub, tmp_path: Path) -> None:
    summary = generate(2000, tmp_path, seed=5, progress=False)
    assert summary.manifest["screen_examples"] == "screen_examples.json"
    loaded = await load_folder(
        graph, "neo4j", tmp_path, progress=False, reject_report=tmp_path / "rejects.csv"
    )
    assert loaded.rejected == 0
    variables = json.loads((tmp_path / "screen_examples.json").read_text())
    answer = hub.gql(SCREEN, variables).data["screenDeclaration"]
    for s in answer["shipments"]:
        assert s["shipmentId"].split("-")[0] == s["decision"], s
    by_id = {s["shipmentId"]: {(r["kind"], r["ruleId"]) for r in s["reasons"]} for s in answer["shipments"]}
    assert ("MONITORING_LIST", "KG-01") in by_id["INSPECT-key-goods"]
    assert ("NEGATIVE_LIST", "NL-03") in by_id["REJECT-negative-list"]
    assert ("NEGATIVE_LIST", "NL-07") in by_id["REJECT-seeds-by-express"]
    assert ("UNKNOWN_TRACE_CODE", "trace-code-known") in by_id["HOLD-unknown-trace-code"]
    assert ("NOT_FILED", "filing-in-force") in by_id["HOLD-unfiled-product"]
    assert answer["summary"] == {"release": 1, "inspect": 1, "hold": 2, "reject": 2}
