/* Fuzz target for KMC structure files (POSCAR/CONTCAR or extended XYZ):
 * build the lattice with every atom a site, and again with only "Li" sites
 * repeated 2x1x1; a lattice of at most 512 sites is also run for a few
 * hundred hops. */
#include "fuzz_file.h"
#include "fuzz_kmc.h"

#include <stdint.h>

static void build_and_run(const char *path, const char *label, const int cells[3])
{
    haven_kmc_lattice *L;
    if (haven_kmc_lattice_from_file(path, label, 3e-10, cells, &L) != HAVEN_OK)
        return;
    (void)haven_kmc_lattice_coordination(L);
    (void)haven_kmc_lattice_volume(L);
    if (haven_kmc_lattice_n_sites(L) <= 512) {
        haven_kmc_params p = fuzz_kmc_params();
        haven_kmc_result r;
        (void)haven_kmc_run(L, &p, &r);
    }
    haven_kmc_lattice_free(L);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    build_and_run(path, NULL, (const int[3]){1, 1, 1});
    build_and_run(path, "Li", (const int[3]){2, 1, 1});
    return 0;
}
