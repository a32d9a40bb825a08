/* Tables and JSON for `haven analyze`. Units printed: sigma in mS/cm, D in
 * cm^2/s, Onsager coefficients as e^2 L_ab in mS/cm (so that
 * sigma = sum_ab q_a q_b e^2 L_ab reads directly), E_a in eV, T in K. */
#include "analyze.h"

#include "report.h"

#include <math.h>
#include <string.h>

#define MS_CM_PER_S_M 10.0 /* 1 S/m = 10 mS/cm */
#define Z95 1.959963984540054
/* L_ab (1/(J m s)) -> e^2 L_ab in mS/cm */
#define L_SCALE (HAVEN_E_CHARGE * HAVEN_E_CHARGE * MS_CM_PER_S_M)

static void json_est(json_writer *w, const char *key, const haven_estimate *e, double scale,
                     const char *unit)
{
    json_quantity(w, key, e->value * scale, e->err * scale, e->lo * scale, e->hi * scale, unit);
}

static const char *frame_name(const analyze_run *r, int frame)
{
    return frame < 0 ? "barycentric" : r->run.sp[frame].name;
}

static void json_transference(json_writer *w, const analyze_run *r, const haven_conductivity *c)
{
    for (size_t a = 0; a < r->run.n_species; a++) {
        json_begin_object(w, NULL);
        json_string(w, "name", r->run.sp[a].name);
        json_string(w, "frame", frame_name(r, c->frame));
        json_est(w, "ideal", &c->t_ideal[a], 1, "1");
        json_est(w, "correlated", &c->t_corr[a], 1, "1");
        json_est(w, "sigma_part", &c->sigma_part[a], MS_CM_PER_S_M, "mS/cm");
        json_end_object(w);
    }
}

static void json_onsager(json_writer *w, const analyze_run *r, const haven_conductivity *c,
                         const char *key)
{
    size_t K = r->run.n_species;
    json_begin_object(w, key);
    json_string(w, "frame", frame_name(r, c->frame));
    json_string(w, "quantity", "e^2 L_ab");
    json_string(w, "unit", "mS/cm");
    json_begin_array(w, "pairs");
    for (size_t a = 0; a < K; a++)
        for (size_t b = a; b < K; b++) {
            size_t p = haven_pair_index(a, b, K);
            json_begin_object(w, NULL);
            json_string(w, "a", r->run.sp[a].name);
            json_string(w, "b", r->run.sp[b].name);
            json_est(w, "L", &c->L[p], L_SCALE, "mS/cm");
            json_est(w, "self", &c->L_self[p], L_SCALE, "mS/cm");
            json_est(w, "distinct", &c->L_distinct[p], L_SCALE, "mS/cm");
            json_end_object(w);
        }
    json_end_array(w);
    json_end_object(w);
}

static void json_tensor(json_writer *w, const char *key, const haven_tensor *t, double scale,
                        const char *unit)
{
    json_begin_object(w, key);
    json_string(w, "unit", unit);
    json_begin_array(w, "components");
    for (int a = 0; a < 3; a++) {
        json_begin_array(w, NULL);
        for (int b = 0; b < 3; b++)
            json_number(w, NULL, t->comp[a][b].value * scale);
        json_end_array(w);
    }
    json_end_array(w);
    json_begin_array(w, "principal");
    for (int k = 0; k < 3; k++) {
        double v = t->principal[k] * scale, e = t->principal_err[k] * scale;
        json_begin_object(w, NULL);
        json_number(w, "value", v);
        json_number(w, "stderr", e);
        json_begin_array(w, "axis");
        for (int c = 0; c < 3; c++)
            json_number(w, NULL, t->axes[k][c]);
        json_end_array(w);
        json_end_object(w);
    }
    json_end_array(w);
    json_number(w, "anisotropy", t->anisotropy);
    json_end_object(w);
}

static void json_dimensionality(json_writer *w, const haven_tensor *t)
{
    json_begin_object(w, "dimensionality");
    json_int(w, "value", t->dimensionality);
    json_string(w, "criterion",
                "principal directions whose 95% upper bound reaches 10% of "
                "the largest principal conductivity");
    json_end_object(w);
}

static void json_gk_value(json_writer *w, const char *key, const haven_gk_value *v, double scale,
                          const char *unit)
{
    if (!v->ok) {
        json_null(w, key);
        return;
    }
    json_est(w, key, &v->est, scale, unit);
    json_number(w, "window_start_ps", v->window_start * PS_PER_S);
    json_number(w, "window_end_ps", v->window_end * PS_PER_S);
}

