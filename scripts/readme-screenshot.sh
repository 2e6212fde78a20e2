#!/usr/bin/env bash
set -uo pipefail
source "$(dirname "$0")/xvfb.sh"
# Takes docs/screenshot.png from the real window: run as
#   scripts/with-keyring.sh scripts/readme-screenshot.sh
root="$(cd "$(dirname "$0")/.." && pwd)"
# Needs frontend/dist (make build). Built with the hearthtest tag, the only
# kind of build that obeys HEARTH_TEST_LOW_KDF (testhooks_e2e.go).
D=$(mktemp -d); H="$D/hearth"; export HEARTH_TEST_LOW_KDF=1
(cd "$root" && go build -tags desktop,production,webkit2_41,hearthtest -o "$H" .) || exit 1
(cd "$root" && go build -o "$D/fakeopenai" ./backend/llm/llmtest/cmd/fakeopenai); "$D/fakeopenai" -addr 127.0.0.1:18191 -slow 1ms > /dev/null 2>&1 & FP=$!
sleep 0.5
$H --data-dir $D profile create --name Maya --emoji "🌻" --color "#e07a5f" >/dev/null 2>&1
HEARTH_PIN=1357 $H --data-dir $D profile create --name Leo --protection pin --emoji "🚀" --color "#3d85c6" >/dev/null 2>&1
$H --data-dir $D endpoint add --profile Maya --name "Local (Ollama)" --url http://127.0.0.1:18191/v1 --model fake-model >/dev/null
$H --data-dir $D memory add --profile Maya --module kitchen "Maya is vegetarian and cooks for four" >/dev/null
$H --data-dir $D chat --profile Maya --module kitchen "Plan three vegetarian dinners for this week with a shopping list" >/dev/null 2>&1
start_xvfb
setsid $H --data-dir $D > /tmp/readme-app.log 2>&1 & AP=$!
for i in $(seq 1 100); do win=$(xdotool search --onlyvisible --name '^Hearth$' 2>/dev/null | head -1); [ -n "$win" ] && break; sleep 0.2; done
sleep 3
xdotool mousemove --window "$win" 440 457 click 1; sleep 2.5
xdotool mousemove --window "$win" 37 194 click 1; sleep 1.5
xdotool mousemove --window "$win" 200 125 click 1; sleep 1.5
xdotool mousemove --window "$win" 920 25 click 1; sleep 1.5
import -window "$win" "$root/docs/screenshot.png"
kill -- -$AP 2>/dev/null; kill $FP; stop_xvfb; rm -rf $D
