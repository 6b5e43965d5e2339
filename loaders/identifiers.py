"""Check digits and format rules of the identifiers that real trade data uses.

Pure functions, no I/O. Each `is_valid_*` answers yes or no; `identifier_problem`
says why a value is wrong, in words a loader can put in a reject report.
"""

from collections.abc import Callable
from typing import Final

GTIN_LENGTHS: Final = frozenset({8, 12, 13, 14})

# GB 32100-2015: the unified social credit code alphabet leaves out I, O, S, V
# and Z, which are too easy to confuse with digits when written by hand.
USCC_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS: Final = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_VALUE: Final = {ch: i for i, ch in enumerate(USCC_ALPHABET)}

# GB 11714: the 9-character organisation code inside a USCC (positions 9-17)
# carries its own check character; generators use it to look like real codes.
_ORG_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)

# ISO 3166-1 alpha-2, officially assigned codes only (249). Reserved codes such
# as EU or XK are not countries in the standard, so data must not use them.
ISO_COUNTRIES: Final = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
    BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
    CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
    DE DJ DK DM DO DZ
    EC EE EG EH ER ES ET
    FI FJ FK FM FO FR
    GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
    HK HM HN HR HT HU
    ID IE IL IM IN IO IQ IR IS IT
    JE JM JO JP
    KE KG KH KI KM KN KP KR KW KY KZ
    LA LB LC LI LK LR LS LT LU LV LY
    MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
    NA NC NE NF NG NI NL NO NP NR NU NZ
    OM
    PA PE PF PG PH PK PL PM PN PR PS PT PW PY
    QA
    RE RO RS RU RW
    SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
    TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
    UA UG UM US UY UZ
    VA VC VE VG VI VN VU
    WF WS
    YE YT
    ZA ZM ZW
    """.split()  # noqa: SIM905 - a grid of codes is easier to check than a literal list
)

_ALNUM_UPPER: Final = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _is_digits(value: str) -> bool:
    # str.isdigit() also accepts superscripts and other scripts' digits.
    return value.isascii() and value.isdigit()


# --- GS1 (GTIN, GLN) -----------------------------------------------------------


def gtin_check_digit(body: str) -> str:
    """GS1 mod-10 check digit for the digits before it (GTIN, GLN, SSCC)."""
    if not body or not _is_digits(body):
        raise ValueError(f"GS1 body must be digits, got {body!r}")
    # Weights alternate 3, 1, 3... starting from the rightmost body digit, so
    # the same rule serves every length.
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def _gs1_problem(name: str, code: str, lengths: frozenset[int]) -> str | None:
    if not _is_digits(code):
        return f"{name} must contain digits only, got {code!r}"
    if len(code) not in lengths:
        allowed = ", ".join(str(n) for n in sorted(lengths))
        return f"{name} must have {allowed} digits, got {len(code)}"
    expected = gtin_check_digit(code[:-1])
    if code[-1] != expected:
        return f"{name} check digit should be {expected}, got {code[-1]}"
    return None


def gtin_problem(code: str) -> str | None:
    return _gs1_problem("GTIN", code, GTIN_LENGTHS)


def is_valid_gtin(code: str) -> bool:
    return gtin_problem(code) is None


def gln_problem(code: str) -> str | None:
    return _gs1_problem("GLN", code, frozenset({13}))


def is_valid_gln(code: str) -> bool:
    return gln_problem(code) is None


# --- China unified social credit code ------------------------------------------


def uscc_check_char(body17: str) -> str:
    """GB 32100-2015 check character for the first 17 characters of a USCC."""
    if len(body17) != 17:
        raise ValueError(f"USCC body must be 17 characters, got {len(body17)}")
    try:
        total = sum(_USCC_VALUE[ch] * w for ch, w in zip(body17, USCC_WEIGHTS, strict=True))
    except KeyError as exc:
        raise ValueError(f"USCC body has {exc.args[0]!r} outside the code alphabet") from None
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(body8: str) -> str:
    """GB 11714 check character of an organisation code (USCC positions 9-17)."""
    if len(body8) != 8 or not all(ch in _ALNUM_UPPER for ch in body8):
        raise ValueError(f"organisation code body must be 8 letters or digits, got {body8!r}")
    total = sum(int(ch, 36) * w for ch, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def uscc_problem(code: str) -> str | None:
    if len(code) != 18:
        return f"USCC must be 18 characters, got {len(code)}"
    for pos, ch in enumerate(code, start=1):
        if ch not in _USCC_VALUE:
            return f"USCC character {ch!r} at position {pos} is outside the code alphabet"
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return f"USCC check character should be {expected}, got {code[17]}"
    return None


def is_valid_uscc(code: str) -> bool:
    return uscc_problem(code) is None


# --- HS code, EORI, country -----------------------------------------------------


def hs_code_problem(code: str) -> str | None:
    if not _is_digits(code) or len(code) not in (6, 8, 10):
        return f"HS code must be 6, 8 or 10 digits, got {code!r}"
    chapter = int(code[:2])
    if chapter == 77:
        # Chapter 77 is kept free for future use of the Harmonized System.
        return "HS chapter 77 is reserved and holds no goods"
    if not 1 <= chapter <= 97:
        return f"HS chapter must be 01-97, got {code[:2]}"
    return None


def is_valid_hs_code(code: str) -> bool:
    return hs_code_problem(code) is None


def eori_problem(code: str) -> str | None:
    if len(code) < 3 or len(code) > 17:
        return f"EORI must be 3-17 characters, got {len(code)}"
    prefix, rest = code[:2], code[2:]
    if not (prefix.isascii() and prefix.isalpha() and prefix.isupper()):
        return f"EORI must start with two upper-case letters, got {prefix!r}"
    if not all(ch in _ALNUM_UPPER for ch in rest):
        return "EORI must continue with upper-case letters or digits only"
    return None


def is_valid_eori(code: str) -> bool:
    return eori_problem(code) is None


def country_problem(code: str) -> str | None:
    if len(code) != 2 or not (code.isascii() and code.isalpha() and code.isupper()):
        return f"country must be two upper-case letters, got {code!r}"
    if code not in ISO_COUNTRIES:
        return f"{code} is not an ISO 3166-1 alpha-2 country code"
    return None


def is_valid_country(code: str) -> bool:
    return country_problem(code) is None


# --- one entry point for loaders --------------------------------------------------

_PROBLEMS: Final[dict[str, Callable[[str], str | None]]] = {
    "gtin": gtin_problem,
    "gln": gln_problem,
    "uscc": uscc_problem,
    "hs_code": hs_code_problem,
    "eori": eori_problem,
    "country": country_problem,
    "origin_country": country_problem,
    "nationality": country_problem,
}

IDENTIFIER_KINDS: Final = frozenset(_PROBLEMS)


def identifier_problem(kind: str, value: str) -> str | None:
    """Why `value` is not a valid identifier of `kind` (a column name), or None.

    `kind` is one of IDENTIFIER_KINDS; an unknown kind is a programming error.
    """
    try:
        check = _PROBLEMS[kind]
    except KeyError:
        raise ValueError(f"unknown identifier kind {kind!r}") from None
    return check(value)
