"""The idempotent write statements behind `hub load`: one per input file.

Each statement takes `$rows` (a batch), `$source` (the file name) and `$run`
(the load run id). A row is a map keyed by the file's column names
(docs/data-format.md) plus `_line`, its line in the file. Empty cells are
null; dates arrive as validated `YYYY-MM-DD` strings and are stored with
`date()` (the driver encodes a Python `date` through a Python hook, ~7 us
each, which made date columns the slowest part of a batch).

Every statement MERGEs on natural keys (see model.NATURAL_KEYS), so loading a
batch twice changes nothing. It looks up every referenced node first; a row
whose non-empty reference is not in the graph is written not at all, and the
statement returns one record, `rejected`: a list of `{line, missing}` where
`missing` lists the columns whose node was not found.

Shape, chosen so that no plan has an Eager operator: OPTIONAL MATCH the
references on their unique keys, compute `missing`, write inside a unit
`CALL` filtered on `missing = []`, then `collect` the rejects. (A per-row
RETURN after writes makes the planner add an Eager.) A reference to one of two
labels seeks both with a key that is null unless the kind column names that
label. Every node and relationship gets `source` and `loadRun`.

`CYPHER replan=skip`: every lookup is a seek on a unique constraint, so the
plan never depends on statistics; without it, a load (whose statistics change
fast) replans each statement every few seconds, ~1 s per plan here.
"""

from __future__ import annotations

from typing import Final, LiteralString

# --- node files without references ---------------------------------------------

AGENCIES: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
MERGE (n:Agency {agencyId: row.agency_id})
SET n += {name: row.name, kind: row.kind, country: row.country, source: $source, loadRun: $run}
WITH count(*) AS written
RETURN [] AS rejected
"""

ENTERPRISES: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
MERGE (n:Enterprise {enterpriseId: row.enterprise_id})
SET n += {name: row.name, kind: row.kind, country: row.country, region: row.region,
          uscc: row.uscc, eori: row.eori, gln: row.gln, filingStatus: row.filing_status,
          source: $source, loadRun: $run}
WITH count(*) AS written
RETURN [] AS rejected
"""

PERSONS: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
MERGE (n:Person {personId: row.person_id})
SET n += {name: row.name, nationality: row.nationality, source: $source, loadRun: $run}
WITH count(*) AS written
RETURN [] AS rejected
"""

ADDRESSES: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
MERGE (n:Address {addressId: row.address_id})
SET n += {line: row.line, city: row.city, region: row.region, country: row.country,
          source: $source, loadRun: $run}
WITH count(*) AS written
RETURN [] AS rejected
"""

CONTACTS: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
MERGE (n:Contact {contactId: row.contact_id})
SET n += {kind: row.kind, value: row.value, source: $source, loadRun: $run}
WITH count(*) AS written
RETURN [] AS rejected
"""

PROHIBITED_CATEGORIES: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
MERGE (n:ProhibitedCategory {code: row.code})
SET n += {title: row.title, hsPrefixes: row.hs_prefixes, keywords: row.keywords,
          legalBasis: row.legal_basis, validFrom: date(row.valid_from),
          source: $source, loadRun: $run}
WITH count(*) AS written
RETURN [] AS rejected
"""

# --- products and trace ----------------------------------------------------------

PRODUCTS: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
OPTIONAL MATCH (maker:Enterprise {enterpriseId: row.maker_id})
WITH row, maker,
     CASE WHEN row.maker_id IS NOT NULL AND maker IS NULL THEN ['maker_id'] ELSE [] END AS missing
