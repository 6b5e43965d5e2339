"""A hand-built graph of related parties whose answers are worked out by hand.

Around the suspect seller E-S (distance by the default link kinds, today):
  hop 1: E-A  legal representative P1 and contact CT2 shared with E-S (strength 2)
         E-B  address AD1;  E-C  phone CT1;  E-D  owner P2;  E-HOLD owns 50 % of E-S
  hop 2: E-M  address AD2 with E-B and phone CT4 with E-C (two shortest paths)
         E-F  director P3 shared with E-A;  E-J  owned by E-HOLD
  hop 3: E-G  owned by P4, who directs E-F
  E-H: director P5 directed E-S until 2024-01-01 and still directs E-H.
  E-PL hosts E-S and E-K (hosting links only).
  E-B and E-C also share phone CT3 (a cycle back into hop 1).
Ownership: P-X owns 60 % of E-C1 and 40 % of E-C3, each owning 50 % of E-C2
(P-X holds 30 % + 20 % = 50 % of E-C2); a ring E-R1 -30%-> E-R2 -40%-> E-R3
-25%-> E-R1 with persons Q1 75 % of R1, Q2 70 % of R2, Q3 60 % of R3; a pure ring
E-K1 -> E-K2 -> E-K3 -> E-K1 (100 % each).
Risks and a recall: see RISKS below.
"""

from __future__ import annotations

from neo4j import AsyncDriver

DATABASE = "neo4j"

PARTIES = """
UNWIND [
  ['E-S', 'Suspect Chem Trading', 'seller'], ['E-A', 'Alpha Trading', 'seller'],
  ['E-B', 'Bravo Imports', 'importer'], ['E-C', 'Charlie Goods', 'seller'],
  ['E-D', 'Delta Supply', 'seller'], ['E-HOLD', 'Holding Group', 'broker'],
  ['E-M', 'Mike Cosmetics', 'manufacturer'], ['E-F', 'Foxtrot Logistics', 'logistics'],
  ['E-J', 'Juliet Sales', 'seller'], ['E-G', 'Golf Beauty', 'manufacturer'],
  ['E-H', 'Hotel Traders', 'seller'], ['E-PL', 'Big Platform', 'platform'],
  ['E-K', 'Kilo Shop', 'seller'], ['E-MK', 'Maker Osaka', 'manufacturer'],
  ['E-MK2', 'Maker Kobe', 'manufacturer'],
  ['E-C1', 'Chain One', 'broker'], ['E-C2', 'Chain Two', 'seller'], ['E-C3', 'Chain Three', 'broker'],
  ['E-R1', 'Ring One', 'seller'], ['E-R2', 'Ring Two', 'seller'], ['E-R3', 'Ring Three', 'seller'],
  ['E-K1', 'Loop One', 'seller'], ['E-K2', 'Loop Two', 'seller'], ['E-K3', 'Loop Three', 'seller']
] AS row
CREATE (:Enterprise {enterpriseId: row[0], name: row[1], kind: row[2], country: 'CN'})
WITH count(*) AS ignored
UNWIND ['P1', 'P2', 'P3', 'P4', 'P5', 'P-X', 'P-Y', 'P-Z', 'Q1', 'Q2', 'Q3'] AS pid
CREATE (:Person {personId: pid, name: 'Person ' + pid, nationality: 'CN'})
WITH count(*) AS ignored
UNWIND ['AD1', 'AD2', 'AD9'] AS aid
CREATE (:Address {addressId: aid, line: 'No. 1 ' + aid + ' Road', city: 'Ningbo', country: 'CN'})
WITH count(*) AS ignored
UNWIND ['CT1', 'CT2', 'CT3', 'CT4'] AS cid
CREATE (:Contact {contactId: cid, kind: 'phone', value: '+86-574-' + cid})
WITH count(*) AS ignored
UNWIND [
  ['P1', 'E-S', 'legal_representative', '2018-01-01', null],
  ['P1', 'E-A', 'legal_representative', '2019-01-01', null],
  ['P3', 'E-A', 'director', '2019-01-01', null],
  ['P3', 'E-F', 'director', '2019-01-01', null],
  ['P4', 'E-F', 'director', '2020-01-01', null],
  ['P5', 'E-S', 'director', '2020-01-01', '2024-01-01'],
  ['P5', 'E-H', 'director', '2019-06-01', null]
] AS row
MATCH (p:Person {personId: row[0]}), (e:Enterprise {enterpriseId: row[1]})
CREATE (p)-[:DIRECTS {role: row[2], since: date(row[3]), until: date(row[4])}]->(e)
"""

