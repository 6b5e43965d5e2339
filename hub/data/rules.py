"""Screening rules: read them with their versions; record a new version (append-only).

Only regulators and administrators read or write rules (checked by the schema
layer); the statements carry no partner filter because partners never get here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import asdict, dataclass
from typing import Any, Final, LiteralString

from graph_schema.rules_writes import RECORD_VERSION
from hub.data.paging import Page, PageRequest, page_statement, to_page
from runtime.db import Cypher

VERSIONS_CAP: Final = 100

RULE: Final[LiteralString] = (
    "r {.ruleId, .list,"
    " latestVersion: reduce(m = 0, n IN [(r)<-[:VERSION_OF]-(x:RuleVersion) | x.version] |"
    " CASE WHEN n > m THEN n ELSE m END),"
    " versions: [(r)<-[:VERSION_OF]-(v:RuleVersion) | v {.*, ruleId: r.ruleId, list: r.list, requestKey: null}][..100]}"
)

RULES_PAGE: Final[LiteralString] = page_statement(
    "MATCH (r:ScreeningRule) WHERE $list IS NULL OR r.list = $list", "r", "r.ruleId", RULE, total=True
)

RULE_BY_ID: Final[LiteralString] = "MATCH (r:ScreeningRule {ruleId: $id}) RETURN " + RULE + " AS row"


async def rules_page(cy: Cypher, list_name: str | None, page: PageRequest) -> Page:
    [record] = await cy.read(RULES_PAGE, {"list": list_name, **page.params()})
    return to_page(record, page)


async def rule_by_id(cy: Cypher, rule_id: str) -> dict[str, Any] | None:
    rows = await cy.read(RULE_BY_ID, {"id": rule_id})
    return rows[0]["row"] if rows else None


@dataclass(frozen=True)
class RuleEdit:
    """A checked request for a new version of a rule."""

    client_request_id: str
    agency_id: str
    rule_id: str
    expected_version: int
    list: str
    category: str | None
    title: str
    legal_basis: str | None
    valid_from: dt.date
    valid_to: dt.date | None
    hs_prefixes: tuple[str, ...]
    product_categories: tuple[str, ...]
    keywords_zh: tuple[str, ...]
    keywords_en: tuple[str, ...]
    modes: tuple[str, ...]
    directions: tuple[str, ...]
    origin_countries: tuple[str, ...]

    @property
    def request_key(self) -> str:
        return hashlib.sha256(f"{self.agency_id}\n{self.client_request_id}".encode()).hexdigest()

    @property
    def digest(self) -> str:
        body = {k: v for k, v in asdict(self).items() if k != "client_request_id"}
        return hashlib.sha256(json.dumps(body, default=str, sort_keys=True).encode()).hexdigest()

    def props(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "title": self.title,
            "legalBasis": self.legal_basis,
            "validFrom": self.valid_from,
            "validTo": self.valid_to,
            "hsPrefixes": list(self.hs_prefixes),
            "productCategories": list(self.product_categories),
            "keywordsZh": list(self.keywords_zh),
            "keywordsEn": list(self.keywords_en),
            "modes": list(self.modes),
            "directions": list(self.directions),
            "originCountries": list(self.origin_countries),
            "clientRequestId": self.client_request_id,
            "recordedBy": self.agency_id,
            "requestDigest": self.digest,
            "source": "hub:recordRuleVersion",
        }


@dataclass(frozen=True)
class Recorded:
    """What the one write transaction found and did."""

    version: dict[str, Any] | None  # the version made now or by an earlier try
    created: bool
    retried_with_other_content: bool
    latest: int | None  # the rule's latest version when the write was refused
    rule_list: str | None
    existed: bool


async def record_version(cy: Cypher, edit: RuleEdit) -> Recorded:
    [row] = await cy.write(
        RECORD_VERSION,
        {
            "requestKey": edit.request_key,
            "ruleId": edit.rule_id,
            "list": edit.list,
            "expected": edit.expected_version,
            "props": edit.props(),
            "attempt": uuid.uuid4().hex,
        },
    )
    prior, created = row["prior"], row["created"]
    if prior is not None:
        return Recorded(prior, False, prior.get("requestDigest") != edit.digest, None, None, True)
    return Recorded(created, created is not None, False, row["latest"], row["ruleList"], row["existed"])
