"""Which rule version governs a date, and what a version matches (pure, no database)."""

from __future__ import annotations

import datetime as dt

from graph_schema.model import RuleList
from hub.rules.lists import GoodsLine, RuleVersion, ShipmentTerms, in_force, match_goods

D = dt.date.fromisoformat


def version(n: int, start: str, end: str | None = None, **more: object) -> RuleVersion:
    return RuleVersion("NL-06", n, RuleList.NEGATIVE, "NL-06", f"v{n}", None, D(start),
                       D(end) if end else None, **more)  # type: ignore[arg-type]  # fmt: skip


def test_the_newest_started_version_governs_and_may_end_the_rule() -> None:
    v1, v2 = version(1, "2016-01-01"), version(2, "2024-07-01")
    assert in_force([v1, v2], D("2024-06-30")) == [v1]
    assert in_force([v2, v1], D("2024-07-01")) == [v2]  # validFrom inclusive
    ended = version(3, "2016-01-01", "2025-01-01")  # a later version can end the rule
    assert in_force([v1, v2, ended], D("2024-12-31")) == [ended]
    assert in_force([v1, v2, ended], D("2025-01-01")) == []  # validTo exclusive
    assert in_force([v1], D("2015-12-31")) == []


def line(hs: str | None = None, category: str | None = None, description: str | None = None) -> GoodsLine:
    return GoodsLine(hs, category, description, None, "g", "g.hsCode", "g.productId")


def test_conditions() -> None:
    rule = version(1, "2016-01-01", hs_prefixes=("6309",), keywords_en=("second-hand",),
                   keywords_zh=("旧货",), modes=("express",))  # fmt: skip
    express = ShipmentTerms("express", "inbound", "JP", "s")
    bonded = ShipmentTerms("bonded", "inbound", "JP", "s")
    assert match_goods(rule, express, line("6309000000")) is not None
    assert match_goods(rule, bonded, line("6309000000")) is None  # shipment condition fails
    hit = match_goods(rule, express, line("6110200090", description="Second-Hand coat"))
    assert hit is not None and hit.field == "g.description"
    assert match_goods(rule, express, line("6110200090", description="secondhandshop")) is None
    assert match_goods(rule, express, line("6110200090", description="一批旧货衣服")) is not None
    origin = version(1, "2016-01-01", product_categories=("Infant Formula",), origin_countries=("FR",))
    assert match_goods(origin, ShipmentTerms("bonded", "inbound", "FR", "s"), line(category="infant formula"))
    assert match_goods(origin, bonded, line(category="infant formula")) is None
