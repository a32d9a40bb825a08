/* VASP vasprun.xml reader (plain or gzip), streamed node by node with
 * libxml2's xmlTextReader so that only one <structure> is ever in memory.
 *
 * Frames are the <structure> of each top-level <calculation> (AIMD and
 * machine-learned force-field runs alike). The "initialpos" and "finalpos"
 * structures are outside any <calculation>: they duplicate the first and
 * last step and are skipped. A file that ends inside a frame (a killed run)
 * gives its complete frames, a warning, then HAVEN_EOF. */
#include "io/plugin.h"
#include "io/reader.h"

#include "core/error.h"

#include <libxml/xmlreader.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct {
    gzFile gz;
    int input_done; /* the decompressed input has been consumed */
    xmlTextReaderPtr xr;
    char xml_error[256]; /* first parser error, for messages */
    int xml_error_line;
    long calc_index;    /* 0-based index of the current <calculation> */
    int calc_has_frame; /* this <calculation>'s structure was returned */
    int pending;        /* the current node has not been handled yet */
    int skip_next;      /* leave the current subtree when advancing */
    int finished;
} vasprun;

/* Header values that decide the frame spacing (see vasprun_open). */
typedef struct {
    double potim; /* fs */
    long ml_outblock;
    double tebeg;   /* K */
    int version[3]; /* VASP version from <generator> */
    int have_atoms;
} vasprun_header;

static int io_read(void *ctx, char *buf, int len)
{
    vasprun *v = ctx;
    int n = gzread(v->gz, buf, (unsigned)len);
    if (n > 0)
        return n;
    int err = Z_OK;
    gzerror(v->gz, &err);
    /* A cut gzip stream ends with Z_BUF_ERROR: treat it as a cut file. */
    if (n == 0 || err == Z_BUF_ERROR) {
        v->input_done = 1;
        return 0;
    }
    return -1;
}

static int io_close(void *ctx)
{
    (void)ctx; /* the gzFile is closed by stream_close */
    return 0;
}

static void on_xml_error(void *arg, xmlErrorPtr err)
{
    vasprun *v = arg;
    if (!err || err->level == XML_ERR_WARNING || v->xml_error[0])
        return;
    snprintf(v->xml_error, sizeof v->xml_error, "%s", err->message ? err->message : "XML error");
    size_t n = strlen(v->xml_error);
    while (n > 0 && (v->xml_error[n - 1] == '\n' || v->xml_error[n - 1] == ' '))
        v->xml_error[--n] = '\0';
    v->xml_error_line = err->line;
}

static void stream_close(vasprun *v)
{
    if (v->xr)
        xmlFreeTextReader(v->xr);
    if (v->gz)
        gzclose(v->gz);
    v->xr = NULL;
    v->gz = NULL;
}

static haven_status stream_open(haven_traj *t, vasprun *v)
{
    stream_close(v);
    v->input_done = 0;
    v->xml_error[0] = '\0';
    v->calc_index = -1;
    v->calc_has_frame = 0;
    v->pending = v->skip_next = v->finished = 0;
    v->gz = gzopen(t->path, "rb");
    if (!v->gz)
        return haven_fail(HAVEN_ERR_IO, "%s: cannot open file", t->path);
    gzbuffer(v->gz, 32 << 10); /* small: libxml2 asks for 4 kB at a time */
    /* No XML_PARSE_HUGE: it switches off libxml2's guard against entity
     * amplification (a 4.6 kB file of nested entities took 45 s and 638 MB)
     * and entities stay unexpanded (no XML_PARSE_NOENT). Its default limits
     * (10 MB per text node) are far above anything VASP writes: every number
     * sits in its own <v>, <r> or <i>. */
    v->xr =
        xmlReaderForIO(io_read, io_close, v, t->path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    if (!v->xr)
        return haven_fail(HAVEN_ERR_NOMEM, "%s: cannot create XML reader", t->path);
    xmlTextReaderSetStructuredErrorHandler(v->xr, on_xml_error, v);
    return HAVEN_OK;
}

static int line_of(const vasprun *v)
{
    int line = v->xml_error[0] ? v->xml_error_line : 0;
    return line > 0 ? line : xmlTextReaderGetParserLineNumber(v->xr);
}

static int attr_is(const xmlNode *n, const char *attr, const char *value)
{
    xmlChar *a = xmlGetProp(n, (const xmlChar *)attr);
    int eq = a && strcmp((const char *)a, value) == 0;
    xmlFree(a);
    return eq;
}

static int name_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* First child element called `name` (with name="value" when value != NULL). */
static const xmlNode *child(const xmlNode *n, const char *name, const char *value)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (name_is(c, name) && (!value || attr_is(c, "name", value)))
            return c;
    return NULL;
}

