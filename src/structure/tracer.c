/* D* of the selected atoms for f = D* / D_jump, through the same store,
 * MSD and fit as haven diffusion. */
#include "haven/sites.h"

#include "core/error.h"

#include <stdlib.h>
#include <string.h>

haven_status haven_sites_tracer_D(haven_traj *t, const int *select, haven_drift_mode drift,
                                  haven_dfit_result *fit)
{
    memset(fit, 0, sizeof *fit);
    haven_status s = haven_traj_rewind(t);
    if (s != HAVEN_OK)
        return s;
    haven_load_options lo;
    haven_load_options_init(&lo);
    lo.drift = drift;
    haven_store *store = NULL;
    haven_load_info info;
    memset(&info, 0, sizeof info);
    if ((s = haven_load(t, &lo, &store, &info)) != HAVEN_OK)
        return s;
    size_t n = haven_traj_n_atoms(t), n_sel = 0;
    int *group = malloc(n * sizeof *group);
    if (!group)
        s = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t i = 0; s == HAVEN_OK && i < n; i++)
        n_sel += (group[i] = select[i] ? 0 : -1) == 0;
    haven_msd msd;
    memset(&msd, 0, sizeof msd);
    haven_msd_options mo;
    haven_msd_options_init(&mo);
    if (s == HAVEN_OK)
        s = haven_msd_compute(store, group, 1, info.frame_interval, &mo, &msd, NULL);
    if (s == HAVEN_OK) {
        haven_dfit_options fo;
        haven_dfit_options_init(&fo);
        fo.stats = &msd.stats;
        s = haven_diffusion_fit(msd.msd, msd.n_lags, msd.dt, (double)n_sel, 3, &fo, fit);
    }
    haven_msd_clear(&msd);
    free(group);
    haven_store_free(store);
    haven_load_info_clear(&info);
    return s;
}
