"""The one place an inspection sampling rate is derived (docs/sampling.md).

Pure: no I/O, no GraphQL. Callers (inspectionRate, screening) gather the
enterprise's credit standing and their own risk signals as data, call
`derive`, and decide a shipment with `draw`. Every number the rule uses is
in a versioned `SamplingTable`, so a decision can say which version it
applied and the same inputs always give the same answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Any, Final, NamedTuple

RULE_ID: Final = "sampling-rate"
# Rates are reported rounded half-up to four decimals (0.0001 = 0.01 %).
PRECISION: Final = Decimal("0.0001")
_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)


class CreditClass(str, Enum):
    """How supervision treats an enterprise, derived from its credit level."""

    ADVANCED = "ADVANCED"  # advanced certified (AEO) enterprise
    GENERAL = "GENERAL"  # rated, neither advanced nor dishonest
    DISHONEST = "DISHONEST"  # a level flagged dishonest
    UNRATED = "UNRATED"  # no rating in force


class Effect(str, Enum):
    """What a risk signal does to the rate."""

    MULTIPLY = "MULTIPLY"  # rate * value
    ADD = "ADD"  # rate + value (value may be negative)
    FLOOR = "FLOOR"  # max(rate, value): at least this rate


@dataclass(frozen=True)
class SamplingTable:
    """One version of the rule's numbers."""

    version: str
    valid_from: dt.date  # inclusive; the version holds until the next one's valid_from
    base_rates: Mapping[CreditClass, Decimal]
    # Facilitation codes (see `facilitation_code`) that lower the rate, as factors.
    facilitation_factors: Mapping[str, Decimal]
    # Classes that never earn facilitation (a dishonest firm's mappings are ignored).
    no_facilitation: frozenset[CreditClass]


# GACC's published practice: advanced certified enterprises are inspected at
# under 20 % of the general rate, dishonest ones at 80 % or more.
TABLES: Final[tuple[SamplingTable, ...]] = (
    SamplingTable(
        version="SR-2026.1",
        valid_from=dt.date(2000, 1, 1),
        base_rates={
            CreditClass.ADVANCED: Decimal("0.01"),
            CreditClass.GENERAL: Decimal("0.05"),
            CreditClass.UNRATED: Decimal("0.10"),
            CreditClass.DISHONEST: Decimal("0.80"),
        },
        facilitation_factors={
            "reduced_inspection_rate": Decimal("0.5"),
            "reduced_document_checks": Decimal("0.9"),
        },
        no_facilitation=frozenset({CreditClass.DISHONEST}),
    ),
)


def table_for(as_of: dt.date) -> SamplingTable:
    """The version in force on `as_of` (the first version also covers earlier days)."""
    chosen = TABLES[0]
    for table in TABLES:
        if table.valid_from <= as_of:
            chosen = table
    return chosen


def facilitation_code(text: str) -> str:
    """'Reduced inspection rate' -> 'reduced_inspection_rate' (arrangements store free text)."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def credit_class_of(level: Mapping[str, Any] | None) -> CreditClass:
    """Class of a CreditLevel's properties: an explicit `creditClass` wins; else
    dishonest -> DISHONEST, rank 1 -> ADVANCED, any other level -> GENERAL;
    no level (no rating in force) -> UNRATED."""
    if level is None:
        return CreditClass.UNRATED
    explicit = level.get("creditClass")
    if explicit:
        return CreditClass(str(explicit))
    if level.get("dishonest"):
        return CreditClass.DISHONEST
    if level.get("rank") == 1:
        return CreditClass.ADVANCED
    return CreditClass.GENERAL


def strictest(classes: Iterable[CreditClass], table: SamplingTable) -> CreditClass:
    """Of several ratings in force, the class with the highest base rate applies;
    none -> UNRATED."""
    found = list(classes)
    if not found:
        return CreditClass.UNRATED
    return max(found, key=lambda c: (table.base_rates[c], c.value))


@dataclass(frozen=True)
class CreditInput:
    """The enterprise's credit standing as the rule needs it."""

    credit_class: CreditClass
    level_id: str | None = None  # only for the derivation's wording
    facilitation: frozenset[str] = frozenset()  # texts or codes earned


@dataclass(frozen=True)
class RiskSignal:
    """A caller's reason to change the rate (goods risk, monitoring list, related party...)."""

    kind: str
    effect: Effect
    value: Decimal
    rule_id: str
    rule_version: str
    field: str | None = None  # input path the signal is about, e.g. input.shipments[3].goods[0].hsCode
    reason: str = ""


