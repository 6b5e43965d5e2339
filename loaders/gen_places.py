"""Addresses and contacts (phones, e-mails), some of them shared between firms."""

from random import Random
from typing import Final

from loaders.gen_output import Sink
from loaders.gen_reference import CITY_AREA, CN_CITIES, FOREIGN_STREETS, PHONE_PREFIX, STREETS

# Business centres register many firms at one address; small firms share a line.
SHARED_ADDRESS: Final = 0.1
SHARED_PHONE: Final = 0.05
_REGION_OF_CITY: Final = {city: region for region, city, _ in CN_CITIES}


class Places:
    def __init__(self, rng: Random, sink: Sink) -> None:
        self.rng = rng
        self.sink = sink
        self.addresses_in: dict[str, list[str]] = {}
        self.phones_in: dict[str, list[str]] = {}
        self.n_addresses = 0
        self.n_contacts = 0

    def new_address(self, country: str, city: str) -> str:
        self.n_addresses += 1
        aid = f"AD{self.n_addresses:06d}"
        rng = self.rng
        if country == "CN":
            line = f"No. {rng.randint(1, 999)} {rng.choice(STREETS)} Road"
            if rng.random() < 0.5:
                line = f"Room {rng.randint(2, 28)}{rng.randint(1, 20):02d}, {line}"
        else:
            line = f"{rng.randint(1, 400)} {rng.choice(FOREIGN_STREETS)} Street"
        region = _REGION_OF_CITY.get(city, "") if country == "CN" else ""
        self.sink.write("addresses", (aid, line, city, region, country))
        self.addresses_in.setdefault(city, []).append(aid)
        return aid

    def address(self, country: str, city: str) -> str:
        pool = self.addresses_in.get(city)
        if pool and self.rng.random() < SHARED_ADDRESS:
            return self.rng.choice(pool)
        return self.new_address(country, city)

    def contact(self, kind: str, value: str) -> str:
        self.n_contacts += 1
        cid = f"CT{self.n_contacts:06d}"
        self.sink.write("contacts", (cid, kind, value))
        return cid

    def new_phone(self, country: str, city: str) -> str:
        prefix = PHONE_PREFIX.get(country, "+1")
        # A scrambled serial: distinct numbers that do not look sequential.
        serial = (self.n_contacts * 7919 + 1_000_003) % 10**8
        if country == "CN":
            value = f"{prefix}-{CITY_AREA.get(city, '10')}-{serial:08d}"
        else:
            value = f"{prefix} {serial:08d}"
        cid = self.contact("phone", value)
        self.phones_in.setdefault(country, []).append(cid)
        return cid

    def phone(self, country: str, city: str) -> str:
        pool = self.phones_in.get(country)
        if pool and self.rng.random() < SHARED_PHONE:
            return self.rng.choice(pool)
        return self.new_phone(country, city)
