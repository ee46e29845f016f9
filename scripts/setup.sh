#!/usr/bin/env bash
# Sets up everything the project needs on a fresh Debian machine: Python venv + packages,
# and with --test the Debian packages the tests drive (chromium, postgresql).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--test" ]]; then
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  if (( ${#missing[@]} )); then
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [[ ! -x .venv/bin/python ]]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# constraints.txt pins the versions the project is tested with (pip freeze of a working setup)
if [[ "${1:-}" == "--test" ]]; then
  .venv/bin/python -m pip install -q -c constraints.txt -e ".[test,ray]"  # ray: the batch's distributed engine
else
  .venv/bin/python -m pip install -q -c constraints.txt -e .
fi
