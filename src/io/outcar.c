/* VASP OUTCAR: the positions and cell of every ionic step.
 *
 * Header: the elements from the VRHFIN lines (one per POTCAR, "VRHFIN
 * =Li: 1s2s2p"; TITEL "PAW_PBE Li_sv" when VRHFIN is missing), the counts
 * from "ions per type =", POTIM (fs) and TEBEG (K). Each ionic step prints
 * "direct lattice vectors" (3 rows: a lattice vector, then a reciprocal
 * one; NPT runs change them) and a block "POSITION ... TOTAL-FORCE
 * (eV/Angst)" (or "(ML)" for machine-learned force-field steps) of one row
 * per atom, "x y z fx fy fz" in Angstrom; the forces are not read. Each
 * POSITION block is one frame, with the lattice printed last before it; a
 * block identical to the one before (one step printed twice) is skipped.
 * OUTCAR prints every ionic step, so frames are POTIM apart. */
#include "io/cellmath.h"
#include "io/parse.h"
#include "io/reader.h"

#include "core/error.h"
#include "haven/elements.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUTCAR_MAX_TYPES 64

typedef struct {
    haven_linereader *lr;
    double cell_A[3][3];
    int have_cell;
    long step;         /* ionic steps handed out */
    double (*prev)[3]; /* the previous block, A, to skip a repeat */
    int have_prev;
} outcar;

typedef struct {
    char names[OUTCAR_MAX_TYPES][HAVEN_SPECIES_NAME_MAX];
    int n_names, n_titel;
    char titel[OUTCAR_MAX_TYPES][HAVEN_SPECIES_NAME_MAX];
    long counts[OUTCAR_MAX_TYPES];
    int n_counts;
} outcar_header;

static int is_position_line(const char *line)
{
    return strstr(line, "POSITION") && strstr(line, "TOTAL-FORCE");
}

/* The number after "KEY =" in line, if the key is there. */
static int keyed_number(const char *line, const char *key, double *v)
{
    const char *p = strstr(line, key);
    if (!p || !(p = strchr(p + strlen(key), '=')))
        return 0;
    char *end;
    *v = strtod(p + 1, &end);
    return end != p + 1;
}

/* "VRHFIN =Li: ..." or "TITEL  = PAW_PBE Li_sv 10Sep2004". */
static void element_line(const char *line, outcar_header *h)
{
    const char *p;
    if ((p = strstr(line, "VRHFIN")) && (p = strchr(p, '=')) && h->n_names < OUTCAR_MAX_TYPES) {
        p = haven_skip_space(p + 1);
        haven_label_to_symbol(p, strcspn(p, ":"), h->names[h->n_names++], HAVEN_SPECIES_NAME_MAX);
    } else if ((p = strstr(line, "TITEL")) && (p = strchr(p, '=')) &&
               h->n_titel < OUTCAR_MAX_TYPES) {
        p = haven_skip_space(p + 1);
        p = haven_skip_space(haven_token_end(p)); /* PAW_PBE */
        haven_label_to_symbol(p, (size_t)(haven_token_end(p) - p), h->titel[h->n_titel++],
                              HAVEN_SPECIES_NAME_MAX);
    }
}

static haven_status counts_line(const haven_linereader *lr, const char *line, outcar_header *h)
{
    const char *p = strchr(strstr(line, "ions per type"), '=') + 1;
    h->n_counts = 0;
    while (*(p = haven_skip_space(p)) && h->n_counts < OUTCAR_MAX_TYPES) {
        haven_status s = haven_lr_long(lr, &p, &h->counts[h->n_counts]);
        if (s != HAVEN_OK)
            return s;
        if (h->counts[h->n_counts] <= 0 || h->counts[h->n_counts] > 100000000)
            return haven_lr_fail(lr, HAVEN_ERR_FORMAT, "ions per type: count %ld",
                                 h->counts[h->n_counts]);
        h->n_counts++;
    }
    return HAVEN_OK;
}

/* Per-atom symbols from the names and the counts. */
static haven_status set_atoms(haven_traj *t, outcar *o, outcar_header *h)
{
    char(*names)[HAVEN_SPECIES_NAME_MAX] = h->n_names ? h->names : h->titel;
    int n_names = h->n_names ? h->n_names : h->n_titel;
    if (h->n_counts == 0)
        return haven_lr_fail(o->lr, HAVEN_ERR_FORMAT,
                             "no 'ions per type' line before the first POSITION block");
    if (n_names < h->n_counts)
        return haven_lr_fail(o->lr, HAVEN_ERR_FORMAT,
                             "%d ion types but %d element names (VRHFIN or TITEL lines)",
                             h->n_counts, n_names);
    size_t n = 0;
    for (int k = 0; k < h->n_counts; k++)
        n += (size_t)h->counts[k];
    if (n > 100000000)
        return haven_lr_fail(o->lr, HAVEN_ERR_FORMAT, "%zu ions in all (more than 1e8)", n);
    haven_status s = haven_lr_check_count(o->lr, "the number of ions", n, 20);
    const char **sym = s == HAVEN_OK ? calloc(n, sizeof *sym) : NULL;
    if (s == HAVEN_OK && !sym)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for %zu atoms", n);
    for (int k = 0, i = 0; s == HAVEN_OK && k < h->n_counts; k++)
        for (long c = 0; c < h->counts[k]; c++)
            sym[i++] = names[k];
    if (s == HAVEN_OK)
        s = haven_traj_set_atoms(t, n, sym);
    free(sym);
    return s;
}

