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

LIST_MATCH: Final[LiteralString] = (
    "MATCH (e:Enterprise) WHERE ($kind IS NULL OR e.kind = $kind)"
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

LIST: Final = page_statements(LIST_MATCH, "e", LIST_ORDERS, PROJECTION)

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
