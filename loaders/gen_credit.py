"""Reference tables, credit ratings and filings.

Ratings carry history: some enterprises were re-rated (the old rating ends
the day before the new one starts) and some ratings simply expired.
"""

from random import Random
from typing import Final

from loaders.gen_codes import DAYS, day
from loaders.gen_goods import Goods
from loaders.gen_output import Sink
from loaders.gen_parties import Parties
from loaders.gen_random import Picker
from loaders.gen_reference import (
    AGENCIES,
    ARRANGEMENTS,
    BUREAU_OF_REGION,
    GACC,
    PROHIBITED_CATEGORIES,
    SCHEMES,
    Scheme,
)
from loaders.gen_rules import write_rules

_GACC_SCHEME: Final = SCHEMES[0]
_DISHONEST: Final = 3  # index of the dishonest level in the GACC scheme
# Shares of the GACC levels: most firms are general, few advanced or dishonest.
_GACC_PICK: Final = Picker([0, 1, 2, 3], [3, 10, 85, 2])
_SUSPENDED_SHARE: Final = 0.01
# Singapore Customs keeps its own AEO numbers for the Chinese AEO firms it recognises.
_SG: Final = "AG-SG-CUSTOMS"
_AEO_NUMBER_SHARE: Final = 0.6
_FILING_PICK: Final = Picker(["filed", "pending", "suspended", "revoked"], [90, 5, 3, 2])


def write_reference(sink: Sink) -> None:
    sink.write_all("agencies", AGENCIES)
    sink.write_all("prohibited_categories", PROHIBITED_CATEGORIES)
    write_rules(sink)
    for s in SCHEMES:
        sink.write("credit_schemes", (s.scheme_id, s.name, s.agency_id))
        for lv in s.levels:
            dishonest = "true" if lv.dishonest else "false"
            sink.write("credit_levels", (lv.level_id, s.scheme_id, lv.code, lv.name, lv.rank, dishonest))  # fmt: skip
    for a in ARRANGEMENTS:
        row = (a.arrangement_id, a.name, GACC, a.agency_b, a.signed_on, a.grants, a.direction,
               a.recognizer_id, "", a.ended_on)  # fmt: skip
        sink.write("arrangements", row)
        for src, dst, facilitation in a.mappings:
            sink.write("level_mappings", (a.arrangement_id, src, dst, facilitation))


def _scheme_of(country: str) -> Scheme | None:
    for s in SCHEMES:
        if country in s.countries:
            return s
    return None


class _Ratings:
    def __init__(self, rng: Random, sink: Sink, parties: Parties, extra: Random | None) -> None:
        self.rng = rng
        self.sink = sink
        self.parties = parties
        self.n = 0
        # A stream of its own for suspensions: the ratings themselves stay as they were.
        self.extra = extra

    def write(self, i: int, scheme: Scheme, level: int, start: int, end: int | None) -> None:
        self.n += 1
        suspended = ""
        # Some ratings in force were suspended pending review (first day suspended).
        picked = self.extra is not None and self.extra.random() < _SUSPENDED_SHARE
        if picked and end is None and start + 30 < DAYS - 30 and self.extra is not None:
            suspended = day(self.extra.randint(start + 30, DAYS - 30))
        row = (
            f"RT{self.n:07d}", scheme.agency_id, self.parties.ids[i],
            scheme.levels[level].level_id, day(start), day(end) if end is not None else "", suspended,
        )  # fmt: skip
        self.sink.write("ratings", row)

    def rate(self, i: int, scheme: Scheme, level: int, start: int) -> None:
        """A current rating from `start`, sometimes after an earlier, replaced one."""
        rng = self.rng
        earliest = max(self.parties.founded[i], -2500)
        if rng.random() < 0.2 and start - earliest > 400:
            old_start = rng.randint(earliest, start - 200)
            old = min(len(scheme.levels) - 1, max(0, level + rng.choice((-1, 1))))
            self.write(i, scheme, old, old_start, start - 1)
        # GACC ratings stand until reviewed; partners' certificates run 3 years.
        end = None if scheme is _GACC_SCHEME else start + 3 * 365
        self.write(i, scheme, level, start, end)


