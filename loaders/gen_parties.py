"""Enterprises, persons, addresses and contacts, with the links between them.

Besides a background of ordinary ownership, directorships, shared addresses
and platform memberships, it plants the structures that related-party
queries must find: a shell ring sharing one address and phone, a person who
is legal representative of a dozen firms, an ownership chain and a cycle.
"""

from dataclasses import dataclass, field
from random import Random
from typing import Final

from loaders.gen_codes import DAYS, day, make_eori, make_gln, make_uscc
from loaders.gen_output import Sink
from loaders.gen_people import People
from loaders.gen_places import Places
from loaders.gen_random import Picker, clamp, zipf_weights
from loaders.gen_reference import (
    CN_CITIES,
    EU_COUNTRIES,
    FOREIGN_CITIES,
    FOREIGN_NOUN,
    INBOUND_GOODS,
    KIND_SUFFIX,
    LEGAL_FORM,
    NAME_WORDS,
    PORT_CITY,
    PORTS,
)

FILED_KINDS: Final = frozenset(
    {"platform", "seller", "importer", "exporter", "logistics", "warehouse", "broker"}
)
FILING_STATUSES: Final = Picker(["filed", "pending", "suspended", "revoked", "expired"], [88, 4, 3, 2, 3])
_SHARES: Final = (("1",), ("0.6", "0.4"), ("0.51", "0.49"), ("0.7", "0.3"), ("0.5", "0.3", "0.2"))
_SHARE_PICK: Final = Picker(list(range(len(_SHARES))), [40, 20, 12, 16, 12])
_CITY_OF: Final = {city: i for i, (_, city, _) in reversed(list(enumerate(CN_CITIES)))}
RING_SIZE: Final = 6
NOMINEE_EXTRA_FIRMS: Final = 6


def _countries(pairs: list[tuple[str, float]]) -> Picker[str]:
    return Picker([c for c, _ in pairs], [w for _, w in pairs])


def _maker_countries() -> Picker[str]:
    # Manufacturers sit where the catalogue's goods come from, plus Chinese
    # makers for outbound goods.
    weights: dict[str, float] = {}
    for t in INBOUND_GOODS:
        for c in t.origins:
            weights[c] = weights.get(c, 0.0) + t.weight / len(t.origins)
    total = sum(weights.values())
    pairs = [(c, 75.0 * w / total) for c, w in weights.items()]
    return _countries([*pairs, ("CN", 25.0)])


_COUNTRY_OF_KIND: Final[dict[str, Picker[str]]] = {
    "seller": _countries([("CN", 45), ("HK", 12), ("JP", 6), ("KR", 6), ("US", 6), ("AU", 5),
                          ("NZ", 3), ("DE", 3), ("FR", 3), ("GB", 3), ("SG", 3), ("IT", 2),
                          ("NL", 2), ("CA", 1), ("CH", 1), ("ES", 1)]),
    "importer": _countries([("CN", 85), ("US", 3), ("GB", 2), ("DE", 2), ("JP", 2), ("KR", 2),
                            ("AU", 2), ("SG", 1), ("MY", 1)]),
    "logistics": _countries([("CN", 70), ("HK", 8), ("SG", 5), ("US", 5), ("DE", 4),
                             ("JP", 4), ("NL", 4)]),
    "lab": _countries([("CN", 70), ("DE", 8), ("CH", 8), ("FR", 5), ("GB", 5), ("SG", 4)]),
    "manufacturer": _maker_countries(),
}  # fmt: skip