static const char *text_of(const xmlNode *n)
{
    const xmlNode *c = n->children;
    return (c && (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
               ? (const char *)c->content
               : "";
}

static int blank_rest(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    return *p == '\0';
}

/* Three numbers from a <v> element; finite values required. */
static haven_status parse_v(const haven_traj *t, const xmlNode *v, long frame, double out[3])
{
    const char *p = text_of(v);
    char *end;
    for (int k = 0; k < 3; k++) {
        out[k] = strtod(p, &end);
        if (end == p)
            return haven_fail(HAVEN_ERR_FORMAT,
                              "%s: frame %ld, line %ld: expected 3 numbers in <v>, got '%.40s'",
                              t->path, frame, xmlGetLineNo(v), text_of(v));
        p = end;
    }
    if (!blank_rest(p))
        return haven_fail(HAVEN_ERR_FORMAT, "%s: frame %ld, line %ld: extra text '%.40s' in <v>",
                          t->path, frame, xmlGetLineNo(v), p);
    for (int k = 0; k < 3; k++)
        if (!isfinite(out[k]))
            return haven_fail(HAVEN_ERR_VALUE, "%s: frame %ld, line %ld: non-finite value in <v>",
                              t->path, frame, xmlGetLineNo(v));
    return HAVEN_OK;
}

static haven_status parse_basis(haven_traj *t, const xmlNode *st, long frame)
{
    const xmlNode *basis = child(child(st, "crystal", NULL), "varray", "basis");
    if (!basis)
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: frame %ld, line %ld: <structure> has no <crystal><varray "
                          "name=\"basis\"> (expected the cell)",
                          t->path, frame, xmlGetLineNo(st));
    int row = 0;
    for (const xmlNode *c = basis->children; c; c = c->next) {
        if (!name_is(c, "v"))
            continue;
        double a[3];
        if (row == 3)
            return haven_fail(HAVEN_ERR_FORMAT,
                              "%s: frame %ld, line %ld: more than 3 basis vectors", t->path, frame,
                              xmlGetLineNo(c));
        haven_status s = parse_v(t, c, frame, a);
        if (s != HAVEN_OK)
            return s;
        for (int k = 0; k < 3; k++)
            t->frame.cell[row][k] = a[k] * HAVEN_ANGSTROM;
        row++;
    }
    if (row != 3)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: frame %ld, line %ld: %d basis vectors, expected 3",
                          t->path, frame, xmlGetLineNo(basis), row);
    return HAVEN_OK;
}

/* Fill t->frame from one <structure>: cell, then fractional -> Cartesian. */
static haven_status parse_structure(haven_traj *t, const xmlNode *st, long frame)
{
    haven_status s = parse_basis(t, st, frame);
    if (s != HAVEN_OK)
        return s;
    const xmlNode *pos = child(st, "varray", "positions");
    if (!pos)
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: frame %ld, line %ld: <structure> has no <varray name=\"positions\">",
                          t->path, frame, xmlGetLineNo(st));
    size_t i = 0;
    const double(*h)[3] = (const double(*)[3])t->frame.cell;
    for (const xmlNode *c = pos->children; c; c = c->next) {
        if (!name_is(c, "v"))
            continue;
        double u[3];
        if (i == t->n_atoms)
            return haven_fail(HAVEN_ERR_FORMAT,
                              "%s: frame %ld, line %ld: more positions than the %zu atoms of "
                              "<atominfo>",
                              t->path, frame, xmlGetLineNo(c), t->n_atoms);
        if ((s = parse_v(t, c, frame, u)) != HAVEN_OK)
            return s;
        for (int k = 0; k < 3; k++)
            t->frame.pos[i][k] = u[0] * h[0][k] + u[1] * h[1][k] + u[2] * h[2][k];
        i++;
    }
    if (i != t->n_atoms)
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: frame %ld, line %ld: %zu positions, expected %zu (<atominfo>)",
                          t->path, frame, xmlGetLineNo(pos), i, t->n_atoms);
    return HAVEN_OK;
}

