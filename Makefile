# The two commands of the README: `make run` and `make test`.
BUILD ?= build
BUILD_TYPE ?= Release
JOBS ?= 2
PORT ?= 8080
CMAKE_FLAGS ?=

.PHONY: all deps e2e-deps fault-deps fuzz-deps package-deps build run index test deb sanitize fuzz screenshots clean

all: build

deps:
	@bash scripts/install-deps.sh build

# chromium, node/npm and the browser-test packages (npm ci in tests/e2e).
e2e-deps:
	@bash scripts/install-deps.sh e2e

# wrk, nginx and xapian-check for the fault tests (tests/fault).
fault-deps:
	@bash scripts/install-deps.sh fault

# clang and its libFuzzer/sanitizer runtime for `make fuzz`.
fuzz-deps:
	@bash scripts/install-deps.sh fuzz

# dpkg-dev, lintian, help2man and systemd-analyze for `make deb` and the
# package tests (tests/package).
package-deps:
	@bash scripts/install-deps.sh package

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCASEBASE_PACKAGE=ON -DCMAKE_INSTALL_PREFIX=/usr $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

# Index content/ (a file that fails is reported and skipped: exit code 1 is
# not fatal here), then serve.
index: build
	@mkdir -p var
	@$(BUILD)/indexer/casebase-index --content content --db var/index; rc=$$?; [ $$rc -le 1 ] || exit $$rc

# Contributions are on: accounts and submissions in var/data, approved
# articles written into content/ (and committed, as content/ is in git).
# The first admin: build/contrib/casebase-admin --data var/data user add NAME --role admin
run: index
	@$(BUILD)/search/casebase-serve --db var/index --host 127.0.0.1 --port $(PORT) --web web --data var/data --content content

# Unit, golden and integration tests, and the browser tests (required here:
# a missing browser is an error, not a skip). The package tests make the
# Debian package from this build (`make deb` makes the hardened one).
test: build e2e-deps fault-deps package-deps
	@cd $(BUILD) && CASEBASE_E2E_REQUIRED=1 CASEBASE_FAULT_REQUIRED=1 CASEBASE_PACKAGE_REQUIRED=1 ctest --output-on-failure -j$(JOBS)

# The Debian package: build-deb/casebase_VERSION_ARCH.deb (a Release build of
# its own; cmake/Packaging.cmake, docs/OPERATIONS.md). Prints its path.
deb: deps package-deps
	@JOBS=$(JOBS) bash scripts/build-deb.sh build-deb

# The whole suite but the browser and package tests under ASan and UBSan (build-asan).
sanitize: deps fault-deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCASEBASE_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j$(JOBS)
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1 CASEBASE_FAULT_REQUIRED=1 CASEBASE_SANITIZE_RUN=1 \
	  ctest --output-on-failure -j$(JOBS) -LE "e2e|package"

# libFuzzer targets (fuzz/) under ASan/UBSan, each for FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
fuzz: deps fuzz-deps
	@CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCASEBASE_FUZZ=ON -DCASEBASE_BUILD_TESTS=OFF >/dev/null
	@cmake --build build-fuzz -j$(JOBS) --target fuzz_article fuzz_render fuzz_query fuzz_article_page
	@fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

# docs/screenshots: the pages at desktop and phone width, from content/.
screenshots: build e2e-deps
	@mkdir -p docs/screenshots
	@tests/e2e/run.sh $(BUILD)/indexer/casebase-index $(BUILD)/search/casebase-serve $(CURDIR) screenshots

clean:
	rm -rf $(BUILD) var
