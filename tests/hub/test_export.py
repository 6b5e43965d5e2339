"""Recall exports: HTTP endpoint and `hub export`, checked against the GraphQL answer."""

import asyncio
import csv
import io
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver

from hub.cli import main as hub_main
from hub.data.exports import COLUMNS
from tests.factories_trace import trace_graph
from tests.http import ANALYST, PARTNER_SG, REGULATOR, Hub

IMPACT = """
query($id: ID!) { recall(id: $id) { impact { shipments(first: 100, sort: ID) { edges { node {
  id waybill status stage port originCountry consigneeRegion declaredOn releasedOn deliveredOn
  seller { id name } platform { id name } importer { id name } logistics { id } warehouse { id name }
  declaration { id number }
  recalledBatches { quantity unit batch { id lotCode } product { id name gtin } } } } } } } }"""


def _get(hub: Hub, path: str, key: str | None = REGULATOR) -> Any:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return hub.client.get(path, headers=headers)


def _rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def _expected(hub: Hub, recall: str) -> list[dict[str, str]]:
    """The GraphQL answer flattened to export rows (one per shipment and recalled batch)."""
    edges = hub.gql(IMPACT, {"id": recall}).data["recall"]["impact"]["shipments"]["edges"]

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    def party(node: dict[str, Any], role: str, field: str) -> str:
        return text((node[role] or {}).get(field))

    rows = []
    for edge in edges:
        s = edge["node"]
        for carried in s["recalledBatches"]:
            rows.append({
                "recall_id": recall, "shipment_id": s["id"], "waybill": text(s["waybill"]),
                "batch_id": carried["batch"]["id"], "lot_code": carried["batch"]["lotCode"],
                "product_id": carried["product"]["id"], "product_name": carried["product"]["name"],
                "gtin": text(carried["product"]["gtin"]), "quantity": str(carried["quantity"]),
                "unit": text(carried["unit"]), "status": s["status"].lower(), "stage": s["stage"].lower(),
                "ship_from": text(s["originCountry"]), "consignee_region": text(s["consigneeRegion"]),
                "port": text(s["port"]), "declared_on": s["declaredOn"],
                "released_on": text(s["releasedOn"]), "delivered_on": text(s["deliveredOn"]),
                "declaration_id": party(s, "declaration", "id"),
                "declaration_number": party(s, "declaration", "number"),
                "seller_id": party(s, "seller", "id"), "seller_name": party(s, "seller", "name"),
                "platform_id": party(s, "platform", "id"), "platform_name": party(s, "platform", "name"),
                "importer_id": party(s, "importer", "id"), "importer_name": party(s, "importer", "name"),
                "logistics_id": party(s, "logistics", "id"),
                "warehouse_id": party(s, "warehouse", "id"), "warehouse_name": party(s, "warehouse", "name"),
            })  # fmt: skip
    return rows


