"""`hub load`: a folder of CSV files into a real Neo4j, rejects reported exactly."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, LiteralString

import pytest
from neo4j import AsyncDriver
from neo4j.time import Date

from graph_schema.writes import DELETE_STALE, LOAD_ORDER, STALE, WRITES, WRITES_NEW
from loaders.cli import main
from loaders.folder import new_run_id
from loaders.load import BATCH_SIZE, LoadError, load_folder
from loaders.report import read_rejects
from loaders.rows import RowError
from tests.conftest import DATABASE

USCC_OK = "91330100MA2CFK5X0F"
USCC_BAD = "91330100MA2CFK5X0W"  # check character should be F
GTIN_OK = "6901234567892"
GTIN_BAD = "6901234567891"  # check digit should be 2

# One small, consistent folder with all 30 files.
FULL: dict[str, str] = {
    "agencies.csv": """agency_id,name,kind,country
A1,Ningbo Customs,customs,CN
A2,Ningbo Inspection,inspection,CN
A3,Singapore Customs,partner,SG
""",
    "enterprises.csv": f"""enterprise_id,name,kind,country,region,uscc,eori,gln,filing_status
E1,Hangzhou Blue Harbor Trading Co.,seller,CN,CN-ZJ,{USCC_OK},,,filed
E2,Tmall Global,platform,CN,CN-ZJ,,,,filed
E3,Euro Import GmbH,importer,DE,,,DE123456789,,pending
E4,Fast Logistics,logistics,CN,,,,,
E5,Bonded Warehouse 5,warehouse,CN,,,,4006381333931,
E6,Accredited Lab,lab,CN,,,,,
E7,Osaka Foods,manufacturer,JP,,,,,filed
""",
    "persons.csv": """person_id,name,nationality
P1,Li Wei,CN
P2,Tanaka Yui,
""",
    "addresses.csv": """address_id,line,city,region,country
AD1,"88 Harbor Road, Building 3",Hangzhou,CN-ZJ,CN
""",
    "contacts.csv": """contact_id,kind,value
C1,phone,+86 571 0000 0000
C2,email,info@example.com
""",
    "products.csv": f"""product_id,name,hs_code,gtin,category,brand,origin_country,maker_id
PR1,Infant formula 800g,1901101000,{GTIN_OK},food,Sakura,JP,E7
PR2,Face cream,330499,,cosmetics,,,
""",
    "batches.csv": """batch_id,product_id,lot_code,produced_on,expires_on,quantity,unit
B1,PR1,LOT-2026-01,2026-01-10,2027-01-10,5000,can
B2,PR2,LOT-77,,,,
""",
    "trace_codes.csv": """code,kind,batch_id,serial
QR-1,qr,B1,0001
""",
    "declarations.csv": """declaration_id,number,declared_on,declarant_id,agency_id,status
D1,310020260000001,2026-03-01,E3,A1,released
""",
    "shipments.csv": """shipment_id,waybill,direction,mode,port,origin_country,consignee_region,consignee_ref,declared_on,released_on,delivered_on,status,seller_id,platform_id,importer_id,logistics_id,warehouse_id,declaration_id
S1,WB0000001,inbound,bonded,CNNGB,JP,CN-ZJ,c-9f2a,2026-03-01,2026-03-02,,released,E1,E2,E3,E4,E5,D1
S2,,inbound,express,,,CN-BJ,c-77,2026-03-03,,,declared,,,,,,
""",
    "shipment_batches.csv": """shipment_id,batch_id,quantity,unit
S1,B1,3,can
S1,B2,1,
S2,B2,2,jar
""",
    "inspections.csv": """inspection_id,kind,target_kind,target_id,result,inspected_on,performer_kind,performer_id,accepted,findings
I1,document,shipment,S1,pass,2026-03-02,agency,A2,,
I2,lab,batch,B1,fail,2026-03-05,lab,E6,true,melamine above limit
""",
    "risk_alerts.csv": """alert_id,title,risk_level,issued_on,hazard,issuer_id,target_kind,target_id
