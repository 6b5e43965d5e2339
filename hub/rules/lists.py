"""Negative-list and monitoring-list rules: which version is in force, and what it matches.

Pure: rule versions arrive as data (graph rows); goods and shipments arrive
as the screening's facts. docs/screening.md states every rule here.
"""

from __future__ import annotations

import datetime as dt
import functools
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


_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _words(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for all of a rule's English keywords, each as a whole word, any case."""
    pattern = _PATTERNS.get(keywords)
    if pattern is None:
        longest_first = sorted((k.lower() for k in keywords if k), key=lambda k: (-len(k), k))
        alternatives = "|".join(re.escape(k) for k in longest_first)
        pattern = _PATTERNS[keywords] = re.compile(r"(?<![a-z0-9])(" + alternatives + r")(?![a-z0-9])")
    return pattern


def shipment_terms_hold(rule: RuleVersion, shipment: ShipmentTerms) -> bool:
    """Every shipment condition the rule states must hold (empty = no condition)."""
    if rule.modes and shipment.mode not in rule.modes:
        return False
    if rule.directions and shipment.direction not in rule.directions:
        return False
    return not rule.origin_countries or shipment.origin_country in rule.origin_countries


@functools.lru_cache(maxsize=65_536)
def _first_hit(
    rule: RuleVersion, hs: str | None, category: str | None, description: str | None, name: str | None
) -> tuple[str, str] | None:
    """(which input, detail) of the first goods condition that matches; cached because a
    centralised declaration repeats the same goods thousands of times."""
    if hs:
        for prefix in rule.hs_prefixes:
            if hs.startswith(prefix):
                return "hs", f"HS code {hs} starts with {prefix}"
    if category:
        lowered = category.lower()
        for wanted in rule.product_categories:
            if lowered == wanted.lower():
                return "product", f"product category {category!r}"
    for text, which in ((description, "description"), (name, "product")):
        if not text:
            continue
        for keyword in rule.keywords_zh:
            if keyword and keyword in text:
                return which, f"name {text!r} contains {keyword!r}"
        if rule.keywords_en:
            found = _words(rule.keywords_en).search(text.lower())
            if found is not None:
                return which, f"name {text!r} contains the word {found.group(1)!r}"
    return None


def match_goods(rule: RuleVersion, shipment: ShipmentTerms, goods: GoodsLine) -> Match | None:
    """The first goods condition that matches (HS prefix, then product category,
    then Chinese keyword, then English keyword; the declared description before
    the catalogue name), when the shipment conditions hold."""
    if not shipment_terms_hold(rule, shipment):
        return None
    hit = _first_hit(rule, goods.hs_code, goods.category, goods.description, goods.product_name)
    if hit is None:
        return None
    which, detail = hit
    field = {
        "hs": goods.hs_field,
        "product": goods.product_field,
        "description": goods.field + ".description",
    }
    return Match(rule, field[which], detail)


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
