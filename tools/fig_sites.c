/* Figure and report of haven sites: occupancies, residence times, jump
 * rates between site types, and the correlation ratios. */
#include "fig_structure.h"

#include "core/units.h"
#include "fig_arrhenius.h"
#include "structure_cli.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sites in type order: x positions of the occupancy panel. */
static void occupancy_panel(fig *f, const haven_sites_result *r)
{
    fig_panel *p = fig_panel_add(f, "occupancy per site", "site (grouped by type)",
                                 "fraction of frames occupied");
    double *x = malloc(2 * (r->n_sites ? r->n_sites : 1) * sizeof *x);
    if (!p || !x) {
        free(x);
        return;
    }
    double *y = x + r->n_sites;
    size_t at = 0;
    for (size_t t = 0; t < r->n_types; t++) {
        size_t n = 0, first = at;
        for (size_t s = 0; s < r->n_sites; s++)
            if ((size_t)r->site_type[s] == t) {
                x[n] = (double)at++;
                y[n++] = r->site_occupancy[s];
            }
        if (!n)
            continue;
        const haven_estimate *o = &r->occupancy[t];
        char label[128];
        snprintf(label, sizeof label, "%s: mean %.3g [%.3g, %.3g]", r->type_name[t], o->value,
                 o->lo, o->hi);
        double bx[2] = {(double)first - 0.5, (double)(at - 1) + 0.5};
        double lo[2] = {o->lo, o->lo}, hi[2] = {o->hi, o->hi}, m[2] = {o->value, o->value};
        fig_band(p, NULL, bx, lo, hi, 2, (int)t);
        fig_line(p, NULL, bx, m, 2, (int)t);
        fig_series *pts = fig_points(p, label, x, y, NULL, NULL, n, (int)t);
        if (pts)
            pts->marker = (int)t;
    }
    free(x);
}

/* Durations (s) of the complete visits to sites of each type: from the jump
 * onto a site to the same ion's next jump. *count[t] of them in dur[t]. */
