#!/usr/bin/env bash
# The test command: set-up, lint, type check, then the whole suite against a
# real Neo4j that the test session starts (or NEO4J_URI when set).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh

# The compose file is validated by docker-compose itself (no engine needed).
if ! command -v docker-compose >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test: installing docker-compose (to validate docker-compose.yml)" >&2
    (apt-get install -y -q docker-compose >/dev/null 2>&1 ||
      { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q docker-compose >/dev/null 2>&1; }) ||
      echo "test: could not install docker-compose; its test will fail" >&2
  fi
fi

echo "== ruff" >&2
.venv/bin/ruff check hub graph_schema loaders tests bench
.venv/bin/ruff format --check hub graph_schema loaders tests bench
echo "== mypy" >&2
.venv/bin/mypy
echo "== pytest" >&2
exec .venv/bin/pytest -p no:cacheprovider "$@"
