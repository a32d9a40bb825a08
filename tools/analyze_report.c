/* Tables for `haven analyze` (its JSON is the library's). Units printed: sigma in mS/cm, D in
 * cm^2/s, Onsager coefficients as e^2 L_ab in mS/cm (so that
 * sigma = sum_ab q_a q_b e^2 L_ab reads directly), E_a in eV, T in K. */
#include "analyze.h"
#include "units_cli.h"

#include "report.h"

#include "core/units.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


static const char *frame_name(const haven_run_result *r, int frame)
{
    return frame < 0 ? "barycentric" : r->sp[frame].name;
}

static void table_est(FILE *out, const char *label, const haven_estimate *e, double scale,
                      const char *unit)
{
    fprintf(out, "  %-22s %-11.4g +- %-9.2g [%.4g, %.4g] %s\n", label, e->value * scale,
            e->err * scale, e->lo * scale, e->hi * scale, unit);
}

static void table_transference(FILE *out, const haven_run_result *r, const haven_conductivity *c)
{
    fprintf(out, "  transference numbers (%s frame):\n", frame_name(r, c->frame));
    for (size_t a = 0; a < r->n_species; a++)
        fprintf(out, "    %-6s ideal %.3f +- %.3f   correlated %.3f +- %.3f\n", r->sp[a].name,
                c->t_ideal[a].value, c->t_ideal[a].err, c->t_corr[a].value, c->t_corr[a].err);
}

static void table_onsager(FILE *out, const haven_run_result *r, const haven_conductivity *c)
{
    size_t K = r->n_species;
    fprintf(out, "  Onsager e^2 L_ab, %s (%s frame):   L = self + distinct\n", cli_sigma_unit.name,
            frame_name(r, c->frame));
    for (size_t a = 0; a < K; a++)
        for (size_t b = a; b < K; b++) {
            size_t p = haven_pair_index(a, b, K);
            fprintf(out, "    %-4s %-4s %11.4g +- %-9.2g self %11.4g  distinct %11.4g +- %.2g\n",
                    r->sp[a].name, r->sp[b].name, c->L[p].value * cli_onsager_scale(),
                    c->L[p].err * cli_onsager_scale(), c->L_self[p].value * cli_onsager_scale(),
                    c->L_distinct[p].value * cli_onsager_scale(),
                    c->L_distinct[p].err * cli_onsager_scale());
        }
}

static void table_gk_self(FILE *out, const haven_run_result *r)
{
    if (!r->gk.D) {
        if (r->gk.self_note[0])
            fprintf(out, "    D* (Green-Kubo) not reported: %s\n", r->gk.self_note);
        return;
    }
    for (size_t a = 0; a < r->n_species; a++) {
        const haven_gk_value *v = &r->gk.D[a];
        if (!v->ok) {
            fprintf(out, "    D*(%s) not reported: %s\n", r->sp[a].name, r->gk.self_note);
            continue;
        }
        const haven_dfit_result *d = &r->tracer[a];
        haven_estimate msd = d->D;
        fprintf(out,
                "    D*(%s) %.4g +- %.2g %s [%.4g, %.4g] (%.3g-%.3g ps); MSD %.4g: z = %+.2f\n",
                r->sp[a].name, v->est.value * cli_D_unit.scale, v->est.err * cli_D_unit.scale,
                cli_D_unit.name, v->est.lo * cli_D_unit.scale, v->est.hi * cli_D_unit.scale,
                v->window_start * HAVEN_PS_PER_S, v->window_end * HAVEN_PS_PER_S, msd.value * cli_D_unit.scale,
                haven_estimate_z(&v->est, &msd));
    }
}

static void table_green_kubo(FILE *out, const haven_run_result *r)
{
    const haven_green_kubo *g = &r->gk;
    if (!g->ok) {
        fprintf(out, "  sigma (Green-Kubo)     not reported: %s\n", g->note);
    } else {
        table_est(out, "sigma (Green-Kubo)", &g->sigma, cli_sigma_unit.scale, cli_sigma_unit.name);
        fprintf(out, "    read over %.3g-%.3g ps, %zu blocks; vs Einstein-Helfand: z = %+.2f\n",
                g->plateau_start * HAVEN_PS_PER_S, g->plateau_end * HAVEN_PS_PER_S, g->n_blocks,
                haven_estimate_z(&g->sigma, &r->bary.sigma));
        size_t K = r->n_species;
        for (size_t a = 0; g->L && a < K; a++)
            for (size_t b = a; b < K; b++) {
                const haven_gk_value *v = &g->L[haven_pair_index(a, b, K)];
                if (v->ok)
                    fprintf(out, "    e^2 L(%s,%s) %.4g +- %.2g %s; Einstein-Helfand z = %+.2f\n",
                            r->sp[a].name, r->sp[b].name, v->est.value * cli_onsager_scale(),
                            v->est.err * cli_onsager_scale(), cli_sigma_unit.name,
                            haven_estimate_z(&v->est, &r->bary.L[haven_pair_index(a, b, K)]));
            }
    }
    table_gk_self(out, r);
}