def enterprise_count(scale: int) -> int:
    return clamp(scale // 10, 200, 100_000)


def kind_counts(n: int) -> dict[str, int]:
    counts = {
        "platform": clamp(n // 4000, 4, 25),
        "lab": clamp(n // 200, 3, 300),
        "warehouse": clamp(n // 100, 10, 600),
        "logistics": clamp(n // 50, 8, 2000),
        "broker": clamp(n // 60, 5, 1500),
    }
    rest = n - sum(counts.values())
    counts["importer"] = rest * 9 // 100
    counts["exporter"] = rest * 5 // 100
    counts["manufacturer"] = rest * 30 // 100
    counts["seller"] = n - sum(counts.values())
    return counts


@dataclass
class Parties:
    ids: list[str]
    kinds: list[str]
    countries: list[str]
    founded: list[int]
    by_kind: dict[str, list[int]]
    filing_status: list[str]
    filed_on: list[int]
    port_of: dict[int, str]  # warehouse -> port it serves
    platforms_of: dict[int, list[int]] = field(default_factory=dict)  # seller -> active
    regions: list[str] = field(default_factory=list)
    ring: list[int] = field(default_factory=list)
    nominee_firms: list[int] = field(default_factory=list)
    chain: list[int] = field(default_factory=list)
    cycle: list[int] = field(default_factory=list)
    nominee: str = ""

    @property
    def suspect(self) -> int:
        return self.ring[0]


class _Builder:
    def __init__(self, rng: Random, sink: Sink, n: int) -> None:
        self.rng = rng
        self.sink = sink
        self.people = People(rng, sink)
        kinds = [k for k, c in kind_counts(n).items() for _ in range(c)]
        rng.shuffle(kinds)
        self.kinds = kinds
        self.countries = [self._country(k) for k in kinds]
        self.by_kind: dict[str, list[int]] = {}
        for i, k in enumerate(kinds):
            self.by_kind.setdefault(k, []).append(i)
        self.city = [self._city(i) for i in range(n)]
        self.port_of: dict[int, str] = {}
        port_pick = Picker([p.locode for p in PORTS], [p.weight for p in PORTS])
        for i in self.by_kind["warehouse"]:
            self.port_of[i] = port_pick.pick(rng)
            self.city[i] = PORT_CITY[self.port_of[i]]
        self.founded = [self._founded(k) for k in kinds]
        self.places = Places(rng, sink)
        self.extra_rings: list[list[int]] = []

    def _country(self, kind: str) -> str:
        picker = _COUNTRY_OF_KIND.get(kind)
        return picker.pick(self.rng) if picker else "CN"

    def _city(self, i: int) -> str:
        country = self.countries[i]
        if country == "CN":
            if self.kinds[i] == "platform":
                return self.rng.choice(("Hangzhou", "Beijing", "Shenzhen", "Shanghai"))
            return self.rng.choice(CN_CITIES)[1]
        return self.rng.choice(FOREIGN_CITIES.get(country, ("Capital City",)))

    def _founded(self, kind: str) -> int:
        oldest = -9000 if kind in ("manufacturer", "logistics", "lab") else -4000
        return self.rng.randint(oldest, -200)

    def _ended(self, since: int) -> int | None:
        """An end date after `since` inside the period, or None if none fits."""
        until = since + self.rng.randint(180, 2500)
        return until if until < DAYS - 30 else None

    # --- rows ------------------------------------------------------------------

    def name(self, i: int) -> str:
        kind, country = self.kinds[i], self.countries[i]
        word = self.rng.choice(NAME_WORDS)
        if country in ("CN", "HK"):
            return f"{self.city[i]} {word} {self.rng.choice(KIND_SUFFIX[kind])}"
        noun = self.rng.choice(FOREIGN_NOUN[kind])
        return f"{word} {noun} {LEGAL_FORM.get(country, 'Ltd')}"

    def link(self, file: str, i: int, other: str, since: int, until: int | None) -> None:
        self.sink.write(file, (eid(i), other, day(since), day(until) if until else ""))

    def contact_links(self, i: int, phone: str | None = None, address: str | None = None) -> None:
        rng, since = self.rng, self.founded[i]
        country, city = self.countries[i], self.city[i]
        current = address or self.places.address(country, city)
        if rng.random() < 0.08:
            # The firm moved: its first address (a new one, never the current
            # one) ended the day before the move.
            until = self._ended(since)
            if until is not None:
                old = self.places.new_address(country, city)
                self.link("enterprise_addresses", i, old, since, until)
                since = until + 1
        self.link("enterprise_addresses", i, current, since, None)
        phone = phone or self.places.phone(country, city)
        self.link("enterprise_contacts", i, phone, self.founded[i], None)
        slug = "".join(ch for ch in city.lower() if ch.isalpha())
        email = self.places.contact("email", f"info{i + 1}@{slug}-{self.kinds[i]}.example.com")
        self.link("enterprise_contacts", i, email, self.founded[i], None)

    def officers(self, i: int, legal_rep: str | None = None) -> str:
        """Legal representative, directors and a supervisor; returns the legal rep."""
        rng, people, since = self.rng, self.people, self.founded[i]
        nat = self.people.nationality(self.countries[i])
        taken: set[str] = set()
        if legal_rep is None and rng.random() < 0.08:
            former = people.pick(nat)
            until = self._ended(since)
            if until is not None:
                people.direct(former, eid(i), "legal_representative", since, until)
                taken.add(former)
                since = until + 1
        rep = legal_rep or people.pick(nat, avoid=taken)
        people.direct(rep, eid(i), "legal_representative", since, None)
        taken.add(rep)
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            d = people.pick(nat, avoid=taken)
            taken.add(d)
            start = self.founded[i] + rng.randint(0, 1500)
            people.direct(d, eid(i), "director", start, self._ended(start) if rng.random() < 0.1 else None)
        if rng.random() < 0.3:
            s = people.pick(nat, avoid=taken)
            people.direct(s, eid(i), "supervisor", self.founded[i], None)
        return rep

    def owners(self, i: int, legal_rep: str, parents: list[int]) -> None:
        rng, people = self.rng, self.people
        if self.kinds[i] == "manufacturer" and self.countries[i] != "CN" and rng.random() < 0.4:
            return  # listed companies: no single owner on record
        nat = people.nationality(self.countries[i])
        taken: set[str] = set()
        since = self.founded[i]
        if rng.random() < 0.05:
            # A founder sold the firm: the earlier ownership ended the day before.
            sold = since + rng.randint(200, 1500)
            if sold < DAYS - 30:
                founder = people.pick(nat)
                taken.add(founder)
                self.owns("person", founder, i, "1", since, sold - 1)
                since = sold
        shares = _SHARES[_SHARE_PICK.pick(rng)]
        first = 0
        if parents and rng.random() < 0.12:
            parent = rng.choice(parents)
            self.owns("enterprise", eid(parent), i, shares[0], since, None)
            first = 1
        for k, share in enumerate(shares[first:], start=first):
            use_rep = k == 0 and legal_rep not in taken and rng.random() < 0.7
            person = legal_rep if use_rep else people.pick(nat, avoid=taken | {legal_rep})
            taken.add(person)
            self.owns("person", person, i, share, since, None)

    def owns(self, kind: str, owner: str, i: int, share: str, since: int, until: int | None) -> None:
        self.sink.write("ownerships", (kind, owner, eid(i), share, day(since), day(until) if until else ""))


def eid(i: int) -> str:
    return f"E{i + 1:06d}"


def _plant(b: _Builder, parties: Parties, skip: set[int]) -> None:
    """Choose the firms of the planted structures before the background is drawn."""
    rng = b.rng
    cn_sellers = [i for i in b.by_kind["seller"] if b.countries[i] == "CN"]
    ring = rng.sample(cn_sellers, RING_SIZE)
    for i in ring:
        b.city[i] = "Ningbo"
    others = [
        i
        for k in ("seller", "importer", "manufacturer", "logistics", "broker")
        for i in b.by_kind[k]
        if b.countries[i] == "CN" and i not in ring
    ]
    picked = rng.sample(others, NOMINEE_EXTRA_FIRMS + 7)
    parties.ring = ring
    parties.nominee_firms = picked[:NOMINEE_EXTRA_FIRMS]
    parties.chain = picked[NOMINEE_EXTRA_FIRMS : NOMINEE_EXTRA_FIRMS + 4]
    parties.cycle = picked[NOMINEE_EXTRA_FIRMS + 4 :]
    skip.update(ring, parties.nominee_firms, parties.chain, parties.cycle)
    extra_rings = max(0, len(b.kinds) // 20000)
    pool = [i for i in cn_sellers if i not in skip]
    b.extra_rings = [rng.sample(pool, rng.randint(5, 7)) for _ in range(extra_rings)]
    for r in b.extra_rings:
        skip.update(r)


def _planted_links(b: _Builder, parties: Parties) -> None:
    rng, people = b.rng, b.people
    nominee = people.new("CN")
    parties.nominee = nominee
    rings = [parties.ring, *b.extra_rings]
    for n, ring in enumerate(rings):
        country, city = b.countries[ring[0]], b.city[ring[0]]
        address, phone = b.places.new_address(country, city), b.places.new_phone(country, city)
        rep = nominee if n == 0 else people.new("CN")
        backers = [people.new("CN"), people.new("CN")]
        for i in ring:
            b.contact_links(i, phone=phone, address=address)
            b.officers(i, legal_rep=rep)
            for person in backers:
                b.owns("person", person, i, "0.5", b.founded[i], None)
    for i in parties.nominee_firms:
        b.contact_links(i)
        rep = b.officers(i, legal_rep=nominee)
        b.owns("person", rep, i, "1", b.founded[i], None)
    # Ownership chain: A owns 60 % of B, which owns 50 % of C, which owns 51 % of D.
    chain, shares = parties.chain, ("0.6", "0.5", "0.51")
    for k, i in enumerate(chain):
        b.contact_links(i)
        rep = b.officers(i)
        since = max(b.founded[j] for j in chain[: k + 1])
        if k == 0:
            b.owns("person", rep, i, "1", b.founded[i], None)
            continue
        b.owns("enterprise", eid(chain[k - 1]), i, shares[k - 1], since, None)
        rest = f"{1 - float(shares[k - 1]):.2f}".rstrip("0")
        b.owns("person", rep, i, rest, since, None)
    # Circular ownership: X owns 30 % of Y, Y 40 % of Z, Z 25 % of X.
    cycle, shares = parties.cycle, ("0.3", "0.4", "0.25")
    since = max(b.founded[j] for j in cycle) + rng.randint(10, 300)
    for k, i in enumerate(cycle):
        b.contact_links(i)
        rep = b.officers(i)
        b.owns("enterprise", eid(cycle[k - 1]), i, shares[k - 1], since, None)
        rest = f"{1 - float(shares[k - 1]):.2f}".rstrip("0")
        b.owns("person", rep, i, rest, b.founded[i], None)


def build_parties(rng: Random, sink: Sink, scale: int) -> Parties:
    n = enterprise_count(scale)
    b = _Builder(rng, sink, n)
    filing_status = [""] * n
    filed_on = [0] * n
    parties = Parties(
        [eid(i) for i in range(n)], b.kinds, b.countries, b.founded, b.by_kind,
        filing_status, filed_on, b.port_of,
    )  # fmt: skip
    skip: set[int] = set()
    _plant(b, parties, skip)
    parents_in: dict[str, list[int]] = {}
    ent_rows = []
    for i in range(n):
        kind, country = b.kinds[i], b.countries[i]
        if kind in FILED_KINDS:
            filing_status[i] = FILING_STATUSES.pick(rng)
            # The latest (re)filing: a filing runs three years, so a live one is recent.
            filed_on[i] = rng.randint(DAYS - 3 * 365 + 5, DAYS - 60)
        uscc = eori = gln = region = ""
        if country == "CN":
            region, _, division = CN_CITIES[_CITY_OF[b.city[i]]]
            uscc = make_uscc(i, division)
        if country in EU_COUNTRIES or (country == "GB" and kind != "lab"):
            eori = make_eori(country, i)
        if rng.random() < (0.6 if kind in ("manufacturer", "logistics", "warehouse") else 0.05):
            gln = make_gln(country, i)
        parties.regions.append(region)
        ent_rows.append((eid(i), b.name(i), kind, country, region, uscc, eori, gln, filing_status[i]))
        if i in skip:
            continue
        b.contact_links(i)
        rep = b.officers(i)
        parents = parents_in.setdefault(country, [])
        b.owners(i, rep, parents)
        if kind in ("manufacturer", "importer", "seller", "logistics"):
            parents.append(i)
    _planted_links(b, parties)
    sink.write_all("enterprises", ent_rows)
    b.people.flush()
    parties.platforms_of = _platform_members(b)
    return parties


def _platform_members(b: _Builder) -> dict[int, list[int]]:
    """Host every seller and exporter on one to three platforms; some left one."""
    rng = b.rng
    active: dict[int, list[int]] = {}
    platforms = b.by_kind["platform"]
    pick = Picker(platforms, zipf_weights(len(platforms), 1.1))
    for i in b.by_kind["seller"] + b.by_kind["exporter"]:
        chosen: list[int] = []
        for n in range(3 if rng.random() < 0.1 else 2 if rng.random() < 0.3 else 1):
            p = pick.pick(rng)
            if p in chosen:
                continue
            chosen.append(p)
            since = max(b.founded[i], b.founded[p]) + rng.randint(30, 400)
            until = b._ended(since) if n == 2 else None
            row = (eid(p), eid(i), day(since), day(until) if until else "")
            b.sink.write("platform_sellers", row)
            if until is None:
                active.setdefault(i, []).append(p)
    return active
