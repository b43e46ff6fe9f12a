# The two commands of the README: `make run` and `make test`.
BUILD ?= build
BUILD_TYPE ?= Release
JOBS ?= 2
PORT ?= 8080
CMAKE_FLAGS ?=

.PHONY: all deps build run index test clean

all: build

deps:
	@bash scripts/install-deps.sh build

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

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

clean:
	rm -rf $(BUILD) var
