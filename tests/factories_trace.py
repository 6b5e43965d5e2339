"""A hand-built graph for recall traceability, with every answer worked out by hand.

Product PA (batches A1, A2, A3; A3 never shipped), product PB (B1, B2), PC (C1).

| shipment | declared   | status    | mode        | dir | region | port  | seller | platform | importer | warehouse | decl | carries        |
|----------|------------|-----------|-------------|-----|--------|-------|--------|----------|----------|-----------|------|----------------|
| S01      | 2026-03-01 | declared  | bonded      | in  | CN-ZJ  | CNNGB | SE1    | PL1      | IM1      | WH1       | D1   | A1 x10         |
| S02      | 2026-03-02 | held      | bonded      | in  | CN-ZJ  | CNNGB | SE1    | PL1      | IM1      | WH1       | D1   | A1 x4, A2 x6   |
| S03      | 2026-03-03 | released  | bonded      | in  | CN-GD  | CNSHA | SE2    | PL2      | IM2      | WH2       | D2   | A2 x20         |
| S04      | 2026-03-04 | delivered | express     | in  | CN-GD  | CNSHA | SE2    | PL2      | IM2      | -         | D2   | A1 x3          |
| S05      | 2026-03-05 | released  | bonded      | in  | CN-BJ  | CNNGB | SE1    | PL1      | IM1      | WH1       | D1   | A2 x5, B1 x2   |
| S06      | 2026-03-06 | returned  | direct_mail | in  | CN-SH  | CNSHA | SE2    | PL1      | IM2      | -         | D2   | A1 x1          |
| S07      | 2026-03-07 | released  | express     | in  | CN-SH  | CNPVG | SE1    | PL2      | IM1      | -         | D1   | A2 x8          |
| S08      | 2026-03-08 | delivered | bonded      | in  | CN-ZJ  | CNNGB | SE2    | PL2      | IM2      | WH2       | D2   | B1 x50         |
| S09      | 2026-02-20 | delivered | express     | out | SG-01  | CNSHA | SE1    | PL1      | IM1      | -         | D1   | A1 x2          |
| S10      | 2026-03-09 | declared  | express     | in  | CN-ZJ  | CNNGB | SE1    | PL1      | IM1      | -         | D1   | C1 x7          |

Recalls:
- R-PROD targets product PA: batches A1, A2, A3 -> shipments S01-S07 and S09 (8; S02 once),
  units 10+10+20+3+5+1+8+2 = 59; declarations D1, D2.
  Stages: under control S01 (declared) 10, S02 (held) 10, S03 (bonded, released, at WH2) 20,
  S05 (bonded, released, at WH1) 5 -> 4 shipments, 45 units; in transit S07 (express, released)
  1 / 8; delivered S04, S09 -> 2 / 5; returned S06 -> 1 / 1.
- R-BATCH targets batches A2 and B1 -> S02 (A2 6), S03 (20), S05 (A2 5 + B1 2 = 7, once),
  S07 (8), S08 (B1 50) -> 5 shipments, 91 units.
- R-NONE targets batch A3 only (never shipped): 0 shipments, 0 units.

Trace codes: QR-A1-0001 (qr, serial SN-0001) on A1; BC-B1 (barcode) on B1.
Inspections: INS-1 (lab, fail, by lab E-LAB, accepted) and INS-2 (sampling, pass, by GACC) on
batch A1; INS-3 (document, pass) on shipment S01 (not a batch inspection).
Risk alerts: RA-1 concerns product PA; RA-2 concerns batch B1.
"""

from __future__ import annotations

from neo4j import AsyncDriver

DATABASE = "neo4j"

