#!/usr/bin/env bash
# Regenerates the lock files from pyproject.toml (run after changing a
# dependency, then `make test`): requirements.lock (the service, used by the
# Dockerfile) and requirements-dev.lock (plus the dev tools, used by
# scripts/bootstrap.sh). Every package pinned with its hashes, for every
# platform (uv's universal resolution), for Python 3.11.
set -euo pipefail
cd "$(dirname "$0")/.."
uv=${UV:-uv}
command -v "$uv" >/dev/null 2>&1 || { echo "lock: needs uv (pip install uv), or UV=/path/to/uv" >&2; exit 2; }
common=(--universal --python-version 3.11 --generate-hashes --no-header -q)
"$uv" pip compile pyproject.toml "${common[@]}" -o requirements.lock
"$uv" pip compile pyproject.toml --extra dev "${common[@]}" -o requirements-dev.lock
echo "lock: requirements.lock and requirements-dev.lock updated"
