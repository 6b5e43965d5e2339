"""An EPCIS 2.0 JSON / JSON-LD document in, checked events out, or every problem with its place.

First the standard's JSON Schema (loaders.epcis.gs1_schema), then strict
checks of what the hub relies on, written from EPCIS 2.0 and CBV 2.0: the
document is an `EPCISDocument` of schema version 2.0 whose `@context` names the standard's context; each event is one of the five types
with `eventTime` (with offset) and `eventTimeZoneOffset`; `action` where the
type has one; the identifiers each type requires; every EPC, class, location
resolves (loaders.epcis.identifiers); bizStep and disposition are CBV terms
(bare or https://ref.gs1.org/cbv/ form, stored bare; the schema refuses
the EPCIS 1.x URN form). A problem names
the event (`eventList[3]` and its eventID when given) and the field. One
problem rejects the whole document (all-or-nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from loaders.epcis.gs1_schema import schema_problems
from loaders.epcis.identifiers import Epc, IdentifierError, resolve
from loaders.epcis.problems import DocumentError, Problem

__all__ = ["DocumentError", "Event", "Problem", "parse_document"]

CONTEXT: Final = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
TYPES: Final = (
    "ObjectEvent",
    "AggregationEvent",
    "TransactionEvent",
    "TransformationEvent",
    "AssociationEvent",
)
ACTIONS: Final = ("ADD", "OBSERVE", "DELETE")
MAX_EVENTS: Final = 10_000  # per document; a bigger batch is several documents
_OFFSET: Final = re.compile(r"[+-](0\d|1[0-4]):[0-5]\d\Z")
_CBV: Final = re.compile(
    r"(?:urn:epcglobal:cbv:(?:bizstep|disp):|https://ref\.gs1\.org/cbv/(?:BizStep|Disp)-)?([a-z_]+)\Z"
)
# Which identifier lists each event type reads, as (field, kind of entry).
_EPC_LISTS: Final = {
    "ObjectEvent": ("epcList", "quantityList"),
    "AggregationEvent": ("childEPCs", "childQuantityList"),
    "TransactionEvent": ("epcList", "quantityList"),
    "AssociationEvent": ("childEPCs", "childQuantityList"),
    "TransformationEvent": ("inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList"),
}


@dataclass
class Event:
    """One checked event: what (EPCs by list), when, where, why."""

    index: int
    type: str
    event_id: str | None
    time: datetime
    action: str | None
    epcs: dict[str, list[Epc]] = field(default_factory=dict)  # list field -> resolved EPCs
    parent: Epc | None = None
    biz_step: str | None = None
    disposition: str | None = None
    read_point: Epc | None = None
    biz_location: Epc | None = None
    biz_transactions: list[tuple[str | None, str]] = field(default_factory=list)  # (type, id)
    error_declaration: dict[str, Any] | None = None  # declarationTime, reason, correctiveEventIDs


class _Checker:
    def __init__(self, index: int, raw: dict[str, Any], problems: list[Problem]) -> None:
        self.index, self.raw, self.problems = index, raw, problems
        self.event_id = raw.get("eventID") if isinstance(raw.get("eventID"), str) else None

    def fail(self, name: str, reason: str) -> None:
        self.problems.append(Problem(self.index, self.event_id, name, reason))

    def epc(self, name: str, value: Any) -> Epc | None:
        if not isinstance(value, str):
            self.fail(name, "must be a string")
            return None
        try:
            return resolve(value)
        except IdentifierError as exc:
            self.fail(name, f"{value[:80]!r}: {exc}")
            return None

    def cbv(self, name: str) -> str | None:
        value = self.raw.get(name)
        if value is None:
            return None
        found = _CBV.match(value) if isinstance(value, str) else None
        if found is None:
            self.fail(name, "not a CBV term")
            return None
        return found[1]

    def location(self, name: str) -> Epc | None:
        value = self.raw.get(name)
        if value is None:
            return None
        if not isinstance(value, dict) or "id" not in value:
            self.fail(name, "must be an object with an id")
            return None
        found = self.epc(name + ".id", value["id"])
        if found is not None and found.kind != "location":
            self.fail(name + ".id", "is not a location (SGLN or Digital Link 414)")
        return found


def _time(check: _Checker) -> datetime | None:
    raw = check.raw
    offset = raw.get("eventTimeZoneOffset")
    if not isinstance(offset, str) or not _OFFSET.match(offset):
        check.fail("eventTimeZoneOffset", "required, as +hh:mm or -hh:mm")
    value = raw.get("eventTime")
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        check.fail("eventTime", "required, an ISO 8601 date-time with a time zone")
        return None
    return parsed


def _event(index: int, raw: Any, problems: list[Problem]) -> Event | None:
    if not isinstance(raw, dict):
        problems.append(Problem(index, None, "type", "an event must be an object"))
        return None
    check = _Checker(index, raw, problems)
    before = len(problems)
    kind = raw.get("type")
    if kind not in TYPES:
        check.fail("type", f"must be one of {', '.join(TYPES)}")
        return None
    when = _time(check)
    action = raw.get("action")
    if kind == "TransformationEvent":
        if action is not None:
            check.fail("action", "a TransformationEvent has no action")
    elif action not in ACTIONS:
        check.fail("action", "required, one of ADD, OBSERVE, DELETE")
    event = Event(
        index, kind, check.event_id, when or datetime.min, action if isinstance(action, str) else None
    )
    for name in _EPC_LISTS[kind]:
        entries = raw.get(name, [])
        if not isinstance(entries, list):
            check.fail(name, "must be a list")
            continue
        resolved: list[Epc] = []
        for i, entry in enumerate(entries):
            if name.endswith("QuantityList") or name == "quantityList":
                value = entry.get("epcClass") if isinstance(entry, dict) else None
                found = check.epc(f"{name}[{i}].epcClass", value)
                if found is not None and found.kind not in ("lot", "product"):
                    check.fail(f"{name}[{i}].epcClass", "is not a class (LGTIN or product)")
            else:
                found = check.epc(f"{name}[{i}]", entry)
            if found is not None:
                resolved.append(found)
        event.epcs[name] = resolved
    if kind == "TransformationEvent":
        if not any(raw.get(n) for n in _EPC_LISTS[kind][:2]) or not any(
            raw.get(n) for n in _EPC_LISTS[kind][2:]
        ):
            check.fail("inputEPCList", "a transformation needs at least one input and one output")
    elif not any(raw.get(n) for n in _EPC_LISTS[kind]) and kind != "TransactionEvent":
        check.fail(_EPC_LISTS[kind][0], f"required (or {_EPC_LISTS[kind][1]})")
    if kind in ("AggregationEvent", "AssociationEvent") and (action != "OBSERVE" or "parentID" in raw):
        if "parentID" not in raw:
            check.fail("parentID", f"required for {action}")
        else:
            event.parent = check.epc("parentID", raw["parentID"])
    if kind == "TransactionEvent":
        if not raw.get("bizTransactionList"):
            check.fail("bizTransactionList", "required for a TransactionEvent")
        if "parentID" in raw:
            event.parent = check.epc("parentID", raw["parentID"])
    for i, entry in enumerate(raw.get("bizTransactionList") or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("bizTransaction"), str):
            check.fail(f"bizTransactionList[{i}].bizTransaction", "required, a string")
            continue
        event.biz_transactions.append((entry.get("type"), entry["bizTransaction"][:200]))
    event.biz_step, event.disposition = check.cbv("bizStep"), check.cbv("disposition")
    event.read_point, event.biz_location = check.location("readPoint"), check.location("bizLocation")
    declared = raw.get("errorDeclaration")
    if declared is not None:
        if not isinstance(declared, dict) or not isinstance(declared.get("declarationTime"), str):
            check.fail("errorDeclaration.declarationTime", "required in an error declaration")
        else:
            corrective = declared.get("correctiveEventIDs") or []
            if not isinstance(corrective, list) or not all(isinstance(c, str) for c in corrective):
                check.fail("errorDeclaration.correctiveEventIDs", "must be a list of event ids")
            elif event.event_id is None:
                check.fail("eventID", "an error declaration must name the event it declares in error")
            event.error_declaration = {"declarationTime": declared["declarationTime"],
                                       "reason": declared.get("reason"), "correctiveEventIDs": corrective}  # fmt: skip
    return event if len(problems) == before else None


def parse_document(document: Any) -> list[Event]:
    """The checked events of one EPCIS document; DocumentError (nothing kept) when any problem."""
    problems: list[Problem] = []

    def fail(name: str, reason: str) -> None:
        problems.append(Problem(None, None, name, reason))

    if not isinstance(document, dict):
        raise DocumentError([Problem(None, None, "type", "the document must be a JSON object")])
    # The size cap first (the schema check reads every event), then the standard's schema, then ours.
    body = document.get("epcisBody")
    events = body.get("eventList") if isinstance(body, dict) else None
    if isinstance(events, list) and len(events) > MAX_EVENTS:
        fail("epcisBody.eventList", f"at most {MAX_EVENTS:,} events per document, got {len(events):,}")
        raise DocumentError(problems)
    problems.extend(schema_problems(document))
    if problems:
        raise DocumentError(problems)
    if document.get("type") != "EPCISDocument":
        fail("type", "must be EPCISDocument")
    if document.get("schemaVersion") not in ("2.0", 2.0):
        fail("schemaVersion", "must be 2.0")
    context = document.get("@context")
    names = context if isinstance(context, list) else [context]
    if CONTEXT not in names:
        fail("@context", f"must include {CONTEXT}")
    body = document.get("epcisBody")
    events = body.get("eventList") if isinstance(body, dict) else None
    if not isinstance(events, list):
        fail("epcisBody.eventList", "required, a list")
        raise DocumentError(problems)
    if len(events) > MAX_EVENTS:
        fail("epcisBody.eventList", f"at most {MAX_EVENTS:,} events per document, got {len(events):,}")
        raise DocumentError(problems)
    checked = [_event(i, raw, problems) for i, raw in enumerate(events)]
    if problems:
        raise DocumentError(problems)
    return [e for e in checked if e is not None]
