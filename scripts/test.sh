#!/usr/bin/env bash
# The test command: set-up, lint, type check, then the whole suite against a
# real Neo4j that the test session starts (or NEO4J_URI when set).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh

# The compose file is validated by docker-compose itself (no engine needed);
# the browser tests drive Debian's chromium (never a downloaded browser).
scripts/ensure-apt.sh docker-compose docker-compose "the compose test"
scripts/ensure-apt.sh chromium chromium "the browser tests"

echo "== ruff" >&2
.venv/bin/ruff check runtime hub graph_schema loaders tests bench tools
.venv/bin/ruff format --check runtime hub graph_schema loaders tests bench tools
echo "== mypy" >&2
.venv/bin/mypy
echo "== pytest" >&2
exec .venv/bin/pytest -p no:cacheprovider "$@"
