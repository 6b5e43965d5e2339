"""Screening on arrival: a lodged declaration's decisions per shipment, written once (append-only).

`lodgeDeclaration` screens the declaration it stored (read back from the
graph, as `screenDeclarationById` does, so both give the same decisions and
draws) and writes one `ScreeningDecision` per shipment, keyed by declaration
and shipment: the first write wins (MERGE ... ON CREATE), so a retry, or two
concurrent first tries, return the decisions written first. Reason fields
name the lodging input (`input.shipments[2].goods[0].hsCode`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, LiteralString

from hub.data.screening import DeclarationResult
from hub.rules.screening import Reason
from runtime.db import Cypher

# The first write wins; the rows returned are what is stored (this call's or an earlier one's).
STORE: Final[LiteralString] = """
UNWIND $rows AS r
MATCH (s:Shipment {shipmentId: r.shipmentId})-[:DECLARED_IN]->(:Declaration {declarationId: $declarationId})
MERGE (x:ScreeningDecision {decisionId: r.decisionId})
  ON CREATE SET x += r.props, x.screenedAt = datetime()
MERGE (x)-[:SCREENS]->(s)
RETURN x {.*} AS row ORDER BY x.inputIndex
"""

READ: Final[LiteralString] = """
MATCH (:Declaration {declarationId: $declarationId})<-[:DECLARED_IN]-(:Shipment)<-[:SCREENS]-(x:ScreeningDecision)
WHERE x.declarationId = $declarationId
RETURN x {.*} AS row ORDER BY x.inputIndex
"""

_STORED_PATH: Final = re.compile(r"^shipments\[(\d+)\](?:\.goods\[(\d+)\])?")


@dataclass(frozen=True)
class Lines:
    """Where each stored shipment and goods line came from in the lodging input."""

    shipments: dict[str, int]  # shipment id -> input index
    goods: dict[tuple[str, str], int]  # (shipment id, batch id) -> first input goods index


def _input_field(field: str | None, result: DeclarationResult, lines: Lines) -> str | None:
    """`shipments[i].goods[j]...` (stored order: shipments by id, goods by batch) -> the input's path."""
    if field is None:
        return None
    found = _STORED_PATH.match(field)
    if found is None:  # a declaration-level field: `declarantId`
        return "input." + field
    shipment = result.draft.shipments[int(found[1])]
    path = f"input.shipments[{lines.shipments[shipment.ref]}]"
    if found[2] is not None:
        batch = shipment.goods[int(found[2])].batch_id or ""
        path += f".goods[{lines.goods.get((shipment.ref, batch), int(found[2]))}]"
    return path + field[found.end() :]


def _reason(r: Reason, result: DeclarationResult, lines: Lines) -> dict[str, Any]:
    return {"kind": r.kind.value, "outcome": r.outcome.value, "field": _input_field(r.field, result, lines),
            "ruleId": r.rule_id, "ruleVersion": r.rule_version, "message": r.message}  # fmt: skip


def rows(declaration_id: str, result: DeclarationResult, lines: Lines) -> list[dict[str, Any]]:
    """One decision per screened shipment, with the rule versions in force that were applied."""
    applied = [f"{v.rule_id}@{v.version}" for v in result.rules]
    out = []
    for s in result.shipments:
        o = s.outcome
        index = lines.shipments[s.ref]
        props = {
            "declarationId": declaration_id, "shipmentId": s.ref, "inputIndex": index,
            "field": f"input.shipments[{index}]", "decision": o.decision.value,
            "reasons": json.dumps([_reason(r, result, lines) for r in o.reasons], ensure_ascii=False),
            "rulesApplied": applied,
            "samplingTable": o.rate.table_version, "samplingRate": float(o.rate.rate),
            "draw": o.draw.value, "selected": o.draw.selected, "credit": result.credit.explanation,
            "declaredOn": result.draft.declared_on,
        }  # fmt: skip
        out.append({"decisionId": f"{declaration_id}|{s.ref}|arrival", "shipmentId": s.ref, "props": props})
    return out


async def store(cy: Cypher, declaration_id: str, decisions: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    records = await cy.write(STORE, {"declarationId": declaration_id, "rows": list(decisions)})
    return [r["row"] for r in records]


async def read(cy: Cypher, declaration_id: str) -> list[dict[str, Any]]:
    records = await cy.read(READ, {"declarationId": declaration_id})
    return [r["row"] for r in records]
