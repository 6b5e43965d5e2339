"""The screening decision of one shipment: reasons, sampling, and the outcome.

Pure: the facts (rule versions in force, filings, trace codes, orders, alerts,
credit, related parties) are gathered by hub.data.screening; this module turns
them into reasons and one decision. docs/screening.md states every rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Final

from graph_schema.model import RuleList
from hub.rules import sampling
from hub.rules.lists import GoodsLine, RuleVersion, ShipmentTerms, match_all

# The version of the built-in checks below (filings, trace codes, orders,
# alerts, related parties, goods risk). Change it whenever a rule here changes.
POLICY_VERSION: Final = "SCREEN-2026.1"


class Decision(str, Enum):
    RELEASE = "RELEASE"
    INSPECT = "INSPECT"
    HOLD = "HOLD"
    REJECT = "REJECT"


SEVERITY: Final = {Decision.RELEASE: 0, Decision.INSPECT: 1, Decision.HOLD: 2, Decision.REJECT: 3}


class ReasonKind(str, Enum):
    NEGATIVE_LIST = "NEGATIVE_LIST"
    MONITORING_LIST = "MONITORING_LIST"
    NOT_FILED = "NOT_FILED"
    FILING_NOT_IN_FORCE = "FILING_NOT_IN_FORCE"
    UNKNOWN_TRACE_CODE = "UNKNOWN_TRACE_CODE"
    TRACE_CODE_MISMATCH = "TRACE_CODE_MISMATCH"
    RECALLED_GOODS = "RECALLED_GOODS"
    OPEN_DISPOSAL_ORDER = "OPEN_DISPOSAL_ORDER"
    ALERTED_GOODS = "ALERTED_GOODS"
    CREDIT_LEVEL = "CREDIT_LEVEL"
    RELATED_PARTY_RISK = "RELATED_PARTY_RISK"
    SAMPLING = "SAMPLING"


@dataclass(frozen=True)
class Reason:
    kind: ReasonKind
    outcome: Decision  # what this reason alone calls for (RELEASE: information only)
    field: str | None
    rule_id: str
    rule_version: str
    message: str


# Goods risk by HS chapter (first two digits): food, cosmetics and toys carry
# more quality-safety risk than other goods. Versioned with the policy.
GOODS_RISK_RULE: Final = "goods-risk"
GOODS_RISK: Final[dict[str, Decimal]] = {
    "04": Decimal("1.5"), "19": Decimal("1.5"), "21": Decimal("1.5"), "22": Decimal("1.5"),
    "33": Decimal("1.2"), "95": Decimal("1.2"),
}  # fmt: skip
MONITORING_FACTOR: Final = Decimal(2)
RELATED_FACTOR: Final = Decimal(2)
ALERT_FLOOR: Final = Decimal("0.5")


@dataclass(frozen=True)
class Filing:
    """A party's or product's filing on the declaration date."""

    known: bool  # the enterprise / product exists in the registry
    filing_id: str | None = None  # None: nothing filed on or before the date
    status: str | None = None  # filed, pending, suspended, revoked, expired on the date


@dataclass(frozen=True)
class Order:
    recall_id: str
    measure: str
    target: str  # product or batch
    issued_on: dt.date | None


@dataclass(frozen=True)
class Alert:
    alert_id: str
    risk_level: str | None
    target: str  # product or batch
    issued_on: dt.date | None


@dataclass(frozen=True)
class TraceCode:
    code: str
    field: str
    found: bool
    batch_id: str | None = None
    product_id: str | None = None
    orders: tuple[Order, ...] = ()  # open orders on its batch
    alerts: tuple[Alert, ...] = ()  # alerts on its batch


@dataclass(frozen=True)
class Goods:
    line: GoodsLine
    product_id: str | None  # the catalogue product, when found
    product_filing: Filing
    product_orders: tuple[Order, ...] = ()
    product_alerts: tuple[Alert, ...] = ()
    batch_orders: tuple[Order, ...] = ()  # stored shipments: the carried batch's
    batch_alerts: tuple[Alert, ...] = ()
    trace_codes: tuple[TraceCode, ...] = ()


@dataclass(frozen=True)
class RelatedHit:
    enterprise_id: str
    distance: int  # 0: the party itself
    risks: tuple[str, ...]  # e.g. "recall R1 (2025-03-01)"


@dataclass(frozen=True)
class Party:
    role: str  # declarant, seller, platform, importer
    enterprise_id: str
    field: str
    filing: Filing
    related: tuple[RelatedHit, ...] = ()


@dataclass(frozen=True)
class Credit:
    """The declarant's standing as sampling needs it, with the words to explain it."""

    input: sampling.CreditInput
    explanation: str


