"""The generator's output must follow docs/data-format.md exactly."""

import csv
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from loaders.gen_output import HEADERS
from loaders.generate import generate, main
from loaders.identifiers import identifier_problem

SCALE = 3000
DOC = Path(__file__).resolve().parents[2] / "docs" / "data-format.md"
Table = list[dict[str, str]]
Manifest = dict[str, Any]


def _split_top_level(cell: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in cell:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    return [*parts, cur]


def _contract() -> dict[str, list[tuple[str, bool, list[str] | None]]]:
    """file -> [(column, required, enum values or None)] read from the doc's table."""
    files = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*\d+\s*\|\s*`(\w+)\.csv`\s*\|(.*)\|\s*$", line)
        if not m:
            continue
        columns = []
        for part in _split_top_level(m.group(2)):
            name = re.match(r"\s*(\*\*)?(\w+)", part)
            assert name, part
            paren = re.search(r"\(([^)]*)\)", part)
            values = [v.strip() for v in paren.group(1).split(",")] if paren else []
            is_enum = len(values) > 1 and all(re.fullmatch(r"[a-z_]+", v) for v in values)
            enum = values if is_enum else None
            columns.append((name.group(2), bool(name.group(1)), enum))
        files[m.group(1)] = columns
    return files


CONTRACT = _contract()


def _read(folder: Path, name: str) -> Table:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen")
    generate(SCALE, out, seed=11, progress=False)
    return out


@pytest.fixture(scope="module")
def tables(folder: Path) -> dict[str, Table]:
    return {name: _read(folder, name) for name in HEADERS}


@pytest.fixture(scope="module")
def manifest(folder: Path) -> Manifest:
    data: Manifest = json.loads((folder / "manifest.json").read_text())
    return data


def test_the_doc_lists_31_files() -> None:
    assert len(CONTRACT) == 31
    assert set(CONTRACT) == set(HEADERS)


def test_same_seed_and_scale_give_identical_bytes(tmp_path: Path) -> None:
    generate(1000, tmp_path / "a", seed=3, progress=False)
    generate(1000, tmp_path / "b", seed=3, progress=False)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(names) == 33  # 31 CSV files, manifest.json, screen_examples.json
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    generate(1000, tmp_path / "c", seed=4, progress=False)
    a, c = (tmp_path / d / "shipments.csv" for d in "ac")
    assert a.read_bytes() != c.read_bytes()


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_header_and_cells_follow_the_contract(folder: Path, name: str) -> None:
    columns = CONTRACT[name]
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    assert header == [c for c, _, _ in columns]
    assert rows, f"{name}.csv is empty"
    for row in rows:
        assert len(row) == len(header)
        for value, (column, required, enum) in zip(row, columns, strict=True):
            assert value or not required, f"{name}.{column} is required"
            if value and enum:
                assert value in enum, f"{name}.{column}: {value!r} not in {enum}"


def _dates_and_numbers_ok(tables: dict[str, Table]) -> None:
    date = re.compile(r"\d{4}-\d{2}-\d{2}")
    for name, rows in tables.items():
        for row in rows:
            for col, value in row.items():
                if value and (
                    col.endswith("_on") or col in ("since", "until", "valid_from", "valid_to", "valid_until")
                ):
                    assert date.fullmatch(value), (name, col, value)


def test_dates_lists_booleans_and_shares(tables: dict[str, Table]) -> None:
    _dates_and_numbers_ok(tables)
    for row in tables["credit_levels"]:
        assert row["dishonest"] in ("true", "false")
        assert int(row["rank"]) >= 1
    for row in tables["inspections"]:
        assert row["accepted"] in ("", "true", "false")
        assert (row["performer_kind"] == "lab") == (row["accepted"] != "")
    for row in tables["batches"]:
        assert int(row["quantity"]) >= 0
    for row in tables["shipment_batches"]:
        assert int(row["quantity"]) > 0
    current: dict[str, float] = defaultdict(float)
    for row in tables["ownerships"]:
        share = float(row["share"])
        assert 0 < share <= 1
        if not row["until"]:
            current[row["enterprise_id"]] += share
    assert max(current.values()) <= 1.0 + 1e-9
    grants = {"enterprise", "credit", "filing", "recall"}
    for row in tables["arrangements"]:
        assert set(row["grants"].split(";")) <= grants
    for row in tables["prohibited_categories"]:
        assert all(p.isdigit() for p in row["hs_prefixes"].split(";"))


def test_eight_negative_list_categories(tables: dict[str, Table]) -> None:
    assert [r["code"] for r in tables["prohibited_categories"]] == [f"NL-0{k}" for k in range(1, 9)]


def test_identifiers_are_valid(tables: dict[str, Table]) -> None:
    checks = {
        "enterprises": ("country", "uscc", "eori", "gln"),
        "products": ("hs_code", "gtin", "origin_country"),
        "persons": ("nationality",),
        "addresses": ("country",),
        "agencies": ("country",),
        "shipments": ("origin_country",),
    }
    for name, columns in checks.items():
        for row in tables[name]:
            for col in columns:
                if row[col]:
                    kind = "country" if col in ("nationality",) else col
                    assert identifier_problem(kind, row[col]) is None, (name, col, row[col])
    ents = tables["enterprises"]
    assert all(r["uscc"] for r in ents if r["country"] == "CN")
    assert any(r["eori"] for r in ents) and any(r["gln"] for r in ents)
    usccs = [r["uscc"] for r in ents if r["uscc"]]
    assert len(usccs) == len(set(usccs))
    gtins = [r["gtin"] for r in tables["products"] if r["gtin"]]
    assert len(gtins) == len(set(gtins))


def _keys(tables: dict[str, Table], name: str, column: str) -> set[str]:
    return {row[column] for row in tables[name]}


def test_every_reference_resolves(tables: dict[str, Table]) -> None:
    key = {
        "agency": _keys(tables, "agencies", "agency_id"),
        "enterprise": _keys(tables, "enterprises", "enterprise_id"),
        "person": _keys(tables, "persons", "person_id"),
        "address": _keys(tables, "addresses", "address_id"),
        "contact": _keys(tables, "contacts", "contact_id"),
        "product": _keys(tables, "products", "product_id"),
        "batch": _keys(tables, "batches", "batch_id"),
        "shipment": _keys(tables, "shipments", "shipment_id"),
        "declaration": _keys(tables, "declarations", "declaration_id"),
        "recall": _keys(tables, "recalls", "recall_id"),
        "scheme": _keys(tables, "credit_schemes", "scheme_id"),
        "level": _keys(tables, "credit_levels", "level_id"),
        "arrangement": _keys(tables, "arrangements", "arrangement_id"),
    }
    lab_or = {"agency": "agency", "lab": "enterprise"}
    fixed: dict[str, dict[str, str]] = {
        "products": {"maker_id": "enterprise"},
        "batches": {"product_id": "product"},
        "trace_codes": {"batch_id": "batch"},
        "declarations": {"declarant_id": "enterprise", "agency_id": "agency"},
        "shipments": {c: "enterprise" for c in ("seller_id", "platform_id", "importer_id",
                                                 "logistics_id", "warehouse_id")}
        | {"declaration_id": "declaration"},
        "shipment_batches": {"shipment_id": "shipment", "batch_id": "batch"},
        "inspections": {},
        "risk_alerts": {"issuer_id": "agency"},
        "recalls": {"issuer_id": "agency"},
        "recall_targets": {"recall_id": "recall"},
        "credit_schemes": {"agency_id": "agency"},
        "credit_levels": {"scheme_id": "scheme"},
        "ratings": {"agency_id": "agency", "enterprise_id": "enterprise", "level_id": "level"},
        "arrangements": {"agency_a": "agency", "agency_b": "agency"},
        "level_mappings": {"arrangement_id": "arrangement", "from_level_id": "level",
                           "to_level_id": "level"},
        "filings": {"enterprise_id": "enterprise", "product_id": "product",
                    "agency_id": "agency"},
        "ownerships": {"enterprise_id": "enterprise"},
        "directorships": {"person_id": "person", "enterprise_id": "enterprise"},
        "enterprise_addresses": {"enterprise_id": "enterprise", "address_id": "address"},
        "enterprise_contacts": {"enterprise_id": "enterprise", "contact_id": "contact"},
        "platform_sellers": {"platform_id": "enterprise", "seller_id": "enterprise"},
        "aeo_numbers": {"agency_id": "agency", "enterprise_id": "enterprise"},
    }  # fmt: skip
    # Polymorphic references: the kind column says which key space applies.
    by_kind: dict[str, tuple[str, str, Callable[[str], str]]] = {
        "inspections": ("target_kind", "target_id", lambda k: k),
        "risk_alerts": ("target_kind", "target_id", lambda k: k),
        "recall_targets": ("target_kind", "target_id", lambda k: k),
        "ownerships": ("owner_kind", "owner_id", lambda k: k),
    }
    for name, refs in fixed.items():
        for row in tables[name]:
            for col, space in refs.items():
                assert not row[col] or row[col] in key[space], (name, col, row[col])
            if name in by_kind:
                kind_col, id_col, space_of = by_kind[name]
                if row[kind_col]:
                    assert row[id_col] in key[space_of(row[kind_col])], (name, row)
    for row in tables["inspections"]:
        if row["performer_id"]:
            assert row["performer_id"] in key[lab_or[row["performer_kind"]]], row


def test_references_point_at_the_right_kind(tables: dict[str, Table]) -> None:
    kind = {r["enterprise_id"]: r["kind"] for r in tables["enterprises"]}
    for row in tables["shipments"]:
        assert kind[row["platform_id"]] == "platform"
        assert kind[row["logistics_id"]] == "logistics"
        assert kind[row["seller_id"]] in ("seller", "exporter")
        assert not row["importer_id"] or kind[row["importer_id"]] == "importer"
        assert (row["mode"] == "bonded") == bool(row["warehouse_id"])
        assert not row["warehouse_id"] or kind[row["warehouse_id"]] == "warehouse"
    for row in tables["platform_sellers"]:
        assert kind[row["platform_id"]] == "platform"
    for row in tables["inspections"]:
        if row["performer_kind"] == "lab":
            assert kind[row["performer_id"]] == "lab"
    scheme_agency = {r["scheme_id"]: r["agency_id"] for r in tables["credit_schemes"]}
    level_scheme = {r["level_id"]: r["scheme_id"] for r in tables["credit_levels"]}
    for row in tables["ratings"]:
        assert scheme_agency[level_scheme[row["level_id"]]] == row["agency_id"]


def test_relationship_keys_are_unique(tables: dict[str, Table]) -> None:
    keyed = {
        "shipment_batches": ("shipment_id", "batch_id"),
        "recall_targets": ("recall_id", "target_kind", "target_id"),
        "level_mappings": ("arrangement_id", "from_level_id", "to_level_id"),
        "ownerships": ("owner_kind", "owner_id", "enterprise_id"),
        "directorships": ("person_id", "enterprise_id", "role"),
        "enterprise_addresses": ("enterprise_id", "address_id"),
        "enterprise_contacts": ("enterprise_id", "contact_id"),
        "platform_sellers": ("platform_id", "seller_id"),
        "trace_codes": ("code",),
        "inspections": ("inspection_id",),
        "ratings": ("rating_id",),
        "filings": ("filing_id",),
    }
    for name, cols in keyed.items():
        seen = Counter(tuple(r[c] for c in cols) for r in tables[name])
        dupes = [k for k, n in seen.items() if n > 1]
        assert not dupes, (name, dupes[:3])


def test_shipment_dates_follow_the_status(tables: dict[str, Table]) -> None:
    declared = {r["declaration_id"]: r["declared_on"] for r in tables["declarations"]}
    statuses: Counter[str] = Counter()
    for row in tables["shipments"]:
        status, rel, dlv = row["status"], row["released_on"], row["delivered_on"]
        statuses[status] += 1
        assert row["declared_on"] == declared[row["declaration_id"]]
        assert not rel or rel >= row["declared_on"]
        assert not dlv or (rel and dlv >= rel)
        assert bool(rel) == (status in ("released", "delivered"))
        assert bool(dlv) == (status == "delivered")
        assert row["declared_on"] <= "2025-12-31" and (not dlv or dlv <= "2025-12-31")
    assert {"declared", "released", "delivered", "returned"} <= set(statuses)


def test_batches_are_made_before_they_ship(tables: dict[str, Table]) -> None:
    batches = {r["batch_id"]: r for r in tables["batches"]}
    shipped = {r["shipment_id"]: r["declared_on"] for r in tables["shipments"]}
    for row in tables["shipment_batches"]:
        batch = batches[row["batch_id"]]
        assert batch["produced_on"] < shipped[row["shipment_id"]]
        assert not batch["expires_on"] or batch["expires_on"] > shipped[row["shipment_id"]]


def test_manifest_counts_match_a_recount(tables: dict[str, Table], manifest: Manifest) -> None:
    batches_of: dict[str, set[str]] = defaultdict(set)
    for row in tables["batches"]:
        batches_of[row["product_id"]].add(row["batch_id"])
    targets: dict[str, set[str]] = defaultdict(set)
    for row in tables["recall_targets"]:
        tid = row["target_id"]
        targets[row["recall_id"]] |= batches_of[tid] if row["target_kind"] == "product" else {tid}
    carried: dict[str, set[str]] = defaultdict(set)
    for row in tables["shipment_batches"]:
        carried[row["batch_id"]].add(row["shipment_id"])
    for key, low, high in (("recall_small", 0.0002, 0.004), ("recall_medium", 0.003, 0.03),
                           ("recall_large", 0.05, 0.2)):  # fmt: skip
        planted = manifest[key]
        reached = set().union(*(carried[b] for b in targets[planted["recall_id"]]))
        assert planted["expected_shipments"] == len(reached), key
        assert low * SCALE <= len(reached) <= high * SCALE, (key, len(reached))
    assert manifest["rows"]["shipments"] == SCALE
    codes = _keys(tables, "trace_codes", "code")
    assert manifest["trace_code"] in codes


def test_planted_related_parties(tables: dict[str, Table], manifest: Manifest) -> None:
    suspect = manifest["suspect_seller"]
    ring = set(suspect["shell_ring"])
    assert len(ring) >= 5 and suspect["enterprise_id"] in ring
    address: dict[str, set[str]] = defaultdict(set)
    for row in tables["enterprise_addresses"]:
        if not row["until"]:
            address[row["address_id"]].add(row["enterprise_id"])
    assert any(ring <= firms for firms in address.values())
    phone: dict[str, set[str]] = defaultdict(set)
    for row in tables["enterprise_contacts"]:
        phone[row["contact_id"]].add(row["enterprise_id"])
    assert any(ring <= firms for firms in phone.values())
    reps = Counter(r["person_id"] for r in tables["directorships"]
                   if r["role"] == "legal_representative" and not r["until"])  # fmt: skip
    assert reps[manifest["many_firm_person"]["person_id"]] >= 10
    assert any(r["until"] for r in tables["directorships"])
    owns = {(r["owner_id"], r["enterprise_id"]): r["share"] for r in tables["ownerships"]}
    a, b, c, d = manifest["ownership_chain"]
    assert (owns[(a, b)], owns[(b, c)], owns[(c, d)]) == ("0.6", "0.5", "0.51")
    x, y, z = manifest["ownership_cycle"]
    assert (x, y) in owns and (y, z) in owns and (z, x) in owns
    shipped_by = {r["shipment_id"]: r["seller_id"] for r in tables["shipments"]}
    prohibited = manifest["suspect_seller"]["prohibited_product_id"]
    bad_batches = {r["batch_id"] for r in tables["batches"] if r["product_id"] == prohibited}
    sellers = {shipped_by[r["shipment_id"]] for r in tables["shipment_batches"]
               if r["batch_id"] in bad_batches}  # fmt: skip
    assert sellers and sellers <= ring
    dishonest = {r["enterprise_id"] for r in tables["ratings"]
                 if r["level_id"] == "LV-CN-DIS" and not r["valid_to"]}  # fmt: skip
    assert suspect["enterprise_id"] in dishonest


def test_recalls_use_every_measure(tables: dict[str, Table]) -> None:
    measures = {r["measure"] for r in tables["recalls"]}
    assert measures == {"risk_notice", "stop_sale", "mandatory_recall", "return", "destruction"}
    assert {r["target_kind"] for r in tables["recall_targets"]} == {"product", "batch"}


def test_main_prints_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--scale", "500", "--out", str(tmp_path), "--seed", "2", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["rows"]["shipments"] == 500
    assert summary["manifest"]["recall_large"]["recall_id"]


def test_progress_line_goes_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    generate(1000, tmp_path, progress=True)
    captured = capsys.readouterr()
    assert "generate: shipments" in captured.err
    assert captured.out == ""


def test_scale_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate(0, tmp_path)
