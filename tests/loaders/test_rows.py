"""Row checks and typing, without a database."""

from __future__ import annotations

from typing import Any

import pytest

from graph_schema.model import Label
from loaders.rows import _MAX_VALID_DATES, _VALID_DATES, ROW_FIELD, RowError, RowParser, header_problems
from loaders.specs import SPECS, Kind

SHIPMENT_HEADER = (
    "shipment_id", "direction", "mode", "status", "declared_on", "released_on", "delivered_on",
    "seller_id", "origin_country",
)  # fmt: skip


def parse(file: str, header: tuple[str, ...], *values: str, line: int = 2) -> Any:
    return RowParser(SPECS[file], header).parse(list(values), line)


def shipment(**cells: str) -> Any:
    base = {
        "shipment_id": "S1", "direction": "inbound", "mode": "bonded", "status": "released",
        "declared_on": "2026-03-01", "released_on": "", "delivered_on": "", "seller_id": "E1",
        "origin_country": "JP",
    }  # fmt: skip
    base.update(cells)
    return parse("shipments.csv", SHIPMENT_HEADER, *(base[c] for c in SHIPMENT_HEADER))


def errors(result: Any) -> list[tuple[str, str, str]]:
    assert isinstance(result, list), result
    return [(e.field, e.value, e.reason) for e in result]


def test_a_good_row_is_typed() -> None:
    row = shipment(released_on="2026-03-02", delivered_on=" 2026-03-04 ")
    assert row == {
        "_line": 2, "shipment_id": "S1", "direction": "inbound", "mode": "bonded",
        "status": "released", "declared_on": "2026-03-01", "released_on": "2026-03-02",
        "delivered_on": "2026-03-04", "seller_id": "E1", "origin_country": "JP",
        # columns absent from the header read as empty
        "waybill": None, "port": None, "consignee_region": None, "consignee_ref": None,
        "platform_id": None, "importer_id": None, "logistics_id": None, "warehouse_id": None,
        "declaration_id": None,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"shipment_id": ""}, ("shipment_id", "", "required value is empty")),
        ({"mode": "air"}, ("mode", "air", "'air' is not one of: bonded, direct_mail, express")),
        ({"declared_on": "2026-02-30"}, ("declared_on", "2026-02-30",
                                         "'2026-02-30' is not a date (YYYY-MM-DD)")),
        ({"declared_on": "20260301"}, ("declared_on", "20260301",
                                       "'20260301' is not a date (YYYY-MM-DD)")),
        ({"origin_country": "jp"}, ("origin_country", "jp",
                                    "country must be two upper-case letters, got 'jp'")),
        ({"released_on": "2026-02-28"}, ("released_on", "2026-02-28",
                                         "released_on 2026-02-28 is before declared_on 2026-03-01")),
        ({"delivered_on": "2026-02-28"}, ("delivered_on", "2026-02-28",
                                          "delivered_on 2026-02-28 is before declared_on 2026-03-01")),
        ({"released_on": "2026-03-05", "delivered_on": "2026-03-04"},
         ("delivered_on", "2026-03-04", "delivered_on 2026-03-04 is before released_on 2026-03-05")),
    ],
)  # fmt: skip
def test_bad_shipment_cells(cells: dict[str, str], expected: tuple[str, str, str]) -> None:
    assert errors(shipment(**cells)) == [expected]


def test_dates_found_valid_are_remembered_and_bad_ones_never() -> None:
    # A valid date is remembered (the bulk check step sees a few thousand days in millions
    # of cells); a bad one is checked, and rejected, every time it comes.
    for _ in range(3):
        assert shipment(declared_on="2026-03-01", released_on="2026-03-02")["released_on"] == "2026-03-02"
        assert errors(shipment(declared_on="2026-02-30")) == [
            ("declared_on", "2026-02-30", "'2026-02-30' is not a date (YYYY-MM-DD)")
        ]
    assert "2026-03-02" in _VALID_DATES and "2026-02-30" not in _VALID_DATES
    assert len(_VALID_DATES) <= _MAX_VALID_DATES


def test_every_bad_cell_of_a_row_is_reported() -> None:
    result = shipment(direction="in", mode="", declared_on="yesterday")
    assert errors(result) == [
        ("direction", "in", "'in' is not one of: inbound, outbound"),
        ("mode", "", "required value is empty"),
        ("declared_on", "yesterday", "'yesterday' is not a date (YYYY-MM-DD)"),
    ]
    assert {e.line for e in result} == {2} and {e.file for e in result} == {"shipments.csv"}


def test_wrong_field_count() -> None:
    result = parse("persons.csv", ("person_id", "name"), "P1", "Li", "extra", line=7)
    assert result == [RowError("persons.csv", 7, ROW_FIELD, "", "row has 3 fields, the header has 2")]