@dataclass(frozen=True)
class Shipment:
    ref: str  # the shipment's id (given or stored), or its position
    seed: str
    terms: ShipmentTerms
    parties: tuple[Party, ...]
    goods: tuple[Goods, ...]


@dataclass(frozen=True)
class Outcome:
    decision: Decision
    reasons: tuple[Reason, ...]
    rate: sampling.SamplingRate
    draw: sampling.Draw
    seed: str


def _policy(kind: ReasonKind, outcome: Decision, where: str | None, rule: str, message: str) -> Reason:
    return Reason(kind, outcome, where, rule, POLICY_VERSION, message)


def _filing_reasons(what: str, where: str, filing: Filing) -> list[Reason]:
    if not filing.known:
        return [
            _policy(
                ReasonKind.NOT_FILED,
                Decision.HOLD,
                where,
                "filing-in-force",
                f"{what} is not in the registry",
            )
        ]
    if filing.filing_id is None:
        return [
            _policy(ReasonKind.NOT_FILED, Decision.HOLD, where, "filing-in-force", f"{what} has no filing")
        ]
    if filing.status == "filed":
        return []
    outcome = Decision.REJECT if filing.status == "revoked" else Decision.HOLD
    message = f"{what}: filing {filing.filing_id} is {filing.status} on the declaration date"
    return [_policy(ReasonKind.FILING_NOT_IN_FORCE, outcome, where, "filing-in-force", message)]


def _order_reasons(orders: Sequence[Order], where: str, whose: str) -> list[Reason]:
    found: list[Reason] = []
    for o in orders:
        if o.measure == "mandatory_recall":
            found.append(_policy(ReasonKind.RECALLED_GOODS, Decision.REJECT, where, "recalled-goods",
                                 f"{whose} is under mandatory recall {o.recall_id} ({o.target})"))  # fmt: skip
        else:
            outcome = Decision.INSPECT if o.measure == "risk_notice" else Decision.HOLD
            found.append(_policy(ReasonKind.OPEN_DISPOSAL_ORDER, outcome, where, "open-disposal-order",
                                 f"{whose} has an open {o.measure} order {o.recall_id} ({o.target})"))  # fmt: skip
    return found


def _alert_reasons(alerts: Sequence[Alert], where: str, whose: str) -> list[Reason]:
    return [
        _policy(ReasonKind.ALERTED_GOODS, Decision.INSPECT, where, "risk-alert",
                f"{whose} is the subject of risk alert {a.alert_id} ({a.target}, {a.risk_level or 'unrated'})")
        for a in alerts
    ]  # fmt: skip


def _goods_reasons(g: Goods) -> list[Reason]:
    line = g.line
    reasons = _filing_reasons(f"product {g.product_id or '(not in the catalogue)'}", line.product_field,
                              g.product_filing)  # fmt: skip
    whose = f"product {g.product_id}"
    reasons += _order_reasons(g.product_orders, line.product_field, whose)
    reasons += _alert_reasons(g.product_alerts, line.product_field, whose)
    reasons += _order_reasons(g.batch_orders, line.field + ".batchId", "the carried batch")
    reasons += _alert_reasons(g.batch_alerts, line.field + ".batchId", "the carried batch")
    for t in g.trace_codes:
        if not t.found:
            reasons.append(_policy(ReasonKind.UNKNOWN_TRACE_CODE, Decision.HOLD, t.field, "trace-code-known",
                                   f"trace code {t.code!r} is not in the registry"))  # fmt: skip
            continue
        if g.product_id is not None and t.product_id != g.product_id:
            reasons.append(_policy(ReasonKind.TRACE_CODE_MISMATCH, Decision.HOLD, t.field, "trace-code-known",
                                   f"trace code {t.code!r} labels batch {t.batch_id} of product "
                                   f"{t.product_id}, not {g.product_id}"))  # fmt: skip
        whose = f"trace code {t.code!r} (batch {t.batch_id})"
        reasons += _order_reasons(t.orders, t.field, whose)
        reasons += _alert_reasons(t.alerts, t.field, whose)
    return reasons


