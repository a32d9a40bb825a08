/* haven vanhove: self and distinct van Hove functions, RDF, F_s(Q, t) with
 * a KWW fit per Q, and the Chudley-Elliott reference for hopping. */
#include "haven/sites.h"
#include "haven/vanhove.h"

#include "cli.h"
#include "series/cell.h"
#include "structure/celllist.h"
#include "fig_structure.h"
#include "structure_cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LIST 64

typedef struct {
    st_common c;
    const char *with; /* species b of the distinct part (default: the same) */
    double q[MAX_LIST];
    size_t n_q;
    size_t dlags[MAX_LIST]; /* distinct lags, frames */
    size_t n_dlags;
    haven_vanhove_options vo;
    double r_max;          /* m, NAN: half the cell */
    haven_drift_mode drift;
    double ce_a, ce_rate;  /* Chudley-Elliott jump length (m) and rate (1/s), 0: none */
    const char *ce_lattice; /* iso, sc, bcc, fcc */
    double ce_jumps[12][3];
    size_t ce_n;
} vh_opts;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: haven vanhove FILE --species LI [options]\n\n"
            "Self-intermediate scattering function F_s(Q,t) = <sin(Q dr)/(Q dr)> (powder\n"
            "average, all atoms and time origins) with a KWW fit A exp(-(t/tau)^beta) per Q,\n"
            "the self van Hove function G_s(r,t), and the distinct part G_d(r,t) whose\n"
            "lag 0 is the radial distribution function g(r) (with its running\n"
            "coordination number). --jump-length and --jump-rate add the Chudley-Elliott\n"
            "jump-diffusion F_s for comparison: exp(-Gamma t (1 - sin(Qa)/(Qa))) for\n"
            "isotropic jumps, or the exact powder average for a cubic lattice.\n\n"
            "options:\n%s"
            "  --q LIST           Q values in 1/A (default 0.5,1,1.5,2)\n"
            "  --lags N           log-spaced lags for F_s and G_s (default 24)\n"
            "  --origin-stride N  frames between time origins (default 1)\n"
            "  --r-max A          histogram range (default: half the smallest cell width)\n"
            "  --bins N           histogram bins (default 200)\n"
            "  --with SPECIES     second species of g(r) and G_d (default: the same)\n"
            "  --distinct-lags L  lags of G_d in frames, e.g. 0,10,100 (default 0: the RDF)\n"
            "  --drift REF        system (default) or none, for the self part\n"
            "  --jump-length A    Chudley-Elliott jump length\n"
            "  --jump-rate HZ     Chudley-Elliott jump rate per ion (1/s)\n"
            "  --jump-lattice L   iso (isotropic jumps, default), or sc, bcc, fcc: the\n"
            "                     nearest-neighbour jumps of that lattice, powder-averaged\n"
            "  -h, --help         this text\n\n"
            "figure (--plot, --report): F_s(Q,t) with the KWW fits and their 95%% bands,\n"
            "4 pi r^2 G_s(r,t) at three times, g(r) with the coordination number.\n\n"
            "example: haven vanhove XDATCAR --species Li --q 0.5,1,2 --timestep 2 --stride 10\n",
            st_common_help);
}

static int parse_list(const char *opt, const char *v, double *out, size_t *n, int integer)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", v);
    *n = 0;
    for (char *save, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        double x;
        if (*n == MAX_LIST || cli_parse_double(tok, &x) != 0 || x < 0 ||
            (integer && x != floor(x)) || (!integer && !(x > 0))) {
            cli_error("%s: '%s' is not a list of %s (at most %d)", opt, v,
                      integer ? "whole numbers >= 0" : "positive numbers", MAX_LIST);
            return -1;
        }
        out[(*n)++] = x;
    }
    return *n ? 0 : (cli_error("%s: empty list", opt), -1);
}

static int parse_count(const char *opt, const char *v, size_t *out)
{
    long n;
    if (cli_parse_long(v, &n) != 0 || n < 1 || n > 100000)
        return cli_error("%s: '%s' is not a whole number from 1 to 100000", opt, v), -1;
    *out = (size_t)n;
    return 0;
}

