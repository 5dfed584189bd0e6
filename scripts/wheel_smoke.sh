#!/usr/bin/env bash
# Build the wheel, install it into a fresh virtual environment outside the checkout, and use it there:
# `newsreader demo` (the bundled samples must be inside the package) and a search. CI runs this after the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
.venv/bin/python -m pip wheel -q --no-deps -w "$work/dist" .
wheel="$(ls "$work"/dist/newsreader-*.whl)"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q "$wheel"
cd "$work"  # nothing of the checkout on the path
export NEWSREADER_HOME="$work/library"
"$work/venv/bin/newsreader" demo > demo.txt
grep -q "许昌日报" demo.txt
"$work/venv/bin/newsreader" search 疫情防控 --json > search.json
"$work/venv/bin/python" - <<'PY'
import json
result = json.load(open("search.json", encoding="utf-8"))
assert result["total"] > 0, result
print(f"wheel smoke test: demo ran, search found {result['total']} articles")
PY
