"""The 28 CSV files of a load folder, opened together and written row by row."""

import csv
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Protocol

# Column names in the order of docs/data-format.md; the loader accepts any order.
HEADERS: Final[dict[str, tuple[str, ...]]] = {
    "agencies": ("agency_id", "name", "kind", "country"),
    "enterprises": ("enterprise_id", "name", "kind", "country", "region", "uscc", "eori", "gln",
                    "filing_status"),
    "persons": ("person_id", "name", "nationality"),
    "addresses": ("address_id", "line", "city", "region", "country"),
    "contacts": ("contact_id", "kind", "value"),
    "products": ("product_id", "name", "hs_code", "gtin", "category", "brand",
                 "origin_country", "maker_id"),
    "batches": ("batch_id", "product_id", "lot_code", "produced_on", "expires_on", "quantity",
                "unit"),
    "trace_codes": ("code", "kind", "batch_id", "serial"),
    "declarations": ("declaration_id", "number", "declared_on", "declarant_id", "agency_id",
                     "status"),
    "shipments": ("shipment_id", "direction", "mode", "status", "declared_on", "waybill", "port",
                  "origin_country", "consignee_region", "consignee_ref", "released_on",
                  "delivered_on", "seller_id", "platform_id", "importer_id", "logistics_id",
                  "warehouse_id", "declaration_id"),
    "shipment_batches": ("shipment_id", "batch_id", "quantity", "unit"),
    "inspections": ("inspection_id", "kind", "target_kind", "target_id", "result",
                    "inspected_on", "performer_kind", "performer_id", "accepted", "findings"),
    "risk_alerts": ("alert_id", "title", "risk_level", "issued_on", "hazard", "issuer_id",
                    "target_kind", "target_id"),
    "recalls": ("recall_id", "measure", "title", "risk_level", "issued_on", "hazard", "reason",
                "status", "issuer_id"),
    "recall_targets": ("recall_id", "target_kind", "target_id"),
    "prohibited_categories": ("code", "title", "hs_prefixes", "keywords", "legal_basis",
                              "valid_from"),
    "screening_rules": ("rule_id", "version", "list", "category", "title", "legal_basis", "valid_from",
                        "valid_to", "hs_prefixes", "product_categories", "keywords_zh", "keywords_en",
                        "modes", "directions", "origin_countries"),
    "credit_schemes": ("scheme_id", "name", "agency_id"),
    "credit_levels": ("level_id", "scheme_id", "code", "name", "rank", "dishonest"),
    "ratings": ("rating_id", "agency_id", "enterprise_id", "level_id", "valid_from",
                "valid_to", "suspended_from"),
    "arrangements": ("arrangement_id", "name", "agency_a", "agency_b", "signed_on", "grants",
                     "direction", "recognizer_id", "in_force_from", "ended_on"),
    "level_mappings": ("arrangement_id", "from_level_id", "to_level_id", "facilitation"),
    "filings": ("filing_id", "enterprise_id", "kind", "status", "filed_on", "product_id",
                "agency_id", "valid_until"),
    "ownerships": ("owner_kind", "owner_id", "enterprise_id", "share", "since", "until"),
    "directorships": ("person_id", "enterprise_id", "role", "since", "until"),
    "enterprise_addresses": ("enterprise_id", "address_id", "since", "until"),
    "enterprise_contacts": ("enterprise_id", "contact_id", "since", "until"),
    "platform_sellers": ("platform_id", "seller_id", "since", "until"),
    "aeo_numbers": ("number", "agency_id", "enterprise_id"),
    "status_changes": ("change_id", "record_kind", "record_id", "from_status", "to_status", "on",
                       "agency_id", "reason"),
    "disposal_evidence": ("evidence_id", "order_id", "shipment_id", "recorded_on", "returned_units",
                          "destroyed_units", "note"),
}  # fmt: skip

Row = tuple[object, ...] | list[object]


class RowWriter(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


class Sink:
    """Writers for every file of a load folder plus a row count per file.

    Hot loops take `writer(name).writerow` once and report their row count
    with `add(name, n)`; other code calls `write(name, row)`.
    """

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.counts: dict[str, int] = dict.fromkeys(HEADERS, 0)
        self._files = {
            name: open(out / f"{name}.csv", "w", encoding="utf-8", newline="", buffering=1 << 20)  # noqa: SIM115
            for name in HEADERS
        }
        # "\n" line ends keep files byte-identical across platforms.
        self._writers = {name: csv.writer(f, lineterminator="\n") for name, f in self._files.items()}
        for name, header in HEADERS.items():
            self._writers[name].writerow(header)

    def writer(self, name: str) -> RowWriter:
        return self._writers[name]

    def add(self, name: str, rows: int) -> None:
        self.counts[name] += rows

    def write(self, name: str, row: Row) -> None:
        self._writers[name].writerow(row)
        self.counts[name] += 1

    def write_all(self, name: str, rows: Iterable[Row]) -> None:
        for row in rows:
            self.write(name, row)

    def close(self) -> None:
        for f in self._files.values():
            f.close()

    def __enter__(self) -> "Sink":
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
