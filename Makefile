# Hearth: two set-up commands for a fresh Debian 12 machine.
#   make run   installs what the app needs, builds it and opens the window
#   make test  installs what the tests need and runs every test
# Both are idempotent and work as root (no sudo) or as a user with sudo.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
GOBIN := $(shell go env GOPATH 2>/dev/null)/bin
WAILS := $(GOBIN)/wails
WAILS_VERSION := v2.9.2
TAGS := webkit2_41
export GOFLAGS := -tags=$(TAGS)
export PATH := $(GOBIN):$(PATH)

RUN_PKGS := build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev curl
TEST_PKGS := $(RUN_PKGS) xvfb xauth gnome-keyring dbus dbus-x11 libsecret-tools chromium imagemagick xdotool x11-utils

ARTIFACTS := test-artifacts

.PHONY: run test build deps-run deps-test toolchain wails-cli frontend-deps \
        vet gotest fuzz frontend-test e2e-deps smoke e2e bench mutate clean \
        icons package package-deb package-tools deb-test

## ---- the two set-up commands -------------------------------------------

run: deps-run build
	./build/bin/hearth

test: deps-test build vet gotest fuzz frontend-test smoke deb-test e2e
	@echo "make test: all suites passed"

## ---- installing ----------------------------------------------------------

define apt_install
	missing=""; for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps-run: toolchain
	@$(call apt_install,$(RUN_PKGS))
	@$(MAKE) --no-print-directory wails-cli frontend-deps

deps-test: toolchain
	@$(call apt_install,$(TEST_PKGS))
	@$(MAKE) --no-print-directory wails-cli frontend-deps e2e-deps

# Go >= 1.21 reads the toolchain line in go.mod and fetches go1.26.8 from the
# module proxy; Node >= 20 is needed by Vite.
toolchain:
	@command -v go >/dev/null || { echo "Go >= 1.21 is needed on PATH (it then fetches the exact toolchain from go.mod)"; exit 1; }
	@go version
	@# Node and npm only when missing: a NodeSource nodejs already bundles npm and conflicts with Debian's npm.
	@command -v npm >/dev/null || { $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node "+process.versions.node+" is too old: Vite needs Node >= 20.19"); process.exit(1) }'

# Built from scripts/wailscli (the same CLI with an x/tools that compiles on Go 1.26).
wails-cli:
	@[ -x "$(WAILS)" ] && "$(WAILS)" version 2>/dev/null | grep -q "$(WAILS_VERSION)" || \
		{ echo "Building the Wails CLI $(WAILS_VERSION)"; cd scripts/wailscli && GOFLAGS= go build -o "$(WAILS)" github.com/wailsapp/wails/v2/cmd/wails; }

# npm install, not npm ci: this machine's npm config (omit-lockfile-registry-resolved)
# records only this platform's optional packages, which npm ci then rejects.
frontend-deps:
	@cd frontend && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm install --no-audit --no-fund; }

e2e-deps:
	@cd e2e && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm install --no-audit --no-fund; }

## ---- building ------------------------------------------------------------

# A position-independent executable, as Debian's hardening asks (lintian).
build: deps-run icons
	GOFLAGS="$(GOFLAGS) -buildmode=pie" "$(WAILS)" build -m -tags $(TAGS) -ldflags "-X main.version=$$(scripts/version.sh)"
	@ls -la build/bin/hearth

# The icon renderings Wails needs, made from build/appicon.svg (pure Go).
ICONS := build/appicon.png build/windowicon.png build/windows/icon.ico
icons: $(ICONS)
$(ICONS) &: build/appicon.svg scripts/icongen/main.go
	cd scripts/icongen && GOFLAGS= go run . -svg ../../build/appicon.svg -png ../../build/appicon.png:1024 -png ../../build/windowicon.png:128 -ico ../../build/windows/icon.ico

## ---- packages (dist/) ----------------------------------------------------

PACKAGE_PKGS := nsis lintian desktop-file-utils appstream file
package-tools:
	@$(call apt_install,$(PACKAGE_PKGS))

# The .deb and the Windows program and installer.
package: build package-tools
	scripts/package.sh all

package-deb: build package-tools
	scripts/package.sh deb

## ---- testing -------------------------------------------------------------

vet:
	scripts/vet.sh

# The real Secret Service: a private D-Bus session with gnome-keyring.
gotest:
	HEARTH_REQUIRE_KEYCHAIN=1 scripts/with-keyring.sh go test -race -count=1 -timeout 30m ./...

# Each parser's fuzz target, briefly, on top of the committed corpus.
FUZZ_TIME ?= 10s
fuzz:
	@for t in $$(go test -list 'Fuzz.*' ./backend/... 2>/dev/null | grep -E '^Fuzz' || true); do \
		pkg=$$(grep -rl "func $$t(" backend --include='*_test.go' | head -1 | xargs dirname); \
		echo "fuzz $$pkg $$t"; \
		go test -run='^$$' -fuzz="^$$t$$" -fuzztime=$(FUZZ_TIME) "./$$pkg"; \
	done

# svelte-check first: the window's types come from the generated Go models,
# so a Go DTO change that breaks the window fails here.
frontend-test:
	cd frontend && npm run check && npm test

smoke:
	mkdir -p $(ARTIFACTS)
	scripts/smoke.sh build/bin/hearth $(ARTIFACTS)

# Install the .deb, smoke-test /usr/bin/hearth, remove it, check user data.
deb-test: package-deb
	mkdir -p $(ARTIFACTS)/deb
	SUDO=$(SUDO) scripts/deb-test.sh $(ARTIFACTS)/deb

e2e:
	mkdir -p $(ARTIFACTS)
	HEARTH_REQUIRE_KEYCHAIN=1 scripts/with-keyring.sh scripts/e2e.sh $(ARTIFACTS)

bench:
	go test -run='^$$' -bench=. -benchmem ./backend/...

# By hand, not part of `make test`: applies each rule-breaking edit in
# scripts/mutants.txt to a scratch copy of HEAD and reports any the tests
# miss (docs/testing.md). MUTATE_ARGS="-run vault-" picks some.
mutate:
	scripts/mutate.sh $(MUTATE_ARGS)

clean:
	rm -rf build/bin frontend/dist $(ARTIFACTS) dist $(ICONS) build/windows/installer/wails_tools.nsh build/windows/installer/tmp
