#!/usr/bin/env bash
# Sets up (venv, Python and Debian packages) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
# lint first ([tool.ruff] in pyproject.toml: E, F, W, lines <= 120): a failure stops before the tests run
.venv/bin/python -m ruff check .
exec .venv/bin/python -m pytest "$@"
