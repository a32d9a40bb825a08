/* Displacement cross-correlations of two 3-component series over all time
 * origins:  out[m][p] += w * sum_t da_alpha(t,m) db_beta(t,m) / (T - m)
 * for each component pair p = (alpha, beta), where dx(t,m) = x(t+m) - x(t). */
#ifndef HAVEN_SRC_MSD_XCORR_H
#define HAVEN_SRC_MSD_XCORR_H

#include <stddef.h>

typedef struct {
    int n; /* number of component pairs */
    int alpha[9], beta[9];
} haven_pairs;

extern const haven_pairs haven_pairs_sym6; /* xx yy zz xy xz yz (a == b) */
extern const haven_pairs haven_pairs_all9; /* 3*alpha + beta */

typedef struct haven_xcorr_plan haven_xcorr_plan;
typedef struct haven_xcorr_work haven_xcorr_work;

/* Plan once (not thread-safe), then one workspace per thread. */
haven_xcorr_plan *haven_xcorr_plan_create(size_t T);
void haven_xcorr_plan_free(haven_xcorr_plan *p);
haven_xcorr_work *haven_xcorr_work_create(const haven_xcorr_plan *p);
void haven_xcorr_work_free(haven_xcorr_work *w);

/* a, b: component-major series a[k*T + t]; b may equal a. The series are
 * shifted by their means internally (MSD is shift invariant) to avoid
 * cancellation. out has T rows of `stride` doubles; pair p goes to column p. */
void haven_xcorr_fft(haven_xcorr_work *w, const double *a, const double *b,
                     const haven_pairs *pairs, double weight, double *out, size_t stride);
/* The correlations of many walkers summed, with one inverse transform
 * per pair rather than one per walker: the transform is linear, so the
 * walkers' spectra (and their self terms' prefix sums) are added, and the
 * lags formed once at the flush. Equal to haven_xcorr_fft() per walker up
 * to rounding; per walker it costs the forward transforms only. One sum
 * per thread (it is not shared). */
typedef struct haven_xcorr_sum haven_xcorr_sum;
haven_xcorr_sum *haven_xcorr_sum_create(const haven_xcorr_plan *p, const haven_pairs *pairs);
void haven_xcorr_sum_free(haven_xcorr_sum *s);
void haven_xcorr_sum_add(haven_xcorr_work *w, haven_xcorr_sum *s, const double *a, const double *b,
                         double weight);
/* out[m * m_stride + q * q_stride] += the summed correlation of pair q at
 * lag m (as haven_xcorr_fft would have added it); the sum is emptied. */
void haven_xcorr_sum_flush(haven_xcorr_work *w, haven_xcorr_sum *s, double *out, size_t m_stride,
                           size_t q_stride);
/* out[m] = sum over the 3 components of sum_t x(t) x(t+m) / (T - m), for
 * m < n_out (<= T): the plain autocorrelation (no centring), e.g. of a current. */
void haven_xcorr_autocorr(haven_xcorr_work *w, const double *x, double *out, size_t n_out);
void haven_xcorr_direct(size_t T, const double *a, const double *b, const haven_pairs *pairs,
                        double weight, double *out, size_t stride);

#endif
