"""The input files of a load folder and their checked rows, read once, in order.

Shared by `hub load` (loaders.load) and `hub import` (loaders.bulk_prepare): the
same header checks, the same row checks, the same reject messages.
"""

from __future__ import annotations

import csv
import secrets
from collections.abc import Callable, Generator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from graph_schema.writes import LOAD_ORDER
from loaders.rows import ROW_FIELD, RowError, RowParser, header_problems, short
from loaders.specs import SPECS, FileSpec, Row


class LoadError(RuntimeError):
    """A problem that stops the load: no folder, a bad header, unreadable text."""


@dataclass(frozen=True)
class InputFile:
    spec: FileSpec
    path: Path
    header: tuple[str, ...] | None  # None: the file is empty


def new_run_id() -> str:
    """`YYYYMMDD-HHMMSS-NNNNNN` (UTC, then 6 random digits): 22 digits and dashes.

    Every node and relationship a load writes stores this id (`loadRun`). Neo4j
    stores a string of at most 22 digits, spaces, `.`, `-`, `+` and `,` in 4 bits
    a character inline (2 of a property record's 4 blocks), so a link's `source`
    and `loadRun` share one property record; the former id (`...T...Z-` and hex
    letters) took a whole record of its own: +57 bytes of transaction log per
    link, 1,863 against 1,530 bytes per new shipment row (docs/operations.md).
    """
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + f"{secrets.randbelow(1_000_000):06d}"


def _text_lines(path: Path, name: str) -> Generator[str, None, None]:
    """The file's lines, decoded one at a time so that a bad byte is reported at its exact line.

    Lines end at b"\\n" (a UTF-8 character never contains that byte), kept with
    their ends so that csv sees quoted line breaks; a BOM on line 1 is dropped.
    """
    with path.open("rb") as raw:
        for number, data in enumerate(raw, start=1):
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                where = f"line {number}, byte {exc.start + 1}"
                raise LoadError(
                    f"{name}: not UTF-8 text at {where}; the rows before it were loaded"
                ) from None
            yield text[1:] if number == 1 and text.startswith("\ufeff") else text


def _read_header(path: Path) -> tuple[str, ...] | None:
    lines = _text_lines(path, path.name)
    try:
        first = next(csv.reader(lines), None)
    except (LoadError, csv.Error) as exc:
        raise LoadError(f"{path.name}: unreadable header ({short(str(exc), 200)})") from None
    finally:
        lines.close()
    return None if first is None else tuple(name.strip() for name in first)


def plan_folder(folder: Path) -> tuple[list[InputFile], list[str]]:
    """The input files present, in load order, and other *.csv files (ignored).

    Raises LoadError naming every bad header, before anything is written.
    """
    if not folder.is_dir():
        raise LoadError(f"{folder}: no such folder")
    inputs: list[InputFile] = []
    problems: list[str] = []
    for name in LOAD_ORDER:
        path = folder / name
        if not path.is_file():
            continue
        header = _read_header(path)
        if header is not None:
            problems += [f"{name}: {p}" for p in header_problems(SPECS[name], header)]
        inputs.append(InputFile(SPECS[name], path, header))
    if problems:
        raise LoadError("; ".join(problems))
    ignored = sorted(p.name for p in folder.glob("*.csv") if p.name not in SPECS)
    return inputs, ignored


def read_rows(item: InputFile, reject: Callable[[list[RowError]], None]) -> Generator[Row, None, None]:
    """The rows of `item` that pass every check, in file order; each failing row goes to `reject`.

    Raises LoadError at a line that is not UTF-8, after yielding every row before it.
    """
    if item.header is None:
        return
    name = item.spec.name
    parser = RowParser(item.spec, item.header)
    lines = _text_lines(item.path, name)
    reader = csv.reader(lines)
    try:
        next(reader)
        last = reader.line_num
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                reject([RowError(name, last + 1, ROW_FIELD, "", short(f"bad CSV: {exc}"))])
                last = reader.line_num
                continue
            line, last = last + 1, reader.line_num
            if not fields:
                continue  # a blank line
            parsed = parser.parse(fields, line)
            if isinstance(parsed, list):
                reject(parsed)
            else:
                yield parsed
    finally:
        lines.close()
