"""Recalls (disposal orders) and risk alerts, including the planted benchmark recalls.

The three benchmark recalls are planned from the products' expected reach so
that they touch about 0.1 %, 1 % and 10 % of all shipments; the exact number
is counted while shipments are written (see `Recalls.batch_flags`).
"""

from bisect import bisect_right
from dataclasses import dataclass
from random import Random
from typing import Final

from loaders.gen_codes import DAYS, day
from loaders.gen_goods import Goods
from loaders.gen_output import Sink
from loaders.gen_random import Picker, clamp
from loaders.gen_reference import AGENCIES, GACC, SAMR

# Expected share of shipments that carry a product, per unit of its share of
# first lines. Later lines come from seller catalogues, which spread over the
# long tail: measured at scale 1,000,000 they add under 1 % to popular goods.
REACH_FACTOR: Final = 1.0
BENCHMARKS: Final = (
    ("recall_large", 0.10, "mandatory_recall"),
    ("recall_medium", 0.01, "stop_sale"),
    ("recall_small", 0.001, "destruction"),
)
MEASURES: Final = ("risk_notice", "stop_sale", "mandatory_recall", "return", "destruction")
_MEASURE_TITLE: Final = {
    "risk_notice": "Risk notice", "stop_sale": "Stop-sale order",
    "mandatory_recall": "Mandatory recall", "return": "Return order",
    "destruction": "Destruction order",
}  # fmt: skip
_REASONS: Final = (
    "failed sampling inspection", "consumer complaints", "overseas recall notified by a "
    "partner agency", "risk monitoring finding", "failed laboratory test of retained sample",
)  # fmt: skip
_RISK: Final = Picker(["low", "medium", "high", "critical"], [15, 40, 35, 10])
_ISSUERS: Final = Picker(
    [GACC, SAMR, *(a.agency_id for a in AGENCIES if a.kind == "inspection")],
    [4, 3, *(1 for a in AGENCIES if a.kind == "inspection")],
)
_ALERT_ISSUERS: Final = Picker(
    [a.agency_id for a in AGENCIES if a.kind != "market_regulator"],
    [4 if a.agency_id == GACC else 1 for a in AGENCIES if a.kind != "market_regulator"],
)


@dataclass
class PlannedRecall:
    key: str
    recall_id: str
    bit: int
    target_share: float
    products: list[int]
    batches: list[int]


@dataclass
class Recalls:
    planned: list[PlannedRecall]
    batch_flags: bytearray  # bit k set: the batch is a target of planned[k]


class _Planner:
    def __init__(self, goods: Goods) -> None:
        self.goods = goods
        bad = set(goods.prohibited)
        inbound = [p for p, c in enumerate(goods.origin) if c != "CN" and p not in bad]
        self.candidates = sorted(inbound, key=lambda p: (-goods.share[p], p))
        self.used: set[int] = set()

    def reach(self, p: int) -> float:
        return self.goods.share[p] * REACH_FACTOR

    def batch_count(self, p: int, amount: float) -> int:
        nb = self.goods.n_batches[p]
        return clamp(round(amount * nb / self.reach(p)), 1, nb)

    def batch_slice(self, p: int, amount: float) -> list[int]:
        """Consecutive middle batches of `p` expected to reach `amount`.

        Batches are made one after another and each is shipped for about one
        production window, so each middle batch reaches about 1/nb of `p`.
        """
        nb = self.goods.n_batches[p]
        k = self.batch_count(p, amount)
        first = self.goods.first_batch[p] + (nb - k) // 2
        self.used.add(p)
        return list(range(first, first + k))

    def miss(self, p: int, target: float) -> float:
        nb = self.goods.n_batches[p]
        return self.batch_count(p, target) * self.reach(p) / nb - target

    def plan(self, target: float, whole: bool) -> tuple[list[int], list[int]]:
        if not whole:
            # A recall of listed batches: one product a few times bigger than
            # the target, of which only some batches are recalled.
            fits = [
                p
                for p in self.candidates
                if p not in self.used
                and 1.2 * target <= self.reach(p) <= 30 * target
                and self.goods.n_batches[p] >= 3
            ]
            if fits:
                # The product whose whole batches add up closest to the target.
                best = min(fits, key=lambda p: (abs(self.miss(p, target)), p))
                return [], self.batch_slice(best, target)
        products: list[int] = []
        remaining = target
        for p in self.candidates:
            if p in self.used or self.reach(p) > remaining * 1.15:
                continue
            products.append(p)
            self.used.add(p)
            remaining -= self.reach(p)
            if remaining < 0.08 * target or len(products) >= 8:
                break
        batches: list[int] = []
        if remaining >= 0.08 * target:
            bigger = [p for p in self.candidates if p not in self.used and self.reach(p) > remaining]
            if bigger:
                batches = self.batch_slice(bigger[-1], remaining)
        return products, batches


