"""A graph with a unique canary value on every node kind, for the access tests.

SG is party to ARR-CN-SG (signed 2024-06-01, grants enterprise, credit and
recall, not filing); NZ to ARR-CN-NZ, which grants everything but is signed
only next year (so it grants nothing yet).

- E-VIS: rated by GACC since 2025-01-01 (in force): visible to SG; makes P2.
- E-EXP: its only rating ran 2019-01-01..2020-01-01 (expired).
- E-SUS: rated in force but the rating is suspended.
- E-UNR: never rated; makes P1 (whose batch B1 is recalled by R1).
- E-SELL: never rated; sells shipment S1 (declaration D1) carrying B1.
- Inspection I1 of B1; risk alert A1 on P1; person PER1 owns E-VIS and E-SELL.
"""

from __future__ import annotations

import datetime as dt

from neo4j import AsyncDriver

from tests.factories import DATABASE

ACCESS_GRAPH = """
CREATE (gacc:Agency {agencyId: 'AG-CN-GACC', name: 'GACC', kind: 'customs', country: 'CN'})
CREATE (sg:Agency {agencyId: 'AG-SG-SC', name: 'Singapore Customs', kind: 'partner', country: 'SG'})
CREATE (nz:Agency {agencyId: 'AG-NZ-MPI', name: 'NZ MPI', kind: 'partner', country: 'NZ'})
CREATE (arr:Arrangement {arrangementId: 'ARR-CN-SG', name: 'CN-SG AEO MRA', signedOn: date('2024-06-01'),
                         grants: ['enterprise', 'credit', 'recall']})
CREATE (gacc)-[:PARTY_TO]->(arr), (sg)-[:PARTY_TO]->(arr)
CREATE (nzarr:Arrangement {arrangementId: 'ARR-CN-NZ', name: 'CN-NZ MRA', signedOn: $nextYear,
                           grants: ['enterprise', 'credit', 'recall', 'filing']})
CREATE (gacc)-[:PARTY_TO]->(nzarr), (nz)-[:PARTY_TO]->(nzarr)
CREATE (cs:CreditScheme {schemeId: 'CS-GACC', name: 'GACC enterprise credit'})-[:OPERATED_BY]->(gacc)
CREATE (lv:CreditLevel {levelId: 'GACC-ADV', code: 'AEO-ADV', name: 'Advanced certified', rank: 1, dishonest: false})-[:IN_SCHEME]->(cs)
CREATE (vis:Enterprise {enterpriseId: 'E-VIS', name: 'CANARY-EVIS-NAME', kind: 'manufacturer', country: 'CN',
                        uscc: 'CANARY-EVIS-USCC', filingStatus: 'filed'})
CREATE (exp:Enterprise {enterpriseId: 'E-EXP', name: 'CANARY-EEXP-NAME', kind: 'seller', country: 'CN',
                        uscc: 'CANARY-EEXP-USCC', filingStatus: 'filed'})
CREATE (sus:Enterprise {enterpriseId: 'E-SUS', name: 'CANARY-ESUS-NAME', kind: 'seller', country: 'CN',
                        uscc: 'CANARY-ESUS-USCC'})
CREATE (unr:Enterprise {enterpriseId: 'E-UNR', name: 'CANARY-EUNR-NAME', kind: 'manufacturer', country: 'JP'})
CREATE (sell:Enterprise {enterpriseId: 'E-SELL', name: 'CANARY-ESELL-NAME', kind: 'seller', country: 'CN'})
CREATE (r1:Rating {ratingId: 'CANARY-RT-VIS', validFrom: date('2025-01-01')})
CREATE (r1)-[:GIVEN_BY]->(gacc), (r1)-[:RATES]->(vis), (r1)-[:AT_LEVEL]->(lv)
CREATE (r2:Rating {ratingId: 'CANARY-RT-EXP', validFrom: date('2019-01-01'), validTo: date('2020-01-01')})
CREATE (r2)-[:GIVEN_BY]->(gacc), (r2)-[:RATES]->(exp), (r2)-[:AT_LEVEL]->(lv)
CREATE (r3:Rating {ratingId: 'RT-SUS', validFrom: date('2025-01-01'), status: 'suspended'})
CREATE (r3)-[:GIVEN_BY]->(gacc), (r3)-[:RATES]->(sus), (r3)-[:AT_LEVEL]->(lv)
CREATE (p1:Product {productId: 'P1', name: 'CANARY-P1-NAME', hsCode: '3304990000'})-[:MADE_BY]->(unr)
CREATE (p2:Product {productId: 'P2', name: 'CANARY-P2-NAME', hsCode: '3304990000'})-[:MADE_BY]->(vis)
CREATE (b1:Batch {batchId: 'B1', lotCode: 'CANARY-B1-LOT', quantity: 100, unit: 'pcs'})-[:OF_PRODUCT]->(p1)
CREATE (:TraceCode {code: 'CANARY-TC-CODE', kind: 'qr'})-[:LABELS]->(b1)
CREATE (d1:Declaration {declarationId: 'D1', number: 'CANARY-D1-NUMBER', declaredOn: date('2026-03-01'), status: 'accepted'})
CREATE (d1)-[:DECLARED_BY]->(sell), (d1)-[:LODGED_WITH]->(gacc)
CREATE (s1:Shipment {shipmentId: 'S1', waybill: 'CANARY-S1-WAYBILL', direction: 'inbound', mode: 'bonded',
                     status: 'released', port: 'CNNGB', consigneeRegion: 'CN-ZJ', consigneeRef: 'CANARY-S1-CONSIGNEE',
                     declaredOn: date('2026-03-01')})
CREATE (s1)-[:SOLD_BY]->(sell), (s1)-[:DECLARED_IN]->(d1), (s1)-[:CARRIES {quantity: 5, unit: 'pcs'}]->(b1)
CREATE (i1:Inspection {inspectionId: 'I1', kind: 'lab', result: 'fail', inspectedOn: date('2026-03-02'),
                       findings: 'CANARY-I1-FINDINGS'})-[:INSPECTED]->(b1)
CREATE (i1)-[:PERFORMED_BY]->(gacc)
CREATE (r:Recall {recallId: 'R1', measure: 'mandatory_recall', title: 'CANARY-R1-TITLE', hazard: 'microbial',
                  riskLevel: 'high', status: 'open', issuedOn: date('2026-04-01')})
CREATE (r)-[:ISSUED_BY]->(gacc), (r)-[:TARGETS]->(b1)
CREATE (a:RiskAlert {alertId: 'A1', title: 'CANARY-A1-TITLE', riskLevel: 'high', issuedOn: date('2026-03-20')})-[:CONCERNS]->(p1)
CREATE (a)-[:ISSUED_BY]->(gacc)
CREATE (per:Person {personId: 'PER1', name: 'CANARY-PERSON-NAME'})
CREATE (per)-[:OWNS {share: 0.6, since: date('2020-01-01')}]->(vis), (per)-[:OWNS {share: 0.5, since: date('2020-01-01')}]->(sell)
"""


async def access_graph(driver: AsyncDriver) -> None:
    next_year = dt.date.today() + dt.timedelta(days=365)
    await driver.execute_query(ACCESS_GRAPH, nextYear=next_year, database_=DATABASE)


async def set_arrangement(driver: AsyncDriver, signed_on: dt.date | None, ends_on: dt.date | None) -> None:
    """Move the dates of ARR-CN-SG."""
    await driver.execute_query(
        "MATCH (a:Arrangement {arrangementId: 'ARR-CN-SG'}) SET a.signedOn = $signed, a.endsOn = $ends",
        signed=signed_on,
        ends=ends_on,
        database_=DATABASE,
    )
