/* Site-energy landscapes: ordered, Gaussian, uniform, or read per site. */
#include "kmc/energy.h"

#include "core/error.h"

#include <errno.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kmc_draw_energies(double *energy, size_t n, const haven_kmc_params *p, gsl_rng *rng)
{
    for (size_t i = 0; i < n; i++) {
        switch (p->disorder) {
        case HAVEN_KMC_DISORDER_GAUSSIAN:
            energy[i] = gsl_ran_gaussian(rng, p->disorder_width);
            break;
        case HAVEN_KMC_DISORDER_UNIFORM:
            energy[i] = p->disorder_width * (gsl_rng_uniform(rng) - 0.5);
            break;
        case HAVEN_KMC_DISORDER_TABLE: energy[i] = p->site_energies[i]; break;
        default: energy[i] = 0;
        }
    }
}

int kmc_energy_range(const haven_kmc_params *p, size_t n, double *lo, double *hi)
{
    double w = p->disorder_width;
    switch (p->disorder) {
    case HAVEN_KMC_DISORDER_GAUSSIAN: *lo = -4 * w, *hi = 4 * w; break;
    case HAVEN_KMC_DISORDER_UNIFORM: *lo = -w / 2, *hi = w / 2; break;
    case HAVEN_KMC_DISORDER_TABLE:
        *lo = *hi = p->site_energies[0];
        for (size_t i = 1; i < n; i++) {
            *lo = fmin(*lo, p->site_energies[i]);
            *hi = fmax(*hi, p->site_energies[i]);
        }
        break;
    default: return 0;
    }
    return *hi > *lo;
}

haven_status haven_kmc_read_site_energies(const char *path, size_t n, double **out)
{
    *out = NULL;
    FILE *fp = fopen(path, "r");
    if (!fp)
        return haven_fail(HAVEN_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    double *e = malloc((n ? n : 1) * sizeof *e);
    if (!e) {
        fclose(fp);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    char *line = NULL; /* whole lines: a fixed buffer would split a number at its end */
    size_t m = 0, cap = 0;
    long lineno = 0;
    haven_status st = HAVEN_OK;
    while (st == HAVEN_OK && getline(&line, &cap, fp) >= 0) {
        lineno++;
        char *hash = strchr(line, '#'), *p = line, *end;
        if (hash)
            *hash = '\0';
        for (;;) {
            while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
                p++;
            if (!*p)
                break;
            double v = strtod(p, &end);
            if (end == p || !isfinite(v)) {
                st = haven_fail(HAVEN_ERR_FORMAT,
                                "%s:%ld: expected a site energy in eV, got '%.20s'", path, lineno,
                                p);
                break;
            }
            if (m == n) {
                st = haven_fail(HAVEN_ERR_FORMAT,
                                "%s:%ld: more than %zu site energies (one per site)", path, lineno,
                                n);
                break;
            }
            e[m++] = v * HAVEN_EV;
            p = end;
        }
    }
    if (st == HAVEN_OK && !feof(fp)) /* getline stopped before the end: no memory or I/O */
        st = haven_fail(errno == ENOMEM ? HAVEN_ERR_NOMEM : HAVEN_ERR_IO, "%s: cannot read: %s",
                        path, strerror(errno));
    free(line);
    fclose(fp);
    if (st == HAVEN_OK && m != n)
        st = haven_fail(HAVEN_ERR_FORMAT, "%s: %zu site energies for %zu sites", path, m, n);
    if (st != HAVEN_OK) {
        free(e);
        return st;
    }
    *out = e;
    return HAVEN_OK;
}
