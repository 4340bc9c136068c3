# UpgradeDesk build, run and test targets. `make run` and `make test` are the
# two commands a new machine needs (see README.md); both install the Debian
# packages they need when they are missing.

SHELL   := /bin/bash
GO      ?= go
VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml | head -n 1)
LDFLAGS := -X upgradedesk/cmd/cli.Version=$(VERSION)
# no_emoji leaves out Fyne's colour emoji font: 4 MB of executable, and
# 8 MB of memory in the client, which parses it once more for every text
# style. Emoji are not part of an upgrade record; a system font draws one.
# no_animations turns off Fyne's animations: the text cursor fades in and
# out for as long as a field has the focus, and each step of the fade
# redraws the whole window, so an untouched client kept drawing (5 % of a
# core with software rendering) and its memory rose by 20 MB within a
# minute; without them the cursor stays lit, and the tab bar's underline,
# a pressed button and an opening drop-down list change at once instead of
# moving (BENCHMARKS.md, "Client latency and memory").
TAGS    := no_emoji,no_animations
BIN     := bin/upgradedesk

# Debian/Ubuntu packages: cgo toolchain and the headers Fyne's GLFW driver needs.
BUILD_DEBS := gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev \
	libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
# The tests also read PDFs back (poppler-utils, qpdf), read the QR code on every page of every
# document (zbar-tools) and make scans of printed documents (poppler-utils, imagemagick, img2pdf);
# they fail when these are missing.
TEST_DEBS  := $(BUILD_DEBS) poppler-utils qpdf zbar-tools imagemagick img2pdf

