"""Start-up plan warm-up: every statement the hub can run, planned before clients ask.

Neo4j keys its plan cache on the statement text and each parameter's type;
for a string or a list also the bucket of its length (0, 1, 2-10, 11-100,
...), null being a type of its own. runtime.db therefore sends every
statement's parameters as the one map `$p` (`$name` read as `$p.name`), whose
key is "map" whatever it holds: one plan per statement text. So at start-up
each statement is run in that same form, in a transaction that is rolled
back: nothing is committed, and the whole plan (logical plan and executable
plan) is cached. Each runs with values found in the graph (plan_warm_keys),
so that it walks data and its first real call does not pay for operators
and store pages left cold; a write's changes are rolled back, never
committed. `EXPLAIN` is not enough: it caches the logical plan, but the
first real run still builds the executable plan (measured in
docs/operations.md). plan_warm_once runs this once per start of the database.

What is warmed is derived, not listed: every module-level Cypher constant of
hub.data (a string, or a dict of strings, holding a whole statement; a
constant contained in another is a fragment and is skipped). Its parameters
are read from its text and given sample values by name (SAMPLES); the
variants (each parameter null and set, list sizes) all give the one key of
the map form, which `sent_key` computes. tests/hub/test_plan_warm.py fails
when a statement has a parameter without a sample, and checks that the
documented operations send no key the warm-up does not run.
"""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import logging
import pkgutil
import re
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final, LiteralString

from neo4j import AsyncDriver

import hub.data
from hub.data import plan_warm_keys
from hub.data.epcis_event import MAX_ENTRIES
from hub.data.owners import MAX_CHAINS
from hub.data.screen_draft import MAX_SHIPMENTS
from hub.data.screen_facts import RULES_CAP
from hub.data.screen_related import HOP_CAP
from hub.data.trace import MAX_PARTIES
from runtime.db import one_map, param_names

log = logging.getLogger("hub.warm")

MAX_VARIANTS: Final = 16
_DAY: Final = dt.date(2000, 1, 1)
_NONE: Final = "-warm-none-"
_KEYWORDS: Final = re.compile(r"\b(MATCH|MERGE|CREATE|UNWIND|RETURN|CALL)\b")
# A whole statement starts with a clause; a predicate or projection fragment does not.
_CLAUSE: Final = re.compile(r"\s*(MATCH|OPTIONAL|MERGE|CREATE|UNWIND|CALL|WITH|RETURN)\b")
_SKIP_MODULES: Final = frozenset({"plan_warm", "plan_warm_once", "plan_warm_keys"})

