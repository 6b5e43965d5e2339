"""docker-compose.yml is validated by docker-compose itself; no engine is needed."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _compose(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("docker-compose")
    assert binary, "docker-compose is required to validate docker-compose.yml (make test installs it)"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "HUB_"))}
    return subprocess.run(
        [binary, "-f", str(ROOT / "docker-compose.yml"), "config", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_compose_file_is_valid_with_secrets_from_the_environment() -> None:
    keys = json.dumps({"compose-test-key-1": {"role": "admin", "agency": "AG-CN-GACC"}})
    result = _compose({"NEO4J_PASSWORD": "s3cret-for-test", "HUB_API_KEYS": keys}, "-q")
    assert result.returncode == 0, result.stderr
    rendered = _compose({"NEO4J_PASSWORD": "s3cret-for-test", "HUB_API_KEYS": keys}).stdout
    assert "neo4j:5.26-community" in rendered
    assert "condition: service_healthy" in rendered
    assert "healthcheck" in rendered


def test_compose_refuses_to_run_without_secrets() -> None:
    result = _compose({}, "-q")
    assert result.returncode != 0
    assert "NEO4J_PASSWORD" in result.stderr
    text = (ROOT / "docker-compose.yml").read_text()
    secrets = re.findall(r'(?:NEO4J_PASSWORD|HUB_API_KEYS|NEO4J_AUTH): "([^"]*)"', text)
    assert len(secrets) == 3 and all("${" in value for value in secrets), secrets
