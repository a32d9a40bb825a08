/* Conductivity and its decompositions from the collective correlations.
 *
 * With R_a(t) the summed position of species a (drift removed with the
 * system's centre of mass: the barycentric frame), the Einstein-Helfand
 * relations are
 *   sigma    = e^2 / (6 V k T) d/dt sum_ab q_a q_b <dR_a . dR_b>
 *   L_ab     =   1 / (6 V k T) d/dt <dR_a . dR_b>
 *   sigma_ab = e^2 / (2 V k T) d/dt sum_ab q_a q_b <dR_a,x dR_b,y>   (tensor)
 * In the frame where species f is at rest, dR_a -> dR_a - (N_a/N_f) dR_f
 * (number fluxes relative to f's mean velocity), applied to the
 * correlations before fitting. Because the GLS slope is linear in the data
 * and every series is fitted on the same lags with the same covariance
 * shape, sums of fitted parts equal the fit of the sum: the species parts
 * add up to sigma and the transference numbers to 1, to rounding. */
#include "haven/transport.h"

#include "core/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define Z95 1.959963984540054 /* = haven_quantile95(0), for the log-normal H_R interval */

typedef struct {
    const haven_cond_input *in;
    size_t K, T;
    double *frame_f;        /* N_a / N_f, or 0 in the barycentric frame */
    double *work;           /* T */
    double (*tens)[6];      /* T */
    double *xa, *xb;        /* 3 T each: combinations of the summed positions, for the noise */
    double *unit;           /* 2 K weights */
    haven_dfit_options fit; /* the caller's; after the charge fit, its window for all */
} cond_ctx;

/* x(t) = sum_a w_a R'_a(t), component-major, with R'_a = R_a - f_a R_F in
 * the frame of species F (R_a as in the barycentric frame otherwise). */
static void combination(const cond_ctx *c, const double *w, double *x)
{
    size_t T = c->T, K = c->K;
    const double *R = c->in->coll->sums;
    int f = c->in->frame;
    memset(x, 0, 3 * T * sizeof *x);
    for (size_t a = 0; a < K; a++) {
        if (w[a] == 0)
            continue;
        for (size_t j = 0; j < 3 * T; j++)
            x[j] += w[a] * R[a * 3 * T + j];
        if (f >= 0)
            for (size_t j = 0; j < 3 * T; j++)
                x[j] -= w[a] * c->frame_f[a] * R[(size_t)f * 3 * T + j];
    }
}

/* SI units of what this file reports. */
#define UNIT_SIGMA "S/m"
#define UNIT_L "1/(J m s)"
#define UNIT_D "m^2/s"
#define UNIT_ONE "1"

static void estimate(haven_estimate *e, double v, double err, const char *unit)
{
    *e = haven_estimate_make(v, err, 0, unit);
}

/* From a fit, scaled, keeping its interval (Student's t for block errors). */
static void estimate_t(haven_estimate *e, const haven_dfit_result *r, double scale,
                       const char *unit)
{
    e->unit = unit;
    e->value = r->D.value * scale;
    e->err = r->D.err * scale;
    e->lo = r->D.lo * scale;
    e->hi = r->D.hi * scale;
}

/* <dR'_a,al dR'_b,be> at lag t in the requested frame, symmetrised in al,be. */
static double corr(const cond_ctx *c, size_t a, size_t b, int al, int be, size_t t)
{
    const haven_msd_collective *co = c->in->coll;
    size_t K = c->K;
    int f = c->in->frame;
#define RAW(i, j, x, y)                                                                            \
    ((i) <= (j) ? co->corr[haven_pair_index(i, j, K)][t][3 * (x) + (y)]                            \
                : co->corr[haven_pair_index(i, j, K)][t][3 * (y) + (x)])
    double v = 0.5 * (RAW(a, b, al, be) + RAW(a, b, be, al));
    if (f >= 0) {
        size_t F = (size_t)f;
        double fa = c->frame_f[a], fb = c->frame_f[b];
        v -= 0.5 * fb * (RAW(a, F, al, be) + RAW(a, F, be, al));
        v -= 0.5 * fa * (RAW(F, b, al, be) + RAW(F, b, be, al));
        v += fa * fb * 0.5 * (RAW(F, F, al, be) + RAW(F, F, be, al));
    }
#undef RAW
    return v;
}

