#!/usr/bin/env bash
# Creates the secrets docker-compose.yml mounts, once: ${HUB_SECRETS_DIR:-./secrets}
# with neo4j-auth (`neo4j/<random password>`) and api-keys.json (one random key
# per role; the partner is Singapore Customs, an agency of the demo data).
# Never overwrites an existing file. Prints the keys.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${HUB_SECRETS_DIR:-./secrets}
mkdir -p "$dir"
# The containers read the files as their own users (neo4j: 7474, hub: 10001):
# readable by all inside a folder only the owner can list.
chmod 711 "$dir"
python3 - "$dir" <<'PY'
import json, os, secrets, sys
folder = sys.argv[1]
auth = os.path.join(folder, "neo4j-auth")
if not os.path.exists(auth):
    with open(auth, "w") as f:
        f.write(f"neo4j/{secrets.token_urlsafe(24)}\n")
    os.chmod(auth, 0o644)
keys = os.path.join(folder, "api-keys.json")
if not os.path.exists(keys):
    roles = [("regulator", "AG-CN-GACC"), ("analyst", "AG-CN-GACC"), ("partner", "AG-SG-CUSTOMS"), ("admin", "AG-CN-GACC")]
    entries = {f"{role}-{secrets.token_urlsafe(18)}": {"role": role, "agency": agency, "name": role} for role, agency in roles}
    with open(keys, "w") as f:
        json.dump(entries, f, indent=2)
    os.chmod(keys, 0o644)
for key, spec in json.load(open(keys)).items():
    print(f"  {spec['role']:<10} {spec['agency']:<14} {key}")
PY
echo "compose: secrets in $dir (neo4j-auth, api-keys.json)"
