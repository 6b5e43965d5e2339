"""`hub import`'s compact key set and its line-break scan of the importer's files."""

from __future__ import annotations

from pathlib import Path

from loaders.bulk_files import _multiline
from loaders.bulk_keys import Keys


def test_keys_hold_what_was_added_across_growth() -> None:
    keys = Keys()
    added = [f"S{i:07d}" for i in range(200_000)]  # past several doublings of the table
    assert all(keys.add(key) for key in added)
    assert len(keys) == len(added)
    assert all(key in keys for key in added)
    assert not any(f"T{i:07d}" in keys for i in range(0, 200_000, 7))
    assert not keys.add("S0000042")  # a repeated key is reported as such
    assert len(keys) == len(added)
    link = ("Shipment", "S1", "Batch", "B1", None)
    assert keys.add(link) and link in keys and not keys.add(link)


def test_a_value_with_a_line_break_is_found(tmp_path: Path) -> None:
    plain = tmp_path / "plain.csv"
    plain.write_text('id,name\nA,"Blue, Harbor ""Co"""\nB,x\n')
    assert not _multiline(plain)
    broken = tmp_path / "broken.csv"
    broken.write_text('id,name\nA,x\nB,"line one\nline two"\n')
    assert _multiline(broken)
    carriage = tmp_path / "carriage.csv"
    carriage.write_bytes(b'id,name\nA,"x\ry"\n')
    assert _multiline(carriage)
    # A long file, so that the value with a break is not in the first block read.
    long = tmp_path / "long.csv"
    long.write_text("id,name\n" + "A,x\n" * 400_000 + 'B,"one\ntwo"\n')
    assert _multiline(long)