void analyze_table_run(FILE *out, const haven_run_result *r)
{
    report_table_header(out, r);
    report_table_diffusion(out, r);
    const haven_conductivity *c = &r->bary;
    fprintf(out, "  T used: %.1f K (%s)\n", r->T, r->T_source);
    fprintf(out, "  concentration:");
    for (size_t a = 0; a < r->n_species; a++) { /* per nm^3 and mol/L (1 L = 1e24 nm^3) */
        double n = (double)r->count[a] / r->info.volume_mean * 1e-27;
        fprintf(out, "%s %s %.4g nm^-3 = %.4g mol/L", a ? "," : "", r->sp[a].name, n,
                n * 1e24 / HAVEN_NA);
    }
    fputc('\n', out);
    table_est(out, "sigma (Einstein-Helfand)", &c->sigma, cli_sigma_unit.scale,
              cli_sigma_unit.name);
    table_est(out, "sigma_NE", &c->sigma_ne, cli_sigma_unit.scale, cli_sigma_unit.name);
    table_est(out, "D_sigma", &c->d_sigma, cli_D_unit.scale, cli_D_unit.name);
    table_est(out, "Haven ratio", &c->haven_ratio, 1, "");
    if (r->have_gk)
        table_green_kubo(out, r);
    table_transference(out, r, c);
    if (r->frame_index >= 0)
        table_transference(out, r, &r->framed);
    table_onsager(out, r, c);
    const haven_tensor *t = &c->tensor;
    fprintf(out,
            "  sigma tensor principal values (%s): %.4g +- %.2g, %.4g +- %.2g, "
            "%.4g +- %.2g; anisotropy %.3g; transport is %dD\n",
            cli_sigma_unit.name, t->principal[0] * cli_sigma_unit.scale,
            t->principal_err[0] * cli_sigma_unit.scale, t->principal[1] * cli_sigma_unit.scale,
            t->principal_err[1] * cli_sigma_unit.scale, t->principal[2] * cli_sigma_unit.scale,
            t->principal_err[2] * cli_sigma_unit.scale, t->anisotropy, t->dimensionality);
}

/* One row per run, sorted by temperature: the points of the Arrhenius fits. */
static size_t *by_temperature(const haven_analysis *a)
{
    size_t *o = malloc(a->n_runs * sizeof *o);
    for (size_t k = 0; o && k < a->n_runs; k++) {
        size_t j = k;
        while (j > 0 && a->runs[o[j - 1]].T > a->runs[k].T) {
            o[j] = o[j - 1];
            j--;
        }
        o[j] = k;
    }
    return o;
}

void analyze_table_temperatures(FILE *out, const haven_analysis *a)
{
    size_t *ord = by_temperature(a);
    if (!ord)
        return;
    const haven_run_result *r0 = &a->runs[0];
    char head[40];
    snprintf(head, sizeof head, "sigma (%s)", cli_sigma_unit.name);
    fprintf(out, "  %8s  %-22s %-16s", "T (K)", head, "H_R");
    for (size_t g = 0; g < r0->n_species; g++)
        fprintf(out, " D*(%s) (%s)%*s", r0->sp[g].name, cli_D_unit.name,
                (int)(7 - strlen(r0->sp[g].name)), "");
    fputc('\n', out);
    for (size_t i = 0; i < a->n_runs; i++) {
        const haven_run_result *r = &a->runs[ord[i]];
        char sig[48], hr[48];
        snprintf(sig, sizeof sig, "%.4g +- %.2g", r->bary.sigma.value * cli_sigma_unit.scale,
                 r->bary.sigma.err * cli_sigma_unit.scale);
        snprintf(hr, sizeof hr, "%.3f +- %.3f", r->bary.haven_ratio.value, r->bary.haven_ratio.err);
        fprintf(out, "  %8.1f  %-22s %-16s", r->T, sig, hr);
        for (size_t g = 0; g < r->n_species; g++) {
            char d[48];
            snprintf(d, sizeof d, "%.4g +- %.2g", r->sp[g].fit.D.value * cli_D_unit.scale,
                     r->sp[g].fit.D.err * cli_D_unit.scale);
            fprintf(out, " %-22s", d);
        }
        fputc('\n', out);
    }
    free(ord);
}

