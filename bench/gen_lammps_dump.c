/* Writes a synthetic LAMMPS `dump custom` text file for the diffusion
 * benchmarks: N non-interacting Gaussian random walkers in an orthogonal
 * 30 A box, odd ids type 1 (fast), even ids type 2 (half the step), one
 * frame every 100 MD steps (ITEM: TIMESTEP 0, 100, 200, ...). Coordinates
 * are printed with %g, LAMMPS's default float format.
 *
 * With the default `--timestep 1` (fs) the frame interval is 0.1 ps and
 * the true tracer coefficients are D = s^2 / (2 dt) with the per-component
 * step s: type 1 s = 0.3 A -> 4.5e-5 cm^2/s, type 2 s = 0.15 A ->
 * 1.125e-5 cm^2/s.
 *
 * usage: bench_gen_lammps_dump N_ATOMS N_FRAMES OUT [wrapped|unwrapped] [SEED]
 *   wrapped   (default) columns id type x y z, positions folded into the box
 *   unwrapped columns id type xu yu zu, continuous paths */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BOX 30.0
#define STEP_FAST 0.3 /* A per frame and component */
#define STRIDE 100    /* MD steps per frame */

static double fold(double x)
{
    double w = fmod(x, BOX);
    return w < 0 ? w + BOX : w;
}

static void write_frame(FILE *fp, long frame, size_t n, const double (*pos)[3], int wrapped)
{
    fprintf(fp,
            "ITEM: TIMESTEP\n%ld\nITEM: NUMBER OF ATOMS\n%zu\nITEM: BOX BOUNDS pp pp pp\n"
            "0 %g\n0 %g\n0 %g\nITEM: ATOMS id type %s\n",
            frame * STRIDE, n, BOX, BOX, BOX, wrapped ? "x y z" : "xu yu zu");
    for (size_t i = 0; i < n; i++) {
        const double *r = pos[i];
        if (wrapped)
            fprintf(fp, "%zu %zu %g %g %g\n", i + 1, 1 + i % 2, fold(r[0]), fold(r[1]), fold(r[2]));
        else
            fprintf(fp, "%zu %zu %g %g %g\n", i + 1, 1 + i % 2, r[0], r[1], r[2]);
    }
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s N_ATOMS N_FRAMES OUT [wrapped|unwrapped] [SEED]\n", argv[0]);
        return 2;
    }
    size_t n = strtoul(argv[1], NULL, 10);
    long T = strtol(argv[2], NULL, 10);
    int wrapped = argc < 5 || strcmp(argv[4], "unwrapped") != 0;
    unsigned long seed = argc > 5 ? strtoul(argv[5], NULL, 10) : 1;
    FILE *fp = fopen(argv[3], "w");
    double(*pos)[3] = calloc(n ? n : 1, sizeof *pos);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!fp || !pos || !rng || n == 0 || T < 1) {
        fprintf(stderr, "cannot write %s (or bad sizes)\n", argv[3]);
        return 1;
    }
    gsl_rng_set(rng, seed);
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < 3; k++)
            pos[i][k] = BOX * gsl_rng_uniform(rng);
    for (long f = 0; f < T; f++) {
        if (f > 0)
            for (size_t i = 0; i < n; i++)
                for (int k = 0; k < 3; k++)
                    pos[i][k] += gsl_ran_gaussian_ziggurat(rng, STEP_FAST) * (i % 2 ? 0.5 : 1.0);
        write_frame(fp, f, n, (const double(*)[3])pos, wrapped);
    }
    gsl_rng_free(rng);
    free(pos);
    if (fclose(fp) != 0) {
        fprintf(stderr, "error writing %s\n", argv[3]);
        return 1;
    }
    return 0;
}
