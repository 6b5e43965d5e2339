"""What an event's `why` says about the hub's records (docs/epcis.md, "Business transactions").

`bizTransactionList` entries name a Declaration, a disposal order (Recall)
or a Shipment by id; CBV bizStep / disposition words say where a shipment
tied to the event stands (`STAGES`, the table in docs/epcis.md).
"""

from __future__ import annotations

import re
from typing import Any, Final

from graph_schema.model import ShipmentStatus
from loaders.epcis.document import Event

_BT_URN: Final = re.compile(r"urn:epcglobal:cbv:bt:(\d{13}):(.+)\Z")
_BTT: Final = re.compile(r"(?:https://ref\.gs1\.org/cbv/BTT-)?(.+)\Z")

# CBV word -> (shipment stage, shipment status or None). Stage values are hub.data.shipments.Stage's.
BIZ_STEPS: Final[dict[str, tuple[str, str | None]]] = {
    "shipping": ("in_transit", None),
    "departing": ("in_transit", None),
    "loading": ("in_transit", None),
    "transporting": ("in_transit", None),
    "arriving": ("in_transit", None),
    "unloading": ("in_transit", None),
    "inspecting": ("under_control", None),
    "sampling": ("under_control", None),
    "holding": ("under_control", ShipmentStatus.HELD.value),
    "receiving": ("delivered", ShipmentStatus.DELIVERED.value),
    "accepting": ("delivered", ShipmentStatus.DELIVERED.value),
    "destroying": ("destroyed", ShipmentStatus.DESTROYED.value),
}
DISPOSITIONS: Final[dict[str, tuple[str, str | None]]] = {
    "in_transit": ("in_transit", None),
    "returned": ("returned", ShipmentStatus.RETURNED.value),
    "destroyed": ("destroyed", ShipmentStatus.DESTROYED.value),
    "disposed": ("destroyed", ShipmentStatus.DESTROYED.value),
}


def transaction_ids(text: str) -> list[str]:
    """The ids a bizTransaction may name a record by: as sent, and the part after the GLN of a CBV URN."""
    found = _BT_URN.match(text)
    return [text, found[2]] if found else [text]


def transaction_type(text: str | None) -> str | None:
    """The bare CBV business transaction type (`po`, `desadv`, ...), or None."""
    if not isinstance(text, str):
        return None
    found = _BTT.match(text)
    return found[1] if found else text


def stage(event: Event) -> tuple[str | None, str | None]:
    """(stage, status) the event's CBV words give a shipment tied to it; the disposition wins over the bizStep."""
    for table, word in ((DISPOSITIONS, event.disposition), (BIZ_STEPS, event.biz_step)):
        if word is not None and word in table:
            return table[word]
    return None, None


def transactions(event: Event) -> list[dict[str, Any]]:
    """The BIZ_TRANSACTION rows of one event: `{type, id, ids}`."""
    return [{"type": transaction_type(kind), "id": text, "ids": transaction_ids(text)}
            for kind, text in event.biz_transactions]  # fmt: skip