def _comparable(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    keep = set(_expected_keys())
    return sorted(
        ({k: v for k, v in r.items() if k in keep} for r in rows),
        key=lambda r: (r["shipment_id"], r["batch_id"]),
    )


def _expected_keys() -> list[str]:
    return [c for c in COLUMNS if c not in ("direction", "mode", "logistics_name")]


async def test_export_rows_match_the_graphql_answer(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    for recall, shipments, rows_expected in (("R-PROD", 8, 9), ("R-BATCH", 5, 6)):
        response = _get(hub, f"/exports/recalls/{recall}/shipments.csv?sort=id")
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        assert f'filename="recall-{recall}-shipments.csv"' in response.headers["content-disposition"]
        rows = _rows(response.text)
        # one row per shipment and recalled batch: S02 (R-PROD) and S05 (R-BATCH) give two
        assert len(rows) == rows_expected
        assert len({r["shipment_id"] for r in rows}) == shipments
        assert _comparable(rows) == _comparable(_expected(hub, recall))
    rows = _rows(_get(hub, "/exports/recalls/R-BATCH/shipments.csv?sort=id").text)
    assert [(r["shipment_id"], r["batch_id"], r["quantity"]) for r in rows] == [
        ("S02", "A2", "6"), ("S03", "A2", "20"), ("S05", "A2", "5"), ("S05", "B1", "2"),
        ("S07", "A2", "8"), ("S08", "B1", "50"),
    ]  # fmt: skip
    assert rows[3]["gtin"] == "4006381333931" and rows[3]["warehouse_name"] == "Ningbo Bonded Warehouse"


async def test_export_sort_orders(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)

    def order(sort: str) -> list[str]:
        text = _get(hub, f"/exports/recalls/R-PROD/shipments.csv?sort={sort}").text
        return [r["shipment_id"] + "/" + r["batch_id"] for r in _rows(text)]

    assert order("declaredOn") == [
        "S09/A1",
        "S01/A1",
        "S02/A1",
        "S02/A2",
        "S03/A2",
        "S04/A1",
        "S05/A2",
        "S06/A1",
        "S07/A2",
    ]
    assert order("declaredOnDesc")[:3] == ["S07/A2", "S06/A1", "S05/A2"]
    # by region, then date: CN-BJ, CN-GD, CN-SH, CN-ZJ, SG-01
    assert order("region") == [
        "S05/A2",
        "S03/A2",
        "S04/A1",
        "S06/A1",
        "S07/A2",
        "S01/A1",
        "S02/A1",
        "S02/A2",
        "S09/A1",
    ]
    response = _get(hub, "/exports/recalls/R-PROD/shipments.csv?sort=colour")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("argument sort: must be one of declaredOn")


async def test_export_access(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    path = "/exports/recalls/R-PROD/shipments.csv"
    assert _get(hub, path, key=None).status_code == 401
    partner = _get(hub, path, key=PARTNER_SG)
    assert partner.status_code == 403
    assert partner.json()["errors"][0] == {
        "message": "parcel-level exports are for domestic agencies only", "extensions": {"code": "FORBIDDEN"}
    }  # fmt: skip
    assert _get(hub, path, key=ANALYST).status_code == 200
    missing = _get(hub, "/exports/recalls/R-NOPE/shipments.csv")
    assert missing.status_code == 404 and missing.json()["errors"][0]["message"] == "no recall 'R-NOPE'"
    # a recall that reached nothing: the header only
    assert _get(hub, "/exports/recalls/R-NONE/shipments.csv").text == ",".join(COLUMNS) + "\r\n"


async def test_cli_export_writes_the_same_rows(
    graph: AsyncDriver, hub: Hub, neo4j_uri: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    await trace_graph(graph)
    monkeypatch.setenv("NEO4J_URI", neo4j_uri)
    out = tmp_path / "r.csv"
    code = await asyncio.to_thread(
        hub_main, ["export", "recall", "R-PROD", "--out", str(out), "--sort", "id"]
    )
    assert code == 0
    assert "export: recall R-PROD: 9 rows" in capsys.readouterr().err
    http = _get(hub, "/exports/recalls/R-PROD/shipments.csv?sort=id").text
    assert out.read_bytes().decode("utf-8") == http
    code = await asyncio.to_thread(hub_main, ["export", "recall", "R-NOPE"])
    assert code == 1 and "no recall 'R-NOPE'" in capsys.readouterr().err


async def test_export_neutralises_formulas_and_encodes_the_filename(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    hostile = {'=HYPERLINK("http://x")': "name", "+1+1": "port", "-2+3": "waybill", "@SUM(A1)": "region"}
    async with graph.session() as session:
        await session.run(
            "MATCH (r:Recall {recallId: 'R-PROD'}) SET r.recallId = 'R-召回-1' WITH r"
            " MATCH (:Shipment)-[:SOLD_BY]->(e:Enterprise) SET e.name = $name WITH DISTINCT 1 AS one"
            " MATCH (s:Shipment) SET s.port = $port, s.waybill = $waybill, s.consigneeRegion = $region",
            {v: k for k, v in hostile.items()},
        )
    response = _get(hub, "/exports/recalls/R-召回-1/shipments.csv")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == (
        'attachment; filename="recall-R-__-1-shipments.csv"; '
        "filename*=UTF-8''recall-R-%E5%8F%AC%E5%9B%9E-1-shipments.csv"
    )
    rows = _rows(response.text)
    assert rows
    for row in rows:
        assert row["recall_id"] == "R-召回-1"
        assert row["seller_name"] == '\'=HYPERLINK("http://x")'
        assert (row["port"], row["waybill"], row["consignee_region"]) == ("'+1+1", "'-2+3", "'@SUM(A1)")
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


def test_safe_cell_rule() -> None:
    from hub.data.exports import safe_row, safe_rows

    assert safe_row(["=1", "+1", "-1", "@x", "\tx", "\rx", "a=1", "", None, -5, 2.5]) == [
        "'=1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "a=1", "", None, -5, 2.5
    ]  # fmt: skip
    rows = [["=1", "a", None], ["-1", 3, "@x"], []]
    assert safe_rows(rows) == [safe_row(row) for row in rows]  # the export's inlined form