CALL (row, maker, missing) {
  WITH * WHERE missing = []
  MERGE (n:Product {productId: row.product_id})
  SET n += {name: row.name, hsCode: row.hs_code, gtin: row.gtin, category: row.category,
            brand: row.brand, originCountry: row.origin_country, source: $source, loadRun: $run}
  FOREACH (m IN CASE WHEN maker IS NULL THEN [] ELSE [maker] END |
    MERGE (n)-[r:MADE_BY]->(m) SET r.source = $source, r.loadRun = $run)
}
WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected
RETURN rejected
"""

BATCHES: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
OPTIONAL MATCH (p:Product {productId: row.product_id})
WITH row, p, CASE WHEN p IS NULL THEN ['product_id'] ELSE [] END AS missing
CALL (row, p, missing) {
  WITH * WHERE missing = []
  MERGE (n:Batch {batchId: row.batch_id})
  SET n += {lotCode: row.lot_code, producedOn: date(row.produced_on),
            expiresOn: date(row.expires_on), quantity: row.quantity, unit: row.unit,
            source: $source, loadRun: $run}
  MERGE (n)-[r:OF_PRODUCT]->(p)
  SET r.source = $source, r.loadRun = $run
}
WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected
RETURN rejected
"""

TRACE_CODES: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
OPTIONAL MATCH (b:Batch {batchId: row.batch_id})
WITH row, b, CASE WHEN b IS NULL THEN ['batch_id'] ELSE [] END AS missing
CALL (row, b, missing) {
  WITH * WHERE missing = []
  MERGE (n:TraceCode {code: row.code})
  SET n += {kind: row.kind, serial: row.serial, source: $source, loadRun: $run}
  MERGE (n)-[r:LABELS]->(b)
  SET r.source = $source, r.loadRun = $run
}
WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected
RETURN rejected
"""

# --- declarations and shipments --------------------------------------------------

DECLARATIONS: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
OPTIONAL MATCH (declarant:Enterprise {enterpriseId: row.declarant_id})
OPTIONAL MATCH (agency:Agency {agencyId: row.agency_id})
WITH row, declarant, agency,
     CASE WHEN row.declarant_id IS NOT NULL AND declarant IS NULL THEN ['declarant_id'] ELSE [] END +
     CASE WHEN row.agency_id IS NOT NULL AND agency IS NULL THEN ['agency_id'] ELSE [] END AS missing
CALL (row, declarant, agency, missing) {
  WITH * WHERE missing = []
  MERGE (n:Declaration {declarationId: row.declaration_id})
  SET n += {number: row.number, declaredOn: date(row.declared_on), status: row.status,
            source: $source, loadRun: $run}
  FOREACH (e IN CASE WHEN declarant IS NULL THEN [] ELSE [declarant] END |
    MERGE (n)-[r:DECLARED_BY]->(e) SET r.source = $source, r.loadRun = $run)
  FOREACH (a IN CASE WHEN agency IS NULL THEN [] ELSE [agency] END |
    MERGE (n)-[r:LODGED_WITH]->(a) SET r.source = $source, r.loadRun = $run)
}
WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected
RETURN rejected
"""

SHIPMENTS: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
OPTIONAL MATCH (seller:Enterprise {enterpriseId: row.seller_id})
OPTIONAL MATCH (platform:Enterprise {enterpriseId: row.platform_id})
OPTIONAL MATCH (importer:Enterprise {enterpriseId: row.importer_id})
OPTIONAL MATCH (logistics:Enterprise {enterpriseId: row.logistics_id})
OPTIONAL MATCH (warehouse:Enterprise {enterpriseId: row.warehouse_id})
OPTIONAL MATCH (declaration:Declaration {declarationId: row.declaration_id})
WITH row, seller, platform, importer, logistics, warehouse, declaration,
     CASE WHEN row.seller_id IS NOT NULL AND seller IS NULL THEN ['seller_id'] ELSE [] END +
     CASE WHEN row.platform_id IS NOT NULL AND platform IS NULL THEN ['platform_id'] ELSE [] END +
     CASE WHEN row.importer_id IS NOT NULL AND importer IS NULL THEN ['importer_id'] ELSE [] END +
     CASE WHEN row.logistics_id IS NOT NULL AND logistics IS NULL THEN ['logistics_id'] ELSE [] END +
     CASE WHEN row.warehouse_id IS NOT NULL AND warehouse IS NULL THEN ['warehouse_id'] ELSE [] END +
     CASE WHEN row.declaration_id IS NOT NULL AND declaration IS NULL
          THEN ['declaration_id'] ELSE [] END AS missing
