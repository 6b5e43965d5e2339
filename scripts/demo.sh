#!/usr/bin/env bash
# The demo command: set-up, a local Neo4j, the schema, generated demo data,
# API keys, and the hub serving GraphiQL. Idempotent: data is generated and
# loaded once (a second load would change nothing anyway).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
hub=.venv/bin/hub
scale=${HUB_DEMO_SCALE:-20000}
data=var/demo-data-$scale

$hub neo4j start
$hub schema migrate
if [ ! -f "$data/manifest.json" ]; then
  $hub generate --scale "$scale" --out "$data"
fi
if [ ! -f "$data/.loaded" ]; then
  $hub load "$data" --rejects var/demo-rejects.csv
  touch "$data/.loaded"
fi

keys=var/demo-keys.json
if [ ! -f "$keys" ]; then
  .venv/bin/python - "$keys" <<'PY'
import json, secrets, sys
roles = [("regulator", "AG-CN-GACC"), ("analyst", "AG-CN-GACC"), ("partner", "AG-SG-SC"), ("admin", "AG-CN-GACC")]
keys = {f"demo-{role}-{secrets.token_hex(8)}": {"role": role, "agency": agency, "name": f"demo-{role}"} for role, agency in roles}
with open(sys.argv[1], "w") as f:
    json.dump(keys, f, indent=2)
PY
  chmod 600 "$keys"
fi
echo
echo "API keys (send as 'Authorization: Bearer <key>'; in GraphiQL open Headers):"
.venv/bin/python - "$keys" <<'PY'
import json, sys
for key, spec in json.load(open(sys.argv[1])).items():
    print(f"  {spec['role']:<10} {spec['agency']:<12} {key}")
PY
echo
export HUB_API_KEYS_FILE=$keys
exec $hub serve
