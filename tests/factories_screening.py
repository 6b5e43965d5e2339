"""A hand-built graph for screening whose answers are worked out in tests/hub/test_screening*.py.

Declarations in the tests are dated 2026-03-01 unless a test says otherwise.
"""

from __future__ import annotations

from typing import Any

from neo4j import AsyncDriver

DATABASE = "neo4j"

# One rule per negative-list category, each with a distinguishing HS prefix;
# NL-07 is limited to express and direct-mail parcels; NL-08-TMP expired on
# 2025-01-01 (exclusive); KG-01 and KI-01 are monitoring rules.
RULES: list[dict[str, Any]] = [
    {"ruleId": "NL-01", "category": "NL-01", "title": "Quarantine-forbidden goods", "hsPrefixes": ["0106"],
     "keywordsEn": ["live animal"], "keywordsZh": ["活体动物"]},
    {"ruleId": "NL-02", "category": "NL-02", "title": "Food without market access", "hsPrefixes": ["0201"]},
    {"ruleId": "NL-03", "category": "NL-03", "title": "Hazardous chemicals", "hsPrefixes": ["2903"],
     "keywordsEn": ["dichloromethane"]},
    {"ruleId": "NL-04", "category": "NL-04", "title": "Special articles", "hsPrefixes": ["3002"]},
    {"ruleId": "NL-05", "category": "NL-05", "title": "Radioactive goods", "hsPrefixes": ["2844"]},
    {"ruleId": "NL-06", "category": "NL-06", "title": "Used or waste goods", "hsPrefixes": ["6309"],
     "keywordsEn": ["second-hand"]},
    {"ruleId": "NL-07", "category": "NL-07", "title": "Not to be mailed in", "hsPrefixes": ["1209"],
     "modes": ["express", "direct_mail"]},
    {"ruleId": "NL-08", "category": "NL-08", "title": "Other forbidden goods", "hsPrefixes": ["9304"]},
    {"ruleId": "NL-08-TMP", "category": "NL-08", "title": "Temporary ban on pork", "hsPrefixes": ["0203"],
     "validFrom": "2020-01-01", "validTo": "2025-01-01"},
    {"ruleId": "KG-01", "list": "key_goods", "title": "Infant formula", "productCategories": ["infant formula"]},
    {"ruleId": "KI-01", "list": "key_items", "title": "Lithium batteries", "keywordsEn": ["power bank"],
     "keywordsZh": ["充电宝"]},
]  # fmt: skip

RULES_CYPHER = """
UNWIND $rules AS rule
MERGE (r:ScreeningRule {ruleId: rule.ruleId})
SET r.list = coalesce(rule.list, 'negative')
CREATE (v:RuleVersion {versionId: rule.ruleId + '#v1', version: 1, category: rule.category, title: rule.title,
  legalBasis: 'test basis', validFrom: date(coalesce(rule.validFrom, '2016-04-08')),
  validTo: date(rule.validTo), hsPrefixes: coalesce(rule.hsPrefixes, []),
  productCategories: coalesce(rule.productCategories, []), keywordsZh: coalesce(rule.keywordsZh, []),
  keywordsEn: coalesce(rule.keywordsEn, []), modes: coalesce(rule.modes, []), directions: [],
  originCountries: [], source: 'test'})
CREATE (v)-[:VERSION_OF]->(r)
"""

