"""Makers of realistic codes (USCC, GTIN, GLN, EORI, waybills) and the date table.

Every maker takes a serial number and returns a distinct code for it, so the
generator never has to remember which codes it already handed out.
"""

from datetime import date, timedelta
from typing import Final

from loaders.gen_reference import END, GS1_PREFIX, START
from loaders.identifiers import (
    USCC_ALPHABET,
    gtin_check_digit,
    org_code_check_char,
    uscc_check_char,
)

DAY0: Final = date.fromisoformat(START)
DAYS: Final = (date.fromisoformat(END) - DAY0).days + 1  # days in the period

# Day offsets relative to START that the generator may use: founding dates go
# back about 25 years, valid-until dates reach 8 years past the end.
_LOW: Final = -9200
_HIGH: Final = DAYS + 3000
_DATES: Final = tuple((DAY0 + timedelta(days=d)).isoformat() for d in range(_LOW, _HIGH))


def day(offset: int) -> str:
    """ISO date of a day offset from START (string table: no per-row formatting)."""
    return _DATES[offset - _LOW]


def year_of(offset: int) -> int:
    return (DAY0 + timedelta(days=offset)).year


def _base31(n: int, width: int) -> str:
    out = []
    for _ in range(width):
        n, r = divmod(n, 31)
        out.append(USCC_ALPHABET[r])
    return "".join(reversed(out))


# A multiplier prime to 31**6 scrambles serials into random-looking but still
# distinct organisation codes.
_SCRAMBLE: Final = 387_420_489
_SPAN6: Final = 31**6


def make_uscc(serial: int, division: str) -> str:
    """A USCC for a company (registration '9', category '1') in a GB/T 2260 division.

    The organisation code (positions 9-17) has the 'MA' prefix of codes issued
    since 2015 and a valid GB 11714 check character, like real codes.
    """
    org8 = "MA" + _base31((serial * _SCRAMBLE + 7) % _SPAN6, 6)
    body = "91" + division + org8 + org_code_check_char(org8)
    return body + uscc_check_char(body)


def make_gtin13(country: str, company: int, item: int) -> str:
    """GTIN-13: GS1 prefix of the brand owner's country, company number, item."""
    prefixes = GS1_PREFIX.get(country, ("690",))
    prefix = prefixes[company % len(prefixes)]
    body = f"{prefix}{company % 100000:05d}{item % 10000:04d}"
    return body + gtin_check_digit(body)


def make_gln(country: str, serial: int) -> str:
    """GLN: a GS1 prefix of the firm's country and a location number per serial."""
    prefixes = GS1_PREFIX.get(country, ("690",))
    body = f"{prefixes[serial % len(prefixes)]}{serial % 10**9:09d}"
    return body + gtin_check_digit(body)


_EORI_DIGITS: Final = {"DE": 12, "FR": 14, "IT": 11, "NL": 9, "ES": 9, "IE": 9, "DK": 8,
                       "BE": 10, "GR": 9, "HU": 10, "SE": 12, "AT": 9, "GB": 12}  # fmt: skip


def make_eori(country: str, serial: int) -> str:
    """EORI: the member state's code and a national number of its usual length."""
    width = _EORI_DIGITS.get(country, 10)
    return f"{country}{(serial * 7919 + 104729) % 10**width:0{width}d}"


_S10_WEIGHTS: Final = (8, 6, 4, 2, 3, 5, 9, 7)


def make_s10(service: str, serial: int, country: str) -> str:
    """UPU S10 postal item identifier, e.g. RR123456785CN, with its check digit."""
    digits = f"{serial % 10**8:08d}"
    check = 11 - sum(int(d) * w for d, w in zip(digits, _S10_WEIGHTS, strict=True)) % 11
    check = 0 if check == 10 else 5 if check == 11 else check
    return f"{service}{digits}{check}{country}"
