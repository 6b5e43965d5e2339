"""Negative-list and monitoring-list rules: which version is in force, and what it matches.

Pure: rule versions arrive as data (graph rows); goods and shipments arrive
as the screening's facts. docs/screening.md states every rule here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph_schema.model import RuleList


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value or ())


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    to_native = getattr(value, "to_native", None)
    return to_native() if to_native is not None else value  # type: ignore[no-any-return]


@dataclass(frozen=True)
class RuleVersion:
    """One version of a rule, as recorded (versions are append-only)."""

    rule_id: str
    version: int
    list: RuleList
    category: str | None
    title: str
    legal_basis: str | None
    valid_from: dt.date  # inclusive
    valid_to: dt.date | None  # exclusive: the first day the version no longer applies
    hs_prefixes: tuple[str, ...] = ()
    product_categories: tuple[str, ...] = ()
    keywords_zh: tuple[str, ...] = ()
    keywords_en: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()  # empty: any shipment mode
    directions: tuple[str, ...] = ()  # empty: either direction
    origin_countries: tuple[str, ...] = ()  # empty: any origin

    @property
    def version_id(self) -> str:
        return version_id(self.rule_id, self.version)

    @property
    def label(self) -> str:
        return f"{self.rule_id} v{self.version}"

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> RuleVersion:
        valid_from = _date(row.get("validFrom"))
        assert valid_from is not None, "a rule version always has validFrom"
        return cls(
            rule_id=str(row["ruleId"]),
            version=int(row["version"]),
            list=RuleList(row["list"]),
            category=row.get("category"),
            title=str(row["title"]),
            legal_basis=row.get("legalBasis"),
            valid_from=valid_from,
            valid_to=_date(row.get("validTo")),
            hs_prefixes=_texts(row.get("hsPrefixes")),
            product_categories=_texts(row.get("productCategories")),
            keywords_zh=_texts(row.get("keywordsZh")),
            keywords_en=_texts(row.get("keywordsEn")),
            modes=_texts(row.get("modes")),
            directions=_texts(row.get("directions")),
            origin_countries=_texts(row.get("originCountries")),
        )

    def applies_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


def version_id(rule_id: str, version: int) -> str:
    return f"{rule_id}#v{version}"


def in_force(versions: Iterable[RuleVersion], day: dt.date) -> list[RuleVersion]:
    """Per rule, the version that governs `day`: the highest-numbered version
    whose validFrom is on or before `day`; the rule applies only when that
    version's validity also covers `day` (a later version can end a rule)."""
    governing: dict[str, RuleVersion] = {}
    for v in versions:
        if v.valid_from <= day and (v.rule_id not in governing or v.version > governing[v.rule_id].version):
            governing[v.rule_id] = v
    return sorted((v for v in governing.values() if v.applies_on(day)), key=lambda v: v.rule_id)


@dataclass(frozen=True)
class GoodsLine:
    """What screening knows about one declared goods line."""

    hs_code: str | None
    category: str | None  # the catalogue product's category
    description: str | None  # as declared
    product_name: str | None  # the catalogue product's name
    field: str  # path of the goods line, e.g. input.shipments[3].goods[0]
    hs_field: str  # where the HS code came from (declared, or the catalogue product)
    product_field: str  # the input field that named the product


@dataclass(frozen=True)
class ShipmentTerms:
    mode: str
    direction: str
    origin_country: str | None
    field: str  # path of the shipment, e.g. input.shipments[3]


@dataclass(frozen=True)
class Match:
    rule: RuleVersion
    field: str
    detail: str


def _word(keyword: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])" + re.escape(keyword.lower()) + r"(?![a-z0-9])")


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _has_word(text: str, keyword: str) -> bool:
    pattern = _PATTERNS.get(keyword)
    if pattern is None:
        pattern = _PATTERNS[keyword] = _word(keyword)
    return pattern.search(text.lower()) is not None


def shipment_terms_hold(rule: RuleVersion, shipment: ShipmentTerms) -> bool:
    """Every shipment condition the rule states must hold (empty = no condition)."""
    if rule.modes and shipment.mode not in rule.modes:
        return False
    if rule.directions and shipment.direction not in rule.directions:
        return False
    return not rule.origin_countries or shipment.origin_country in rule.origin_countries


def match_goods(rule: RuleVersion, shipment: ShipmentTerms, goods: GoodsLine) -> Match | None:
    """The first goods condition that matches (HS prefix, then product category,
    then Chinese keyword, then English keyword), when the shipment conditions hold."""
    if not shipment_terms_hold(rule, shipment):
        return None
    if goods.hs_code:
        for prefix in rule.hs_prefixes:
            if goods.hs_code.startswith(prefix):
                return Match(rule, goods.hs_field, f"HS code {goods.hs_code} starts with {prefix}")
    if goods.category:
        category = goods.category.lower()
        for wanted in rule.product_categories:
            if category == wanted.lower():
                return Match(rule, goods.product_field, f"product category {goods.category!r}")
    texts = [(t, f) for t, f in ((goods.description, goods.field + ".description"),
                                 (goods.product_name, goods.product_field)) if t]  # fmt: skip
    for text, where in texts:
        for keyword in rule.keywords_zh:
            if keyword and keyword in text:
                return Match(rule, where, f"name {text!r} contains {keyword!r}")
        for keyword in rule.keywords_en:
            if keyword and _has_word(text, keyword):
                return Match(rule, where, f"name {text!r} contains the word {keyword!r}")
    return None


def match_all(
    rules: Sequence[RuleVersion], shipment: ShipmentTerms, goods: Sequence[GoodsLine]
) -> list[Match]:
    """Every (rule, goods line) match of a shipment, in rule then goods order."""
    found: list[Match] = []
    for rule in rules:
        for line in goods:
            hit = match_goods(rule, shipment, line)
            if hit is not None:
                found.append(hit)
    return found
