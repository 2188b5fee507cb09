# The two commands of the README, and a few conveniences. CMake builds,
# CTest runs the tests; this file only wraps them.

JOBS ?= $(shell nproc)
PORT ?= 8080
DEMO_DB ?= tessera-demo.db
# make fuzz: how long each target runs, and which (all of tests/fuzz by default).
FUZZ_SECONDS ?= 60
FUZZ_TARGET ?= $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: demo test deps build build-fuzz release clean bench format fuzz

deps:
	@scripts/install-deps

build/test/CMakeCache.txt:
	cmake -S . -B build/test -DCMAKE_BUILD_TYPE=Debug -DTESSERA_SANITIZE=ON

# The libFuzzer targets of tests/fuzz, built by clang with ASan and UBSan
# (the main build stays gcc).
build/fuzz/CMakeCache.txt:
	CC=clang cmake -S . -B build/fuzz -DTESSERA_FUZZ=ON

build/release/CMakeCache.txt:
	cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF

build: deps build/test/CMakeCache.txt
	cmake --build build/test -j $(JOBS)

release: deps build/release/CMakeCache.txt
	cmake --build build/release -j $(JOBS)

build-fuzz: deps build/fuzz/CMakeCache.txt
	cmake --build build/fuzz -j $(JOBS)

# Every test: unit, API and lint (build/test), then each fuzz target over its
# seed corpus plus a fixed number of mutations (build/fuzz, under a minute).
test: build build-fuzz
	ctest --test-dir build/test --output-on-failure -j $(JOBS)
	ctest --test-dir build/fuzz --output-on-failure -j $(JOBS)

# Fuzzes for real: make fuzz [FUZZ_SECONDS=600] [FUZZ_TARGET=request], one
# target after another. New inputs go to build/fuzz/tests/fuzz/work/corpus,
# a crash's input to .../work/artifacts/NAME/ (and the run stops there).
fuzz: build-fuzz
	@for t in $(FUZZ_TARGET); do \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		tests/fuzz/run build/fuzz/tests/fuzz/fuzz_$$t $$t tests/fuzz \
			build/fuzz/tests/fuzz/work time $(FUZZ_SECONDS) || exit 1; \
	done

demo: release
	build/release/tessera demo --db $(DEMO_DB) --reset
	build/release/tessera serve --db $(DEMO_DB) --listen 0.0.0.0:$(PORT)

# The benchmarks of docs/PERFORMANCE.md (several minutes; not part of test).
bench: release
	bench/run-list-bench
	bench/run-orderflow-bench
	bench/run-memory-bench
	bench/run-export-bench
	bench/run-dashboard-bench
	bench/run-page-bench

format:
	clang-format -i $$(git ls-files 'src/*.[ch]' 'tests/*.[ch]')

clean:
	rm -rf build
