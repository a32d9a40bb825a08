/* haven eis predict: a saved (or given) model evaluated at chosen
 * frequencies; and fit --save-model, which writes that model. */
#include "cli.h"
#include "eis_cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEG_PER_RAD 57.29577951308232

int eis_cli_save_model(const char *path, const haven_eis_circuit *c, const haven_eis_fit_result *r)
{
    char *json = NULL;
    double se[r->n_params + 1];
    for (size_t k = 0; k < r->n_params; k++)
        se[k] = r->param[k].err;
    if (haven_eis_model_to_json(c, r->value, se, &json))
        return cli_lib_error("eis fit --save-model");
    cli_outfile f;
    int rc = CLI_FAIL;
    if (cli_outfile_open(&f, path) == 0) {
        fputs(json, f.fp);
        rc = cli_outfile_commit(&f) ? CLI_FAIL : CLI_OK;
    }
    free(json);
    return rc;
}

/* The whole file as a string (at most 16 MiB: a model is a few kB). */
static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        cli_error("%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    while (s) {
        n += fread(s + n, 1, cap - n - 1, fp);
        if (n + 1 < cap || cap >= (16u << 20))
            break;
        char *t = realloc(s, 2 * cap);
        if (!t) {
            free(s);
            s = NULL;
        } else {
            s = t;
            cap *= 2;
        }
    }
    int bad = ferror(fp) || (s && n + 1 >= cap);
    fclose(fp);
    if (!s || bad) {
        cli_error("%s: %s", path, !s ? "out of memory" : "read error or larger than 16 MiB");
        free(s);
        return NULL;
    }
    s[n] = '\0';
    return s;
}

/* The model from --model FILE, or from --circuit with every value in --initial. */
static int load_model(const eis_cli_opts *o, haven_eis_model *m)
{
    memset(m, 0, sizeof *m);
    if (o->model) {
        char *text = slurp(o->model);
        if (!text)
            return CLI_FAIL;
        haven_status st = haven_eis_model_from_json(text, m);
        free(text);
        return st ? cli_lib_error(o->model) : CLI_OK;
    }
    int rc = eis_cli_circuit(o, &m->circuit);
    if (rc != CLI_OK)
        return rc;
    m->n_params = haven_eis_circuit_n_params(m->circuit);
    m->value = calloc(m->n_params, sizeof *m->value);
    m->stderr_ = calloc(m->n_params, sizeof *m->stderr_);
    int *set = calloc(m->n_params, sizeof *set);
    rc = m->value && m->stderr_ && set ? CLI_OK : CLI_FAIL;
    if (rc == CLI_OK && (!o->initial || eis_cli_assignments(o->initial, m->circuit, m->value, set)))
        rc = CLI_USAGE;
    for (size_t k = 0; rc == CLI_OK && k < m->n_params; k++) {
        m->stderr_[k] = NAN;
        if (!set[k]) {
            cli_error("eis predict: --initial gives no value for %s (all parameters are needed)",
                      haven_eis_circuit_param_name(m->circuit, k));
            rc = CLI_USAGE;
        }
    }
    free(set);
    if (rc == CLI_FAIL)
        cli_error("out of memory");
    if (rc != CLI_OK)
        haven_eis_model_free(m);
    return rc;
}

/* "lo:hi:n", log-spaced from lo to hi Hz. */
static int parse_range(const char *s, double **f, size_t *n)
{
    double lo, hi;
    long k;
    char a[64], b[64], c[64];
    if (sscanf(s, "%63[^:]:%63[^:]:%63s", a, b, c) != 3 || cli_parse_double(a, &lo) ||
        cli_parse_double(b, &hi) || cli_parse_long(c, &k) || !(lo > 0) || !(hi > lo) || k < 2 ||
        k > 1000000)
        return -1;
    *f = malloc((size_t)k * sizeof **f);
    if (!*f)
        return -1;
    for (long i = 0; i < k; i++)
        (*f)[i] = lo * pow(hi / lo, (double)i / (double)(k - 1));
    *n = (size_t)k;
    return 0;
}

/* "f1,f2,..." in Hz. */
static int parse_list(const char *s, double **f, size_t *n)
{
    size_t cap = 1;
    for (const char *t = s; *t; t++)
        cap += *t == ',';
    *f = malloc(cap * sizeof **f);
    char *copy = strdup(s), *save = NULL;
    int rc = *f && copy ? 0 : -1;
    *n = 0;
    for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t && !rc;
         t = strtok_r(NULL, ",", &save))
        rc = cli_parse_double(t, &(*f)[*n]) || !((*f)[*n] > 0) ? -1 : (++*n, 0);
    free(copy);
    return rc || *n == 0 ? -1 : 0;
}

