#!/usr/bin/env bash
# `cmake --install` gives a usable library: a consumer builds and runs through
# pkg-config, through find_package(haven) with the shared library, and with
# the static one. (Skipped in the sanitizer build, whose library needs the
# sanitizer runtime in every consumer.)
set -euo pipefail
build=$(dirname "$1")
if grep -q "HAVEN_SANITIZE:BOOL=ON" "$build/CMakeCache.txt"; then
    echo "sanitizer build: install test skipped"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" > "$tmp/install.log"
cat > "$tmp/use.c" <<'C'
#include <haven/haven.h>
#include <math.h>
#include <stdio.h>
int main(void)
{
    double m = haven_element_mass("Li");
    printf("haven %s\n", haven_version());
    /* The analysis API (haven/analysis.h) and the exported pair index. */
    haven_analysis_options o;
    haven_analysis_options_init(&o);
    o.charges = "Li=1,Cl=-1";
    if (haven_analysis_check(HAVEN_JOB_ANALYZE, 1, &o) != HAVEN_OK || haven_pair_index(1, 0, 2) != 1)
        return 1;
    return fabs(m / (6.94 * HAVEN_AMU) - 1) < 1e-12 ? 0 : 1;
}
C
export PKG_CONFIG_PATH=$tmp/prefix/lib/pkgconfig
cc "$tmp/use.c" $(pkg-config --cflags haven) $(pkg-config --libs haven) -lm \
    -Wl,-rpath,"$tmp/prefix/lib" -o "$tmp/use_pc"
"$tmp/use_pc"
for lib in haven haven_static; do
    mkdir -p "$tmp/$lib"
    cat > "$tmp/$lib/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.16)
project(use C)
find_package(haven REQUIRED)
add_executable(use $tmp/use.c)
target_link_libraries(use PRIVATE haven::$lib m)
CM
    cmake -S "$tmp/$lib" -B "$tmp/$lib/b" -DCMAKE_PREFIX_PATH="$tmp/prefix" > "$tmp/$lib.log"
    cmake --build "$tmp/$lib/b" >> "$tmp/$lib.log"
    "$tmp/$lib/b/use"
done
# The Python package finds the installed library through the loader's path
# (no HAVEN_LIBRARY), when Debian's python3 with numpy is there.
if /usr/bin/python3 -c "import numpy" 2> /dev/null; then
    src=$(cd "$(dirname "$0")/../.." && pwd)
    env -u HAVEN_LIBRARY LD_LIBRARY_PATH="$tmp/prefix/lib" PYTHONPATH="$src/python" \
        PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -c \
        "import haven, sys; sys.exit(0 if haven.library_path.endswith('libhaven.so.0.2') else 1)"
fi
echo "install: pkg-config, find_package shared and static, python all work"