def write_ratings(rng: Random, sink: Sink, parties: Parties, extra: Random | None = None) -> list[int]:
    """Write ratings; return each enterprise's current GACC rank (0: unrated).

    With `extra`, about 1 % of open-ended ratings get a suspension date."""
    ratings = _Ratings(rng, sink, parties, extra)
    rank = [0] * len(parties.ids)
    planted = {parties.ring[0], parties.ring[1], parties.ring[2], parties.chain[0]}
    for i, country in enumerate(parties.countries):
        scheme = _scheme_of(country)
        if scheme is None or i in planted:
            continue
        is_gacc = scheme is _GACC_SCHEME
        if rng.random() > (0.9 if is_gacc else 0.6):
            continue
        if is_gacc:
            level = _GACC_PICK.pick(rng)
        else:
            level = min(len(scheme.levels) - 1, rng.choice((0, 1, 1, 2, 2, 2)))
        start = rng.randint(max(parties.founded[i], -1500), DAYS - 30)
        if rng.random() < 0.04 and start - 400 >= parties.founded[i]:
            # An expired rating nobody renewed.
            ratings.write(i, scheme, level, start - 400, rng.randint(start - 300, DAYS - 10))
            continue
        ratings.rate(i, scheme, level, start)
        if is_gacc:
            rank[i] = level + 1
    # The suspect and two shell-ring firms were downgraded to dishonest late in
    # the period; the head of the ownership chain is an advanced AEO.
    for i in parties.ring[:3]:
        start = rng.randint(DAYS - 300, DAYS - 120)
        earlier = rng.randint(max(parties.founded[i], -900), start - 400)
        ratings.write(i, _GACC_SCHEME, 2, earlier, start - 1)
        ratings.write(i, _GACC_SCHEME, _DISHONEST, start, None)
        rank[i] = _DISHONEST + 1
    ratings.rate(parties.chain[0], _GACC_SCHEME, 0, rng.randint(-700, 0))
    rank[parties.chain[0]] = 1
    return rank


def write_aeo_numbers(rng: Random, sink: Sink, parties: Parties, rank: list[int]) -> None:
    """Partner AEO numbers: SG's number for ~60 % of GACC's AEO (rank 1-2) firms."""
    n = 0
    for i, r in enumerate(rank):
        if r in (1, 2) and rng.random() < _AEO_NUMBER_SHARE:
            n += 1
            sink.write("aeo_numbers", (f"SGAEO{n:07d}", _SG, parties.ids[i]))


def write_filings(rng: Random, sink: Sink, parties: Parties, goods: Goods) -> None:
    n = 0
    for i, status in enumerate(parties.filing_status):
        if not status:
            continue
        n += 1
        filed = parties.filed_on[i]
        until = filed + 3 * 365
        if status == "expired":
            until = DAYS - rng.randint(5, 400)
            filed = until - 3 * 365
        agency = BUREAU_OF_REGION.get(parties.regions[i][-2:], GACC)
        row = (f"FL{n:07d}", parties.ids[i], "enterprise", status, day(filed), "", agency,
               day(until))  # fmt: skip
        sink.write("filings", row)
        if status in ("suspended", "revoked") and filed + 30 < DAYS - 1:
            # The history behind a suspension or revocation: filed first, changed later.
            on = rng.randint(filed + 30, DAYS - 1)
            change = (f"SCF{n:07d}", "filing", f"FL{n:07d}", "filed", status, day(on), agency,
                      "generated: labelling or quality findings")  # fmt: skip
            sink.write("status_changes", change)
    prohibited = set(goods.prohibited)
    for p, sellers in enumerate(goods.sellers):
        # Outbound goods and negative-list goods are not filed for import.
        if goods.origin[p] == "CN" or p in prohibited or rng.random() < 0.4:
            continue
        n += 1
        filed = rng.randint(-700, DAYS - 60)
        status = _FILING_PICK.pick(rng)
        if filed + 3 * 365 < DAYS and status == "filed":
            status = "expired"
        row = (f"FL{n:07d}", parties.ids[sellers[0]], "product", status,
               day(filed), goods.ids[p], GACC, day(filed + 3 * 365))  # fmt: skip
        sink.write("filings", row)
    # Accredited labs are filed (a lab's result is recorded only while it is): one filing
    # each, from two years before the period's end, with no random draw.
    for i, kind in enumerate(parties.kinds):
        if kind == "lab" and not parties.filing_status[i]:
            n += 1
            filed = DAYS - 2 * 365
            row = (f"FL{n:07d}", parties.ids[i], "enterprise", "filed", day(filed), "", GACC,
                   day(filed + 3 * 365))  # fmt: skip
            sink.write("filings", row)