static int frequencies(const eis_cli_opts *o, double **f, size_t *n)
{
    *f = NULL;
    int given = (o->freq != NULL) + (o->freq_range != NULL) + (o->n_files == 1);
    if (given != 1 || o->n_files > 1) {
        cli_error("eis predict: give the frequencies one way: --freq LIST, --freq-range "
                  "LO:HI:N or one FILE");
        return CLI_USAGE;
    }
    if (o->freq_range && parse_range(o->freq_range, f, n)) {
        cli_error("eis predict: bad --freq-range '%s' (expected LO:HI:N, 0 < LO < HI Hz, N >= 2)",
                  o->freq_range);
        free(*f);
        return CLI_USAGE;
    }
    if (o->freq && parse_list(o->freq, f, n)) {
        cli_error("eis predict: bad --freq '%s' (expected positive frequencies in Hz, "
                  "comma-separated)",
                  o->freq);
        free(*f);
        return CLI_USAGE;
    }
    if (o->n_files == 1) {
        haven_eis_data d;
        if (eis_cli_read(o->files[0], o, &d))
            return CLI_FAIL;
        *f = d.freq; /* keep the frequencies, free the rest */
        *n = d.n;
        d.freq = NULL;
        haven_eis_data_free(&d);
    }
    return CLI_OK;
}

static void print_prediction(const eis_cli_opts *o, const haven_eis_model *m, const double *f,
                             const double *zr, const double *zi, size_t n)
{
    if (o->json) {
        json_writer w;
        json_init(&w, stdout);
        json_begin_object(&w, NULL);
        json_string(&w, "circuit", haven_eis_circuit_text(m->circuit));
        json_begin_array(&w, "freq_Hz");
        for (size_t i = 0; i < n; i++)
            json_number(&w, NULL, f[i]);
        json_end_array(&w);
        json_begin_array(&w, "zre_ohm");
        for (size_t i = 0; i < n; i++)
            json_number(&w, NULL, zr[i]);
        json_end_array(&w);
        json_begin_array(&w, "zim_ohm");
        for (size_t i = 0; i < n; i++)
            json_number(&w, NULL, zi[i]);
        json_end_array(&w);
        json_end_object(&w);
        json_finish(&w);
        return;
    }
    printf("# %s at %zu frequencies\n", haven_eis_circuit_text(m->circuit), n);
    printf("%14s %14s %14s %14s %10s\n", "freq_Hz", "zre_ohm", "zim_ohm", "mod_ohm", "phase_deg");
    for (size_t i = 0; i < n; i++)
        printf("%14.6g %14.8g %14.8g %14.8g %10.4f\n", f[i], zr[i], zi[i], hypot(zr[i], zi[i]),
               DEG_PER_RAD * atan2(zi[i], zr[i]));
}

static int write_prediction_csv(const char *path, const double *f, const double *zr,
                                const double *zi, size_t n)
{
    cli_outfile out;
    if (cli_outfile_open(&out, path))
        return CLI_FAIL;
    fprintf(out.fp, "freq_Hz,zre_ohm,zim_ohm\n");
    for (size_t i = 0; i < n; i++)
        fprintf(out.fp, "%.10g,%.17g,%.17g\n", f[i], zr[i], zi[i]);
    return cli_outfile_commit(&out) ? CLI_FAIL : CLI_OK;
}

int eis_cmd_predict(const eis_cli_opts *o)
{
    if (!o->model && !o->circuit) {
        cli_error("eis predict: needs --model FILE (from fit --save-model) or --circuit with "
                  "--initial giving every parameter");
        return CLI_USAGE;
    }
    double *f = NULL;
    size_t n = 0;
    int rc = frequencies(o, &f, &n);
    haven_eis_model m = {0};
    if (rc == CLI_OK)
        rc = load_model(o, &m);
    double *zr = NULL, *zi = NULL;
    if (rc == CLI_OK) {
        zr = malloc(n * sizeof *zr);
        zi = malloc(n * sizeof *zi);
        if (!zr || !zi)
            rc = CLI_FAIL;
        else if (haven_eis_circuit_eval(m.circuit, m.value, f, n, zr, zi, NULL))
            rc = cli_lib_error("eis predict");
    }
    if (rc == CLI_OK) {
        print_prediction(o, &m, f, zr, zi, n);
        if (o->csv)
            rc = write_prediction_csv(o->csv, f, zr, zi, n);
    }
    free(f);
    free(zr);
    free(zi);
    haven_eis_model_free(&m);
    return rc;
}