/* Trace of the correlation, weighted: sum over pairs w_ab <dR_a . dR_b>. */
static void weighted_trace(const cond_ctx *c, const double *w, double *y)
{
    for (size_t t = 0; t < c->T; t++) {
        double s = 0;
        for (size_t a = 0; a < c->K; a++)
            for (size_t b = 0; b < c->K; b++)
                if (w[a * c->K + b] != 0)
                    for (int k = 0; k < 3; k++)
                        s += w[a * c->K + b] * corr(c, a, b, k, k, t);
        y[t] = s;
    }
}

/* Fit y (m^2) with dims 3 and return the slope/6 and its error. The noise
 * is sampled from the data, the windows of the one walker whose displacement
 * product y averages: dx_a . dx_b with x_a, x_b in c->xa, c->xb (the
 * ensemble-free replacement of the random-walk scale s^4). Without the summed
 * positions (an older caller), the random-walk model with scale s4. */
static haven_status fit_trace(const cond_ctx *c, const double *y, double s4, haven_dfit_result *r)
{
    haven_dfit_options o = c->fit;
    haven_msd_stats st;
    memset(&st, 0, sizeof st);
    haven_status s = HAVEN_OK;
    if (c->in->coll->sums) {
        s = haven_msd_stats_series(c->xa, c->xb, c->T, &st);
        o.stats = &st;
    } else
        o.noise_s4 = s4;
    if (s == HAVEN_OK)
        s = haven_diffusion_fit(y, c->T, c->in->coll->dt, 1.0, 3, &o, r);
    haven_msd_stats_clear(&st);
    return s;
}

/* Put the combinations with weights wa and wb into c->xa and c->xb. */
static void noise_pair(cond_ctx *c, const double *wa, const double *wb)
{
    if (!c->in->coll->sums)
        return;
    combination(c, wa, c->xa);
    combination(c, wb, c->xb);
}

static haven_status charge_fit(cond_ctx *c, haven_conductivity *out, double scale)
{
    const double *q = c->in->charge;
    size_t K = c->K;
    double *w = calloc(K * K, sizeof *w);
    if (!w)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t a = 0; a < K; a++)
        for (size_t b = 0; b < K; b++)
            w[a * K + b] = q[a] * q[b];
    weighted_trace(c, w, c->work);
    noise_pair(c, q, q);
    free(w);
    haven_status s = fit_trace(c, c->work, 0, &out->charge_fit);
    if (s != HAVEN_OK) {
        haven_error_prefix("charge-displacement MSD: ");
        return s;
    }
    const haven_dfit_result *r = &out->charge_fit;
    estimate_t(&out->sigma, r, scale, UNIT_SIGMA);
    /* Every other collective fit on the same window: fits of sums are then
     * sums of fits (sigma = sum q_a q_b L_ab, parts add up to sigma). */
    c->fit.start = r->start;
    c->fit.end = r->end;
    return HAVEN_OK;
}

/* Per-step variance (per component) of species a's summed displacement. */
static double step_var(const cond_ctx *c, const haven_estimate *L_aa, double inv_scale_L)
{
    return fmax(2.0 * L_aa->value * inv_scale_L * c->in->coll->dt, 0);
}

