"""docker-compose.yml rendered by docker-compose itself (no engine needed) with
sample secrets: every service's resulting environment, the secrets the hub
reads (its keys must parse), the load profile, and no password in sight."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from hub.auth import KeyRing, Role
from runtime.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "s3cret-for-test-Zq9"
KEYS = {
    "compose-regulator-key-1": {"role": "regulator", "agency": "AG-CN-GACC"},
    "compose-partner-key-01": {"role": "partner", "agency": "AG-SG-CUSTOMS"},
}


def _compose(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("docker-compose")
    assert binary, "docker-compose is required to validate docker-compose.yml (make test installs it)"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "HUB_"))}
    return subprocess.run(
        [binary, "-f", str(ROOT / "docker-compose.yml"), *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def secrets_dir(tmp_path: Path) -> Path:
    (tmp_path / "neo4j-auth").write_text(f"neo4j/{PASSWORD}\n")
    (tmp_path / "api-keys.json").write_text(json.dumps(KEYS))
    return tmp_path


def _render(secrets_dir: Path, *profile: str) -> dict[str, Any]:
    env = {"HUB_SECRETS_DIR": str(secrets_dir), "HUB_PORT": "8123", "HUB_DEMO_SCALE": "500"}
    result = _compose(env, *profile, "config")
    assert result.returncode == 0, result.stderr
    rendered: dict[str, Any] = yaml.safe_load(result.stdout)
    return rendered


def _secret_file(config: dict[str, Any], service: str, target: str) -> Path:
    """The host file behind /run/secrets/<target> of a service."""
    names = [s["source"] if isinstance(s, dict) else s for s in config["services"][service]["secrets"]]
    assert target in names, (service, names)
    return Path(config["secrets"][target]["file"])


def test_every_service_gets_the_environment_it_needs(secrets_dir: Path) -> None:
    config = _render(secrets_dir, "--profile", "load")
    services = config["services"]
    assert set(services) == {"neo4j", "hub", "load"}
    assert services["neo4j"]["environment"] == {
        "NEO4J_AUTH_FILE": "/run/secrets/neo4j_auth",
        "NEO4J_server_memory_pagecache_size": "1G",
        "NEO4J_server_memory_heap_max__size": "1G",
        "NEO4J_db_transaction_timeout": "60s",
        "NEO4J_dbms_usage__report_enabled": "false",
    }
    assert services["hub"]["environment"] == {
        "NEO4J_URI": "bolt://neo4j:7687",
        "NEO4J_AUTH_FILE": "/run/secrets/neo4j_auth",
        "HUB_API_KEYS_FILE": "/run/secrets/hub_api_keys",
        "HUB_QUERY_TIMEOUT_S": "30",
    }
    assert services["load"]["environment"] == {
        "NEO4J_URI": "bolt://neo4j:7687",
        "NEO4J_AUTH_FILE": "/run/secrets/neo4j_auth",
        "HUB_DEMO_SCALE": "500",
    }
    assert services["load"]["profiles"] == ["load"] and services["load"]["restart"] == "no"
    # The generated data lives in a volume the image prepares for its user.
    assert "demo-data:/var/lib/hub/demo" in " ".join(map(str, services["load"]["volumes"]))
    assert "chown hub /var/lib/hub/demo" in (ROOT / "Dockerfile").read_text()
    for name in ("hub", "load"):
        assert services[name]["depends_on"] == {"neo4j": {"condition": "service_healthy"}}
    # Only on the host's loopback; docker-compose 1.x renders ports as strings, 2.x as maps.
    port = services["hub"]["ports"][0]
    assert port in ("127.0.0.1:8123:8000/tcp", "127.0.0.1:8123:8000") or (
        port["host_ip"],
        str(port["published"]),
        port["target"],
    ) == ("127.0.0.1", "8123", 8000), port
    assert "/readyz" in " ".join(services["hub"]["healthcheck"]["test"])


def test_the_hub_reads_its_keys_and_password_from_the_secrets(secrets_dir: Path) -> None:
    config = _render(secrets_dir)
    keys_file = _secret_file(config, "hub", "hub_api_keys")
    auth_file = _secret_file(config, "hub", "neo4j_auth")
    assert _secret_file(config, "neo4j", "neo4j_auth") == auth_file
    # The hub's own settings code, with the files the secrets mount.
    hub_env = config["services"]["hub"]["environment"]
    mounted = {"/run/secrets/hub_api_keys": str(keys_file), "/run/secrets/neo4j_auth": str(auth_file)}
    settings = Settings.from_env({k: mounted.get(v, v) for k, v in hub_env.items()})
    assert (settings.neo4j_user, settings.neo4j_password) == ("neo4j", PASSWORD)
    ring = KeyRing.from_settings(settings)
    assert len(ring) == 2
    partner = ring.lookup("compose-partner-key-01")
    assert partner is not None and partner.role is Role.PARTNER and partner.agency_id == "AG-SG-CUSTOMS"


def test_no_password_in_any_environment_or_command(secrets_dir: Path) -> None:
    rendered = _compose({"HUB_SECRETS_DIR": str(secrets_dir)}, "--profile", "load", "config").stdout
    assert PASSWORD not in rendered
    assert "compose-regulator-key-1" not in rendered
    text = (ROOT / "docker-compose.yml").read_text()
    assert "NEO4J_PASSWORD:" not in text and "HUB_API_KEYS:" not in text and "-p " not in text
    # A `}` inside a ${VAR:?message} ends the variable early (the bug of issue 14).
    for expression in re.findall(r"\$\{[^}]*\}", text):
        assert ":?" not in expression or "}" not in expression[2:-1], expression
