"""A recognition graph with worked answers (tests/hub/test_recognition*.py).

GACC (home) rates Chinese firms on CS-GACC: ADV (rank 1), GEN (3), DIS (4, dishonest).
- ARR-CN-SG: mutual, signed 2024-06-01, grants enterprise+credit; maps GACC-ADV -> SG-STP-PLUS
  (reduced inspection rate, priority clearance) and SG-STP-PLUS -> GACC-ADV (reduced inspection
  rate); GACC-GEN maps to nothing. SG's AEO number SG-AEO-0042 names E-SELL.
- ARR-CN-NZ: one-way, GACC recognises NZ (NZ-SES -> GACC-ADV, reduced inspection rate),
  signed 2023-01-01, grants credit only. NZ asking about GACC ratings: the other way.
Firms (ratings by GACC unless said):
- E-SELL: GEN 2023-01-01..2025-01-01 (exclusive), ADV from 2025-01-01.
- E-GEN: GEN from 2024-01-01.  E-DIS: DIS from 2025-02-01.  E-UNR: never rated.
- E-EXP: ADV 2022-01-01..2025-06-01 (exclusive), then nothing.
- E-SUSP: ADV from 2024-01-01, suspended from 2025-09-01.
- E-NZ (NZ firm): NZ-SES from 2023-06-01 by NZ.
"""

from neo4j import AsyncDriver

from tests.factories import DATABASE