static int parse_value(vh_opts *o, const char *a, const char *v)
{
    double tmp[MAX_LIST];
    if (!strcmp(a, "--q")) {
        if (parse_list(a, v, o->q, &o->n_q, 0) != 0)
            return -1;
        for (size_t k = 0; k < o->n_q; k++)
            o->q[k] /= HAVEN_ANGSTROM;
        return 0;
    }
    if (!strcmp(a, "--distinct-lags")) {
        if (parse_list(a, v, tmp, &o->n_dlags, 1) != 0)
            return -1;
        for (size_t k = 0; k < o->n_dlags; k++)
            o->dlags[k] = (size_t)tmp[k];
        return 0;
    }
    if (!strcmp(a, "--lags"))
        return parse_count(a, v, &o->vo.n_lags);
    if (!strcmp(a, "--origin-stride"))
        return parse_count(a, v, &o->vo.origin_stride);
    if (!strcmp(a, "--bins"))
        return parse_count(a, v, &o->vo.n_bins);
    if (!strcmp(a, "--with"))
        return o->with = v, 0;
    if (!strcmp(a, "--drift")) {
        if (strcmp(v, "system") && strcmp(v, "none"))
            return cli_error("--drift: '%s' is not system or none", v), -1;
        o->drift = v[0] == 'n' ? HAVEN_DRIFT_NONE : HAVEN_DRIFT_SYSTEM;
        return 0;
    }
    if (!strcmp(a, "--jump-lattice")) {
        if (strcmp(v, "iso") && strcmp(v, "sc") && strcmp(v, "bcc") && strcmp(v, "fcc"))
            return cli_error("--jump-lattice: '%s' is not iso, sc, bcc or fcc", v), -1;
        o->ce_lattice = v;
        return 0;
    }
    if (!strcmp(a, "--jump-rate")) {
        if (cli_parse_double(v, &o->ce_rate) != 0 || !(o->ce_rate > 0))
            return cli_error("--jump-rate: '%s' is not a positive rate in 1/s", v), -1;
        return 0;
    }
    if (!strcmp(a, "--r-max"))
        return st_parse_length(a, v, &o->r_max);
    if (!strcmp(a, "--jump-length"))
        return st_parse_length(a, v, &o->ce_a);
    return 1;
}

static int value(void *ctx, const char *a, const char *v)
{
    return parse_value(ctx, a, v);
}

static int parse(int argc, char **argv, vh_opts *o)
{
    memset(o, 0, sizeof *o);
    st_common_init(&o->c);
    haven_vanhove_options_init(&o->vo);
    o->r_max = NAN;
    static const double q_def[4] = {0.5, 1.0, 1.5, 2.0};
    for (size_t k = 0; k < 4; k++)
        o->q[k] = q_def[k] / HAVEN_ANGSTROM;
    o->n_q = 4, o->n_dlags = 1;
    int rc = st_parse(argc, argv, "vanhove", &o->c, usage, NULL, value, o);
    if (rc != CLI_OK)
        return rc;
    if (!o->c.species)
        return cli_error("vanhove: --species is required"), CLI_USAGE;
    if ((o->ce_a > 0) != (o->ce_rate > 0))
        return cli_error("vanhove: --jump-length and --jump-rate go together"), CLI_USAGE;
    if (o->ce_lattice && o->ce_a > 0)
        o->ce_n = haven_cubic_jumps(o->ce_lattice, o->ce_a, o->ce_jumps); /* 0 for iso */
    return CLI_OK;
}

/* Half the smallest perpendicular width of the first frame's cell: the
 * largest r_max a minimum-image histogram allows. */
static int default_rmax(haven_traj *t, double *r_max)
{
    const haven_frame *f;
    if (haven_traj_read(t, &f) != HAVEN_OK || haven_traj_rewind(t) != HAVEN_OK)
        return cli_lib_error(haven_traj_path(t));
    double w = INFINITY;
    for (int k = 0; k < 3; k++)
        w = fmin(w, hs_perp_width(f->cell, k));
    *r_max = 0.4999 * w;
    return CLI_OK;
}

static int select_with(const vh_opts *o, haven_traj *t, const int *sel, int **b_sel)
{
    *b_sel = (int *)sel;
    if (!o->with)
        return CLI_OK;
    st_common c = o->c;
    c.species = o->with;
    haven_traj *t2;
    size_t n;
    if (st_open(&c, &t2, b_sel, &n) != CLI_OK)
        return CLI_FAIL;
    haven_traj_free(t2);
    (void)t;
    return CLI_OK;
}

