/* The HTML report (tools/html_report.h). */
#define _GNU_SOURCE /* vasprintf */

#include "html_report.h"

#include "cli.h"
#include "core/membuf.h"
#include "haven/core.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int saved_argc;
static char **saved_argv;

/* A copy of the pointers: main() takes the global options out of argv. */
void cli_report_set_argv(int argc, char **argv)
{
    char **copy = malloc((size_t)(argc + 1) * sizeof *copy); /* kept to the end */
    if (!copy)
        return; /* the report then shows no command line */
    memcpy(copy, argv, (size_t)(argc + 1) * sizeof *copy);
    saved_argc = argc;
    saved_argv = copy;
}

/* Each part is an in-memory stream, joined on write. */
enum { PART_BODY, PART_WARN, PART_METHOD, PART_INPUT, N_PARTS };

struct cli_report {
    char *title;
    FILE *part[N_PARTS];
    haven_membuf buf[N_PARTS];
    int n_warn, n_fig, in_table;
};

cli_report *cli_report_create(const char *title)
{
    cli_report *r = calloc(1, sizeof *r);
    int ok = r != NULL;
    if (ok && !(r->title = strdup(title)))
        ok = 0;
    for (int k = 0; ok && k < N_PARTS; k++)
        if (!(r->part[k] = haven_membuf_open(&r->buf[k])))
            ok = 0;
    if (!ok) {
        cli_report_free(r);
        cli_error("report: out of memory");
        return NULL;
    }
    return r;
}

void cli_report_free(cli_report *r)
{
    if (!r)
        return;
    for (int k = 0; k < N_PARTS; k++) {
        if (r->part[k])
            fclose(r->part[k]);
        free(r->buf[k].data);
    }
    free(r->title);
    free(r);
}

static void put_html(FILE *m, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", m); break;
        case '>': fputs("&gt;", m); break;
        case '&': fputs("&amp;", m); break;
        case '"': fputs("&quot;", m); break;
        default: fputc(*s, m);
        }
    }
}

static void put_vformat(FILE *m, const char *fmt, va_list ap)
{
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0) {
        s = NULL;
        fputs("(out of memory)", m);
    }
    put_html(m, s);
    free(s);
}

/* ---- inputs --------------------------------------------------------------- */

int cli_report_input(cli_report *r, const char *path)
{
    char hex[65];
    long long size;
    if (fig_sha256(path, hex, &size) != 0)
        return -1;
    FILE *m = r->part[PART_INPUT];
    fputs("<tr><td><code>", m);
    put_html(m, path);
    fprintf(m, "</code></td><td class=\"num\">%lld</td><td><code>%s</code></td></tr>\n",
            size, hex);
    return 0;
}

/* ---- body ------------------------------------------------------------------- */

void cli_report_section(cli_report *r, const char *heading)
{
    if (r->in_table)
        cli_report_table_end(r);
    fputs("<h2>", r->part[PART_BODY]);
    put_html(r->part[PART_BODY], heading);
    fputs("</h2>\n", r->part[PART_BODY]);
}

void cli_report_text(cli_report *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("<p>", r->part[PART_BODY]);
    put_vformat(r->part[PART_BODY], fmt, ap);
    fputs("</p>\n", r->part[PART_BODY]);
    va_end(ap);
}

void cli_report_table(cli_report *r, const char *caption, const char *const *head, int n)
{
    FILE *m = r->part[PART_BODY];
    if (r->in_table)
        cli_report_table_end(r);
    fputs("<table>", m);
    if (caption) {
        fputs("<caption>", m);
        put_html(m, caption);
        fputs("</caption>", m);
    }
    fputs("<thead><tr>", m);
    for (int i = 0; i < n; i++) {
        fputs("<th>", m);
        put_html(m, head[i]);
        fputs("</th>", m);
    }
    fputs("</tr></thead><tbody>\n", m);
    r->in_table = 1;
}

void cli_report_row(cli_report *r, const char *const *cells, int n)
{
    FILE *m = r->part[PART_BODY];
    fputs("<tr>", m);
    for (int i = 0; i < n; i++) {
        fputs(i ? "<td class=\"num\">" : "<td>", m);
        put_html(m, cells[i] ? cells[i] : "");
        fputs("</td>", m);
    }
    fputs("</tr>\n", m);
}

void cli_report_table_end(cli_report *r)
{
    if (!r->in_table)
        return;
    fputs("</tbody></table>\n", r->part[PART_BODY]);
    r->in_table = 0;
}

void cli_report_estimate_table(cli_report *r, const char *caption)
{
    static const char *const head[] = {"quantity", "value", "std. error", "95% interval", "unit"};
    cli_report_table(r, caption, head, 5);
}

static void number(char *buf, size_t cap, double v)
{
    if (isfinite(v))
        snprintf(buf, cap, "%.4g", v);
    else
        snprintf(buf, cap, "—");
}

void cli_report_estimate(cli_report *r, const char *name, double value, double err, double lo,
                         double hi, const char *unit)
{
    char v[32], e[32], a[32], b[32], ci[72];
    number(v, sizeof v, value);
    number(e, sizeof e, err);
    number(a, sizeof a, lo);
    number(b, sizeof b, hi);
    if (isfinite(lo) && isfinite(hi))
        snprintf(ci, sizeof ci, "[%s, %s]", a, b);
    else
        snprintf(ci, sizeof ci, "—");
    const char *cells[] = {name, v, e, ci, unit};
    cli_report_row(r, cells, 5);
}