RECOGNITION_GRAPH = """
CREATE (gacc:Agency {agencyId: 'AG-CN-GACC', name: 'GACC', kind: 'customs', country: 'CN'})
CREATE (sg:Agency {agencyId: 'AG-SG-SC', name: 'Singapore Customs', kind: 'partner', country: 'SG'})
CREATE (nz:Agency {agencyId: 'AG-NZ-MPI', name: 'NZ MPI', kind: 'partner', country: 'NZ'})
CREATE (cs:CreditScheme {schemeId: 'CS-GACC', name: 'GACC enterprise credit'})-[:OPERATED_BY]->(gacc)
CREATE (ss:CreditScheme {schemeId: 'CS-SG', name: 'Secure Trade Partnership'})-[:OPERATED_BY]->(sg)
CREATE (ns:CreditScheme {schemeId: 'CS-NZ', name: 'Secure Exports Scheme'})-[:OPERATED_BY]->(nz)
CREATE (adv:CreditLevel {levelId: 'GACC-ADV', code: 'AEO-ADV', name: 'Advanced certified', rank: 1, dishonest: false})-[:IN_SCHEME]->(cs)
CREATE (gen:CreditLevel {levelId: 'GACC-GEN', code: 'GEN', name: 'General', rank: 3, dishonest: false})-[:IN_SCHEME]->(cs)
CREATE (dis:CreditLevel {levelId: 'GACC-DIS', code: 'DIS', name: 'Dishonest', rank: 4, dishonest: true})-[:IN_SCHEME]->(cs)
CREATE (stpp:CreditLevel {levelId: 'SG-STP-PLUS', code: 'STP+', name: 'STP-Plus', rank: 1, dishonest: false})-[:IN_SCHEME]->(ss)
CREATE (stp:CreditLevel {levelId: 'SG-STP', code: 'STP', name: 'STP', rank: 2, dishonest: false})-[:IN_SCHEME]->(ss)
CREATE (ses:CreditLevel {levelId: 'NZ-SES', code: 'SES', name: 'Secure Exports member', rank: 1, dishonest: false})-[:IN_SCHEME]->(ns)
CREATE (sgarr:Arrangement {arrangementId: 'ARR-CN-SG', name: 'CN-SG AEO MRA', signedOn: date('2024-06-01'),
                           grants: ['enterprise', 'credit'], direction: 'mutual'})
CREATE (gacc)-[:PARTY_TO]->(sgarr), (sg)-[:PARTY_TO]->(sgarr)
CREATE (adv)-[:MAPS_TO {arrangementId: 'ARR-CN-SG', facilitation: ['reduced inspection rate', 'priority clearance']}]->(stpp)
CREATE (stpp)-[:MAPS_TO {arrangementId: 'ARR-CN-SG', facilitation: ['reduced inspection rate']}]->(adv)
CREATE (nzarr:Arrangement {arrangementId: 'ARR-CN-NZ', name: 'CN-NZ one-way recognition', signedOn: date('2023-01-01'),
                           grants: ['credit'], direction: 'one-way', recognizerId: 'AG-CN-GACC'})
CREATE (gacc)-[:PARTY_TO]->(nzarr), (nz)-[:PARTY_TO]->(nzarr)
CREATE (ses)-[:MAPS_TO {arrangementId: 'ARR-CN-NZ', facilitation: ['reduced inspection rate']}]->(adv)
WITH gacc, nz, adv, gen, dis, ses
UNWIND [
  {id: 'E-SELL', name: 'Blue Harbor Trading', uscc: '91350100MA00000011', eori: 'CN0000000011', country: 'CN'},
  {id: 'E-GEN', name: 'Golden Bridge Ltd', uscc: '91350100MA00000022', eori: 'CN0000000022', country: 'CN'},
  {id: 'E-DIS', name: 'Red Lantern Co', uscc: '91350100MA00000033', eori: 'CN0000000033', country: 'CN'},
  {id: 'E-UNR', name: 'Unrated Ltd', uscc: '91350100MA00000044', eori: null, country: 'CN'},
  {id: 'E-EXP', name: 'Expired Trading', uscc: '91350100MA00000055', eori: null, country: 'CN'},
  {id: 'E-SUSP', name: 'Suspended Trading', uscc: '91350100MA00000066', eori: null, country: 'CN'},
  {id: 'E-NZ', name: 'Kiwi Exports', uscc: null, eori: null, country: 'NZ'}
] AS f
CREATE (:Enterprise {enterpriseId: f.id, name: f.name, kind: 'seller', country: f.country, uscc: f.uscc, eori: f.eori})
WITH DISTINCT gacc, nz, adv, gen, dis, ses
UNWIND [
  {r: 'RT-OLD', e: 'E-SELL', l: 'GEN', from: date('2023-01-01'), to: date('2025-01-01'), susp: null},
  {r: 'RT-NEW', e: 'E-SELL', l: 'ADV', from: date('2025-01-01'), to: null, susp: null},
  {r: 'RT-GEN', e: 'E-GEN', l: 'GEN', from: date('2024-01-01'), to: null, susp: null},
  {r: 'RT-DIS', e: 'E-DIS', l: 'DIS', from: date('2025-02-01'), to: null, susp: null},
  {r: 'RT-EXP', e: 'E-EXP', l: 'ADV', from: date('2022-01-01'), to: date('2025-06-01'), susp: null},
  {r: 'RT-SUSP', e: 'E-SUSP', l: 'ADV', from: date('2024-01-01'), to: null, susp: date('2025-09-01')}
] AS x
MATCH (e:Enterprise {enterpriseId: x.e})
CREATE (rt:Rating {ratingId: x.r, validFrom: x.from, validTo: x.to, suspendedOn: x.susp})
CREATE (rt)-[:GIVEN_BY]->(gacc), (rt)-[:RATES]->(e)
FOREACH (l IN CASE x.l WHEN 'ADV' THEN [adv] WHEN 'GEN' THEN [gen] ELSE [dis] END |
  CREATE (rt)-[:AT_LEVEL]->(l))
WITH DISTINCT nz, ses
MATCH (enz:Enterprise {enterpriseId: 'E-NZ'}), (sell:Enterprise {enterpriseId: 'E-SELL'}), (sga:Agency {agencyId: 'AG-SG-SC'})
CREATE (rnz:Rating {ratingId: 'RT-NZ', validFrom: date('2023-06-01')})
CREATE (rnz)-[:GIVEN_BY]->(nz), (rnz)-[:RATES]->(enz), (rnz)-[:AT_LEVEL]->(ses)
CREATE (sga)<-[:ISSUED_BY]-(:AeoNumber {number: 'SG-AEO-0042'})-[:IDENTIFIES]->(sell)
CREATE (:Inspection {inspectionId: 'I-FAIL-1', result: 'fail'})
CREATE (:Recall {recallId: 'R-1', title: 'Recall', measure: 'mandatory_recall', status: 'open'})
"""


async def recognition_graph(driver: AsyncDriver) -> None:
    await driver.execute_query(RECOGNITION_GRAPH, database_=DATABASE)
