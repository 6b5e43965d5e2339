#!/usr/bin/env bash
# ensure-apt.sh COMMAND PACKAGE WHY: installs a Debian package when its command
# is missing, only when running as root with apt-get (CI, a fresh container);
# otherwise says what to install. Never fails: the test that needs it will.
set -uo pipefail
command=$1 package=$2 why=$3
command -v "$command" >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing $package ($why)" >&2
  (apt-get install -y -q "$package" >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "$package" >/dev/null 2>&1; }) ||
    echo "setup: could not install $package; $why will fail" >&2
else
  echo "setup: $command not found; install the Debian package $package ($why)" >&2
fi
exit 0