CALL (row, seller, platform, importer, logistics, warehouse, declaration, missing) {
  WITH * WHERE missing = []
  MERGE (n:Shipment {shipmentId: row.shipment_id})
  SET n += {waybill: row.waybill, direction: row.direction, mode: row.mode, port: row.port,
            originCountry: row.origin_country, consigneeRegion: row.consignee_region,
            consigneeRef: row.consignee_ref, declaredOn: date(row.declared_on),
            releasedOn: date(row.released_on), deliveredOn: date(row.delivered_on),
            status: row.status, source: $source, loadRun: $run}
  FOREACH (e IN CASE WHEN seller IS NULL THEN [] ELSE [seller] END |
    MERGE (n)-[r:SOLD_BY]->(e) SET r.source = $source, r.loadRun = $run)
  FOREACH (e IN CASE WHEN platform IS NULL THEN [] ELSE [platform] END |
    MERGE (n)-[r:VIA_PLATFORM]->(e) SET r.source = $source, r.loadRun = $run)
  FOREACH (e IN CASE WHEN importer IS NULL THEN [] ELSE [importer] END |
    MERGE (n)-[r:IMPORTED_BY]->(e) SET r.source = $source, r.loadRun = $run)
  FOREACH (e IN CASE WHEN logistics IS NULL THEN [] ELSE [logistics] END |
    MERGE (n)-[r:HANDLED_BY]->(e) SET r.source = $source, r.loadRun = $run)
  FOREACH (e IN CASE WHEN warehouse IS NULL THEN [] ELSE [warehouse] END |
    MERGE (n)-[r:STORED_AT]->(e) SET r.source = $source, r.loadRun = $run)
  FOREACH (d IN CASE WHEN declaration IS NULL THEN [] ELSE [declaration] END |
    MERGE (n)-[r:DECLARED_IN]->(d) SET r.source = $source, r.loadRun = $run)
}
WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected
RETURN rejected
"""

SHIPMENT_BATCHES: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
OPTIONAL MATCH (s:Shipment {shipmentId: row.shipment_id})
OPTIONAL MATCH (b:Batch {batchId: row.batch_id})
WITH row, s, b,
     CASE WHEN s IS NULL THEN ['shipment_id'] ELSE [] END +
     CASE WHEN b IS NULL THEN ['batch_id'] ELSE [] END AS missing
CALL (row, s, b, missing) {
  WITH * WHERE missing = []
  MERGE (s)-[r:CARRIES]->(b)
  SET r += {quantity: row.quantity, unit: row.unit, source: $source, loadRun: $run}
}
WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected
RETURN rejected
"""

# --- supervision -------------------------------------------------------------------

INSPECTIONS: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
OPTIONAL MATCH (ts:Shipment {shipmentId: CASE row.target_kind WHEN 'shipment' THEN row.target_id END})
OPTIONAL MATCH (tb:Batch {batchId: CASE row.target_kind WHEN 'batch' THEN row.target_id END})
OPTIONAL MATCH (pa:Agency {agencyId: CASE row.performer_kind WHEN 'agency' THEN row.performer_id END})
OPTIONAL MATCH (pl:Enterprise {enterpriseId: CASE row.performer_kind WHEN 'lab' THEN row.performer_id END})
WITH row, ts, tb, pa, pl,
     CASE WHEN ts IS NULL AND tb IS NULL THEN ['target_id'] ELSE [] END +
     CASE WHEN row.performer_id IS NOT NULL AND pa IS NULL AND pl IS NULL
          THEN ['performer_id'] ELSE [] END AS missing
