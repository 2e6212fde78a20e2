#!/usr/bin/env bash
# End-to-end smoke test of the real app: start the built binary under Xvfb,
# wait for its window, wait until the page reports (from the DOM) that the
# profile picker rendered, take a screenshot and check its pixels; then
# start it a second time on the same data folder and check that the second
# process hands over to the running window and exits.
# Usage: scripts/smoke.sh BINARY ARTIFACT_DIR
set -euo pipefail
bin="$(realpath "$1")"
out="$(realpath "$2")"
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/xvfb.sh
source "$here/xvfb.sh"

data="$(mktemp -d)"
app_pid=""
second_pid=""
cleanup() {
	[[ -n "$app_pid" ]] && { kill -- -"$app_pid" 2>/dev/null || kill "$app_pid" 2>/dev/null || true; }
	[[ -n "$second_pid" ]] && { kill "$second_pid" 2>/dev/null || true; }
	[[ -n "${DBUS_SESSION_BUS_PID:-}" ]] && { kill "$DBUS_SESSION_BUS_PID" 2>/dev/null || true; }
	stop_xvfb
	rm -rf "$data"
}
trap cleanup EXIT

fail() {
	echo "smoke: FAIL: $*" >&2
	[[ -f "$data/hearth.log" ]] && { echo "--- hearth.log"; cat "$data/hearth.log"; } >&2
	exit 1
}

start_xvfb
# A private session bus shared by both starts (the single-instance lock
# lives on the session bus, one per login).
eval "$(dbus-launch --sh-syntax)"
setsid "$bin" --data-dir "$data" >"$out/smoke-app.log" 2>&1 &
app_pid=$!

# 1. The window exists.
win=""
for _ in $(seq 1 600); do
	win="$(xdotool search --onlyvisible --name '^Hearth$' 2>/dev/null | head -1 || true)"
	[[ -n "$win" ]] && break
	kill -0 "$app_pid" 2>/dev/null || fail "the app exited before showing a window"
	sleep 0.1
done
[[ -n "$win" ]] || fail "no Hearth window within 60 s"

# 2. The page says the picker rendered (the frontend calls System.UIReady
#    from the mounted picker with what it saw in the DOM).
for _ in $(seq 1 600); do
	grep -q 'msg="ui ready" screen=picker' "$data/hearth.log" 2>/dev/null && break
	sleep 0.1
done
grep -q 'msg="ui ready" screen=picker' "$data/hearth.log" 2>/dev/null || fail "the picker never reported ready"
grep 'msg="ui ready"' "$data/hearth.log" | tail -1

# 3. Pixels: a rendered page has text and colour, not one flat fill.
sleep 0.5 # let the compositor paint the frame the DOM already holds
import -window "$win" "$out/smoke-picker.png"
colours="$(convert "$out/smoke-picker.png" -format '%k' info:)"
size="$(identify -format '%wx%h' "$out/smoke-picker.png")"
echo "smoke: window $size with $colours distinct colours"
[[ "$colours" -ge 64 ]] || fail "the screenshot looks blank ($colours colours)"
echo "smoke: OK (screenshot in $out/smoke-picker.png)"

# The window carries Hearth's icon for X11 task bars and switchers (GTK
# drops an icon too large for one X request, leaving none).
# (grep -c reads all of xprop's output: grep -q would stop early, and the
# SIGPIPE this gives xprop fails the pipeline under pipefail.)
icons="$(xprop -id "$win" _NET_WM_ICON | grep -c 'Icon (' || true)"
[[ "$icons" -ge 1 ]] || fail "the window has no icon (_NET_WM_ICON)"

# 4. One instance per data folder: a second start hands over to the running
#    window (which logs it) and exits instead of opening a second window.
"$bin" --data-dir "$data" >"$out/smoke-second.log" 2>&1 &
second_pid=$!
for _ in $(seq 1 300); do
	kill -0 "$second_pid" 2>/dev/null || break
	sleep 0.1
done
kill -0 "$second_pid" 2>/dev/null && fail "a second start on the same data folder is still running after 30 s ($(xdotool search --onlyvisible --name '^Hearth$' | wc -l) windows)"
second_pid=""
for _ in $(seq 1 50); do
	grep -q 'msg="second start' "$data/hearth.log" && break
	sleep 0.1
done
grep -q 'msg="second start' "$data/hearth.log" || fail "the running window was not told of the second start"
windows="$(xdotool search --onlyvisible --name '^Hearth$' | wc -l)"
[[ "$windows" == 1 ]] || fail "$windows Hearth windows after a second start"
kill -0 "$app_pid" 2>/dev/null || fail "the first window exited after the second start"
echo "smoke: OK (a second start handed over to the running window)"