RA1,Melamine in formula,high,2026-03-06,melamine,A2,product,PR1
RA2,General notice,low,2026-03-07,,,,
""",
    "recalls.csv": """recall_id,measure,title,risk_level,issued_on,hazard,reason,status,issuer_id
R1,mandatory_recall,Recall of LOT-2026-01,critical,2026-03-08,melamine,lab result,open,A2
""",
    "recall_targets.csv": """recall_id,target_kind,target_id
R1,batch,B1
R1,product,PR1
""",
    "prohibited_categories.csv": """code,title,hs_prefixes,keywords,legal_basis,valid_from
NL-3,Hazardous chemicals,2903;2904,chloroform; benzene,Catalogue of hazardous chemicals,2024-01-01
""",
    "screening_rules.csv": """rule_id,version,list,category,title,legal_basis,valid_from,valid_to,hs_prefixes,product_categories,keywords_zh,keywords_en,modes,directions,origin_countries
NL-03,1,negative,NL-03,Hazardous chemicals,Catalogue,2016-04-08,,2903;2904,,,dichloromethane,,,
NL-07,1,negative,NL-07,Not to be mailed in,Catalogue,2021-10-20,,1209,,种子,seeds,express;direct_mail,inbound,
KG-01,1,key_goods,,Infant formula,,2020-01-01,2030-01-01,,infant formula,,,,,FR;NL
""",
    "credit_schemes.csv": """scheme_id,name,agency_id
CS1,China Customs credit,A1
CS2,Singapore AEO,A3
""",
    "credit_levels.csv": """level_id,scheme_id,code,name,rank,dishonest
L1,CS1,AEO-A,Advanced certified,1,false
L2,CS1,DIS,Dishonest,3,true
L3,CS2,STP,Secure Trade Partner,1,
""",
    "ratings.csv": """rating_id,agency_id,enterprise_id,level_id,valid_from,valid_to
RT1,A1,E1,L1,2025-01-01,2027-12-31
""",
    "arrangements.csv": """arrangement_id,name,agency_a,agency_b,signed_on,grants
AR1,China-Singapore AEO MRA,A1,A3,2012-06-01,enterprise;credit
""",
    "level_mappings.csv": """arrangement_id,from_level_id,to_level_id,facilitation
AR1,L1,L3,lower inspection rate;priority clearance
""",
    "filings.csv": """filing_id,enterprise_id,kind,status,filed_on,product_id,agency_id,valid_until
F1,E1,enterprise,filed,2025-05-01,,A2,2028-05-01
F2,E7,product,filed,2025-06-01,PR1,,
""",
    "ownerships.csv": """owner_kind,owner_id,enterprise_id,share,since,until
person,P1,E1,0.6,2020-01-01,
enterprise,E7,E1,0.4,2021-06-30,
""",
    "directorships.csv": """person_id,enterprise_id,role,since,until
P1,E1,director,2020-01-01,
P1,E1,legal_representative,2020-01-01,
P2,E7,supervisor,2019-04-01,2024-04-01
""",
    "enterprise_addresses.csv": """enterprise_id,address_id,since,until
E1,AD1,2020-01-01,
E7,AD1,,
""",
    "enterprise_contacts.csv": """enterprise_id,contact_id,since,until
E1,C1,,
E7,C1,2022-01-01,
""",
    "platform_sellers.csv": """platform_id,seller_id,since,until
E2,E1,2021-01-01,
""",
    "aeo_numbers.csv": """number,agency_id,enterprise_id
SGAEO0000001,A3,E1
""",
    "status_changes.csv": """change_id,record_kind,record_id,from_status,to_status,on,agency_id,reason
C1,filing,F1,filed,suspended,2026-02-01,A2,labels missing
C2,order,R1,open,in_progress,2026-03-09,A2,
""",
    "disposal_evidence.csv": """evidence_id,order_id,shipment_id,recorded_on,returned_units,destroyed_units,note
