"""EPCIS 2.0 identifiers: EPC URNs (GS1 Tag Data Standard) and GS1 Digital Link URIs, one form.

Both spellings of one thing resolve to the same `Epc`:
- an item: `urn:epc:id:sgtin:0614141.112345.400` or
  `https://id.gs1.org/01/00614141123452/21/400` -> GTIN-14 + serial;
- a lot (class level): `urn:epc:class:lgtin:4012345.012345.998877` or
  `.../01/04012345123456/10/998877` -> GTIN-14 + lot;
- a product (class level): `urn:epc:idpat:sgtin:4012345.012345.*` or
  `.../01/04012345123456` -> GTIN-14;
- a logistic unit: `urn:epc:id:sscc:0614141.1234567890` or `.../00/<SSCC-18>`;
- a location: `urn:epc:id:sgln:0614141.00777.0` or `.../414/<GLN>[/254/<ext>]`.
Check digits are computed for URNs and checked for Digital Links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import unquote, urlsplit

from loaders.identifiers import gtin_check_digit

_URN: Final = re.compile(r"urn:epc:(id|class|idpat):(sgtin|lgtin|sscc|sgln):(.+)\Z")
_DIGITS: Final = re.compile(r"\d+\Z")
_DL_KEYS: Final = ("01", "00", "414")  # primary keys this hub resolves
_DL_QUALIFIERS: Final = {"01": ("22", "10", "21"), "414": ("254",), "00": ()}


class IdentifierError(ValueError):
    """Not an EPC this hub can resolve; the message says why."""


@dataclass(frozen=True, slots=True)
class Epc:
    """One resolved identifier. `kind`: item, lot, product, unit or location."""

    kind: str
    gtin: str | None = None
    serial: str | None = None
    lot: str | None = None
    sscc: str | None = None
    gln: str | None = None
    extension: str | None = None

    @property
    def key(self) -> str:
        """The canonical GS1 Digital Link (id.gs1.org), the form events are stored under."""
        base = "https://id.gs1.org"
        match self.kind:
            case "item":
                return f"{base}/01/{self.gtin}/21/{self.serial}"
            case "lot":
                return f"{base}/01/{self.gtin}/10/{self.lot}"
            case "product":
                return f"{base}/01/{self.gtin}"
            case "unit":
                return f"{base}/00/{self.sscc}"
        ext = f"/254/{self.extension}" if self.extension else ""
        return f"{base}/414/{self.gln}{ext}"


def _digits(part: str, what: str) -> str:
    if not _DIGITS.match(part):
        raise IdentifierError(f"{what} must be digits, got {part[:40]!r}")
    return part


def _with_check(body: str) -> str:
    return body + gtin_check_digit(body)


def _from_urn(scheme: str, kind: str, body: str) -> Epc:
    parts = body.split(".")
    if kind in ("sgtin", "lgtin"):
        if len(parts) != 3:
            raise IdentifierError(
                f"{kind} needs CompanyPrefix.IndicatorItemRef.{'Lot' if kind == 'lgtin' else 'Serial'}"
            )
        prefix, item = _digits(parts[0], "company prefix"), _digits(parts[1], "indicator and item reference")
        if len(prefix) + len(item) != 13:
            raise IdentifierError("company prefix and item reference must have 13 digits together")
        gtin = _with_check(item[0] + prefix + item[1:])
        last = unquote(parts[2])
        if kind == "lgtin" and scheme == "class":
            return Epc("lot", gtin=gtin, lot=last)
        if kind == "sgtin" and scheme == "idpat" and last == "*":
            return Epc("product", gtin=gtin)
        if kind == "sgtin" and scheme == "id":
            return Epc("item", gtin=gtin, serial=last)
    elif kind == "sscc" and scheme == "id" and len(parts) == 2:
        prefix, ref = _digits(parts[0], "company prefix"), _digits(parts[1], "serial reference")
        if len(prefix) + len(ref) != 17:
            raise IdentifierError("company prefix and serial reference must have 17 digits together")
        return Epc("unit", sscc=_with_check(ref[0] + prefix + ref[1:]))
    elif kind == "sgln" and scheme == "id" and len(parts) == 3:
        prefix, ref = _digits(parts[0], "company prefix"), _digits(parts[1], "location reference")
        if len(prefix) + len(ref) != 12:
            raise IdentifierError("company prefix and location reference must have 12 digits together")
        ext = unquote(parts[2])
        return Epc("location", gln=_with_check(prefix + ref), extension=None if ext == "0" else ext)
    raise IdentifierError(f"urn:epc:{scheme}:{kind} is not a form this hub resolves")


def _checked(value: str, length: int, what: str) -> str:
    _digits(value, what)
    lengths = (8, 12, 13, 14) if what == "GTIN" else (length,)  # a GTIN is padded to 14
    if len(value) not in lengths:
        raise IdentifierError(f"{what} has {len(value)} digits")
    if gtin_check_digit(value[:-1]) != value[-1]:
        raise IdentifierError(f"{what} {value} has a wrong check digit")
    return value.zfill(length)


def _from_digital_link(uri: str) -> Epc:
    segments = [unquote(s) for s in urlsplit(uri).path.split("/") if s]
    start = next((i for i, s in enumerate(segments) if s in _DL_KEYS and i + 1 < len(segments)), None)
    if start is None:
        raise IdentifierError("no GS1 primary key (01, 00, 414) in the Digital Link path")
    key, value = segments[start], segments[start + 1]
    rest = segments[start + 2 :]
    if len(rest) % 2:
        raise IdentifierError("a Digital Link qualifier has no value")
    qualifiers = dict(zip(rest[::2], rest[1::2], strict=True))
    unknown = [q for q in qualifiers if q not in _DL_QUALIFIERS[key]]
    if unknown:
        raise IdentifierError(f"qualifier {unknown[0][:10]!r} is not allowed after /{key}/")
    if key == "00":
        return Epc("unit", sscc=_checked(value, 18, "SSCC"))
    if key == "414":
        return Epc("location", gln=_checked(value, 13, "GLN"), extension=qualifiers.get("254"))
    gtin = _checked(value, 14, "GTIN")
    if "21" in qualifiers:
        return Epc("item", gtin=gtin, serial=qualifiers["21"])
    if "10" in qualifiers:
        return Epc("lot", gtin=gtin, lot=qualifiers["10"])
    return Epc("product", gtin=gtin)


def resolve(identifier: str) -> Epc:
    """The EPC named by a URN or a GS1 Digital Link URI; IdentifierError when neither."""
    if len(identifier) > 500:
        raise IdentifierError(f"longer than 500 characters ({len(identifier):,})")
    if identifier.startswith("urn:"):
        found = _URN.match(identifier)
        if found is None:
            raise IdentifierError("not an EPC URN of sgtin, lgtin, sscc or sgln")
        return _from_urn(found[1], found[2], found[3])
    if identifier.startswith(("https://", "http://")):
        return _from_digital_link(identifier)
    raise IdentifierError("neither an EPC URN nor a GS1 Digital Link URI")
