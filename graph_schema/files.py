"""Every input file of `hub load`, declared once, in load order (docs/data-format.md).

A row may point only at keys loaded by an earlier file or an earlier run.
Goods, shipments and supervision are declared here; credit and related
parties in graph_schema.files_credit (files 17 to 28).
"""

from __future__ import annotations

from typing import Final

from graph_schema.columns import (
    FILING_STATUS,
    PRODUCT_OR_BATCH,
    RISK_LEVELS,
    E,
    date,
    enum,
    ident,
    kind_column,
    ref,
    req,
    values_of,
)
from graph_schema.declare import Column, FileDecl, Kind, LinkFile, NodeFile, NotBefore, Together
from graph_schema.files_credit import CREDIT_AND_PARTIES
from graph_schema.files_supervision import HISTORY
from graph_schema.model import (
    AgencyKind,
    Direction,
    EnterpriseKind,
    InspectionKind,
    InspectionResult,
    Label,
    Measure,
    Rel,
    RuleList,
    ShipmentMode,
    ShipmentStatus,
)
from graph_schema.rules_writes import SCREENING_RULES

TRADE: Final[tuple[FileDecl, ...]] = (
    NodeFile(
        "agencies.csv",
        Label.AGENCY,
        (
            req("agency_id"),
            req("name"),
            enum("kind", values_of(AgencyKind)),
            ident("country", "country", required=True),
        ),
    ),
    NodeFile(
        "enterprises.csv",
        E,
        (
            req("enterprise_id"),
            req("name"),
            enum("kind", values_of(EnterpriseKind)),
            ident("country", "country", required=True),
            Column("region"),
            ident("uscc", "uscc"),
            ident("eori", "eori"),
            ident("gln", "gln"),
            enum("filing_status", FILING_STATUS, required=False),
        ),
    ),
    NodeFile(
        "persons.csv", Label.PERSON, (req("person_id"), req("name"), ident("nationality", "nationality"))
    ),
    NodeFile(
        "addresses.csv",
        Label.ADDRESS,
        (
            req("address_id"),
            req("line"),
            Column("city"),
            Column("region"),
            ident("country", "country", required=True),
        ),
    ),
    NodeFile(
        "contacts.csv", Label.CONTACT, (req("contact_id"), enum("kind", ("phone", "email")), req("value"))
    ),
    NodeFile(
        "products.csv",
        Label.PRODUCT,
        (
            req("product_id"),
            req("name"),
            ident("hs_code", "hs_code", required=True),
            ident("gtin", "gtin"),
            Column("category"),
            Column("brand"),
            ident("origin_country", "origin_country"),
            ref("maker_id", E, Rel.MADE_BY),
        ),
    ),
    NodeFile(
        "batches.csv",
        Label.BATCH,
        (
            req("batch_id"),
            ref("product_id", Label.PRODUCT, Rel.OF_PRODUCT, required=True),
            req("lot_code"),
            date("produced_on"),
            date("expires_on"),
            Column("quantity", Kind.INT),
            Column("unit"),
        ),
        (NotBefore("expires_on", "produced_on"),),
    ),
    NodeFile(
        "trace_codes.csv",
        Label.TRACE_CODE,
        (
            req("code"),
            enum("kind", ("qr", "barcode", "label")),
            ref("batch_id", Label.BATCH, Rel.LABELS, required=True),
            Column("serial"),
        ),
    ),
    NodeFile(
        "declarations.csv",
        Label.DECLARATION,
        (
            req("declaration_id"),
            req("number"),
            date("declared_on", required=True),
            ref("declarant_id", E, Rel.DECLARED_BY),
            ref("agency_id", Label.AGENCY, Rel.LODGED_WITH),
            enum("status", ("lodged", "accepted", "released", "rejected"), required=False),
        ),
    ),
    NodeFile(
        "shipments.csv",
        Label.SHIPMENT,
        (
            req("shipment_id"),
            enum("direction", values_of(Direction)),
            enum("mode", values_of(ShipmentMode)),
            enum("status", values_of(ShipmentStatus)),
            date("declared_on", required=True),
            Column("waybill"),
            Column("port"),
            ident("origin_country", "origin_country"),
            Column("consignee_region"),
            Column("consignee_ref"),
            date("released_on"),
            date("delivered_on"),
            ref("seller_id", E, Rel.SOLD_BY),
            ref("platform_id", E, Rel.VIA_PLATFORM),
            ref("importer_id", E, Rel.IMPORTED_BY),
            ref("logistics_id", E, Rel.HANDLED_BY),
            ref("warehouse_id", E, Rel.STORED_AT),
            ref("declaration_id", Label.DECLARATION, Rel.DECLARED_IN),
        ),
        (NotBefore("released_on", "declared_on"), NotBefore("delivered_on", "released_on", "declared_on")),
    ),
    LinkFile(
        "shipment_batches.csv",
        "shipment_id",
        Rel.CARRIES,
        "batch_id",
        (
            ref("shipment_id", Label.SHIPMENT, required=True),
            ref("batch_id", Label.BATCH, required=True),
            req("quantity", Kind.INT, minimum=1),
            Column("unit"),
        ),
    ),
    NodeFile(
        "inspections.csv",
        Label.INSPECTION,
        (
            req("inspection_id"),
            enum("kind", values_of(InspectionKind)),
            kind_column("target_kind", ("shipment", "batch")),
            ref(
                "target_id",
                ("target_kind", {"shipment": Label.SHIPMENT, "batch": Label.BATCH}),
                Rel.INSPECTED,
                required=True,
            ),
            enum("result", values_of(InspectionResult)),
            date("inspected_on", required=True),
            kind_column("performer_kind", ("agency", "lab"), required=False),
            ref("performer_id", ("performer_kind", {"agency": Label.AGENCY, "lab": E}), Rel.PERFORMED_BY),
            Column("accepted", Kind.BOOL),
            Column("findings"),
        ),
        (Together("performer_kind", "performer_id"),),
    ),
    NodeFile(
        "risk_alerts.csv",
        Label.RISK_ALERT,
        (
            req("alert_id"),
            req("title"),
            enum("risk_level", RISK_LEVELS),
            date("issued_on", required=True),
            Column("hazard"),
            ref("issuer_id", Label.AGENCY, Rel.ISSUED_BY),
            kind_column("target_kind", ("product", "batch"), required=False),
            ref("target_id", ("target_kind", PRODUCT_OR_BATCH), Rel.CONCERNS),
        ),
        (Together("target_kind", "target_id"),),
    ),
    NodeFile(
        "recalls.csv",
        Label.RECALL,
        (
            req("recall_id"),
            enum("measure", values_of(Measure)),
            req("title"),
            enum("risk_level", RISK_LEVELS),
            date("issued_on", required=True),
            Column("hazard"),
            Column("reason"),
            enum("status", ("open", "closed"), required=False),
            ref("issuer_id", Label.AGENCY, Rel.ISSUED_BY),
        ),
    ),
    LinkFile(
        "recall_targets.csv",
        "recall_id",
        Rel.TARGETS,
        "target_id",
        (
            ref("recall_id", Label.RECALL, required=True),
            kind_column("target_kind", ("product", "batch")),
            ref("target_id", ("target_kind", PRODUCT_OR_BATCH), required=True),
        ),
    ),
    NodeFile(
        "prohibited_categories.csv",
        Label.PROHIBITED_CATEGORY,
        (
            req("code"),
            req("title"),
            Column("hs_prefixes", Kind.DIGITS_LIST),
            Column("keywords", Kind.LIST),
            Column("legal_basis"),
            date("valid_from"),
        ),
    ),
    NodeFile(
        "screening_rules.csv",
        Label.RULE_VERSION,
        (
            req("rule_id"),
            req("version", Kind.INT, minimum=1),
            enum("list", values_of(RuleList)),
            Column("category"),
            req("title"),
            Column("legal_basis"),
            date("valid_from", required=True),
            date("valid_to"),
            Column("hs_prefixes", Kind.DIGITS_LIST),
            Column("product_categories", Kind.LIST),
            Column("keywords_zh", Kind.LIST),
            Column("keywords_en", Kind.LIST),
            Column("modes", Kind.LIST, values=values_of(ShipmentMode)),
            Column("directions", Kind.LIST, values=values_of(Direction)),
            Column("origin_countries", Kind.LIST),
        ),
        rules=(NotBefore("valid_to", "valid_from"),),
        statement=SCREENING_RULES,
    ),
)

FILES: Final[tuple[FileDecl, ...]] = TRADE + CREDIT_AND_PARTIES + HISTORY
