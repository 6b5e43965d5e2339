"""Store one checked EPCIS document: all its events in one transaction, or none (docs/epcis.md)."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

from neo4j import AsyncDriver, AsyncManagedTransaction

from graph_schema.epcis import CAPTURE
from graph_schema.epcis_links import derive
from loaders.epcis import links
from loaders.epcis.document import DocumentError, Event, Problem, parse_document
from loaders.epcis.identifiers import Epc
from loaders.epcis.jobs import Outcome, finish_in
from loaders.epcis.master_data import master_data

MAX_BYTES: Final = 64 * 1024 * 1024  # one document; a bigger capture is several documents


@dataclass(frozen=True)
class Captured:
    events: int  # events in the document
    created: int  # events stored now (the others were already stored: a repeated capture)


def event_key(event: Event, raw: dict[str, Any]) -> str:
    """The event's eventID, else `sha256:` of its canonical JSON (sorted keys, no spaces)."""
    if event.event_id:
        return event.event_id
    text = json.dumps(raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def _gtins(gtin: str | None) -> list[str]:
    """Every length the hub may hold a GTIN-14 in (GTIN-8/12/13 are zero-padded to 14)."""
    if gtin is None:
        return []
    return [gtin[-n:] for n in (14, 13, 12, 8) if set(gtin[:-n]) <= {"0"}]


def _epc(epc: Epc) -> dict[str, Any]:
    props = {k: v for k, v in asdict(epc).items() if v is not None}
    return {"key": epc.key, "kind": epc.kind, "props": props, "gtins": _gtins(epc.gtin),
            "lot": epc.lot, "serial": epc.serial}  # fmt: skip


def _links(event: Event, raw: dict[str, Any]) -> list[dict[str, Any]]:
    links: list[dict[str, Any]] = []
    for name, epcs in event.epcs.items():
        entries = raw.get(name) or []
        for epc, entry in zip(epcs, entries, strict=True):
            quantity = entry.get("quantity") if isinstance(entry, dict) else None
            uom = entry.get("uom") if isinstance(entry, dict) else None
            links.append({"key": epc.key, "rel": "WHAT", "list": name, "quantity": quantity, "uom": uom})
    for rel, where in (("PARENT", event.parent), ("READ_POINT", event.read_point),
                       ("BIZ_LOCATION", event.biz_location)):  # fmt: skip
        if where is not None:
            links.append({"key": where.key, "rel": rel, "list": None, "quantity": None, "uom": None})
    return links


def capture_params(document: dict[str, Any], events: list[Event]) -> dict[str, Any]:
    """The CAPTURE parameters: distinct EPCs, and one entry per event key (see graph_schema.epcis)."""
    raws = document["epcisBody"]["eventList"]
    epcs: dict[str, dict[str, Any]] = {}
    rows: dict[str, dict[str, Any]] = {}
    for event in events:
        raw = raws[event.index]
        key = event_key(event, raw)
        if key in rows:  # the same event twice in a document: keep the first, take a later error declaration
            if event.error_declaration is not None and rows[key]["error"] is None:
                rows[key]["error"] = event.error_declaration
            continue
        every = [e for group in event.epcs.values() for e in group]
        every += [e for e in (event.parent, event.read_point, event.biz_location) if e is not None]
        for epc in every:
            epcs.setdefault(epc.key, _epc(epc))
        stage, status = links.stage(event)
        props = {
            "eventId": event.event_id, "type": event.type, "action": event.action,
            "bizStep": event.biz_step, "disposition": event.disposition,
            "eventTimeZoneOffset": raw.get("eventTimeZoneOffset"),
            "bizTransactions": [f"{t or ''} {i}".strip() for t, i in event.biz_transactions] or None,
        }  # fmt: skip
        rows[key] = {"key": key, "props": props, "eventTime": event.time.isoformat(),
                     "error": event.error_declaration, "links": _links(event, raw),
                     "transactions": links.transactions(event), "stage": stage, "status": status}  # fmt: skip
    described, _ = master_data(document)
    for described_epc in described:  # described EPCs get a node (and its IDENTIFIES) like named ones
        epcs.setdefault(described_epc["epc"].key, _epc(described_epc["epc"]))
    masters = [{"key": m["epc"].key, "attributes": m["attributes"], "json": m["json"]} for m in described]
    return {"epcs": list(epcs.values()), "events": list(rows.values()), "masterData": masters}


MAX_PASSES: Final = 10  # `proceed`: each pass drops the events found bad (at most 100 a pass)


@dataclass(frozen=True)
class Prepared:
    """A document checked and turned into CAPTURE parameters (CPU only: run it off the event loop)."""

    params: dict[str, Any]
    events: int  # events in the document as sent
    refused: list[Problem]  # `proceed` only: the events left out, and why


def prepare(document: Any, *, proceed: bool = False) -> Prepared:
    """Check a document; DocumentError when refused whole.

    `rollback` (proceed False): any problem refuses the document. `proceed`:
    the events with problems are left out and the rest is kept; a problem of
    the document itself (not of one event) still refuses it whole. Problems
    always carry the event's index in the document as sent.
    """
    total = _event_count(document)
    refused: list[Problem] = []
    originals = list(range(total))  # index in the trimmed document -> index in the document as sent
    for _ in range(MAX_PASSES):
        try:
            events = parse_document(document)
        except DocumentError as exc:
            found = [_renumbered(p, originals) for p in exc.problems]
            if not proceed or any(p.event is None for p in found):
                raise DocumentError([*refused, *found]) from None
            bad = {p.event for p in exc.problems}
            raws = document["epcisBody"]["eventList"]
            kept = [i for i in range(len(raws)) if i not in bad]
            body = {**document["epcisBody"], "eventList": [raws[i] for i in kept]}
            document, originals = {**document, "epcisBody": body}, [originals[i] for i in kept]
            refused += found
            continue
        return Prepared(capture_params(document, events), total, refused)
    last = Problem(None, None, "epcisBody.eventList", "too many bad events to proceed")
    raise DocumentError([*refused, last])


def _renumbered(problem: Problem, originals: list[int]) -> Problem:
    if problem.event is None or problem.event >= len(originals):
        return problem
    return Problem(originals[problem.event], problem.event_id, problem.field, problem.reason)


async def _write(tx: AsyncManagedTransaction, params: dict[str, Any], job: str | None, total: int,
                 refused: list[Problem]) -> Captured:  # fmt: skip
    record = await (await tx.run(CAPTURE, params)).single(strict=True)
    await derive(tx, [e["key"] for e in params["events"]])  # derived links (graph_schema.epcis_links)
    done = Captured(int(record["events"]), int(record["created"]))
    if job is not None:
        await finish_in(tx, job, Outcome(not refused, [str(p) for p in refused], total, done.events))
    return done


async def store(
    driver: AsyncDriver,
    database: str,
    prepared: Prepared,
    *,
    source: str,
    capture_id: str,
    job: str | None = None,
) -> Captured:
    """Store a prepared document in ONE transaction; a capture job given ends in that transaction too."""
    params = {**prepared.params, "source": source, "capture": capture_id, "attempt": uuid.uuid4().hex}
    async with driver.session(database=database) as session:
        return await session.execute_write(_write, params, job, prepared.events, prepared.refused)


async def capture(
    driver: AsyncDriver, database: str, document: Any, *, source: str, capture_id: str
) -> Captured:
    """Check and store one document; DocumentError (nothing stored) when any event is bad."""
    return await store(driver, database, prepare(document), source=source, capture_id=capture_id)


def read_document(path: Path) -> Any:
    """A document file's JSON; DocumentError when it is too big or not JSON (UTF-8)."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DocumentError(
            [Problem(None, None, "(file)", f"{size:,} bytes; at most {MAX_BYTES:,} per document")]
        )
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DocumentError(
            [Problem(None, None, "(file)", f"not UTF-8 text at byte {exc.start + 1}")]
        ) from None
    except json.JSONDecodeError as exc:
        reason = f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        raise DocumentError([Problem(None, None, "(file)", reason)]) from None


def documents_in(folder: Path) -> tuple[list[Path], list[str]]:
    """The EPCIS documents of a load folder, by name, and the other `*.json` files (ignored).

    Every `*.jsonld` is a document; a `*.json` is one when its first 64 KB
    mention `epcisBody`, `EPCISDocument` or `@context` (a generator's
    `manifest.json` is not), so that a broken document is still reported.
    """
    documents = sorted(folder.glob("*.jsonld"))
    ignored: list[str] = []
    for path in sorted(folder.glob("*.json")):
        with path.open("rb") as stream:
            head = stream.read(65_536)
        if any(mark in head for mark in (b"epcisBody", b"EPCISDocument", b"@context")):
            documents.append(path)
        else:
            ignored.append(path.name)
    return sorted(documents), ignored


async def load_document(
    driver: AsyncDriver, database: str, path: Path, run_id: str
) -> tuple[int, int, list[Problem]]:
    """(events read, events loaded, problems) for one document file.

    All or nothing: a bad document loads no event and counts every event as
    rejected (a file that is not a JSON document counts as one).
    """
    try:
        document = read_document(path)
    except DocumentError as exc:
        return 1, 0, exc.problems
    try:
        done = await capture(driver, database, document, source=path.name, capture_id=run_id)
    except DocumentError as exc:
        return _event_count(document), 0, exc.problems
    return done.events, done.events, []


def _event_count(document: Any) -> int:
    body = document.get("epcisBody") if isinstance(document, dict) else None
    events = body.get("eventList") if isinstance(body, dict) else None
    return len(events) if isinstance(events, list) else 1


def where(problem: Problem) -> str:
    """The problem's place: `eventList[3] (<eventID>).action` or the document's field."""
    if problem.event is None:
        return problem.field
    named = f" ({problem.event_id})" if problem.event_id else ""
    return f"eventList[{problem.event}]{named}.{problem.field}"
