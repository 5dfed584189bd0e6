#!/usr/bin/env bash
# Set up everything the reader needs on Debian/Ubuntu: system libraries for Qt, Chinese fonts,
# a virtual environment in .venv with the package (editable) and, with --test, the test tools.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
fi

# What a fresh Debian 12 lacks for Qt: libEGL/GL, fontconfig, glib, xkbcommon and D-Bus for the offscreen
# platform; the xcb libraries and xkbcommon-x11 for a real window; Noto CJK so that Chinese is not boxes.
APT_PACKAGES="python3-venv python3-pip libegl1 libgl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3
 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1
 libxkbcommon-x11-0 fonts-noto-cjk"
if command -v apt-get >/dev/null 2>&1; then
    missing=""
    for p in $APT_PACKAGES; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        echo "Installing system packages:$missing"
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
    fi
else
    echo "apt-get not found: install Qt's runtime libraries and a CJK font (e.g. Noto Sans CJK) yourself." >&2
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
# One stamp per kind of install, newer than pyproject.toml when done; the test install includes the plain
# one, so run.sh after test.sh installs nothing again.
fresh() { [ -f "$1" ] && [ ! pyproject.toml -nt "$1" ]; }
if ! fresh .venv/.installed-test && { [ "$want_test" = 1 ] || ! fresh .venv/.installed; }; then
    .venv/bin/python -m pip install -q --upgrade pip
    if [ "$want_test" = 1 ]; then
        .venv/bin/python -m pip install -q -e ".[test]"
        touch .venv/.installed-test
    else
        .venv/bin/python -m pip install -q -e .
    fi
    touch .venv/.installed
fi
