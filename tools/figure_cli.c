/* Shared figure and report options (tools/figure_cli.h). */
#include "figure_cli.h"

#include "cli.h"
#include "progress.h"

#include <string.h>

static const char *value_of(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc || argv[*i + 1][0] == '\0') {
        cli_error("%s: expected a value", argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

int cli_fig_option(int argc, char **argv, int *i, cli_fig_opts *o)
{
    const char *a = argv[*i];
    if (!strcmp(a, "--plot"))
        return (o->plot = value_of(argc, argv, i)) ? 1 : -1;
    if (!strcmp(a, "--report"))
        return (o->report = value_of(argc, argv, i)) ? 1 : -1;
    if (!strcmp(a, "--plot-format")) {
        const char *v = value_of(argc, argv, i);
        if (!v)
            return -1;
        if (fig_format_parse(v, &o->format) != 0) {
            cli_error("--plot-format: expected png, svg or pdf, got '%s'", v);
            return -1;
        }
        return 1;
    }
    return 0;
}

int cli_fig_emit(const cli_fig_opts *o, const fig_set *s, cli_report *r)
{
    if (o->plot && fig_set_write(s, o->plot, o->format, cli_quiet) != 0)
        return -1;
    if (r)
        for (size_t k = 0; k < s->n; k++) {
            cli_report_section(r, s->figs[k]->title ? s->figs[k]->title : s->figs[k]->name);
            if (cli_report_figure(r, s->figs[k]) != 0)
                return -1;
        }
    return 0;
}

int cli_fig_outputs(const cli_fig_opts *o, const char *title, const char *const *inputs,
                    size_t n_inputs, fig_set *set, cli_report_fill_fn fill, const void *ctx)
{
    cli_report *rep = NULL;
    int rc = 0;
    if (o->report) {
        rep = cli_report_create(title);
        rc = rep ? 0 : -1;
        for (size_t k = 0; rc == 0 && k < n_inputs; k++)
            rc = cli_report_input(rep, inputs[k]);
        if (rc == 0)
            fill(rep, ctx);
    }
    if (rc == 0)
        rc = cli_fig_emit(o, set, rep);
    if (rc == 0 && rep)
        rc = cli_report_write(rep, o->report);
    cli_report_free(rep);
    fig_set_clear(set);
    return rc;
}
