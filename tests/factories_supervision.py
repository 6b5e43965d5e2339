"""The small graph (tests/factories.py) plus what supervision needs: a second agency, labs."""

from __future__ import annotations

from neo4j import AsyncDriver

from tests.factories import DATABASE, small_graph

# E-LAB is a lab filed from 2026-01-01; E-LAB2 is a lab with no filing; SAMR is a second agency.
SUPERVISION = """
MATCH (gacc:Agency {agencyId: 'AG-CN-GACC'})
CREATE (:Agency {agencyId: 'AG-CN-SAMR', name: 'State Administration for Market Regulation',
                 kind: 'market_regulator', country: 'CN'})
CREATE (lab:Enterprise {enterpriseId: 'E-LAB', name: 'Ningbo Testing Lab', kind: 'lab', country: 'CN'})
CREATE (:Enterprise {enterpriseId: 'E-LAB2', name: 'Unfiled Lab', kind: 'lab', country: 'CN'})
CREATE (f:Filing {filingId: 'F-LAB', kind: 'enterprise', status: 'filed', filedOn: date('2026-01-01')})
CREATE (f)-[:FILED_BY]->(lab), (f)-[:LODGED_WITH]->(gacc)
"""


async def supervision_graph(driver: AsyncDriver) -> None:
    await small_graph(driver)
    await driver.execute_query(SUPERVISION, database_=DATABASE)


async def count(driver: AsyncDriver, query: str, **params: object) -> int:
    records, _, _ = await driver.execute_query(query, params, database_=DATABASE)
    return int(records[0][0])
