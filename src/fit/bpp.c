/* BPP spin-lattice relaxation: R1 = 1/T1 = sum_k C_k [J(w0) + 4 J(2 w0)],
 * J(w) = tau/(1 + (w tau)^2), tau = tau0 exp(Ea/(kB T)). Fitted on ln R1
 * (R1 spans decades); per process theta = (ln C, ln tau0, Ea in eV). */
#include "haven/fit.h"

#include "core/error.h"
#include "fit/nlfit.h"

#include <math.h>
#include <stdlib.h>

#define BPP_EA_GRID 40
#define BPP_TWO_PI 6.283185307179586
#define BPP_PEAK_X 0.6158 /* w0 tau at the maximum of J(w0) + 4 J(2 w0) */

typedef struct {
    double w0; /* rad/s */
    int np;
} bpp_ctx;

/* With x = w tau: w J = x/(1 + x^2) and w tau dJ/dtau = x (1 - x^2)/(1 + x^2)^2,
 * written with x + 1/x so neither overflows; limits for extreme x. */
static void spectral(double x, double *wj, double *wdj)
{
    if (x < 1e-150 || x > 1e150) {
        *wj = x < 1 ? x : 1.0 / x;
        *wdj = x < 1 ? x : -1.0 / x;
        return;
    }
    double s = x + 1.0 / x, r = (1.0 / x - x) / s; /* (1 - x^2)/(1 + x^2) */
    *wj = 1.0 / s;
    *wdj = r / s;
}

/* S = J(w0) + 4 J(2w0) and tau dS/dtau, for one process. */
static void bpp_term(double w0, double tau, double *S, double *dS)
{
    double a, da, b, db;
    spectral(w0 * tau, &a, &da);
    spectral(2.0 * w0 * tau, &b, &db);
    *S = a / w0 + 4.0 * b / (2.0 * w0);
    *dS = da / w0 + 4.0 * db / (2.0 * w0);
}

static void bpp_eval(double T, const double *th, const void *vctx, double *f, double *grad)
{
    const bpp_ctx *c = vctx;
    double R = 0, S[2], dS[2];
    for (int k = 0; k < c->np; k++) {
        double tau = exp(th[3 * k + 1] + th[3 * k + 2] / (HAVEN_KB_EV * T));
        bpp_term(c->w0, tau, &S[k], &dS[k]);
        R += exp(th[3 * k]) * S[k];
    }
    *f = log(R);
    for (int k = 0; k < c->np; k++) {
        double C = exp(th[3 * k]);
        grad[3 * k] = C * S[k] / R;
        grad[3 * k + 1] = C * dS[k] / R;
        grad[3 * k + 2] = C * dS[k] / (R * HAVEN_KB_EV * T);
    }
}

static double sumsq(const fit_model *m, const double *T, const double *y, const double *w, size_t n,
                    const double *th)
{
    double s = 0, f, g[6];
    for (size_t i = 0; i < n; i++) {
        m->eval(T[i], th, m->ctx, &f, g);
        s += w[i] * (f - y[i]) * (f - y[i]);
    }
    return isfinite(s) ? s : INFINITY;
}

/* Start for process k with the others fixed in th: scan Ea over 0.05-2 eV
 * and the peak temperature over the data; tau0 puts w0 tau = 0.616 at the
 * peak, ln C matches the data there. */
static void bpp_scan(const fit_model *m, const double *T, const double *y, const double *w,
                     size_t n, int k, double *th)
{
    const bpp_ctx *c = m->ctx;
    double best = INFINITY, keep[3] = {th[3 * k], th[3 * k + 1], th[3 * k + 2]};
    for (size_t p = 0; p < n; p++)
        for (int j = 0; j < BPP_EA_GRID; j++) {
            double Ea = 0.05 * pow(40.0, j / (BPP_EA_GRID - 1.0)), S, dS;
            th[3 * k + 2] = Ea;
            th[3 * k + 1] = log(BPP_PEAK_X / c->w0) - Ea / (HAVEN_KB_EV * T[p]);
            bpp_term(c->w0, BPP_PEAK_X / c->w0, &S, &dS);
            th[3 * k] = y[p] - log(S) - (k > 0 ? log(2.0) : 0.0);
            double s = sumsq(m, T, y, w, n, th);
            if (s < best) {
                best = s;
                keep[0] = th[3 * k], keep[1] = th[3 * k + 1], keep[2] = th[3 * k + 2];
            }
        }
    th[3 * k] = keep[0], th[3 * k + 1] = keep[1], th[3 * k + 2] = keep[2];
}

