#!/usr/bin/env bash
# The demo command: set-up, a local Neo4j, the schema, generated demo data,
# API keys, and the hub serving GraphiQL. Idempotent: data is generated and
# loaded once (a second load would change nothing anyway). `make stop` stops
# the server (pid in var/hub.pid) and the local Neo4j.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
hub=.venv/bin/hub
scale=${HUB_DEMO_SCALE:-20000}
data=var/demo-data-$scale
host=${HUB_HOST:-127.0.0.1}
port=${HUB_PORT:-8000}

if [ -f var/hub.pid ] && kill -0 "$(cat var/hub.pid)" 2>/dev/null; then
  echo "demo: a hub is already running (pid $(cat var/hub.pid)); run 'make stop' first" >&2
  exit 2
fi

$hub neo4j start
$hub schema migrate
if [ ! -f "$data/manifest.json" ]; then
  $hub generate --scale "$scale" --out "$data"
fi
if [ ! -f "$data/.loaded" ]; then
  $hub load "$data" --rejects var/demo-rejects.csv
  touch "$data/.loaded"
fi

# One key per role; every agency named here exists in the generated data
# (the partner is Singapore Customs, which has an arrangement with GACC).
keys=var/demo-keys.json
if [ ! -f "$keys" ] || grep -q '"AG-SG-SC"' "$keys"; then
  .venv/bin/python - "$keys" <<'PY'
import json, os, secrets, sys
roles = [("regulator", "AG-CN-GACC"), ("analyst", "AG-CN-GACC"), ("partner", "AG-SG-CUSTOMS"), ("admin", "AG-CN-GACC")]
keys = {f"demo-{role}-{secrets.token_hex(8)}": {"role": role, "agency": agency, "name": f"demo-{role}"} for role, agency in roles}
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
with os.fdopen(fd, "w") as f:
    json.dump(keys, f, indent=2)
PY
fi
echo
echo "API keys (send as 'Authorization: Bearer <key>'; in GraphiQL paste one into the key field):"
.venv/bin/python - "$keys" <<'PY'
import json, sys
for key, spec in json.load(open(sys.argv[1])).items():
    print(f"  {spec['role']:<10} {spec['agency']:<14} {key}")
PY
regulator=$(.venv/bin/python -c 'import json,sys; print(next(k for k, v in json.load(open(sys.argv[1])).items() if v["role"] == "regulator"))' "$keys")
echo
echo "  export KEY=$regulator   # the regulator key, for the README's curl examples"
echo "  GraphiQL:        http://$host:$port/graphql"
echo "  Recall picture:  http://$host:$port/ui/recalls/RC000002"
echo "  Stop everything: make stop"
echo
export HUB_API_KEYS_FILE=$keys
# exec keeps this pid: `make stop` ends the server through it.
echo $$ > var/hub.pid
exec $hub serve --host "$host" --port "$port"