static haven_status onsager(cond_ctx *c, haven_conductivity *out, double scale_L)
{
    size_t K = c->K;
    double *w = calloc(K * K, sizeof *w);
    if (!w)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    haven_status s = HAVEN_OK;
    /* Diagonal pairs first: their noise sets that of the cross pairs. */
    for (int pass = 0; pass < 2 && s == HAVEN_OK; pass++)
        for (size_t a = 0; a < K && s == HAVEN_OK; a++)
            for (size_t b = a; b < K && s == HAVEN_OK; b++) {
                if ((pass == 0) != (a == b))
                    continue;
                memset(w, 0, K * K * sizeof *w);
                w[a * K + b] = 1;
                weighted_trace(c, w, c->work);
                double *ua = c->unit, *ub = c->unit + K;
                memset(ua, 0, 2 * K * sizeof *ua);
                ua[a] = ub[b] = 1;
                noise_pair(c, ua, ub);
                double s4 = 0;
                if (a != b) {
                    size_t ia = haven_pair_index(a, a, K), ib = haven_pair_index(b, b, K);
                    s4 = 0.5 * step_var(c, &out->L[ia], 1 / scale_L) *
                         step_var(c, &out->L[ib], 1 / scale_L);
                }
                haven_dfit_result r;
                s = fit_trace(c, c->work, s4, &r);
                estimate(&out->L[haven_pair_index(a, b, K)], r.D.value * scale_L, r.D.err * scale_L,
                         UNIT_L);
            }
    free(w);
    if (s != HAVEN_OK)
        haven_error_prefix("Onsager coefficient: ");
    return s;
}

static void self_parts(const cond_ctx *c, haven_conductivity *out, double scale_L)
{
    size_t K = c->K;
    for (size_t a = 0; a < K; a++)
        for (size_t b = a; b < K; b++) {
            size_t p = haven_pair_index(a, b, K);
            haven_estimate self = haven_estimate_make(0, 0, 0, UNIT_L);
            if (a == b) {
                const haven_dfit_result *d = &c->in->tracer[a];
                estimate(&self, c->in->count[a] * d->D.value * scale_L,
                         c->in->count[a] * d->D.err * scale_L, UNIT_L);
            }
            out->L_self[p] = self;
            estimate(&out->L_distinct[p], out->L[p].value - self.value,
                     hypot(out->L[p].err, self.err), UNIT_L);
        }
}

/* sigma_a = e^2 q_a sum_b q_b L_ab, fitted directly so the parts sum to
 * sigma. The transference number t_a = sigma_a / sigma is a ratio of two
 * strongly correlated slopes (in a binary melt it is fixed by momentum
 * conservation), so its error comes from the series z = y_a - t_a y, whose
 * slope vanishes at the estimate, with the noise scale from its residuals. */
