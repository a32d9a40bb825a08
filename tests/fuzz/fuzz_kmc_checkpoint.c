/* Fuzz target for KMC checkpoints: the input is replica 0's checkpoint of a
 * small run (sc 4x4x4, Gaussian disorder, interaction; the seeds are such
 * checkpoints part way), resumed for one more block. With FUZZ_WRITE_SEED
 * set in the environment the target first writes a genuine checkpoint of
 * that run, after one block, to that path (how the seed was made). */
#include "fuzz_file.h"
#include "fuzz_kmc.h"

#include <stdint.h>

static haven_kmc_params checkpoint_params(const char *prefix)
{
    haven_kmc_params p = fuzz_kmc_params();
    p.disorder = HAVEN_KMC_DISORDER_GAUSSIAN;
    p.disorder_width = 0.02 * HAVEN_EV;
    p.interaction = 0.01 * HAVEN_EV;
    p.checkpoint = prefix;
    p.max_blocks = 1;
    return p;
}

static haven_kmc_lattice *lattice(void)
{
    static haven_kmc_lattice *L;
    if (!L && haven_kmc_lattice_builtin("sc", (const int[3]){4, 4, 4}, 3e-10, &L) != HAVEN_OK)
        abort();
    return L;
}

static void write_seed(const char *out)
{
    char prefix[512], path[530];
    snprintf(prefix, sizeof prefix, "%s/seed", fuzz_dir());
    snprintf(path, sizeof path, "%s.0", prefix);
    remove(path);
    haven_kmc_params p = checkpoint_params(prefix);
    haven_kmc_result r;
    (void)haven_kmc_run(lattice(), &p, &r); /* stops after one block */
    if (rename(path, out) != 0) {
        char cmd[1200];
        snprintf(cmd, sizeof cmd, "cp '%s' '%s'", path, out);
        if (system(cmd) != 0)
            abort();
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *seed = getenv("FUZZ_WRITE_SEED");
    if (seed && *seed)
        write_seed(seed);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_named_file("ckpt.0", data, size);
    char prefix[512];
    snprintf(prefix, sizeof prefix, "%s/ckpt", fuzz_dir());
    haven_kmc_params p = checkpoint_params(prefix);
    haven_kmc_result r;
    (void)haven_kmc_run(lattice(), &p, &r);
    return 0;
}
