"""Master data in a document's header (`epcisHeader.epcisMasterData.vocabularyList`), docs/epcis.md.

Each vocabulary element whose `id` resolves to an EPC (a location, a lot, a
product class, an item, a logistic unit) describes that `Epc` node: the
attributes of ATTRIBUTES become properties of the same name (strings and
numbers only), and every attribute, as sent, is kept as canonical JSON in
`masterData`. The last capture wins: a capture naming an element replaces
all of its master data (an attribute it leaves out is removed).
Elements whose id is not an EPC (a PGLN, a URL of the sender's own) are
not stored and are counted as ignored.
"""

from __future__ import annotations

import json
from typing import Any, Final

from loaders.epcis.identifiers import IdentifierError, resolve

# The CBV master data attributes kept as properties (CBV 2.0 section 10), by their bare name.
ATTRIBUTES: Final = (
    "name", "streetAddressOne", "streetAddressTwo", "streetAddressThree", "city", "state", "postalCode",
    "countryCode", "latitude", "longitude", "site", "sst", "ssa", "ssd", "sdt",
    "regulatedProductName", "manufacturerOfTradeItemPartyName", "countryOfOrigin", "dosageFormType",
    "strengthDescription", "netContentDescription", "drainedWeight", "grossWeight", "netWeight",
    "itemExpirationDate", "bestBeforeDate", "sellByDate", "firstFreezeDate", "harvestStartDate",
    "harvestEndDate", "productionMethodCode", "farmList", "unloadingPort", "vesselCatchInformationList",
)  # fmt: skip
MAX_JSON: Final = 10_000  # characters of `masterData` kept per element
MAX_VALUE: Final = 500


def _bare(name: str) -> str:
    """`urn:epcglobal:cbv:mda#name`, `cbvmda:name`, `https://ref.gs1.org/cbv/...#name` -> `name`."""
    for mark in ("#", ":", "/"):
        name = name.rsplit(mark, 1)[-1]
    return name


def master_data(document: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """(rows `{epc, attributes, json}`, elements ignored) of the document's header; a later element wins."""
    header = document.get("epcisHeader")
    master = header.get("epcisMasterData") if isinstance(header, dict) else None
    vocabularies = master.get("vocabularyList") if isinstance(master, dict) else None
    rows: dict[str, dict[str, Any]] = {}
    ignored = 0
    for vocabulary in vocabularies if isinstance(vocabularies, list) else []:
        elements = vocabulary.get("vocabularyElementList") if isinstance(vocabulary, dict) else None
        for element in elements if isinstance(elements, list) else []:
            ident = element.get("id") if isinstance(element, dict) else None
            try:
                epc = resolve(ident) if isinstance(ident, str) else None
            except IdentifierError:
                epc = None
            if epc is None:
                ignored += 1
                continue
            raw = element.get("attributes") or []
            pairs = [
                (_bare(a["id"]), a.get("attribute"))
                for a in raw
                if isinstance(a, dict) and isinstance(a.get("id"), str)
            ]
            kept: dict[str, Any] = dict.fromkeys(ATTRIBUTES)  # None removes what an earlier capture said
            for name, value in pairs:
                if name in kept and isinstance(value, str | int | float) and not isinstance(value, bool):
                    kept[name] = value[:MAX_VALUE] if isinstance(value, str) else value
            text = json.dumps(raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            rows[epc.key] = {"epc": epc, "attributes": kept, "json": text[:MAX_JSON]}
    return list(rows.values()), ignored