# One value per parameter name, of the type real calls send (a tuple: several
# types or list sizes are sent). A `LIMIT $x` counts by the bucket of its value
# (1, 2-10, 11-100, ...): those fed from code constants get the constants. Values match nothing; keys and
# dates are replaced by values that find data (plan_warm_keys) where the graph has them.
SAMPLES: Final[dict[str, tuple[Any, ...]]] = {
    # the caller (Principal.cypher_params)
    "seeAll": (False,), "parcels": (False,), "agencyId": (_NONE,), "today": (_DAY,), "visibleOn": (_DAY,),
    "admin": (False,), "anyAgency": (False,),
    # ids and keys
    "id": (_NONE,), "ids": ([_NONE], [_NONE] * 5, [_NONE] * 20), "enterpriseId": (_NONE,), "productId": (_NONE,),
    "recallId": (_NONE,), "orderId": (_NONE,), "filingId": (_NONE,), "ratingId": (_NONE,),
    "arrangementId": (_NONE,), "changeId": (_NONE,), "evidenceId": (_NONE,), "inspectionId": (_NONE,),
    "targetId": (_NONE,), "recordId": (_NONE,), "partnerId": (_NONE,), "partyId": (_NONE,),
    "homeId": (_NONE,), "operatorId": (_NONE,), "issuerId": (_NONE,), "labId": (_NONE,),
    "declarantId": (_NONE,), "declarationId": (_NONE,), "levelId": (_NONE,), "recognizerId": (_NONE,),
    "sellerId": (_NONE,), "platformId": (_NONE,), "makerId": (_NONE,), "supersededBy": (_NONE,),
    "aeoNumber": (_NONE,), "ruleId": (_NONE,), "code": (_NONE,), "identifier": (_NONE,), "requestKey": (_NONE,),
    "clientRequestId": (_NONE,), "byKey": (_NONE,), "digest": (_NONE,), "attempt": (_NONE,),
    "key": (_NONE,),
    # plain values
    "kind": (_NONE,), "country": (_NONE,), "region": (_NONE,), "nameContains": (_NONE,),
    "filingStatus": (_NONE,), "status": (_NONE,), "direction": (_NONE,), "mode": (_NONE,),
    "port": (_NONE,), "measure": (_NONE,), "riskLevel": (_NONE,), "brand": (_NONE,),
    "category": (_NONE,), "gtin": (_NONE,), "hsPrefix": (_NONE,), "originCountry": (_NONE,),
    "list": (_NONE,), "reason": (_NONE,), "note": (_NONE,), "source": (_NONE,), "origin": (_NONE,),
    "targetKind": (_NONE,), "expected": (_NONE,), "under": (_NONE,),
    # dates
    "asOf": (_DAY,), "from": (_DAY,), "to": (_DAY,), "on": (_DAY,), "since": (_DAY,),
    "validFrom": (_DAY,), "endsOn": (_DAY,),
    # numbers and switches
    "limit": (21,), "skip": (0,), "shipmentLimit": (11,), "shipmentSkip": (0,), "shipmentRel": ("SOLD_BY", ""), "cap": (RULES_CAP, HOP_CAP, MAX_SHIPMENTS), "chunk": (1000,), "version": (1,), "groupLimit": (50,),
    "maxParties": (MAX_PARTIES,), "maxChains": (MAX_CHAINS,), "shown": (3,), "idOnly": (False,), "allVersions": (False,),
    "drafts": (False,), "downgrade": (False,), "viaPerson": (True,), "anyGroup": (True,),
    "anyLink": (True,), "maxEntries": (MAX_ENTRIES,),
    # lists
    "kinds": (["OWNERSHIP"] * 5,), "frontier": ([_NONE],), "seen": ([_NONE],), "keep": ([],),
    "statuses": ([_NONE],), "openStatuses": ([_NONE] * 3,), "headings": ([_NONE],),
    "products": ([_NONE],), "batchIds": ([_NONE],), "shipmentIds": ([_NONE],),
    "inspectionIds": ([_NONE],), "keys": ([_NONE],), "codes": ([_NONE],), "refs": ([{}],),
    "risky": ([_NONE],), "mappings": ([],), "evidence": ([],), "shipments": ([],), "batches": ([],),
    "parties": ([],), "rows": ([],),
    # maps (a map's type does not depend on what it holds)
    "fetch": ({},), "want": ({},), "f": ({},), "w": ({},), "props": ({},), "request": ({},), "alert": ({}, None),
}  # fmt: skip


@dataclass(frozen=True)
class Statement:
    name: str  # module.CONSTANT or module.CONSTANT[key]
    text: LiteralString

    def params(self) -> list[str]:
        return sorted(param_names(self.text))

    def nullable(self) -> set[str]:
        return {n for n in self.params() if re.search(r"\$" + n + r"\s+IS\s+(NOT\s+)?NULL", self.text)}

    def variants(self) -> list[dict[str, Any]]:
        """Parameter sets, one per type combination real calls may send."""
        names = self.params()
        nullable = self.nullable()
        choices = {n: tuple(SAMPLES[n]) + ((None,) if n in nullable else ()) for n in names}
        multi = [n for n in names if len({_type(v, n in _BUCKETED) for v in choices[n]}) > 1]
        fixed = {n: choices[n][0] for n in names if n not in multi}
        # Every combination of the other choices (list sizes, LIMIT buckets), each with
        # every null/set combination of the filters, or their spread when too many.
        filters = [n for n in multi if n in nullable]
        others = [n for n in multi if n not in nullable]
        switched = list(itertools.product(*(choices[n] for n in filters)))
        if len(switched) > MAX_VARIANTS:
            switched = list(_spread(filters, choices))
        seen: set[tuple[tuple[str, str], ...]] = set()
        out = []
        for other in itertools.product(*(choices[n] for n in others)):
            for combo in switched:
                params = {
                    **fixed,
                    **dict(zip(others, other, strict=True)),
                    **dict(zip(filters, combo, strict=True)),
                }
                sig = signature(params)
                if sig not in seen:
                    seen.add(sig)
                    out.append(params)
        return out


