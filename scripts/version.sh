#!/usr/bin/env bash
# The version a build reports (hearth version): wails.json's productVersion
# plus the commit it was built from, e.g. 0.1.0+a68331f.
set -euo pipefail
cd "$(dirname "$0")/.."
v="$(sed -n 's/^ *"productVersion": *"\([^"]*\)".*/\1/p' wails.json)"
rev="$(git describe --always --dirty 2>/dev/null || true)"
echo "${v}${rev:++$rev}"
