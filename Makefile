# Threatpath developer entry points. Every target installs what it needs first (scripts/setup.sh
# is idempotent and fast when everything is present).
#   make run     build, then start the program server on var/demo.db with the demo project
#   make example build, then analyse the example model into out/
#   make test    build and run all tests
#   make check   test + the suite under ASan/UBSan + clang-format check + a short fuzz run
#   make bench   benchmarks on generated models and of the server under wrk
#   make fuzz    run the fuzzers (FUZZ_SECONDS each, default 600)
#   make format  reformat sources with clang-format

JOBS ?= 2
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
FUZZ_SECONDS ?= 600
CMAKE_FLAGS ?=
EXAMPLE := examples/online-shop.yaml
TP := $(BUILD)/bin/threatpath
FORMAT_FILES = $(shell git ls-files '*.cc' '*.h' 2>/dev/null)

.PHONY: all setup build run example test check asan format format-check fuzz fuzz-smoke bench clean

all: build

setup:
	@bash scripts/setup.sh

$(BUILD)/build.ninja:
	@bash scripts/setup.sh
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

build: setup $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

LISTEN ?= 127.0.0.1:8080

run: build
	@mkdir -p var
	$(TP) serve --demo --listen $(LISTEN) --db sqlite:var/demo.db

example: build
	$(TP) analyze $(EXAMPLE) -o out
	@echo "Open out/report.md for the readable report; risks.json, risks.sarif, risks.csv,"
	@echo "risks.xlsx, attack-paths.json, stats.json and technical-assets.json are beside it."

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan:
	@$(MAKE) --no-print-directory test BUILD=build-asan BUILD_TYPE=Debug CMAKE_FLAGS="-DTP_SANITIZE=ON"

format:
	clang-format -i $(FORMAT_FILES)

format-check: setup
	clang-format --dry-run --Werror $(FORMAT_FILES)

build-fuzz/build.ninja:
	@bash scripts/setup.sh
	CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTP_FUZZ=ON -DTP_TESTS=OFF

fuzz-build: setup build-fuzz/build.ninja
	cmake --build build-fuzz -j $(JOBS) --target fuzz_native fuzz_threagile fuzz_yaml_json fuzz_api_request fuzz_cvss

fuzz: fuzz-build
	bash fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

fuzz-smoke: fuzz-build
	bash fuzz/run.sh build-fuzz 20

bench: setup
	@$(MAKE) --no-print-directory build BUILD=build-bench BUILD_TYPE=Release CMAKE_FLAGS="-DTP_BENCH=ON -DTP_TESTS=OFF"
	bash bench/run.sh build-bench

check: test asan format-check fuzz-smoke
	@echo "check: all passed"

clean:
	rm -rf build build-asan build-fuzz build-bench out var
