"""Enterprises: lookup by id and the filtered, sorted list."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Final, LiteralString

from hub.auth import Principal
from hub.data import visibility
from hub.data.paging import Page, PageRequest, by_ids_statement, page_statements, to_page
from hub.policy import Grant
from runtime.db import Cypher


class EnterpriseSort(Enum):
    NAME = "name"
    ID = "id"
    COUNTRY = "country"


@dataclass(frozen=True)
class EnterpriseFilter:
    kind: str | None = None
    country: str | None = None
    region: str | None = None
    name_contains: str | None = None
    filing_status: str | None = None
    identifier: str | None = None

    def params(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "country": self.country,
            "region": self.region,
            "nameContains": self.name_contains.lower() if self.name_contains else None,
            "filingStatus": self.filing_status,
            "identifier": self.identifier,
        }


# Filing status is a field-level grant: null for partners without `filing`.
FIELDS: Final[LiteralString] = ".*, filingStatus: " + visibility.masked("e.filingStatus", Grant.FILING)
PROJECTION: Final[LiteralString] = "e {" + FIELDS + "}"

_LIST_FILTER: Final[LiteralString] = (
    "($kind IS NULL OR e.kind = $kind)"
    " AND ($country IS NULL OR e.country = $country)"
    " AND ($region IS NULL OR e.region = $region)"
    " AND ($filingStatus IS NULL OR (e.filingStatus = $filingStatus AND " + visibility.FILING_SCOPE + "))"
    " AND ($nameContains IS NULL OR toLower(e.name) CONTAINS $nameContains)"
    " AND ($identifier IS NULL OR $identifier IN [e.enterpriseId, e.uscc, e.eori, e.gln])"
    " AND " + visibility.ENTERPRISE
)

LIST_ORDERS: Final[dict[EnterpriseSort, LiteralString]] = {
    EnterpriseSort.NAME: "e.name, e.enterpriseId",
    EnterpriseSort.ID: "e.enterpriseId",
    EnterpriseSort.COUNTRY: "e.country, e.name, e.enterpriseId",
}

# The sort key's range index gives the rows in order, so a page reads only the
# rows up to its end (NodeIndexScan + PartialTop) instead of sorting every
# enterprise (NodeByLabelScan + Top: 10,000 at scale 100,000). The planner uses
# the index only when the statement says the key is not null. Every enterprise
# has all three: enterprise_id, name and country are required columns of
# enterprises.csv (docs/data-format.md), the only way enterprises are written.
_KEY_PRESENT: Final[dict[EnterpriseSort, LiteralString]] = {
    EnterpriseSort.NAME: "e.name IS NOT NULL",
    EnterpriseSort.ID: "e.enterpriseId IS NOT NULL",
    EnterpriseSort.COUNTRY: "e.country IS NOT NULL",
}
LIST_MATCHES: Final[dict[EnterpriseSort, LiteralString]] = {
    sort: "MATCH (e:Enterprise) WHERE " + present + " AND " + _LIST_FILTER
    for sort, present in _KEY_PRESENT.items()
}


def list_statements(projection: LiteralString) -> dict[tuple[EnterpriseSort, bool], LiteralString]:
    """Every (sort, with total) page statement of the enterprise list, projecting `projection` of `e`."""
    return {
        key: statement
        for sort in EnterpriseSort
        for key, statement in page_statements(
            LIST_MATCHES[sort], "e", {sort: LIST_ORDERS[sort]}, projection
        ).items()
    }


LIST: Final = list_statements(PROJECTION)

BY_IDS: Final = by_ids_statement(
    "MATCH (e:Enterprise {enterpriseId: id}) WHERE " + visibility.ENTERPRISE, PROJECTION
)


async def list_enterprises(
    cy: Cypher,
    who: Principal,
    where: EnterpriseFilter,
    sort: EnterpriseSort,
    page: PageRequest,
    *,
    total: bool,
) -> Page:
    [record] = await cy.read(LIST[(sort, total)], {**where.params(), **page.params(), **who.cypher_params()})
    return to_page(record, page)