EV1,R1,S1,2026-03-10,1,0,
""",
}

NODES = {
    "Agency": 3, "Enterprise": 7, "Person": 2, "Address": 1, "Contact": 2, "Product": 2,
    "Batch": 2, "TraceCode": 1, "Declaration": 1, "Shipment": 2, "Inspection": 2,
    "RiskAlert": 2, "Recall": 1, "ProhibitedCategory": 1, "CreditScheme": 2,
    "CreditLevel": 3, "Rating": 1, "Arrangement": 1, "Filing": 2, "AeoNumber": 1, "ScreeningRule": 3,
    "RuleVersion": 3, "StatusChange": 2, "DisposalEvidence": 1,
}  # fmt: skip
RELATIONSHIPS = {
    "MADE_BY": 1, "OF_PRODUCT": 2, "LABELS": 1, "DECLARED_BY": 1, "LODGED_WITH": 2,
    "SOLD_BY": 1, "VIA_PLATFORM": 1, "IMPORTED_BY": 1, "HANDLED_BY": 1, "STORED_AT": 1,
    "DECLARED_IN": 1, "CARRIES": 3, "INSPECTED": 2, "PERFORMED_BY": 2, "ISSUED_BY": 3,
    "CONCERNS": 1, "TARGETS": 2, "OPERATED_BY": 2, "IN_SCHEME": 3, "GIVEN_BY": 1,
    "RATES": 1, "AT_LEVEL": 1, "PARTY_TO": 2, "MAPS_TO": 1, "FILED_BY": 2, "COVERS": 1,
    "OWNS": 2, "DIRECTS": 3, "LOCATED_AT": 2, "REACHABLE_AT": 2, "HOSTS": 1, "IDENTIFIES": 1,
    "CHANGES": 2, "CHANGED_BY": 2, "UNDER_ORDER": 1, "DISPOSED_OF": 1, "VERSION_OF": 3,
}  # fmt: skip


def write_folder(path: Path, files: dict[str, str]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (path / name).write_text(text, encoding="utf-8", newline="")
    return path


def data_rows(files: dict[str, str]) -> int:
    return sum(len(text.strip().splitlines()) - 1 for text in files.values())


async def query(driver: AsyncDriver, cypher: LiteralString) -> list[dict[str, Any]]:
    records, _, _ = await driver.execute_query(cypher, database_=DATABASE)
    return [r.data() for r in records]


async def node_counts(driver: AsyncDriver) -> dict[str, int]:
    rows = await query(
        driver,
        "MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:LoadRun RETURN labels(n)[0] AS label, count(*) AS n",
    )
    return {r["label"]: r["n"] for r in rows}


async def rel_counts(driver: AsyncDriver) -> dict[str, int]:
    rows = await query(driver, "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")
    return {r["type"]: r["n"] for r in rows}


async def snapshot(driver: AsyncDriver) -> list[str]:
    """Every node and relationship with its properties except the run id, sorted."""
    nodes = await query(
        driver,
        "MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:LoadRun "
        "RETURN labels(n) AS labels, properties(n) AS p",
    )
    rels = await query(
        driver,
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, elementId(a) AS a, elementId(b) AS b, properties(r) AS p",
    )

    def props(p: dict[str, Any]) -> list[tuple[str, str]]:
        return sorted((k, repr(v)) for k, v in p.items() if k != "loadRun")

    return sorted(repr((r["labels"], props(r["p"]))) for r in nodes) + sorted(
        repr((r["type"], r["a"], r["b"], props(r["p"]))) for r in rels
    )


async def test_write_plans_have_no_eager_and_no_scans(graph: AsyncDriver) -> None:
    stale = {f"stale {name}": text for name, text in STALE.items()}
    new = {f"new {name}": text for name, text in WRITES_NEW.items()}
    assert set(WRITES_NEW) == set(STALE)
    for name, statement in [*WRITES.items(), *stale.items(), *new.items(), ("delete stale", DELETE_STALE)]:
        _, summary, _ = await graph.execute_query(
            "EXPLAIN " + statement, rows=[], source=name, run="r", stale=[], database_=DATABASE
        )
        operators: list[str] = []
        stack = [summary.plan]
        while stack:
            step = stack.pop()
            operators.append(step["operatorType"].split("@")[0])
            stack += step.get("children", [])
        assert "Eager" not in operators, name
        assert not [op for op in operators if "Scan" in op or op == "CartesianProduct"], name
        seek = "RelationshipByElementIdSeek" if name == "delete stale" else "NodeUniqueIndexSeek"
        assert sum(seek in op for op in operators) >= 1, name


async def test_full_folder_loads_exactly(graph: AsyncDriver, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in", FULL)
    summary = await load_folder(graph, DATABASE, folder, run_id="run-1", batch_size=2)

    assert summary.ok and summary.reject_report is None
    assert [f.file for f in summary.files] == list(LOAD_ORDER)
    assert summary.read == summary.loaded == data_rows(FULL)
    assert await node_counts(graph) == NODES
    assert await rel_counts(graph) == RELATIONSHIPS

    [s1] = await query(graph, "MATCH (s:Shipment {shipmentId: 'S1'}) RETURN properties(s) AS p")
    assert s1["p"] == {
        "shipmentId": "S1", "waybill": "WB0000001", "direction": "inbound", "mode": "bonded",
        "port": "CNNGB", "originCountry": "JP", "consigneeRegion": "CN-ZJ",
        "consigneeRef": "c-9f2a", "declaredOn": Date(2026, 3, 1), "releasedOn": Date(2026, 3, 2),
        "status": "released", "source": "shipments.csv", "loadRun": "run-1",
    }  # fmt: skip
    [links] = await query(
        graph,
        """
        MATCH (s:Shipment {shipmentId: 'S1'})
        RETURN [(s)-[:SOLD_BY]->(e) | e.enterpriseId] AS seller,
               [(s)-[:VIA_PLATFORM]->(e) | e.enterpriseId] AS platform,
               [(s)-[:IMPORTED_BY]->(e) | e.enterpriseId] AS importer,
               [(s)-[:HANDLED_BY]->(e) | e.enterpriseId] AS logistics,
               [(s)-[:STORED_AT]->(e) | e.enterpriseId] AS warehouse,
               [(s)-[:DECLARED_IN]->(d) | d.declarationId] AS declaration,
               [(s)-[c:CARRIES]->(b) | [b.batchId, c.quantity, c.unit]] AS carries
        """,
    )
    carries = sorted(links.pop("carries"))
    assert links == {
        "seller": ["E1"], "platform": ["E2"], "importer": ["E3"], "logistics": ["E4"],
        "warehouse": ["E5"], "declaration": ["D1"],
    }  # fmt: skip
    assert carries == [["B1", 3, "can"], ["B2", 1, None]]

    [e1] = await query(graph, "MATCH (e:Enterprise {enterpriseId: 'E1'}) RETURN properties(e) AS p")
    assert e1["p"]["uscc"] == USCC_OK and e1["p"]["kind"] == "seller"
    assert e1["p"]["filingStatus"] == "filed" and "eori" not in e1["p"]
    [typed] = await query(
        graph,
        """
        MATCH (b:Batch {batchId: 'B1'}), (l:CreditLevel {levelId: 'L2'}),
              (c:ProhibitedCategory {code: 'NL-3'}), (a:Arrangement {arrangementId: 'AR1'}),
              (:Person {personId: 'P1'})-[o:OWNS]->(:Enterprise {enterpriseId: 'E1'}),
              (:CreditLevel {levelId: 'L1'})-[m:MAPS_TO]->(:CreditLevel {levelId: 'L3'}),
              (:Inspection {inspectionId: 'I2'})-[:PERFORMED_BY]->(lab:Enterprise),
              (:Inspection {inspectionId: 'I2'})-[:INSPECTED]->(target:Batch)
        RETURN b.producedOn AS produced, b.quantity AS quantity, l.rank AS rank,
               l.dishonest AS dishonest, c.hsPrefixes AS prefixes, c.keywords AS keywords,
               c.validFrom AS validFrom, a.grants AS grants, o.share AS share, o.since AS since,
               o.until AS until, m.arrangementId AS arrangement, m.facilitation AS facilitation,
               lab.enterpriseId AS lab, target.batchId AS target
        """,
    )
    assert typed == {
        "produced": Date(2026, 1, 10), "quantity": 5000, "rank": 3, "dishonest": True,
        "prefixes": ["2903", "2904"], "keywords": ["chloroform", "benzene"],
        "validFrom": Date(2024, 1, 1), "grants": ["enterprise", "credit"], "share": 0.6,
        "since": Date(2020, 1, 1), "until": None, "arrangement": "AR1",
        "facilitation": ["lower inspection rate", "priority clearance"], "lab": "E6",
        "target": "B1",
    }  # fmt: skip
    roles = await query(graph, "MATCH (:Person {personId: 'P1'})-[d:DIRECTS]->() RETURN d.role AS r")
    assert sorted(r["r"] for r in roles) == ["director", "legal_representative"]

    # Provenance on everything, and the run recorded.
    [unmarked] = await query(
        graph,
        """
        CALL () {
          MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:LoadRun
            AND (n.source IS NULL OR n.loadRun <> 'run-1') RETURN count(*) AS c
          UNION ALL
          MATCH ()-[r]->() WHERE r.source IS NULL OR r.loadRun <> 'run-1' RETURN count(*) AS c
        }
        RETURN sum(c) AS n
        """,
    )
    assert unmarked["n"] == 0
    [run] = await query(graph, "MATCH (r:LoadRun {runId: 'run-1'}) RETURN properties(r) AS p")
    assert run["p"]["status"] == "done" and run["p"]["folder"] == str(folder.resolve())
    assert run["p"]["finishedAt"] >= run["p"]["startedAt"]
    counts = json.loads(run["p"]["counts"])
    assert counts["shipments.csv"] == {"read": 2, "loaded": 2, "rejected": 0}


async def test_second_load_changes_nothing(graph: AsyncDriver, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in", FULL)
    await load_folder(graph, DATABASE, folder, run_id="run-1")
    before = (await node_counts(graph), await rel_counts(graph), await snapshot(graph))
    again = await load_folder(graph, DATABASE, folder, run_id="run-2", batch_size=1)
    assert again.ok and again.loaded == data_rows(FULL)
    after = (await node_counts(graph), await rel_counts(graph), await snapshot(graph))
    assert after == before
    [runs] = await query(graph, "MATCH (r:LoadRun) RETURN count(*) AS n")
    assert runs["n"] == 2


BROKEN: dict[str, str] = {
    "agencies.csv": FULL["agencies.csv"],
    "enterprises.csv": f"""enterprise_id,name,kind,country,uscc
