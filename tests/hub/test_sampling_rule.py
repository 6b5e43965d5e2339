"""The sampling-rate rule: worked answers from the numbers in docs/sampling.md."""

import datetime as dt
import hashlib
from decimal import Decimal

from hub.rules.sampling import (
    TABLES,
    CreditClass,
    CreditInput,
    Effect,
    RiskSignal,
    credit_class_of,
    derive,
    draw,
    facilitation_code,
    seed_of,
    strictest,
    table_for,
)

DAY = dt.date(2026, 6, 1)


def test_base_rates_per_class() -> None:
    rates = {c: derive(CreditInput(c), as_of=DAY).rate for c in CreditClass}
    assert rates == {
        CreditClass.ADVANCED: Decimal("0.0100"),
        CreditClass.GENERAL: Decimal("0.0500"),
        CreditClass.UNRATED: Decimal("0.1000"),
        CreditClass.DISHONEST: Decimal("0.8000"),
    }


def test_class_of_a_level() -> None:
    assert credit_class_of(None) is CreditClass.UNRATED
    assert credit_class_of({"rank": 1, "dishonest": False}) is CreditClass.ADVANCED
    assert credit_class_of({"rank": 3, "dishonest": False}) is CreditClass.GENERAL
    assert credit_class_of({"rank": 4, "dishonest": True}) is CreditClass.DISHONEST
    assert credit_class_of({"rank": 2, "creditClass": "ADVANCED"}) is CreditClass.ADVANCED
    table = TABLES[0]
    assert strictest([CreditClass.ADVANCED, CreditClass.DISHONEST], table) is CreditClass.DISHONEST
    assert strictest([CreditClass.ADVANCED, CreditClass.GENERAL], table) is CreditClass.GENERAL
    assert strictest([], table) is CreditClass.UNRATED


def test_facilitation_lowers_advanced_and_each_code_counts_once() -> None:
    credit = CreditInput(
        CreditClass.ADVANCED,
        "LV-CN-AEOA",
        frozenset({"reduced inspection rate", "Reduced-Inspection rate", "priority clearance"}),
    )
    out = derive(credit, as_of=DAY)
    # 0.01 * 0.5 = 0.005; priority clearance leaves it
    assert out.rate == Decimal("0.0050")
    assert [(s.kind, s.action, s.rate) for s in out.steps] == [
        ("base", "base rate of class ADVANCED (level LV-CN-AEOA)", Decimal("0.0100")),
        ("facilitation", "facilitation priority_clearance does not change the rate", Decimal("0.0100")),
        ("facilitation", "facilitation reduced_inspection_rate: multiplied by 0.5", Decimal("0.0050")),
        ("round", "rounded half-up to 0.0001", Decimal("0.0050")),
    ]
    assert {s.rule_version for s in out.steps} == {"SR-2026.1"}


def test_dishonest_earns_no_facilitation() -> None:
    out = derive(CreditInput(CreditClass.DISHONEST, None, frozenset({"reduced inspection rate"})), as_of=DAY)
    assert out.rate == Decimal("0.8000")
    assert out.steps[1].action == "class DISHONEST earns no facilitation; ignored: reduced_inspection_rate"


def test_signals_apply_multiply_then_add_then_floor_whatever_the_caller_order() -> None:
    signals = [
        RiskSignal("monitoring-list", Effect.FLOOR, Decimal("0.2"), "ML-KEY", "3", "input.goods[1].hsCode"),
        RiskSignal("related-party", Effect.ADD, Decimal("0.15"), "RP", "1", None, "owner shared with E9"),
        RiskSignal("goods-risk", Effect.MULTIPLY, Decimal("3"), "GR-HIGH", "2", "input.goods[0].hsCode"),
    ]
    # general 0.05 -> *3 = 0.15 -> +0.15 = 0.30 -> floor 0.2 leaves 0.30
    out = derive(CreditInput(CreditClass.GENERAL), signals, as_of=DAY)
    assert out.rate == Decimal("0.3000")
    assert [(s.rule_id, s.rate, s.field) for s in out.steps] == [
        ("sampling-rate", Decimal("0.0500"), None),
        ("GR-HIGH", Decimal("0.1500"), "input.goods[0].hsCode"),
        ("RP", Decimal("0.3000"), None),
        ("ML-KEY", Decimal("0.3000"), "input.goods[1].hsCode"),
        ("sampling-rate", Decimal("0.3000"), None),
    ]
    assert out.steps[2].action == "added 0.15: owner shared with E9"
    assert derive(CreditInput(CreditClass.GENERAL), list(reversed(signals)), as_of=DAY) == out


def test_clamped_to_zero_and_one_at_every_step_and_rounded_half_up() -> None:
    up = [RiskSignal("goods-risk", Effect.MULTIPLY, Decimal("2"), "GR", "1")]
    assert derive(CreditInput(CreditClass.DISHONEST), up, as_of=DAY).rate == Decimal("1.0000")
    down = [
        RiskSignal("x", Effect.ADD, Decimal("-0.5"), "A", "1"),
        RiskSignal("x", Effect.FLOOR, Decimal("0.00005"), "B", "1"),
    ]
    # 0.05 - 0.5 clamps to 0, the floor lifts it to 0.00005, which rounds half-up to 0.0001
    out = derive(CreditInput(CreditClass.GENERAL), down, as_of=DAY)
    assert [s.rate for s in out.steps] == [
        Decimal("0.0500"),
        Decimal("0"),
        Decimal("0.0001"),
        Decimal("0.0001"),
    ]


def test_version_by_date_and_facilitation_codes() -> None:
    assert table_for(dt.date(1990, 1, 1)) is TABLES[0]
    assert table_for(DAY).version == "SR-2026.1"
    assert facilitation_code("  Reduced inspection-rate ") == "reduced_inspection_rate"


def test_draw_is_sha256_of_the_seed() -> None:
    seed = seed_of("D-1", "S-1")
    assert seed == "D-1|S-1"
    expected = (int.from_bytes(hashlib.sha256(b"D-1|S-1").digest()[:8], "big") >> 11) / 2**53
    value, selected = draw(seed, Decimal("0.5"))
    assert value == expected
    assert selected is (expected < 0.5)
    assert draw(seed, 0) == (expected, False)
    assert draw(seed, 1) == (expected, True)
    # the same seed always gives the same value; about `rate` of many seeds are selected
    picked = sum(draw(f"D|S{i}", Decimal("0.25")).selected for i in range(4000))
    assert 900 < picked < 1100
