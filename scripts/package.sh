#!/usr/bin/env bash
# Makes what a household installs, into dist/:
#   hearth_<version>_amd64.deb                     (deb)
#   hearth-<version>-windows-amd64.exe             (windows)
#   hearth-<version>-windows-amd64-installer.exe   (windows, NSIS, per user)
# and checks the .deb with lintian, desktop-file-validate and appstreamcli.
# The Linux binary must already be built (make build); the Makefile's
# package targets do that and install the tools (nsis, lintian, ...).
# Usage: scripts/package.sh deb|windows|all
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-all}"
NFPM_VERSION=v2.45.2
version="$(sed -n 's/^ *"productVersion": *"\([^"]*\)".*/\1/p' wails.json)"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "package: no x.y.z productVersion in wails.json" >&2; exit 1; }
mkdir -p dist

# icons ARGS: scripts/icongen (its own module) on build/appicon.svg, with
# paths relative to the repository root.
icons() {
	local bin
	bin="$(mktemp -d)"
	(cd scripts/icongen && GOFLAGS= go build -o "$bin/icongen" .)
	"$bin/icongen" -svg build/appicon.svg "$@"
	rm -rf "$bin"
}

deb() {
	[[ -x build/bin/hearth ]] || { echo "package: build/bin/hearth is missing (make build)" >&2; exit 1; }
	grep -q "<release version=\"$version\"" build/linux/app.hearth.Hearth.metainfo.xml ||
		{ echo "package: the metainfo has no <release version=\"$version\">" >&2; exit 1; }
	local stage out date
	stage="$(mktemp -d)"
	icons -hicolor "$stage/hicolor" -name app.hearth.Hearth
	gzip -9n <build/linux/hearth.1 >"$stage/hearth.1.gz"
	date="$(git log -1 --format=%cD 2>/dev/null || date -R)"
	printf 'hearth (%s) unstable; urgency=medium\n\n  * Hearth %s.\n\n -- The Hearth authors <hearth@users.noreply.github.com>  %s\n' \
		"$version" "$version" "$date" | gzip -9n >"$stage/changelog.gz"
	# nfpm keeps the modes it is given: make them what Debian expects.
	find "$stage" -type d -exec chmod 0755 {} + && find "$stage" -type f -exec chmod 0644 {} +
	out="dist/hearth_${version}_amd64.deb"
	rm -f "$out"
	sed -e "s|\${HEARTH_VERSION}|$version|g" -e "s|\${HEARTH_STAGE}|$stage|g" build/linux/nfpm.yaml >"$stage/nfpm.yaml"
	GOFLAGS= go run "github.com/goreleaser/nfpm/v2/cmd/nfpm@$NFPM_VERSION" package \
		--config "$stage/nfpm.yaml" --packager deb --target "$out"
	rm -rf "$stage"
	check_deb "$out"
}

check_deb() {
	local deb="$1" tree
	tree="$(mktemp -d)"
	dpkg-deb -x "$deb" "$tree"
	desktop-file-validate "$tree/usr/share/applications/app.hearth.Hearth.desktop"
	appstreamcli validate --no-net "$tree/usr/share/metainfo/app.hearth.Hearth.metainfo.xml"
	rm -rf "$tree"
	# lintian exits non-zero on any error; warnings are printed and fail too.
	lintian --fail-on error,warning --suppress-tags-from-file build/linux/lintian-overrides "$deb"
	dpkg-deb --info "$deb" | sed -n '/Package:/,$p'
	echo "package: $deb passed desktop-file-validate, appstreamcli and lintian"
}

windows() {
	local wails exe installer
	wails="$(go env GOPATH)/bin/wails"
	icons -png build/appicon.png:1024 -png build/windowicon.png:128 -ico build/windows/icon.ico
	# Windows needs no cgo: Wails cross-compiles it, embedding icon.ico,
	# info.json and the manifest as resources, then runs makensis on
	# build/windows/installer/project.nsi. The frontend is already built.
	CGO_ENABLED=0 GOFLAGS= "$wails" build -platform windows/amd64 -s -m -skipbindings -nsis -trimpath \
		-o hearth.exe -ldflags "-X main.version=$(scripts/version.sh)"
	exe="build/bin/hearth.exe"
	installer="build/bin/Hearth-amd64-installer.exe"
	cp "$exe" "dist/hearth-${version}-windows-amd64.exe"
	cp "$installer" "dist/hearth-${version}-windows-amd64-installer.exe"
	file "dist/hearth-${version}-windows-amd64.exe" "dist/hearth-${version}-windows-amd64-installer.exe"
}

case "$what" in
deb) deb ;;
windows) windows ;;
all) deb && windows ;;
*) echo "usage: scripts/package.sh deb|windows|all" >&2; exit 2 ;;
esac
ls -la dist
