#!/usr/bin/env bash
# Sets up and starts the web app on embedded defaults (rules proposer, SQLite in ./data).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python app.py "$@"
