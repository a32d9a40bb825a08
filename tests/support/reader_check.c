#include "reader_check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

void tc_tmp_path(char *buf, size_t cap, const char *name)
{
    const char *dir = getenv("TMPDIR");
    snprintf(buf, cap, "%s/haven_%ld_%s", dir && *dir ? dir : "/tmp", (long)getpid(), name);
}

int tc_write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    fputs(text, fp);
    return fclose(fp);
}

int tc_gzip(const char *src, const char *dst)
{
    FILE *in = fopen(src, "rb");
    gzFile out = gzopen(dst, "wb");
    char buf[65536];
    size_t n;
    int rc = in && out ? 0 : -1;
    while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0)
        rc = gzwrite(out, buf, (unsigned)n) == (int)n ? 0 : -1;
    if (in)
        fclose(in);
    if (out && gzclose(out) != Z_OK)
        rc = -1;
    return rc;
}

haven_traj *tc_open_elements(const char *path, const char *elements)
{
    haven_traj_options o;
    haven_traj_options_init(&o);
    o.elements = elements;
    haven_traj *t = NULL;
    return haven_traj_open(path, &o, &t) == HAVEN_OK ? t : NULL;
}

haven_status tc_read_all(const char *path, haven_format fmt, const char *types, long *n_frames)
{
    haven_traj_options opt;
    haven_traj_options_init(&opt);
    opt.format = fmt;
    opt.types = types;
    haven_traj *t;
    *n_frames = 0;
    haven_status s = haven_traj_open(path, &opt, &t);
    const haven_frame *f;
    while (s == HAVEN_OK && (s = haven_traj_read(t, &f)) == HAVEN_OK)
        (*n_frames)++;
    haven_traj_free(t);
    return s == HAVEN_EOF ? HAVEN_OK : s;
}

int tc_error_is(const char *path, long line, const char *text)
{
    char where[600];
    snprintf(where, sizeof where, "%s:%ld:", path, line);
    const char *msg = haven_last_error();
    int ok = strstr(msg, where) && strstr(msg, text);
    if (!ok)
        fprintf(stderr, "message '%s' lacks '%s' or '%s'\n", msg, where, text);
    return ok;
}

int tc_check_bad(const char *name, const char *text, haven_format fmt, const char *types,
                 haven_status want, long line, const char *phrase)
{
    char path[512];
    long frames;
    tc_tmp_path(path, sizeof path, name);
    if (tc_write_text(path, text) != 0)
        return 0;
    haven_status s = tc_read_all(path, fmt, types, &frames);
    int ok = s == want;
    if (!ok)
        fprintf(stderr, "%s: status %d, want %d (%s)\n", name, s, want, haven_last_error());
    else if (line > 0)
        ok = tc_error_is(path, line, phrase);
    else if (!(ok = strstr(haven_last_error(), phrase) != NULL))
        fprintf(stderr, "message '%s' lacks '%s'\n", haven_last_error(), phrase);
    remove(path);
    return ok;
}

static double frame_error(const haven_frame *fr, const fixture_system *s, size_t f, int unwrapped)
{
    double err = 0;
    for (size_t i = 0; i < s->n_atoms; i++) {
        double cart[3], frac[3], got[3];
        int img[3];
        fixture_wrapped(s, f, i, cart, frac, img);
        const double *want = unwrapped ? s->pos[f * s->n_atoms + i] : cart;
        for (int k = 0; k < 3; k++) {
            got[k] = fr->pos[i][k];
            if (fr->coords == HAVEN_COORD_IMAGES)
                for (int a = 0; a < 3; a++)
                    got[k] += fr->image[i][a] * fr->cell[a][k];
            err = fmax(err, fabs(got[k] / 1e-10 - want[k]));
        }
    }
    return err;
}

double tc_max_pos_error(haven_traj *t, const fixture_system *s, int unwrapped,
                        double *max_cell_error)
{
    const haven_frame *fr;
    size_t f = 0;
    double err = 0;
    *max_cell_error = 0;
    if (haven_traj_n_atoms(t) != s->n_atoms)
        return -1;
    for (; haven_traj_read(t, &fr) == HAVEN_OK; f++) {
        if (f >= s->n_frames || (long)f != fr->index)
            return -1;
        for (int a = 0; a < 3; a++)
            for (int k = 0; k < 3; k++)
                *max_cell_error =
                    fmax(*max_cell_error, fabs(fr->cell[a][k] / 1e-10 - s->cell[f][a][k]));
        err = fmax(err, frame_error(fr, s, f, unwrapped));
    }
    return f == s->n_frames ? err : -1;
}