E1,Good Seller,seller,CN,{USCC_OK}
E2,Bad Code,seller,CN,{USCC_BAD}
E3,Platform,platform,CN,
""",
    "products.csv": f"""product_id,name,hs_code,gtin
PR1,Good,190110,{GTIN_OK}
PR2,Bad GTIN,190110,{GTIN_BAD}
""",
    "batches.csv": """batch_id,product_id,lot_code,produced_on,expires_on
B1,PR1,L1,2026-01-01,2027-01-01
B2,PR1,L2,2026-01-01,2025-01-01
""",
    "shipments.csv": """shipment_id,direction,mode,status,declared_on,released_on,seller_id,platform_id
S1,inbound,bonded,released,2026-03-01,2026-03-02,E1,E3
S2,inbound,bonded,released,2026-02-30,,E1,
S3,inbound,by_air,released,2026-03-01,,E1,
S4,inbound,bonded,,2026-03-01,,E1,
S5,inbound,bonded,released,2026-03-01,,E9,E3
S6,inbound,bonded,released,2026-03-05,2026-03-04,E1,
S7,inbound,bonded,released,2026-03-01,,E9,E8
""",
    "inspections.csv": """inspection_id,kind,target_kind,target_id,result,inspected_on
I1,physical,shipment,S1,pass,2026-03-02
I2,physical,batch,S1,pass,2026-03-02
""",
}


async def test_broken_rows_are_rejected_exactly(graph: AsyncDriver, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in", BROKEN)
    report = tmp_path / "rejects.csv"
    summary = await load_folder(graph, DATABASE, folder, reject_report=report, batch_size=3)

    assert not summary.ok and summary.reject_report == report
    assert read_rejects(report) == [
        RowError("enterprises.csv", 3, "uscc", USCC_BAD, "USCC check character should be F, got W"),
        RowError("products.csv", 3, "gtin", GTIN_BAD, "GTIN check digit should be 2, got 1"),
        RowError("batches.csv", 3, "expires_on", "2025-01-01",
                 "expires_on 2025-01-01 is before produced_on 2026-01-01"),
        RowError("shipments.csv", 3, "declared_on", "2026-02-30",
                 "'2026-02-30' is not a date (YYYY-MM-DD)"),
        RowError("shipments.csv", 4, "mode", "by_air",
                 "'by_air' is not one of: bonded, direct_mail, express"),
        RowError("shipments.csv", 5, "status", "", "required value is empty"),
        RowError("shipments.csv", 7, "released_on", "2026-03-04",
                 "released_on 2026-03-04 is before declared_on 2026-03-05"),
        RowError("shipments.csv", 6, "seller_id", "E9", "no Enterprise with seller_id 'E9'"),
        RowError("shipments.csv", 8, "seller_id", "E9", "no Enterprise with seller_id 'E9'"),
        RowError("shipments.csv", 8, "platform_id", "E8", "no Enterprise with platform_id 'E8'"),
        RowError("inspections.csv", 3, "target_id", "S1", "no Batch with target_id 'S1'"),
    ]  # fmt: skip
    by_file = {f.file: (f.read, f.loaded, f.rejected) for f in summary.files}
    assert by_file == {
        "agencies.csv": (3, 3, 0), "enterprises.csv": (3, 2, 1), "products.csv": (2, 1, 1),
        "batches.csv": (2, 1, 1), "shipments.csv": (7, 1, 6), "inspections.csv": (2, 1, 1),
    }  # fmt: skip
    assert all(f.read == f.loaded + f.rejected for f in summary.files)
    assert await node_counts(graph) == {
        "Agency": 3, "Enterprise": 2, "Product": 1, "Batch": 1, "Shipment": 1, "Inspection": 1,
    }  # fmt: skip
    # A rejected row leaves nothing behind, not even half of its links.
    assert await rel_counts(graph) == {
        "OF_PRODUCT": 1, "SOLD_BY": 1, "VIA_PLATFORM": 1, "INSPECTED": 1,
    }  # fmt: skip


async def test_unknown_or_missing_column_rejects_the_file(graph: AsyncDriver, tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "in",
        {
            "agencies.csv": FULL["agencies.csv"],
            "persons.csv": "person_id,name,nationalty\nP1,Li,CN\n",
            "contacts.csv": "contact_id,value\nC1,x\n",
        },
    )
    with pytest.raises(LoadError) as caught:
        await load_folder(graph, DATABASE, folder)
    message = str(caught.value)
    assert "persons.csv: unknown column 'nationalty'" in message
    assert "contacts.csv: missing required column(s) 'kind'" in message
    assert await node_counts(graph) == {}  # checked before anything is written


async def test_line_numbers_follow_the_physical_file(graph: AsyncDriver, tmp_path: Path) -> None:
    text = (
        "\ufeffaddress_id,line,city,country\r\n"
        'AD1,"Room 5\r\n88 Harbor Road",Hangzhou,CN\r\n'
        "\r\n"
        'AD2,"a ""quoted"" line",,XX\r\n'
        "AD3,third,,CN\r\n"
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "addresses.csv").write_bytes(text.encode("utf-8"))
    report = tmp_path / "rejects.csv"
    summary = await load_folder(graph, DATABASE, folder, reject_report=report)
    assert read_rejects(report) == [
        RowError("addresses.csv", 5, "country", "XX", "XX is not an ISO 3166-1 alpha-2 country code")
    ]
    assert (summary.read, summary.loaded, summary.rejected) == (3, 2, 1)
    rows = await query(graph, "MATCH (a:Address) RETURN a.addressId AS id, a.line AS line ORDER BY id")
    assert rows == [
        {"id": "AD1", "line": "Room 5\r\n88 Harbor Road"},
        {"id": "AD3", "line": "third"},
    ]


def test_main_exit_status(
    graph: AsyncDriver,
    neo4j_uri: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    good = write_folder(tmp_path / "good", {"agencies.csv": FULL["agencies.csv"]})
    assert main([str(good), "--uri", neo4j_uri, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["ok"], out["read"], out["loaded"], out["rejected"]) == (True, 3, 3, 0)

    bad = write_folder(tmp_path / "bad", {"persons.csv": "person_id,name\nP1,\n"})
    assert main([str(bad), "--uri", neo4j_uri]) == 1
    captured = capsys.readouterr()
    assert "persons.csv" in captured.out and "1 rows rejected" in captured.err
    [default_report] = tmp_path.glob("load-rejects-*.csv")
    assert read_rejects(default_report) == [RowError("persons.csv", 2, "name", "", "required value is empty")]

    assert main([str(tmp_path / "nowhere"), "--uri", neo4j_uri]) == 2
    assert "no such folder" in capsys.readouterr().err
    typo = write_folder(tmp_path / "typo", {"persons.csv": "person_id,nam\n"})
    assert main([str(typo), "--uri", neo4j_uri]) == 2
    err = capsys.readouterr().err
    assert "unknown column 'nam'" in err and len(err.strip().splitlines()) == 1
    assert main([str(good), "--uri", "bolt://127.0.0.1:1"]) == 2
    assert capsys.readouterr().err.startswith("hub load: ")


@pytest.mark.parametrize("batch_size", [BATCH_SIZE, 1])
async def test_a_reloaded_row_replaces_its_links(graph: AsyncDriver, tmp_path: Path, batch_size: int) -> None:
    """The issue's case: a shipment re-loaded with another seller has only the new one.

    With batches of one row the repeated key's rows are in separate transactions
    (a batch boundary between them): the later still wins.
    """
    await load_folder(graph, DATABASE, write_folder(tmp_path / "in", FULL), run_id="run-1")
    header = FULL["shipments.csv"].splitlines()[0]
    fix = (
        header + "\n"
        "S1,WB0000001,inbound,bonded,CNNGB,JP,CN-ZJ,c-9f2a,2026-03-01,2026-03-02,,released,E7,,E3,E4,E5,D1\n"
        # The same key twice in one file: the later row wins (never two rows of a key in a batch).
        "S2,,inbound,express,,,CN-BJ,c-77,2026-03-03,,,declared,E1,,,,,\n"
        "S2,,inbound,express,,,CN-BJ,c-77,2026-03-03,,,declared,E7,,,,,\n"
    )
    summary = await load_folder(
        graph,
        DATABASE,
        write_folder(tmp_path / "fix", {"shipments.csv": fix}),
        run_id="run-2",
        batch_size=batch_size,
    )
    assert (summary.read, summary.loaded, summary.rejected) == (3, 3, 0)
    rows = await query(
        graph,
        """
        MATCH (s:Shipment)
        RETURN s.shipmentId AS id, [(s)-[:SOLD_BY]->(e) | e.enterpriseId] AS sellers,
               [(s)-[:VIA_PLATFORM]->(e) | e.enterpriseId] AS platforms
        ORDER BY id
        """,
    )
    assert rows == [
        {"id": "S1", "sellers": ["E7"], "platforms": []},
        {"id": "S2", "sellers": ["E7"], "platforms": []},
    ]
    [old] = await query(
        graph, "MATCH (:Enterprise {enterpriseId: 'E1'})<-[:SOLD_BY]-(s) RETURN count(s) AS n"
    )
    assert old["n"] == 0


def test_run_ids_are_digits_and_dashes_that_fit_a_short_string() -> None:
    """A run id is stored on every node and link a load writes (`loadRun`): 22 characters of
    digits and dashes fit Neo4j's 4-bit inline encoding, so a link's `source` and `loadRun`
    share one property record (loaders.folder.new_run_id)."""
    ids = {new_run_id() for _ in range(50)}
    for run in ids:
        assert re.fullmatch(r"\d{8}-\d{6}-\d{6}", run), run
    assert len(ids) > 1  # the random part differs within one second