/* Element symbols from <atominfo><array name="atoms">: first <c> of each <rc>. */
static haven_status parse_atominfo(haven_traj *t, const xmlNode *info)
{
    const xmlNode *set = child(child(info, "array", "atoms"), "set", NULL);
    if (!set)
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: line %ld: <atominfo> has no <array name=\"atoms\"><set>", t->path,
                          xmlGetLineNo(info));
    size_t n = 0;
    for (const xmlNode *rc = set->children; rc; rc = rc->next)
        n += name_is(rc, "rc");
    char(*sym)[HAVEN_SPECIES_NAME_MAX] = calloc(n ? n : 1, sizeof *sym);
    const char **ptr = calloc(n ? n : 1, sizeof *ptr);
    haven_status s = (sym && ptr) ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    size_t i = 0;
    for (const xmlNode *rc = set->children; rc && s == HAVEN_OK; rc = rc->next) {
        if (!name_is(rc, "rc"))
            continue;
        const xmlNode *c = child(rc, "c", NULL);
        const char *txt = c ? text_of(c) : "";
        /* Trim blanks and any POTCAR suffix ("Li_sv" -> "Li"). */
        txt += strspn(txt, " \t\n");
        size_t len = strcspn(txt, " \t\n_");
        if (len == 0 || len >= HAVEN_SPECIES_NAME_MAX)
            s = haven_fail(HAVEN_ERR_FORMAT, "%s: line %ld: atom %zu has no element symbol",
                           t->path, xmlGetLineNo(rc), i + 1);
        else
            memcpy(sym[i], txt, len);
        ptr[i] = sym[i];
        i++;
    }
    if (s == HAVEN_OK)
        s = haven_traj_set_atoms(t, n, ptr);
    free(sym);
    free(ptr);
    return s;
}

/* Ranges of the header values haven uses, so that the step and time
 * arithmetic cannot overflow: POTIM (fs; also a step scale outside MD),
 * TEBEG (K), ML_OUTBLOCK (a whole number of steps). */
static const struct {
    const char *key;
    double lo, hi;
    int whole;
} header_keys[] = {{"POTIM", -1e6, 1e6, 0}, {"TEBEG", 0, 1e6, 0}, {"ML_OUTBLOCK", 1, 1e6, 1}};

static haven_status parse_param(haven_traj *t, const xmlNode *c, int k, double *x)
{
    char *end;
    const char *text = text_of(c);
    *x = strtod(text, &end);
    if (end == text || !blank_rest(end) || !isfinite(*x))
        return haven_fail(HAVEN_ERR_FORMAT, "%s: line %ld: %s is '%.40s', expected a number",
                          t->path, xmlGetLineNo(c), header_keys[k].key, text);
    if (*x < header_keys[k].lo || *x > header_keys[k].hi ||
        (header_keys[k].whole && *x != floor(*x)))
        return haven_fail(HAVEN_ERR_VALUE, "%s: line %ld: %s is %g, expected a %s from %g to %g",
                          t->path, xmlGetLineNo(c), header_keys[k].key, *x,
                          header_keys[k].whole ? "whole number" : "value", header_keys[k].lo,
                          header_keys[k].hi);
    return HAVEN_OK;
}

/* <i name="X"> values anywhere below <incar> / <parameters>. */
static haven_status parse_params(haven_traj *t, const xmlNode *n, vasprun_header *h)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (name_is(c, "separator")) {
            haven_status s = parse_params(t, c, h);
            if (s != HAVEN_OK)
                return s;
            continue;
        }
        if (!name_is(c, "i"))
            continue;
        for (int k = 0; k < 3; k++) {
            double x;
            if (!attr_is(c, "name", header_keys[k].key))
                continue;
            haven_status s = parse_param(t, c, k, &x);
            if (s != HAVEN_OK)
                return s;
            if (k == 0)
                h->potim = x;
            else if (k == 1)
                h->tebeg = x;
            else if (fabs(x) < 1e15) /* a step count: (long)x of more is undefined */
                h->ml_outblock = (long)x;
            else
                return haven_fail(HAVEN_ERR_FORMAT,
                                  "%s: line %ld: ML_OUTBLOCK is '%.40s', expected a step count",
                                  t->path, xmlGetLineNo(c), text_of(c));
        }
    }
    return HAVEN_OK;
}

