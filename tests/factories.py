"""A small hand-built graph whose answers are known, created with plain Cypher."""

from __future__ import annotations

from neo4j import AsyncDriver

DATABASE = "neo4j"

# Two makers, a platform, sellers, importer, logistics, warehouse; one product
# with two batches; three shipments; a recall of batch B1; a partner
# arrangement (SG) that grants enterprise and recall scopes; NZ has none.
SMALL_GRAPH = """
CREATE (gacc:Agency {agencyId: 'AG-CN-GACC', name: 'General Administration of Customs', kind: 'customs', country: 'CN'})
CREATE (sg:Agency {agencyId: 'AG-SG-SC', name: 'Singapore Customs', kind: 'partner', country: 'SG'})
CREATE (nz:Agency {agencyId: 'AG-NZ-MPI', name: 'NZ Ministry for Primary Industries', kind: 'partner', country: 'NZ'})
CREATE (arr:Arrangement {arrangementId: 'ARR-CN-SG', name: 'CN-SG AEO MRA', signedOn: date('2024-06-01'), grants: ['enterprise', 'credit', 'recall']})
CREATE (gacc)-[:PARTY_TO]->(arr), (sg)-[:PARTY_TO]->(arr)
CREATE (maker:Enterprise {enterpriseId: 'E-MAKER', name: 'Osaka Cosmetics KK', kind: 'manufacturer', country: 'JP'})
CREATE (plat:Enterprise {enterpriseId: 'E-PLAT', name: 'Tmall Global', kind: 'platform', country: 'CN', region: 'CN-ZJ', filingStatus: 'filed'})
CREATE (seller:Enterprise {enterpriseId: 'E-SELL', name: 'Blue Harbor Trading', kind: 'seller', country: 'CN', region: 'CN-ZJ', uscc: '91350100M000100Y43', filingStatus: 'filed'})
CREATE (imp:Enterprise {enterpriseId: 'E-IMP', name: 'Ningbo Import Co', kind: 'importer', country: 'CN'})
CREATE (log:Enterprise {enterpriseId: 'E-LOG', name: 'Swift Logistics', kind: 'logistics', country: 'CN'})
CREATE (wh:Enterprise {enterpriseId: 'E-WH', name: 'Ningbo Bonded Warehouse 3', kind: 'warehouse', country: 'CN'})
CREATE (scheme:CreditScheme {schemeId: 'CS-GACC', name: 'GACC enterprise credit'})
CREATE (adv:CreditLevel {levelId: 'GACC-ADV', code: 'AEO-ADV', name: 'Advanced certified', rank: 1, dishonest: false})
CREATE (adv)-[:IN_SCHEME]->(scheme), (scheme)-[:OPERATED_BY]->(gacc)
CREATE (rating:Rating {ratingId: 'RT-1', validFrom: date('2025-01-01')})
CREATE (rating)-[:GIVEN_BY]->(gacc), (rating)-[:RATES]->(seller), (rating)-[:AT_LEVEL]->(adv)
CREATE (p:Product {productId: 'P-CREAM', name: 'Hydra Face Cream', gtin: '4901234567894', hsCode: '3304990000', category: 'cosmetics', brand: 'Hydra', originCountry: 'JP'})
CREATE (p)-[:MADE_BY]->(maker)
CREATE (b1:Batch {batchId: 'B1', lotCode: 'L2026A', producedOn: date('2026-01-10'), expiresOn: date('2028-01-10'), quantity: 5000, unit: 'pcs'})
CREATE (b2:Batch {batchId: 'B2', lotCode: 'L2026B', producedOn: date('2026-02-10'), quantity: 3000, unit: 'pcs'})
CREATE (b1)-[:OF_PRODUCT]->(p), (b2)-[:OF_PRODUCT]->(p)
CREATE (:TraceCode {code: 'QR-0001', kind: 'qr', serial: 'SN1'})-[:LABELS]->(b1)
CREATE (d:Declaration {declarationId: 'D1', number: 'CEB2026000001', declaredOn: date('2026-03-01'), status: 'released'})
CREATE (d)-[:DECLARED_BY]->(imp), (d)-[:LODGED_WITH]->(gacc)
WITH *
UNWIND [
  {id: 'S1', on: date('2026-03-01'), status: 'released', region: 'CN-ZJ', b: [['B1', 10]]},
  {id: 'S2', on: date('2026-03-02'), status: 'delivered', region: 'CN-GD', b: [['B1', 5], ['B2', 7]]},
  {id: 'S3', on: date('2026-03-03'), status: 'held', region: 'CN-BJ', b: [['B2', 3]]}
] AS row
CREATE (s:Shipment {shipmentId: row.id, waybill: 'WB-' + row.id, direction: 'inbound', mode: 'bonded',
                    status: row.status, port: 'CNNGB', originCountry: 'JP', consigneeRegion: row.region,
                    consigneeRef: 'c-' + row.id, declaredOn: row.on})
CREATE (s)-[:SOLD_BY]->(seller), (s)-[:VIA_PLATFORM]->(plat), (s)-[:IMPORTED_BY]->(imp),
       (s)-[:HANDLED_BY]->(log), (s)-[:STORED_AT]->(wh), (s)-[:DECLARED_IN]->(d)
WITH s, row
UNWIND row.b AS carried
MATCH (b:Batch {batchId: carried[0]})
CREATE (s)-[:CARRIES {quantity: carried[1], unit: 'pcs'}]->(b)
WITH count(*) AS ignored
MATCH (gacc:Agency {agencyId: 'AG-CN-GACC'}), (b1:Batch {batchId: 'B1'})
CREATE (r:Recall {recallId: 'R1', measure: 'mandatory_recall', title: 'Cream lot L2026A: microbial contamination',
                  hazard: 'microbial', riskLevel: 'high', status: 'open', issuedOn: date('2026-04-01')})
CREATE (r)-[:ISSUED_BY]->(gacc), (r)-[:TARGETS]->(b1)
"""


async def small_graph(driver: AsyncDriver) -> None:
    await driver.execute_query(SMALL_GRAPH, database_=DATABASE)


async def many_shipments(driver: AsyncDriver, count: int) -> None:
    """`count` more shipments of seller E-SELL carrying batch B2 (for paging and N+1 tests)."""
    await driver.execute_query(
        """
        MATCH (seller:Enterprise {enterpriseId: 'E-SELL'}), (plat:Enterprise {enterpriseId: 'E-PLAT'}),
              (imp:Enterprise {enterpriseId: 'E-IMP'}), (d:Declaration {declarationId: 'D1'}),
              (b:Batch {batchId: 'B2'})
        UNWIND range(1, $count) AS i
        CREATE (s:Shipment {shipmentId: 'SX' + right('0000' + toString(i), 5), direction: 'inbound',
                            mode: 'express', status: 'released', port: 'CNSHA', consigneeRegion: 'CN-SH',
                            declaredOn: date('2026-01-01') + duration({days: i % 50})})
        CREATE (s)-[:SOLD_BY]->(seller), (s)-[:VIA_PLATFORM]->(plat), (s)-[:IMPORTED_BY]->(imp),
               (s)-[:DECLARED_IN]->(d), (s)-[:CARRIES {quantity: 1, unit: 'pcs'}]->(b)
        """,
        count=count,
        database_=DATABASE,
    )
