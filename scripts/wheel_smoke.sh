#!/usr/bin/env bash
# Build the wheel, install it into a fresh virtual environment outside the checkout, and use it there:
# `newsreader demo` (the bundled samples must be inside the package), a search and the interface catalogue.
# CI runs this after the tests.
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
from reader.ui.i18n import set_language, tr
set_language("zh")
assert tr("Library recovered") == "资料库已恢复", "the interface catalogue (.qm) is not in the wheel"
print(f"wheel smoke test: demo ran, search found {result['total']} articles, the Chinese catalogue loads")
PY