GRAPH = """
CREATE (gacc:Agency {agencyId: 'AG-CN-GACC', name: 'GACC', kind: 'customs', country: 'CN'})
CREATE (sg:Agency {agencyId: 'AG-SG-SC', name: 'Singapore Customs', kind: 'partner', country: 'SG'})
CREATE (scheme:CreditScheme {schemeId: 'CS-GACC', name: 'GACC credit'})-[:OPERATED_BY]->(gacc)
CREATE (adv:CreditLevel {levelId: 'LV-ADV', code: 'AEO-A', name: 'Advanced', rank: 1, dishonest: false})-[:IN_SCHEME]->(scheme)
CREATE (dis:CreditLevel {levelId: 'LV-DIS', code: 'DIS', name: 'Dishonest', rank: 4, dishonest: true})-[:IN_SCHEME]->(scheme)
WITH *
UNWIND [
  ['E-GOOD', 'declarant', 'filed'], ['E-BAD', 'declarant', 'filed'], ['E-SELL', 'seller', 'filed'],
  ['E-SUSP', 'seller', 'filed'], ['E-NONE', 'seller', null], ['E-PLAT', 'platform', 'filed'],
  ['E-IMP', 'importer', 'filed'], ['E-REL', 'seller', 'filed'], ['E-RISKY', 'manufacturer', null],
  ['E-MAKER', 'manufacturer', null]
] AS e
CREATE (n:Enterprise {enterpriseId: e[0], name: 'Firm ' + e[0], kind: e[1], country: 'CN'})
FOREACH (s IN CASE WHEN e[2] IS NULL THEN [] ELSE [e[2]] END |
  CREATE (:Filing {filingId: 'FL-' + e[0], kind: 'enterprise', status: s, filedOn: date('2025-01-01'),
                   validUntil: date('2028-01-01')})-[:FILED_BY]->(n))
WITH count(*) AS made
MATCH (gacc:Agency {agencyId: 'AG-CN-GACC'}), (adv:CreditLevel {levelId: 'LV-ADV'}),
      (dis:CreditLevel {levelId: 'LV-DIS'}), (good:Enterprise {enterpriseId: 'E-GOOD'}),
      (bad:Enterprise {enterpriseId: 'E-BAD'}), (susp:Enterprise {enterpriseId: 'E-SUSP'}),
      (rel:Enterprise {enterpriseId: 'E-REL'}), (risky:Enterprise {enterpriseId: 'E-RISKY'}),
      (maker:Enterprise {enterpriseId: 'E-MAKER'})
CREATE (:Rating {ratingId: 'RT-GOOD', validFrom: date('2025-01-01')})-[:RATES]->(good)
CREATE (:Rating {ratingId: 'RT-BAD', validFrom: date('2025-01-01')})-[:RATES]->(bad)
WITH *
MATCH (rg:Rating {ratingId: 'RT-GOOD'}), (rb:Rating {ratingId: 'RT-BAD'})
CREATE (rg)-[:GIVEN_BY]->(gacc), (rg)-[:AT_LEVEL]->(adv), (rb)-[:GIVEN_BY]->(gacc), (rb)-[:AT_LEVEL]->(dis)
// E-SUSP: filed 2025-01-01, then a newer filing suspended from 2026-02-01.
CREATE (:Filing {filingId: 'FL-E-SUSP-2', kind: 'enterprise', status: 'suspended', filedOn: date('2026-02-01'),
                 validUntil: date('2029-01-01')})-[:FILED_BY]->(susp)
// E-REL and E-RISKY share a director; E-RISKY makes a product recalled on 2026-01-10.
CREATE (:Person {personId: 'PER-1', name: 'Wang Wei'})-[:DIRECTS {role: 'director'}]->(rel)
WITH *
MATCH (per:Person {personId: 'PER-1'})
CREATE (per)-[:DIRECTS {role: 'legal_representative'}]->(risky)
CREATE (pr:Product {productId: 'P-RISKY', name: 'Risky Serum', hsCode: '3304990000', category: 'cosmetics'})-[:MADE_BY]->(risky)
CREATE (rr:Recall {recallId: 'R-RISKY', measure: 'stop_sale', status: 'closed', issuedOn: date('2026-01-10'), title: 'Serum'})-[:TARGETS]->(pr)
WITH *
UNWIND [
  ['P-CREAM', 'Hydra Face Cream', '3304990000', 'cosmetics', '4901234567894', true],
  ['P-FORMULA', 'Infant Formula Stage 1', '1901101000', 'infant formula', null, true],
  ['P-SEEDS', 'Heirloom Vegetable Seeds', '1209910000', 'seeds', null, true],
  ['P-UNFILED', 'Wireless Earbuds', '8518300000', 'electronics', null, false]
] AS p
CREATE (prod:Product {productId: p[0], name: p[1], hsCode: p[2], category: p[3], gtin: p[4]})-[:MADE_BY]->(maker)
FOREACH (x IN CASE WHEN p[5] THEN [1] ELSE [] END |
  CREATE (:Filing {filingId: 'FL-' + p[0], kind: 'product', status: 'filed', filedOn: date('2025-01-01'),
                   validUntil: date('2028-01-01')})-[:COVERS]->(prod))
WITH count(*) AS made
MATCH (cream:Product {productId: 'P-CREAM'})
CREATE (b1:Batch {batchId: 'B-OK', lotCode: 'L1'})-[:OF_PRODUCT]->(cream)
CREATE (b2:Batch {batchId: 'B-RECALLED', lotCode: 'L2'})-[:OF_PRODUCT]->(cream)
CREATE (b3:Batch {batchId: 'B-ALERT', lotCode: 'L3'})-[:OF_PRODUCT]->(cream)
CREATE (:TraceCode {code: 'QR-OK'})-[:LABELS]->(b1)
CREATE (:TraceCode {code: 'QR-RECALLED'})-[:LABELS]->(b2)
CREATE (:TraceCode {code: 'QR-ALERT'})-[:LABELS]->(b3)
CREATE (:Recall {recallId: 'R-CREAM', measure: 'mandatory_recall', status: 'open', issuedOn: date('2026-02-01'),
                 title: 'Cream lot L2'})-[:TARGETS]->(b2)
CREATE (:RiskAlert {alertId: 'A-CREAM', title: 'Cream lot L3', riskLevel: 'high', issuedOn: date('2026-02-15')})-[:CONCERNS]->(b3)
"""

