"""Benchmark EPCIS capture: events per second and memory over a long run.

    python bench/capture.py [--events 1000000] [--per-document 1000] [--via loader|http]
                            [--heap-mb 1024] [--pagecache-mb 1024] [--keep]

Generates `--events` EPCIS 2.0 events on the fly (every event type, SGTIN /
SSCC / SGLN URNs and Digital Links, eventIDs, bizTransactions naming
declarations and shipments; nothing held beyond the document being sent) as
documents of `--per-document` events, and captures them into a throwaway
local Neo4j (var/bench-capture-neo4j, wiped first):

- `--via loader` (default): loaders.epcis.capture.prepare (the standard's
  JSON Schema, then our checks; in a thread) and store (one transaction per
  document), the next document prepared while the last one is stored;
- `--via http`: POST /capture to `hub serve` in its own process (the jobs
  polled until done, at most two documents in flight); RSS is the server's.

Prints progress on the terminal, then: events/s overall, the time split
between checking (prepare) and storing (the bare write: the CAPTURE
statement alone), the RSS sampled every second (first and last tenth of the
run: memory is flat when they match), the load average before and after,
and one line of JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import time
import uuid
from collections.abc import Iterator
from typing import Any

from common import ROOT  # bench/common.py; puts ROOT on sys.path
from neo4j import AsyncDriver, AsyncGraphDatabase

from graph_schema.migrate import migrate
from loaders.epcis.capture import Prepared, prepare, store
from loaders.epcis.document import CONTEXT
from tools import neo4j_local

HOME = ROOT / "var" / "bench-capture-neo4j"
DATABASE = "neo4j"
PREFIXES = ("0614141", "4012345", "9521234")


def rss_mb(pid: int | None = None) -> float:
    with open(f"/proc/{pid or 'self'}/statm") as stream:
        pages = int(stream.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def load_average() -> str:
    with open("/proc/loadavg") as stream:
        return " ".join(stream.read().split()[:3])


def _check_digit(digits: str) -> str:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return str((10 - total % 10) % 10)


def _event(i: int) -> dict[str, Any]:
    """Event i of the run: the five types in turn, identifiers unique per event where they should be."""
    prefix = PREFIXES[i % 3]
    item = f"urn:epc:id:sgtin:{prefix}.{(i % 90_000) + 10_000:06d}.{i}"
    link = f"https://id.gs1.org/01/{'0' + prefix + '12345'}{_check_digit('0' + prefix + '12345')}/21/S{i}"
    when = f"2026-{(i // 2_000_000) % 12 + 1:02d}-{(i // 70_000) % 28 + 1:02d}T{(i // 3600) % 24:02d}:{(i // 60) % 60:02d}:{i % 60:02d}.000+08:00"
    base: dict[str, Any] = {"eventID": f"urn:uuid:{uuid.UUID(int=i)}", "eventTime": when, "eventTimeZoneOffset": "+08:00",
                            "readPoint": {"id": f"urn:epc:id:sgln:{prefix}.{i % 1000:05d}.0"}}  # fmt: skip
    kind = i % 5
    if kind == 0:
        return {"type": "ObjectEvent", **base, "action": "OBSERVE", "epcList": [item, link], "bizStep": "shipping",
                "disposition": "in_transit", "bizTransactionList": [{"type": "desadv", "bizTransaction": f"S{i % 50_000}"}]}  # fmt: skip
    if kind == 1:
        sscc = f"urn:epc:id:sscc:{prefix}.{i % 10_000_000_000:010d}"
        return {"type": "AggregationEvent", **base, "action": "ADD", "parentID": sscc, "childEPCs": [item],
                "bizStep": "packing"}  # fmt: skip
    if kind == 2:
        return {"type": "TransactionEvent", **base, "action": "ADD", "epcList": [item], "bizStep": "receiving",
                "bizTransactionList": [{"type": "po", "bizTransaction": f"urn:epcglobal:cbv:bt:{prefix}000005:D{i % 20_000}"}]}  # fmt: skip
    if kind == 3:
        lot = f"urn:epc:class:lgtin:{prefix}.{(i % 90_000) + 10_000:06d}.L{i % 5000}"
        return {"type": "TransformationEvent", **base, "inputQuantityList": [{"epcClass": lot, "quantity": 10, "uom": "KGM"}],
                "outputEPCList": [item], "bizStep": "commissioning"}  # fmt: skip
    return {"type": "AssociationEvent", **base, "action": "ADD", "parentID": f"urn:epc:id:sgln:{prefix}.{i % 1000:05d}.0",
            "childEPCs": [item], "bizStep": "installing"}  # fmt: skip


def documents(total: int, per_document: int) -> Iterator[dict[str, Any]]:
    for start in range(0, total, per_document):
        events = [_event(i) for i in range(start, min(total, start + per_document))]
        yield {"@context": [CONTEXT], "type": "EPCISDocument", "schemaVersion": "2.0",
               "creationDate": "2026-05-01T10:05:00Z", "epcisBody": {"eventList": events}}  # fmt: skip


class Meter:
    """Progress on the terminal and RSS samples every second."""

    def __init__(self, total: int, pid: int | None) -> None:
        self.total, self.pid, self.done = total, pid, 0
        self.started = time.perf_counter()
        self.samples: list[float] = []

    async def sample(self) -> None:
        while True:
            self.samples.append(rss_mb(self.pid))
            elapsed = time.perf_counter() - self.started
            rate = self.done / elapsed if elapsed else 0.0
            print(f"\r{self.done:>11,} / {self.total:,} events  {rate:>8,.0f} ev/s  rss {self.samples[-1]:>7.1f} MB"
                  f"  load {load_average()}   ", end="", file=sys.stderr, flush=True)  # fmt: skip
            await asyncio.sleep(1.0)


async def via_loader(driver: AsyncDriver, args: argparse.Namespace, meter: Meter) -> dict[str, float]:
    spent = {"prepare_s": 0.0, "store_s": 0.0}
    queue: asyncio.Queue[Prepared | None] = asyncio.Queue(maxsize=2)

    def timed_prepare(document: dict[str, Any]) -> Prepared:
        started = time.perf_counter()
        try:
            return prepare(document)
        finally:
            spent["prepare_s"] += time.perf_counter() - started

    async def produce() -> None:
        for document in documents(args.events, args.per_document):
            await queue.put(await asyncio.to_thread(timed_prepare, document))
        await queue.put(None)

    producer = asyncio.create_task(produce())
    run = uuid.uuid4().hex
    while (prepared := await queue.get()) is not None:
        started = time.perf_counter()
        await store(driver, DATABASE, prepared, source="bench", capture_id=run)
        spent["store_s"] += time.perf_counter() - started
        meter.done += prepared.events
    await producer
    return spent


async def via_http(base: str, args: argparse.Namespace, meter: Meter) -> dict[str, float]:
    import httpx

    from tests.http import REGULATOR

    headers = {"Authorization": f"Bearer {REGULATOR}", "Content-Type": "application/json"}
    failed = 0
    async with httpx.AsyncClient(base_url=base, timeout=600.0, headers=headers) as client:
        in_flight: list[tuple[str, int]] = []

        async def settle(limit: int) -> None:
            nonlocal failed
            while len(in_flight) > limit:
                job, count = in_flight[0]
                status = (await client.get(f"/capture/{job}")).json()
                if status["running"]:
                    await asyncio.sleep(0.2)
                    continue
                if not status["success"]:
                    failed += 1
                    print(f"\njob {job} failed: {status['errors'][:2]}", file=sys.stderr)
                meter.done += count
                in_flight.pop(0)

        for document in documents(args.events, args.per_document):
            body = json.dumps(document).encode()
            reply = await client.post("/capture", content=body)
            reply.raise_for_status()
            in_flight.append((reply.json()["captureID"], len(document["epcisBody"]["eventList"])))
            await settle(1)
        await settle(0)
    return {"failed_jobs": failed}


async def bench(uri: str, args: argparse.Namespace) -> dict[str, Any]:
    driver = AsyncGraphDatabase.driver(uri, notifications_min_severity="OFF")
    try:
        await migrate(driver, DATABASE)
        await driver.execute_query(
            "UNWIND range(0, 19999) AS i CREATE (:Declaration {declarationId: 'D' + i})"
            " WITH max(i) AS top UNWIND range(0, 49999) AS j CREATE (:Shipment {shipmentId: 'S' + j})",
            database_=DATABASE,
        )
        if args.via == "http":
            from hubproc import hub_process

            with hub_process(uri) as (base, proc):
                meter = Meter(args.events, proc.pid)
                sampler = asyncio.create_task(meter.sample())
                extra = await via_http(base, args, meter)
        else:
            meter = Meter(args.events, None)
            sampler = asyncio.create_task(meter.sample())
            extra = await via_loader(driver, args, meter)
        seconds = time.perf_counter() - meter.started
        sampler.cancel()
        records, _, _ = await driver.execute_query(
            "RETURN COUNT { (:EpcisEvent) } AS events, COUNT { ()-[:BIZ_TRANSACTION]->() } AS links",
            database_=DATABASE,
        )
    finally:
        await driver.close()
    print(file=sys.stderr)
    tenth = max(1, len(meter.samples) // 10)
    return {
        "via": args.via, "events": args.events, "per_document": args.per_document,
        "stored_events": records[0]["events"], "biz_transaction_links": records[0]["links"],
        "seconds": round(seconds, 1), "events_per_s": round(args.events / seconds, 1),
        **{k: round(v, 1) for k, v in extra.items()},
        "rss_mb": {"first_tenth_median": round(statistics.median(meter.samples[:tenth]), 1),
                   "last_tenth_median": round(statistics.median(meter.samples[-tenth:]), 1),
                   "max": round(max(meter.samples), 1), "samples": len(meter.samples)},
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--per-document", type=int, default=1000, help="events per document (at most 10,000)")
    p.add_argument("--via", choices=("loader", "http"), default="loader")
    p.add_argument("--heap-mb", type=int, default=1024)
    p.add_argument("--pagecache-mb", type=int, default=1024)
    p.add_argument("--keep", action="store_true", help="leave the Neo4j running with its data")
    args = p.parse_args(argv)

    neo4j_local.stop(HOME)
    shutil.rmtree(HOME, ignore_errors=True)
    before = load_average()
    info = neo4j_local.start(HOME, heap_mb=args.heap_mb, pagecache_mb=args.pagecache_mb, tx_timeout_s=900)
    print(f"neo4j: {info.uri}; load average {before}", file=sys.stderr)
    try:
        result = asyncio.run(bench(info.uri, args))
    finally:
        if not args.keep:
            neo4j_local.stop(HOME)
            shutil.rmtree(HOME, ignore_errors=True)
    result |= {"load_average_before": before, "load_average_after": load_average(), "cpus": os.cpu_count()}
    share = ""
    if "prepare_s" in result:
        share = (f"; checking {result['prepare_s']:.0f} s (schema + ours, in a thread), "
                 f"storing {result['store_s']:.0f} s (the bare CAPTURE write)")  # fmt: skip
    rss = result["rss_mb"]
    print(f"capture via {args.via}: {args.events:,} events in {result['seconds']:.0f} s = "
          f"{result['events_per_s']:,.0f} events/s{share}; RSS median first tenth {rss['first_tenth_median']} MB, "
          f"last tenth {rss['last_tenth_median']} MB, max {rss['max']} MB; load average {result['load_average_before']}"
          f" -> {result['load_average_after']} on {result['cpus']} CPUs", file=sys.stderr)  # fmt: skip
    print(json.dumps(result))
    return 0 if result["stored_events"] == args.events else 1


if __name__ == "__main__":
    sys.exit(main())
