/* Green-Kubo conductivity from the charge-current autocorrelation. */
#include "haven/transport.h"

#include "core/error.h"
#include "msd/xcorr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define Z95 1.959963984540054
#define DECAYED 0.02
#define MIN_LAG1 0.5

/* acf[m] = <J(t) . J(t+m)> over origins, m < n_out, via the zero-padded
 * FFT correlation of the MSD module. J is frame-major (J[t * 3 + k]). */
static haven_status current_acf(const double *J, size_t T, size_t n_out, double *acf)
{
    haven_xcorr_plan *plan = haven_xcorr_plan_create(T);
    haven_xcorr_work *w = plan ? haven_xcorr_work_create(plan) : NULL;
    double *x = malloc(3 * T * sizeof *x);
    haven_status s = HAVEN_OK;
    if (!plan || !w || !x) {
        s = haven_fail(HAVEN_ERR_NOMEM, "out of memory for the current autocorrelation");
    } else {
        for (size_t t = 0; t < T; t++)
            for (size_t k = 0; k < 3; k++)
                x[k * T + t] = J[t * 3 + k];
        haven_xcorr_autocorr(w, x, acf, n_out);
    }
    free(x);
    haven_xcorr_work_free(w);
    haven_xcorr_plan_free(plan);
    return s;
}

static void running_integral(const double *acf, size_t n, double dt, double scale, double *out)
{
    double s = 0;
    out[0] = 0;
    for (size_t k = 1; k < n; k++) {
        s += 0.5 * (acf[k - 1] + acf[k]) * dt;
        out[k] = s * scale;
    }
}

/* First m with |acf| <= DECAYED acf[0] over [m, 2m]; 0 if none. */
static size_t plateau_start(const double *acf, size_t n)
{
    for (size_t m = 1; 2 * m < n; m++) {
        size_t k = m;
        while (k <= 2 * m && fabs(acf[k]) <= DECAYED * acf[0])
            k++;
        if (k > 2 * m)
            return m;
    }
    return 0;
}

static double window_mean(const double *run, size_t m)
{
    double s = 0;
    for (size_t k = m; k <= 2 * m; k++)
        s += run[k];
    return s / (double)(m + 1);
}

/* Spread of the plateau estimate over independent blocks of the run. */
static haven_status block_error(const double *J, size_t T, size_t m, double dt, double scale,
                                haven_green_kubo *g)
{
    size_t nb = 8;
    while (nb > 4 && T / nb < 8 * m)
        nb--;
    if (T / nb < 8 * m) {
        g->sigma.err = NAN;
        snprintf(g->note, sizeof g->note, "run too short for a block error (plateau at %zu frames)",
                 m);
        return HAVEN_OK;
    }
    size_t L = T / nb;
    double *acf = malloc((2 * m + 1) * sizeof *acf), *run = malloc((2 * m + 1) * sizeof *run);
    double s = 0, s2 = 0;
    haven_status st = (acf && run) ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t b = 0; b < nb && st == HAVEN_OK; b++) {
        st = current_acf(J + b * L * 3, L, 2 * m + 1, acf);
        running_integral(acf, 2 * m + 1, dt, scale, run);
        double v = window_mean(run, m);
        s += v;
        s2 += v * v;
    }
    free(acf);
    free(run);
    double mean = s / (double)nb;
    g->n_blocks = nb;
    g->sigma.err = sqrt(fmax(0, (s2 / (double)nb - mean * mean) / (double)(nb - 1)));
    return st;
}

static haven_status analyse(const double *J, size_t T, double dt, double scale, haven_green_kubo *g)
{
    size_t n = T / 2;
    double *acf = malloc(n * sizeof *acf);
    g->running = malloc(n * sizeof *g->running);
    if (!acf || !g->running) {
        free(acf);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    g->n_running = n;
    haven_status s = current_acf(J, T, n, acf);
    if (s == HAVEN_OK) {
        running_integral(acf, n, dt, scale, g->running);
        g->acf_lag1 = acf[1] / acf[0];
        size_t m = plateau_start(acf, n);
        if (g->acf_lag1 < MIN_LAG1) {
            snprintf(g->note, sizeof g->note,
                     "frames %.3g fs apart are too sparse to resolve the current "
                     "autocorrelation (C(dt)/C(0) = %.2f): save velocities more often",
                     dt * 1e15, g->acf_lag1);
        } else if (m == 0) {
            snprintf(g->note, sizeof g->note,
                     "the current autocorrelation does not decay within half the run");
        } else {
            g->ok = 1;
            g->plateau_start = (double)m * dt;
            g->plateau_end = (double)(2 * m) * dt;
            g->sigma.value = window_mean(g->running, m);
            s = block_error(J, T, m, dt, scale, g);
            g->sigma.lo = g->sigma.value - Z95 * g->sigma.err;
            g->sigma.hi = g->sigma.value + Z95 * g->sigma.err;
        }
    }
    free(acf);
    return s;
}

haven_status haven_green_kubo_compute(const double *vel_sums, size_t n_frames, size_t n_groups,
                                      const double *charge, double dt, double volume,
                                      double temperature, haven_green_kubo *out)
{
    memset(out, 0, sizeof *out);
    if (n_frames < 8)
        return haven_fail(HAVEN_ERR_DATA, "Green-Kubo needs at least 8 frames with velocities");
    if (!(volume > 0) || !(temperature > 0) || !(dt > 0))
        return haven_fail(HAVEN_ERR_ARG, "Green-Kubo needs positive volume, T and dt");
    double *J = calloc(n_frames * 3, sizeof *J);
    if (!J)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t t = 0; t < n_frames; t++)
        for (size_t g = 0; g < n_groups; g++)
            for (int k = 0; k < 3; k++)
                J[t * 3 + (size_t)k] += charge[g] * vel_sums[(t * n_groups + g) * 3 + (size_t)k];
    double scale = HAVEN_E_CHARGE * HAVEN_E_CHARGE / (3.0 * volume * HAVEN_KB * temperature);
    haven_status s = analyse(J, n_frames, dt, scale, out);
    free(J);
    if (s != HAVEN_OK)
        haven_green_kubo_clear(out);
    return s;
}

void haven_green_kubo_clear(haven_green_kubo *g)
{
    if (!g)
        return;
    free(g->running);
    memset(g, 0, sizeof *g);
}
