/* Figures and the HTML report of `haven kmc` (--plot, --report): D*, D_sigma,
 * sigma T, f and H_R against temperature with 95% error bars and, with three
 * or more temperatures, the Arrhenius fits and their 95% bands; occupation
 * against site energy with the Fermi function of an ideal lattice gas
 * (with --disorder); a --cells sweep's quantities against 1/sites with the
 * extrapolation to an infinite cell. */
#ifndef HAVEN_TOOLS_FIG_KMC_H
#define HAVEN_TOOLS_FIG_KMC_H

#include "figure_cli.h"
#include "haven/kmc.h"

/* The figures of s into set; -1 when out of memory. */
int kmc_figures(const haven_kmc_sweep *s, fig_set *set);

/* The report's sections (results, warnings, methods); ctx is the sweep. */
void kmc_report_fill(cli_report *r, const void *ctx);

/* The whole --plot/--report step: inputs are the files read (structure,
 * site energies; may be none). 0, or -1 (reported). */
int kmc_figures_out(const cli_fig_opts *o, const haven_kmc_sweep *s, const char *const *inputs,
                    size_t n_inputs);

#endif