.PHONY: all build run test vet fuzz bench bench-gui bench-libreoffice reliability deps-build deps-test deps-bench clean

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
	$(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/upgradedesk

# run starts the client on the default database (or $$UPGRADEDESK_DB).
run: build
	./$(BIN)

vet: deps-test
	$(GO) vet -tags $(TAGS) ./...

# test runs every test on SQLite files, then, when the PostgreSQL server is
# installed (apt-get install postgresql), the data layer's tests and the
# migrate command's again against a throw-away server (.ci/postgres).
test: vet
	LANG=en_US.UTF-8 $(GO) test -tags $(TAGS) ./...
	@if .ci/postgres available; then \
		dir=$$(mktemp -d) || exit 1; trap '.ci/postgres stop "$$dir"' EXIT; \
		url=$$(.ci/postgres start "$$dir") || exit 1; \
		echo "== data layer tests on PostgreSQL ($$url)"; \
		export LANG=en_US.UTF-8 UPGRADEDESK_TEST_PG="$$url"; \
		$(GO) test -count=1 ./data/ && $(GO) test -count=1 -run Migrate ./cmd/cli/; \
	else echo "PostgreSQL is not installed: the data layer was tested on SQLite only"; fi

# reliability runs the reliability suite of RELIABILITY.md at full size
# (UPGRADEDESK_RELIABILITY=1: 20 checks of a 30,000-case database during
# live writes, 8 processes × 150 creates, a 4 GiB zip bomb, a 20,000-row
# import …) on SQLite files, then on a throw-away PostgreSQL server when
# one is installed, and collects the figures in bin/reliability.txt.
# make test runs the same tests at a size that suits CI.
RELIABILITY_TESTS := NoOutputWritesOverADatabase|DialogsNeverWriteOverADatabase|CheckOutput|CheckDuringLiveWrites|\
	EditedRecordsAreFound|UntouchedDemoPassesCheck|AuditTamperingIsFound|RewrittenHistoryIsFoundByTheWitness|\
	ParallelWrongPasswords|ReadOnlyStoresThrottleInMemory|NobodyIsLockedOutLong|NoPasswordIsEchoed|\
	Restore|BackupRefusesADatabaseThatFailsCheck|AutoBackupPerDatabase|\
	KilledDemoLeavesNoHalfDatabase|KilledBackupLeftoversAreRemoved|CleanTemps|ImportChecksTheAdministratorFirst|\
	WorkbookLimits|SafeFileName|AttachmentNamesAreStoredSafe|\
	PatientWritesWaitAndCanBeStopped|ConcurrentCreatesSurfaceNoLockErrors|LargeImportHoldsTheLockBriefly|MigrateWhileInUse|\
	WaitingForAnotherPCShowsAndCancels|MessagesNameTheFileAndTheCause|HotJournalInAReadOnlyFolder
empty :=
space := $(empty) $(empty)
RELIABILITY_RUN := UPGRADEDESK_RELIABILITY=1 LANG=en_US.UTF-8 $(GO) test -count=1 -v -timeout 90m \
	-run '$(subst $(space),,$(RELIABILITY_TESTS))'

reliability: deps-test
	@mkdir -p bin
	set -o pipefail; $(RELIABILITY_RUN) ./data/ ./cmd/cli/ ./app/ | tee bin/reliability-sqlite.log
	@if .ci/postgres available; then \
		dir=$$(mktemp -d) || exit 1; trap '.ci/postgres stop "$$dir"' EXIT; \
		url=$$(.ci/postgres start "$$dir") || exit 1; \
		echo "== the data layer's reliability tests on PostgreSQL ($$url)"; \
		set -o pipefail; UPGRADEDESK_TEST_PG="$$url" $(RELIABILITY_RUN) ./data/ | tee bin/reliability-postgres.log; \
	else echo "PostgreSQL is not installed: the reliability suite ran on SQLite only"; fi
	@grep -h 'RELIABILITY:' bin/reliability-*.log | sed 's/^.*RELIABILITY: //' | tee bin/reliability.txt

# fuzz runs each fuzz target (validators, attachment names, Chinese line
# breaking) for a number of executions, about ten seconds each on two cores.
# A count, not a duration: with -fuzztime=<duration> Go 1.26's fuzzing
# coordinator can fail a run with "context deadline exceeded" at the deadline
# on a loaded machine (golang/go#75804, fixed in Go 1.27). FUZZTIME=2m (or
# 1000000x) overrides all three.
FUZZTIME ?=
fuzz: deps-test
	LANG=en_US.UTF-8 $(GO) test -run='^$$' -fuzz=FuzzValidators -fuzztime=$(or $(FUZZTIME),40000x) ./data/
	LANG=en_US.UTF-8 $(GO) test -run='^$$' -fuzz=FuzzSafeFileName -fuzztime=$(or $(FUZZTIME),100000x) ./data/
	LANG=en_US.UTF-8 $(GO) test -run='^$$' -fuzz=FuzzWrap -fuzztime=$(or $(FUZZTIME),40000x) ./reports/

# bench measures what BENCHMARKS.md reports: it makes the 100,000-case
# and the 1,000-case demo databases once (in bin/), runs the Go benchmarks
# of the data layer against the large one and of the documents, exports
# every document of the small one, and measures the client under Xvfb
# (bench-gui).
BENCH_DB  ?= bin/bench-100000.db
BENCH_DB1 ?= bin/bench-1000.db
BENCH_DB60 ?= bin/bench-60.db
BENCH_DEBS := xvfb x11-utils xdotool imagemagick time openbox sqlite3 gcc libc6-dev \
	libx11-dev libxext-dev libxdamage-dev libxtst-dev

deps-bench:
	$(call deps,$(BENCH_DEBS))

bench: build deps-bench
	test -f $(BENCH_DB) || /usr/bin/time -f "demo --cases 100000: %e s, %M KB" ./$(BIN) demo --db $(BENCH_DB) --cases 100000
	UPGRADEDESK_BENCH_DB=$(abspath $(BENCH_DB)) LANG=en_US.UTF-8 $(GO) test -run='^$$' \
		-bench='OpenFirstPage|Filter|Search|SaveForm|Transition|Todo|Stats' -benchmem -benchtime=20x -count=3 ./data/
	UPGRADEDESK_BENCH_DB=$(abspath $(BENCH_DB)) LANG=en_US.UTF-8 $(GO) test -run='^$$' \
		-bench='SaveStageLimit|SaveCalendarYear' -benchmem -benchtime=5x -count=3 ./data/
	UPGRADEDESK_BENCH_DB=$(abspath $(BENCH_DB)) LANG=en_US.UTF-8 $(GO) test -run='^$$' \
		-bench='Schedule' -benchmem -benchtime=20x -count=3 ./data/
	UPGRADEDESK_BENCH_DB=$(abspath $(BENCH_DB)) LANG=en_US.UTF-8 $(GO) test -run='^$$' -bench='Check' -benchtime=1x -count=3 ./data/
	LANG=en_US.UTF-8 $(GO) test -run='^$$' -bench='Document$$|CaseDocument|ConvertToCFF' -benchmem -count=3 ./reports/
	LANG=en_US.UTF-8 $(GO) test -tags $(TAGS) -run='^$$' -bench='UIFontMemory' -benchtime=3x -count=3 ./forms/uikit/
	LANG=en_US.UTF-8 $(GO) test -run='^$$' -bench='ScanImport' -benchtime=3x -count=3 ./reports/scan/
	mkdir -p bin; UPGRADEDESK_SCAN_FULL=1 LANG=en_US.UTF-8 $(GO) test -run='GeneratedScans' -v -timeout=60m ./reports/scan/ \
		>bin/scans-full.txt 2>&1; status=$$?; grep -E 'SCANS|^(ok|FAIL|---)' bin/scans-full.txt; exit $$status
	test -f $(BENCH_DB1) || ./$(BIN) demo --db $(BENCH_DB1) --cases 1000
	rm -rf bin/export-1000
	/usr/bin/time -f "export --all of 1,000 cases: %e s, %M KB" ./$(BIN) export --db $(BENCH_DB1) --all --out bin/export-1000
	@if command -v Xvfb >/dev/null 2>&1; then $(MAKE) --no-print-directory bench-gui; \
	else echo "Xvfb is not installed: the client's latency and memory were not measured"; fi

# bench-gui is the client's latency and memory under Xvfb (BENCHMARKS.md,
# "Client latency and memory"): .ci/measure-client on the 60-case and the
# 100,000-case demo, 5 runs and 100 openings of a case window each; the
# figures also go to bin/client-*.txt.
bench-gui: build deps-bench
	test -f $(BENCH_DB60) || ./$(BIN) demo --db $(BENCH_DB60) --cases 60
	test -f $(BENCH_DB) || /usr/bin/time -f "demo --cases 100000: %e s, %M KB" ./$(BIN) demo --db $(BENCH_DB) --cases 100000
	cc -O2 -o bin/xlat .ci/xlat.c -lX11 -lXext -lXdamage -lXtst
	set -o pipefail; XLAT=bin/xlat .ci/measure-client ./$(BIN) $(BENCH_DB60) 5 100 | tee bin/client-60.txt
	set -o pipefail; XLAT=bin/xlat .ci/measure-client ./$(BIN) $(BENCH_DB) 5 100 | tee bin/client-100000.txt

# bench-libreoffice is the side-by-side of BENCHMARKS.md: every document of
# the demo cases written as a Writer document (.fodt, the same blocks) and
# converted by soffice --headless --convert-to pdf, one document in a run
# and all in one run, against this program writing the same documents; and
# one document exported as a whole process.
LO_DEBS := libreoffice-writer-nogui fonts-noto-cjk

bench-libreoffice: build
	$(call deps,$(LO_DEBS) time)
	LANG=en_US.UTF-8 $(GO) test -run='^$$' -bench=LibreOffice -benchtime=1x -count=3 -timeout=30m ./reports/
	test -f $(BENCH_DB1) || ./$(BIN) demo --db $(BENCH_DB1) --cases 1000
	for i in 1 2 3; do /usr/bin/time -f "export of one request form, whole process: %e s, %M KB" \
		./$(BIN) export --db $(BENCH_DB1) --case SJ-2026-0001 --doc request --out bin/request.pdf; done

clean:
	rm -rf bin dist

# ---- make dist: what goes to the office PCs (README.md, "Windows and Linux
# installation"). dist/upgradedesk-windows-amd64.exe is cross-compiled with
# mingw-w64: GUI subsystem, libgcc and winpthread linked in, so it needs no
# DLL beside it; its icon, manifest and version information are generated
# from FyneApp.toml into dist/obj/windows and passed to the external linker,
# so the source tree is left as it is. dist/UpgradeDesk-VERSION-linux-amd64.tar.xz is
# a folder to run in place or install (install.sh, .desktop file, icon).
# Both reuse the compile flags of `make build`, so the Linux binary is only
# relinked and the Windows packages compile once per cache.
DIST_DEBS := $(BUILD_DEBS) gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 xz-utils file wixl msitools
WIN_ENV   := CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc
WIN_OBJ   := dist/obj/windows
WIN_EXE   := dist/upgradedesk-windows-amd64.exe
WIN_MSI   := dist/UpgradeDesk-$(VERSION).msi
LINUX_DIR := upgradedesk-$(VERSION)
LINUX_TAR := dist/UpgradeDesk-$(VERSION)-linux-amd64.tar.xz
DEB_DIR   := dist/obj/deb
DEB       := dist/upgradedesk_$(VERSION)_amd64.deb

.PHONY: dist dist-windows dist-msi dist-linux dist-deb deps-dist

dist: dist-windows dist-msi dist-linux dist-deb
	@ls -l $(WIN_EXE) $(WIN_MSI) $(LINUX_TAR) $(DEB)

deps-dist:
	$(call deps,$(DIST_DEBS))

# The executable is removed first: go build does not see a changed .syso
# (only the flags) and would keep an old one.
dist-windows: deps-dist
	rm -rf $(WIN_OBJ) $(WIN_EXE)
	$(GO) run ./cmd/packaging windows $(WIN_OBJ)
	$(WIN_ENV) $(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS) -s -w -H=windowsgui -linkmode=external \
		-extldflags '$(CURDIR)/$(WIN_OBJ)/upgradedesk.syso'" -o $(WIN_EXE) ./cmd/upgradedesk

# dist-msi wraps the executable in dist/UpgradeDesk-VERSION.msi
# (cmd/packaging/upgradedesk.wxs; MSI_VERSION=0.9.0 MSI=… builds the same
# program as an older version, for the upgrade check of .ci/dist-check).
# The release notes (NOTES, embedded in the client too) go beside the
# executable as RELEASE-NOTES.txt. msibuild
# adds what wixl cannot express: the conditions that write a registry value
# only when its property is given, and the properties a group-policy
# (managed) installation passes on.
MSI_VERSION ?= $(VERSION)
NOTES       := assets/RELEASE-NOTES.txt
MSI         ?= $(WIN_MSI)
MSI_SECURE  := WIX_DOWNGRADE_DETECTED;WIX_UPGRADE_DETECTED;DBPATH;BACKUPDIR;SCANDIR
msi_cond     = -q "UPDATE \`Component\` SET \`Condition\` = '$(2)' WHERE \`Component\` = '$(1)'"

dist-msi: deps-dist
	test -f $(WIN_EXE) || $(MAKE) --no-print-directory dist-windows
	rm -f $(MSI)
	wixl -a x64 -D Version=$(MSI_VERSION) -D Exe=$(WIN_EXE) -D Icon=$(WIN_OBJ)/upgradedesk.ico \
		$(if $(wildcard $(NOTES)),-D Notes=$(NOTES)) -o $(MSI).tmp cmd/packaging/upgradedesk.wxs
	msibuild $(MSI).tmp $(call msi_cond,DatabasePath,DBPATH) $(call msi_cond,BackupFolder,BACKUPDIR) \
		$(call msi_cond,ScanFolder,SCANDIR) \
		-q "UPDATE \`Property\` SET \`Value\` = '$(MSI_SECURE)' WHERE \`Property\` = 'SecureCustomProperties'"
	mv $(MSI).tmp $(MSI)

dist-linux: deps-dist
	rm -rf dist/obj/$(LINUX_DIR) $(LINUX_TAR)
	$(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS) -s -w" -o dist/obj/$(LINUX_DIR)/bin/upgradedesk ./cmd/upgradedesk
	$(GO) run ./cmd/packaging linux dist/obj/$(LINUX_DIR)
	tar -C dist/obj --sort=name --owner=0 --group=0 --numeric-owner -cJf $(LINUX_TAR) $(LINUX_DIR)

# dist-deb packs the tarball's binary as a .deb; its Depends are the
# packages holding the libraries the binary links (dpkg -S).
dist-deb: deps-dist
	test -f dist/obj/$(LINUX_DIR)/bin/upgradedesk || $(MAKE) --no-print-directory dist-linux
	rm -rf $(DEB_DIR) $(DEB)
	install -D -m 755 dist/obj/$(LINUX_DIR)/bin/upgradedesk $(DEB_DIR)/usr/bin/upgradedesk
	$(GO) run ./cmd/packaging deb $(DEB_DIR)
	dpkg-deb --root-owner-group -Zxz --build $(DEB_DIR) $(DEB)
