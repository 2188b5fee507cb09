# The two commands of the README, and a few conveniences. CMake builds,
# CTest runs the tests; this file only wraps them.

JOBS ?= $(shell nproc)
PORT ?= 8080
DEMO_DB ?= tessera-demo.db

.PHONY: demo test deps build release clean bench format

deps:
	@scripts/install-deps

build/test/CMakeCache.txt:
	cmake -S . -B build/test -DCMAKE_BUILD_TYPE=Debug -DTESSERA_SANITIZE=ON

build/release/CMakeCache.txt:
	cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF

build: deps build/test/CMakeCache.txt
	cmake --build build/test -j $(JOBS)

release: deps build/release/CMakeCache.txt
	cmake --build build/release -j $(JOBS)

test: build
	ctest --test-dir build/test --output-on-failure -j $(JOBS)

demo: release
	build/release/tessera demo --db $(DEMO_DB) --reset
	build/release/tessera serve --db $(DEMO_DB) --listen 0.0.0.0:$(PORT)

# The benchmarks of docs/PERFORMANCE.md (several minutes; not part of test).
bench: release
	bench/run-list-bench
	bench/run-orderflow-bench
	bench/run-memory-bench

format:
	clang-format -i $$(git ls-files 'src/*.[ch]' 'tests/*.[ch]')

clean:
	rm -rf build
