#include "dynamics.h"

#include "haven/diffusion.h"

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_bessel.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846

/* Store the frames pos[t][i][3] (m). */
static haven_store *to_store(const double *pos, size_t n, size_t T)
{
    haven_store *s = NULL;
    if (haven_store_create(n, 0, NULL, &s) != HAVEN_OK)
        return NULL;
    for (size_t t = 0; t < T; t++)
        if (haven_store_append(s, (const double(*)[3])(pos + t * n * 3)) != HAVEN_OK) {
            haven_store_free(s);
            return NULL;
        }
    if (haven_store_finish(s) != HAVEN_OK) {
        haven_store_free(s);
        return NULL;
    }
    return s;
}

double dyn_cage_truth(const dyn_cage *p)
{
    double i0 = gsl_sf_bessel_I0(p->barrier_kT);
    return p->D0 / (i0 * i0);
}

/* Euler-Maruyama for dx = -D0 U'(x)/kT dt + sqrt(2 D0 dt) xi per component,
 * U = U0 cos(2 pi x / L): each component diffuses on its own. */
haven_store *dyn_cage_store(gsl_rng *rng, const dyn_cage *p)
{
    size_t n = p->n, T = p->frames;
    double *pos = malloc(n * T * 3 * sizeof *pos);
    if (!pos)
        return NULL;
    double L = p->period, k = 2 * PI / L, h = p->frame_dt / p->substeps;
    double drift = p->D0 * p->barrier_kT * k * h, noise = sqrt(2 * p->D0 * h);
    double x[3];
    for (size_t i = 0; i < n; i++) {
        for (int c = 0; c < 3; c++)
            x[c] = L * gsl_rng_uniform(rng);
        /* equilibrate in the wells for a few barrier crossings */
        for (int s = 0; s < 4 * p->substeps; s++)
            for (int c = 0; c < 3; c++)
                x[c] += drift * sin(k * x[c]) + gsl_ran_gaussian(rng, noise);
        for (size_t t = 0; t < T; t++) {
            if (t > 0)
                for (int s = 0; s < p->substeps; s++)
                    for (int c = 0; c < 3; c++)
                        x[c] += drift * sin(k * x[c]) + gsl_ran_gaussian(rng, noise);
            for (int c = 0; c < 3; c++)
                pos[(t * n + i) * 3 + (size_t)c] = x[c];
        }
    }
    haven_store *s = to_store(pos, n, T);
    free(pos);
    return s;
}

/* Ornstein-Uhlenbeck displacement of one component: unit-lag correlation r. */
static double ou_step(gsl_rng *rng, double u, double sigma, double r)
{
    return r * u + gsl_ran_gaussian(rng, sigma * sqrt(1 - r * r));
}

haven_store *dyn_hop_store(gsl_rng *rng, const dyn_hop *p)
{
    static const int dir[6][3] = {{1, 0, 0},  {-1, 0, 0}, {0, 1, 0},
                                  {0, -1, 0}, {0, 0, 1},  {0, 0, -1}};
    size_t n = p->n, T = p->frames;
    double *pos = malloc(n * T * 3 * sizeof *pos);
    if (!pos)
        return NULL;
    double r = exp(-1.0 / p->vib_frames);
    for (size_t i = 0; i < n; i++) {
        double site[3] = {0, 0, 0}, u[3];
        int last = (int)gsl_rng_uniform_int(rng, 6);
        for (int c = 0; c < 3; c++) {
            site[c] = p->a * (double)gsl_rng_uniform_int(rng, 8);
            u[c] = gsl_ran_gaussian(rng, p->vib);
        }
        for (size_t t = 0; t < T; t++) {
            if (t > 0) {
                unsigned hops = gsl_ran_poisson(rng, p->rate);
                for (unsigned h = 0; h < hops; h++) {
                    int d = gsl_rng_uniform(rng) < p->back ? (last ^ 1)
                                                           : (int)gsl_rng_uniform_int(rng, 6);
                    for (int c = 0; c < 3; c++)
                        site[c] += p->a * dir[d][c];
                    last = d;
                }
                for (int c = 0; c < 3; c++)
                    u[c] = ou_step(rng, u[c], p->vib, r);
            }
            for (int c = 0; c < 3; c++)
                pos[(t * n + i) * 3 + (size_t)c] = site[c] + (p->rigid ? 0 : u[c]);
        }
    }
    haven_store *s = to_store(pos, n, T);
    free(pos);
    return s;
}

