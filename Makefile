# Thin wrapper over CMake so the README's two commands stay short.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DHAVEN_WERROR=ON

.PHONY: all deps build test test-asan test-tsan test-clang test-mpi test-mpich fuzz-smoke demo install python-install python-bundle clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: deps build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan: deps
	cmake -S . -B build-asan -DHAVEN_WERROR=ON -DHAVEN_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	cmake --build build-asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	    ctest --test-dir build-asan --output-on-failure -j $(JOBS)

# ThreadSanitizer on the concurrency stress test (8 threads: every reader,
# MSD, D* fits, KWW and circuit fits, KMC) and the core tests; the whole
# suite under TSan would take too long for CI. OpenMP stays at one thread:
# libgomp is not instrumented, so its barriers would show as false races;
# the threads under test are the caller's own.
TSAN_TESTS ?= ^core_
test-tsan: deps
	cmake -S . -B build-tsan -DHAVEN_WERROR=ON -DHAVEN_TSAN=ON -DCMAKE_BUILD_TYPE=Debug
	cmake --build build-tsan -j $(JOBS) --target core_test_threads core_test_core
	OMP_NUM_THREADS=1 TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
	    ctest --test-dir build-tsan --output-on-failure -R '$(TSAN_TESTS)'

# The same suite built with clang (another compiler's warnings and
# <complex.h>), in its own build folder.
test-clang: deps
	cmake -S . -B build-clang -DHAVEN_WERROR=ON -DCMAKE_C_COMPILER=clang
	cmake --build build-clang -j $(JOBS)
	ctest --test-dir build-clang --output-on-failure -j $(JOBS)

# The MPI build (-DHAVEN_MPI=ON: Open MPI or MPICH) in build-mpi, and the
# tests that run it on 2 ranks (tests/mpi; the rest of the suite is the
# default build's code).
test-mpi: deps
	cmake -S . -B build-mpi -DHAVEN_WERROR=ON -DHAVEN_MPI=ON
	cmake --build build-mpi -j $(JOBS)
	ctest --test-dir build-mpi --output-on-failure -R '^mpi_'

# The same MPI tests against MPICH (Debian's libmpich-dev next to Open MPI,
# whose mpicc/mpirun stay the default): its compiler wrapper and launcher
# named explicitly, in build-mpich. Debian's parallel HDF5 is built on Open
# MPI only, so this build reads H5MD with the serial HDF5 (configure says so;
# mpi_test_load and mpi_cli_h5md check it).
test-mpich: deps
	cmake -S . -B build-mpich -DHAVEN_WERROR=ON -DHAVEN_MPI=ON -DMPI_C_COMPILER=mpicc.mpich \
	    -DMPIEXEC_EXECUTABLE=$$(command -v mpirun.mpich)
	cmake --build build-mpich -j $(JOBS) --target haven_cli mpi_test_partition mpi_test_load \
	    mpi_write_h5md
	ctest --test-dir build-mpich --output-on-failure -R '^mpi_'

# libFuzzer targets (clang) built into build-fuzz, a few seconds each.
fuzz-smoke: deps
	JOBS=$(JOBS) bash tests/fuzz/smoke.sh

demo: deps build
	@bash examples/demo.sh $(BUILD)/haven

install: build
	cmake --install $(BUILD)

# The Python package (python/, import haven) over the installed libhaven,
# offline with Debian's python3, numpy and setuptools. Debian's system python
# refuses pip installs (PEP 668): use a virtual environment made with
# --system-site-packages (for Debian's numpy), or PIP_FLAGS=--break-system-packages.
PYTHON ?= /usr/bin/python3
PIP_FLAGS ?=
python-install: install
	$(PYTHON) -m pip install --no-build-isolation --no-index $(PIP_FLAGS) ./python

# The same with this build's libhaven (and its reader module) copied into the
# package (found there before any installed one).
python-bundle: build
	cp -L $(BUILD)/libhaven.so python/haven/libhaven.so.0.2
	cp $(BUILD)/haven_formats.so python/haven/  # the vasprun/H5MD reader module, found next to it
	$(PYTHON) -m pip install --no-build-isolation --no-index $(PIP_FLAGS) ./python
	rm -f python/haven/libhaven.so.0.2 python/haven/haven_formats.so

clean:
	rm -rf $(BUILD) build-asan build-tsan build-clang build-mpi build-mpich build-fuzz