def _spread(names: list[str], choices: dict[str, tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """All null, all set, and each one set alone (on each of its values)."""
    nulls = tuple(None if None in choices[n] else choices[n][0] for n in names)
    yield nulls
    yield tuple(choices[n][0] for n in names)
    for i, n in enumerate(names):
        for value in choices[n]:
            yield (*nulls[:i], value, *nulls[i + 1 :])


# Parameters written `LIMIT $x` (their value counts by bucket, as a list's size does).
_BUCKETED: Final = frozenset({"cap", "maxParties", "maxChains"})


def _bucket(size: int) -> int:
    return 0 if size <= 0 else 1 if size == 1 else len(str(size - 1)) + 1  # 1, 2-10, 11-100, ...


def _type(value: Any, bucketed: bool = False) -> str:
    """The part of a parameter's value that Neo4j's plan cache keys on."""
    if value is None:
        return "null"
    if isinstance(value, list | tuple):
        return f"list/{_bucket(len(value))}"
    if bucketed and isinstance(value, int) and not isinstance(value, bool):
        return f"int/{_bucket(value)}"
    if isinstance(value, dict):
        return "map"
    if isinstance(value, str):
        return f"str/{_bucket(len(value))}"  # Neo4j's SizeBucket, as for lists
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, dt.datetime):
        return "datetime"
    return type(value).__name__


def signature(params: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((name, _type(value, name in _BUCKETED)) for name, value in params.items()))


def sent_key(statement: Statement, params: dict[str, Any]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The plan-cache key of `statement` run with `params` the way runtime.db sends it."""
    text, sent = one_map(statement.text, params)
    return text, signature(sent)


def _constants() -> Iterator[tuple[str, str]]:
    for info in pkgutil.iter_modules(hub.data.__path__):
        if info.name in _SKIP_MODULES:
            continue
        module = importlib.import_module(f"hub.data.{info.name}")
        for attr, value in vars(module).items():
            if attr.startswith("_") or not attr.isupper():
                continue
            if isinstance(value, str) and _KEYWORDS.search(value):
                yield f"{info.name}.{attr}", value
            elif isinstance(value, dict):
                for key, text in value.items():
                    if isinstance(text, str) and _KEYWORDS.search(text):
                        yield f"{info.name}.{attr}[{getattr(key, 'name', key)}]", text


def statements() -> list[Statement]:
    """Every whole statement of hub.data, once per text (fragments skipped)."""
    by_text: dict[str, str] = {}
    for name, text in _constants():
        by_text.setdefault(text, name)
    texts = list(by_text)
    whole = [t for t in texts if _CLAUSE.match(t) and not any(t != other and t in other for other in texts)]
    return [Statement(by_text[t], t) for t in whole]


def runs(statement: Statement, keys: dict[Any, Any], today: dt.date) -> list[dict[str, Any]]:
    """The parameter sets the warm-up runs `statement` with (each rolled back).

    runtime.db sends every statement with its parameters in the one map `$p`, whose
    cache key does not depend on what it holds: one run plans every null/set, length
    and size combination the variants list. Every statement runs with values that find
    data (plan_warm_keys), so its first real call finds its operators, expressions and
    store pages warm too. A write then really merges and creates, in the transaction
    that warm() rolls back: nothing is ever committed (a write warmed with values that
    matched nothing left the first real write paying 0.6-1 s: filings.CREATE).
    """
    base = statement.variants()[0]
    return plan_warm_keys.real_values(statement.text, base, statement.nullable(), keys, today)


async def _first_keys(driver: AsyncDriver, database: str, every: list[Statement]) -> dict[Any, Any]:
    labels = {label for s in every for label in plan_warm_keys.key_labels(s.text, s.params()).values()}
    try:
        return await plan_warm_keys.first_keys(driver, database, labels)
    except Exception as exc:  # then the samples that match nothing, as before
        log.warning("warm-up: no sample keys from the graph (%s: %s)", type(exc).__name__, exc)
        return {}


@dataclass
class Report:
    statements: int = 0
    runs: int = 0
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0


async def warm(
    driver: AsyncDriver,
    database: str,
    timeout_s: float = 300.0,
    on_run: Callable[[], Awaitable[None]] | None = None,
) -> Report:
    """Run every statement with each of its variants, rolled back; failures are logged, never fatal.

    `on_run` is awaited after each statement (plan_warm_once beats its heartbeat there).
    """
    report = Report()
    started = time.perf_counter()
    every = statements()
    keys = await _first_keys(driver, database, every)
    today = dt.datetime.now(dt.UTC).date()
    # The largest first: they take longest to plan, and the first clients would wait longest.
    for statement in sorted(every, key=lambda s: -len(s.text)):
        report.statements += 1
        for params in runs(statement, keys, today):
            report.runs += 1
            text, sent = one_map(statement.text, params)
            try:
                async with driver.session(database=database) as session:
                    tx = await session.begin_transaction(timeout=timeout_s)
                    try:
                        result = await tx.run(text, sent)
                        await result.consume()
                    finally:
                        await tx.rollback()
            except Exception as exc:  # warm-up must never stop the service
                report.failed.append(f"{statement.name}: {type(exc).__name__}: {exc}")
                log.warning("warm-up of %s failed: %s", statement.name, exc)
        if on_run is not None:
            await on_run()
    report.seconds = time.perf_counter() - started
    log.info(
        "plan warm-up: %d statements, %d runs in %.1f s, %d failed",
        report.statements, report.runs, report.seconds, len(report.failed),
    )  # fmt: skip
    return report
