"""`status_changes.csv` and `disposal_evidence.csv`: history loaded append-only, rejects exact."""

from __future__ import annotations

from pathlib import Path

from neo4j import AsyncDriver

from loaders.load import load_folder
from loaders.report import read_rejects
from loaders.rows import RowError
from tests.conftest import DATABASE
from tests.loaders.test_load import query, write_folder

FOLDER = {
    "agencies.csv": "agency_id,name,kind,country\nA1,Ningbo Customs,customs,CN\n",
    "enterprises.csv": "enterprise_id,name,kind,country\nE1,Blue Harbor,seller,CN\n",
    "products.csv": "product_id,name,hs_code\nP1,Cream,3304990000\n",
    "batches.csv": "batch_id,product_id,lot_code\nB1,P1,L1\n",
    "shipments.csv": "shipment_id,direction,mode,status,declared_on\nS1,inbound,bonded,held,2026-03-01\n",
    "shipment_batches.csv": "shipment_id,batch_id,quantity\nS1,B1,10\n",
    "recalls.csv": "recall_id,measure,title,risk_level,issued_on,status,issuer_id\n"
    "R1,destruction,Destroy L1,high,2026-03-05,open,A1\n",
    "recall_targets.csv": "recall_id,target_kind,target_id\nR1,batch,B1\n",
    "filings.csv": "filing_id,enterprise_id,kind,status,filed_on,agency_id\nF1,E1,enterprise,filed,2026-01-01,A1\n",
    "status_changes.csv": """change_id,record_kind,record_id,from_status,to_status,on,agency_id,reason
C1,filing,F1,filed,suspended,2026-02-01,A1,labels missing
C2,filing,F1,suspended,filed,2026-03-01,A1,labels fixed
C3,order,R1,open,in_progress,2026-03-06,A1,
C4,shipment,S1,held,destroyed,2026-03-07,A1,incinerated
C5,shipment,S1,destroyed,released,2026-03-08,A1,
C6,order,R-NOPE,open,closed,2026-03-08,,
C7,filing,F1,,suspended,2026-03-09,,
""",
    "disposal_evidence.csv": """evidence_id,order_id,shipment_id,recorded_on,returned_units,destroyed_units,note
EV1,R1,S1,2026-03-07,0,10,burnt
EV2,R1,S-NOPE,2026-03-07,0,1,
""",
}


async def test_history_loads_and_bad_rows_are_rejected(graph: AsyncDriver, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in", FOLDER)
    report = tmp_path / "rejects.csv"
    summary = await load_folder(graph, DATABASE, folder, reject_report=report)
    assert not summary.ok
    assert read_rejects(report) == [
        RowError(
            "status_changes.csv",
            6,
            "to_status",
            "released",
            "a shipment goes from destroyed only to: nothing",
        ),
        RowError(
            "status_changes.csv", 8, "to_status", "suspended", "a filing starts as one of filed, pending"
        ),
        RowError("status_changes.csv", 7, "record_id", "R-NOPE", "no Recall with record_id 'R-NOPE'"),
        RowError(
            "disposal_evidence.csv", 3, "shipment_id", "S-NOPE", "no Shipment with shipment_id 'S-NOPE'"
        ),
    ]
    [row] = await query(
        graph,
        """MATCH (f:Filing {filingId: 'F1'}), (r:Recall {recallId: 'R1'}), (s:Shipment {shipmentId: 'S1'})
           RETURN f.status AS filing, r.status AS recall, s.status AS shipment,
                  COUNT { (:StatusChange)-[:CHANGES]->() } AS changes,
                  [(s)<-[:DISPOSED_OF]-(e:DisposalEvidence) | e.destroyedUnits] AS destroyed""",
    )
    # history is added; the record files keep carrying the current status
    assert row == {"filing": "filed", "recall": "open", "shipment": "held", "changes": 4,
                   "destroyed": [10]}  # fmt: skip
    again = await load_folder(graph, DATABASE, folder, reject_report=tmp_path / "r2.csv")
    assert again.files[-2].loaded == 4
    [count] = await query(graph, "MATCH (c:StatusChange) RETURN count(c) AS n")
    assert count == {"n": 4}