# Owners are persons or enterprises: one statement per owner label keeps it plain.
OWNERSHIPS = """
UNWIND $rows AS row
OPTIONAL MATCH (pe:Person {personId: row[0]})
OPTIONAL MATCH (en:Enterprise {enterpriseId: row[0]})
MATCH (e:Enterprise {enterpriseId: row[1]})
WITH coalesce(pe, en) AS owner, e, row
CREATE (owner)-[:OWNS {share: row[2], since: date('2015-01-01')}]->(e)
"""

OWNERSHIP_ROWS = [
    ["P2", "E-S", 0.5], ["P2", "E-D", 1.0], ["E-HOLD", "E-S", 0.5], ["E-HOLD", "E-J", 1.0],
    ["P4", "E-G", 1.0],
    ["P-X", "E-C1", 0.6], ["P-Y", "E-C1", 0.4], ["P-X", "E-C3", 0.4], ["P-Z", "E-C3", 0.6],
    ["E-C1", "E-C2", 0.5], ["E-C3", "E-C2", 0.5],
    ["E-R1", "E-R2", 0.3], ["E-R2", "E-R3", 0.4], ["E-R3", "E-R1", 0.25],
    ["Q1", "E-R1", 0.75], ["Q2", "E-R2", 0.7], ["Q3", "E-R3", 0.6],
    ["E-K1", "E-K2", 1.0], ["E-K2", "E-K3", 1.0], ["E-K3", "E-K1", 1.0],
]  # fmt: skip

LOCATIONS = """
UNWIND [
  ['E-S', 'LOCATED_AT', 'AD1'], ['E-B', 'LOCATED_AT', 'AD1'], ['E-B', 'LOCATED_AT', 'AD2'],
  ['E-M', 'LOCATED_AT', 'AD2'], ['E-MK', 'LOCATED_AT', 'AD9'], ['E-MK2', 'LOCATED_AT', 'AD9'],
  ['E-S', 'REACHABLE_AT', 'CT1'], ['E-C', 'REACHABLE_AT', 'CT1'], ['E-S', 'REACHABLE_AT', 'CT2'],
  ['E-A', 'REACHABLE_AT', 'CT2'], ['E-B', 'REACHABLE_AT', 'CT3'], ['E-C', 'REACHABLE_AT', 'CT3'],
  ['E-C', 'REACHABLE_AT', 'CT4'], ['E-M', 'REACHABLE_AT', 'CT4']
] AS row
MATCH (e:Enterprise {enterpriseId: row[0]})
OPTIONAL MATCH (a:Address {addressId: row[2]})
OPTIONAL MATCH (c:Contact {contactId: row[2]})
FOREACH (x IN CASE WHEN row[1] = 'LOCATED_AT' THEN [a] ELSE [] END |
  CREATE (e)-[:LOCATED_AT {since: date('2016-01-01')}]->(x))
FOREACH (x IN CASE WHEN row[1] = 'REACHABLE_AT' THEN [c] ELSE [] END |
  CREATE (e)-[:REACHABLE_AT {since: date('2016-01-01')}]->(x))
WITH count(*) AS ignored
MATCH (pl:Enterprise {enterpriseId: 'E-PL'}), (s:Enterprise {enterpriseId: 'E-S'}),
      (k:Enterprise {enterpriseId: 'E-K'})
CREATE (pl)-[:HOSTS {since: date('2020-01-01')}]->(s), (pl)-[:HOSTS {since: date('2020-01-01')}]->(k)
"""