static double ce(const vh_opts *o, double q, double t)
{
    if (!(o->ce_a > 0))
        return NAN;
    if (o->ce_n)
        return haven_chudley_elliott_powder(q, (const double(*)[3])o->ce_jumps, o->ce_n,
                                            o->ce_rate, t);
    return haven_chudley_elliott(q, o->ce_a, o->ce_rate, t);
}

static void print_table(const vh_opts *o, const haven_vanhove_self *s,
                        const haven_vanhove_distinct *d)
{
    const double A = HAVEN_ANGSTROM, ps = HAVEN_PS;
    printf("file: %s\nspecies: %s, %zu atoms; lags %zu (%.4g to %.4g ps)\n", o->c.file,
           o->c.species, s->n_atoms, s->n_lags, s->lag[0] * s->dt / ps,
           s->lag[s->n_lags - 1] * s->dt / ps);
    printf("\nF_s(Q,t): KWW fit A exp(-(t/tau)^beta)\n  %-8s %22s %20s %22s\n", "Q 1/A",
           "tau ps", "beta", "<tau> ps");
    for (size_t q = 0; q < s->n_q; q++) {
        const haven_fit_result *k = &s->kww[q];
        double m = NAN, e = NAN, lo, hi;
        if (s->kww_ok[q])
            haven_kww_mean_tau(k, &m, &e, &lo, &hi);
        printf("  %-8.4g %11.4g +- %-8.2g %9.4g +- %-8.2g %11.4g +- %-8.2g%s\n", s->q[q] * A,
               s->kww_ok[q] ? k->param[1].value / ps : NAN, s->kww_ok[q] ? k->param[1].err / ps : NAN,
               s->kww_ok[q] ? k->param[2].value : NAN, s->kww_ok[q] ? k->param[2].err : NAN, m / ps, e / ps,
               s->kww_ok[q] ? "" : "  (not fitted: no decay to half, or no convergence)");
    }
    if (o->ce_a > 0) {
        printf("\nF_s against Chudley-Elliott (%s, a = %.4g A, Gamma = %.4g 1/s), largest "
               "|diff|:\n",
               o->ce_lattice ? o->ce_lattice : "iso", o->ce_a / A, o->ce_rate);
        for (size_t q = 0; q < s->n_q; q++) {
            double worst = 0;
            for (size_t l = 0; l < s->n_lags; l++)
                worst = fmax(worst, fabs(s->fs[q * s->n_lags + l] -
                                         ce(o, s->q[q], s->lag[l] * s->dt)));
            printf("  Q %-8.4g %.4g\n", s->q[q] * A, worst);
        }
    }
    printf("\nG_d(r, t) of %s-%s (%zu, %zu atoms), r_max %.4g A:\n", o->c.species,
           o->with ? o->with : o->c.species, d->n_a, d->n_b, d->r_max / A);
    for (size_t l = 0; l < d->n_lags; l++) {
        size_t best = 0;
        for (size_t b = 0; b < d->n_bins; b++)
            if (d->gd[l * d->n_bins + b] > d->gd[l * d->n_bins + best])
                best = b;
        printf("  lag %zu frames: highest %.4g at r = %.4g A, coordination there %.4g\n",
               d->lag[l], d->gd[l * d->n_bins + best], (best + 0.5) * d->dr / A,
               d->coordination[l * d->n_bins + best]);
    }
}

static void json_kww(json_writer *w, const haven_vanhove_self *s, size_t q)
{
    const haven_fit_result *k = &s->kww[q];
    json_begin_object(w, NULL);
    json_number(w, "q_per_A", s->q[q] * HAVEN_ANGSTROM);
    json_bool(w, "fit_ok", s->kww_ok[q]);
    if (s->kww_ok[q]) {
        const double ps = HAVEN_PS;
        json_quantity(w, "A", k->param[0].value, k->param[0].err, k->param[0].lo, k->param[0].hi, "");
        json_quantity(w, "tau", k->param[1].value / ps, k->param[1].err / ps, k->param[1].lo / ps,
                      k->param[1].hi / ps, "ps");
        json_quantity(w, "beta", k->param[2].value, k->param[2].err, k->param[2].lo, k->param[2].hi, "");
        double m, e, lo, hi;
        if (haven_kww_mean_tau(k, &m, &e, &lo, &hi) == HAVEN_OK)
            json_quantity(w, "mean_tau", m / ps, e / ps, lo / ps, hi / ps, "ps");
    }
    json_end_object(w);
}