def _product_of(goods: Goods, batch: int) -> int:
    return bisect_right(goods.first_batch, batch) - 1


def write_recalls(rng: Random, sink: Sink, scale: int, goods: Goods) -> Recalls:
    planner = _Planner(goods)
    flags = bytearray(len(goods.batch_ids))
    planned: list[PlannedRecall] = []
    n = 0

    def recall(measure: str, products: list[int], batches: list[int], issued: int) -> str:
        nonlocal n
        n += 1
        rid = f"RC{n:06d}"
        first = products[0] if products else _product_of(goods, batches[0])
        what = goods.names[first] + (f" and {len(products) - 1} more" if len(products) > 1 else "")
        if batches:
            what += f" ({len(batches)} batch{'es' if len(batches) > 1 else ''})"
        status = "closed" if issued < DAYS - 180 and rng.random() < 0.8 else "open"
        sink.write("recalls", (
            rid, measure, f"{_MEASURE_TITLE[measure]}: {what}", _RISK.pick(rng), day(issued),
            goods.hazard(rng, first), rng.choice(_REASONS), status, _ISSUERS.pick(rng),
        ))  # fmt: skip
        sink.write_all("recall_targets", [(rid, "product", goods.ids[p]) for p in products])
        sink.write_all("recall_targets", [(rid, "batch", goods.batch_ids[b]) for b in batches])
        return rid

    for bit_no, (key, share, measure) in enumerate(BENCHMARKS):
        products, batches = planner.plan(share, whole=share >= 0.05)
        rid = recall(measure, products, batches, DAYS - 20 - bit_no)
        bit = 1 << bit_no
        for p in products:
            first = goods.first_batch[p]
            for b in range(first, first + goods.n_batches[p]):
                flags[b] |= bit
        for b in batches:
            flags[b] |= bit
        planned.append(PlannedRecall(key, rid, bit, share, products, batches))

    # Background disposal orders of every kind, some after failed inspections.
    recall("destruction", [goods.prohibited[0]], [], rng.randint(DAYS - 200, DAYS - 40))
    for k in range(clamp(scale // 10000, 10, 200)):
        measure = MEASURES[k % len(MEASURES)]
        issued = rng.randint(0, DAYS - 1)
        if goods.failed_batches and rng.random() < 0.3:
            recall(measure, [], [rng.choice(goods.failed_batches)], issued)
        elif rng.random() < 0.5:
            recall(measure, [goods.inbound.pick(rng)], [], issued)
        else:
            p = rng.randrange(len(goods.ids))
            count = min(goods.n_batches[p], rng.randint(1, 4))
            first = goods.first_batch[p] + rng.randrange(goods.n_batches[p] - count + 1)
            recall(measure, [], list(range(first, first + count)), issued)
    _write_alerts(rng, sink, scale, goods)
    return Recalls(planned, flags)


def _write_alerts(rng: Random, sink: Sink, scale: int, goods: Goods) -> None:
    for k in range(clamp(scale // 2000, 8, 600)):
        roll = rng.random()
        if goods.failed_batches and roll < 0.4:
            b = rng.choice(goods.failed_batches)
            p, target = _product_of(goods, b), ("batch", goods.batch_ids[b])
        elif roll < 0.9:
            p = goods.inbound.pick(rng)
            target = ("product", goods.ids[p])
        else:
            p, target = rng.randrange(len(goods.ids)), ("", "")  # a general warning
        hazard = goods.hazard(rng, p)
        title = f"Risk alert: {hazard} in {goods.category[p]}"
        sink.write("risk_alerts", (
            f"RA{k + 1:06d}", title, _RISK.pick(rng), day(rng.randint(0, DAYS - 1)), hazard,
            _ALERT_ISSUERS.pick(rng), *target,
        ))  # fmt: skip