static void json_gk_self(json_writer *w, const analyze_run *r)
{
    json_begin_array(w, "D");
    for (size_t a = 0; a < r->run.n_species; a++) {
        const haven_gk_value *v = &r->gk.D[a];
        haven_estimate msd = analyze_msd_D(r, a);
        json_begin_object(w, NULL);
        json_string(w, "name", r->run.sp[a].name);
        json_gk_value(w, "D", v, CM2_PER_M2, "cm^2/s");
        json_est(w, "D_msd", &msd, CM2_PER_M2, "cm^2/s");
        json_number(w, "z_vs_msd", v->ok ? haven_estimate_z(&v->est, &msd) : NAN);
        json_number(w, "vacf_lag1", v->lag1);
        json_int(w, "n_blocks", (long long)v->n_blocks);
        json_end_object(w);
    }
    json_end_array(w);
    json_string(w, "D_note", r->gk.self_note);
}

static void json_gk_onsager(json_writer *w, const analyze_run *r)
{
    size_t K = r->run.n_species;
    json_begin_array(w, "onsager");
    for (size_t a = 0; a < K; a++)
        for (size_t b = a; b < K; b++) {
            size_t p = haven_pair_index(a, b, K);
            json_begin_object(w, NULL);
            json_string(w, "a", r->run.sp[a].name);
            json_string(w, "b", r->run.sp[b].name);
            json_gk_value(w, "L", &r->gk.L[p], L_SCALE, "mS/cm");
            json_number(w, "z_vs_einstein_helfand",
                        r->gk.L[p].ok ? haven_estimate_z(&r->gk.L[p].est, &r->bary.L[p]) : NAN);
            json_end_object(w);
        }
    json_end_array(w);
}

static void json_green_kubo(json_writer *w, const analyze_run *r)
{
    json_begin_object(w, "green_kubo");
    json_string(w, "method",
                "running integral averaged over [2m,4m], m the first lag where its drift over "
                "[m,2m] and [2m,4m] is within 2 standard errors; errors from 10 blocks of the "
                "run (sigma, L; D*: window from 10 groups of atoms, error from 5 blocks); "
                "docs/greenkubo.md");
    json_bool(w, "ok", r->gk.ok);
    if (r->gk.ok) {
        json_est(w, "sigma", &r->gk.sigma, MS_CM_PER_S_M, "mS/cm");
        json_number(w, "plateau_start_ps", r->gk.plateau_start * PS_PER_S);
        json_number(w, "plateau_end_ps", r->gk.plateau_end * PS_PER_S);
        json_number(w, "z_vs_einstein_helfand", haven_estimate_z(&r->gk.sigma, &r->bary.sigma));
    }
    json_int(w, "n_blocks", (long long)r->gk.n_blocks);
    json_number(w, "acf_lag1", r->gk.acf_lag1);
    json_string(w, "note", r->gk.note);
    if (r->gk.L)
        json_gk_onsager(w, r);
    if (r->gk.D)
        json_gk_self(w, r);
    else
        json_string(w, "D_note", r->gk.self_note);
    json_end_object(w);
}

