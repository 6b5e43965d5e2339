"""Declarations, shipments, their batches and shipment inspections, streamed.

Shipments are written in declaration order (centralised declaration: one
declaration covers many parcels lodged the same day at one port by one agent)
and their dates advance with their number, so nothing is kept per shipment.
"""

from collections.abc import Callable
from random import Random
from typing import Final

from loaders.gen_codes import DAYS, day, make_s10, year_of
from loaders.gen_goods import INBOUND_SHARE, Goods
from loaders.gen_output import Sink
from loaders.gen_parties import Parties
from loaders.gen_random import Picker, clamp, zipf_weights
from loaders.gen_recalls import Recalls
from loaders.gen_reference import (
    BUREAU_OF_REGION,
    CONSIGNEE_REGIONS,
    FOREIGN_REGIONS,
    GACC,
    PORTS,
)

Progress = Callable[[int], None]

# Sampling rate by GACC credit rank (0 = unrated): classified supervision.
_INSPECT_RATE: Final = (0.03, 0.005, 0.01, 0.03, 0.25)
_IN_MODES: Final = Picker(["bonded", "express", "direct_mail"], [55, 30, 15])
_OUT_MODES: Final = Picker(["express", "direct_mail"], [60, 40])
_INSPECTION_KIND: Final = Picker(["document", "physical", "sampling", "lab"], [30, 40, 25, 5])
_DELIVERY_DAYS: Final = {"bonded": (1, 4), "express": (2, 7), "direct_mail": (5, 18)}
_LETTERS: Final = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def _waybill_prefix(i: int) -> str:
    return _LETTERS[i % 24] + _LETTERS[i // 24 % 24]


def write_shipments(
    rng: Random,
    sink: Sink,
    scale: int,
    parties: Parties,
    goods: Goods,
    gacc_rank: list[int],
    recalls: Recalls,
    progress: Progress | None = None,
) -> list[int]:
    """Write all shipments; return, per planted recall, the shipments it reaches."""
    ids = parties.ids
    by_kind = parties.by_kind
    logistics = by_kind["logistics"]
    logi_pick = Picker(logistics, zipf_weights(len(logistics), 0.8))
    broker_pick = Picker(by_kind["broker"], zipf_weights(len(by_kind["broker"]), 0.8))
    importers = [i for i in by_kind["importer"] if parties.countries[i] == "CN"]
    imp_pick = Picker(importers, zipf_weights(len(importers), 0.9))
    foreign_importers = [ids[i] for i in by_kind["importer"] if parties.countries[i] != "CN"]
    labs = [ids[i] for i in by_kind["lab"]]
    port_pick = Picker(list(PORTS), [p.weight for p in PORTS])
    warehouses: dict[str, list[str]] = {}
    for w, locode in parties.port_of.items():
        warehouses.setdefault(locode, []).append(ids[w])
    bonded_ports = [p for p in PORTS if p.locode in warehouses]
    bonded_pick = Picker(bonded_ports, [p.weight for p in bonded_ports])
    cn_region = Picker([r for r, _ in CONSIGNEE_REGIONS], [w for _, w in CONSIGNEE_REGIONS])
    abroad = Picker([r for r, _ in FOREIGN_REGIONS], [w for _, w in FOREIGN_REGIONS])
    platforms = {s: [ids[p] for p in ps] for s, ps in parties.platforms_of.items()}
    importer_of: dict[int, str] = {}
    inspect_rate = [_INSPECT_RATE[r] for r in gacc_rank]
    prohibited = set(goods.prohibited)
    sellers_of, catalog = goods.sellers, goods.catalog
    first_batch, n_batches, batch_ids = goods.first_batch, goods.n_batches, goods.batch_ids
    units, origin = goods.unit, goods.origin
    flags = recalls.batch_flags
    reached = [0] * 256  # shipments by the OR of their batches' flags

    decl_w = sink.writer("declarations").writerow
    ship_w = sink.writer("shipments").writerow
    line_w = sink.writer("shipment_batches").writerow
    insp_w = sink.writer("inspections").writerow
    ev_w = sink.writer("disposal_evidence").writerow
    evidenced = [0] * len(recalls.planned)  # evidence rows per planted recall (a few each)
    n_ev = 0
    sid_fmt = f"S%0{max(7, len(str(scale)))}d"
    did_fmt = f"D%0{max(6, len(str(scale // 5)))}d"
    avg = clamp(scale // 2000, 5, 60)
    still_open = scale - max(20, scale // 300)
    rand, randint, randrange = rng.random, rng.randint, rng.randrange
    n_lines = n_insp = n_decl = 0
    s = 0
    step = max(1, scale // 200)
    while s < scale:
        count = min(scale - s, randint(1, 2 * avg - 1))
        n_decl += 1
        did = did_fmt % n_decl
        dday = min(DAYS - 1, s * DAYS // scale + randint(0, 1))
        inbound = rand() < INBOUND_SHARE
        mode = _IN_MODES.pick(rng) if inbound else _OUT_MODES.pick(rng)
        port = bonded_pick.pick(rng) if mode == "bonded" else port_pick.pick(rng)
        warehouse = rng.choice(warehouses[port.locode]) if mode == "bonded" else ""
        logi = logi_pick.pick(rng)
        declarant = logi if rand() < 0.5 else broker_pick.pick(rng)
        bureau = BUREAU_OF_REGION[port.region[-2:]]
        roll = rand()
        release: int | None = dday + (0 if roll < 0.6 else 1 if roll < 0.9 else 2)
        if rand() < 0.004:
            status, release = "rejected", None
        elif s >= still_open or (release is not None and release >= DAYS):
            # The last few days' declarations are still being processed.
            status, release = ("lodged" if rand() < 0.5 else "accepted"), None
        else:
            status = "released"
        number = f"{port.customs_code}{year_of(dday)}{1 if inbound else 0}{n_decl:09d}"
        decl_w((did, number, day(dday), ids[declarant], GACC, status))
        wb_prefix = _waybill_prefix(logi)
        for _ in range(count):
            s += 1
            sid = sid_fmt % s
            pick = goods.inbound if inbound else goods.outbound
            p = pick.pick(rng)
            sellers = sellers_of[p]
            seller = sellers[0] if len(sellers) == 1 or rand() < 0.6 else sellers[randrange(1, len(sellers))]
            products = [p]
            roll = rand()
            if roll >= 0.55:
                cat = catalog[seller]
                for _ in range(1 if roll < 0.85 else 2):
                    q = cat[randrange(len(cat))]
                    if q not in products:
                        products.append(q)
            mask = 0
            covered = [0] * len(recalls.planned)
            for q in products:
                nb = n_batches[q]
                k = dday * nb // DAYS - (rand() < 0.15)
                b = first_batch[q] + (k if k > 0 else 0)
                mask |= flags[b]
                qty = 1 if rand() < 0.6 else randint(2, 6)
                line_w((sid, batch_ids[b], qty, units[q]))
                for ri, r in enumerate(recalls.planned):
                    if flags[b] & r.bit:
                        covered[ri] += qty
            n_lines += len(products)
            reached[mask] += 1

            bad = p in prohibited
            result = ""
            if rand() < (0.5 if bad else inspect_rate[seller]):
                if dday >= DAYS - 10 and rand() < 0.4:
                    result = "pending"
                else:
                    result = "fail" if rand() < (0.6 if bad else 0.06) else "pass"
            released = delivered = ""
            if status == "rejected":
                state = "returned"
            elif result == "fail":
                state = "held" if dday >= DAYS - 30 else "returned"
            elif result == "pending":
                state = "held"
            elif release is None:
                state = "declared"
            else:
                released = day(release)
                low, high = _DELIVERY_DAYS[mode]
                arrive = release + randint(low, high)
                if arrive < DAYS and rand() < 0.99:
                    state, delivered = "delivered", day(arrive)
                else:
                    state = "released"
            # Completion evidence (no random draws, so the other files stay as they were):
            # the first few under-control shipments of each planted recall were destroyed.
            for ri, r in enumerate(recalls.planned):
                if covered[ri] and state in ("held", "released") and evidenced[ri] < 3:
                    evidenced[ri] += 1
                    n_ev += 1
                    ev_w((f"DE{n_ev:06d}", r.recall_id, sid, day(DAYS - 1), 0, covered[ri],
                          "generated: destroyed under supervision"))  # fmt: skip
            if result:
                n_insp += 1
                kind = _INSPECTION_KIND.pick(rng)
                by_lab = kind in ("sampling", "lab") and rand() < 0.5
                insp_w((
                    f"IS{n_insp:07d}", kind, "shipment", sid, result,
                    day(min(dday + randint(0, 1), DAYS - 1)), "lab" if by_lab else "agency",
                    rng.choice(labs) if by_lab else bureau,
                    ("true" if rand() < 0.85 else "false") if by_lab else "",
                    ("negative-list goods: " + goods.category[p] if bad else goods.hazard(rng, p))
                    if result == "fail" else "awaiting laboratory result" if result == "pending"
                    else "",
                ))  # fmt: skip

            if inbound:
                importer = importer_of.get(seller)
                if importer is None:
                    importer = importer_of[seller] = ids[imp_pick.pick(rng)]
                region = cn_region.pick(rng)
                country = origin[p]
            else:
                importer = rng.choice(foreign_importers) if foreign_importers and rand() < 0.7 else ""
                region = abroad.pick(rng)
                country = "CN"
            if mode == "direct_mail":
                waybill = make_s10("RR" if inbound else "LP", s, country)
            else:
                waybill = f"{wb_prefix}{s:010d}"
            plats = platforms[seller]
            ship_w((
                sid, "inbound" if inbound else "outbound", mode, state, day(dday), waybill,
                port.locode, country, region, f"c-{rng.getrandbits(24):06x}", released,
                delivered, ids[seller], plats[0] if len(plats) == 1 else rng.choice(plats),
                importer, ids[logi], warehouse, did,
            ))  # fmt: skip
            if progress is not None and s % step == 0:
                progress(s)
    sink.add("declarations", n_decl)
    sink.add("shipments", s)
    sink.add("shipment_batches", n_lines)
    sink.add("inspections", n_insp)
    sink.add("disposal_evidence", n_ev)
    return [sum(c for mask, c in enumerate(reached) if mask & r.bit) for r in recalls.planned]
