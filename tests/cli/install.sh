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
# Consumers are built with the library's compiler: a static libhaven made by
# clang calls LLVM's OpenMP runtime (libomp), which gcc's -fopenmp (libgomp)
# does not provide.
CC=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
CC=${CC:-cc}
cmake --install "$build" --prefix "$tmp/prefix" > "$tmp/install.log"
# A CIF: read through the CIF module (lib/haven/haven_cif.so), which the
# library loads on first use, so consumers link neither libcif nor ICU.
cat > "$tmp/rock.cif" <<'CIF'
data_rocksalt
_cell_length_a 4
_cell_length_b 4
_cell_length_c 4
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90
loop_
_symmetry_equiv_pos_as_xyz
'x, y, z'
'x+1/2, y+1/2, z'
'x+1/2, y, z+1/2'
'x, y+1/2, z+1/2'
loop_
_atom_site_label
_atom_site_type_symbol
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
Na1 Na 0 0 0
Cl1 Cl 0.5 0.5 0.5
CIF
cat > "$tmp/use.c" <<C
#include <haven/haven.h>
#include <math.h>
#include <stdio.h>
int main(void)
{
    /* F-centred: the 4 operations give 4 Na sites of one type. */
    haven_site_set s;
    if (haven_sites_from_structure("$tmp/rock.cif", "Na", HAVEN_SITE_TYPES_LABEL, 0, &s) != HAVEN_OK) {
        fprintf(stderr, "%s\n", haven_last_error());
        return 1;
    }
    int sites_ok = s.n_sites == 4 && s.n_types == 1;
    haven_site_set_clear(&s);
    if (!sites_ok)
        return 1;
    double m = haven_element_mass("Li");
    printf("haven %s\n", haven_version());
    /* The analysis API (haven/analysis.h) and the exported pair index. */
    haven_analysis_options o;
    haven_analysis_options_init(&o);
    o.charges = "Li=1,Cl=-1";
    if (haven_analysis_check(HAVEN_JOB_ANALYZE, 1, &o) != HAVEN_OK || haven_pair_index(1, 0, 2) != 1)
        return 1;
    /* The EIS batch (haven/eis.h): options checked before any file is read. */
    haven_eis_job_options b;
    haven_eis_job_options_init(&b);
    haven_eis_batch_result r;
    const char *files[1] = {"none.csv"};
    double T = 300;
    if (haven_eis_batch(files, &T, 1, "R0-p(R1,C1)", &b, &r) != HAVEN_ERR_ARG)
        return 1;
    return fabs(m / (6.94 * HAVEN_AMU) - 1) < 1e-12 ? 0 : 1;
}
C
export PKG_CONFIG_PATH=$tmp/prefix/lib/pkgconfig
"$CC" "$tmp/use.c" $(pkg-config --cflags haven) $(pkg-config --libs haven) -lm \
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
    cmake -S "$tmp/$lib" -B "$tmp/$lib/b" -DCMAKE_PREFIX_PATH="$tmp/prefix" -DCMAKE_C_COMPILER="$CC" \
        > "$tmp/$lib.log"
    cmake --build "$tmp/$lib/b" >> "$tmp/$lib.log"
    # A static program finds the modules only in the install folder named at
    # configure time (not this temporary prefix) or through HAVEN_PLUGIN_DIR.
    if [ $lib = haven_static ]; then
        HAVEN_PLUGIN_DIR="$tmp/prefix/lib/haven" "$tmp/$lib/b/use"
    else
        "$tmp/$lib/b/use"
    fi
done
# The Python package finds the installed library through the loader's path
# (no HAVEN_LIBRARY), when Debian's python3 with numpy is there.
if /usr/bin/python3 -c "import numpy" 2> /dev/null; then
    src=$(cd "$(dirname "$0")/../.." && pwd)
    env -u HAVEN_LIBRARY LD_LIBRARY_PATH="$tmp/prefix/lib" PYTHONPATH="$src/python" \
        PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -c \
        "import haven, sys; sys.exit(0 if haven.library_path.endswith('libhaven.so.0.5') else 1)"
fi
# The installed CLI, run from $PATH, finds the CIF module under lib/haven;
# without it, the error names the module (unless one is installed system-wide).
PATH="$tmp/prefix/bin:$PATH" haven sites "$tmp/rock.cif" --from-structure --mixing Na,Cl --json \
    > "$tmp/mix.json"
grep -q '"from": *"structure"' "$tmp/mix.json"
rm "$tmp/prefix/lib/haven/haven_cif.so"
if [ ! -e /usr/local/lib/haven/haven_cif.so ]; then
    if PATH="$tmp/prefix/bin:$PATH" haven sites "$tmp/rock.cif" --from-structure --mixing Na,Cl \
        > /dev/null 2> "$tmp/err"; then
        echo "a CIF read without the CIF module" >&2
        exit 1
    fi
    grep -q "CIF module haven_cif.so, which did not load" "$tmp/err"
fi
echo "install: pkg-config, find_package shared and static, python, CIF module all work"
