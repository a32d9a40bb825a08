/* Fuzz target for KMC site-energy files (eV per site, '#' comments): read
 * 27 values, one per site of a 3x3x3 simple cubic lattice, and run a few
 * hundred hops on that landscape. */
#include "fuzz_file.h"
#include "fuzz_kmc.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static haven_kmc_lattice *L;
    if (!L && haven_kmc_lattice_builtin("sc", (const int[3]){3, 3, 3}, 3e-10, &L) != HAVEN_OK)
        abort();
    const char *path = fuzz_file(data, size);
    double *e;
    if (haven_kmc_read_site_energies(path, 27, &e) != HAVEN_OK)
        return 0;
    haven_kmc_params p = fuzz_kmc_params();
    p.disorder = HAVEN_KMC_DISORDER_TABLE;
    p.site_energies = e;
    haven_kmc_result r;
    (void)haven_kmc_run(L, &p, &r);
    free(e);
    return 0;
}