haven_status haven_bpp_fit(const double *T, const double *T1, const double *T1_err, size_t n,
                           double larmor_hz, int n_processes, haven_fit_result *out)
{
    if (!out || !(larmor_hz > 0) || (n_processes != 1 && n_processes != 2))
        return haven_fail(HAVEN_ERR_ARG, "bpp: need a Larmor frequency > 0 and 1 or 2 processes");
    haven_status st = fit_check_data(T, T1, T1_err, n, 3 * (size_t)n_processes + 1, 1, 1);
    if (st != HAVEN_OK)
        return st;
    double *y = malloc(3 * n * sizeof *y);
    if (!y)
        return haven_fail(HAVEN_ERR_NOMEM, "bpp: out of memory");
    double *s = y + n, *w = y + 2 * n;
    for (size_t i = 0; i < n; i++) {
        y[i] = -log(T1[i]); /* ln R1; sigma_ln R1 = sigma_T1 / T1 */
        s[i] = T1_err ? T1_err[i] / T1[i] : 1.0;
        w[i] = 1.0 / (s[i] * s[i]);
    }
    bpp_ctx c = {BPP_TWO_PI * larmor_hz, n_processes};
    static const char *const names[6] = {"C1", "tau01", "Ea1", "C2", "tau02", "Ea2"};
    static const char *const units[3] = {"1/s^2", "s", "J"};
    fit_model m = {.n_params = 3 * (size_t)n_processes, .eval = bpp_eval, .ctx = &c};
    for (size_t j = 0; j < m.n_params; j++) {
        m.name[j] = names[j];
        m.unit[j] = units[j % 3];
        m.tf[j] = j % 3 == 2 ? FIT_TF_NONE : FIT_TF_LOWER;
        m.scale[j] = j % 3 == 2 ? HAVEN_EV : 1.0;
    }
    double th[6] = {0}, p0[6];
    for (int k = 0; k < n_processes; k++) {
        c.np = k + 1; /* scan process k on top of the ones already placed */
        bpp_scan(&m, T, y, w, n, k, th);
    }
    for (size_t j = 0; j < m.n_params; j++)
        p0[j] = fit_to_public(&m, j, th[j]);
    st = fit_nonlinear(&m, T, y, T1_err ? s : NULL, n, p0, out);
    free(y);
    if (st != HAVEN_OK)
        haven_error_prefix("bpp: ");
    return st;
}

haven_status haven_bpp_rate(const haven_fit_result *r, int k, double T, double *rate, double *err,
                            double *lo95, double *hi95)
{
    if (!r || k < 0 || (size_t)(3 * k + 2) >= r->n_params || !(T > 0))
        return haven_fail(HAVEN_ERR_ARG, "bpp: rate needs a BPP result, a process index and T > 0");
    size_t i = 3 * (size_t)k + 1, j = i + 1;
    double tau0 = r->param[i].value, Ea = r->param[j].value, kT = HAVEN_KB * T;
    /* ln rate = -ln tau0 - Ea/(kB T) */
    double g[2] = {-1.0 / tau0, -1.0 / kT};
    double var =
        g[0] * g[0] * r->cov[i][i] + 2 * g[0] * g[1] * r->cov[i][j] + g[1] * g[1] * r->cov[j][j];
    double lnr = -log(tau0) - Ea / kT, sd = sqrt(fmax(var, 0.0)), v = exp(lnr);
    if (rate)
        *rate = v;
    if (err)
        *err = v * sd;
    if (lo95)
        *lo95 = exp(lnr - r->q95 * sd);
    if (hi95)
        *hi95 = exp(lnr + r->q95 * sd);
    return HAVEN_OK;
}