# A stored declaration D-1 by E-GOOD with two shipments: S-1 carries B-OK, S-2 B-RECALLED.
STORED = """
MATCH (good:Enterprise {enterpriseId: 'E-GOOD'}), (sell:Enterprise {enterpriseId: 'E-SELL'}),
      (plat:Enterprise {enterpriseId: 'E-PLAT'}), (ok:Batch {batchId: 'B-OK'}), (bad:Batch {batchId: 'B-RECALLED'})
CREATE (d:Declaration {declarationId: 'D-1', number: 'CEB-1', declaredOn: date('2026-03-01')})-[:DECLARED_BY]->(good)
CREATE (s1:Shipment {shipmentId: 'S-1', mode: 'bonded', direction: 'inbound', originCountry: 'JP',
                     declaredOn: date('2026-03-01'), status: 'declared'})-[:DECLARED_IN]->(d)
CREATE (s2:Shipment {shipmentId: 'S-2', mode: 'bonded', direction: 'inbound', originCountry: 'JP',
                     declaredOn: date('2026-03-01'), status: 'declared'})-[:DECLARED_IN]->(d)
CREATE (s1)-[:SOLD_BY]->(sell), (s2)-[:SOLD_BY]->(sell), (s1)-[:VIA_PLATFORM]->(plat), (s2)-[:VIA_PLATFORM]->(plat)
CREATE (s1)-[:CARRIES {quantity: 2}]->(ok), (s2)-[:CARRIES {quantity: 1}]->(bad)
"""


async def screening_graph(driver: AsyncDriver, *, stored: bool = False) -> None:
    await driver.execute_query(GRAPH, database_=DATABASE)
    await driver.execute_query(RULES_CYPHER, rules=RULES, database_=DATABASE)
    if stored:
        await driver.execute_query(STORED, database_=DATABASE)


def goods(hs: str, **more: Any) -> dict[str, Any]:
    return {"hsCode": hs, "quantity": 1, **more}


def shipment(*lines: dict[str, Any], mode: str = "BONDED", **more: Any) -> dict[str, Any]:
    base = {"mode": mode, "sellerId": "E-SELL", "platformId": "E-PLAT", "originCountry": "JP"}
    return {**base, **more, "goods": list(lines)}


def declaration(*shipments: dict[str, Any], on: str = "2026-03-01", **more: Any) -> dict[str, Any]:
    return {"declarationId": "DECL-T1", "declaredOn": on, "declarantId": "E-GOOD", **more,
            "shipments": list(shipments)}  # fmt: skip