static haven_status species_parts(cond_ctx *c, haven_conductivity *out, double scale)
{
    size_t K = c->K, T = c->T;
    const double *q = c->in->charge;
    double *w = calloc(K * K, sizeof *w), *total = malloc(T * sizeof *total);
    if (!w || !total) {
        free(w);
        free(total);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    for (size_t a = 0; a < K; a++)
        for (size_t b = 0; b < K; b++)
            w[a * K + b] = q[a] * q[b];
    weighted_trace(c, w, total);
    haven_status s = HAVEN_OK;
    const haven_dfit_result *all = &out->charge_fit;
    double s4 = pow(all->D.value > 0 ? 2.0 * all->D.value * c->in->coll->dt : 0, 2);
    for (size_t a = 0; a < K && s == HAVEN_OK; a++) {
        memset(w, 0, K * K * sizeof *w);
        for (size_t b = 0; b < K; b++)
            w[a * K + b] = q[a] * q[b];
        weighted_trace(c, w, c->work);
        double *part = c->unit, *qq = c->unit + K;
        memset(part, 0, K * sizeof *part);
        part[a] = q[a];
        memcpy(qq, q, K * sizeof *qq);
        noise_pair(c, part, qq);
        haven_dfit_result r, z;
        /* Noise of a part: at most that of the whole charge MSD. */
        s = fit_trace(c, c->work, s4, &r);
        if (s != HAVEN_OK)
            break;
        estimate(&out->sigma_part[a], r.D.value * scale, r.D.err * scale, UNIT_SIGMA);
        double t = r.D.value / all->D.value;
        for (size_t k = 0; k < T; k++)
            c->work[k] -= t * total[k];
        /* z = dX_a . dJ - t dJ . dJ = (dX_a - t dJ) . dJ */
        for (size_t b = 0; b < K; b++)
            part[b] -= t * q[b];
        noise_pair(c, part, qq);
        haven_dfit_options o = c->fit;
        haven_msd_stats zst;
        memset(&zst, 0, sizeof zst);
        if (c->in->coll->sums) {
            s = haven_msd_stats_series(c->xa, c->xb, T, &zst);
            o.stats = &zst;
        } else
            o.scale_from_residuals = 1;
        if (s == HAVEN_OK)
            s = haven_diffusion_fit(c->work, T, c->in->coll->dt, 1.0, 3, &o, &z);
        haven_msd_stats_clear(&zst);
        if (s != HAVEN_OK)
            break;
        estimate(&out->t_corr[a], t, fabs(z.D.err / all->D.value), UNIT_ONE);
    }
    free(w);
    free(total);
    return s;
}

/* N_a q_a^2 of a species that enters the Nernst-Einstein sums (0 if left out). */
static double ne_weight(const haven_cond_input *in, size_t a)
{
    if (!in->ne_all && !in->tracer[a].diffusive)
        return 0;
    return in->count[a] * in->charge[a] * in->charge[a];
}

static void nernst_einstein(const cond_ctx *c, haven_conductivity *out, double scale)
{
    const haven_cond_input *in = c->in;
    double sum = 0, var = 0, qsum = 0;
    for (size_t a = 0; a < c->K; a++) {
        double x = ne_weight(in, a);
        sum += x * in->tracer[a].D.value;
        var += pow(x * in->tracer[a].D.err, 2);
        qsum += in->count[a] * in->charge[a] * in->charge[a];
    }
    estimate(&out->sigma_ne, sum * scale, sqrt(var) * scale, UNIT_SIGMA);
    for (size_t a = 0; a < c->K; a++) {
        double x = ne_weight(in, a);
        double ta = x * in->tracer[a].D.value / sum, v = 0;
        for (size_t b = 0; b < c->K; b++) {
            double xb = ne_weight(in, b);
            double d = ((a == b) * xb * sum - x * in->tracer[a].D.value * xb) / (sum * sum);
            v += pow(d * in->tracer[b].D.err, 2);
        }
        estimate(&out->t_ideal[a], ta, sqrt(v), UNIT_ONE);
    }
    const haven_dfit_result *r = &out->charge_fit;
    estimate(&out->d_sigma, r->D.value / qsum, r->D.err / qsum, UNIT_D);
    /* Haven ratio: log-normal interval, as a ratio of two noisy positives. */
    double h = out->sigma_ne.value / out->sigma.value;
    double rel = hypot(out->sigma_ne.err / out->sigma_ne.value, out->sigma.err / out->sigma.value);
    out->haven_ratio.value = h;
    out->haven_ratio.err = fabs(h) * rel;
    out->haven_ratio.lo = h > 0 ? h * exp(-Z95 * rel) : NAN;
    out->haven_ratio.hi = h > 0 ? h * exp(Z95 * rel) : NAN;
    out->haven_ratio.unit = UNIT_ONE;
}

static haven_status conductivity_tensor(cond_ctx *c, haven_conductivity *out, double scale)
{
    const double *q = c->in->charge;
    for (size_t t = 0; t < c->T; t++)
        for (int k = 0; k < 6; k++) {
            static const int al[6] = {0, 1, 2, 0, 0, 1}, be[6] = {0, 1, 2, 1, 2, 2};
            double s = 0;
            for (size_t a = 0; a < c->K; a++)
                for (size_t b = 0; b < c->K; b++)
                    s += q[a] * q[b] * corr(c, a, b, al[k], be[k], t);
            c->tens[t][k] = s;
        }
    haven_status s = haven_tensor_fit((const double(*)[6])c->tens, c->T, c->in->coll->dt, 1.0,
                                      &c->fit, &out->tensor);
    if (s != HAVEN_OK)
        return s;
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++) {
            haven_estimate *e = &out->tensor.comp[a][b];
            e->value *= scale, e->err *= scale, e->lo *= scale, e->hi *= scale;
            e->unit = UNIT_SIGMA;
        }
    return haven_tensor_analyse(&out->tensor);
}

