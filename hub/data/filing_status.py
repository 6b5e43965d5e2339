"""The ONE Cypher rule for "the status of a filing on a date" (screening uses it too).

`FILING_STATUS_AS_OF` reads the filing bound to `f` on the date bound to the
Cypher variable `asOf` (bind it with `WITH f, $asOf AS asOf` or per row). It
is the generic rule of `hub.data.status_as_of` (a status holds from its
change's date, inclusive, to the next change's date, exclusive; null before
`filedOn`), and a filing still `filed` after its `validUntil` date (valid
through that day, inclusive) counts as `expired`.
"""

from __future__ import annotations

from typing import Final, LiteralString

from hub.data.status_as_of import status_as_of

FILING_STATUS_AS_OF: Final[LiteralString] = (
    "head([s IN ["
    + status_as_of("f", "filing", "filedOn", "status")
    + "] | CASE WHEN s = 'filed' AND f.validUntil IS NOT NULL AND asOf > f.validUntil"
    " THEN 'expired' ELSE s END])"
)

# An enterprise's (or a product's) filing status on `asOf`: the status of its
# newest filing filed on or before that date (a re-filing replaces a revoked one).
# Uses `e` (Enterprise) and, for a product filing, `p` (Product, filed by `e`);
# returns {filingId, status} or null when nothing was filed on or before `asOf`.
ENTERPRISE_FILING_AS_OF: Final[LiteralString] = (
    "head(COLLECT { MATCH (f:Filing {kind: 'enterprise'})-[:FILED_BY]->(e) WHERE f.filedOn <= asOf"
    " RETURN {filingId: f.filingId, status: " + FILING_STATUS_AS_OF + "}"
    " ORDER BY f.filedOn DESC, f.filingId DESC LIMIT 1 })"
)
PRODUCT_FILING_AS_OF: Final[LiteralString] = (
    "head(COLLECT { MATCH (e)<-[:FILED_BY]-(f:Filing {kind: 'product'})-[:COVERS]->(p) WHERE f.filedOn <= asOf"
    " RETURN {filingId: f.filingId, status: " + FILING_STATUS_AS_OF + "}"
    " ORDER BY f.filedOn DESC, f.filingId DESC LIMIT 1 })"
)
