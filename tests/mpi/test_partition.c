/* MPI partition (haven/mpi.h), run as `mpirun -np 2 test_mpi_partition`:
 * every rank computes the serial answer itself and the distributed one
 * with the others, and they must agree:
 *  - KMC: replicas over the ranks, bit for bit the serial result (each
 *    replica's outputs travel unchanged: its owner's value plus zeros);
 *  - MSD: each rank's store holds its atoms only; the tracer, window,
 *    block and collective sums added over the ranks give the serial MSDs to
 *    1e-12 relative (the same terms added in another order: ~1e-16 each);
 *  - haven_partition_atoms covers 0..n-1 once. */
#include "haven/kmc.h"
#include "haven/mpi.h"
#include "haven/msd.h"

#include "mpi_check.h"
#include "walkers.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_atoms(const haven_partition *p)
{
    for (size_t n = 1; n < 50; n++) {
        size_t a0, a1, lo = n, hi = 0, total = 0;
        haven_partition q = *p;
        for (q.rank = 0; q.rank < p->size; q.rank++) {
            haven_partition_atoms(&q, n, &a0, &a1);
            if (a1 > a0) {
                lo = a0 < lo ? a0 : lo;
                hi = a1 > hi ? a1 : hi;
            }
            total += a1 - a0;
        }
        CHECK(lo == 0 && hi == n && total == n, "n %zu: atoms %zu..%zu, %zu in all", n, lo, hi,
              total);
    }
}

static void test_kmc(const haven_partition *part)
{
    haven_kmc_lattice *L;
    int cells[3] = {4, 4, 4};
    CHECK(haven_kmc_lattice_builtin("fcc", cells, 2.5e-10, &L) == HAVEN_OK, "lattice");
    haven_kmc_params p;
    haven_kmc_params_init(&p);
    p.seed = 1;
    p.n_replicas = 5; /* not a multiple of 2: rank 0 runs three */
    p.hops = 20000;
    p.equil_hops = 2000;
    p.n_blocks = 4;
    p.n_windows = 4;
    p.disorder = HAVEN_KMC_DISORDER_GAUSSIAN;
    p.disorder_width = 0.02 * 1.602176634e-19;
    haven_kmc_result serial, dist;
    CHECK(haven_kmc_run(L, &p, &serial) == HAVEN_OK, "serial: %s", haven_last_error());
    p.partition = part;
    CHECK(haven_kmc_run(L, &p, &dist) == HAVEN_OK, "distributed: %s", haven_last_error());
    serial.elapsed = dist.elapsed = 0;
    CHECK(memcmp(&serial, &dist, sizeof serial) == 0,
          "KMC over %d ranks differs from serial: D* %.17g vs %.17g", part->size,
          serial.D[0].value, dist.D[0].value);
    CHECK(serial.n_units == 5 && serial.jumps > 0, "units %d, jumps %g", serial.n_units,
          serial.jumps);
    haven_kmc_lattice_free(L);
}

/* Store of atoms [a0, a1) of full (read back path by path). */
static haven_store *sub_store(haven_store *full, size_t a0, size_t a1)
{
    size_t T = haven_store_n_frames(full), n = a1 - a0;
    double *paths = malloc(n * 3 * T * sizeof *paths), (*frame)[3] = malloc(n * sizeof *frame);
    haven_store *s = NULL;
    if (paths && frame && haven_store_read_atoms(full, a0, a1, paths) == HAVEN_OK &&
        haven_store_create(n, 0, NULL, &s) == HAVEN_OK) {
        for (size_t t = 0; t < T; t++) {
            for (size_t i = 0; i < n; i++)
                for (int k = 0; k < 3; k++)
                    frame[i][k] = paths[(i * 3 + (size_t)k) * T + t];
            haven_store_append(s, (const double(*)[3])frame);
        }
        haven_store_finish(s);
    }
    free(paths);
    free(frame);
    return s;
}

static int close_rel(double a, double b)
{
    return fabs(a - b) <= 1e-12 * fmax(fabs(a), fabs(b)) + 1e-300;
}

