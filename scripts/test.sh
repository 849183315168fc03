#!/usr/bin/env bash
# Installs everything d43 needs into .venv (and Debian's Chromium when run as root or with
# sudo), then runs the whole test suite, which includes every rule's own fixture cases
# (tests/test_rule_fixtures.py: the same cases as `d43 rules --test`, one test each).
# This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: no /usr/bin/chromium and no root: browser tests will be skipped" >&2
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'

.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