static haven_status check_input(const haven_cond_input *in)
{
    if (!in->coll || !in->coll->corr || in->coll->n_groups != in->n_species)
        return haven_fail(HAVEN_ERR_ARG, "conductivity: collective correlations missing");
    if (!(in->volume > 0) || !(in->temperature > 0))
        return haven_fail(HAVEN_ERR_ARG,
                          "conductivity needs a positive volume and temperature (T = %g K)",
                          in->temperature);
    if (in->frame >= (int)in->n_species)
        return haven_fail(HAVEN_ERR_ARG, "conductivity: reference species out of range");
    int any = 0;
    for (size_t a = 0; a < in->n_species; a++)
        any |= in->charge[a] != 0;
    if (!any)
        return haven_fail(HAVEN_ERR_ARG, "conductivity: every species has zero charge");
    return HAVEN_OK;
}

static haven_status alloc_out(haven_conductivity *out, size_t K)
{
    size_t np = K * (K + 1) / 2;
    out->n_species = K;
    out->L = calloc(np, sizeof *out->L);
    out->L_self = calloc(np, sizeof *out->L_self);
    out->L_distinct = calloc(np, sizeof *out->L_distinct);
    out->sigma_part = calloc(K, sizeof *out->sigma_part);
    out->t_ideal = calloc(K, sizeof *out->t_ideal);
    out->t_corr = calloc(K, sizeof *out->t_corr);
    if (!out->L || !out->L_self || !out->L_distinct || !out->sigma_part || !out->t_ideal ||
        !out->t_corr)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    return HAVEN_OK;
}

haven_status haven_conductivity_compute(const haven_cond_input *in, haven_conductivity *out)
{
    memset(out, 0, sizeof *out);
    haven_status s = check_input(in);
    if (s != HAVEN_OK)
        return s;
    cond_ctx c = {.in = in, .K = in->n_species, .T = in->coll->n_lags, .fit = in->fit};
    c.frame_f = calloc(c.K, sizeof *c.frame_f);
    c.work = malloc(c.T * sizeof *c.work);
    c.tens = malloc(c.T * sizeof *c.tens);
    c.xa = malloc(3 * c.T * sizeof *c.xa);
    c.xb = malloc(3 * c.T * sizeof *c.xb);
    c.unit = malloc(2 * c.K * sizeof *c.unit);
    if (!c.frame_f || !c.work || !c.tens || !c.xa || !c.xb || !c.unit)
        s = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t a = 0; s == HAVEN_OK && in->frame >= 0 && a < c.K; a++)
        c.frame_f[a] = in->count[a] / in->count[in->frame];
    out->frame = in->frame;
    double kT = HAVEN_KB * in->temperature;
    double scale_L = 1.0 / (in->volume * kT);                 /* slope/6 -> L */
    double scale = HAVEN_E_CHARGE * HAVEN_E_CHARGE * scale_L; /* -> S/m */
    if (s == HAVEN_OK)
        s = alloc_out(out, c.K);
    if (s == HAVEN_OK)
        s = charge_fit(&c, out, scale);
    if (s == HAVEN_OK)
        s = onsager(&c, out, scale_L);
    if (s == HAVEN_OK) {
        self_parts(&c, out, scale_L);
        nernst_einstein(&c, out, scale);
        s = species_parts(&c, out, scale);
    }
    if (s == HAVEN_OK)
        s = conductivity_tensor(&c, out, scale);
    free(c.frame_f);
    free(c.work);
    free(c.tens);
    free(c.xa);
    free(c.xb);
    free(c.unit);
    if (s != HAVEN_OK)
        haven_conductivity_clear(out);
    return s;
}

void haven_conductivity_clear(haven_conductivity *c)
{
    if (!c)
        return;
    free(c->L);
    free(c->L_self);
    free(c->L_distinct);
    free(c->sigma_part);
    free(c->t_ideal);
    free(c->t_corr);
    memset(c, 0, sizeof *c);
}
