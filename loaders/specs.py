"""The columns of each input file (docs/data-format.md), as data.

A `Column` says how one cell is checked and typed; a `FileSpec` lists a
file's columns, its cross-column rules and which columns point at nodes.
The load order and the write statements live in graph_schema.writes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Final

from graph_schema.model import (
    AgencyKind,
    Direction,
    DirectorRole,
    EnterpriseKind,
    FilingStatus,
    InspectionKind,
    InspectionResult,
    Label,
    Measure,
    RiskLevel,
    ShipmentMode,
    ShipmentStatus,
)


class Kind(Enum):
    STR = "str"
    INT = "int"  # non-negative integer, at least Column.minimum
    SHARE = "share"  # decimal fraction in (0, 1]
    DATE = "date"  # YYYY-MM-DD, kept as that string
    BOOL = "bool"  # true / false
    ENUM = "enum"  # one of Column.values
    LIST = "list"  # ';'-separated; items checked against Column.values when given
    DIGITS_LIST = "digits_list"  # ';'-separated digit strings (HS prefixes)
    IDENTIFIER = "identifier"  # checked by loaders.identifiers under Column.identifier


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = Kind.STR
    required: bool = False
    values: tuple[str, ...] = ()
    identifier: str = ""
    minimum: int = 0
    # The label this column points at, or (kind column, {kind value: label}).
    ref: Label | tuple[str, Mapping[str, Label]] | None = None

    def ref_label(self, row: Mapping[str, Any]) -> Label | None:
        if self.ref is None or isinstance(self.ref, Label):
            return self.ref
        kind_column, labels = self.ref
        return labels.get(str(row.get(kind_column)))


Row = dict[str, Any]
# A cross-column rule: (field, reason) when the row breaks it, else None.
Check = Callable[[Row], tuple[str, str] | None]


@dataclass(frozen=True)
class FileSpec:
    name: str
    columns: tuple[Column, ...]
    checks: tuple[Check, ...] = field(default=())

    @property
    def by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


def _values(enum: type[Enum]) -> tuple[str, ...]:
    return tuple(str(member.value) for member in enum)


def not_before(later: str, earlier: str) -> Check:
    """`later` must not be before `earlier` when both are given (ISO strings sort as dates)."""

    def check(row: Row) -> tuple[str, str] | None:
        a, b = row.get(later), row.get(earlier)
        if a is not None and b is not None and a < b:
            return later, f"{later} {a} is before {earlier} {b}"
        return None

    return check


def delivered_after_release(row: Row) -> tuple[str, str] | None:
    # Compared with release when known, else with declaration.
    if row.get("released_on") is None:
        return not_before("delivered_on", "declared_on")(row)
    return not_before("delivered_on", "released_on")(row)


def together(first: str, second: str) -> Check:
    """Two optional columns that are given together or not at all."""

    def check(row: Row) -> tuple[str, str] | None:
        if row.get(first) is not None and row.get(second) is None:
            return second, f"required when {first} is given"
        if row.get(second) is not None and row.get(first) is None:
            return first, f"required when {second} is given"
        return None

    return check


def _req(name: str, kind: Kind = Kind.STR, **kw: Any) -> Column:
    return Column(name, kind, required=True, **kw)


def _enum(name: str, values: tuple[str, ...], *, required: bool = True) -> Column:
    return Column(name, Kind.ENUM, required=required, values=values)


def _ident(name: str, identifier: str, *, required: bool = False) -> Column:
    return Column(name, Kind.IDENTIFIER, required=required, identifier=identifier)


def _ref(name: str, label: Label, *, required: bool = False) -> Column:
    return Column(name, required=required, ref=label)


def _date(name: str, *, required: bool = False) -> Column:
    return Column(name, Kind.DATE, required=required)


def _dated_link(name: str, a: Column, b: Column) -> FileSpec:
    return FileSpec(name, (a, b, _date("since"), _date("until")), (not_before("until", "since"),))


FILING_STATUS: Final = _values(FilingStatus)
RISK_LEVELS: Final = _values(RiskLevel)
PRODUCT_OR_BATCH: Final[Mapping[str, Label]] = {"product": Label.PRODUCT, "batch": Label.BATCH}

SPECS: Final[dict[str, FileSpec]] = {
    spec.name: spec
    for spec in (
        FileSpec(
            "agencies.csv",
            (
                _req("agency_id"),
                _req("name"),
                _enum("kind", _values(AgencyKind)),
                _ident("country", "country", required=True),
            ),
        ),
        FileSpec(
            "enterprises.csv",
            (
                _req("enterprise_id"),
                _req("name"),
                _enum("kind", _values(EnterpriseKind)),
                _ident("country", "country", required=True),
                Column("region"),
                _ident("uscc", "uscc"),
                _ident("eori", "eori"),
                _ident("gln", "gln"),
                _enum("filing_status", FILING_STATUS, required=False),
            ),
        ),
        FileSpec("persons.csv", (_req("person_id"), _req("name"), _ident("nationality", "nationality"))),
        FileSpec(
            "addresses.csv",
            (
                _req("address_id"),
                _req("line"),
                Column("city"),
                Column("region"),
                _ident("country", "country", required=True),
            ),
        ),
        FileSpec("contacts.csv", (_req("contact_id"), _enum("kind", ("phone", "email")), _req("value"))),
        FileSpec(
            "products.csv",
            (
                _req("product_id"),
                _req("name"),
                _ident("hs_code", "hs_code", required=True),
                _ident("gtin", "gtin"),
                Column("category"),
                Column("brand"),
                _ident("origin_country", "origin_country"),
                _ref("maker_id", Label.ENTERPRISE),
            ),
        ),
        FileSpec(
            "batches.csv",
            (
                _req("batch_id"),
                _ref("product_id", Label.PRODUCT, required=True),
                _req("lot_code"),
                _date("produced_on"),
                _date("expires_on"),
                Column("quantity", Kind.INT),
                Column("unit"),
            ),
            (not_before("expires_on", "produced_on"),),
        ),
        FileSpec(
            "trace_codes.csv",
            (
                _req("code"),
                _enum("kind", ("qr", "barcode", "label")),
                _ref("batch_id", Label.BATCH, required=True),
                Column("serial"),
            ),
        ),
        FileSpec(
            "declarations.csv",
            (
                _req("declaration_id"),
                _req("number"),
                _date("declared_on", required=True),
                _ref("declarant_id", Label.ENTERPRISE),
                _ref("agency_id", Label.AGENCY),
                _enum("status", ("lodged", "accepted", "released", "rejected"), required=False),
            ),
        ),
        FileSpec(
            "shipments.csv",
            (
                _req("shipment_id"),
                _enum("direction", _values(Direction)),
                _enum("mode", _values(ShipmentMode)),
                _enum("status", _values(ShipmentStatus)),
                _date("declared_on", required=True),
                Column("waybill"),
                Column("port"),
                _ident("origin_country", "origin_country"),
                Column("consignee_region"),
                Column("consignee_ref"),
                _date("released_on"),
                _date("delivered_on"),
                _ref("seller_id", Label.ENTERPRISE),
                _ref("platform_id", Label.ENTERPRISE),
                _ref("importer_id", Label.ENTERPRISE),
                _ref("logistics_id", Label.ENTERPRISE),
                _ref("warehouse_id", Label.ENTERPRISE),
                _ref("declaration_id", Label.DECLARATION),
            ),
            (not_before("released_on", "declared_on"), delivered_after_release),
        ),
        FileSpec(
            "shipment_batches.csv",
            (
                _ref("shipment_id", Label.SHIPMENT, required=True),
                _ref("batch_id", Label.BATCH, required=True),
                _req("quantity", Kind.INT, minimum=1),
                Column("unit"),
            ),
        ),
        FileSpec(
            "inspections.csv",
            (
                _req("inspection_id"),
                _enum("kind", _values(InspectionKind)),
                _enum("target_kind", ("shipment", "batch")),
                Column(
                    "target_id",
                    required=True,
                    ref=("target_kind", {"shipment": Label.SHIPMENT, "batch": Label.BATCH}),
                ),
                _enum("result", _values(InspectionResult)),
                _date("inspected_on", required=True),
                _enum("performer_kind", ("agency", "lab"), required=False),
                Column(
                    "performer_id",
                    ref=("performer_kind", {"agency": Label.AGENCY, "lab": Label.ENTERPRISE}),
                ),
                Column("accepted", Kind.BOOL),
                Column("findings"),
            ),
            (together("performer_kind", "performer_id"),),
        ),
        FileSpec(
            "risk_alerts.csv",
            (
                _req("alert_id"),
                _req("title"),
                _enum("risk_level", RISK_LEVELS),
                _date("issued_on", required=True),
                Column("hazard"),
                _ref("issuer_id", Label.AGENCY),
                _enum("target_kind", ("product", "batch"), required=False),
                Column("target_id", ref=("target_kind", PRODUCT_OR_BATCH)),
            ),
            (together("target_kind", "target_id"),),
        ),
        FileSpec(
            "recalls.csv",
            (
                _req("recall_id"),
                _enum("measure", _values(Measure)),
                _req("title"),
                _enum("risk_level", RISK_LEVELS),
                _date("issued_on", required=True),
                Column("hazard"),
                Column("reason"),
                _enum("status", ("open", "closed"), required=False),
                _ref("issuer_id", Label.AGENCY),
            ),
        ),
        FileSpec(
            "recall_targets.csv",
            (
                _ref("recall_id", Label.RECALL, required=True),
                _enum("target_kind", ("product", "batch")),
                Column("target_id", required=True, ref=("target_kind", PRODUCT_OR_BATCH)),
            ),
        ),
        FileSpec(
            "prohibited_categories.csv",
            (
                _req("code"),
                _req("title"),
                Column("hs_prefixes", Kind.DIGITS_LIST),
                Column("keywords", Kind.LIST),
                Column("legal_basis"),
                _date("valid_from"),
            ),
        ),
        FileSpec(
            "credit_schemes.csv",
            (_req("scheme_id"), _req("name"), _ref("agency_id", Label.AGENCY, required=True)),
        ),
        FileSpec(
            "credit_levels.csv",
            (
                _req("level_id"),
                _ref("scheme_id", Label.CREDIT_SCHEME, required=True),
                _req("code"),
                _req("name"),
                _req("rank", Kind.INT, minimum=1),
                Column("dishonest", Kind.BOOL),
            ),
        ),
        FileSpec(
            "ratings.csv",
            (
                _req("rating_id"),
                _ref("agency_id", Label.AGENCY, required=True),
                _ref("enterprise_id", Label.ENTERPRISE, required=True),
                _ref("level_id", Label.CREDIT_LEVEL, required=True),
                _date("valid_from", required=True),
                _date("valid_to"),
            ),
            (not_before("valid_to", "valid_from"),),
        ),
        FileSpec(
            "arrangements.csv",
            (
                _req("arrangement_id"),
                _req("name"),
                _ref("agency_a", Label.AGENCY, required=True),
                _ref("agency_b", Label.AGENCY, required=True),
                _date("signed_on", required=True),
                Column("grants", Kind.LIST, values=("enterprise", "credit", "filing", "recall")),
            ),
        ),
        FileSpec(
            "level_mappings.csv",
            (
                _ref("arrangement_id", Label.ARRANGEMENT, required=True),
                _ref("from_level_id", Label.CREDIT_LEVEL, required=True),
                _ref("to_level_id", Label.CREDIT_LEVEL, required=True),
                Column("facilitation", Kind.LIST),
            ),
        ),
        FileSpec(
            "filings.csv",
            (
                _req("filing_id"),
                _ref("enterprise_id", Label.ENTERPRISE, required=True),
                _enum("kind", ("enterprise", "product")),
                _enum("status", FILING_STATUS),
                _date("filed_on", required=True),
                _ref("product_id", Label.PRODUCT),
                _ref("agency_id", Label.AGENCY),
                _date("valid_until"),
            ),
            (not_before("valid_until", "filed_on"),),
        ),
        FileSpec(
            "ownerships.csv",
            (
                _enum("owner_kind", ("person", "enterprise")),
                Column(
                    "owner_id",
                    required=True,
                    ref=("owner_kind", {"person": Label.PERSON, "enterprise": Label.ENTERPRISE}),
                ),
                _ref("enterprise_id", Label.ENTERPRISE, required=True),
                _req("share", Kind.SHARE),
                _date("since"),
                _date("until"),
            ),
            (not_before("until", "since"),),
        ),
        FileSpec(
            "directorships.csv",
            (
                _ref("person_id", Label.PERSON, required=True),
                _ref("enterprise_id", Label.ENTERPRISE, required=True),
                _enum("role", _values(DirectorRole)),
                _date("since"),
                _date("until"),
            ),
            (not_before("until", "since"),),
        ),
        _dated_link(
            "enterprise_addresses.csv",
            _ref("enterprise_id", Label.ENTERPRISE, required=True),
            _ref("address_id", Label.ADDRESS, required=True),
        ),
        _dated_link(
            "enterprise_contacts.csv",
            _ref("enterprise_id", Label.ENTERPRISE, required=True),
            _ref("contact_id", Label.CONTACT, required=True),
        ),
        _dated_link(
            "platform_sellers.csv",
            _ref("platform_id", Label.ENTERPRISE, required=True),
            _ref("seller_id", Label.ENTERPRISE, required=True),
        ),
    )
}
