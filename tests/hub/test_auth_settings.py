"""API-key configuration and settings: bad values are refused with the place named."""

import datetime as dt
import json
from pathlib import Path

import pytest

from hub.auth import ApiKeyError, KeyRing, Role
from runtime.settings import Settings, SettingsError


def ring(env: dict[str, str]) -> KeyRing:
    return KeyRing.from_settings(Settings.from_env(env))


def test_keys_map_to_principals() -> None:
    keys = ring(
        {"HUB_API_KEYS": json.dumps({"partner-key-12345": {"role": "partner", "agency": "AG-SG-SC"}})}
    )
    principal = keys.lookup("partner-key-12345")
    assert principal is not None and principal.role is Role.PARTNER and principal.agency_id == "AG-SG-SC"
    params = principal.cypher_params(dt.date(2020, 5, 1))
    assert {k: params[k] for k in ("seeAll", "parcels", "agencyId", "visibleOn")} == {
        "seeAll": False,
        "parcels": False,
        "agencyId": "AG-SG-SC",
        "visibleOn": dt.date(2020, 5, 1),
    }
    assert keys.lookup("partner-key-1234") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "HUB_API_KEYS: invalid JSON at line 1"),
        ("[]", "HUB_API_KEYS: must be a JSON object"),
        ('{"short": {"role": "admin", "agency": "A"}}', "key #1: a key must be a string of at least 12"),
        ('{"long-enough-key": {"role": "boss", "agency": "A"}}', "key #1: role must be one of regulator"),
        ('{"long-enough-key": {"role": "admin"}}', "key #1: agency must be a non-empty agency id"),
    ],
)
def test_bad_key_configuration_is_refused_with_its_place(text: str, message: str) -> None:
    with pytest.raises(ApiKeyError, match=message):
        ring({"HUB_API_KEYS": text})


def test_keys_file(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"file-key-123456": {"role": "analyst", "agency": "AG-CN-GACC"}}))
    assert ring({"HUB_API_KEYS_FILE": str(path)}).lookup("file-key-123456") is not None
    with pytest.raises(ApiKeyError, match=r"missing\.json"):
        ring({"HUB_API_KEYS_FILE": str(tmp_path / "missing.json")})


def test_bad_settings_name_the_variable() -> None:
    with pytest.raises(SettingsError, match="HUB_MAX_PAGE_SIZE must be an integer, got 'lots'"):
        Settings.from_env({"HUB_MAX_PAGE_SIZE": "lots"})
    with pytest.raises(SettingsError, match="HUB_QUERY_TIMEOUT_S must be between 1 and 3600, got 0"):
        Settings.from_env({"HUB_QUERY_TIMEOUT_S": "0"})
