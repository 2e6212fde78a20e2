#!/usr/bin/env bash
# Installs dist/hearth_<version>_amd64.deb on this machine the way a
# household would (apt-get install ./file.deb), then:
#   1. runs `hearth version` and `hearth doctor` from /usr/bin,
#   2. makes a profile in the default data folder (~/.config/Hearth),
#   3. runs the window smoke test (scripts/smoke.sh) on /usr/bin/hearth,
#   4. checks the menu entry, icons and metainfo are where menus look,
#   5. purges the package and checks the profile's files are untouched.
# Recommends (gnome-keyring, the emoji font) are not installed here so the
# test machine stays as it was. Usage: [SUDO=sudo] scripts/deb-test.sh ARTIFACT_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath "$1")"
sudo="${SUDO:-}"
version="$(sed -n 's/^ *"productVersion": *"\([^"]*\)".*/\1/p' wails.json)"
deb="$(realpath "dist/hearth_${version}_amd64.deb")"
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT

fail() { echo "deb-test: FAIL: $*" >&2; exit 1; }
apt() { $sudo env DEBIAN_FRONTEND=noninteractive apt-get "$@" </dev/null; }

apt install -y -qq --no-install-recommends "$deb"
[[ "$(dpkg-query -W -f='${Version}' hearth)" == "$version" ]] || fail "hearth $version is not the installed version"
[[ "$(command -v hearth)" == /usr/bin/hearth ]] || fail "hearth is not /usr/bin/hearth on PATH"

# 1. The command line from the installed path, with the default data folder
#    of a fresh user (HOME is a new folder).
run() { env -u HEARTH_DATA_DIR -u XDG_CONFIG_HOME HOME="$home" "$@"; }
run /usr/bin/hearth version | tee "$out/version.txt"
grep -q "^hearth $version" "$out/version.txt" || grep -q "$version" "$out/version.txt" || fail "hearth version does not say $version"
run scripts/with-keyring.sh /usr/bin/hearth doctor | tee "$out/doctor.txt"

# 2. A profile in ~/.config/Hearth (passphrase protection: no keychain).
run env HEARTH_PASSPHRASE='deb test passphrase 1' /usr/bin/hearth profile create --name Household --protection passphrase >/dev/null 2>&1
data="$home/.config/Hearth"
[[ -f "$data/profiles.json" ]] || fail "the installed binary did not use ~/.config/Hearth"
(cd "$data" && find . -type f ! -name hearth.log -print0 | sort -z | xargs -0 sha256sum) >"$out/data-before.txt"
grep -q 'hearth.db' "$out/data-before.txt" || fail "no profile database in $data"

# 3. The window, started from /usr/bin.
scripts/smoke.sh /usr/bin/hearth "$out"

# 4. Where menus, icon themes and software centres look.
for f in /usr/share/applications/app.hearth.Hearth.desktop \
	/usr/share/metainfo/app.hearth.Hearth.metainfo.xml \
	/usr/share/icons/hicolor/scalable/apps/app.hearth.Hearth.svg \
	/usr/share/icons/hicolor/48x48/apps/app.hearth.Hearth.png \
	/usr/share/icons/hicolor/256x256/apps/app.hearth.Hearth.png \
	/usr/share/man/man1/hearth.1.gz /usr/share/doc/hearth/copyright; do
	[[ -f "$f" ]] || fail "$f is not installed"
done
desktop-file-validate /usr/share/applications/app.hearth.Hearth.desktop

# 5. Removing the package (purge: config files too) leaves user data alone.
apt purge -y -qq hearth
[[ ! -e /usr/bin/hearth ]] || fail "/usr/bin/hearth is still there after purge"
[[ ! -e /usr/share/applications/app.hearth.Hearth.desktop ]] || fail "the menu entry is still there after purge"
(cd "$data" && find . -type f ! -name hearth.log -print0 | sort -z | xargs -0 sha256sum) >"$out/data-after.txt"
diff -u "$out/data-before.txt" "$out/data-after.txt" || fail "removing the package changed the data folder"
echo "deb-test: OK (installed, version/doctor/window from /usr/bin, purged; $(wc -l <"$out/data-after.txt") data files untouched)"
