"""What a principal may see, as Cypher predicates over the bound variable.

Parameters `$seeAll`, `$parcels` and `$agencyId` come from
`Principal.cypher_params()`. Domestic roles see everything; a partner agency
sees an enterprise only when an arrangement it is party to grants the
`enterprise` scope and the other party rates that enterprise, and sees
products, batches and recalls only under a `recall` grant. Parcel-level
records (shipments, declarations, inspections) are domestic only.
"""

from typing import Final, LiteralString

ENTERPRISE: Final[LiteralString] = """($seeAll OR EXISTS {
  MATCH (:Agency {agencyId: $agencyId})-[:PARTY_TO]->(arr:Arrangement)<-[:PARTY_TO]-(other:Agency)
        <-[:GIVEN_BY]-(:Rating)-[:RATES]->(e)
  WHERE 'enterprise' IN arr.grants })"""

RECALL_SCOPE: Final[LiteralString] = """($seeAll OR EXISTS {
  MATCH (:Agency {agencyId: $agencyId})-[:PARTY_TO]->(arr:Arrangement) WHERE 'recall' IN arr.grants })"""

PARCELS: Final[LiteralString] = "$parcels"
