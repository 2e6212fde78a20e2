#!/usr/bin/env bash
# Browser end-to-end tests against the real Go backend: `wails dev` serves
# the app with live bindings on http://localhost:34115, Debian's chromium
# (driven by playwright-core) clicks through it, and a scripted
# OpenAI-protocol server answers the chats. Run inside scripts/with-keyring.sh
# so profiles use a real (private) Secret Service.
# Usage: scripts/e2e.sh ARTIFACT_DIR
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(realpath "$1")"
# shellcheck source=scripts/xvfb.sh
source "$root/scripts/xvfb.sh"
export PATH="$(go env GOPATH)/bin:$PATH"

work="$(mktemp -d)"
pids=()
cleanup() {
	cp "$work/data/hearth.log" "$out/e2e-hearth.log" 2>/dev/null || true
	for p in "${pids[@]}"; do kill -- -"$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
	sleep 1
	for p in "${pids[@]}"; do kill -9 -- -"$p" 2>/dev/null || true; done
	pkill -f "$work" 2>/dev/null || true
	stop_xvfb
	rm -rf "$work"
}
trap cleanup EXIT

wait_http() { # URL SECONDS NAME
	for _ in $(seq 1 $(($2 * 5))); do
		curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
		sleep 0.2
	done
	echo "e2e: $3 did not come up at $1" >&2
	return 1
}

# 1. The scripted OpenAI-protocol server on loopback.
fake_port=18181
if curl -fsS -o /dev/null http://localhost:34115/ 2>/dev/null; then
	echo "e2e: something already serves http://localhost:34115 (a leftover wails dev?); stop it first" >&2
	exit 1
fi
(cd "$root" && go build -o "$work/fakeopenai" ./backend/llm/llmtest/cmd/fakeopenai)
setsid "$work/fakeopenai" -addr "127.0.0.1:$fake_port" -slow 30ms -control >"$out/e2e-fakeopenai.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$fake_port/v1/models" 30 "the fake OpenAI server"
# A thinking model on llama.cpp's server, in the DeepSeek-R1 form (only </think> arrives).
think_port=18182
setsid "$work/fakeopenai" -addr "127.0.0.1:$think_port" -dialect llamacpp -models qwen3:8b -slow 20ms \
	-think "Let me count the slices of the pizza first." -think-style r1 >"$out/e2e-fakeopenai-think.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$think_port/v1/models" 30 "the fake llama.cpp server"

# Warm the Secret Service up (its first answer can be slow on a busy machine).
secret-tool store --label="Hearth e2e warm-up" hearth-e2e warmup <<<"x" 2>/dev/null || true
secret-tool clear hearth-e2e warmup 2>/dev/null || true

# 2. The app under wails dev (its window needs a display; the tests use the browser),
#    built with the hearthtest tag: only such builds obey HEARTH_TEST_LOW_KDF
#    and HEARTH_TEST_DIALOG_DIR (testhooks_e2e.go); the release binary has neither.
start_xvfb
mkdir -p "$work/files"
export HEARTH_DATA_DIR="$work/data" HEARTH_TEST_LOW_KDF=1 HEARTH_TEST_DIALOG_DIR="$work/files"
cd "$root"
# setsid makes wails dev (and the vite and app processes it starts) one
# process group, so cleanup can end them all.
setsid wails dev -m -skipbindings -tags "webkit2_41,hearthtest" -loglevel Warning >"$out/e2e-wails-dev.log" 2>&1 &
pids+=($!)
wait_http "http://localhost:34115/" 600 "wails dev" || { tail -40 "$out/e2e-wails-dev.log" >&2; exit 1; }
# The bindings are live once the page's IPC script is served.
wait_http "http://localhost:34115/wails/ipc.js" 60 "wails bindings" || true

# 3. The scenarios.
cd "$root/e2e"
E2E_BASE_URL="http://localhost:34115" E2E_FAKE_URL="http://127.0.0.1:$fake_port/v1" E2E_FAKE_THINK_URL="http://127.0.0.1:$think_port/v1" \
	E2E_ARTIFACTS="$out" E2E_DATA_DIR="$HEARTH_DATA_DIR" E2E_FILES_DIR="$work/files" node --test --test-concurrency=1 tests/
