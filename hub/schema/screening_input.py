"""The input of `screenDeclaration`, and its checks (every problem names the input field)."""

from __future__ import annotations

import datetime as dt

import strawberry

from hub.data.screen_draft import (
    MAX_GOODS,
    MAX_SHIPMENTS,
    MAX_TRACE_CODES,
    DraftDeclaration,
    DraftGoods,
    DraftShipment,
)
from hub.errors import HubError
from hub.schema.common import Direction, ShipmentMode
from loaders.identifiers import country_problem, gtin_problem, hs_code_problem

MAX_TEXT = 200
MAX_PROBLEMS = 20


class InvalidScreeningInput(HubError):
    """The declaration cannot be screened as given; the message names every field at fault."""

    code = "BAD_USER_INPUT"

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        shown = "; ".join(f"{field}: {reason}" for field, reason in problems[:MAX_PROBLEMS])
        more = f" (and {len(problems) - MAX_PROBLEMS} more)" if len(problems) > MAX_PROBLEMS else ""
        super().__init__(shown + more)
        self.field = problems[0][0]
        self.problems = problems


@strawberry.input(description="One goods line of a shipment.")
class GoodsInput:
    hs_code: str = strawberry.field(description="Declared HS code: 6, 8 or 10 digits, chapter 01-97.")
    quantity: int = strawberry.field(description="Units declared (at least 1).")
    product_id: strawberry.ID | None = strawberry.field(
        default=None, description="The hub's product id, when known (wins over `gtin`)."
    )
    gtin: str | None = strawberry.field(
        default=None, description="GS1 GTIN (8, 12, 13 or 14 digits with a valid check digit)."
    )
    description: str | None = strawberry.field(
        default=None, description="The goods as declared, in Chinese or English (matched against keywords)."
    )
    trace_codes: list[str] | None = strawberry.field(
        default=None, description=f"Trace codes (QR, barcode, label) on the goods, at most {MAX_TRACE_CODES}."
    )


@strawberry.input(description="One parcel or consignment of the declaration.")
class ShipmentInput:
    mode: ShipmentMode = strawberry.field(description="Bonded, direct mail or express.")
    goods: list[GoodsInput] = strawberry.field(description=f"Goods lines, 1 to {MAX_GOODS}.")
    shipment_id: strawberry.ID | None = strawberry.field(
        default=None, description="The shipment's id; seeds the sampling draw (default: `#<position>`)."
    )
    direction: Direction = strawberry.field(default=Direction.INBOUND, description="Default inbound.")
    origin_country: str | None = strawberry.field(
        default=None, description="Country of origin, ISO 3166-1 alpha-2."
    )
    seller_id: strawberry.ID | None = strawberry.field(default=None, description="Seller enterprise id.")
    platform_id: strawberry.ID | None = strawberry.field(default=None, description="Platform enterprise id.")
    importer_id: strawberry.ID | None = strawberry.field(default=None, description="Importer enterprise id.")
    consignee_region: str | None = strawberry.field(
        default=None, description="Consignee region (ISO 3166-2), echoed only."
    )


@strawberry.input(description="A declaration to screen (not stored): one or many shipments.")
class DeclarationInput:
    declaration_id: strawberry.ID = strawberry.field(
        description="The declaration's id; with each shipment's id it seeds the reproducible sampling draw."
    )
    declared_on: dt.date = strawberry.field(
        description="Declaration date: rules, filings, ratings and orders are taken as of this day."
    )
    shipments: list[ShipmentInput] = strawberry.field(description=f"The shipments, 1 to {MAX_SHIPMENTS}.")
    declarant_id: strawberry.ID | None = strawberry.field(
        default=None, description="The declaring enterprise (its credit class sets the sampling base rate)."
    )


def _text(problems: list[tuple[str, str]], where: str, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        problems.append((where, "must not be empty when given"))
        return None
    if len(value) > MAX_TEXT:
        problems.append((where, f"must be at most {MAX_TEXT} characters"))
    return value


def _goods(problems: list[tuple[str, str]], where: str, g: GoodsInput) -> DraftGoods:
    hs = g.hs_code.strip()
    problem = hs_code_problem(hs)
    if problem:
        problems.append((where + ".hsCode", problem))
    gtin = _text(problems, where + ".gtin", g.gtin)
    if gtin is not None and (problem := gtin_problem(gtin)):
        problems.append((where + ".gtin", problem))
    if g.quantity < 1:
        problems.append((where + ".quantity", f"must be at least 1, got {g.quantity}"))
    codes = [c.strip() for c in g.trace_codes or []]
    if len(codes) > MAX_TRACE_CODES:
        problems.append((where + ".traceCodes", f"at most {MAX_TRACE_CODES} codes"))
    for k, code in enumerate(codes):
        if not code:
            problems.append((f"{where}.traceCodes[{k}]", "must not be empty"))
    product = _text(problems, where + ".productId", None if g.product_id is None else str(g.product_id))
    description = _text(problems, where + ".description", g.description)
    return DraftGoods(product, gtin, hs, description, g.quantity, tuple(codes))


def _shipment(problems: list[tuple[str, str]], where: str, i: int, s: ShipmentInput) -> DraftShipment:
    origin = _text(problems, where + ".originCountry", s.origin_country)
    if origin is not None and (problem := country_problem(origin)):
        problems.append((where + ".originCountry", problem))
    if not s.goods:
        problems.append((where + ".goods", "must list at least one goods line"))
    if len(s.goods) > MAX_GOODS:
        problems.append((where + ".goods", f"at most {MAX_GOODS} goods lines"))
    goods = tuple(_goods(problems, f"{where}.goods[{j}]", g) for j, g in enumerate(s.goods[:MAX_GOODS]))
    ids = {role: _text(problems, f"{where}.{role}Id", None if v is None else str(v))
           for role, v in (("seller", s.seller_id), ("platform", s.platform_id), ("importer", s.importer_id))}  # fmt: skip
    ref = _text(problems, where + ".shipmentId", None if s.shipment_id is None else str(s.shipment_id))
    return DraftShipment(
        ref or f"#{i}", s.mode.value, s.direction.value, origin, ids["seller"], ids["platform"],
        ids["importer"], _text(problems, where + ".consigneeRegion", s.consignee_region), goods,
    )  # fmt: skip


def to_draft(given: DeclarationInput) -> DraftDeclaration:
    """The checked declaration; InvalidScreeningInput names every field at fault."""
    problems: list[tuple[str, str]] = []
    declaration_id = _text(problems, "input.declarationId", str(given.declaration_id))
    declarant = _text(
        problems, "input.declarantId", None if given.declarant_id is None else str(given.declarant_id)
    )
    if not given.shipments:
        problems.append(("input.shipments", "must list at least one shipment"))
    if len(given.shipments) > MAX_SHIPMENTS:
        problems.append(("input.shipments", f"at most {MAX_SHIPMENTS} shipments, got {len(given.shipments)}"))
        raise InvalidScreeningInput(problems)
    shipments = tuple(
        _shipment(problems, f"input.shipments[{i}]", i, s) for i, s in enumerate(given.shipments)
    )
    seen: dict[str, int] = {}
    for i, s in enumerate(shipments):
        if s.ref in seen:
            problems.append((f"input.shipments[{i}].shipmentId", f"repeats input.shipments[{seen[s.ref]}]"))
        seen.setdefault(s.ref, i)
    if problems or declaration_id is None:
        raise InvalidScreeningInput(problems or [("input.declarationId", "must not be empty")])
    return DraftDeclaration(declaration_id, given.declared_on, declarant, shipments, "input.", False)