static void print_json(const vh_opts *o, const haven_vanhove_self *s,
                       const haven_vanhove_distinct *d)
{
    json_writer w;
    json_init(&w, stdout);
    json_begin_object(&w, NULL);
    json_string(&w, "command", "vanhove");
    json_string(&w, "haven_version", haven_version());
    json_string(&w, "file", o->c.file);
    json_string(&w, "species", o->c.species);
    json_string(&w, "with", o->with ? o->with : o->c.species);
    json_int(&w, "atoms", (long long)s->n_atoms);
    json_begin_array(&w, "t_ps");
    for (size_t l = 0; l < s->n_lags; l++)
        json_number(&w, NULL, s->lag[l] * s->dt / HAVEN_PS);
    json_end_array(&w);
    json_begin_array(&w, "fs");
    for (size_t q = 0; q < s->n_q; q++) {
        json_begin_object(&w, NULL);
        json_number(&w, "q_per_A", s->q[q] * HAVEN_ANGSTROM);
        json_begin_array(&w, "F");
        for (size_t l = 0; l < s->n_lags; l++)
            json_number(&w, NULL, s->fs[q * s->n_lags + l]);
        json_end_array(&w);
        json_begin_array(&w, "stderr");
        for (size_t l = 0; l < s->n_lags; l++)
            json_number(&w, NULL, s->fs_err[q * s->n_lags + l]);
        json_end_array(&w);
        if (o->ce_a > 0) {
            json_begin_array(&w, "chudley_elliott");
            for (size_t l = 0; l < s->n_lags; l++)
                json_number(&w, NULL, ce(o, s->q[q], s->lag[l] * s->dt));
            json_end_array(&w);
        }
        json_end_object(&w);
    }
    json_end_array(&w);
    json_begin_array(&w, "kww");
    for (size_t q = 0; q < s->n_q; q++)
        json_kww(&w, s, q);
    json_end_array(&w);
    json_begin_array(&w, "distinct");
    for (size_t l = 0; l < d->n_lags; l++) {
        json_begin_object(&w, NULL);
        json_int(&w, "lag_frames", (long long)d->lag[l]);
        json_number(&w, "dr_A", d->dr / HAVEN_ANGSTROM);
        json_begin_array(&w, "g");
        for (size_t b = 0; b < d->n_bins; b++)
            json_number(&w, NULL, d->gd[l * d->n_bins + b]);
        json_end_array(&w);
        json_begin_array(&w, "coordination");
        for (size_t b = 0; b < d->n_bins; b++)
            json_number(&w, NULL, d->coordination[l * d->n_bins + b]);
        json_end_array(&w);
        json_end_object(&w);
    }
    json_end_array(&w);
    json_end_object(&w);
    json_finish(&w);
}

static int write_csv(const vh_opts *o, const haven_vanhove_self *s,
                     const haven_vanhove_distinct *d)
{
    if (!o->c.csv_dir)
        return CLI_OK;
    const double A = HAVEN_ANGSTROM;
    cli_outset set = {0};
    FILE *fp = st_csv_open(&set, o->c.csv_dir, "fs.csv");
    if (!fp)
        return cli_outset_abort(&set), CLI_FAIL;
    fprintf(fp, "t_ps");
    for (size_t q = 0; q < s->n_q; q++)
        fprintf(fp, ",F_Q%.4g,stderr_Q%.4g%s", s->q[q] * A, s->q[q] * A,
                o->ce_a > 0 ? ",chudley_elliott" : "");
    fputc('\n', fp);
    for (size_t l = 0; l < s->n_lags; l++) {
        fprintf(fp, "%.8g", s->lag[l] * s->dt / HAVEN_PS);
        for (size_t q = 0; q < s->n_q; q++) {
            fprintf(fp, ",%.8g,%.4g", s->fs[q * s->n_lags + l], s->fs_err[q * s->n_lags + l]);
            if (o->ce_a > 0)
                fprintf(fp, ",%.8g", ce(o, s->q[q], s->lag[l] * s->dt));
        }
        fputc('\n', fp);
    }
    if (!(fp = st_csv_open(&set, o->c.csv_dir, "gs.csv")))
        return cli_outset_abort(&set), CLI_FAIL;
    fprintf(fp, "r_A");
    for (size_t l = 0; l < s->n_lags; l++)
        fprintf(fp, ",Gs_t%.6gps_per_A3", s->lag[l] * s->dt / HAVEN_PS);
    fputc('\n', fp);
    for (size_t b = 0; b < s->n_bins; b++) {
        fprintf(fp, "%.6g", (b + 0.5) * s->dr / A);
        for (size_t l = 0; l < s->n_lags; l++)
            fprintf(fp, ",%.8g", s->gs[l * s->n_bins + b] * A * A * A);
        fputc('\n', fp);
    }
    if (!(fp = st_csv_open(&set, o->c.csv_dir, "gd.csv")))
        return cli_outset_abort(&set), CLI_FAIL;
    fprintf(fp, "r_A");
    for (size_t l = 0; l < d->n_lags; l++)
        fprintf(fp, ",g_lag%zu,n_lag%zu", d->lag[l], d->lag[l]);
    fputc('\n', fp);
    for (size_t b = 0; b < d->n_bins; b++) {
        fprintf(fp, "%.6g", (b + 0.5) * d->dr / A);
        for (size_t l = 0; l < d->n_lags; l++)
            fprintf(fp, ",%.8g,%.8g", d->gd[l * d->n_bins + b],
                    d->coordination[l * d->n_bins + b]);
        fputc('\n', fp);
    }
    return cli_outset_commit(&set) == 0 ? CLI_OK : CLI_FAIL;
}

