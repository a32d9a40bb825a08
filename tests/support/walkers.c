#include "walkers.h"

#include <gsl/gsl_randist.h>
#include <stdlib.h>

haven_store *walkers_store(gsl_rng *rng, size_t n, size_t T, double step, double ratio,
                           size_t max_bytes)
{
    haven_store *s = NULL;
    double(*pos)[3] = calloc(n, sizeof *pos);
    if (!pos || haven_store_create(n, max_bytes, NULL, &s) != HAVEN_OK) {
        free(pos);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < 3; k++)
            pos[i][k] = 2e-9 * gsl_rng_uniform(rng);
    for (size_t t = 0; t < T; t++) {
        if (t > 0)
            for (size_t i = 0; i < n; i++)
                for (int k = 0; k < 3; k++)
                    pos[i][k] += gsl_ran_gaussian(rng, step) * (i % 2 ? ratio : 1.0);
        if (haven_store_append(s, (const double(*)[3])pos) != HAVEN_OK) {
            haven_store_free(s);
            free(pos);
            return NULL;
        }
    }
    free(pos);
    if (haven_store_finish(s) != HAVEN_OK) {
        haven_store_free(s);
        return NULL;
    }
    return s;
}