CALL (row, ts, tb, pa, pl, missing) {
  WITH * WHERE missing = []
  MERGE (n:Inspection {inspectionId: row.inspection_id})
  SET n += {kind: row.kind, result: row.result, inspectedOn: date(row.inspected_on),
            accepted: row.accepted, findings: row.findings, source: $source, loadRun: $run}
  FOREACH (t IN [x IN [ts, tb] WHERE x IS NOT NULL] |
    MERGE (n)-[r:INSPECTED]->(t) SET r.source = $source, r.loadRun = $run)
  FOREACH (p IN [x IN [pa, pl] WHERE x IS NOT NULL] |
    MERGE (n)-[r:PERFORMED_BY]->(p) SET r.source = $source, r.loadRun = $run)
}
WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected
RETURN rejected
"""

RISK_ALERTS: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
OPTIONAL MATCH (issuer:Agency {agencyId: row.issuer_id})
OPTIONAL MATCH (tp:Product {productId: CASE row.target_kind WHEN 'product' THEN row.target_id END})
OPTIONAL MATCH (tb:Batch {batchId: CASE row.target_kind WHEN 'batch' THEN row.target_id END})
WITH row, issuer, tp, tb,
     CASE WHEN row.issuer_id IS NOT NULL AND issuer IS NULL THEN ['issuer_id'] ELSE [] END +
     CASE WHEN row.target_id IS NOT NULL AND tp IS NULL AND tb IS NULL
          THEN ['target_id'] ELSE [] END AS missing
CALL (row, issuer, tp, tb, missing) {
  WITH * WHERE missing = []
  MERGE (n:RiskAlert {alertId: row.alert_id})
  SET n += {title: row.title, riskLevel: row.risk_level, issuedOn: date(row.issued_on),
            hazard: row.hazard, source: $source, loadRun: $run}
  FOREACH (a IN CASE WHEN issuer IS NULL THEN [] ELSE [issuer] END |
    MERGE (n)-[r:ISSUED_BY]->(a) SET r.source = $source, r.loadRun = $run)
  FOREACH (t IN [x IN [tp, tb] WHERE x IS NOT NULL] |
    MERGE (n)-[r:CONCERNS]->(t) SET r.source = $source, r.loadRun = $run)
}
WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected
RETURN rejected
"""

RECALLS: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
OPTIONAL MATCH (issuer:Agency {agencyId: row.issuer_id})
WITH row, issuer,
     CASE WHEN row.issuer_id IS NOT NULL AND issuer IS NULL THEN ['issuer_id'] ELSE [] END AS missing
CALL (row, issuer, missing) {
  WITH * WHERE missing = []
  MERGE (n:Recall {recallId: row.recall_id})
  SET n += {measure: row.measure, title: row.title, riskLevel: row.risk_level,
            issuedOn: date(row.issued_on), hazard: row.hazard, reason: row.reason,
            status: row.status, source: $source, loadRun: $run}
  FOREACH (a IN CASE WHEN issuer IS NULL THEN [] ELSE [issuer] END |
    MERGE (n)-[r:ISSUED_BY]->(a) SET r.source = $source, r.loadRun = $run)
}
WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected
RETURN rejected
"""

RECALL_TARGETS: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
OPTIONAL MATCH (recall:Recall {recallId: row.recall_id})
OPTIONAL MATCH (tp:Product {productId: CASE row.target_kind WHEN 'product' THEN row.target_id END})
OPTIONAL MATCH (tb:Batch {batchId: CASE row.target_kind WHEN 'batch' THEN row.target_id END})
WITH row, recall, coalesce(tp, tb) AS target
WITH row, recall, target,
     CASE WHEN recall IS NULL THEN ['recall_id'] ELSE [] END +
     CASE WHEN target IS NULL THEN ['target_id'] ELSE [] END AS missing
CALL (row, recall, target, missing) {
  WITH * WHERE missing = []
  MERGE (recall)-[r:TARGETS]->(target)
  SET r.source = $source, r.loadRun = $run
}
WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected
RETURN rejected
"""