# Risks around E-S, and recall R-Z of batch BZ1 of product P-Z (HS heading 3304),
# made by E-MK and sold by E-S. Worked out by hand:
# - E-B made P-B (toys, 9503), targeted by stop-sale R-B; it also sold batch BZ2 of P-Z.
# - E-C sold shipment SH-C, which failed a physical inspection.
# - E-D is rated at a dishonest level by GACC.
# - E-M sold batch BM1, targeted by mandatory recall R-M; E-M makes P-M (3304).
# - E-A makes P-A (3304, same heading); E-MK2 makes P-MK2 (3304); E-G makes P-G (3304
#   but three hops away); E-C makes P-C (8501, other heading); E-F makes nothing.
RISKS = """
CREATE (gacc:Agency {agencyId: 'AG-CN-GACC', name: 'GACC', kind: 'customs', country: 'CN'})
WITH gacc
UNWIND [
  ['P-Z', 'Face cream', '3304990000', 'E-MK'], ['P-B', 'Toy car', '9503000000', 'E-B'],
  ['P-M', 'Lipstick', '3304100000', 'E-M'], ['P-A', 'Eye shadow', '3304200000', 'E-A'],
  ['P-MK2', 'Nail polish', '3304300000', 'E-MK2'], ['P-G', 'Powder', '3304910000', 'E-G'],
  ['P-C', 'Motor', '8501100000', 'E-C'], ['P-X2', 'Other toy', '9503001000', 'E-PL']
] AS row
MATCH (m:Enterprise {enterpriseId: row[3]})
CREATE (p:Product {productId: row[0], name: row[1], hsCode: row[2]})-[:MADE_BY]->(m)
CREATE (:Batch {batchId: 'BATCH-' + row[0], lotCode: 'L-' + row[0]})-[:OF_PRODUCT]->(p)
WITH count(*) AS ignored
MATCH (pz:Product {productId: 'P-Z'}), (pm:Product {productId: 'P-M'}), (pc:Product {productId: 'P-C'})
CREATE (bz1:Batch {batchId: 'BZ1', lotCode: 'LZ1'})-[:OF_PRODUCT]->(pz)
CREATE (bz2:Batch {batchId: 'BZ2', lotCode: 'LZ2'})-[:OF_PRODUCT]->(pz)
CREATE (bm1:Batch {batchId: 'BM1', lotCode: 'LM1'})-[:OF_PRODUCT]->(pm)
WITH bz1, bz2, bm1
UNWIND [['SH-S', 'E-S', bz1], ['SH-B', 'E-B', bz2], ['SH-M', 'E-M', bm1],
        ['SH-C', 'E-C', null]] AS row
MATCH (seller:Enterprise {enterpriseId: row[1]})
CREATE (s:Shipment {shipmentId: row[0], direction: 'inbound', mode: 'express', status: 'released',
                    declaredOn: date('2026-03-01')})-[:SOLD_BY]->(seller)
FOREACH (b IN CASE WHEN row[2] IS NULL THEN [] ELSE [row[2]] END |
  CREATE (s)-[:CARRIES {quantity: 1, unit: 'pcs'}]->(b))
WITH count(*) AS ignored
MATCH (gacc:Agency {agencyId: 'AG-CN-GACC'}), (bz1:Batch {batchId: 'BZ1'}), (pb:Product {productId: 'P-B'}),
      (bm1:Batch {batchId: 'BM1'}), (shc:Shipment {shipmentId: 'SH-C'}), (d:Enterprise {enterpriseId: 'E-D'})
CREATE (rz:Recall {recallId: 'R-Z', measure: 'mandatory_recall', title: 'Cream lot LZ1',
                   riskLevel: 'high', status: 'open', issuedOn: date('2026-04-01')})
CREATE (rz)-[:ISSUED_BY]->(gacc), (rz)-[:TARGETS]->(bz1)
CREATE (rb:Recall {recallId: 'R-B', measure: 'stop_sale', title: 'Toy car: small parts',
                   riskLevel: 'medium', status: 'open', issuedOn: date('2026-02-01')})
CREATE (rb)-[:ISSUED_BY]->(gacc), (rb)-[:TARGETS]->(pb)
CREATE (rm:Recall {recallId: 'R-M', measure: 'mandatory_recall', title: 'Lipstick lot LM1',
                   riskLevel: 'high', status: 'open', issuedOn: date('2026-03-15')})
CREATE (rm)-[:ISSUED_BY]->(gacc), (rm)-[:TARGETS]->(bm1)
CREATE (i:Inspection {inspectionId: 'I-C', kind: 'physical', result: 'fail',
                      inspectedOn: date('2026-03-02'), findings: 'undeclared chemical'})
CREATE (i)-[:INSPECTED]->(shc), (i)-[:PERFORMED_BY]->(gacc)
CREATE (lvl:CreditLevel {levelId: 'GACC-DIS', code: 'DIS', name: 'Dishonest', rank: 4, dishonest: true})
CREATE (rt:Rating {ratingId: 'RT-D', validFrom: date('2025-01-01')})
CREATE (rt)-[:GIVEN_BY]->(gacc), (rt)-[:RATES]->(d), (rt)-[:AT_LEVEL]->(lvl)
"""


async def party_graph(driver: AsyncDriver) -> None:
    await driver.execute_query(PARTIES, database_=DATABASE)
    await driver.execute_query(OWNERSHIPS, rows=OWNERSHIP_ROWS, database_=DATABASE)
    await driver.execute_query(LOCATIONS, database_=DATABASE)
    await driver.execute_query(RISKS, database_=DATABASE)