TRACE_GRAPH = """
CREATE (gacc:Agency {agencyId: 'AG-CN-GACC', name: 'General Administration of Customs', kind: 'customs', country: 'CN'})
CREATE (samr:Agency {agencyId: 'AG-CN-SAMR', name: 'State Administration for Market Regulation', kind: 'market_regulator', country: 'CN'})
CREATE (sg:Agency {agencyId: 'AG-SG-SC', name: 'Singapore Customs', kind: 'partner', country: 'SG'})
CREATE (:Agency {agencyId: 'AG-NZ-MPI', name: 'NZ Ministry for Primary Industries', kind: 'partner', country: 'NZ'})
CREATE (arr:Arrangement {arrangementId: 'ARR-CN-SG', name: 'CN-SG AEO MRA', signedOn: date('2024-06-01'), grants: ['enterprise', 'recall']})
CREATE (gacc)-[:PARTY_TO]->(arr), (sg)-[:PARTY_TO]->(arr)
CREATE (m1:Enterprise {enterpriseId: 'M1', name: 'Osaka Cosmetics KK', kind: 'manufacturer', country: 'JP'})
CREATE (lab:Enterprise {enterpriseId: 'E-LAB', name: 'Accredited Lab Ltd', kind: 'lab', country: 'CN'})
CREATE (:Enterprise {enterpriseId: 'PL1', name: 'Tmall Global', kind: 'platform', country: 'CN'})
CREATE (:Enterprise {enterpriseId: 'PL2', name: 'JD Worldwide', kind: 'platform', country: 'CN'})
CREATE (:Enterprise {enterpriseId: 'SE1', name: 'Blue Harbor Trading', kind: 'seller', country: 'CN'})
CREATE (:Enterprise {enterpriseId: 'SE2', name: 'Red Lantern Store', kind: 'seller', country: 'HK'})
CREATE (:Enterprise {enterpriseId: 'IM1', name: 'Ningbo Import Co', kind: 'importer', country: 'CN'})
CREATE (:Enterprise {enterpriseId: 'IM2', name: 'Canton Import Co', kind: 'importer', country: 'CN'})
CREATE (:Enterprise {enterpriseId: 'LG1', name: 'Swift Logistics', kind: 'logistics', country: 'CN'})
CREATE (:Enterprise {enterpriseId: 'WH1', name: 'Ningbo Bonded Warehouse', kind: 'warehouse', country: 'CN'})
CREATE (:Enterprise {enterpriseId: 'WH2', name: 'Nansha Bonded Warehouse', kind: 'warehouse', country: 'CN'})
CREATE (pa:Product {productId: 'PA', name: 'Hydra Face Cream', gtin: '4901234567894', hsCode: '3304990000'})
CREATE (pb:Product {productId: 'PB', name: 'Vita Serum', gtin: '4006381333931', hsCode: '3304990000'})
CREATE (pc:Product {productId: 'PC', name: 'Plain Soap', hsCode: '3401110000'})
CREATE (pa)-[:MADE_BY]->(m1), (pb)-[:MADE_BY]->(m1)
WITH *
UNWIND [['A1', 'PA', 'LA1'], ['A2', 'PA', 'LA2'], ['A3', 'PA', 'LA3'], ['B1', 'PB', 'LB1'],
        ['B2', 'PB', 'LB2'], ['C1', 'PC', 'LC1']] AS spec
MATCH (p:Product {productId: spec[1]})
CREATE (:Batch {batchId: spec[0], lotCode: spec[2], producedOn: date('2026-01-01'), quantity: 1000, unit: 'pcs'})-[:OF_PRODUCT]->(p)
WITH count(*) AS batches
MATCH (gacc:Agency {agencyId: 'AG-CN-GACC'}), (imp1:Enterprise {enterpriseId: 'IM1'}), (imp2:Enterprise {enterpriseId: 'IM2'})
CREATE (d1:Declaration {declarationId: 'D1', number: 'CEB-0001', declaredOn: date('2026-03-01'), status: 'accepted'})
CREATE (d2:Declaration {declarationId: 'D2', number: 'CEB-0002', declaredOn: date('2026-03-03'), status: 'accepted'})
CREATE (d1)-[:DECLARED_BY]->(imp1), (d1)-[:LODGED_WITH]->(gacc), (d2)-[:DECLARED_BY]->(imp2), (d2)-[:LODGED_WITH]->(gacc)
WITH *
UNWIND [
  ['S01', '2026-03-01', 'declared', 'bonded', 'inbound', 'CN-ZJ', 'CNNGB', 'SE1', 'PL1', 'IM1', 'WH1', 'D1', [['A1', 10]]],
  ['S02', '2026-03-02', 'held', 'bonded', 'inbound', 'CN-ZJ', 'CNNGB', 'SE1', 'PL1', 'IM1', 'WH1', 'D1', [['A1', 4], ['A2', 6]]],
  ['S03', '2026-03-03', 'released', 'bonded', 'inbound', 'CN-GD', 'CNSHA', 'SE2', 'PL2', 'IM2', 'WH2', 'D2', [['A2', 20]]],
  ['S04', '2026-03-04', 'delivered', 'express', 'inbound', 'CN-GD', 'CNSHA', 'SE2', 'PL2', 'IM2', null, 'D2', [['A1', 3]]],
  ['S05', '2026-03-05', 'released', 'bonded', 'inbound', 'CN-BJ', 'CNNGB', 'SE1', 'PL1', 'IM1', 'WH1', 'D1', [['A2', 5], ['B1', 2]]],
  ['S06', '2026-03-06', 'returned', 'direct_mail', 'inbound', 'CN-SH', 'CNSHA', 'SE2', 'PL1', 'IM2', null, 'D2', [['A1', 1]]],
  ['S07', '2026-03-07', 'released', 'express', 'inbound', 'CN-SH', 'CNPVG', 'SE1', 'PL2', 'IM1', null, 'D1', [['A2', 8]]],
  ['S08', '2026-03-08', 'delivered', 'bonded', 'inbound', 'CN-ZJ', 'CNNGB', 'SE2', 'PL2', 'IM2', 'WH2', 'D2', [['B1', 50]]],
  ['S09', '2026-02-20', 'delivered', 'express', 'outbound', 'SG-01', 'CNSHA', 'SE1', 'PL1', 'IM1', null, 'D1', [['A1', 2]]],
  ['S10', '2026-03-09', 'declared', 'express', 'inbound', 'CN-ZJ', 'CNNGB', 'SE1', 'PL1', 'IM1', null, 'D1', [['C1', 7]]]
] AS row
MATCH (seller:Enterprise {enterpriseId: row[7]}), (platform:Enterprise {enterpriseId: row[8]}),
      (importer:Enterprise {enterpriseId: row[9]}), (lg:Enterprise {enterpriseId: 'LG1'}),
      (d:Declaration {declarationId: row[11]})
CREATE (s:Shipment {shipmentId: row[0], waybill: 'WB-' + row[0], declaredOn: date(row[1]), status: row[2],
                    mode: row[3], direction: row[4], consigneeRegion: row[5], port: row[6],
                    originCountry: 'JP', consigneeRef: 'c-' + row[0]})
CREATE (s)-[:SOLD_BY]->(seller), (s)-[:VIA_PLATFORM]->(platform), (s)-[:IMPORTED_BY]->(importer),
       (s)-[:HANDLED_BY]->(lg), (s)-[:DECLARED_IN]->(d)
WITH s, row
CALL (s, row) {
  MATCH (wh:Enterprise {enterpriseId: row[10]})
  CREATE (s)-[:STORED_AT]->(wh)
}
WITH s, row
UNWIND row[12] AS carried
MATCH (b:Batch {batchId: carried[0]})
CREATE (s)-[:CARRIES {quantity: carried[1], unit: 'pcs'}]->(b)
WITH count(*) AS links
MATCH (gacc:Agency {agencyId: 'AG-CN-GACC'}), (lab:Enterprise {enterpriseId: 'E-LAB'}),
      (pa:Product {productId: 'PA'}), (a1:Batch {batchId: 'A1'}), (a2:Batch {batchId: 'A2'}),
      (a3:Batch {batchId: 'A3'}), (b1:Batch {batchId: 'B1'}), (s01:Shipment {shipmentId: 'S01'})
CREATE (:TraceCode {code: 'QR-A1-0001', kind: 'qr', serial: 'SN-0001'})-[:LABELS]->(a1)
CREATE (:TraceCode {code: 'BC-B1', kind: 'barcode'})-[:LABELS]->(b1)
CREATE (i1:Inspection {inspectionId: 'INS-1', kind: 'lab', result: 'fail', inspectedOn: date('2026-03-20'), accepted: true, findings: 'total plate count above limit'})
CREATE (i2:Inspection {inspectionId: 'INS-2', kind: 'sampling', result: 'pass', inspectedOn: date('2026-03-10')})
CREATE (i3:Inspection {inspectionId: 'INS-3', kind: 'document', result: 'pass', inspectedOn: date('2026-03-01')})
CREATE (i1)-[:INSPECTED]->(a1), (i1)-[:PERFORMED_BY]->(lab), (i2)-[:INSPECTED]->(a1), (i2)-[:PERFORMED_BY]->(gacc),
       (i3)-[:INSPECTED]->(s01), (i3)-[:PERFORMED_BY]->(gacc)
CREATE (ra1:RiskAlert {alertId: 'RA-1', title: 'Microbial risk in face creams', riskLevel: 'high', issuedOn: date('2026-03-25'), hazard: 'microbial'})
CREATE (ra2:RiskAlert {alertId: 'RA-2', title: 'Serum lot mislabelled', riskLevel: 'low', issuedOn: date('2026-03-26')})
CREATE (ra1)-[:CONCERNS]->(pa), (ra1)-[:ISSUED_BY]->(gacc), (ra2)-[:CONCERNS]->(b1), (ra2)-[:ISSUED_BY]->(gacc)
CREATE (rp:Recall {recallId: 'R-PROD', measure: 'mandatory_recall', title: 'Hydra Face Cream: all lots', hazard: 'microbial',
                   riskLevel: 'high', status: 'open', issuedOn: date('2026-04-01')})
CREATE (rb:Recall {recallId: 'R-BATCH', measure: 'stop_sale', title: 'Lots LA2 and LB1', riskLevel: 'medium',
                   status: 'open', issuedOn: date('2026-04-02')})
CREATE (rn:Recall {recallId: 'R-NONE', measure: 'destruction', title: 'Lot LA3', riskLevel: 'low',
                   status: 'open', issuedOn: date('2026-04-03')})
CREATE (rp)-[:ISSUED_BY]->(gacc), (rp)-[:TARGETS]->(pa),
       (rb)-[:ISSUED_BY]->(gacc), (rb)-[:TARGETS]->(a2), (rb)-[:TARGETS]->(b1),
       (rn)-[:ISSUED_BY]->(gacc), (rn)-[:TARGETS]->(a3)
"""


