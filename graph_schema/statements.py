"""The write statement of each declared file (graph_schema.files), built once at import time.

Each statement takes `$rows` (a batch), `$source` (the file name) and `$run`
(the load run id). A row is a map keyed by the file's column names plus
`_line`, its line in the file. Empty cells are null; dates arrive as
validated `YYYY-MM-DD` strings and are stored with `date()` (the driver
encodes a Python `date` through a Python hook, ~7 us each, which made date
columns the slowest part of a batch).

Every statement MERGEs on natural keys (see model.NATURAL_KEYS), so loading a
batch twice changes nothing. It looks up every referenced node first; a row
whose non-empty reference is not in the graph is written not at all, and the
statement returns one record, `rejected`: a list of `{line, missing}` where
`missing` lists the columns whose node was not found.

Shape, chosen so that no plan has an Eager operator: OPTIONAL MATCH the
references on their unique keys, compute `missing`, write inside a unit
`CALL` filtered on `missing = []`, then `collect` the rejects. (A per-row
RETURN after writes makes the planner add an Eager.) A reference to one of
several labels seeks each with a key that is null unless the kind column
names that label. Every node and relationship gets `source` and `loadRun`.

`CYPHER replan=skip`: every lookup is a seek on a unique constraint, so the
plan never depends on statistics; without it, a load (whose statistics change
fast) replans each statement every few seconds, ~1 s per plan here.

The text is assembled only from the declarations' names (labels, relationship
types, column and property names, all literals of this package, each checked
to be a plain identifier below); no input of any run reaches it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, LiteralString

from graph_schema.declare import Column, FileDecl, Kind, LinkFile, NodeFile
from graph_schema.model import NATURAL_KEYS, Rel

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
HEAD = "CYPHER replan=skip\nUNWIND $rows AS row\n"
REJECTS = (
    "WITH collect(CASE WHEN missing <> [] THEN {line: row._line, missing: missing} END) AS rejected\n"
    "RETURN rejected\n"
)
PROVENANCE = "source: $source, loadRun: $run"


def _name(text: str) -> str:
    if not _NAME.match(text):
        raise ValueError(f"not a plain identifier in a file declaration: {text!r}")
    return text


def _value(column: Column) -> str:
    cell = "row." + _name(column.name)
    return "date(" + cell + ")" if column.kind is Kind.DATE else cell


def _props(columns: list[Column]) -> str:
    return "{" + ", ".join([f"{_name(c.property_name)}: {_value(c)}" for c in columns] + [PROVENANCE]) + "}"


@dataclass(frozen=True)
class _Lookups:
    lines: list[str]  # the OPTIONAL MATCHes and the WITH that computes `missing`
    names: list[str]  # the variables in scope after them, for the CALL
    found: list[str]  # per reference: a list expression of the node found ([] or [node])
    absent: list[str]  # per reference: true when no node was found


def _lookups(refs: list[Column], *, merge: bool, carry: str = "row") -> _Lookups:
    """OPTIONAL MATCH each reference into `r0`, `r1`...; the missing-column list.

    A reference to one of several labels seeks `r<i>_<j>` per label. A node
    file keeps those apart and links the one found (coalescing them there
    made the planner add an Eager); a link file, whose MERGE needs one end
    variable, coalesces them into `r<i>`.
    """
    lines: list[str] = []
    merges: list[str] = []
    names: list[str] = []
    found: list[str] = []
    absent: list[str] = []
    for i, column in enumerate(refs):
        var, cell = f"r{i}", "row." + _name(column.name)
        options = column.ref_labels
        if len(options) == 1:
            label = options[0][1]
            lines.append(f"OPTIONAL MATCH ({var}:{_name(label.value)} {{{NATURAL_KEYS[label]}: {cell}}})")
            names.append(var)
            found.append(f"CASE WHEN {var} IS NULL THEN [] ELSE [{var}] END")
            absent.append(f"{var} IS NULL")
            continue
        kind = "row." + _name(str(column.ref[0]))  # type: ignore[index]
        each = [f"{var}_{j}" for j in range(len(options))]
        for each_var, (value, label) in zip(each, options, strict=True):
            key = f"CASE {kind} WHEN '{_name(str(value))}' THEN {cell} END"
            lines.append(f"OPTIONAL MATCH ({each_var}:{_name(label.value)} {{{NATURAL_KEYS[label]}: {key}}})")
        if merge:
            merges.append(f"coalesce({', '.join(each)}) AS {var}")
            names.append(var)
            found.append(f"CASE WHEN {var} IS NULL THEN [] ELSE [{var}] END")
            absent.append(f"{var} IS NULL")
        else:
            names.extend(each)
            found.append(f"[x IN [{', '.join(each)}] WHERE x IS NOT NULL]")
            absent.append(" AND ".join(f"{v} IS NULL" for v in each))
    if merges:
        keep = [n for n in names if not any(m.endswith(" AS " + n) for m in merges)]
        lines.append(f"WITH {carry}, " + ", ".join(keep + merges))
    missing = [
        f"CASE WHEN row.{_name(c.name)} IS NOT NULL AND {f} THEN ['{c.name}'] ELSE [] END"
        for c, f in zip(refs, absent, strict=True)
    ]
    lines.append(
        f"WITH {carry}, " + ", ".join(names) + ",\n     " + " +\n     ".join(missing) + " AS missing"
    )
    return _Lookups(lines, names, found, absent)


def _link(start: str, rel: str, end: str, var: str) -> str:
    return f"MERGE ({start})-[{var}:{_name(rel)}]->({end})"


def _distinct(nodes: str) -> str:
    """The list expression `nodes` without repeats, in order."""
    return f"[i IN range(0, size({nodes}) - 1) WHERE NOT {nodes}[i] IN {nodes}[..i] | {nodes}[i]]"


def _node_statement(decl: NodeFile, *, new: bool = False) -> str:
    key, *rest = decl.columns
    match = f"MERGE (n:{_name(decl.label.value)} {{{NATURAL_KEYS[decl.label]}: row.{_name(key.name)}}})"
    props = _props([c for c in rest if c.ref is None and c.stored])
    refs = [c for c in rest if c.ref is not None]
    if not refs:
        return HEAD + match + "\nSET n += " + props + "\nWITH count(*) AS written\nRETURN [] AS rejected\n"
    found = _lookups(refs, merge=False)
    body = [match, "SET n += " + props]
    # References with the same relationship type and direction are linked by one
    # FOREACH over the distinct nodes found (two MERGEs of one pattern in a
    # statement make the planner add an Eager; both agencies of an arrangement
    # may be the same).
    groups: dict[tuple[str, bool], list[str]] = {}
    for each, column in zip(found.found, refs, strict=True):
        if column.rel is not None:
            groups.setdefault((column.rel.value, column.inbound), []).append(each)
    for (rel, inbound), lists in groups.items():
        nodes = lists[0] if len(lists) == 1 else _distinct("(" + " + ".join(lists) + ")")
        link = _link("x", rel, "n", "r") if inbound else _link("n", rel, "x", "r")
        if new:
            link = link.replace("MERGE", "CREATE", 1)
        body.append(f"FOREACH (x IN {nodes} |\n    {link} SET r.source = $source, r.loadRun = $run)")
    scope = ", ".join(["row", *found.names, "missing"])
    call = f"CALL ({scope}) {{\n  WITH * WHERE missing = []\n  " + "\n  ".join(body) + "\n}\n"
    return HEAD + "\n".join(found.lines) + "\n" + call + REJECTS


def _stale_statement(decl: NodeFile) -> str | None:
    """Read-only: the keys of the rows' nodes already in the graph (`existing`) and, per
    such row, the element ids of the edges its single-valued references drop (`stale`).

    The row is the truth for the single-valued references it carries: an edge
    of such a reference's type and direction to any node but the one the row
    names goes (every such edge when the cell is empty), so a corrected seller
    replaces the old one instead of joining it. Rows with a missing reference
    drop nothing (they are rejected whole). The loader runs this, then
    DELETE_STALE, then the write statement, in one transaction: deleting in the
    write statement itself (edges of a type its MERGEs read) makes the planner
    add Eagers, and so does a MATCH ... DELETE after an UNWIND; a delete whose
    leaf is an element-id seek has none.
    """
    key, *rest = decl.columns
    refs = [c for c in rest if c.ref is not None]
    found = _lookups(refs, merge=False, carry="row, old")
    single = [(each, c) for each, c in zip(found.found, refs, strict=True) if c.rel and not c.many]
    if not single:
        return None
    # A single-valued reference must own its relationship type and direction in
    # the file, or replacing it would delete the other column's links.
    linked: list[tuple[Rel | None, bool]] = [(c.rel, c.inbound) for c in refs if c.rel is not None]
    for _, column in single:
        if linked.count((column.rel, column.inbound)) > 1:
            raise ValueError(f"{decl.name}: {column.name} shares its relationship with another reference")
    parts = []
    for nodes, column in single:
        assert column.rel is not None
        rel = _name(column.rel.value)
        edge = f"(old)<-[o:{rel}]-(y)" if column.inbound else f"(old)-[o:{rel}]->(y)"
        parts.append(f"[{edge} WHERE NOT y IN {nodes} | elementId(o)]")
    keyed = f"{_name(decl.label.value)} {{{NATURAL_KEYS[decl.label]}: row.{_name(key.name)}}}"
    # The node first: a row of a new node (every row of a first load) stops at
    # this seek instead of paying for its reference lookups.
    return (
        HEAD
        + f"MATCH (old:{keyed})\n"
        + "\n".join(found.lines)
        + f"\nWITH row.{_name(key.name)} AS key, CASE WHEN missing = [] THEN\n       "
        + " +\n       ".join(parts)
        + "\n     ELSE [] END AS ids\n"
        + "RETURN collect(key) AS existing, collect(ids) AS stale\n"
    )


DELETE_STALE: Final[LiteralString] = """
MATCH ()-[o]->() WHERE elementId(o) IN $stale
DELETE o
"""


def stale_statement(decl: FileDecl) -> LiteralString | None:
    """The read of the edges a batch of `decl` drops (see _stale_statement); None when none can be."""
    return _stale_statement(decl) if isinstance(decl, NodeFile) else None


def _link_statement(decl: LinkFile) -> str:
    refs = [c for c in decl.columns if c.ref is not None]
    found = _lookups(refs, merge=True)
    lookups, names = found.lines, found.names
    by_column = {c.name: var for c, var in zip(refs, names, strict=True)}
    keys = "".join(
        " {" + ", ".join(f"{_name(p)}: row.{_name(col)}" for p, col in decl.keys) + "}" if decl.keys else ""
    )
    key_columns = {col for _, col in decl.keys}
    props = _props([c for c in decl.columns if c.ref is None and c.stored and c.name not in key_columns])
    merge = f"MERGE ({by_column[decl.start]})-[l:{_name(decl.rel.value)}{keys}]->({by_column[decl.end]})"
    scope = ", ".join(["row", *names, "missing"])
    call = f"CALL ({scope}) {{\n  WITH * WHERE missing = []\n  {merge}\n  SET l += {props}\n}}\n"
    return HEAD + "\n".join(lookups) + "\n" + call + REJECTS


def new_node_statement(decl: FileDecl) -> LiteralString | None:
    """The write statement for rows whose node is not in the graph yet (None: the file has none).

    The same as statement(decl) but its links are made by CREATE: a node that was
    not in the graph has no links, so nothing needs checking (a MERGE of a link
    cost more than half of a new shipment's database hits: an Expand(Into) per
    reference). The loader learns which rows are new from the stale-edge read of
    the same transaction (a batch holds one row per key). CREATE and MERGE of one
    type in one statement would make the planner add Eagers, hence two statements.
    """
    if not isinstance(decl, NodeFile) or decl.statement or _stale_statement(decl) is None:
        return None
    return _node_statement(decl, new=True)


def statement(decl: FileDecl) -> LiteralString:
    """The write statement of one declared file."""
    if isinstance(decl, NodeFile) and decl.statement:
        return decl.statement
    text = _node_statement(decl) if isinstance(decl, NodeFile) else _link_statement(decl)
    # Safe: assembled from the declarations' literal, identifier-checked names only (see above).
    # (mypy takes LiteralString for str, so the type does not prove it; _name does.)
    return text