/* "6.4.3.20Jan24 ..." -> {6, 4, 3}; a version that does not start with a
 * number stays 0.0.0 (unknown). Parts beyond 999 are no VASP version (and
 * sscanf's %d would overflow on them). */
static haven_status parse_generator(const haven_traj *t, const xmlNode *g, vasprun_header *h)
{
    const xmlNode *ver = child(g, "i", "version");
    const char *p = ver ? text_of(ver) : "";
    p += strspn(p, " \t\n");
    for (int k = 0; k < 3 && *p >= '0' && *p <= '9'; k++) {
        size_t digits = strspn(p, "0123456789");
        if (digits > 3)
            return haven_fail(HAVEN_ERR_FORMAT,
                              "%s: line %ld: VASP version '%.40s' not understood (expected e.g. "
                              "6.4.3)",
                              t->path, xmlGetLineNo(ver), text_of(ver));
        h->version[k] = atoi(p);
        p += digits;
        if (*p != '.')
            break;
        p++;
    }
    return HAVEN_OK;
}

/* Advance the stream; returns 1 on a node, 0 at the end, -1 on a parse error. */
static int advance(vasprun *v)
{
    if (v->pending) {
        v->pending = 0;
        return 1;
    }
    int skip = v->skip_next;
    v->skip_next = 0;
    return skip ? xmlTextReaderNext(v->xr) : xmlTextReaderRead(v->xr);
}

/* The stream broke: a cut file (input consumed) ends the frames with a
 * warning; anything else is a format error. */
static haven_status stream_broken(haven_traj *t, vasprun *v)
{
    v->finished = 1;
    if (v->input_done) {
        haven_warn("%s: file ends inside frame %ld (line %d; the run was probably killed): "
                   "keeping the %ld complete frames",
                   t->path, t->frames_read, line_of(v), t->frames_read);
        return HAVEN_EOF;
    }
    return haven_fail(HAVEN_ERR_FORMAT, "%s: line %d, after frame %ld: XML error: %s", t->path,
                      line_of(v), t->frames_read,
                      v->xml_error[0] ? v->xml_error : "malformed document");
}

static haven_status header_element(haven_traj *t, vasprun *v, vasprun_header *h, const char *name)
{
    int is_params = !strcmp(name, "incar") || !strcmp(name, "parameters");
    if (!is_params && strcmp(name, "atominfo") && strcmp(name, "generator"))
        return HAVEN_OK;
    const xmlNode *n = xmlTextReaderExpand(v->xr);
    if (!n)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: line %d: cannot read <%s>: %s", t->path,
                          line_of(v), name, v->xml_error[0] ? v->xml_error : "file ends early");
    if (is_params)
        return parse_params(t, n, h);
    if (!strcmp(name, "generator"))
        return parse_generator(t, n, h);
    h->have_atoms = 1;
    return parse_atominfo(t, n);
}

/* Read everything before the first <calculation>. */
static haven_status read_header(haven_traj *t, vasprun *v, vasprun_header *h)
{
    for (;;) {
        int r = advance(v);
        if (r < 0 && !v->input_done)
            return haven_fail(HAVEN_ERR_FORMAT, "%s: line %d: XML error: %s", t->path, line_of(v),
                              v->xml_error[0] ? v->xml_error : "malformed document");
        if (r <= 0)
            break;
        if (xmlTextReaderNodeType(v->xr) != XML_READER_TYPE_ELEMENT)
            continue;
        const char *name = (const char *)xmlTextReaderConstLocalName(v->xr);
        int depth = xmlTextReaderDepth(v->xr);
        if (depth == 0 && strcmp(name, "modeling") != 0)
            return haven_fail(HAVEN_ERR_FORMAT,
                              "%s: line %d: root element <%s>, expected <modeling> (vasprun.xml)",
                              t->path, line_of(v), name);
        if (depth != 1)
            continue;
        if (!strcmp(name, "calculation")) {
            v->pending = 1;
            break;
        }
        haven_status s = header_element(t, v, h, name);
        if (s != HAVEN_OK)
            return s;
        v->skip_next = 1;
    }
    if (!h->have_atoms)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: line %d: no <atominfo> before the first frame%s%s",
                          t->path, line_of(v), v->xml_error[0] ? ": " : "", v->xml_error);
    return HAVEN_OK;
}

