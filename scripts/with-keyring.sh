#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a freshly unlocked
# gnome-keyring Secret Service, so tests use the real keychain and never
# touch (or get prompted by) the user's own login keyring.
set -euo pipefail
if [[ -z "${HEARTH_IN_KEYRING:-}" ]]; then
	export HEARTH_IN_KEYRING=1
	exec dbus-run-session -- "$0" "$@"
fi
XDG_DATA_HOME="$(mktemp -d)"
export XDG_DATA_HOME
trap 'rm -rf "$XDG_DATA_HOME"' EXIT
# An empty password on stdin creates and unlocks a new "login" keyring.
eval "$(printf 'hearth-test' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
# Wait until the Secret Service answers on the bus and its default
# collection takes an item: on a busy machine the service answers before the
# login collection is unlocked ("failed to unlock correct collection").
for _ in $(seq 1 150); do
	if dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
		org.freedesktop.DBus.Properties.Get string:org.freedesktop.Secret.Service string:Collections >/dev/null 2>&1 &&
		printf 'x' | secret-tool store --label="Hearth keyring probe" hearth-keyring probe >/dev/null 2>&1; then
		secret-tool clear hearth-keyring probe >/dev/null 2>&1 || true
		break
	fi
	sleep 0.1
done
export HEARTH_KEYRING_REAL=1
"$@"
