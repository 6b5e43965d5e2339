"""Screening rules: `screeningRules`, `screeningRule` and `recordRuleVersion` (regulators, admins)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

import strawberry

from graph_schema.model import RuleList
from hub.context import Info
from hub.data import rules as data
from hub.schema.common import (
    After,
    Connection,
    Direction,
    First,
    ShipmentMode,
    connection,
    date,
    page_request,
)
from hub.schema.results import Forbidden, InvalidInput
from hub.schema.screening import require_screener
from loaders.identifiers import country_problem

_RULE_ID = re.compile(r"[A-Z0-9][A-Z0-9-]{1,39}")
_HS_PREFIX = re.compile(r"\d{1,10}")
_CATEGORY = re.compile(r"NL-0[1-8]")
MAX_ITEMS = 100


@strawberry.type(description="One version of a screening rule (versions are never changed, only added).")
class ScreeningRuleVersion:
    rule_id: str = strawberry.field(description="The rule.")
    version: int = strawberry.field(description="Version number, 1 upwards.")
    rule_list: RuleList = strawberry.field(name="list", description="Negative list or monitoring list.")
    category: str | None = strawberry.field(description="Negative-list category (NL-01 to NL-08).")
    title: str = strawberry.field(description="Title.")
    legal_basis: str | None = strawberry.field(description="The law, regulation or notice behind it.")
    valid_from: dt.date | None = strawberry.field(description="First day it applies (inclusive).")
    valid_to: dt.date | None = strawberry.field(description="First day it no longer applies (exclusive).")
    hs_prefixes: list[str] = strawberry.field(description="HS code prefixes that match.")
    product_categories: list[str] = strawberry.field(description="Product categories that match.")
    keywords_zh: list[str] = strawberry.field(description="Chinese keywords (substring of the name).")
    keywords_en: list[str] = strawberry.field(description="English keywords (whole words, any case).")
    modes: list[str] = strawberry.field(description="Shipment modes it is limited to (empty: all).")
    directions: list[str] = strawberry.field(description="Directions it is limited to (empty: both).")
    origin_countries: list[str] = strawberry.field(description="Origins it is limited to (empty: all).")
    recorded_by: str | None = strawberry.field(description="Agency that recorded it through the API.")
    source: str | None = strawberry.field(description="Load file or `hub:recordRuleVersion`.")

    @classmethod
    def from_row(cls, v: dict[str, Any]) -> ScreeningRuleVersion:
        def items(key: str) -> list[str]:
            return [str(x) for x in v.get(key) or []]

        return cls(
            rule_id=v["ruleId"], version=v["version"], rule_list=RuleList(v["list"]), category=v.get("category"),
            title=v["title"], legal_basis=v.get("legalBasis"), valid_from=date(v.get("validFrom")),
            valid_to=date(v.get("validTo")), hs_prefixes=items("hsPrefixes"),
            product_categories=items("productCategories"), keywords_zh=items("keywordsZh"),
            keywords_en=items("keywordsEn"), modes=items("modes"), directions=items("directions"),
            origin_countries=items("originCountries"), recorded_by=v.get("recordedBy"), source=v.get("source"),
        )  # fmt: skip


@strawberry.type(description="A screening rule and its versions.")
class ScreeningRule:
    id: strawberry.ID = strawberry.field(description="The rule id, e.g. NL-03 or KG-01.")
    rule_list: RuleList = strawberry.field(name="list", description="Negative list or monitoring list.")
    latest_version: int = strawberry.field(description="The highest version number recorded.")
    versions: list[ScreeningRuleVersion] = strawberry.field(
        description="Versions, newest first (at most 100)."
    )

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ScreeningRule:
        versions = sorted(row["versions"], key=lambda v: -int(v["version"]))
        return cls(id=strawberry.ID(row["ruleId"]), rule_list=RuleList(row["list"]),
                   latest_version=row.get("latestVersion") or 0,
                   versions=[ScreeningRuleVersion.from_row(v) for v in versions])  # fmt: skip


@strawberry.input(description="A new version of a screening rule (a new rule when expectedVersion is 0).")
class RuleVersionInput:
    client_request_id: str = strawberry.field(
        description="The client's id for this request (1 to 100 characters): a retry returns the first result."
    )
    rule_id: strawberry.ID = strawberry.field(description="Rule id: A-Z, 0-9 and '-', 2 to 40 characters.")
    expected_version: int = strawberry.field(
        description="The rule's latest version as the client saw it (0: the rule is new)."
    )
    rule_list: RuleList = strawberry.field(
        name="list", description="Negative list or monitoring list (fixed for a rule)."
    )
    title: str = strawberry.field(description="Title (1 to 200 characters).")
    valid_from: dt.date = strawberry.field(description="First day the version applies (inclusive).")
    valid_to: dt.date | None = strawberry.field(default=None, description="First day it no longer applies.")
    category: str | None = strawberry.field(
        default=None, description="NL-01 to NL-08; required on the negative list."
    )
    legal_basis: str | None = strawberry.field(
        default=None, description="Legal basis (up to 500 characters)."
    )
    hs_prefixes: list[str] | None = strawberry.field(
        default=None, description="HS code prefixes (1-10 digits)."
    )
    product_categories: list[str] | None = strawberry.field(default=None, description="Product categories.")
    keywords_zh: list[str] | None = strawberry.field(default=None, description="Chinese keywords.")
    keywords_en: list[str] | None = strawberry.field(default=None, description="English keywords.")
    modes: list[ShipmentMode] | None = strawberry.field(default=None, description="Limit to these modes.")
    directions: list[Direction] | None = strawberry.field(
        default=None, description="Limit to these directions."
    )
    origin_countries: list[str] | None = strawberry.field(default=None, description="Limit to these origins.")


@strawberry.type(description="The version exists: recorded now, or by an earlier try of the same request.")
class RecordRuleVersionSuccess:
    version: ScreeningRuleVersion = strawberry.field(description="The version recorded.")
    created: bool = strawberry.field(description="False when a retry found the version already recorded.")


@strawberry.type(description="The rule changed since the client read it: nothing was written.")
class RuleVersionConflict:
    rule_id: str = strawberry.field(description="The rule.")
    current_version: int = strawberry.field(description="The rule's latest version now (0: no such rule).")
    message: str = strawberry.field(description="What to do.")


RecordRuleVersionResult = Annotated[
    RecordRuleVersionSuccess | RuleVersionConflict | InvalidInput | Forbidden,
    strawberry.union("RecordRuleVersionResult", description="The version recorded, or why not."),
]


def _items(
    name: str, values: list[str] | None, pattern: re.Pattern[str] | None = None
) -> tuple[str, ...] | InvalidInput:
    out: list[str] = []
    for i, raw in enumerate(values or []):
        value = raw.strip()
        if not value or len(value) > 100 or (pattern is not None and not pattern.fullmatch(value)):
            return InvalidInput(field=f"input.{name}[{i}]", message=f"{raw!r} is not a valid entry")
        out.append(value)
    if len(out) > MAX_ITEMS:
        return InvalidInput(field=f"input.{name}", message=f"at most {MAX_ITEMS} entries")
    return tuple(dict.fromkeys(out))


def _validate(agency: str, g: RuleVersionInput) -> data.RuleEdit | InvalidInput:
    request = g.client_request_id.strip()
    if not 1 <= len(request) <= 100:
        return InvalidInput(field="input.clientRequestId", message="must be 1 to 100 characters")
    rule_id = str(g.rule_id).strip()
    if not _RULE_ID.fullmatch(rule_id):
        return InvalidInput(field="input.ruleId", message="must be 2-40 characters of A-Z, 0-9 and '-'")
    if g.expected_version < 0:
        return InvalidInput(field="input.expectedVersion", message="must be 0 or more")
    title = g.title.strip()
    if not 1 <= len(title) <= 200:
        return InvalidInput(field="input.title", message="must be 1 to 200 characters")
    legal = (g.legal_basis or "").strip() or None
    if legal is not None and len(legal) > 500:
        return InvalidInput(field="input.legalBasis", message="must be at most 500 characters")
    category = (g.category or "").strip() or None
    if g.rule_list is RuleList.NEGATIVE and (category is None or not _CATEGORY.fullmatch(category)):
        return InvalidInput(
            field="input.category", message="a negative-list rule needs a category NL-01 to NL-08"
        )
    if g.valid_to is not None and g.valid_to <= g.valid_from:
        return InvalidInput(field="input.validTo", message="must be after validFrom")
    lists: dict[str, tuple[str, ...]] = {}
    for name, values, pattern in (
        ("hsPrefixes", g.hs_prefixes, _HS_PREFIX), ("productCategories", g.product_categories, None),
        ("keywordsZh", g.keywords_zh, None), ("keywordsEn", g.keywords_en, None),
        ("originCountries", g.origin_countries, None),
    ):  # fmt: skip
        got = _items(name, values, pattern)
        if isinstance(got, InvalidInput):
            return got
        lists[name] = got
    for i, country in enumerate(lists["originCountries"]):
        if problem := country_problem(country):
            return InvalidInput(field=f"input.originCountries[{i}]", message=problem)
    if not (lists["hsPrefixes"] or lists["productCategories"] or lists["keywordsZh"] or lists["keywordsEn"]):
        return InvalidInput(
            field="input.hsPrefixes", message="give HS prefixes, product categories or keywords"
        )
    return data.RuleEdit(
        request, agency, rule_id, g.expected_version, g.rule_list.value, category, title, legal, g.valid_from,
        g.valid_to, lists["hsPrefixes"], lists["productCategories"], lists["keywordsZh"], lists["keywordsEn"],
        tuple(dict.fromkeys(m.value for m in g.modes or [])),
        tuple(dict.fromkeys(d.value for d in g.directions or [])), lists["originCountries"],
    )  # fmt: skip


@strawberry.type
class RuleQuery:
    @strawberry.field(description="Screening rules with their versions (regulators and administrators).")
    async def screening_rules(
        self,
        info: Info,
        first: First = 50,
        after: After = None,
        list: Annotated[RuleList | None, strawberry.argument(description="Only rules of this list.")] = None,
    ) -> Connection[ScreeningRule]:
        require_screener(info.context.principal)
        page = await data.rules_page(
            info.context.cypher, list.value if list else None, page_request(info, first, after)
        )
        return connection(page, ScreeningRule.from_row)

    @strawberry.field(description="One screening rule with its versions; null when unknown.")
    async def screening_rule(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Rule id.")]
    ) -> ScreeningRule | None:
        require_screener(info.context.principal)
        row = await data.rule_by_id(info.context.cypher, str(id))
        return ScreeningRule.from_row(row) if row else None


@strawberry.type
class RuleMutation:
    @strawberry.mutation(
        description=(
            "Record a new version of a screening rule, or a new rule (regulators and administrators). "
            "Append-only; idempotent per client request id; refused when the rule's latest version is "
            "not `expectedVersion`."
        )
    )
    async def record_rule_version(
        self, info: Info, input: Annotated[RuleVersionInput, strawberry.argument(description="The version.")]
    ) -> RecordRuleVersionResult:
        who = info.context.principal
        if not who.can_issue_orders:
            return Forbidden(message="only regulators and administrators may edit screening rules")
        edit = _validate(who.agency_id, input)
        if isinstance(edit, InvalidInput):
            return edit
        done = await data.record_version(info.context.cypher, edit)
        if done.retried_with_other_content:
            return InvalidInput(field="input.clientRequestId",
                                message="already used for a different rule version; use a new id")  # fmt: skip
        if done.version is not None:
            return RecordRuleVersionSuccess(
                version=ScreeningRuleVersion.from_row(done.version), created=done.created
            )
        if done.existed and done.rule_list is not None and done.rule_list != edit.list:
            return InvalidInput(
                field="input.list", message=f"rule {edit.rule_id} is on the {done.rule_list} list"
            )
        current = done.latest or 0
        return RuleVersionConflict(
            rule_id=edit.rule_id, current_version=current,
            message=f"the rule's latest version is {current}, not {edit.expected_version}; read it again",
        )  # fmt: skip
