"""Two credit schemes, one recognition arrangement, ratings that change over time."""

from neo4j import AsyncDriver

from tests.factories import DATABASE

# GACC rates E-SELL General from 2023 and Advanced from 2025-01-01; the CN-SG
# arrangement (credit granted, signed 2024-06-01) maps GACC Advanced to SG
# STP-Plus with two facilitation measures, and nothing for General.
CREDIT_GRAPH = """
CREATE (gacc:Agency {agencyId: 'AG-CN-GACC', name: 'GACC', kind: 'customs', country: 'CN'})
CREATE (sg:Agency {agencyId: 'AG-SG-SC', name: 'Singapore Customs', kind: 'partner', country: 'SG'})
CREATE (:Agency {agencyId: 'AG-NZ-MPI', name: 'NZ MPI', kind: 'partner', country: 'NZ'})
CREATE (arr:Arrangement {arrangementId: 'ARR-CN-SG', name: 'CN-SG AEO MRA', signedOn: date('2024-06-01'),
                         grants: ['enterprise', 'credit']})
CREATE (gacc)-[:PARTY_TO]->(arr), (sg)-[:PARTY_TO]->(arr)
CREATE (cs:CreditScheme {schemeId: 'CS-GACC', name: 'GACC enterprise credit'})-[:OPERATED_BY]->(gacc)
CREATE (ss:CreditScheme {schemeId: 'CS-SG', name: 'Secure Trade Partnership'})-[:OPERATED_BY]->(sg)
CREATE (adv:CreditLevel {levelId: 'GACC-ADV', code: 'AEO-ADV', name: 'Advanced certified', rank: 1, dishonest: false})-[:IN_SCHEME]->(cs)
CREATE (gen:CreditLevel {levelId: 'GACC-GEN', code: 'GEN', name: 'General', rank: 3, dishonest: false})-[:IN_SCHEME]->(cs)
CREATE (stp:CreditLevel {levelId: 'SG-STP-PLUS', code: 'STP+', name: 'STP-Plus', rank: 1, dishonest: false})-[:IN_SCHEME]->(ss)
CREATE (adv)-[:MAPS_TO {arrangementId: 'ARR-CN-SG', facilitation: ['reduced inspection rate', 'priority clearance']}]->(stp)
CREATE (e:Enterprise {enterpriseId: 'E-SELL', name: 'Blue Harbor Trading', kind: 'seller', country: 'CN'})
CREATE (:Enterprise {enterpriseId: 'E-OTHER', name: 'Unrated Ltd', kind: 'seller', country: 'CN'})
CREATE (r1:Rating {ratingId: 'RT-OLD', validFrom: date('2023-01-01'), validTo: date('2025-01-01')})
CREATE (r1)-[:GIVEN_BY]->(gacc), (r1)-[:RATES]->(e), (r1)-[:AT_LEVEL]->(gen)
CREATE (r2:Rating {ratingId: 'RT-NEW', validFrom: date('2025-01-01')})
CREATE (r2)-[:GIVEN_BY]->(gacc), (r2)-[:RATES]->(e), (r2)-[:AT_LEVEL]->(adv)
"""


async def credit_graph(driver: AsyncDriver) -> None:
    await driver.execute_query(CREDIT_GRAPH, database_=DATABASE)
