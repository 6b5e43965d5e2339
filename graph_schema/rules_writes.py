"""Writes of screening rules: the `screening_rules.csv` load and the rule-version mutation.

Versions are append-only (docs/screening.md): a version, once written, is
never changed. The loader MERGEs on `versionId` (`<ruleId>#v<version>`) and
sets properties only when it creates the version, so reloading a file
changes nothing and a row that restates an existing version with other
content is ignored (to change a rule, add a row with the next version).
"""

from __future__ import annotations

from typing import Final, LiteralString

# A version does not repeat its rule's `ruleId` or `list` (both are read through
# VERSION_OF): the same property written on the version and the rule makes the
# planner put an Eager between the MERGEs (tests/loaders/test_load.py forbids it).
SCREENING_RULES: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
MERGE (r:ScreeningRule {ruleId: row.rule_id})
  ON CREATE SET r.list = row.list, r.source = $source, r.loadRun = $run
MERGE (n:RuleVersion {versionId: row.rule_id + '#v' + toString(row.version)})
  ON CREATE SET n += {version: row.version, category: row.category,
                      title: row.title, legalBasis: row.legal_basis, validFrom: date(row.valid_from),
                      validTo: date(row.valid_to), hsPrefixes: row.hs_prefixes,
                      productCategories: row.product_categories, keywordsZh: row.keywords_zh,
                      keywordsEn: row.keywords_en, modes: row.modes, directions: row.directions,
                      originCountries: row.origin_countries, recordedAt: datetime(),
                      source: $source, loadRun: $run}
MERGE (n)-[e:VERSION_OF]->(r)
  ON CREATE SET e.source = $source, e.loadRun = $run
WITH count(*) AS written
RETURN [] AS rejected
"""

# One transaction that checks and writes. A retry (same request key) finds the
# version it made. Otherwise the rule node is locked (SET), so concurrent edits
# of one rule queue; the new version is written only when the rule's latest
# version (the highest version linked to it, read after the lock) is the one
# the client expected and the list is unchanged.
RECORD_VERSION: Final[LiteralString] = """
OPTIONAL MATCH (prior:RuleVersion {requestKey: $requestKey})
OPTIONAL MATCH (existing:ScreeningRule {ruleId: $ruleId})
OPTIONAL CALL (prior, existing) {
  WITH prior, existing WHERE prior IS NULL AND (existing IS NOT NULL OR $expected = 0)
  MERGE (r:ScreeningRule {ruleId: $ruleId})
    ON CREATE SET r.list = $list, r.source = $props.source
  SET r.lock = $attempt
  WITH r, r.list AS ruleList,
       reduce(m = 0, n IN [(r)<-[:VERSION_OF]-(x:RuleVersion) | x.version] | CASE WHEN n > m THEN n ELSE m END) AS latest
  OPTIONAL CALL (r, latest, ruleList) {
    WITH r, latest, ruleList WHERE latest = $expected AND ruleList = $list
    CREATE (v:RuleVersion)
    SET v = $props, v.versionId = $ruleId + '#v' + toString(latest + 1), v.version = latest + 1,
        v.requestKey = $requestKey, v.recordedAt = datetime()
    CREATE (v)-[:VERSION_OF {source: $props.source}]->(r)
    RETURN v {.*, ruleId: $ruleId, list: $list} AS made
  }
  REMOVE r.lock
  RETURN latest, ruleList, made
}
// The inner call returns a map, not the node: Neo4j 5.26 yields a non-null
// empty "node" from an OPTIONAL CALL whose CREATE was filtered out.
RETURN CASE WHEN prior IS NULL THEN null
            ELSE head([(prior)-[:VERSION_OF]->(x) | prior {.*, ruleId: x.ruleId, list: x.list}]) END AS prior,
       made AS created,
       latest, ruleList, existing IS NOT NULL AS existed
"""
