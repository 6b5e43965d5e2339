"""Products, batches, trace codes and batch inspections, plus who sells what.

Product popularity is decided up front (Zipf-like), so the number of batches
of a product and the share of shipments it will reach are known before any
shipment is written; recall planning relies on that.
"""

import math
from dataclasses import dataclass
from random import Random
from typing import Final

from loaders.gen_codes import DAYS, day, make_gtin13
from loaders.gen_output import Sink
from loaders.gen_parties import Parties
from loaders.gen_random import Picker, clamp, zipf_weights
from loaders.gen_reference import (
    AGENCIES,
    BRAND_HEADS,
    BRAND_TAILS,
    DEFAULT_HAZARDS,
    HAZARDS,
    INBOUND_GOODS,
    OUTBOUND_GOODS,
    PROHIBITED_GOODS,
    GoodsTemplate,
)

INBOUND_SHARE: Final = 0.85  # of shipments, decided per declaration
LINES_FACTOR: Final = 1.2  # extra lines from seller catalogues beyond the first
_BRAND_SUFFIX: Final = ("", "", " Naturals", " Labs", " Kids", " Pro", " Organics", " Home")
_BUREAUS: Final = tuple(a.agency_id for a in AGENCIES if a.kind == "inspection")


@dataclass
class Goods:
    ids: list[str]
    names: list[str]
    category: list[str]
    origin: list[str]
    unit: list[str]
    share: list[float]  # expected share of shipments whose first line is this product
    first_batch: list[int]
    n_batches: list[int]
    sellers: list[list[int]]  # enterprise indices; the first sells most
    catalog: dict[int, list[int]]  # seller -> products
    inbound: Picker[int]
    outbound: Picker[int]
    batch_ids: list[str]
    prohibited: list[int]
    failed_batches: list[int]

    def hazard(self, rng: Random, product: int) -> str:
        return rng.choice(HAZARDS.get(self.category[product], DEFAULT_HAZARDS))