# Recall shapes beside TRACE_GRAPH (with it loaded): R-SHIP targets shipment S05 only (its
# batches count on S05 alone), R-MIX targets S02, S05 and batch B1 (B1 counts everywhere, the
# others on S02 and S05 only), and C1 is made from A1 (a transformation).
RECALL_SHAPES = """
MATCH (s02:Shipment {shipmentId: 'S02'}), (s05:Shipment {shipmentId: 'S05'}), (b1:Batch {batchId: 'B1'}),
      (a1:Batch {batchId: 'A1'}), (c1:Batch {batchId: 'C1'})
CREATE (rs:Recall {recallId: 'R-SHIP', measure: 'stop_sale', title: 'S05 only', riskLevel: 'low',
        status: 'open', issuedOn: date('2026-03-10')})-[:TARGETS]->(s05)
CREATE (rm:Recall {recallId: 'R-MIX', measure: 'stop_sale', title: 'S02 and B1', riskLevel: 'low',
        status: 'open', issuedOn: date('2026-03-10')})
CREATE (rm)-[:TARGETS]->(s02), (rm)-[:TARGETS]->(b1), (rm)-[:TARGETS]->(s05)
CREATE (a1)-[:TRANSFORMED_INTO {eventKey: 'T-1'}]->(c1)
"""


async def trace_graph(driver: AsyncDriver) -> None:
    await driver.execute_query(TRACE_GRAPH, database_=DATABASE)
