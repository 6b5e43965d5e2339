"""Real sample values for the warm-up: each run walks data.

A plan cached by the warm-up is not enough for a fast first call: with
sample values that match nothing (`-warm-none-`) a statement stops at its
first lookup, so the operators, expressions and subqueries after it never
run and the store pages they read are never touched; the first real call
paid that (inspections.CHECK: 132 ms of server time on its first call
against 2 ms warm, its plan cached; filings.CREATE, the first write after
start-up, 598 ms against 31; docs/operations.md "Cold plans").

So every statement is warmed with values that find data:
- a parameter the text matches against a label's natural key
  (`(:Enterprise {enterpriseId: $labId})`, `e.enterpriseId = $id`,
  `b.batchId IN $batchIds`, `UNWIND $ids AS id MATCH (:Batch {batchId: id})`)
  or whose name says it (`_BY_NAME`) gets that label's first key in the
  graph (the node a label scan finds first; a list gets a list of that key);
- a filter the text tests with `$x IS NULL` is sent null (no filter: the
  statement walks the rows a call without that filter walks), and once
  more set to the key, when it is one;
- dates are today (an "as of" reads what is in force now);
- the caller is a domestic regulator of the first agency (sees everything).
Other values keep the warm-up's samples (`-warm-none-`, empty lists and
maps), and so does the key of a node the statement makes (`MERGE (n:Filing
{filingId: $filingId})`: a new id, so the create path runs). A write then really merges and creates, in a transaction
that plan_warm rolls back: nothing is committed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Final, LiteralString

from neo4j import AsyncDriver

from graph_schema.model import NATURAL_KEYS, Label

# A dynamic label (`$(...)`, Neo4j 5.26) keeps the text constant; the label
# scan stops at the first node holding the key.
FIRST_KEYS: Final[LiteralString] = """
UNWIND $pairs AS pair
CALL (pair) {
  MATCH (n:$(pair.label)) WHERE n[pair.key] IS NOT NULL
  RETURN n[pair.key] AS value LIMIT 1
}
RETURN pair.label AS label, value
"""

_NODE: Final = re.compile(r"\((\w*)\s*:\s*(\w+)")
_IN_PATTERN: Final = re.compile(r":\s*(\w+)\s*\{[^{}]*?\b(\w+)\s*:\s*\$(\w+)\b(?![.\[])")
_COMPARED: Final = re.compile(r"\b(\w+)\.(\w+)\s*(?:=|IN)\s*\$(\w+)\b(?![.\[])")
_UNWIND: Final = re.compile(r"UNWIND\s+\$(\w+)\s+AS\s+(\w+)")
# `MERGE (n:Inspection {inspectionId: $inspectionId})`: the id of a record being made stays new.
_MADE: Final = re.compile(r"\b(?:MERGE|CREATE)\s*\(\w*\s*:\s*\w+\s*\{[^{}]*?\$(\w+)\b")
_DATES: Final = frozenset({"asOf", "on", "today", "visibleOn", "to"})
# Names whose label the text may not show (compared through a relationship or a function).
_BY_NAME: Final[dict[str, Label]] = {
    "enterpriseId": Label.ENTERPRISE, "sellerId": Label.ENTERPRISE, "platformId": Label.ENTERPRISE,
    "declarantId": Label.ENTERPRISE, "labId": Label.ENTERPRISE, "makerId": Label.ENTERPRISE,
    "partyId": Label.ENTERPRISE, "productId": Label.PRODUCT, "recallId": Label.RECALL,
    "orderId": Label.RECALL, "filingId": Label.FILING, "ratingId": Label.RATING,
    "arrangementId": Label.ARRANGEMENT, "agencyId": Label.AGENCY, "partnerId": Label.AGENCY,
    "issuerId": Label.AGENCY, "operatorId": Label.AGENCY, "homeId": Label.AGENCY,
    "recognizerId": Label.AGENCY, "levelId": Label.CREDIT_LEVEL, "ruleId": Label.SCREENING_RULE,
}  # fmt: skip


def key_labels(text: str, params: list[str]) -> dict[str, Label]:
    """The label whose natural key each parameter of `text` is matched against, where the text shows it."""
    labels: dict[str, Label] = {}
    for label, key, name in _IN_PATTERN.findall(text):
        if label in Label._value2member_map_ and NATURAL_KEYS.get(Label(label)) == key:
            labels.setdefault(name, Label(label))
    bound = {var: label for var, label in _NODE.findall(text) if var and label in Label._value2member_map_}
    for var, key, name in _COMPARED.findall(text):
        label = bound.get(var)
        if label is not None and NATURAL_KEYS.get(Label(label)) == key:
            labels.setdefault(name, Label(label))
    # `UNWIND $ids AS id MATCH (s:Shipment {shipmentId: id})`: the list holds that label's keys.
    for name, var in _UNWIND.findall(text):
        element = re.compile(r":\s*(\w+)\s*\{[^{}]*?\b(\w+)\s*:\s*" + re.escape(var) + r"\b(?!\.)")
        for label, key in element.findall(text):
            if label in Label._value2member_map_ and NATURAL_KEYS.get(Label(label)) == key:
                labels.setdefault(name, Label(label))
    for name in params:
        if name not in labels and name in _BY_NAME:
            labels[name] = _BY_NAME[name]
    for name in _MADE.findall(text):
        labels.pop(name, None)
    return labels


async def first_keys(driver: AsyncDriver, database: str, labels: set[Label]) -> dict[Label, Any]:
    """Each label's first natural key in the graph (labels with no node are left out)."""
    pairs = [{"label": label.value, "key": NATURAL_KEYS[label]} for label in sorted(labels)]
    records, _, _ = await driver.execute_query(FIRST_KEYS, {"pairs": pairs}, database_=database)
    return {Label(r["label"]): r["value"] for r in records if r["value"] is not None}


def real_values(
    text: str, base: dict[str, Any], nullable: set[str], keys: dict[Label, Any], today: dt.date
) -> list[dict[str, Any]]:
    """`base` (the warm-up's samples) with values that find data.

    One set with every nullable filter null; a second with the filters that
    match a natural key set to that key, when there are such filters (both
    branches of `$x IS NULL OR ...` then run once).
    """
    params = dict(base)
    keyed = {}
    for name, label in key_labels(text, list(base)).items():
        if label in keys:
            keyed[name] = [keys[label]] if isinstance(base[name], list) else keys[label]
    params.update(keyed)
    for name in params:
        if name in _DATES:
            params[name] = today
    params.update({k: v for k, v in (("seeAll", True), ("parcels", True)) if k in params})
    unfiltered = {**params, **{n: None for n in nullable if n in params}}
    return [unfiltered, params] if nullable & set(keyed) else [unfiltered]