def product_count(scale: int) -> int:
    return clamp(scale // 10, 80, 100_000)


def label_code(batch: int) -> str:
    """The anti-counterfeit label code every batch carries (computable for samples)."""
    # Odd multiplier not divisible by 5: a bijection modulo 10**12.
    return f"TL{(batch + 1) * 2654435761 % 10**12:012d}"


def _min_batches(shelf_days: int) -> int:
    # A batch is shipped for about two production windows; it must not expire
    # while it is still being shipped.
    return 1 if shelf_days == 0 else math.ceil(2 * DAYS / (shelf_days - 60))


class _GoodsBuilder:
    def __init__(self, rng: Random, sink: Sink, scale: int, parties: Parties) -> None:
        self.rng = rng
        self.sink = sink
        self.scale = scale
        self.parties = parties
        makers = parties.by_kind["manufacturer"]
        self.makers_in: dict[str, list[int]] = {}
        self.maker_serial = {m: k for k, m in enumerate(makers)}
        for m in makers:
            self.makers_in.setdefault(parties.countries[m], []).append(m)
        self.brands: dict[int, list[str]] = {}
        self.items_of: dict[int, int] = {}
        self.rows: list[tuple[str, ...]] = []
        self.templates: list[GoodsTemplate] = []

    def maker_for(self, t: GoodsTemplate) -> tuple[int, str]:
        rng = self.rng
        origins = [c for c in t.origins if c in self.makers_in] or list(self.makers_in)
        country = rng.choice(origins)
        return rng.choice(self.makers_in[country]), country

    def brand(self, maker: int) -> str:
        rng = self.rng
        brands = self.brands.setdefault(maker, [])
        if not brands or (len(brands) < 2 and rng.random() < 0.2):
            brands.append(rng.choice(BRAND_HEADS) + rng.choice(BRAND_TAILS) + rng.choice(_BRAND_SUFFIX))
        return rng.choice(brands)

    def product(self, t: GoodsTemplate) -> None:
        rng = self.rng
        p = len(self.rows)
        maker, country = self.maker_for(t)
        brand = self.brand(maker)
        item = self.items_of[maker] = self.items_of.get(maker, 0) + 1
        gtin = make_gtin13(country, self.maker_serial[maker], item) if rng.random() < 0.95 else ""
        name = f"{brand} {rng.choice(t.items)}"
        self.rows.append(
            (f"P{p + 1:06d}", name, t.hs_code, gtin, t.category, brand, country,
             self.parties.ids[maker])
        )  # fmt: skip
        self.templates.append(t)


def _popularity(rng: Random, products: list[int], pinned: dict[int, int]) -> list[float]:
    """Zipf weights over `products` in random order; `pinned` fixes some ranks."""
    order = [p for p in products if p not in pinned]
    rng.shuffle(order)
    for p, rank in sorted(pinned.items(), key=lambda kv: kv[1]):
        order.insert(min(rank, len(order)), p)
    weights = zipf_weights(len(order))
    by_product = dict(zip(order, weights, strict=True))
    return [by_product[p] for p in products]


def build_goods(rng: Random, sink: Sink, scale: int, parties: Parties) -> Goods:
    b = _GoodsBuilder(rng, sink, scale, parties)
    n = product_count(scale)
    n_out = n // 5
    in_pick = Picker(list(INBOUND_GOODS), [t.weight for t in INBOUND_GOODS])
    out_pick = Picker(list(OUTBOUND_GOODS), [t.weight for t in OUTBOUND_GOODS])
    for _ in range(n - n_out - len(PROHIBITED_GOODS)):
        b.product(in_pick.pick(rng))
    prohibited = []
    for t in PROHIBITED_GOODS:
        prohibited.append(len(b.rows))
        b.product(t)
    inbound = list(range(len(b.rows)))
    for _ in range(n_out):
        b.product(out_pick.pick(rng))
    outbound = list(range(len(inbound), n))
    sink.write_all("products", b.rows)

    # Negative-list goods sit mid-table: rare, but present even at small scale.
    rank = max(20, len(inbound) // 40)
    w_in = _popularity(rng, inbound, {p: rank + k for k, p in enumerate(prohibited)})
    w_out = _popularity(rng, outbound, {})
    share = [0.0] * n
    total_in, total_out = sum(w_in), sum(w_out)
    for p, w in zip(inbound, w_in, strict=True):
        share[p] = INBOUND_SHARE * w / total_in
    for p, w in zip(outbound, w_out, strict=True):
        share[p] = (1 - INBOUND_SHARE) * w / total_out

    sellers = _assign_sellers(rng, parties, scale, share, inbound, prohibited)
    catalog: dict[int, list[int]] = {}
    for p, ss in enumerate(sellers):
        for s in ss:
            catalog.setdefault(s, []).append(p)

    goods = Goods(
        ids=[r[0] for r in b.rows], names=[r[1] for r in b.rows],
        category=[t.category for t in b.templates], origin=[r[6] for r in b.rows],
        unit=[t.unit for t in b.templates], share=share,
        first_batch=[], n_batches=[], sellers=sellers, catalog=catalog,
        inbound=Picker(inbound, w_in), outbound=Picker(outbound, w_out), batch_ids=[],
        prohibited=prohibited, failed_batches=[],
    )  # fmt: skip
    _write_batches(rng, sink, scale, goods, b.templates, [r[3] for r in b.rows], parties)
    return goods


def _assign_sellers(
    rng: Random,
    parties: Parties,
    scale: int,
    share: list[float],
    inbound: list[int],
    prohibited: list[int],
) -> list[list[int]]:
    """Sellers of each product: more for popular goods; the first sells most."""
    in_pool = [s for s in parties.by_kind["seller"] if s not in parties.ring]
    out_pool = parties.by_kind["exporter"]
    is_inbound = set(inbound)
    result: list[list[int]] = []
    for p, q in enumerate(share):
        pool = in_pool if p in is_inbound else out_pool
        extra = min(4, int(math.log10(1 + q * scale / 50))) + (rng.random() < 0.3)
        chosen: list[int] = []
        for _ in range(1 + extra):
            s = rng.choice(pool)
            if s not in chosen:
                chosen.append(s)
        result.append(chosen)
    # Sellers also list a few goods nobody in particular asks for: the long
    # tail that fills second and third lines of a parcel.
    outbound = [p for p in range(len(share)) if p not in is_inbound]
    for pool, products in ((in_pool, inbound[: -len(prohibited)]), (out_pool, outbound)):
        for s in pool:
            for p in rng.sample(products, min(len(products), rng.randint(2, 8))):
                if s not in result[p]:
                    result[p].append(s)
    ring = parties.ring
    # The shell ring trades the negative-list goods (the suspect first) next to
    # ordinary goods, so "which related firms trade the same product" has answers.
    result[prohibited[0]] = [ring[0], ring[1], ring[2]]
    for k, p in enumerate(prohibited[1:], start=1):
        result[p] = [ring[0], ring[(k + 2) % len(ring)]]
    ordinary = inbound[: len(inbound) - len(prohibited)]
    for s in ring:
        for p in rng.sample(ordinary, 3):
            if s not in result[p]:
                result[p].append(s)
    return result


def _write_batches(
    rng: Random,
    sink: Sink,
    scale: int,
    goods: Goods,
    templates: list[GoodsTemplate],
    gtins: list[str],
    parties: Parties,
) -> None:
    batch_w, trace_w, insp_w = (sink.writer(f) for f in ("batches", "trace_codes", "inspections"))
    labs = parties.by_kind["lab"]
    counts = {"batches": 0, "trace_codes": 0, "inspections": 0}
    bad_products = set(goods.prohibited)
    for p, t in enumerate(templates):
        expected = scale * goods.share[p] * LINES_FACTOR
        nb = max(_min_batches(t.shelf_days), min(24, 1 + int(math.log2(1 + expected / 150))))
        nb += rng.random() < 0.5
        goods.first_batch.append(len(goods.batch_ids))
        goods.n_batches.append(nb)
        per_batch = expected / nb
        gtin14 = "0" + gtins[p] if gtins[p] else ""
        for k in range(nb):
            b = len(goods.batch_ids)
            bid = f"B{b + 1:07d}"
            goods.batch_ids.append(bid)
            produced = k * DAYS // nb - rng.randint(10, 60)
            ds = day(produced)
            lot = f"L{ds[2:4]}{ds[5:7]}{ds[8:10]}{chr(65 + k % 26)}"
            expires = day(produced + t.shelf_days) if t.shelf_days else ""
            quantity = int(per_batch * 2.2 * rng.uniform(1.5, 3.0)) + rng.randint(200, 2000)
            batch_w.writerow((bid, goods.ids[p], lot, ds, expires, quantity, t.unit))
            trace_w.writerow((label_code(b), "label", bid, ""))
            for n in range(1, rng.randint(1, 3)):
                serial = f"{(b * 3 + n) * 48271 % 10**9:09d}"
                if gtin14 and rng.random() < 0.6:
                    code = f"https://id.gs1.org/01/{gtin14}/10/{lot}/21/{serial}"
                    trace_w.writerow((code, "qr", bid, serial))
                elif gtin14:
                    trace_w.writerow((f"(01){gtin14}(10){lot}(21){serial}", "barcode", bid, serial))
                else:
                    trace_w.writerow((label_code(b) + f"-{n}", "label", bid, serial))
                counts["trace_codes"] += 1
            counts["trace_codes"] += 1
            inspected = produced + rng.randint(20, 120)
            if rng.random() < 0.03 and inspected < DAYS:
                fail = rng.random() < (0.6 if p in bad_products else 0.07)
                by_lab = rng.random() < 0.6
                counts["inspections"] += 1
                insp_w.writerow((
                    f"IB{counts['inspections']:07d}", "lab" if by_lab else "sampling", "batch",
                    bid, "fail" if fail else "pass", day(inspected),
                    "lab" if by_lab else "agency",
                    parties.ids[rng.choice(labs)] if by_lab else rng.choice(_BUREAUS),
                    ("true" if rng.random() < 0.85 else "false") if by_lab else "",
                    goods.hazard(rng, p) if fail else "no nonconformity found",
                ))  # fmt: skip
                if fail:
                    goods.failed_batches.append(b)
        counts["batches"] += nb
    for name, c in counts.items():
        sink.add(name, c)
