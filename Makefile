# The two commands of the README: `make run` and `make test`.
BUILD ?= build
BUILD_TYPE ?= Release
JOBS ?= 2
PORT ?= 8080
CMAKE_FLAGS ?=

.PHONY: all deps e2e-deps build run index test screenshots clean

all: build

deps:
	@bash scripts/install-deps.sh build

# chromium, node/npm and the browser-test packages (npm ci in tests/e2e).
e2e-deps:
	@bash scripts/install-deps.sh e2e

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

# Index content/ (a file that fails is reported and skipped: exit code 1 is
# not fatal here), then serve.
index: build
	@mkdir -p var
	@$(BUILD)/indexer/casebase-index --content content --db var/index; rc=$$?; [ $$rc -le 1 ] || exit $$rc

run: index
	@$(BUILD)/search/casebase-serve --db var/index --host 127.0.0.1 --port $(PORT) --web web

# Unit, golden and integration tests, and the browser tests (required here:
# a missing browser is an error, not a skip).
test: build e2e-deps
	@cd $(BUILD) && CASEBASE_E2E_REQUIRED=1 ctest --output-on-failure -j$(JOBS)

# docs/screenshots: the pages at desktop and phone width, from content/.
screenshots: build e2e-deps
	@mkdir -p docs/screenshots
	@tests/e2e/run.sh $(BUILD)/indexer/casebase-index $(BUILD)/search/casebase-serve $(CURDIR) screenshots

clean:
	rm -rf $(BUILD) var
