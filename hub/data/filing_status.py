"""Filing status on a date: the ONE Cypher fragment every reader uses.

Today a Filing node holds `status` (as last recorded), `filedOn` and
`validUntil`. On date D (`$asOf`):
- a filing counts only when `filedOn <= D` (a filing lodged later does not exist yet);
- of an enterprise's (or a product's) filings that count, the latest
  `filedOn` wins (then the highest `filingId`);
- its status on D is `expired` when `validUntil` is set and `validUntil <= D`
  (validUntil is exclusive: the first day the filing no longer holds);
  otherwise the recorded `status`.
No filing that counts: the party or product is not filed on D.
(Issue 10 adds append-only status history; this fragment is where that lands.)
"""

from typing import Final, LiteralString

# The status of Filing `f` on `$asOf`, given that `f.filedOn <= $asOf`.
FILING_STATUS_AS_OF: Final[LiteralString] = (
    "CASE WHEN f.validUntil IS NOT NULL AND f.validUntil <= $asOf THEN 'expired' ELSE f.status END"
)

# The enterprise `e`'s own filing on `$asOf`: null or {filingId, status}.
ENTERPRISE_FILING: Final[LiteralString] = (
    "head(COLLECT { MATCH (f:Filing)-[:FILED_BY]->(e) WHERE f.kind = 'enterprise' AND f.filedOn <= $asOf"
    " WITH f ORDER BY f.filedOn DESC, f.filingId DESC LIMIT 1"
    " RETURN {filingId: f.filingId, status: " + FILING_STATUS_AS_OF + "} })"
)

# The product `p`'s filing on `$asOf` (by whichever enterprise filed it): null or {filingId, status}.
PRODUCT_FILING: Final[LiteralString] = (
    "head(COLLECT { MATCH (f:Filing)-[:COVERS]->(p) WHERE f.kind = 'product' AND f.filedOn <= $asOf"
    " WITH f ORDER BY f.filedOn DESC, f.filingId DESC LIMIT 1"
    " RETURN {filingId: f.filingId, status: " + FILING_STATUS_AS_OF + "} })"
)
