/* Figures and HTML reports of `haven eis fit|linkk|drt|batch`
 * (tools/fig_eis.c, tools/report_eis.c, tools/fig_eis_batch.c). */
#ifndef HAVEN_TOOLS_FIG_EIS_H
#define HAVEN_TOOLS_FIG_EIS_H

#include "eis_cli.h"
#include "figure_cli.h"
#include "haven/eis.h"

/* NULL when out of memory. */
fig *eis_fit_figure(const haven_eis_circuit *c, const haven_eis_data *d,
                    const haven_eis_fit_result *r, const char *file);
fig *eis_linkk_figure(const haven_eis_data *d, const haven_eis_linkk_result *k, double threshold,
                      const char *file);
fig *eis_drt_figure(const haven_eis_data *d, const haven_eis_drt_result *r, const char *file);
/* sigma_bulk/gb/total T^p against 1000/T with the Arrhenius fits. */
fig *eis_batch_figure(const haven_eis_batch_result *r);
/* The batch's figures into set: the Arrhenius plot, then each spectrum's
 * fit (Nyquist, Bode, residuals) as "nyquist-K", K = 1.. in file order,
 * the spectra read again with o's format, sign and preprocessing. 0, or -1
 * (reported). */
int eis_batch_figures(const eis_cli_opts *o, const haven_eis_batch_result *r, fig_set *set);
/* "gcv 1e-3, lcurve 2e-2, ...": every rule's lambda (not "fixed") into buf. */
void eis_drt_lambdas_text(const haven_eis_drt_result *r, char *buf, size_t size);

/* --plot/--report of one spectrum: f written (taken, freed), and the report
 * (title "haven eis COMMAND: FILE", the file's SHA-256) filled by report().
 * 0, or -1 (reported). */
int eis_figures_out(const cli_fig_opts *o, const char *command, const char *file, fig *f,
                    void (*report)(cli_report *r, const void *ctx), const void *ctx);

/* Report contents. */
typedef struct {
    const haven_eis_circuit *c;
    const haven_eis_fit_result *fit;
    const haven_eis_linkk_result *kk; /* NULL: none */
    const eis_sigma *sigma;           /* [3]: bulk, gb, total */
} eis_fit_report;
void eis_report_fit(cli_report *r, const void *ctx);      /* ctx: eis_fit_report */
void eis_report_linkk(cli_report *r, const void *ctx);    /* ctx: haven_eis_linkk_result */
void eis_report_drt(cli_report *r, const void *ctx);      /* ctx: haven_eis_drt_result */
void eis_report_batch(cli_report *r, const void *ctx);    /* ctx: haven_eis_batch_result */

#endif