static haven_status vasprun_open(haven_traj *t)
{
    vasprun *v = calloc(1, sizeof *v);
    if (!v)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    t->impl = v;
    haven_status s = stream_open(t, v);
    vasprun_header h = {.potim = NAN, .ml_outblock = -1, .tebeg = NAN};
    if (s == HAVEN_OK)
        s = read_header(t, v, &h);
    if (s == HAVEN_OK)
        s = haven_traj_alloc_frame(t, 0, 0);
    if (s != HAVEN_OK)
        return s;
    t->file_timestep = h.potim > 0 ? h.potim * HAVEN_FS : NAN;
    t->file_temperature = h.tebeg;
    /* vasprun.xml has every ionic step whatever NBLOCK (which thins only
     * XDATCAR); from VASP 6.4.3 ML_OUTBLOCK thins vasprun.xml too. */
    int v643 = h.version[0] * 10000 + h.version[1] * 100 + h.version[2] >= 60403;
    t->file_stride = (h.ml_outblock > 1 && v643) ? h.ml_outblock : 1;
    t->frame.coords = HAVEN_COORD_WRAPPED;
    return HAVEN_OK;
}

/* Handle one element of the frame stream; *done set when a frame is ready. */
static haven_status frame_element(haven_traj *t, vasprun *v, int *done)
{
    const char *name = (const char *)xmlTextReaderConstLocalName(v->xr);
    int depth = xmlTextReaderDepth(v->xr);
    if (depth == 1 && !strcmp(name, "calculation")) {
        v->calc_index++;
        v->calc_has_frame = 0;
        return HAVEN_OK; /* descend */
    }
    v->skip_next = depth >= 1; /* everything else at depth >= 1 is skipped whole */
    if (depth != 2 || strcmp(name, "structure") || v->calc_has_frame)
        return HAVEN_OK;
    const xmlNode *st = xmlTextReaderExpand(v->xr);
    if (!st || v->xml_error[0])
        return stream_broken(t, v);
    haven_status s = parse_structure(t, st, t->frames_read);
    if (s != HAVEN_OK)
        return s;
    v->calc_has_frame = 1;
    if (v->calc_index > LONG_MAX / t->file_stride)
        return haven_fail(HAVEN_ERR_VALUE, "%s: frame %ld: step number beyond %ld", t->path,
                          t->frames_read + 1, LONG_MAX);
    t->frame.step = v->calc_index * t->file_stride;
    t->frame.time = (double)t->frame.step * t->file_timestep;
    *done = 1;
    return HAVEN_OK;
}

static haven_status vasprun_read(haven_traj *t)
{
    vasprun *v = t->impl;
    if (v->finished)
        return HAVEN_EOF;
    for (;;) {
        int r = advance(v);
        if (r == 0) {
            v->finished = 1;
            return HAVEN_EOF;
        }
        if (r < 0)
            return stream_broken(t, v);
        if (xmlTextReaderNodeType(v->xr) != XML_READER_TYPE_ELEMENT)
            continue;
        int done = 0;
        haven_status s = frame_element(t, v, &done);
        if (s != HAVEN_OK || done)
            return s;
    }
}

static haven_status vasprun_rewind(haven_traj *t)
{
    vasprun *v = t->impl;
    vasprun_header h = {.potim = NAN};
    haven_status s = stream_open(t, v);
    /* Re-reading the header also re-checks that the file did not change. */
    return s == HAVEN_OK ? read_header(t, v, &h) : s;
}

static void vasprun_close(haven_traj *t)
{
    vasprun *v = t->impl;
    if (!v)
        return;
    stream_close(v);
    free(v);
    t->impl = NULL;
}

const haven_reader_ops haven_reader_vasprun = {
    .name = "vasprun",
    .format = HAVEN_FMT_VASPRUN,
    .probe = haven_probe_vasprun,
    .open = vasprun_open,
    .read = vasprun_read,
    .rewind = vasprun_rewind,
    .close = vasprun_close,
};