void analyze_json_run(json_writer *w, const analyze_run *r)
{
    report_json_run_header(w, &r->run);
    json_begin_object(w, "temperature_used");
    json_number(w, "value", r->T);
    json_string(w, "unit", "K");
    json_string(w, "source", r->T_source);
    json_end_object(w);
    json_begin_array(w, "species");
    for (size_t a = 0; a < r->run.n_species; a++) {
        json_begin_object(w, NULL);
        report_json_species(w, &r->run.sp[a]);
        json_number(w, "charge", r->charge[a]);
        json_number(w, "concentration_per_nm3", r->count[a] / r->run.info.volume_mean * 1e-27);
        json_tensor(w, "D_tensor", &r->dtensor[a], CM2_PER_M2, "cm^2/s");
        json_end_object(w);
    }
    json_end_array(w);
    const haven_conductivity *c = &r->bary;
    json_est(w, "sigma", &c->sigma, MS_CM_PER_S_M, "mS/cm");
    const haven_dfit_result *f = &c->charge_fit;
    json_begin_object(w, "sigma_fit");
    json_number(w, "start_ps", f->start * 1e12);
    json_number(w, "end_ps", f->end * 1e12);
    json_string(w, "error",
                f->err_from_blocks
                    ? "noise model rescaled by the scatter of independent time blocks"
                    : "noise model");
    json_number(w, "error_kappa", f->err_from_blocks ? f->err_kappa : NAN);
    json_number(w, "error_dof", f->err_from_blocks ? f->err_dof : NAN);
    json_number(w, "stderr_model_rel", f->D_err_model / f->D);
    json_number(w, "white_noise_fraction", f->white_noise);
    json_number(w, "linearity_z", f->linear_z);
    json_number(w, "chi2_reduced", f->chi2_red);
    json_end_object(w);
    json_est(w, "sigma_NE", &c->sigma_ne, MS_CM_PER_S_M, "mS/cm");
    json_est(w, "D_sigma", &c->d_sigma, CM2_PER_M2, "cm^2/s");
    json_est(w, "haven_ratio", &c->haven_ratio, 1, "1");
    json_begin_array(w, "transference");
    json_transference(w, r, c);
    if (r->frame_index >= 0)
        json_transference(w, r, &r->framed);
    json_end_array(w);
    json_onsager(w, r, c, "onsager");
    if (r->frame_index >= 0)
        json_onsager(w, r, &r->framed, "onsager_frame");
    json_tensor(w, "sigma_tensor", &c->tensor, MS_CM_PER_S_M, "mS/cm");
    json_dimensionality(w, &c->tensor);
    if (r->have_gk)
        json_green_kubo(w, r);
}

static void json_arrhenius_fit(json_writer *w, const haven_arrhenius_result *f, double pre_scale,
                               const char *pre_unit)
{
    double q = f->q95;
    json_quantity(w, "Ea", f->Ea / HAVEN_EV, f->Ea_err / HAVEN_EV,
                  (f->Ea - q * f->Ea_err) / HAVEN_EV, (f->Ea + q * f->Ea_err) / HAVEN_EV, "eV");
    double A = exp(f->lnA) * pre_scale;
    json_quantity(w, "prefactor", A, A * f->lnA_err, A * exp(-q * f->lnA_err),
                  A * exp(q * f->lnA_err), pre_unit);
    json_number(w, "chi2", f->chi2);
    json_number(w, "aic", f->aic);
    json_number(w, "bic", f->bic);
}

void analyze_json_series(json_writer *w, const analyze_opts *o, const analyze_series *s)
{
    if (!s->ok) {
        json_null(w, "arrhenius");
        json_string(w, "arrhenius_note", s->note);
        return;
    }
    char key[32];
    json_begin_object(w, "arrhenius");
    json_string(w, "model", "sigma T = A exp(-Ea / kT); D = A exp(-Ea / kT)");
    json_arrhenius_fit(w, &s->sigma, 0.01, "S K/cm");
    json_number(w, "T_extrapolated", o->at_T);
    snprintf(key, sizeof key, "sigma_%.0fK", o->at_T);
    json_quantity(w, key, s->sigma_at * MS_CM_PER_S_M, s->sigma_at_err * MS_CM_PER_S_M,
                  s->sigma_at_lo * MS_CM_PER_S_M, s->sigma_at_hi * MS_CM_PER_S_M, "mS/cm");
    snprintf(key, sizeof key, "D_%.0fK", o->at_T);
    json_begin_object(w, key);
    for (size_t a = 0; a < s->n_species; a++)
        json_quantity(w, s->first->run.sp[a].name, s->D_at[a][0] * CM2_PER_M2,
                      s->D_at[a][1] * CM2_PER_M2, s->D_at[a][2] * CM2_PER_M2,
                      s->D_at[a][3] * CM2_PER_M2, "cm^2/s");
    json_end_object(w);
    json_begin_object(w, "D");
    for (size_t a = 0; a < s->n_species; a++) {
        json_begin_object(w, s->first->run.sp[a].name);
        json_arrhenius_fit(w, &s->D[a], CM2_PER_M2, "cm^2/s");
        json_end_object(w);
    }
    json_end_object(w);
    if (s->have_vft) {
        const haven_vft_result *v = &s->vft;
        json_begin_object(w, "vft");
        json_quantity(w, "B", v->B / HAVEN_EV, v->B_err / HAVEN_EV,
                      (v->B - v->q95 * v->B_err) / HAVEN_EV, (v->B + v->q95 * v->B_err) / HAVEN_EV,
                      "eV");
        json_quantity(w, "T0", v->T0, v->T0_err, v->T0_lo95, v->T0_hi95, "K");
        json_number(w, "aic", v->aic);
        json_number(w, "bic", v->bic);
        json_end_object(w);
        json_string(w, "preferred", v->aic < s->sigma.aic ? "vft" : "arrhenius");
    }
    if (s->have_entropy)
        json_quantity(w, "activation_entropy", s->dS / HAVEN_KB, s->dS_err / HAVEN_KB,
                      (s->dS - Z95 * s->dS_err) / HAVEN_KB, (s->dS + Z95 * s->dS_err) / HAVEN_KB,
                      "k_B");
    json_end_object(w);
}

