"""The lock files cover pyproject.toml, with hashes; the keys the scripts make
name agencies that exist in the generated data."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from loaders.gen_reference import AGENCIES

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^ ;\\]+)", re.M)


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text()
    return {name.lower().replace("_", "-"): version for name, version in PIN.findall(text)}


def test_lock_files_pin_every_dependency_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    dev = {_name(r) for r in project["optional-dependencies"]["dev"]}
    service, full = _pins("requirements.lock"), _pins("requirements-dev.lock")
    assert runtime <= set(service), runtime - set(service)
    assert runtime | dev <= set(full), (runtime | dev) - set(full)
    # The service's versions are the ones the tests ran with.
    assert {name: full[name] for name in service} == service
    for lock in ("requirements.lock", "requirements-dev.lock"):
        entries = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", (ROOT / lock).read_text().strip())
        assert entries and all("--hash=sha256:" in entry for entry in entries), lock


def test_npm_assets_are_pinned_with_integrity_hashes() -> None:
    lock = json.loads((ROOT / "web" / "package-lock.json").read_text())
    wanted = json.loads((ROOT / "web" / "package.json").read_text())["dependencies"]
    packages = lock["packages"]
    for name, version in wanted.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), (name, version)  # exact versions only
        assert packages[f"node_modules/{name}"]["version"] == version
    for path, entry in packages.items():
        if path:
            assert entry["integrity"].startswith("sha512-"), path
            # No URL recorded means the configured registry; a recorded one must be npm's.
            assert entry.get("resolved", "https://registry.npmjs.org/").startswith(
                "https://registry.npmjs.org/"
            )


def test_demo_and_compose_keys_name_agencies_of_the_generated_data() -> None:
    agencies = {agency.agency_id for agency in AGENCIES}
    for script in ("scripts/demo.sh", "scripts/compose-secrets.sh"):
        named = set(re.findall(r'\("\w+", "(AG-[A-Z0-9-]+)"\)', (ROOT / script).read_text()))
        assert "AG-SG-CUSTOMS" in named and named <= agencies, (script, named - agencies)
