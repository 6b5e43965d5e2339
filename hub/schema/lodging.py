"""`lodgeDeclaration`: a declaration with its shipments and goods, stored once per declarant reference."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final

import strawberry

from hub.context import Info
from hub.data import lodging as data
from hub.schema.arrival import ArrivalDecision, on_arrival
from hub.schema.common import Direction, ShipmentMode
from hub.schema.results import Forbidden, InvalidInput
from loaders.identifiers import country_problem

MAX_SHIPMENTS: Final = 100
MAX_GOODS: Final = 100
MAX_TEXT: Final = 100


@strawberry.input(description="One goods line: a quantity of a known batch.")
class LodgeGoodsInput:
    batch_id: strawberry.ID = strawberry.field(description="The batch carried (must exist in the hub).")
    quantity: int = strawberry.field(description="Units carried (at least 1).")
    unit: str | None = strawberry.field(default=None, description="Unit of the quantity, e.g. `can`.")


@strawberry.input(description="One parcel or consignment of the declaration.")
class LodgeShipmentInput:
    shipment_id: strawberry.ID = strawberry.field(
        description="The shipment's id (new, or already in this declaration)."
    )
    mode: ShipmentMode = strawberry.field(description="Bonded, direct mail or express.")
    goods: list[LodgeGoodsInput] = strawberry.field(description=f"Goods lines, 1 to {MAX_GOODS}.")
    direction: Direction = strawberry.field(default=Direction.INBOUND, description="Default inbound.")
    origin_country: str | None = strawberry.field(
        default=None, description="Country of origin, ISO 3166-1 alpha-2."
    )
    seller_id: strawberry.ID | None = strawberry.field(default=None, description="Seller enterprise id.")
    platform_id: strawberry.ID | None = strawberry.field(default=None, description="Platform enterprise id.")
    importer_id: strawberry.ID | None = strawberry.field(default=None, description="Importer enterprise id.")


@strawberry.input(description="A declaration to lodge: one or many shipments.")
class LodgeDeclarationInput:
    declarant_id: strawberry.ID = strawberry.field(description="The declaring enterprise.")
    reference: str = strawberry.field(
        description=(
            "The declarant's own reference (1 to 100 characters). Lodging again with the same "
            "declarant and reference returns the first result; other content is refused."
        )
    )
    declared_on: dt.date = strawberry.field(description="Declaration date.")
    shipments: list[LodgeShipmentInput] = strawberry.field(
        description=f"The shipments, 1 to {MAX_SHIPMENTS}."
    )
    agency_id: strawberry.ID | None = strawberry.field(
        default=None, description="The agency the declaration is lodged with."
    )


@strawberry.type(description="The declaration is stored: now, or by an earlier try with the same reference.")
class LodgeDeclarationSuccess:
    declaration_id: strawberry.ID = strawberry.field(description="`<declarantId>/<reference>`.")
    shipment_ids: list[strawberry.ID] = strawberry.field(description="Its shipments, by id.")
    created: bool = strawberry.field(
        description="False when a retry with the same declarant and reference found it already stored."
    )
    screening: list[ArrivalDecision] = strawberry.field(
        description="The screening decision of each shipment on arrival, in input order; a retry "
        "returns the decisions stored by the first call."
    )


LodgeDeclarationResult = Annotated[
    LodgeDeclarationSuccess | InvalidInput | Forbidden,
    strawberry.union("LodgeDeclarationResult", description="The declaration, or why it was not stored."),
]


def _text(where: str, value: str | None) -> str | InvalidInput | None:
    if value is None:
        return None
    value = value.strip()
    if not value or len(value) > MAX_TEXT:
        return InvalidInput(field=where, message=f"must be 1 to {MAX_TEXT} characters")
    return value


def _shipment(where: str, s: LodgeShipmentInput) -> data.LodgedShipment | InvalidInput:
    texts: dict[str, str | None] = {}
    for name, value in (("shipmentId", s.shipment_id), ("originCountry", s.origin_country),
                        ("sellerId", s.seller_id), ("platformId", s.platform_id),
                        ("importerId", s.importer_id)):  # fmt: skip
        checked = _text(f"{where}.{name}", None if value is None else str(value))
        if isinstance(checked, InvalidInput):
            return checked
        texts[name] = checked
    origin = texts["originCountry"]
    if origin is not None and (problem := country_problem(origin)):
        return InvalidInput(field=f"{where}.originCountry", message=problem)
    if not 1 <= len(s.goods) <= MAX_GOODS:
        return InvalidInput(field=f"{where}.goods", message=f"must list 1 to {MAX_GOODS} goods lines")
    goods: list[data.Goods] = []
    for j, g in enumerate(s.goods):
        batch = _text(f"{where}.goods[{j}].batchId", str(g.batch_id))
        unit = _text(f"{where}.goods[{j}].unit", g.unit)
        for checked in (batch, unit):
            if isinstance(checked, InvalidInput):
                return checked
        if g.quantity < 1:
            return InvalidInput(
                field=f"{where}.goods[{j}].quantity", message=f"must be at least 1, got {g.quantity}"
            )
        assert isinstance(batch, str) and not isinstance(unit, InvalidInput)
        goods.append(data.Goods(batch, g.quantity, unit))
    shipment_id = texts["shipmentId"]
    assert shipment_id is not None
    return data.LodgedShipment(
        shipment_id, s.mode.value, s.direction.value, origin, texts["sellerId"], texts["platformId"],
        texts["importerId"], tuple(goods),
    )  # fmt: skip


def to_lodgement(given: LodgeDeclarationInput) -> data.Lodgement | InvalidInput:
    """The checked declaration, or the first input field at fault."""
    declarant = _text("input.declarantId", str(given.declarant_id))
    reference = _text("input.reference", given.reference)
    agency = _text("input.agencyId", None if given.agency_id is None else str(given.agency_id))
    for checked in (declarant, reference, agency):
        if isinstance(checked, InvalidInput):
            return checked
    if not 1 <= len(given.shipments) <= MAX_SHIPMENTS:
        return InvalidInput(field="input.shipments", message=f"must list 1 to {MAX_SHIPMENTS} shipments")
    shipments: list[data.LodgedShipment] = []
    seen: dict[str, int] = {}
    for i, s in enumerate(given.shipments):
        shipment = _shipment(f"input.shipments[{i}]", s)
        if isinstance(shipment, InvalidInput):
            return shipment
        if shipment.shipment_id in seen:
            first = seen[shipment.shipment_id]
            return InvalidInput(
                field=f"input.shipments[{i}].shipmentId", message=f"repeats input.shipments[{first}]"
            )
        seen[shipment.shipment_id] = i
        shipments.append(shipment)
    assert isinstance(declarant, str) and isinstance(reference, str) and not isinstance(agency, InvalidInput)
    return data.Lodgement(declarant, reference, given.declared_on, agency, tuple(shipments))


@strawberry.type
class LodgingMutation:
    @strawberry.mutation(
        description=(
            "Lodge a declaration with its shipments and goods (regulators and administrators). "
            "Idempotent per declarant and reference: a retry returns the stored declaration."
        )
    )
    async def lodge_declaration(
        self,
        info: Info,
        input: Annotated[LodgeDeclarationInput, strawberry.argument(description="The declaration.")],
    ) -> LodgeDeclarationResult:
        if not info.context.principal.can_issue_orders:
            return Forbidden(message="only regulators and administrators may lodge declarations")
        lodgement = to_lodgement(input)
        if isinstance(lodgement, InvalidInput):
            return lodgement
        lodged = await data.lodge(info.context.cypher, lodgement)
        if lodged.problems:
            field = lodged.problems[0]
            more = f" ({len(lodged.problems)} problems in all)" if len(lodged.problems) > 1 else ""
            message = (
                "already declared in another declaration" if field.endswith("shipmentId") else "not found"
            )
            return InvalidInput(field=field, message=message + more)
        if not lodged.same_request:
            return InvalidInput(
                field="input.reference",
                message="already used for a different declaration; use a new reference",
            )
        return LodgeDeclarationSuccess(
            declaration_id=strawberry.ID(lodgement.declaration_id),
            shipment_ids=[strawberry.ID(s) for s in lodged.shipment_ids],
            created=lodged.created,
            screening=await on_arrival(info, lodgement, lodged.created),
        )