FILINGS: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
OPTIONAL MATCH (e:Enterprise {enterpriseId: row.enterprise_id})
OPTIONAL MATCH (p:Product {productId: row.product_id})
OPTIONAL MATCH (a:Agency {agencyId: row.agency_id})
WITH row, e, p, a,
     CASE WHEN e IS NULL THEN ['enterprise_id'] ELSE [] END +
     CASE WHEN row.product_id IS NOT NULL AND p IS NULL THEN ['product_id'] ELSE [] END +
     CASE WHEN row.agency_id IS NOT NULL AND a IS NULL THEN ['agency_id'] ELSE [] END AS missing
CALL (row, e, p, a, missing) {
  WITH * WHERE missing = []
  MERGE (n:Filing {filingId: row.filing_id})
  SET n += {kind: row.kind, status: row.status, filedOn: date(row.filed_on),
            validUntil: date(row.valid_until), source: $source, loadRun: $run}
  MERGE (n)-[r:FILED_BY]->(e)
  SET r.source = $source, r.loadRun = $run
  FOREACH (x IN CASE WHEN p IS NULL THEN [] ELSE [p] END |
    MERGE (n)-[c:COVERS]->(x) SET c.source = $source, c.loadRun = $run)
  FOREACH (x IN CASE WHEN a IS NULL THEN [] ELSE [a] END |
    MERGE (n)-[l:LODGED_WITH]->(x) SET l.source = $source, l.loadRun = $run)
}
WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected
RETURN rejected
"""

# --- credit --------------------------------------------------------------------------

CREDIT_SCHEMES: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
OPTIONAL MATCH (a:Agency {agencyId: row.agency_id})
WITH row, a, CASE WHEN a IS NULL THEN ['agency_id'] ELSE [] END AS missing
CALL (row, a, missing) {
  WITH * WHERE missing = []
  MERGE (n:CreditScheme {schemeId: row.scheme_id})
  SET n += {name: row.name, source: $source, loadRun: $run}
  MERGE (n)-[r:OPERATED_BY]->(a)
  SET r.source = $source, r.loadRun = $run
}
WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected
RETURN rejected
"""

CREDIT_LEVELS: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
OPTIONAL MATCH (s:CreditScheme {schemeId: row.scheme_id})
WITH row, s, CASE WHEN s IS NULL THEN ['scheme_id'] ELSE [] END AS missing
CALL (row, s, missing) {
  WITH * WHERE missing = []
  MERGE (n:CreditLevel {levelId: row.level_id})
  SET n += {code: row.code, name: row.name, rank: row.rank, dishonest: row.dishonest,
            source: $source, loadRun: $run}
  MERGE (n)-[r:IN_SCHEME]->(s)
  SET r.source = $source, r.loadRun = $run
}
WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected
RETURN rejected
"""

RATINGS: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
OPTIONAL MATCH (a:Agency {agencyId: row.agency_id})
OPTIONAL MATCH (e:Enterprise {enterpriseId: row.enterprise_id})
OPTIONAL MATCH (l:CreditLevel {levelId: row.level_id})
WITH row, a, e, l,
     CASE WHEN a IS NULL THEN ['agency_id'] ELSE [] END +
     CASE WHEN e IS NULL THEN ['enterprise_id'] ELSE [] END +
     CASE WHEN l IS NULL THEN ['level_id'] ELSE [] END AS missing
CALL (row, a, e, l, missing) {
  WITH * WHERE missing = []
  MERGE (n:Rating {ratingId: row.rating_id})
  SET n += {validFrom: date(row.valid_from), validTo: date(row.valid_to),
            source: $source, loadRun: $run}
  MERGE (n)-[g:GIVEN_BY]->(a)
  SET g.source = $source, g.loadRun = $run
  MERGE (n)-[r:RATES]->(e)
  SET r.source = $source, r.loadRun = $run
  MERGE (n)-[t:AT_LEVEL]->(l)
  SET t.source = $source, t.loadRun = $run
}
WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected
RETURN rejected
"""