static void compare_msd(const haven_msd *a, const haven_msd *b, size_t g)
{
    CHECK(a->n_atoms == b->n_atoms, "group %zu: %zu vs %zu atoms", g, a->n_atoms, b->n_atoms);
    /* FFT round-off is relative to the largest value (lag 0 is ~1e-16 of
     * it, not 0): the tolerance is 1e-12 of the curve's maximum. */
    double scale = 0;
    for (size_t t = 0; t < a->n_lags; t++)
        scale = fmax(scale, fabs(a->msd[t]));
    for (size_t t = 0; t < a->n_lags; t++) {
        CHECK(fabs(a->msd[t] - b->msd[t]) <= 1e-12 * scale, "group %zu lag %zu: msd %.17g vs %.17g",
              g, t, a->msd[t], b->msd[t]);
        CHECK(a->n_obs[t] == b->n_obs[t], "n_obs");
        for (int c = 0; c < 6; c++)
            CHECK(fabs(a->tensor[t][c] - b->tensor[t][c]) <= 1e-12 * scale, "tensor");
    }
    const haven_msd_stats *x = &a->stats, *y = &b->stats;
    CHECK(x->n == y->n && x->n_walkers == y->n_walkers, "stats shape");
    for (size_t j = 0; j < x->n; j++)
        CHECK(close_rel(x->mean[j], y->mean[j]) && close_rel(x->var[j], y->var[j]) &&
                  close_rel(x->var_group[j], y->var_group[j]) && close_rel(x->mean4[j], y->mean4[j]),
              "group %zu probe %zu: window statistics differ", g, j);
    CHECK(x->n_blocks == y->n_blocks, "blocks");
    /* Each block's MSD curve (per component) to 1e-12 of its largest value,
     * as above: its lag 0 is FFT round-off, not 0. */
    for (size_t c = 0; x->block_msd && c < x->n_blocks * 3; c++) {
        const double *u = x->block_msd + c * x->block_frames, *v = y->block_msd + c * x->block_frames;
        double top = 0;
        for (size_t t = 0; t < x->block_frames; t++)
            top = fmax(top, fabs(u[t]));
        for (size_t t = 0; t < x->block_frames; t++)
            CHECK(fabs(u[t] - v[t]) <= 1e-12 * top + 1e-300, "block msd %zu lag %zu", c, t);
    }
}

static void test_msd(const haven_partition *part)
{
    const size_t n = 37, T = 300, K = 2;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 7);
    haven_store *full = walkers_store(rng, n, T, 1e-10, 0.5, 0);
    int group[37];
    for (size_t i = 0; i < n; i++)
        group[i] = (int)(i % 3 == 0);
    haven_msd_options opt;
    haven_msd_options_init(&opt);
    opt.collective = 1;
    haven_msd serial[2], dist[2];
    haven_msd_collective cs, cd;
    CHECK(haven_msd_compute(full, group, K, 1e-12, &opt, serial, &cs) == HAVEN_OK, "serial: %s",
          haven_last_error());
    size_t a0, a1;
    haven_partition_atoms(part, n, &a0, &a1);
    haven_store *mine = sub_store(full, a0, a1);
    opt.partition = part;
    CHECK(mine && haven_msd_compute(mine, group + a0, K, 1e-12, &opt, dist, &cd) == HAVEN_OK,
          "distributed: %s", haven_last_error());
    for (size_t g = 0; g < K; g++)
        compare_msd(&serial[g], &dist[g], g);
    for (size_t p = 0; p < K * (K + 1) / 2; p++) {
        double scale = 0;
        for (size_t t = 0; t < T; t++)
            for (int c = 0; c < 9; c++)
                scale = fmax(scale, fabs(cs.corr[p][t][c]));
        for (size_t t = 0; t < T; t++)
            for (int c = 0; c < 9; c++)
                CHECK(fabs(cs.corr[p][t][c] - cd.corr[p][t][c]) <= 1e-12 * scale,
                      "collective pair %zu lag %zu: %.17g vs %.17g", p, t, cs.corr[p][t][c],
                      cd.corr[p][t][c]);
    }
    for (size_t g = 0; g < K; g++) {
        haven_msd_clear(&serial[g]);
        haven_msd_clear(&dist[g]);
    }
    haven_msd_collective_clear(&cs);
    haven_msd_collective_clear(&cd);
    haven_store_free(full);
    haven_store_free(mine);
    gsl_rng_free(rng);
}

int main(int argc, char **argv)
{
    int provided;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    haven_partition part;
    if (haven_mpi_partition(MPI_COMM_WORLD, &part) != HAVEN_OK) {
        fprintf(stderr, "%s\n", haven_last_error());
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    if (part.size < 2)
        fprintf(stderr, "note: 1 rank; run under mpirun -np 2 to test the distribution\n");
    test_atoms(&part);
    test_kmc(&part);
    test_msd(&part);
    int all = 0;
    MPI_Allreduce(&failures, &all, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (part.rank == 0)
        printf("%s: %d ranks, %d failures\n", all ? "FAIL" : "ok", part.size, all);
    MPI_Finalize();
    return all != 0;
}
