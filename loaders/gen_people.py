"""Persons and their directorships.

A person is reused for a new role with some probability, so that many people
hold one role and a few hold several: the overlap related-party queries find.
"""

from random import Random
from typing import Final

from loaders.gen_codes import day
from loaders.gen_output import Sink
from loaders.gen_reference import ASIAN_NAMES, CN_GIVEN, CN_SURNAMES, WEST_FIRST, WEST_LAST

REUSE: Final = 0.35


class People:
    def __init__(self, rng: Random, sink: Sink) -> None:
        self.rng = rng
        self.sink = sink
        self.rows: list[tuple[str, str, str]] = []
        self.pools: dict[str, list[str]] = {}

    @staticmethod
    def nationality(country: str) -> str:
        # Hong Kong residents who run firms are mostly Chinese nationals.
        return "CN" if country == "HK" else country

    def new(self, nationality: str) -> str:
        pid = f"PE{len(self.rows) + 1:06d}"
        rng = self.rng
        if nationality == "CN":
            name = f"{rng.choice(CN_SURNAMES)} {rng.choice(CN_GIVEN)}"
        elif nationality in ASIAN_NAMES:
            given, family = ASIAN_NAMES[nationality]
            name = f"{rng.choice(given)} {rng.choice(family)}"
        else:
            name = f"{rng.choice(WEST_FIRST)} {rng.choice(WEST_LAST)}"
        self.rows.append((pid, name, nationality))
        self.pools.setdefault(nationality, []).append(pid)
        return pid

    def pick(self, nationality: str, avoid: set[str] | frozenset[str] = frozenset()) -> str:
        pool = self.pools.get(nationality)
        if pool and self.rng.random() < REUSE:
            pid = pool[self.rng.randrange(len(pool))]
            if pid not in avoid:
                return pid
        return self.new(nationality)

    def direct(self, pid: str, eid: str, role: str, since: int, until: int | None) -> None:
        self.sink.write("directorships", (pid, eid, role, day(since), day(until) if until else ""))

    def flush(self) -> None:
        self.sink.write_all("persons", self.rows)
