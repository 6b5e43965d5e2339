#!/usr/bin/env bash
# Stops what `make demo` started: the hub server (pid recorded in var/hub.pid)
# and the local Neo4j. Only those processes; safe to run when nothing runs.
set -uo pipefail
cd "$(dirname "$0")/.."
pidfile=${HUB_PIDFILE:-var/hub.pid}  # HUB_PIDFILE: for tests
if [ -f "$pidfile" ]; then
  pid=$(cat "$pidfile")
  # Only a process that is still our hub server (a pid may be reused).
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'hub serve'; then
    kill -TERM "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
    echo "hub: stopped (pid $pid)"
  else
    echo "hub: was not running"
  fi
  rm -f "$pidfile"
else
  echo "hub: was not running"
fi
if [ -x .venv/bin/hub ]; then .venv/bin/hub neo4j stop; fi
