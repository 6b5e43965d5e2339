"""Screening examples for the generated data: one declaration whose shipments hit every outcome.

Written after the load folder (it reads the CSV files back, so it needs no
generator internals) as `screen_examples.json`: GraphQL variables for
`screenDeclaration` (docs/screening.md), dated on the last day of the data.
Each shipment's id says which outcome it is built to get and why:
- RELEASE: an advanced-certified declarant, a filed seller and platform, a
  filed product with no recall, alert or monitoring rule on it;
- INSPECT: filed infant formula shipped from FR (key-goods rule KG-01);
- HOLD: a product with no filing; and a trace code that does not exist;
- REJECT: a negative-list chemical (NL-03); and seeds by express parcel (NL-07).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

EXAMPLES = "screen_examples.json"
_FILED = "filed"


def _rows(folder: Path, name: str) -> Iterator[dict[str, str]]:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def _in_force(start: str, end: str, day: str) -> bool:
    return start <= day and (not end or day < end)


def _filings(folder: Path, day: str) -> tuple[dict[str, str], dict[str, str]]:
    """Status on `day` of each enterprise's and product's filing (latest filedOn wins; validUntil
    inclusive, as hub/data/filing_status.py)."""
    latest: dict[tuple[str, str], tuple[str, str, str]] = {}
    for r in _rows(folder, "filings"):
        if r["filed_on"] > day:
            continue
        key = (r["kind"], r["enterprise_id"] if r["kind"] == "enterprise" else r["product_id"])
        mark = (
            r["filed_on"],
            r["filing_id"],
            r["status"] if not r["valid_until"] or r["valid_until"] > day else "expired",
        )
        if key not in latest or mark > latest[key]:
            latest[key] = mark
    ent = {k[1]: v[2] for k, v in latest.items() if k[0] == "enterprise"}
    prod = {k[1]: v[2] for k, v in latest.items() if k[0] == "product"}
    return ent, prod


def _flagged(folder: Path) -> set[str]:
    """Products with a recall or alert on them or on one of their batches."""
    batch_product = {r["batch_id"]: r["product_id"] for r in _rows(folder, "batches")}
    flagged: set[str] = set()
    for name in ("recall_targets", "risk_alerts"):
        for r in _rows(folder, name):
            target = r.get("target_id") or ""
            flagged.add(batch_product.get(target, target) if r.get("target_kind") == "batch" else target)
    return flagged


def _goods(p: dict[str, str], **more: Any) -> dict[str, Any]:
    return {
        "productId": p["product_id"],
        "hsCode": p["hs_code"],
        "description": p["name"],
        "quantity": 1,
        **more,
    }


def build(folder: Path, day: str) -> dict[str, Any]:
    """The example declaration (GraphQL variables), or {} when the data lacks a needed party."""
    ent_status, prod_status = _filings(folder, day)
    flagged = _flagged(folder)
    enterprises = list(_rows(folder, "enterprises"))
    advanced = {r["enterprise_id"] for r in _rows(folder, "ratings")
                if r["level_id"] == "LV-CN-AEOA" and _in_force(r["valid_from"], r["valid_to"], day)}  # fmt: skip
    declarant = next((e["enterprise_id"] for e in enterprises
                      if e["enterprise_id"] in advanced and ent_status.get(e["enterprise_id"]) == _FILED), None)  # fmt: skip
    seller = next((e["enterprise_id"] for e in enterprises
                   if e["kind"] == "seller" and ent_status.get(e["enterprise_id"]) == _FILED), None)  # fmt: skip
    platform = next((e["enterprise_id"] for e in enterprises
                     if e["kind"] == "platform" and ent_status.get(e["enterprise_id"]) == _FILED), None)  # fmt: skip
    products = [p for p in _rows(folder, "products") if p["origin_country"] != "CN"]
    clean = [
        p for p in products if prod_status.get(p["product_id"]) == _FILED and p["product_id"] not in flagged
    ]
    plain = next(
        (
            p
            for p in clean
            if p["hs_code"][:2] in ("33", "85", "64", "42") and "remote" not in p["name"].lower()
        ),
        None,
    )
    # KG-01 watches formula shipped from FR or NL (the shipment's origin).
    formula = next((p for p in clean if p["category"] == "infant formula"), None)
    unfiled = next(
        (p for p in products if p["product_id"] not in prod_status and p["product_id"] not in flagged), None
    )
    chemical = next((p for p in products if p["hs_code"].startswith("2903")), None)
    seeds = next((p for p in products if p["hs_code"].startswith("1209")), None)
    if None in (declarant, seller, platform, plain, formula, unfiled, chemical, seeds):
        return {}
    assert plain and formula and unfiled and chemical and seeds  # narrowed above

    def ship(ref: str, line: dict[str, Any], mode: str = "BONDED", origin: str = "JP") -> dict[str, Any]:
        return {"shipmentId": ref, "mode": mode, "originCountry": origin, "sellerId": seller,
                "platformId": platform, "goods": [line]}  # fmt: skip

    shipments = [
        ship("RELEASE-filed-goods", _goods(plain)),
        ship("INSPECT-key-goods", _goods(formula), origin="FR"),
        ship("HOLD-unfiled-product", _goods(unfiled)),
        ship("HOLD-unknown-trace-code", _goods(plain, traceCodes=["TL000000000000"])),
        ship("REJECT-negative-list", _goods(chemical), origin=chemical["origin_country"]),
        ship("REJECT-seeds-by-express", _goods(seeds), mode="EXPRESS", origin=seeds["origin_country"]),
    ]
    return {"input": {"declarationId": "DEMO-SCREEN-1", "declaredOn": day, "declarantId": declarant,
                      "shipments": shipments}}  # fmt: skip


def write_examples(folder: Path, day: str) -> str | None:
    """Write screen_examples.json; its file name, or None when the data cannot make one."""
    example = build(folder, day)
    if not example:
        return None
    (folder / EXAMPLES).write_text(json.dumps(example, indent=2) + "\n", encoding="utf-8")
    return EXAMPLES
