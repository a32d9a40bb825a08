/* The Arrhenius plot shared by `fit arrhenius|vft`, the temperature series
 * of `analyze`/`arrhenius`, `eis batch` and the `kmc` sweep: y T^p on a log
 * axis against 1000/T, so that an Arrhenius law is a straight line. */
#ifndef HAVEN_TOOLS_FIG_ARRHENIUS_H
#define HAVEN_TOOLS_FIG_ARRHENIUS_H

#include "figure.h"
#include "haven/arrhenius.h"

typedef struct {
    const char *ylabel;  /* of y T^p, with its unit */
    const char *series;  /* legend of the points */
    const double *T, *y, *err; /* K, value, standard error (NULL: none) */
    size_t n;
    int power;           /* p */
    const haven_arrhenius_result *arrhenius; /* NULL: none */
    const haven_vft_result *vft;             /* NULL: none */
    double at_T;         /* K: extrapolation shown to this temperature (NAN: none) */
    int color;
    const double *lo, *hi; /* 95% interval of y for the error bars (NULL: y +- err) */
    const char *fit_label; /* NULL: the fit labelled "Arrhenius, Ea = ..." in colour 1; else
                              "<fit_label>: Ea = ... eV" in the points' colour (several series) */
} fig_arrhenius_data;

/* Adds one panel to f; NULL when out of memory. */
fig_panel *fig_arrhenius_panel(fig *f, const char *title, const fig_arrhenius_data *d);
/* A panel for fig_arrhenius_add (log y axis, 1000/T). */
fig_panel *fig_arrhenius_panel_empty(fig *f, const char *title, const char *ylabel);
/* Adds d's points, fit and band, extrapolation to p. */
void fig_arrhenius_add(fig_panel *p, const fig_arrhenius_data *d);

#endif
