"""Screen a declaration: gather the facts in a fixed number of statements, then decide.

The statements run concurrently (one wave, then the related-party walk that
needs the first wave's risk list); their number depends on nothing but the
shape of the request. The decision itself is hub.rules.screening (pure).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from hub.data import screen_facts as facts
from hub.data.screen_draft import DraftDeclaration, DraftGoods, DraftShipment
from hub.data.screen_related import related_risks
from hub.rules import sampling
from hub.rules.lists import GoodsLine, RuleVersion, ShipmentTerms, in_force
from hub.rules.screening import (
    Credit,
    Decision,
    Filing,
    Goods,
    Outcome,
    Party,
    RelatedHit,
    Shipment,
    TraceCode,
    screen,
)
from runtime.db import Cypher

ROLES = ("seller", "platform", "importer")
RELATED_ROLES = frozenset({"declarant", "seller", "importer"})


@dataclass(frozen=True)
class ShipmentResult:
    index: int
    ref: str
    field: str
    outcome: Outcome


@dataclass(frozen=True)
class DeclarationResult:
    draft: DraftDeclaration
    rules: list[RuleVersion]  # the versions in force on the declaration date
    credit: Credit
    shipments: list[ShipmentResult]

    @property
    def counts(self) -> Counter[Decision]:
        return Counter(s.outcome.decision for s in self.shipments)


def _product_key(g: DraftGoods) -> str | None:
    if g.product_id:
        return "id:" + g.product_id
    if g.gtin:
        return "gtin:" + g.gtin
    return None


def _credit(row: dict[str, Any] | None, declarant: str | None, on: dt.date) -> Credit:
    table = sampling.table_for(on)
    if row is None:
        what = "no declarant given" if declarant is None else f"declarant {declarant} is not in the registry"
        return Credit(sampling.CreditInput(sampling.CreditClass.UNRATED), f"{what}: class UNRATED")
    levels, recognised = row["levels"], row["recognised"]
    if levels:
        chosen = max(levels, key=lambda lv: table.base_rates[sampling.credit_class_of(lv)])
        cls = sampling.credit_class_of(chosen)
        text = f"declarant {declarant}: level {chosen['code']} ({chosen['name']}) in force, class {cls.value}"
        return Credit(sampling.CreditInput(cls, chosen["levelId"]), text)
    if recognised:
        chosen = max(recognised, key=lambda lv: table.base_rates[sampling.credit_class_of(lv)])
        cls = sampling.credit_class_of(chosen)
        earned = frozenset(
            f for lv in recognised if sampling.credit_class_of(lv) is cls for f in lv["facilitation"]
        )
        text = (
            f"declarant {declarant}: partner rating recognised as {chosen['code']} under "
            f"{chosen['arrangementId']}, class {cls.value}; facilitation: {', '.join(sorted(earned)) or 'none'}"
        )
        return Credit(sampling.CreditInput(cls, chosen["levelId"], earned), text)
    text = f"declarant {declarant}: no rating in force, class UNRATED"
    return Credit(sampling.CreditInput(sampling.CreditClass.UNRATED), text)


def _filing(row: dict[str, Any] | None) -> Filing:
    if row is None:
        return Filing(known=False)
    filing = row.get("filing")
    if filing is None:
        return Filing(known=True)
    return Filing(True, filing["filingId"], filing["status"])


def _goods(
    d: DraftDeclaration, i: int, j: int, g: DraftGoods, products: dict[str, Any], batches: dict[str, Any],
    codes: dict[str, Any],
) -> Goods:  # fmt: skip
    where = d.goods_field(i, j)
    key = _product_key(g)
    p = products.get(key) if key else None
    product_id = p["productId"] if p and p["productId"] else None
    product_field = where + (".productId" if g.product_id or not g.gtin else ".gtin")
    hs = g.hs_code or (p["hsCode"] if p else None)
    line = GoodsLine(hs, p["category"] if p else None, g.description, p["name"] if p else None, where,
                     where + ".hsCode", product_field)  # fmt: skip
    filing = _filing({"filing": p["filing"]} if product_id and p else None)
    b = batches.get(g.batch_id) if g.batch_id else None
    traces = []
    for k, code in enumerate(g.trace_codes):
        t = codes.get(code)
        field = f"{where}.traceCodes[{k}]"
        if t is None:
            traces.append(TraceCode(code, field, found=False))
        else:
            traces.append(TraceCode(code, field, True, t["batchId"], t["productId"],
                                    facts.orders_of(t["orders"], "batch"), facts.alerts_of(t["alerts"], "batch")))  # fmt: skip
    return Goods(
        line, product_id, filing,
        facts.orders_of(p["orders"], "product") if p else (),
        facts.alerts_of(p["alerts"], "product") if p else (),
        facts.orders_of(b["orders"], "batch") if b else (),
        facts.alerts_of(b["alerts"], "batch") if b else (),
        tuple(traces),
    )  # fmt: skip


def _parties(
    d: DraftDeclaration, i: int, s: DraftShipment, found: dict[str, Any], related: dict[str, tuple[RelatedHit, ...]]
) -> tuple[Party, ...]:  # fmt: skip
    named = [("declarant", d.declarant_id, d.prefix + "declarantId")]
    named += [(role, getattr(s, role + "_id"), f"{d.shipment_field(i)}.{role}Id") for role in ROLES]
    return tuple(
        Party(
            role, eid, where, _filing(found.get(eid)), related.get(eid, ()) if role in RELATED_ROLES else ()
        )
        for role, eid, where in named
        if eid
    )


@dataclass(frozen=True)
class Facts:
    """Everything the statements returned for one declaration."""

    versions: list[RuleVersion]
    products: dict[str, dict[str, Any]]
    batches: dict[str, dict[str, Any]]
    traces: dict[str, dict[str, Any]]
    parties: dict[str, dict[str, Any]]
    credit: dict[str, Any] | None
    related: dict[str, tuple[RelatedHit, ...]]


async def gather_facts(cy: Cypher, d: DraftDeclaration) -> Facts:
    """Run the screening statements (at most 8, concurrently) for the whole declaration."""
    on = d.declared_on
    refs: dict[str, dict[str, Any]] = {}
    batch_ids: set[str] = set()
    codes: set[str] = set()
    party_ids: set[str] = {d.declarant_id} if d.declarant_id else set()
    related_ids: set[str] = set(party_ids)
    for s in d.shipments:
        for role in ROLES:
            eid = getattr(s, role + "_id")
            if eid:
                party_ids.add(eid)
                if role in RELATED_ROLES:
                    related_ids.add(eid)
        for g in s.goods:
            key = _product_key(g)
            if key:
                refs[key] = {"key": key, "productId": g.product_id, "gtin": None if g.product_id else g.gtin}
            if g.batch_id:
                batch_ids.add(g.batch_id)
            codes.update(g.trace_codes)
    try:
        # A task group rather than gather: gather's typing stops at six awaitables,
        # and a failed statement must cancel the others.
        async with asyncio.TaskGroup() as tg:
            t_versions = tg.create_task(facts.rule_versions(cy))
            t_products = tg.create_task(facts.products(cy, list(refs.values()), on))
            t_batches = tg.create_task(facts.batches(cy, sorted(batch_ids), on))
            t_traces = tg.create_task(facts.trace_codes(cy, sorted(codes), on))
            t_parties = tg.create_task(facts.parties(cy, sorted(party_ids), on))
            t_credit = tg.create_task(facts.credit(cy, d.declarant_id, on))
            t_related = tg.create_task(related_risks(cy, sorted(related_ids), on))
    except ExceptionGroup as group:
        raise group.exceptions[0] from None
    return Facts(
        t_versions.result(), t_products.result(), t_batches.result(), t_traces.result(),
        t_parties.result(), t_credit.result(), t_related.result(),
    )  # fmt: skip


async def screen_declaration(cy: Cypher, d: DraftDeclaration) -> DeclarationResult:
    """Gather the facts, then decide every shipment (hub.rules.screening)."""
    on = d.declared_on
    f = await gather_facts(cy, d)
    rules = in_force(f.versions, on)
    credit = _credit(f.credit, d.declarant_id, on)
    results = []
    for i, s in enumerate(d.shipments):
        shipment = Shipment(
            ref=s.ref,
            seed=sampling.seed_of(d.declaration_id, s.ref),
            terms=ShipmentTerms(s.mode, s.direction, s.origin_country, d.shipment_field(i)),
            parties=_parties(d, i, s, f.parties, f.related),
            goods=tuple(_goods(d, i, j, g, f.products, f.batches, f.traces) for j, g in enumerate(s.goods)),
        )
        results.append(ShipmentResult(i, s.ref, d.shipment_field(i), screen(shipment, rules, credit, on)))
    return DeclarationResult(d, rules, credit, results)