void cli_report_warning(cli_report *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("<li>", r->part[PART_WARN]);
    put_vformat(r->part[PART_WARN], fmt, ap);
    fputs("</li>\n", r->part[PART_WARN]);
    va_end(ap);
    r->n_warn++;
}

void cli_report_method(cli_report *r, const char *name, const char *text, const char *reference)
{
    FILE *m = r->part[PART_METHOD];
    fputs("<dt>", m);
    put_html(m, name);
    fputs("</dt><dd>", m);
    put_html(m, text);
    if (reference) {
        fputs(" <span class=\"ref\">", m);
        put_html(m, reference);
        fputs("</span>", m);
    }
    fputs("</dd>\n", m);
}

int cli_report_figure(cli_report *r, const fig *f)
{
    char *svg = fig_svg_string(f);
    if (!svg)
        return -1;
    if (r->in_table)
        cli_report_table_end(r);
    FILE *m = r->part[PART_BODY];
    fprintf(m, "<figure id=\"fig-%s\">", f->name);
    /* The document's XML declaration has no place inside HTML. */
    const char *start = strstr(svg, "<svg");
    fputs(start ? start : svg, m);
    fprintf(m, "<figcaption>Figure %d. ", ++r->n_fig);
    put_html(m, f->title ? f->title : f->name);
    fputs("</figcaption></figure>\n", m);
    free(svg);
    return 0;
}

/* ---- the page ------------------------------------------------------------------ */

static const char style[] =
    "body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;"
    "padding:0 1em;color:#111;line-height:1.45}"
    "h1{font-size:1.6em;border-bottom:2px solid #0072b2;padding-bottom:.2em}"
    "h2{font-size:1.25em;margin-top:1.6em;color:#0b4f7a}"
    "table{border-collapse:collapse;margin:.8em 0;font-size:.95em}"
    "caption{text-align:left;font-weight:bold;padding:.3em 0}"
    "th,td{border:1px solid #ccc;padding:.25em .6em}th{background:#eef4f8;text-align:left}"
    "td.num{font-variant-numeric:tabular-nums;text-align:right}"
    "figure{margin:1em 0}figure svg{width:100%;height:auto;border:1px solid #eee}"
    "figcaption{font-size:.9em;color:#333}"
    ".warnings{background:#fff4e5;border-left:4px solid #e69f00;padding:.5em 1em}"
    ".ok{background:#eaf6ef;border-left:4px solid #009e73;padding:.5em 1em}"
    "dt{font-weight:bold;margin-top:.5em}.ref{color:#555;font-style:italic}"
    "code{font-size:.9em;word-break:break-all}";

static void put_part(FILE *out, const haven_membuf *b)
{
    if (b->len)
        fwrite(b->data, 1, b->len, out);
}

static void put_command_line(FILE *m)
{
    fputs("<code>haven", m);
    for (int i = 1; i < saved_argc; i++) {
        const char *a = saved_argv[i];
        int plain = *a != 0;
        for (const char *c = a; *c; c++)
            if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=.,/:+%@", *c))
                plain = 0;
        fputc(' ', m);
        if (plain) {
            put_html(m, a);
            continue;
        }
        fputc('\'', m);
        for (const char *c = a; *c; c++) {
            if (*c == '\'')
                fputs("'\\''", m);
            else {
                char one[2] = {*c, 0};
                put_html(m, one);
            }
        }
        fputc('\'', m);
    }
    fputs("</code>", m);
}

static void put_provenance(FILE *m, const cli_report *r)
{
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S UTC", gmtime_r(&now, &tm));
    fputs("<h2>Provenance</h2>\n<table><tbody>", m);
    fprintf(m, "<tr><th>haven</th><td>%s</td></tr>", haven_version());
    fputs("<tr><th>command</th><td>", m);
    put_command_line(m);
    fprintf(m, "</td></tr><tr><th>date</th><td>%s</td></tr></tbody></table>\n", date);
    if (r->buf[PART_INPUT].len) {
        fputs("<table><caption>Input files</caption><thead><tr><th>file</th><th>bytes</th>"
              "<th>SHA-256</th></tr></thead><tbody>\n",
              m);
        put_part(m, &r->buf[PART_INPUT]);
        fputs("</tbody></table>\n", m);
    }
}

static void put_page(FILE *out, const cli_report *r)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>",
          out);
    put_html(out, r->title);
    fprintf(out, "</title><style>%s</style></head>\n<body>\n<h1>", style);
    put_html(out, r->title);
    fputs("</h1>\n", out);
    if (r->n_warn) {
        fputs("<section class=\"warnings\"><h2>Warnings</h2><ul>\n", out);
        put_part(out, &r->buf[PART_WARN]);
        fputs("</ul></section>\n", out);
    } else {
        fputs("<section class=\"ok\"><p>No warnings: every check passed.</p></section>\n", out);
    }
    put_part(out, &r->buf[PART_BODY]);
    if (r->buf[PART_METHOD].len) {
        fputs("<h2>Methods</h2>\n<dl>\n", out);
        put_part(out, &r->buf[PART_METHOD]);
        fputs("</dl>\n", out);
    }
    put_provenance(out, r);
    fputs("</body></html>\n", out);
}

int cli_report_write(cli_report *r, const char *path)
{
    if (r->in_table)
        cli_report_table_end(r);
    for (int k = 0; k < N_PARTS; k++) {
        int bad = fflush(r->part[k]) != 0 || ferror(r->part[k]) || r->buf[k].failed;
        if (bad) {
            cli_error("report: out of memory");
            return -1;
        }
    }
    cli_outfile f;
    if (cli_outfile_open(&f, path) != 0)
        return -1;
    put_page(f.fp, r);
    return cli_outfile_commit(&f);
}
