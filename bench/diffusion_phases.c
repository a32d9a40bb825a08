/* The `haven diffusion` pipeline, timed phase by phase: read + unwrap into
 * the store (haven_load), all-origin MSD (haven_msd_compute), GLS fit per
 * species (haven_diffusion_fit). Same library calls and defaults as the CLI
 * (system drift removed, MSD block budget = max_memory / 4), so the sum of
 * the phases is the CLI's run time less start-up and printing. Prints wall
 * and CPU seconds per phase, the peak RSS, whether the store spilled to a
 * scratch file, and D per species.
 *
 * usage: bench_diffusion_phases FILE [MAX_MEMORY_MB] [fft|direct]
 *   (types 1=Li,2=Cl, timestep 1 fs: the files of bench_gen_lammps_dump) */
#include "haven/diffusion.h"
#include "haven/msd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct {
    double wall, cpu;
} stamp;

static stamp stamp_now(void)
{
    return (stamp){clock_s(CLOCK_MONOTONIC), clock_s(CLOCK_PROCESS_CPUTIME_ID)};
}

static void report_phase(const char *name, stamp *since)
{
    stamp s = stamp_now();
    printf("%-6s wall %8.3f s  cpu %8.3f s\n", name, s.wall - since->wall, s.cpu - since->cpu);
    *since = s;
}

static int fail(const char *what)
{
    fprintf(stderr, "%s: %s\n", what, haven_last_error());
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE [MAX_MEMORY_MB] [fft|direct]\n", argv[0]);
        return 2;
    }
    size_t max_bytes = argc > 2 ? (size_t)(atof(argv[2]) * 1048576.0) : 0;
    int direct = argc > 3 && !strcmp(argv[3], "direct");
    haven_traj_options to;
    haven_traj_options_init(&to);
    to.types = "1=Li,2=Cl";
    to.timestep_fs = 1;
    haven_traj *t;
    stamp s0 = stamp_now(), s = s0;
    if (haven_traj_open(argv[1], &to, &t) != HAVEN_OK)
        return fail("open");
    haven_load_options lo;
    haven_load_options_init(&lo);
    lo.max_bytes = max_bytes;
    haven_store *store;
    haven_load_info info;
    if (haven_load(t, &lo, &store, &info) != HAVEN_OK)
        return fail("load");
    report_phase("read", &s);

    size_t n = haven_traj_n_atoms(t), K = haven_traj_n_species(t);
    int *group = malloc(n * sizeof *group);
    haven_msd *m = calloc(K, sizeof *m);
    if (!group || !m)
        return fprintf(stderr, "out of memory\n"), 1;
    for (size_t i = 0; i < n; i++)
        group[i] = haven_traj_atom_species(t, i);
    haven_msd_options mo;
    haven_msd_options_init(&mo);
    mo.method = direct ? HAVEN_MSD_DIRECT : HAVEN_MSD_FFT;
    mo.max_bytes = max_bytes / 4;
    if (haven_msd_compute(store, group, K, info.frame_interval, &mo, m, NULL) != HAVEN_OK)
        return fail("msd");
    report_phase("msd", &s);

    haven_dfit_options fo;
    haven_dfit_options_init(&fo);
    haven_dfit_result *fit = calloc(K, sizeof *fit);
    for (size_t g = 0; fit && g < K; g++)
        if (haven_diffusion_fit(m[g].msd, m[g].n_lags, m[g].dt, (double)m[g].n_atoms, 3, &fo,
                                &fit[g]) != HAVEN_OK)
            return fail("fit");
    report_phase("fit", &s);
    report_phase("total", &s0);

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("frames %zu  atoms %zu  spilled %d  peak_rss %.1f MiB\n", info.n_frames, n,
           haven_store_spilled(store), (double)ru.ru_maxrss / 1024.0);
    for (size_t g = 0; fit && g < K; g++)
        printf("D[%s] = %.6e +- %.2e cm^2/s\n", haven_traj_species_name(t, g), fit[g].D.value * 1e4,
               fit[g].D.err * 1e4);
    for (size_t g = 0; g < K; g++)
        haven_msd_clear(&m[g]);
    free(fit);
    free(m);
    free(group);
    haven_store_free(store);
    haven_load_info_clear(&info);
    haven_traj_free(t);
    return 0;
}