ARRANGEMENTS: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
OPTIONAL MATCH (a:Agency {agencyId: row.agency_a})
OPTIONAL MATCH (b:Agency {agencyId: row.agency_b})
WITH row, a, b,
     CASE WHEN a IS NULL THEN ['agency_a'] ELSE [] END +
     CASE WHEN b IS NULL THEN ['agency_b'] ELSE [] END AS missing
CALL (row, a, b, missing) {
  WITH * WHERE missing = []
  MERGE (n:Arrangement {arrangementId: row.arrangement_id})
  SET n += {name: row.name, signedOn: date(row.signed_on), grants: row.grants,
            source: $source, loadRun: $run}
  FOREACH (x IN CASE WHEN a = b THEN [a] ELSE [a, b] END |
    MERGE (x)-[p:PARTY_TO]->(n) SET p.source = $source, p.loadRun = $run)
}
WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected
RETURN rejected
"""

LEVEL_MAPPINGS: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
OPTIONAL MATCH (arr:Arrangement {arrangementId: row.arrangement_id})
OPTIONAL MATCH (f:CreditLevel {levelId: row.from_level_id})
OPTIONAL MATCH (t:CreditLevel {levelId: row.to_level_id})
WITH row, arr, f, t,
     CASE WHEN arr IS NULL THEN ['arrangement_id'] ELSE [] END +
     CASE WHEN f IS NULL THEN ['from_level_id'] ELSE [] END +
     CASE WHEN t IS NULL THEN ['to_level_id'] ELSE [] END AS missing
CALL (row, f, t, missing) {
  WITH * WHERE missing = []
  MERGE (f)-[m:MAPS_TO {arrangementId: row.arrangement_id}]->(t)
  SET m += {facilitation: row.facilitation, source: $source, loadRun: $run}
}
WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected
RETURN rejected
"""

# --- related parties (dated links) -----------------------------------------------

OWNERSHIPS: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
OPTIONAL MATCH (op:Person {personId: CASE row.owner_kind WHEN 'person' THEN row.owner_id END})
OPTIONAL MATCH (oe:Enterprise {enterpriseId: CASE row.owner_kind WHEN 'enterprise' THEN row.owner_id END})
OPTIONAL MATCH (e:Enterprise {enterpriseId: row.enterprise_id})
WITH row, coalesce(op, oe) AS owner, e
WITH row, owner, e,
     CASE WHEN owner IS NULL THEN ['owner_id'] ELSE [] END +
     CASE WHEN e IS NULL THEN ['enterprise_id'] ELSE [] END AS missing
CALL (row, owner, e, missing) {
  WITH * WHERE missing = []
  MERGE (owner)-[r:OWNS]->(e)
  SET r += {share: row.share, since: date(row.since), until: date(row.until),
            source: $source, loadRun: $run}
}
WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected
RETURN rejected
"""

DIRECTORSHIPS: Final[LiteralString] = """
CYPHER replan=skip
UNWIND $rows AS row
OPTIONAL MATCH (p:Person {personId: row.person_id})
OPTIONAL MATCH (e:Enterprise {enterpriseId: row.enterprise_id})
WITH row, p, e,
     CASE WHEN p IS NULL THEN ['person_id'] ELSE [] END +
     CASE WHEN e IS NULL THEN ['enterprise_id'] ELSE [] END AS missing
