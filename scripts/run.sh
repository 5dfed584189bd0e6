#!/usr/bin/env bash
# Set up (see setup.sh) and start the reader on the bundled sample issues.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/newsreader app --samples "$@"