static int self_part(const vh_opts *o, haven_traj *t, const int *sel, haven_vanhove_self *s)
{
    haven_load_options lo;
    haven_load_options_init(&lo);
    lo.drift = o->drift;
    haven_store *store = NULL;
    haven_load_info info;
    memset(&info, 0, sizeof info);
    haven_vanhove_options vo = o->vo;
    vo.q = o->q, vo.n_q = o->n_q, vo.r_max = o->r_max;
    int rc = CLI_OK;
    if (haven_traj_rewind(t) != HAVEN_OK || haven_load(t, &lo, &store, &info) != HAVEN_OK ||
        haven_vanhove_self_compute(store, sel, info.frame_interval, &vo, s) != HAVEN_OK)
        rc = cli_lib_error(o->c.file);
    haven_store_free(store);
    haven_load_info_clear(&info);
    return rc;
}

typedef struct {
    const vh_opts *o;
    const haven_vanhove_self *s;
    const haven_vanhove_distinct *d;
} vh_out;

static fig *vh_figure(const void *ctx)
{
    const vh_out *x = ctx;
    return vanhove_figure(x->s, x->d, x->o->c.file);
}

static void vh_report(cli_report *r, const void *ctx)
{
    const vh_out *x = ctx;
    vanhove_report(r, x->s, x->o->c.file, x->o->c.species);
}

int cmd_vanhove(int argc, char **argv)
{
    vh_opts o;
    int rc = parse(argc, argv, &o);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    haven_traj *t;
    int *sel, *b_sel = NULL;
    size_t n_sel;
    if ((rc = st_open(&o.c, &t, &sel, &n_sel)) != CLI_OK)
        return rc;
    haven_vanhove_self s;
    haven_vanhove_distinct d;
    memset(&s, 0, sizeof s);
    memset(&d, 0, sizeof d);
    rc = select_with(&o, t, sel, &b_sel);
    if (rc == CLI_OK && isnan(o.r_max))
        rc = default_rmax(t, &o.r_max);
    haven_vanhove_options dvo = o.vo;
    dvo.lags = o.dlags, dvo.n_lags = o.n_dlags, dvo.r_max = o.r_max;
    if (rc == CLI_OK && haven_vanhove_distinct_compute(t, sel, b_sel, &dvo, &d) != HAVEN_OK)
        rc = cli_lib_error(o.c.file);
    if (rc == CLI_OK)
        rc = self_part(&o, t, sel, &s);
    if (rc == CLI_OK)
        rc = write_csv(&o, &s, &d);
    vh_out out = {&o, &s, &d};
    if (rc == CLI_OK)
        rc = st_fig_outputs(&o.c, "vanhove", vh_figure, vh_report, &out);
    if (rc == CLI_OK) {
        if (o.c.json)
            print_json(&o, &s, &d);
        else
            print_table(&o, &s, &d);
    }
    haven_vanhove_self_clear(&s);
    haven_vanhove_distinct_clear(&d);
    if (b_sel != sel)
        free(b_sel);
    free(sel);
    haven_traj_free(t);
    return rc;
}