CALL (row, p, e, missing) {
  WITH * WHERE missing = []
  MERGE (p)-[r:DIRECTS {role: row.role}]->(e)
  SET r += {since: date(row.since), until: date(row.until), source: $source, loadRun: $run}
}
WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected
RETURN rejected
"""


def _dated_link(
    start_label: LiteralString,
    start_key: LiteralString,
    start_column: LiteralString,
    rel: LiteralString,
    end_label: LiteralString,
    end_key: LiteralString,
    end_column: LiteralString,
) -> LiteralString:
    """A dated link file: (start)-[rel {since, until}]->(end), both ends by natural key."""
    return (
        "CYPHER replan=skip\nUNWIND $rows AS row\n"
        "OPTIONAL MATCH (a:" + start_label + " {" + start_key + ": row." + start_column + "})\n"
        "OPTIONAL MATCH (b:" + end_label + " {" + end_key + ": row." + end_column + "})\n"
        "WITH row, a, b,\n"
        "     CASE WHEN a IS NULL THEN ['" + start_column + "'] ELSE [] END +\n"
        "     CASE WHEN b IS NULL THEN ['" + end_column + "'] ELSE [] END AS missing\n"
        "CALL (row, a, b, missing) {\n"
        "  WITH * WHERE missing = []\n"
        "  MERGE (a)-[r:" + rel + "]->(b)\n"
        "  SET r += {since: date(row.since), until: date(row.until), source: $source, loadRun: $run}\n"
        "}\n"
        "WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected\n"
        "RETURN rejected\n"
    )


ENTERPRISE_ADDRESSES: Final = _dated_link(
    "Enterprise", "enterpriseId", "enterprise_id", "LOCATED_AT", "Address", "addressId", "address_id"
)
ENTERPRISE_CONTACTS: Final = _dated_link(
    "Enterprise", "enterpriseId", "enterprise_id", "REACHABLE_AT", "Contact", "contactId", "contact_id"
)
PLATFORM_SELLERS: Final = _dated_link(
    "Enterprise", "enterpriseId", "platform_id", "HOSTS", "Enterprise", "enterpriseId", "seller_id"
)

# --- the registry ------------------------------------------------------------------

# File name -> statement, in load order (docs/data-format.md): a row may point
# only at keys loaded by an earlier file or an earlier run.
WRITES: Final[dict[str, LiteralString]] = {
    "agencies.csv": AGENCIES,
    "enterprises.csv": ENTERPRISES,
    "persons.csv": PERSONS,
    "addresses.csv": ADDRESSES,
    "contacts.csv": CONTACTS,
    "products.csv": PRODUCTS,
    "batches.csv": BATCHES,
    "trace_codes.csv": TRACE_CODES,
    "declarations.csv": DECLARATIONS,
    "shipments.csv": SHIPMENTS,
    "shipment_batches.csv": SHIPMENT_BATCHES,
    "inspections.csv": INSPECTIONS,
    "risk_alerts.csv": RISK_ALERTS,
    "recalls.csv": RECALLS,
    "recall_targets.csv": RECALL_TARGETS,
    "prohibited_categories.csv": PROHIBITED_CATEGORIES,
    "credit_schemes.csv": CREDIT_SCHEMES,
    "credit_levels.csv": CREDIT_LEVELS,
    "ratings.csv": RATINGS,
    "arrangements.csv": ARRANGEMENTS,
    "level_mappings.csv": LEVEL_MAPPINGS,
    "filings.csv": FILINGS,
    "ownerships.csv": OWNERSHIPS,
    "directorships.csv": DIRECTORSHIPS,
    "enterprise_addresses.csv": ENTERPRISE_ADDRESSES,
    "enterprise_contacts.csv": ENTERPRISE_CONTACTS,
    "platform_sellers.csv": PLATFORM_SELLERS,
}

LOAD_ORDER: Final[tuple[str, ...]] = tuple(WRITES)

# --- load runs -----------------------------------------------------------------------

LOAD_RUN_START: Final[LiteralString] = """
MERGE (r:LoadRun {runId: $run})
SET r.startedAt = datetime(), r.folder = $folder, r.status = 'running'
"""

LOAD_RUN_FINISH: Final[LiteralString] = """
MATCH (r:LoadRun {runId: $run})
SET r.finishedAt = datetime(), r.status = $status, r.counts = $counts
"""
