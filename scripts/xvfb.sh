# Sourced by the UI test scripts: start_xvfb starts a private X server on a
# free display and exports DISPLAY; stop_xvfb ends it.
start_xvfb() {
	local dfile
	dfile="$(mktemp)"
	Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$dfile" >/dev/null 2>&1 &
	XVFB_PID=$!
	for _ in $(seq 1 100); do
		[[ -s "$dfile" ]] && break
		sleep 0.1
	done
	[[ -s "$dfile" ]] || { echo "Xvfb did not start" >&2; return 1; }
	export DISPLAY=":$(head -1 "$dfile")"
	rm -f "$dfile"
}

stop_xvfb() {
	[[ -n "${XVFB_PID:-}" ]] && kill "$XVFB_PID" 2>/dev/null || true
}
