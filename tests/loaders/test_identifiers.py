import pytest

from loaders.identifiers import (
    IDENTIFIER_KINDS,
    ISO_COUNTRIES,
    gtin_check_digit,
    identifier_problem,
    is_valid_country,
    is_valid_eori,
    is_valid_gln,
    is_valid_gtin,
    is_valid_hs_code,
    is_valid_uscc,
    org_code_check_char,
    uscc_check_char,
)

# Published example codes: EAN-13 from GS1 Germany, Wikipedia's EAN-8 and UPC-A
# examples, and GS1's GTIN-14 example.
GOOD_GTINS = ["4006381333931", "5901234123457", "96385074", "036000291452", "10614141000415"]

# Real unified social credit codes printed on public business licences.
GOOD_USCCS = ["91350100M000100Y43", "91110000802100433B"]


@pytest.mark.parametrize("code", GOOD_GTINS)
def test_known_gtins_are_valid(code: str) -> None:
    assert is_valid_gtin(code)
    assert gtin_check_digit(code[:-1]) == code[-1]


@pytest.mark.parametrize(
    "code",
    ["4006381333932", "400638133393", "40063813339311", "4006381333", "40063813339A1", ""],
)
def test_bad_gtins_are_rejected(code: str) -> None:
    assert not is_valid_gtin(code)


def test_gtin_rejects_non_ascii_digits() -> None:
    assert not is_valid_gtin("400638133393\u00b9")


def test_gtin_problem_names_the_expected_digit() -> None:
    assert identifier_problem("gtin", "4006381333932") == "GTIN check digit should be 1, got 2"
    assert identifier_problem("gtin", "4006381333931") is None
    assert identifier_problem("gtin", "12345") == "GTIN must have 8, 12, 13, 14 digits, got 5"


def test_gtin_check_digit_rejects_non_digits() -> None:
    with pytest.raises(ValueError):
        gtin_check_digit("12A4")


@pytest.mark.parametrize("code", GOOD_USCCS)
def test_known_usccs_are_valid(code: str) -> None:
    assert is_valid_uscc(code)
    assert uscc_check_char(code[:17]) == code[17]
    # The embedded GB 11714 organisation code checks out as well.
    assert org_code_check_char(code[8:16]) == code[16]


def test_uscc_wrong_check_character() -> None:
    assert not is_valid_uscc("91350100M000100Y44")
    assert identifier_problem("uscc", "91350100M000100Y44") == ("USCC check character should be 3, got 4")


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91350100M000100Y4", "USCC must be 18 characters, got 17"),
        ("91350100I000100Y43", "USCC character 'I' at position 9 is outside the code alphabet"),
        ("91350100m000100Y43", "USCC character 'm' at position 9 is outside the code alphabet"),
    ],
)
def test_uscc_format_problems(code: str, reason: str) -> None:
    assert identifier_problem("uscc", code) == reason


def test_uscc_check_char_rejects_bad_body() -> None:
    with pytest.raises(ValueError):
        uscc_check_char("9135010")
    with pytest.raises(ValueError):
        uscc_check_char("91350100O000100Y4")


def test_example_of_the_data_format_doc_is_valid() -> None:
    assert is_valid_uscc("91330100MA2CFK5XX9")


def test_gln() -> None:
    assert is_valid_gln("0614141000005")
    assert not is_valid_gln("0614141000006")
    assert not is_valid_gln("10614141000415")  # a GTIN-14 is not a GLN
    assert identifier_problem("gln", "0614141000006") == "GLN check digit should be 5, got 6"


@pytest.mark.parametrize("code", ["330499", "33049900", "1901101000", "9503008900", "0101210010"])
def test_good_hs_codes(code: str) -> None:
    assert is_valid_hs_code(code)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("3304", "HS code must be 6, 8 or 10 digits, got '3304'"),
        ("3304990", "HS code must be 6, 8 or 10 digits, got '3304990'"),
        ("0004990000", "HS chapter must be 01-97, got 00"),
        ("9804990000", "HS chapter must be 01-97, got 98"),
        ("7701000000", "HS chapter 77 is reserved and holds no goods"),
    ],
)
def test_bad_hs_codes(code: str, reason: str) -> None:
    assert not is_valid_hs_code(code)
    assert identifier_problem("hs_code", code) == reason


@pytest.mark.parametrize("code", ["DE123456789012345", "GB123456789000", "FR1", "NL812345678"])
def test_good_eoris(code: str) -> None:
    assert is_valid_eori(code)


@pytest.mark.parametrize("code", ["DE", "D1234", "de12345", "DE1234567890123456", "DE12-345", "1E12345"])
def test_bad_eoris(code: str) -> None:
    assert not is_valid_eori(code)


def test_countries() -> None:
    assert len(ISO_COUNTRIES) == 249
    for code in ["CN", "SG", "NZ", "KR", "DE", "US", "HK", "AX"]:
        assert is_valid_country(code)
    for code in ["cn", "EU", "XK", "UK", "CHN", "C", ""]:
        assert not is_valid_country(code)
    assert identifier_problem("country", "UK") == "UK is not an ISO 3166-1 alpha-2 country code"
    assert identifier_problem("origin_country", "jp") == ("country must be two upper-case letters, got 'jp'")


def test_identifier_problem_kinds() -> None:
    assert {"gtin", "gln", "uscc", "hs_code", "eori", "country"} <= IDENTIFIER_KINDS
    with pytest.raises(ValueError):
        identifier_problem("isbn", "123")
