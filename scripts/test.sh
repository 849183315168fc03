#!/usr/bin/env bash
# Installs everything d43 needs into .venv (and Debian's Chromium and poppler-utils when run
# as root or with sudo), then runs the whole test suite, which includes every rule's own fixture cases
# (tests/test_rule_fixtures.py: the same cases as `d43 rules --test`, one test each).
# This is the README's test command and what CI runs.
#
# Before pytest it runs the static checks, and fails on any finding:
#   ruff check .                      (lint; configuration in pyproject.toml [tool.ruff])
#   mypy checker crawlers reports     (types; [tool.mypy])
# The import contracts (crawlers/ imports nothing from checker/, reports/ only the results
# model, no import cycles) are a test: tests/test_layers.py.
# SKIP_LINT=1 skips ruff and mypy and runs pytest only.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: Chromium (browser tests), poppler-utils (pdftoppm: tests/test_print.py
# rasterises the reports printed to A4 to measure their blank space) and nginx
# (tests/test_bench_portal.py serves the portal benchmark's site with it).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "warning: missing ${missing[*]} and no root: browser/print tests will be skipped" >&2
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'

if [ "${SKIP_LINT:-0}" != 1 ]; then
  lint=0
  .venv/bin/ruff check --no-cache . || lint=1
  .venv/bin/mypy --cache-dir=/dev/null checker crawlers reports || lint=1
  if [ "$lint" != 0 ]; then
    echo "ruff/mypy findings above (SKIP_LINT=1 runs the tests without these checks)" >&2
    exit 1
  fi
fi

.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