double dyn_hop_truth(const dyn_hop *p)
{
    /* Successive jump directions: reverse with probability q, else uniform:
     * <cos> = -q, and <cos theta_(i, i+k)> = (-q)^k, so
     * f = (1 + <cos>) / (1 - <cos>) = (1 - q) / (1 + q). D = f a^2 Gamma / 6. */
    double f = (1 - p->back) / (1 + p->back);
    return f * p->a * p->a * p->rate / (6 * p->frame_dt);
}

haven_store *dyn_framework_store(gsl_rng *rng, const dyn_hop *p)
{
    dyn_hop q = *p;
    q.rate = 0;
    return dyn_hop_store(rng, &q);
}

haven_status dyn_fit(haven_store *s, size_t n, double frame_dt, haven_dfit_result *r)
{
    int *grp = calloc(n, sizeof *grp);
    haven_msd m;
    memset(&m, 0, sizeof m);
    haven_status st =
        grp ? haven_msd_compute(s, grp, 1, frame_dt, NULL, &m, NULL) : HAVEN_ERR_NOMEM;
    if (st == HAVEN_OK) {
        haven_dfit_options o;
        haven_dfit_options_init(&o);
        o.stats = &m.stats;
        st = haven_diffusion_fit(m.msd, m.n_lags, frame_dt, (double)n, 3, &o, r);
    }
    haven_msd_clear(&m);
    free(grp);
    return st;
}

haven_store *dyn_pairs_store(gsl_rng *rng, const dyn_pairs *p)
{
    size_t n = p->n, T = p->frames, np = n / 2;
    double *pos = malloc(n * T * 3 * sizeof *pos), *c = malloc(np * 3 * sizeof *c);
    double *off = malloc(n * 3 * sizeof *off);
    if (!pos || !c || !off) {
        free(pos);
        free(c);
        free(off);
        return NULL;
    }
    for (size_t q = 0; q < np; q++) {
        double u[3];
        gsl_ran_dir_3d(rng, &u[0], &u[1], &u[2]);
        for (int k = 0; k < 3; k++) {
            c[q * 3 + (size_t)k] = 2e-9 * gsl_rng_uniform(rng);
            off[2 * q * 3 + (size_t)k] = 0.5 * p->bond * u[k];
            off[(2 * q + 1) * 3 + (size_t)k] = -0.5 * p->bond * u[k];
        }
    }
    for (size_t t = 0; t < T; t++) {
        for (size_t q = 0; t > 0 && q < np; q++)
            for (int k = 0; k < 3; k++)
                c[q * 3 + (size_t)k] += gsl_ran_gaussian(rng, p->step);
        for (size_t i = 0; i < 2 * np; i++)
            for (int k = 0; k < 3; k++)
                pos[(t * n + i) * 3 + (size_t)k] = c[(i / 2) * 3 + (size_t)k] +
                                                   off[i * 3 + (size_t)k] +
                                                   gsl_ran_gaussian(rng, p->vib);
    }
    haven_store *s = to_store(pos, n, T);
    free(pos);
    free(c);
    free(off);
    return s;
}

double dyn_pairs_truth(const dyn_pairs *p)
{
    return p->step * p->step / (2 * p->frame_dt);
}

haven_store *dyn_fbm_store(gsl_rng *rng, const dyn_fbm *p)
{
    size_t n = p->n, T = p->frames, m = T - 1;
    double *pos = malloc(n * T * 3 * sizeof *pos), *z = malloc(m * sizeof *z);
    gsl_matrix *L = gsl_matrix_alloc(m, m);
    if (!pos || !z || !L) {
        free(pos);
        free(z);
        gsl_matrix_free(L);
        return NULL;
    }
    double h2 = 2 * p->hurst;
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++) {
            double k = fabs((double)i - (double)j);
            double g = 0.5 * (pow(k + 1, h2) - 2 * pow(k, h2) + pow(fabs(k - 1), h2));
            gsl_matrix_set(L, i, j, g * p->step * p->step);
        }
    gsl_linalg_cholesky_decomp1(L);
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < 3; c++) {
            for (size_t t = 0; t < m; t++)
                z[t] = gsl_ran_gaussian(rng, 1.0);
            double x = 2e-9 * gsl_rng_uniform(rng);
            pos[i * 3 + (size_t)c] = x;
            for (size_t t = 0; t < m; t++) {
                double inc = 0;
                for (size_t k = 0; k <= t; k++)
                    inc += gsl_matrix_get(L, t, k) * z[k];
                x += inc;
                pos[((t + 1) * n + i) * 3 + (size_t)c] = x;
            }
        }
    haven_store *s = to_store(pos, n, T);
    free(pos);
    free(z);
    gsl_matrix_free(L);
    return s;
}