@pytest.mark.parametrize(
    ("file", "header", "values", "expected"),
    [
        ("products.csv", ("product_id", "name", "hs_code", "gtin"),
         ("P", "n", "190110", "6901234567891"),
         ("gtin", "6901234567891", "GTIN check digit should be 2, got 1")),
        ("products.csv", ("product_id", "name", "hs_code"), ("P", "n", "7712"),
         ("hs_code", "7712", "HS code must be 6, 8 or 10 digits, got '7712'")),
        ("enterprises.csv", ("enterprise_id", "name", "kind", "country", "uscc"),
         ("E", "n", "seller", "CN", "91330100MA2CFK5X0W"),
         ("uscc", "91330100MA2CFK5X0W", "USCC check character should be F, got W")),
        ("enterprises.csv", ("enterprise_id", "name", "kind", "country", "gln"),
         ("E", "n", "seller", "CN", "4006381333932"),
         ("gln", "4006381333932", "GLN check digit should be 1, got 2")),
        ("batches.csv", ("batch_id", "product_id", "lot_code", "quantity"), ("B", "P", "L", "-1"),
         ("quantity", "-1", "'-1' is not an integer >= 0")),
        ("shipment_batches.csv", ("shipment_id", "batch_id", "quantity"), ("S", "B", "0"),
         ("quantity", "0", "'0' is not an integer >= 1")),
        ("ownerships.csv", ("owner_kind", "owner_id", "enterprise_id", "share"),
         ("person", "P", "E", "1.5"),
         ("share", "1.5", "'1.5' is not a share in (0, 1], e.g. 0.6")),
        ("ownerships.csv", ("owner_kind", "owner_id", "enterprise_id", "share"),
         ("person", "P", "E", "0"), ("share", "0", "'0' is not a share in (0, 1], e.g. 0.6")),
        ("credit_levels.csv", ("level_id", "scheme_id", "code", "name", "rank", "dishonest"),
         ("L", "S", "c", "n", "1", "yes"), ("dishonest", "yes", "'yes' is not true or false")),
        ("arrangements.csv",
         ("arrangement_id", "name", "agency_a", "agency_b", "signed_on", "grants"),
         ("AR", "n", "A", "B", "2020-01-01", "credit;parcels"),
         ("grants", "credit;parcels",
          "'parcels' is not one of: enterprise, credit, filing, recall")),
        ("prohibited_categories.csv", ("code", "title", "hs_prefixes"), ("C", "t", "29;2a"),
         ("hs_prefixes", "29;2a", "'2a' is not an HS code prefix (1-10 digits)")),
        ("inspections.csv",
         ("inspection_id", "kind", "target_kind", "target_id", "result", "inspected_on",
          "performer_id"),
         ("I", "lab", "batch", "B", "pass", "2026-01-01", "A1"),
         ("performer_kind", "", "required when performer_id is given")),
        ("directorships.csv", ("person_id", "enterprise_id", "role", "since", "until"),
         ("P", "E", "director", "2020-01-02", "2020-01-01"),
         ("until", "2020-01-01", "until 2020-01-01 is before since 2020-01-02")),
    ],
)  # fmt: skip
def test_bad_cells(
    file: str, header: tuple[str, ...], values: tuple[str, ...], expected: tuple[str, str, str]
) -> None:
    assert errors(parse(file, header, *values)) == [expected]


def test_typed_values() -> None:
    row = parse(
        "prohibited_categories.csv",
        ("code", "title", "hs_prefixes", "keywords", "valid_from"),
        "C", "t", "2903; 2904;", "a;;b ", "2024-01-01",
    )  # fmt: skip
    assert row["hs_prefixes"] == ["2903", "2904"] and row["keywords"] == ["a", "b"]
    level = parse(
        "credit_levels.csv",
        ("level_id", "scheme_id", "code", "name", "rank", "dishonest"),
        "L", "S", "c", "n", "2", "false",
    )  # fmt: skip
    assert level["rank"] == 2 and level["dishonest"] is False
    owns = parse(
        "ownerships.csv", ("owner_kind", "owner_id", "enterprise_id", "share"),
        "enterprise", "E2", "E1", "1",
    )  # fmt: skip
    assert owns["share"] == 1.0 and isinstance(owns["share"], float)


def test_reference_labels() -> None:
    target = SPECS["inspections.csv"].by_name["target_id"]
    assert target.ref_label({"target_kind": "batch"}) is Label.BATCH
    assert target.ref_label({"target_kind": "shipment"}) is Label.SHIPMENT
    performer = SPECS["inspections.csv"].by_name["performer_id"]
    assert performer.ref_label({"performer_kind": "lab"}) is Label.ENTERPRISE
    assert SPECS["shipments.csv"].by_name["seller_id"].ref_label({}) is Label.ENTERPRISE


def test_header_problems() -> None:
    spec = SPECS["contacts.csv"]
    assert header_problems(spec, ("contact_id", "kind", "value")) == []
    assert header_problems(spec, ("value", "contact_id", "kind")) == []  # order is free
    problems = header_problems(spec, ("contact_id", "kind", "kind", "valu"))
    assert problems == [
        "column 'kind' appears twice",
        "unknown column 'valu'",
        "missing required column(s) 'value'",
        "the columns of contacts.csv are contact_id, kind, value",
    ]


def test_column_kinds_are_all_used() -> None:
    kinds = {c.kind for spec in SPECS.values() for c in spec.columns}
    assert kinds == set(Kind)