int analyze_csv_temperatures(FILE *out, const haven_analysis *a)
{
    size_t *ord = by_temperature(a);
    if (!ord)
        return -1;
    const haven_run_result *r0 = &a->runs[0];
    /* the units in the column names: sigma_mS_per_cm, D_Li_cm2_per_s unless --units */
    fprintf(out, "T_K,sigma_%s,sigma_err,sigma_lo95,sigma_hi95,haven_ratio,haven_ratio_err",
            cli_sigma_unit.key);
    for (size_t g = 0; g < r0->n_species; g++)
        fprintf(out, ",D_%s_%s,D_%s_err,D_%s_lo95,D_%s_hi95", r0->sp[g].name, cli_D_unit.key,
                r0->sp[g].name, r0->sp[g].name, r0->sp[g].name);
    fprintf(out, ",file\n");
    for (size_t i = 0; i < a->n_runs; i++) {
        const haven_run_result *r = &a->runs[ord[i]];
        const haven_estimate *e = &r->bary.sigma;
        fprintf(out, "%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g", r->T,
                e->value * cli_sigma_unit.scale, e->err * cli_sigma_unit.scale,
                e->lo * cli_sigma_unit.scale, e->hi * cli_sigma_unit.scale,
                r->bary.haven_ratio.value, r->bary.haven_ratio.err);
        for (size_t g = 0; g < r->n_species; g++) {
            const haven_dfit_result *f = &r->sp[g].fit;
            fprintf(out, ",%.10g,%.10g,%.10g,%.10g", f->D.value * cli_D_unit.scale,
                    f->D.err * cli_D_unit.scale, f->D.lo * cli_D_unit.scale,
                    f->D.hi * cli_D_unit.scale);
        }
        fputs(",\"", out); /* the path quoted, quotes doubled (RFC 4180) */
        for (const char *c = r->path; *c; c++)
            fputs(*c == '"' ? "\"\"" : (char[]){*c, 0}, out);
        fputs("\"\n", out);
    }
    free(ord);
    return 0;
}

void analyze_table_series(FILE *out, const haven_series_result *s, const haven_run_result *first)
{
    if (!s->ok) {
        fprintf(out, "temperature series: %s\n", s->note);
        return;
    }
    const haven_arrhenius_result *f = &s->sigma;
    fprintf(out, "temperature series (Arrhenius, sigma T = A exp(-Ea/kT)):\n");
    fprintf(out, "  Ea(sigma) = %.4f +- %.4f eV   A = %.4g %s K   chi2 = %.3g (%zu dof)\n",
            f->Ea.value / HAVEN_EV, f->Ea.err / HAVEN_EV, exp(f->lnA.value) * cli_sigma_unit.scale,
            cli_sigma_unit.name, f->chi2, f->dof);
    fprintf(out, "  sigma(%.0f K) = %.4g %s, 95%% interval [%.4g, %.4g]\n", s->at,
            s->sigma_at.value * cli_sigma_unit.scale, cli_sigma_unit.name,
            s->sigma_at.lo * cli_sigma_unit.scale, s->sigma_at.hi * cli_sigma_unit.scale);
    for (size_t a = 0; a < s->n_species; a++)
        fprintf(out, "  %-6s Ea(D) = %.4f +- %.4f eV   D(%.0f K) = %.4g %s [%.4g, %.4g]\n",
                first->sp[a].name, s->D[a].Ea.value / HAVEN_EV, s->D[a].Ea.err / HAVEN_EV, s->at,
                s->D_at[a].value * cli_D_unit.scale, cli_D_unit.name,
                s->D_at[a].lo * cli_D_unit.scale, s->D_at[a].hi * cli_D_unit.scale);
    if (s->have_vft)
        fprintf(out,
                "  VFT: B = %.4f +- %.4f eV, T0 = %.1f K; AIC Arrhenius %.2f vs VFT %.2f: "
                "%s preferred\n",
                s->vft.B.value / HAVEN_EV, s->vft.B.err / HAVEN_EV, s->vft.T0.value, s->sigma.aic,
                s->vft.aic, s->vft.aic < s->sigma.aic ? "VFT" : "Arrhenius");
    if (s->have_entropy)
        fprintf(out, "  activation entropy dS = %.3f +- %.3f k_B (f = %.4g, mean H_R = %.3f)\n",
                s->dS.value / HAVEN_KB, s->dS.err / HAVEN_KB, s->corr_f, s->haven_ratio_mean);
}