static void table_est(FILE *out, const char *label, const haven_estimate *e, double scale,
                      const char *unit)
{
    fprintf(out, "  %-22s %-11.4g +- %-9.2g [%.4g, %.4g] %s\n", label, e->value * scale,
            e->err * scale, e->lo * scale, e->hi * scale, unit);
}

static void table_transference(FILE *out, const analyze_run *r, const haven_conductivity *c)
{
    fprintf(out, "  transference numbers (%s frame):\n", frame_name(r, c->frame));
    for (size_t a = 0; a < r->run.n_species; a++)
        fprintf(out, "    %-6s ideal %.3f +- %.3f   correlated %.3f +- %.3f\n", r->run.sp[a].name,
                c->t_ideal[a].value, c->t_ideal[a].err, c->t_corr[a].value, c->t_corr[a].err);
}

static void table_onsager(FILE *out, const analyze_run *r, const haven_conductivity *c)
{
    size_t K = r->run.n_species;
    fprintf(out, "  Onsager e^2 L_ab, mS/cm (%s frame):   L = self + distinct\n",
            frame_name(r, c->frame));
    for (size_t a = 0; a < K; a++)
        for (size_t b = a; b < K; b++) {
            size_t p = haven_pair_index(a, b, K);
            fprintf(out, "    %-4s %-4s %11.4g +- %-9.2g self %11.4g  distinct %11.4g +- %.2g\n",
                    r->run.sp[a].name, r->run.sp[b].name, c->L[p].value * L_SCALE,
                    c->L[p].err * L_SCALE, c->L_self[p].value * L_SCALE,
                    c->L_distinct[p].value * L_SCALE, c->L_distinct[p].err * L_SCALE);
        }
}

static void table_gk_self(FILE *out, const analyze_run *r)
{
    if (!r->gk.D) {
        if (r->gk.self_note[0])
            fprintf(out, "    D* (Green-Kubo) not reported: %s\n", r->gk.self_note);
        return;
    }
    for (size_t a = 0; a < r->run.n_species; a++) {
        const haven_gk_value *v = &r->gk.D[a];
        if (!v->ok) {
            fprintf(out, "    D*(%s) not reported: %s\n", r->run.sp[a].name, r->gk.self_note);
            continue;
        }
        haven_estimate msd = analyze_msd_D(r, a);
        fprintf(out,
                "    D*(%s) %.4g +- %.2g cm^2/s [%.4g, %.4g] (%.3g-%.3g ps); MSD %.4g: z = %+.2f\n",
                r->run.sp[a].name, v->est.value * CM2_PER_M2, v->est.err * CM2_PER_M2,
                v->est.lo * CM2_PER_M2, v->est.hi * CM2_PER_M2, v->window_start * PS_PER_S,
                v->window_end * PS_PER_S, msd.value * CM2_PER_M2, haven_estimate_z(&v->est, &msd));
    }
}

static void table_green_kubo(FILE *out, const analyze_run *r)
{
    const haven_green_kubo *g = &r->gk;
    if (!g->ok) {
        fprintf(out, "  sigma (Green-Kubo)     not reported: %s\n", g->note);
    } else {
        table_est(out, "sigma (Green-Kubo)", &g->sigma, MS_CM_PER_S_M, "mS/cm");
        fprintf(out, "    read over %.3g-%.3g ps, %zu blocks; vs Einstein-Helfand: z = %+.2f\n",
                g->plateau_start * PS_PER_S, g->plateau_end * PS_PER_S, g->n_blocks,
                haven_estimate_z(&g->sigma, &r->bary.sigma));
        size_t K = r->run.n_species;
        for (size_t a = 0; g->L && a < K; a++)
            for (size_t b = a; b < K; b++) {
                const haven_gk_value *v = &g->L[haven_pair_index(a, b, K)];
                if (v->ok)
                    fprintf(out,
                            "    e^2 L(%s,%s) %.4g +- %.2g mS/cm; Einstein-Helfand z = %+.2f\n",
                            r->run.sp[a].name, r->run.sp[b].name, v->est.value * L_SCALE,
                            v->est.err * L_SCALE,
                            haven_estimate_z(&v->est, &r->bary.L[haven_pair_index(a, b, K)]));
            }
    }
    table_gk_self(out, r);
}

