/* Hops per second of the KMC engine on fcc 32^3 (131072 sites) with 5%
 * vacancies, one replica on one core, ordered lattice and Gaussian
 * disorder (and 16^3, 8^3 for the cache effect); then the high-statistics correlation factors of
 * vacancy diffusion on every built-in lattice (not run as tests). usage: bench_kmc_hops [hops]
 * [f-hops] */
#include "haven/kmc.h"
#include "kmc/engine.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int speed(const char *label, double sigma_E, long hops, int cells)
{
    haven_kmc_lattice *L;
    int c[3] = {cells, cells, cells};
    if (haven_kmc_lattice_builtin("fcc", c, 3e-10, &L) != HAVEN_OK)
        return 1;
    haven_kmc_params p;
    haven_kmc_params_init(&p);
    p.seed = 1;
    p.species[0].fraction = 0.95;
    p.n_replicas = 1;
    p.n_blocks = 2;
    p.hops = hops;
    p.equil_hops = HAVEN_KMC_EQUIL_NONE;
    p.disorder = sigma_E > 0 ? HAVEN_KMC_DISORDER_GAUSSIAN : HAVEN_KMC_DISORDER_NONE;
    p.disorder_width = sigma_E * HAVEN_EV;
    haven_kmc_result r;
    /* CPU time as well as wall time: the machine may be shared. */
    clock_t c0 = clock();
    if (haven_kmc_run(L, &p, &r) != HAVEN_OK) {
        fprintf(stderr, "%s\n", haven_last_error());
        return 1;
    }
    double cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
    /* The replica's memory: what the hop loop can touch. */
    kmc_state s;
    if (kmc_state_init(&s, L, &p, p.seed) != HAVEN_OK)
        return 1;
    double mb = (double)kmc_state_bytes(&s) / 1e6;
    kmc_state_free(&s);
    printf("fcc %d^3, 5%% vacancies, %-18s %.3g hops, wall %.2f s: %.3g hops/s; "
           "CPU %.2f s: %.3g hops/CPU-s (incl. set-up); state %.1f MB\n",
           cells, label, r.jumps, r.elapsed, r.jumps / r.elapsed, cpu, r.jumps / cpu, mb);
    haven_kmc_lattice_free(L);
    return 0;
}

static const struct {
    const char *name;
    int cells;
    double f;
} known[] = {{"sc", 10, 0.65311},       {"bcc", 8, 0.72722},     {"fcc", 6, 0.78146},
             {"diamond", 6, 0.5},       {"square", 32, 0.46694}, {"triangular", 32, 0.56006},
             {"honeycomb", 24, 1.0 / 3}};

static int correlation(long hops)
{
    for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
        haven_kmc_lattice *L;
        int c[3] = {known[i].cells, known[i].cells, known[i].cells};
        if (haven_kmc_lattice_builtin(known[i].name, c, 3e-10, &L) != HAVEN_OK)
            return 1;
        haven_kmc_params p;
        haven_kmc_params_init(&p);
        p.seed = 1;
        double n = (double)haven_kmc_lattice_n_sites(L);
        p.species[0].fraction = (n - 1) / n;
        p.hops = hops;
        p.n_replicas = 8;
        haven_kmc_result r;
        if (haven_kmc_run(L, &p, &r) != HAVEN_OK)
            return 1;
        printf("%-10s %6.0f sites  f(cos) = %.5f +- %.5f  f(MSD) = %.4f +- %.4f  known %.5f\n",
               known[i].name, n, r.correlation_cos.value, r.correlation_cos.err,
               r.correlation.value, r.correlation.err, known[i].f);
        haven_kmc_lattice_free(L);
    }
    return 0;
}

int main(int argc, char **argv)
{
    long hops = argc > 1 ? atol(argv[1]) : 20000000;
    long fhops = argc > 2 ? atol(argv[2]) : 5000000;
    /* The case first; smaller cells show the cache effect. */
    if (speed("ordered:", 0, hops, 32) || speed("gaussian 0.05 eV:", 0.05, hops, 32) ||
        speed("ordered:", 0, hops, 16) || speed("ordered:", 0, hops, 8))
        return 1;
    return fhops > 0 ? correlation(fhops) : 0;
}
