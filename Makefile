# UpgradeDesk build, run and test targets. `make run` and `make test` are the
# two commands a new machine needs (see README.md); both install the Debian
# packages they need when they are missing.

SHELL   := /bin/bash
GO      ?= go
VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml | head -n 1)
LDFLAGS := -X upgradedesk/cmd/cli.Version=$(VERSION)
BIN     := bin/upgradedesk

# Debian/Ubuntu packages: cgo toolchain and the headers Fyne's GLFW driver needs.
BUILD_DEBS := gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev \
	libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
# The tests also read PDFs back (poppler-utils) and tamper with a database (sqlite3).
TEST_DEBS  := $(BUILD_DEBS) poppler-utils sqlite3

.PHONY: all build run test vet deps-build deps-test clean

all: build

# deps installs the Debian packages named in $(1) that are not installed yet.
define deps
	@if ! command -v dpkg >/dev/null 2>&1; then \
		echo "not a Debian/Ubuntu system: install the equivalents of: $(1)"; exit 0; fi; \
	missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps-build:
	$(call deps,$(BUILD_DEBS))

deps-test:
	$(call deps,$(TEST_DEBS))

build: deps-build
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/upgradedesk

# run starts the client on the default database (or $$UPGRADEDESK_DB).
run: build
	./$(BIN)

vet: deps-test
	$(GO) vet ./...

# test runs every test on SQLite files, then, when the PostgreSQL server is
# installed (apt-get install postgresql), the data layer's tests and the
# migrate command's again against a throw-away server (.ci/postgres).
test: vet
	LANG=en_US.UTF-8 $(GO) test ./...
	@if .ci/postgres available; then \
		dir=$$(mktemp -d) || exit 1; trap '.ci/postgres stop "$$dir"' EXIT; \
		url=$$(.ci/postgres start "$$dir") || exit 1; \
		echo "== data layer tests on PostgreSQL ($$url)"; \
		export LANG=en_US.UTF-8 UPGRADEDESK_TEST_PG="$$url"; \
		$(GO) test -count=1 ./data/ && $(GO) test -count=1 -run Migrate ./cmd/cli/; \
	else echo "PostgreSQL is not installed: the data layer was tested on SQLite only"; fi

clean:
	rm -rf bin dist