void analyze_table_run(FILE *out, const analyze_run *r)
{
    report_table_header(out, &r->run);
    report_table_diffusion(out, &r->run);
    const haven_conductivity *c = &r->bary;
    fprintf(out, "  T used: %.1f K (%s)\n", r->T, r->T_source);
    table_est(out, "sigma (Einstein-Helfand)", &c->sigma, MS_CM_PER_S_M, "mS/cm");
    table_est(out, "sigma_NE", &c->sigma_ne, MS_CM_PER_S_M, "mS/cm");
    table_est(out, "D_sigma", &c->d_sigma, CM2_PER_M2, "cm^2/s");
    table_est(out, "Haven ratio", &c->haven_ratio, 1, "");
    if (r->have_gk)
        table_green_kubo(out, r);
    table_transference(out, r, c);
    if (r->frame_index >= 0)
        table_transference(out, r, &r->framed);
    table_onsager(out, r, c);
    const haven_tensor *t = &c->tensor;
    fprintf(out,
            "  sigma tensor principal values (mS/cm): %.4g +- %.2g, %.4g +- %.2g, "
            "%.4g +- %.2g; anisotropy %.3g; transport is %dD\n",
            t->principal[0] * MS_CM_PER_S_M, t->principal_err[0] * MS_CM_PER_S_M,
            t->principal[1] * MS_CM_PER_S_M, t->principal_err[1] * MS_CM_PER_S_M,
            t->principal[2] * MS_CM_PER_S_M, t->principal_err[2] * MS_CM_PER_S_M, t->anisotropy,
            t->dimensionality);
}

void analyze_table_series(FILE *out, const analyze_opts *o, const analyze_series *s)
{
    if (!s->ok) {
        fprintf(out, "temperature series: %s\n", s->note);
        return;
    }
    const haven_arrhenius_result *f = &s->sigma;
    fprintf(out, "temperature series (Arrhenius, sigma T = A exp(-Ea/kT)):\n");
    fprintf(out, "  Ea(sigma) = %.4f +- %.4f eV   A = %.4g S K/cm   chi2 = %.3g (%zu dof)\n",
            f->Ea / HAVEN_EV, f->Ea_err / HAVEN_EV, exp(f->lnA) * 0.01, f->chi2, f->dof);
    fprintf(out, "  sigma(%.0f K) = %.4g mS/cm, 95%% interval [%.4g, %.4g]\n", o->at_T,
            s->sigma_at * MS_CM_PER_S_M, s->sigma_at_lo * MS_CM_PER_S_M,
            s->sigma_at_hi * MS_CM_PER_S_M);
    for (size_t a = 0; a < s->n_species; a++)
        fprintf(out, "  %-6s Ea(D) = %.4f +- %.4f eV   D(%.0f K) = %.4g cm^2/s [%.4g, %.4g]\n",
                s->first->run.sp[a].name, s->D[a].Ea / HAVEN_EV, s->D[a].Ea_err / HAVEN_EV, o->at_T,
                s->D_at[a][0] * CM2_PER_M2, s->D_at[a][2] * CM2_PER_M2, s->D_at[a][3] * CM2_PER_M2);
    if (s->have_vft)
        fprintf(out,
                "  VFT: B = %.4f +- %.4f eV, T0 = %.1f K; AIC Arrhenius %.2f vs VFT %.2f: "
                "%s preferred\n",
                s->vft.B / HAVEN_EV, s->vft.B_err / HAVEN_EV, s->vft.T0, s->sigma.aic, s->vft.aic,
                s->vft.aic < s->sigma.aic ? "VFT" : "Arrhenius");
    if (s->have_entropy)
        fprintf(out, "  activation entropy dS = %.3f +- %.3f k_B (f = %.4g, mean H_R = %.3f)\n",
                s->dS / HAVEN_KB, s->dS_err / HAVEN_KB, o->corr_f, s->haven_ratio_mean);
}