@dataclass(frozen=True)
class Step:
    """One step of a derivation: which rule, what it did, the rate after it."""

    rule_id: str
    rule_version: str
    kind: str  # base | facilitation | the signal's kind | round
    action: str
    rate: Decimal  # after this step, clamped to [0, 1], shown at PRECISION
    field: str | None = None


@dataclass(frozen=True)
class SamplingRate:
    rate: Decimal  # 0..1, rounded half-up to PRECISION
    credit_class: CreditClass
    table_version: str
    steps: tuple[Step, ...]


def _clamp(rate: Decimal) -> Decimal:
    return min(_ONE, max(_ZERO, rate))


def _shown(rate: Decimal) -> Decimal:
    return rate.quantize(PRECISION, rounding=ROUND_HALF_UP)


_EFFECT_ORDER: Final = {Effect.MULTIPLY: 0, Effect.ADD: 1, Effect.FLOOR: 2}


def _signal_order(s: RiskSignal) -> tuple[int, str, str, str, str, Decimal]:
    return (_EFFECT_ORDER[s.effect], s.rule_id, s.rule_version, s.kind, s.field or "", s.value)


def _apply(rate: Decimal, s: RiskSignal) -> tuple[Decimal, str]:
    if s.effect is Effect.MULTIPLY:
        return rate * s.value, f"multiplied by {s.value}"
    if s.effect is Effect.ADD:
        return rate + s.value, f"added {s.value}"
    return max(rate, s.value), f"raised to at least {s.value}"


def derive(
    credit: CreditInput,
    signals: Sequence[RiskSignal] = (),
    *,
    as_of: dt.date,
    table: SamplingTable | None = None,
) -> SamplingRate:
    """The rate and its derivation. Order: base rate of the credit class;
    facilitation factors (each distinct code once, sorted); signals that
    MULTIPLY, then ADD, then FLOOR (each group sorted by rule id, version,
    kind, field, value, so caller order never matters); every step clamped
    to [0, 1]; the result rounded half-up to PRECISION."""
    t = table or table_for(as_of)
    steps: list[Step] = []
    rate = t.base_rates[credit.credit_class]
    level = f" (level {credit.level_id})" if credit.level_id else ""
    steps.append(
        Step(
            RULE_ID, t.version, "base", f"base rate of class {credit.credit_class.value}{level}", _shown(rate)
        )
    )
    codes = sorted({facilitation_code(f) for f in credit.facilitation} - {""})
    if codes and credit.credit_class in t.no_facilitation:
        steps.append(
            Step(
                RULE_ID,
                t.version,
                "facilitation",
                f"class {credit.credit_class.value} earns no facilitation; ignored: {', '.join(codes)}",
                _shown(rate),
            )
        )
    else:
        for code in codes:
            factor = t.facilitation_factors.get(code)
            if factor is None:
                action = f"facilitation {code} does not change the rate"
            else:
                rate = _clamp(rate * factor)
                action = f"facilitation {code}: multiplied by {factor}"
            steps.append(Step(RULE_ID, t.version, "facilitation", action, _shown(rate)))
    for s in sorted(signals, key=_signal_order):
        rate, did = _apply(rate, s)
        rate = _clamp(rate)
        why = f": {s.reason}" if s.reason else ""
        steps.append(Step(s.rule_id, s.rule_version, s.kind, f"{did}{why}", _shown(rate), s.field))
    final = _shown(rate)
    steps.append(Step(RULE_ID, t.version, "round", f"rounded half-up to {PRECISION}", final))
    return SamplingRate(
        rate=final, credit_class=credit.credit_class, table_version=t.version, steps=tuple(steps)
    )


class Draw(NamedTuple):
    value: float  # in [0, 1)
    selected: bool  # value < rate


def draw(seed: str, rate: Decimal | float) -> Draw:
    """Deterministic sampling decision: the first 53 bits of SHA-256(seed, UTF-8)
    as a fraction in [0, 1); selected when below the rate (rate 0 never, rate 1
    always). Seed it with stable ids, e.g. `seed_of(declarationId, shipmentId)`."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    value = (int.from_bytes(digest[:8], "big") >> 11) / float(1 << 53)
    return Draw(value, value < float(rate))


def seed_of(*parts: str) -> str:
    """Join ids into one seed; '|' never occurs in the hub's ids."""
    return "|".join(parts)