static double **visit_times(const haven_sites_result *r, size_t *count)
{
    size_t nt = r->n_types, ni = r->n_ions;
    double **dur = calloc(nt, sizeof *dur);
    size_t *last = malloc((ni ? ni : 1) * sizeof *last);
    int ok = dur && last;
    for (size_t t = 0; ok && t < nt; t++)
        ok = (dur[t] = malloc((r->n_jumps ? r->n_jumps : 1) * sizeof **dur)) != NULL;
    if (!ok) {
        for (size_t t = 0; dur && t < nt; t++)
            free(dur[t]);
        free(dur), free(last);
        return NULL;
    }
    memset(count, 0, nt * sizeof *count);
    for (size_t i = 0; i < ni; i++)
        last[i] = SIZE_MAX;
    for (size_t j = 0; j < r->n_jumps; j++) {
        const haven_jump *J = &r->jump[j];
        size_t prev = last[J->ion];
        if (prev != SIZE_MAX) {
            size_t t = (size_t)r->site_type[r->jump[prev].to];
            dur[t][count[t]++] = (double)(J->frame - r->jump[prev].frame) * r->dt;
        }
        last[J->ion] = j;
    }
    free(last);
    return dur;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Survival function P(visit > t) per type, log axes, against the
 * exponential of the type's mean residence time (uncorrelated hops). */
static void residence_panel(fig *f, const haven_sites_result *r)
{
    fig_panel *p = fig_panel_add(f, "residence times (complete visits)", "t (ps)",
                                 "fraction of visits longer than t");
    size_t *count = calloc(r->n_types ? r->n_types : 1, sizeof *count);
    double **dur = p && count ? visit_times(r, count) : NULL;
    if (!dur) {
        free(count);
        return;
    }
    p->xlog = p->ylog = 1;
    for (size_t t = 0; t < r->n_types; t++) {
        size_t n = count[t];
        double *y = malloc((n ? n : 1) * sizeof *y);
        if (n && y) {
            qsort(dur[t], n, sizeof *dur[t], by_value);
            for (size_t k = 0; k < n; k++) {
                y[k] = 1.0 - (double)k / (double)n;
                dur[t][k] *= HAVEN_PS_PER_S;
            }
            const haven_estimate *m = &r->residence[t];
            char label[160];
            snprintf(label, sizeof label, "%s: mean %.3g ps [%.3g, %.3g]", r->type_name[t],
                     m->value * HAVEN_PS_PER_S, m->lo * HAVEN_PS_PER_S, m->hi * HAVEN_PS_PER_S);
            fig_series *s = fig_points(p, label, dur[t], y, NULL, NULL, n, (int)t);
            if (s)
                s->marker = (int)t;
            enum { N = 80 };
            double ct[N], cy[N], t0 = dur[t][0], t1 = dur[t][n - 1];
            for (int i = 0; i < N && m->value > 0; i++) {
                ct[i] = t0 * pow(t1 / t0, i / (N - 1.0));
                cy[i] = exp(-ct[i] / (m->value * HAVEN_PS_PER_S));
            }
            fig_series *l = m->value > 0 && t1 > t0 ? fig_line(p, NULL, ct, cy, N, (int)t) : NULL;
            if (l)
                l->dashed = 1;
        }
        free(y);
        free(dur[t]);
    }
    free(dur);
    free(count);
}

/* Rates from type (row) to type (column), coloured on a log scale, each
 * cell with its value, error and count. */
static void rate_panel(fig *f, const haven_sites_result *r)
{
    size_t nt = r->n_types;
    fig_panel *p = fig_panel_add(f, "jump rates per ion (1/s), ± 1 s.e.", "to site type",
                                 "from site type");
    double *c = malloc((nt + nt * nt) * sizeof *c);
    const char **names = malloc(nt * sizeof *names);
    if (!p || !c || !names) {
        free(c), free(names);
        return;
    }
    double *z = c + nt;
    for (size_t a = 0; a < nt; a++) {
        c[a] = (double)a;
        names[a] = r->type_name[a];
        for (size_t b = 0; b < nt; b++)
            z[a * nt + b] = r->jumps[a * nt + b] ? r->rate[a * nt + b].value : NAN;
    }
    fig_series *m = fig_image(p, "jump rate (1/s)", c, nt, c, nt, z);
    if (m)
        m->zlog = 1, m->cmap = FIG_CMAP_LIGHT;
    fig_panel_categories(p, 0, names, nt);
    fig_panel_categories(p, 1, names, nt);
    p->legend = FIG_LEGEND_NONE;
    for (size_t a = 0; a < nt; a++)
        for (size_t b = 0; b < nt; b++) {
            size_t k = a * nt + b;
            char text[96];
            if (r->jumps[k])
                snprintf(text, sizeof text, "%.3g ± %.2g", r->rate[k].value, r->rate[k].err);
            else
                snprintf(text, sizeof text, "no jumps");
            fig_series *s = fig_text(p, (double)b, (double)a + 0.05, text, 7);
            if (s)
                s->centred = 1;
            if (!r->jumps[k])
                continue;
            snprintf(text, sizeof text, "%zu jumps, %.3g Å", r->jumps[k],
                     r->distance[k] * HAVEN_A_PER_M);
            s = fig_text(p, (double)b, (double)a - 0.25, text, 7);
            if (s)
                s->centred = 1;
        }
    free(c), free(names);
}

/* Dimensionless results with their 95% intervals, against 1. */
static void ratio_panel(fig *f, const sites_view *v)
{
    const haven_sites_result *r = v->r;
    const char *names[4];
    const haven_estimate *e[4];
    size_t n = 0;
    names[n] = "back-jumps", e[n++] = &r->back_fraction;
    names[n] = "f (vectors)", e[n++] = &r->f_jumps;
    if (v->tr) {
        names[n] = "D*/D_jump", e[n++] = &v->eq1->f;
        if (v->tr->have_sigma)
            names[n] = "σ₁/σ_EH", e[n++] = &v->eq1->ratio;
    }
    fig_panel *p = fig_panel_add(f, "back-jump fraction, f, eq. 1 / Einstein–Helfand", NULL,
                                 "estimate with its 95% interval");
    if (!p)
        return;
    fig_panel_categories(p, 0, names, n);
    p->legend = FIG_LEGEND_TOP_RIGHT;
    fig_series *one = fig_hline(p, "1 (uncorrelated; eq. 1 consistent)", 1.0, 7);
    if (one)
        one->dashed = 1;
    for (size_t k = 0; k < n; k++) {
        double x = (double)k, y = e[k]->value, lo = e[k]->lo, hi = e[k]->hi;
        fig_series *s = fig_points(p, k ? NULL : "estimate, 95% interval", &x, &y, &lo, &hi, 1, 0);
        if (s)
            s->marker = 1;
    }
}

fig *sites_figure(const sites_view *v)
{
    char title[512];
    snprintf(title, sizeof title, "Sites of %s in %s (sites from %s): occupancy per site with the "
             "types' means and 95%% intervals; residence-time distributions of the complete "
             "visits against the exponential of the mean residence time (dashed); jump rates "
             "between site types; the back-jump fraction, f from the jump vectors and from "
             "D*/D_jump, and σ from the jumps (eq. 1) over the Einstein–Helfand σ",
             v->species, v->file, v->sites_from);
    fig *f = fig_create("sites", title);
    if (!f)
        return NULL;
    occupancy_panel(f, v->r);
    residence_panel(f, v->r);
    rate_panel(f, v->r);
    ratio_panel(f, v);
    return f;
}

static void type_table(cli_report *rep, const sites_view *v)
{
    const haven_sites_result *r = v->r;
    cli_report_estimate_table(rep, "Per site type (mean over the sites of the type)");
    for (size_t t = 0; t < r->n_types; t++) {
        char name[96];
        snprintf(name, sizeof name, "%s (%zu sites): occupancy", r->type_name[t], r->type_sites[t]);
        st_report_estimate(rep, name, r->occupancy[t], 1, "");
        snprintf(name, sizeof name, "%s: lattice-gas energy", r->type_name[t]);
        st_report_estimate(rep, name, r->energy[t], 1 / HAVEN_EV, "eV");
        snprintf(name, sizeof name, "%s: residence time", r->type_name[t]);
        st_report_estimate(rep, name, r->residence[t], HAVEN_PS_PER_S, "ps");
        snprintf(name, sizeof name, "%s: configurational entropy", r->type_name[t]);
        st_report_estimate(rep, name, v->entropy[t], 1 / HAVEN_KB, "k_B per site");
    }
    cli_report_table_end(rep);
    cli_report_estimate_table(rep, "Jump rates between site types (per ion on a from-site)");
    for (size_t a = 0; a < r->n_types; a++)
        for (size_t b = 0; b < r->n_types; b++)
            if (r->jumps[a * r->n_types + b]) {
                char name[128];
                snprintf(name, sizeof name, "%s → %s (%zu jumps, %.3g Å)", r->type_name[a],
                         r->type_name[b], r->jumps[a * r->n_types + b],
                         r->distance[a * r->n_types + b] * HAVEN_A_PER_M);
                st_report_estimate(rep, name, r->rate[a * r->n_types + b], 1, "1/s");
            }
    cli_report_table_end(rep);
}

static void transport_table(cli_report *rep, const sites_view *v)
{
    const haven_sites_result *r = v->r;
    cli_report_estimate_table(rep, "Jumps and transport");
    st_report_estimate(rep, "jump rate per ion", r->jump_rate, 1, "1/s");
    st_report_estimate(rep, "back-jump fraction", r->back_fraction, 1, "");
    st_report_estimate(rep, "D_jump = Σa² / (6Nt)", r->D_jump, HAVEN_CM2_PER_M2, "cm²/s");
    st_report_estimate(rep, "f from the jump vectors", r->f_jumps, 1, "");
    if (v->tr) {
        st_report_estimate(rep, "D* (MSD)", v->tr->tracer.D, HAVEN_CM2_PER_M2, "cm²/s");
        st_report_estimate(rep, "f = D*/D_jump", v->eq1->f, 1, "");
    }
    if (v->tr && v->tr->have_sigma) {
        st_report_estimate(rep, "σ (Einstein–Helfand)", v->tr->cond.sigma, HAVEN_MS_CM_PER_S_M,
                           "mS/cm");
        st_report_estimate(rep, "Haven ratio", v->tr->cond.haven_ratio, 1, "");
        st_report_estimate(rep, "σ from eq. 1 (counted jumps)", v->eq1->sigma1,
                           HAVEN_MS_CM_PER_S_M, "mS/cm");
        st_report_estimate(rep, "eq. 1 / Einstein–Helfand", v->eq1->ratio, 1, "");
    }
    cli_report_table_end(rep);
}

static void sites_warnings(cli_report *rep, const sites_view *v)
{
    const haven_sites_result *r = v->r;
    if (r->n_jumps == 0)
        cli_report_warning(rep, "No ion changed site: rates, f and the residence times are "
                                "undefined.");
    if (r->on_site_fraction < 0.5)
        cli_report_warning(rep, "The ions are inside a site sphere only %.0f%% of the time: the "
                                "sites or the radius (%.3g Å) may not describe where they sit.",
                           100 * r->on_site_fraction, r->radius * HAVEN_A_PER_M);
    if (v->tr && v->tr->have_sigma &&
        (v->eq1->ratio.lo > 1 || v->eq1->ratio.hi < 1))
        cli_report_warning(rep, "σ from the counted jumps (eq. 1) differs from the "
                                "Einstein–Helfand σ beyond its interval (ratio %.3g): jumps are "
                                "missed between sites or counted twice.",
                           v->eq1->ratio.value);
    if (!v->tr)
        cli_report_warning(rep, "D*, f = D*/D_jump and σ were not computed (--no-msd, or no "
                                "jumps).");
}

void sites_report(cli_report *rep, const sites_view *v)
{
    const haven_sites_result *r = v->r;
    cli_report_section(rep, "Results");
    cli_report_text(rep, "%s: %zu ions of %s over %zu frames (%.4g ps); %zu sites from %s "
                         "(supercell %zu×%zu×%zu), radius %.3g Å; ions on a site %.1f%% of the "
                         "time; %zu jumps; errors by the jackknife over %zu time blocks.",
                    v->file, r->n_ions, v->species, r->n_frames, r->duration * HAVEN_PS_PER_S,
                    r->n_sites, v->sites_from, r->supercell[0], r->supercell[1],
                    r->supercell[2], r->radius * HAVEN_A_PER_M, 100 * r->on_site_fraction,
                    r->n_jumps, r->n_blocks);
    type_table(rep, v);
    transport_table(rep, v);
    if (v->conc)
        cli_report_text(rep, "Concerted jumps within %.4g ps and %.3g Å: %zu pairs observed, "
                             "%.4g expected at independent times (z = %.3g, p = %.3g).",
                        v->conc->window * HAVEN_PS_PER_S, v->conc->radius * HAVEN_A_PER_M,
                        v->conc->pairs, v->conc->expected, v->conc->z, v->conc->p_value);
    sites_warnings(rep, v);
    cli_report_method(rep, "Site assignment",
                      "An ion is on a site only inside a sphere about it; in the transition "
                      "region between spheres it belongs to the site it last sat on, and a jump "
                      "is counted when it settles on another site. Every quantity is a ratio of "
                      "sums over time blocks; its error is the jackknife over blocks, its "
                      "interval ± t(0.975, B−1) s.e.",
                      "N. J. J. de Klerk, E. van der Maas and M. Wagemaker, ACS Appl. Energy "
                      "Mater. 1, 3230 (2018) (GEMDAT).");
    cli_report_method(rep, "Correlation factor and eq. 1",
                      "D_jump = Σ|a|²/(6Nt) from the counted jumps; f = D*/D_jump with D* from "
                      "the MSD; σ = (f/H_R)(nq²/kT)⟨a²⟩Γ/6 from the jumps against the "
                      "Einstein–Helfand σ (errors combined as independent).",
                      "G. E. Murch, Solid State Ionics 7, 177 (1982).");
}

fig *sites_runs_figure(const sites_runs_view *v)
{
    double y[ST_MAX_FILES], e[ST_MAX_FILES];
    for (size_t k = 0; k < v->n && k < ST_MAX_FILES; k++)
        y[k] = v->rate[k].value, e[k] = v->rate[k].err;
    char title[256];
    snprintf(title, sizeof title, "Jump rate per ion of %zu runs against 1000/T: points ± 1 s.e., "
             "Arrhenius fit with its 95%% band; Ea = %.3g eV [%.3g, %.3g]",
             v->n, v->fit->Ea.value / HAVEN_EV, v->fit->Ea.lo / HAVEN_EV, v->fit->Ea.hi / HAVEN_EV);
    fig *f = fig_create("arrhenius", title);
    fig_arrhenius_data d = {.ylabel = "jump rate per ion (1/s)", .series = "runs", .T = v->T,
                            .y = y, .err = e, .n = v->n, .arrhenius = v->fit, .at_T = NAN};
    if (f && !fig_arrhenius_panel(f, "jump rate per ion", &d)) {
        fig_free(f);
        return NULL;
    }
    return f;
}

void sites_runs_report(cli_report *rep, const sites_runs_view *v)
{
    cli_report_section(rep, "Results");
    cli_report_estimate_table(rep, "Jump rate per ion of each run");
    for (size_t k = 0; k < v->n; k++) {
        char name[512];
        snprintf(name, sizeof name, "%s at %.1f K (%zu jumps)", v->files[k], v->T[k],
                 v->jumps[k]);
        st_report_estimate(rep, name, v->rate[k], 1, "1/s");
    }
    cli_report_table_end(rep);
    cli_report_estimate_table(rep, "Arrhenius fit Γ = A exp(−Ea/kT)");
    st_report_estimate(rep, "Ea", v->fit->Ea, 1 / HAVEN_EV, "eV");
    const haven_estimate *l = &v->fit->lnA;
    cli_report_estimate(rep, "prefactor A", exp(l->value), exp(l->value) * l->err, exp(l->lo),
                        exp(l->hi), "1/s");
    cli_report_table_end(rep);
    if (v->fit->misfit)
        cli_report_warning(rep, "The rates scatter more than their errors about the Arrhenius "
                                "line (Birge ratio %.3g): errors widened; the law may not hold.",
                           v->fit->birge);
    cli_report_method(rep, "Arrhenius fit of the jump rate",
                      "Weighted least squares of ln Γ against 1/T with the runs' jackknife "
                      "errors; errors widened by the Birge ratio when the points scatter more.",
                      "S. Arrhenius, Z. Phys. Chem. 4, 226 (1889); R. T. Birge, Phys. Rev. 40, "
                      "207 (1932).");
}