def _signals(s: Shipment, list_hits: Sequence[Reason]) -> list[sampling.RiskSignal]:
    signals: list[sampling.RiskSignal] = []
    risk = [(GOODS_RISK.get((g.line.hs_code or "")[:2], Decimal(1)), g.line.hs_field) for g in s.goods]
    factor, where = max(risk, default=(Decimal(1), None), key=lambda r: r[0])
    if factor != 1:
        signals.append(sampling.RiskSignal("goods_risk", sampling.Effect.MULTIPLY, factor, GOODS_RISK_RULE,
                                           POLICY_VERSION, where, "HS chapter of higher quality-safety risk"))  # fmt: skip
    for rule_key in sorted({(r.rule_id, r.rule_version, r.field) for r in list_hits}):
        signals.append(sampling.RiskSignal("monitoring_list", sampling.Effect.MULTIPLY, MONITORING_FACTOR,
                                           rule_key[0], rule_key[1], rule_key[2], "monitoring-list match"))  # fmt: skip
    for p in s.parties:
        if p.related:
            near = min(h.distance for h in p.related)
            signals.append(sampling.RiskSignal("related_party", sampling.Effect.MULTIPLY, RELATED_FACTOR,
                                               "related-party-risk", POLICY_VERSION, p.field,
                                               f"{p.role} has risk records within {near} hop(s)"))  # fmt: skip
    if any(g.product_alerts or g.batch_alerts or any(t.alerts for t in g.trace_codes) for g in s.goods):
        signals.append(sampling.RiskSignal("alerted_goods", sampling.Effect.FLOOR, ALERT_FLOOR, "risk-alert",
                                           POLICY_VERSION, None, "goods under a risk alert"))  # fmt: skip
    return signals


def _related_reasons(p: Party) -> list[Reason]:
    found: list[Reason] = []
    for h in p.related:
        who = "itself" if h.distance == 0 else f"related enterprise {h.enterprise_id} ({h.distance} hop(s))"
        found.append(_policy(ReasonKind.RELATED_PARTY_RISK, Decision.RELEASE, p.field, "related-party-risk",
                             f"{p.role} {p.enterprise_id}: {who} has " + "; ".join(h.risks)))  # fmt: skip
    return found


def screen(s: Shipment, rules: Sequence[RuleVersion], credit: Credit, on: dt.date) -> Outcome:
    """Reasons and decision of one shipment (REJECT > HOLD > INSPECT > RELEASE)."""
    reasons: list[Reason] = []
    lines = [g.line for g in s.goods]
    list_hits: list[Reason] = []
    for m in match_all(rules, s.terms, lines):
        negative = m.rule.list is RuleList.NEGATIVE
        reason = Reason(
            ReasonKind.NEGATIVE_LIST if negative else ReasonKind.MONITORING_LIST,
            Decision.REJECT if negative else Decision.INSPECT,
            m.field, m.rule.rule_id, str(m.rule.version), f"{m.rule.title}: {m.detail}",
        )  # fmt: skip
        reasons.append(reason)
        if not negative:
            list_hits.append(reason)
    for p in s.parties:
        reasons += _filing_reasons(f"{p.role} {p.enterprise_id}", p.field, p.filing)
    for g in s.goods:
        reasons += _goods_reasons(g)
    for p in s.parties:
        reasons += _related_reasons(p)
    reasons.append(
        _policy(ReasonKind.CREDIT_LEVEL, Decision.RELEASE, None, "credit-class", credit.explanation)
    )
    rate = sampling.derive(credit.input, _signals(s, list_hits), as_of=on)
    drawn = sampling.draw(s.seed, rate.rate)
    decision = max((r.outcome for r in reasons), key=SEVERITY.__getitem__, default=Decision.RELEASE)
    if decision is Decision.RELEASE and drawn.selected:
        decision = Decision.INSPECT
        reasons.append(Reason(ReasonKind.SAMPLING, Decision.INSPECT, None, sampling.RULE_ID, rate.table_version,
                              f"selected for sampling: draw {drawn.value:.4f} < rate {rate.rate}"))  # fmt: skip
    return Outcome(decision, tuple(reasons), rate, drawn, s.seed)