/* Header lines up to the first POSITION block. */
static haven_status read_header(haven_traj *t, outcar *o)
{
    outcar_header h;
    memset(&h, 0, sizeof h);
    char *line;
    size_t len;
    haven_status s;
    while ((s = haven_lr_next(o->lr, &line, &len)) == HAVEN_OK && !is_position_line(line)) {
        double v;
        if (strstr(line, "ions per type") && strchr(strstr(line, "ions per type"), '='))
            s = counts_line(o->lr, line, &h);
        else if (keyed_number(line, "POTIM", &v) && v > 0)
            t->file_timestep = v * HAVEN_FS;
        else if (keyed_number(line, "TEBEG", &v) && v > 0)
            t->file_temperature = v;
        else
            element_line(line, &h);
        if (s != HAVEN_OK)
            return s;
    }
    if (s == HAVEN_EOF)
        return haven_lr_fail(o->lr, HAVEN_ERR_FORMAT,
                             "no POSITION block (not an OUTCAR of an MD or relaxation run?)");
    if (s == HAVEN_OK)
        s = set_atoms(t, o, &h);
    t->file_stride = 1;
    return s;
}

/* Three rows after "direct lattice vectors": the first 3 numbers each. */
static haven_status lattice(outcar *o)
{
    for (int i = 0; i < 3; i++) {
        char *line;
        const char *p;
        haven_status s = haven_lr_expect(o->lr, &line, "a lattice vector row");
        if (s == HAVEN_OK)
            s = haven_lr_doubles(o->lr, (p = line, &p), o->cell_A[i], 3);
        if (s != HAVEN_OK)
            return s;
    }
    o->have_cell = 1;
    return HAVEN_OK;
}

/* The rows of a POSITION block into the frame; *repeat when identical to
 * the block before. */
static haven_status positions(haven_traj *t, outcar *o, int *repeat)
{
    char *line;
    haven_status s = haven_lr_expect(o->lr, &line, "the dashes under POSITION");
    if (s == HAVEN_OK && !strstr(line, "---"))
        return haven_lr_fail(o->lr, HAVEN_ERR_FORMAT, "expected a line of dashes under POSITION");
    int same = o->have_prev;
    for (size_t i = 0; s == HAVEN_OK && i < t->n_atoms; i++) {
        double r[3];
        const char *p;
        if ((s = haven_lr_expect(o->lr, &line, "an ion row (truncated step?)")) != HAVEN_OK ||
            (s = haven_lr_doubles(o->lr, (p = line, &p), r, 3)) != HAVEN_OK)
            break;
        same &= !memcmp(r, o->prev[i], sizeof r);
        memcpy(o->prev[i], r, sizeof r);
        for (int k = 0; k < 3; k++)
            t->frame.pos[i][k] = r[k] * HAVEN_ANGSTROM;
    }
    if (s == HAVEN_OK &&
        (s = haven_lr_expect(o->lr, &line, "the dashes after the ions")) == HAVEN_OK &&
        !strstr(line, "---"))
        s = haven_lr_fail(o->lr, HAVEN_ERR_FORMAT,
                          "expected dashes after %zu ion rows (more ions than 'ions per type' "
                          "says?)",
                          t->n_atoms);
    o->have_prev = 1;
    *repeat = same;
    return s;
}

static haven_status outcar_read(haven_traj *t)
{
    outcar *o = t->impl;
    char *line;
    size_t len;
    haven_status s;
    while ((s = haven_lr_next(o->lr, &line, &len)) == HAVEN_OK) {
        int repeat = 0;
        if (strstr(line, "direct lattice vectors"))
            s = lattice(o);
        else if (is_position_line(line)) {
            if (!o->have_cell)
                return haven_lr_fail(o->lr, HAVEN_ERR_FORMAT,
                                     "POSITION block before any 'direct lattice vectors'");
            s = positions(t, o, &repeat);
            if (s == HAVEN_OK && !repeat)
                break;
        }
        if (s != HAVEN_OK)
            break;
    }
    if (s != HAVEN_OK)
        return s;
    t->frame.step = o->step++;
    t->frame.time = NAN;
    t->frame.coords = HAVEN_COORD_WRAPPED;
    return haven_cell_store(o->lr, (const double(*)[3])o->cell_A, t->frame.cell);
}

static haven_status outcar_rewind(haven_traj *t)
{
    outcar *o = t->impl;
    o->have_cell = o->have_prev = 0;
    o->step = 0;
    return haven_lr_rewind(o->lr);
}

static void outcar_close(haven_traj *t)
{
    outcar *o = t->impl;
    if (o) {
        haven_lr_close(o->lr);
        free(o->prev);
    }
    free(o);
    t->impl = NULL;
}

static haven_status outcar_open(haven_traj *t)
{
    outcar *o = calloc(1, sizeof *o);
    if (!o)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    t->impl = o;
    haven_status s = haven_lr_open(t->path, &o->lr);
    if (s == HAVEN_OK)
        s = read_header(t, o);
    if (s == HAVEN_OK && !(o->prev = calloc(t->n_atoms, sizeof *o->prev)))
        s = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    if (s == HAVEN_OK)
        s = haven_traj_alloc_frame(t, 0, 0);
    return s == HAVEN_OK ? outcar_rewind(t) : s;
}

/* The first line names VASP: " vasp.6.3.0 ..." (or "vasp.5.4.4"). */
static int outcar_probe(const char *head, size_t len)
{
    char line[512];
    if (!haven_probe_line(head, len, 0, line, sizeof line))
        return 0;
    const char *p = haven_skip_space(line);
    return !strncmp(p, "vasp.", 5) ? 90 : 0;
}

const haven_reader_ops haven_reader_outcar = {
    .name = "outcar",
    .format = HAVEN_FMT_OUTCAR,
    .probe = outcar_probe,
    .open = outcar_open,
    .read = outcar_read,
    .rewind = outcar_rewind,
    .close = outcar_close,
};
