/* Drawing figures through the plot plugin (plugins/plot), found where the
 * reader modules are (io/plugin_load.h): $HAVEN_PLUGIN_DIR, next to the
 * binary, the installed module folder. Loaded once, on the first figure. */

#include "figure.h"

#include "cli.h"
#include "core/membuf.h"
#include "io/plugin_load.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#define PLOT_PLUGIN "haven-plot.so"

int fig_format_parse(const char *s, fig_format *out)
{
    static const char *names[] = {"png", "svg", "pdf"};
    for (int i = 0; i < 3; i++)
        if (s && strcmp(s, names[i]) == 0) {
            *out = (fig_format)i;
            return 0;
        }
    return -1;
}

const char *fig_format_ext(fig_format f)
{
    return f == FIG_SVG ? "svg" : f == FIG_PDF ? "pdf" : "png";
}

/* A symbol of the plot plugin, opened on first use; NULL (reported) when
 * the plugin or the symbol is missing. */
static void *plugin_symbol(const char *name, const char *why_needed)
{
    static void *h;
    if (!h) {
        char why[2048] = "";
        h = haven_plugin_dlopen(PLOT_PLUGIN, why, sizeof why); /* as the reader modules */
        if (!h) {
            cli_error("%s need the plot plugin " PLOT_PLUGIN " (tried %s); set HAVEN_PLUGIN_DIR "
                      "to its folder",
                      why_needed, why);
            return NULL;
        }
    }
    void *sym = dlsym(h, name);
    if (!sym)
        cli_error("the plot plugin has no %s (a plugin of another haven version?)", name);
    return sym;
}

static fig_render_fn plugin(void)
{
    fig_render_fn fn;
    *(void **)&fn = plugin_symbol(FIG_PLUGIN_SYMBOL, "figures");
    return fn;
}

int fig_sha256(const char *path, char hex[65], long long *size)
{
    fig_sha256_fn fn;
    *(void **)&fn = plugin_symbol(FIG_SHA256_SYMBOL, "reports");
    if (!fn)
        return -1;
    int e = fn(path, hex, size);
    if (e) {
        cli_error("report: %s: %s", path, strerror(e));
        return -1;
    }
    return 0;
}

/* Draws f into a malloc'ed, NUL-terminated buffer. */
static int render(const fig *f, fig_format format, char **buf, size_t *len)
{
    fig_render_fn fn = plugin();
    if (!fn)
        return -1;
    haven_membuf b;
    FILE *m = haven_membuf_open(&b);
    if (!m) {
        cli_error("figure %s: out of memory", f->name);
        return -1;
    }
    char err[512];
    int rc = fn(f, m, format, err, sizeof err); /* closes m */
    if (haven_membuf_finish(&b) != 0) {
        cli_error("figure %s: out of memory", f->name);
        return -1;
    }
    if (rc != 0 || b.len == 0) {
        cli_error("figure %s: %s", f->name, err[0] ? err : "nothing was drawn");
        free(b.data);
        return -1;
    }
    *buf = b.data;
    *len = b.len;
    return 0;
}

/* ---- SVG text: cairo draws glyphs as paths, so the words of a figure (its
 * caption, panel titles, axis labels and legend) are added as <title> and
 * <desc>, read by screen readers, search and the tests. */

static void put_escaped(FILE *m, const char *s)
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

static void put_description(FILE *m, const fig *f)
{
    fputs("<title>", m);
    put_escaped(m, f->title ? f->title : f->name);
    fputs("</title><desc>", m);
    for (size_t p = 0; p < f->n_panels; p++) {
        const fig_panel *pa = &f->panels[p];
        fprintf(m, "%sPanel %zu: ", p ? "; " : "", p + 1);
        put_escaped(m, pa->title ? pa->title : "");
        fputs(". x axis: ", m);
        put_escaped(m, pa->xlabel ? pa->xlabel : "");
        fputs(pa->xlog ? " (log)" : "", m);
        fputs(". y axis: ", m);
        put_escaped(m, pa->ylabel ? pa->ylabel : "");
        fputs(pa->ylog ? " (log)" : "", m);
        fputs(".", m);
        for (int ax = 0; ax < 2; ax++) {
            size_t nc = ax ? pa->n_ycat : pa->n_xcat;
            char **names = ax ? pa->ycat : pa->xcat;
            for (size_t k = 0; k < nc; k++) {
                fputs(k ? ", " : ax ? " y categories: " : " x categories: ", m);
                put_escaped(m, names[k]);
            }
            fputs(nc ? "." : "", m);
        }
        for (size_t s = 0; s < pa->n_series; s++)
            if (pa->series[s].label) {
                fputs(" Series: ", m);
                put_escaped(m, pa->series[s].label);
                fputs(".", m);
            }
    }
    fputs("</desc>\n", m);
}

/* buf (an SVG document) with the description inserted after the <svg ...> tag. */
static int describe_svg(const fig *f, char **buf, size_t *len)
{
    char *svg = strstr(*buf, "<svg");
    char *end = svg ? strchr(svg, '>') : NULL;
    if (!end)
        return 0; /* not the shape cairo writes; leave it as drawn */
    haven_membuf b;
    FILE *m = haven_membuf_open(&b);
    if (!m)
        return -1;
    fwrite(*buf, 1, (size_t)(end + 1 - *buf), m);
    fputc('\n', m);
    put_description(m, f);
    fwrite(end + 1, 1, *len - (size_t)(end + 1 - *buf), m);
    if (haven_membuf_close(m, &b) != 0)
        return -1;
    free(*buf);
    *buf = b.data;
    *len = b.len;
    return 0;
}

static int render_described(const fig *f, fig_format format, char **buf, size_t *len)
{
    if (render(f, format, buf, len) != 0)
        return -1;
    if (format == FIG_SVG && describe_svg(f, buf, len) != 0) {
        cli_error("figure %s: out of memory", f->name);
        free(*buf);
        return -1;
    }
    return 0;
}

/* All figures are drawn first, then written together (all or nothing). */
int fig_set_write(const fig_set *s, const char *prefix, fig_format format, int quiet)
{
    cli_outset out = {0};
    char *path = NULL;
    int rc = 0;
    for (size_t i = 0; i < s->n && rc == 0; i++) {
        char *buf;
        size_t len;
        if (render_described(s->figs[i], format, &buf, &len) != 0) {
            rc = -1;
            break;
        }
        size_t cap = strlen(prefix) + strlen(s->figs[i]->name) + 8;
        char *p = realloc(path, cap);
        FILE *fp = NULL;
        if (p) {
            path = p;
            snprintf(path, cap, "%s-%s.%s", prefix, s->figs[i]->name, fig_format_ext(format));
            fp = cli_outset_open(&out, path);
        } else {
            cli_error("out of memory");
        }
        if (fp)
            fwrite(buf, 1, len, fp);
        else
            rc = -1;
        free(buf);
    }
    free(path);
    if (rc != 0) {
        cli_outset_abort(&out);
        return -1;
    }
    if (cli_outset_commit(&out) != 0)
        return -1;
    for (size_t i = 0; i < s->n && !quiet; i++)
        fprintf(stderr, "haven: figure %s-%s.%s\n", prefix, s->figs[i]->name,
                fig_format_ext(format));
    return 0;
}

char *fig_svg_string(const fig *f)
{
    char *buf;
    size_t len;
    if (render_described(f, FIG_SVG, &buf, &len) != 0)
        return NULL;
    return buf; /* NUL-terminated */
}
