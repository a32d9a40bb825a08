/* Figures and --report pages of the structure commands (density, sites,
 * vanhove, rotation): each builds a plain figure (tools/figure.h) from the
 * library's results and fills a report with every number and its interval,
 * the warnings and the methods. Built only when --plot or --report asks.
 * Displayed units from src/core/units.h: t in ps, r in Å, Q in 1/Å,
 * energies in eV, D in cm²/s. All builders return NULL only when out of
 * memory. */
#ifndef HAVEN_TOOLS_FIG_STRUCTURE_H
#define HAVEN_TOOLS_FIG_STRUCTURE_H

#include "figure_cli.h"
#include "haven/arrhenius.h"
#include "haven/fit.h"
#include "haven/rotation.h"
#include "haven/sites.h"
#include "haven/structure.h"
#include "haven/vanhove.h"

/* A KWW fit A exp(-(t/tau)^beta) drawn from t0 to t1 (s; the axis in ps,
 * log-spaced), dashed, under its 95% band (delta method on the fit's
 * covariance, the fit's own quantile). */
void fig_kww_curve(fig_panel *p, const haven_fit_result *k, double t0, double t1,
                   const char *label, int color);
/* Rows of the KWW parameters (tau, beta, <tau>) of one fit in a report's
 * estimate table, names prefixed by `what`. */
void report_kww_rows(cli_report *r, const char *what, const haven_fit_result *k);

/* ---- haven vanhove (tools/fig_structure.c) */
/* F_s(Q,t) with its errors and the KWW fit per Q; 4 pi r^2 G_s(r,t) at a
 * few lags; g(r) with the running coordination number when d holds lag 0. */
fig *vanhove_figure(const haven_vanhove_self *s, const haven_vanhove_distinct *d,
                    const char *file);
void vanhove_report(cli_report *r, const haven_vanhove_self *s, const char *file,
                    const char *species);

/* ---- haven density (tools/fig_density.c) */
typedef struct {
    const char *file, *species;
    const haven_grid *g;
    const haven_percolation *p;
    const haven_estimate *barrier; /* [3], J (err NAN without --blocks) */
    size_t n_frames, n_blocks;
    double temperature; /* K, NAN: unknown (the free energy then in units of kT) */
} density_view;
/* Maps of the free energy -kT ln(rho/rho_max), its minimum along each
 * lattice direction (the lowest-barrier view), and the percolation curve:
 * the fraction of the cell enclosed by the isosurface and connected in 1, 2
 * and 3 directions against the level, the thresholds marked. */
fig *density_figure(const density_view *v);
void density_report(cli_report *r, const density_view *v);

/* ---- haven sites (tools/fig_sites.c) */
typedef struct {
    const char *file, *species, *sites_from;
    const haven_sites_result *r;
    const haven_estimate *entropy;   /* per type, J/K per site */
    const haven_sites_transport *tr; /* NULL: no D*, f, sigma */
    const haven_sites_eq1 *eq1;      /* with tr */
    const haven_concerted *conc;     /* NULL: not asked */
} sites_view;
/* Occupancy per site by type with the types' 95% intervals; residence-time
 * distributions per type (log axes) against the exponential of their mean;
 * the jump-rate matrix between types; the dimensionless ratios (back-jump
 * fraction, f from the jump vectors, f = D* / D_jump, eq. 1 / Einstein-
 * Helfand) with their 95% intervals against 1. */
fig *sites_figure(const sites_view *v);
void sites_report(cli_report *r, const sites_view *v);

/* Several runs: the jump rate per ion of each against 1000/T with its
 * Arrhenius fit, band and activation energy. */
typedef struct {
    const char *const *files;
    size_t n;
    const double *T;             /* K */
    const haven_estimate *rate;  /* 1/s */
    const size_t *jumps;
    const haven_arrhenius_result *fit;
} sites_runs_view;
fig *sites_runs_figure(const sites_runs_view *v);
void sites_runs_report(cli_report *r, const sites_runs_view *v);

/* ---- haven rotation (tools/fig_rotation.c) */
typedef struct {
    const char *file, *centre, *ligand, *cation; /* cation NULL: no coupling */
    const haven_rotation *r;
    double cutoff, window, near; /* m, s, m */
} rotation_view;
/* C_1(t), C_2(t) with their errors and KWW fits; with a cation, the
 * rotation-displacement correlation r with its 95% interval against the
 * range of r for independent motions. */
fig *rotation_figure(const rotation_view *v);
void rotation_report(cli_report *r, const rotation_view *v);

#endif
