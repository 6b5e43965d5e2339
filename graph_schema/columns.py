"""Short-hands for declaring the columns of input files (graph_schema.files)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any, Final

from graph_schema.declare import Column, Kind, LinkFile, NotBefore
from graph_schema.model import FilingStatus, Label, Rel, RiskLevel


def values_of(enum: type[Enum]) -> tuple[str, ...]:
    return tuple(str(member.value) for member in enum)


def req(name: str, kind: Kind = Kind.STR, **kw: Any) -> Column:
    return Column(name, kind, required=True, **kw)


def enum(name: str, values: tuple[str, ...], *, required: bool = True) -> Column:
    return Column(name, Kind.ENUM, required=required, values=values)


def kind_column(name: str, values: tuple[str, ...], *, required: bool = True) -> Column:
    """A column that says which label another column names; not stored."""
    return Column(name, Kind.ENUM, required=required, values=values, stored=False)


def ident(name: str, identifier: str, *, required: bool = False) -> Column:
    return Column(name, Kind.IDENTIFIER, required=required, identifier=identifier)


def ref(
    name: str,
    ref: Label | tuple[str, Mapping[str, Label]],
    rel: Rel | None = None,
    *,
    required: bool = False,
    inbound: bool = False,
    many: bool = False,
) -> Column:
    return Column(name, required=required, ref=ref, rel=rel, inbound=inbound, many=many)


def date(name: str, *, required: bool = False) -> Column:
    return Column(name, Kind.DATE, required=required)


def dated_link(name: str, start: Column, rel: Rel, end: Column) -> LinkFile:
    """A link valid from `since` to `until` (both inclusive, either open)."""
    return LinkFile(
        name,
        start.name,
        rel,
        end.name,
        (start, end, date("since"), date("until")),
        rules=(NotBefore("until", "since"),),
    )


FILING_STATUS: Final = values_of(FilingStatus)
RISK_LEVELS: Final = values_of(RiskLevel)
PRODUCT_OR_BATCH: Final[Mapping[str, Label]] = {"product": Label.PRODUCT, "batch": Label.BATCH}
E = Label.ENTERPRISE
