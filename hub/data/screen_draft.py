"""A declaration to screen, as plain data: from a client's input or from the graph.

Field paths name where each value came from: `input.shipments[3].goods[0].hsCode`
for a declaration given in the request, `shipments[3].goods[0].hsCode` for a
stored one (shipments in id order, goods lines in batch id order).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

MAX_SHIPMENTS: Final = 5000
MAX_GOODS: Final = 50  # goods lines per shipment
MAX_TRACE_CODES: Final = 50  # trace codes per goods line


@dataclass(frozen=True)
class DraftGoods:
    product_id: str | None
    gtin: str | None
    hs_code: str | None  # declared; stored shipments: the catalogue's
    description: str | None
    quantity: int | None
    trace_codes: tuple[str, ...] = ()
    batch_id: str | None = None  # stored shipments only


@dataclass(frozen=True)
class DraftShipment:
    ref: str  # the shipment id, or `#<position>` when the client gave none
    mode: str
    direction: str
    origin_country: str | None
    seller_id: str | None
    platform_id: str | None
    importer_id: str | None
    consignee_region: str | None
    goods: tuple[DraftGoods, ...]


@dataclass(frozen=True)
class DraftDeclaration:
    declaration_id: str
    declared_on: dt.date
    declarant_id: str | None
    shipments: tuple[DraftShipment, ...]
    prefix: str  # "input." for a declaration given in the request, "" for a stored one
    stored: bool
    truncated: bool = False  # a stored declaration with more than MAX_SHIPMENTS shipments
    single: bool = False  # one stored shipment screened alone: paths start with `shipment`

    def shipment_field(self, i: int) -> str:
        return "shipment" if self.single else f"{self.prefix}shipments[{i}]"

    def goods_field(self, i: int, j: int) -> str:
        return f"{self.shipment_field(i)}.goods[{j}]"
