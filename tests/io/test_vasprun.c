/* vasprun.xml reader: positions and metadata against the fixture written by
 * tests/support/write_vasprun.c, and every kind of bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
/* cmocka.h needs the three above first */
#include <cmocka.h>

#include "fixture.h"
#include "haven/traj.h"
#include "traj_check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The fixture writes fractional coordinates with 16 decimals: 1e-9 relative
 * to a 10 A cell (1e-8 A) leaves room for strtod and the fractional->Cartesian
 * product while catching any real error (a unit slip is 1e+0). */
#define POS_TOL 1e-8
#define assert_close(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

static char last_warning[1024];
static void catch_warning(const char *msg, void *user)
{
    (void)user;
    snprintf(last_warning, sizeof last_warning, "%s", msg);
}

static haven_traj *open_ok(const char *path)
{
    haven_traj *t = NULL;
    haven_status s = haven_traj_open(path, NULL, &t);
    if (s != HAVEN_OK)
        fail_msg("open %s: %s", path, haven_last_error());
    return t;
}

static void roundtrip(int triclinic, int npt, const char *suffix, unsigned flags)
{
    fixture_system s;
    char path[256];
    assert_int_equal(fixture_make(&s, 12, 25, 7u, triclinic, npt), 0);
    scratch_path(path, sizeof path, "vasprun", suffix);
    assert_int_equal(fixture_write_vasprun_flags(&s, path, flags), 0);
    haven_traj *t = open_ok(path);
    assert_int_equal(haven_traj_format(t), HAVEN_FMT_VASPRUN);
    assert_int_equal(haven_traj_n_atoms(t), 12);
    assert_int_equal(haven_traj_n_species(t), 3);
    assert_string_equal(haven_traj_species_name(t, 0), "Li");
    assert_string_equal(haven_traj_species_name(t, 2), "La");
    traj_check c = traj_compare(&s, t);
    assert_int_equal(c.last_status, HAVEN_EOF);
    assert_int_equal(c.n_frames, 25); /* initialpos/finalpos are not frames */
    assert_true(c.max_pos_err < POS_TOL);
    assert_true(c.max_cell_err < POS_TOL);
    haven_traj_free(t);
    unlink(path);
    fixture_free(&s);
}

static void test_orthorhombic(void **st)
{
    (void)st;
    roundtrip(0, 0, ".xml", 0);
}
static void test_triclinic(void **st)
{
    (void)st;
    roundtrip(1, 0, ".xml", 0);
}
static void test_npt(void **st)
{
    (void)st;
    roundtrip(1, 1, ".xml", 0);
}
static void test_gzip(void **st)
{
    (void)st;
    roundtrip(1, 1, ".xml.gz", 0);
}
static void test_ml_blocks(void **st)
{
    (void)st;
    roundtrip(0, 1, "_ml.xml", FIXTURE_VASPRUN_ML);
}

/* POTIM, TEBEG and the per-frame step/time; `ml` checks ML_OUTBLOCK. */
static void check_metadata(unsigned flags, long stride)
{
    fixture_system s;
    char path[256];
    assert_int_equal(fixture_make(&s, 6, 5, 3u, 0, 0), 0);
    scratch_path(path, sizeof path, "vasprun_meta", ".xml");
    assert_int_equal(fixture_write_vasprun_flags(&s, path, flags), 0);
    haven_traj *t = open_ok(path);
    /* Exact decimal values in the file: equal to double rounding. */
    assert_close(haven_traj_file_timestep(t), 2e-15, 1e-27);
    assert_close(haven_traj_file_temperature(t), 600.0, 1e-12);
    assert_int_equal(haven_traj_file_stride(t), stride);
    const haven_frame *fr;
    for (long f = 0; f < 5; f++) {
        assert_int_equal(haven_traj_read(t, &fr), HAVEN_OK);
        assert_int_equal(fr->index, f);
        assert_int_equal(fr->step, f * stride);
        assert_close(fr->time, (double)(f * stride) * 2e-15, 1e-27);
        assert_null(fr->vel);
        assert_int_equal(fr->coords, HAVEN_COORD_WRAPPED);
    }
    /* Rewind gives frame 0 again, bit for bit. */
    double x0 = fr->pos[0][0];
    assert_int_equal(haven_traj_rewind(t), HAVEN_OK);
    assert_int_equal(haven_traj_read(t, &fr), HAVEN_OK);
    assert_int_equal(fr->index, 0);
    assert_int_equal(fr->step, 0);
    assert_true(fr->pos[0][0] != x0 || s.n_frames == 1);
    haven_traj_free(t);
    unlink(path);
    fixture_free(&s);
}

/* vasprun.xml holds every ionic step whatever NBLOCK (=10 in the file). */
static void test_metadata(void **st)
{
    (void)st;
    check_metadata(0, 1);
}
static void test_metadata_ml(void **st)
{
    (void)st;
    check_metadata(FIXTURE_VASPRUN_ML, 10);
}

/* ---- bad input ------------------------------------------------------------ */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    char *b = malloc(*len + 1);
    assert_int_equal(fread(b, 1, *len, f), *len);
    b[*len] = '\0';
    fclose(f);
    return b;
}

static void spit(const char *path, const char *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, len, f), len);
    fclose(f);
}

/* Start of the n-th (0-based) occurrence of needle. */
static char *nth(char *hay, const char *needle, int n)
{
    char *p = strstr(hay, needle);
    while (p && n-- > 0)
        p = strstr(p + 1, needle);
    assert_non_null(p);
    return p;
}

/* Fixture file (6 atoms, 6 frames) with the text from `from` to the end of
 * `to`, both searched after frame `frame`'s <structure>, replaced by repl. */
static void write_edited(const char *path, int frame, const char *from, const char *to,
                         const char *repl)
{
    fixture_system s;
    assert_int_equal(fixture_make(&s, 6, 6, 11u, 1, 0), 0);
    assert_int_equal(fixture_write_vasprun(&s, path), 0);
    fixture_free(&s);
    size_t len;
    char *b = slurp(path, &len);
    char *a = strstr(nth(b, "<structure>", frame), from);
    assert_non_null(a);
    char *z = strstr(a, to);
    assert_non_null(z);
    z += strlen(to);
    FILE *f = fopen(path, "wb");
    fwrite(b, 1, (size_t)(a - b), f);
    fputs(repl, f);
    fputs(z, f);
    fclose(f);
    free(b);
}

/* Frames 0..frame-1 read, then frame `frame` fails with `status`; the message
 * names the file, the frame and the line. */
static void expect_frame_error(const char *path, int frame, haven_status status)
{
    haven_traj *t = open_ok(path);
    const haven_frame *fr;
    for (int f = 0; f < frame; f++)
        assert_int_equal(haven_traj_read(t, &fr), HAVEN_OK);
    assert_int_equal(haven_traj_read(t, &fr), status);
    char want[64];
    snprintf(want, sizeof want, "frame %d", frame);
    const char *msg = haven_last_error();
    if (!strstr(msg, path) || !strstr(msg, want) || !strstr(msg, "line"))
        fail_msg("message lacks file/frame/line: %s", msg);
    haven_traj_free(t);
    unlink(path);
}

static void test_empty(void **st)
{
    (void)st;
    char path[256];
    scratch_path(path, sizeof path, "vasprun_empty", ".xml");
    spit(path, "", 0);
    haven_traj_options o;
    haven_traj_options_init(&o);
    o.format = HAVEN_FMT_VASPRUN;
    haven_traj *t = NULL;
    assert_int_equal(haven_traj_open(path, &o, &t), HAVEN_ERR_FORMAT);
    assert_null(t);
    assert_non_null(strstr(haven_last_error(), path));
    unlink(path);
}

/* A killed run: the file stops inside frame 4's positions. */
static void test_truncated(void **st)
{
    (void)st;
    fixture_system s;
    char path[256];
    assert_int_equal(fixture_make(&s, 6, 8, 5u, 0, 0), 0);
    scratch_path(path, sizeof path, "vasprun_cut", ".xml");
    assert_int_equal(fixture_write_vasprun(&s, path), 0);
    size_t len;
    char *b = slurp(path, &len);
    char *cut = strstr(strstr(nth(b, "<structure>", 4), "name=\"positions\""), "<v>") + 10;
    spit(path, b, (size_t)(cut - b));
    free(b);
    last_warning[0] = '\0';
    haven_set_warning_handler(catch_warning, NULL);
    haven_traj *t = open_ok(path);
    traj_check c = traj_compare(&s, t);
    haven_set_warning_handler(NULL, NULL);
    assert_int_equal(c.last_status, HAVEN_EOF);
    assert_int_equal(c.n_frames, 4);
    assert_true(c.max_pos_err < POS_TOL);
    assert_non_null(strstr(last_warning, path));
    assert_non_null(strstr(last_warning, "frame 4"));
    haven_traj_free(t);
    unlink(path);
    fixture_free(&s);
}

/* A cut .gz (the compressed stream ends early): complete frames, then EOF
 * with a warning; rewinding starts over at frame 0. */
static void test_truncated_gzip(void **st)
{
    (void)st;
    fixture_system s;
    char path[256];
    assert_int_equal(fixture_make(&s, 6, 40, 5u, 1, 0), 0);
    scratch_path(path, sizeof path, "vasprun_cut", ".xml.gz");
    assert_int_equal(fixture_write_vasprun(&s, path), 0);
    size_t len;
    char *b = slurp(path, &len);
    spit(path, b, len / 2);
    free(b);
    last_warning[0] = '\0';
    haven_set_warning_handler(catch_warning, NULL);
    haven_traj *t = open_ok(path);
    traj_check c = traj_compare(&s, t);
    haven_set_warning_handler(NULL, NULL);
    assert_int_equal(c.last_status, HAVEN_EOF);
    /* Half the compressed bytes hold roughly half the frames. */
    assert_true(c.n_frames >= 5 && c.n_frames < 40);
    assert_true(c.max_pos_err < POS_TOL);
    assert_non_null(strstr(last_warning, path));
    const haven_frame *fr;
    assert_int_equal(haven_traj_rewind(t), HAVEN_OK);
    assert_int_equal(haven_traj_read(t, &fr), HAVEN_OK);
    assert_int_equal(fr->index, 0);
    haven_traj_free(t);
    unlink(path);
    fixture_free(&s);
}

static void test_wrong_format(void **st)
{
    (void)st;
    char path[256];
    scratch_path(path, sizeof path, "vasprun_wrong", ".xml");
    static const char *const bodies[] = {"not xml at all\n", "<?xml version=\"1.0\"?>\n<foo/>\n"};
    haven_traj_options o;
    haven_traj_options_init(&o);
    o.format = HAVEN_FMT_VASPRUN;
    for (int k = 0; k < 2; k++) {
        spit(path, bodies[k], strlen(bodies[k]));
        haven_traj *t = NULL;
        assert_int_equal(haven_traj_open(path, &o, &t), HAVEN_ERR_FORMAT);
        assert_non_null(strstr(haven_last_error(), path));
        assert_non_null(strstr(haven_last_error(), "line"));
    }
    unlink(path);
}

/* Broken XML in the middle is an error, not a truncation. */
static void test_malformed_middle(void **st)
{
    (void)st;
    char path[256];
    scratch_path(path, sizeof path, "vasprun_bad", ".xml");
    write_edited(path, 2, "</structure>", "</structure>", "</structur>");
    expect_frame_error(path, 2, HAVEN_ERR_FORMAT);
}

static void test_missing_basis(void **st)
{
    (void)st;
    char path[256];
    scratch_path(path, sizeof path, "vasprun_nobasis", ".xml");
    write_edited(path, 3, "name=\"basis\"", "name=\"basis\"", "name=\"other\"");
    expect_frame_error(path, 3, HAVEN_ERR_FORMAT);
}

static void test_non_numeric(void **st)
{
    (void)st;
    char path[256];
    scratch_path(path, sizeof path, "vasprun_text", ".xml");
    write_edited(path, 2, "<v>", "</v>", "<v> 0.25 zero 0.5 </v>");
    expect_frame_error(path, 2, HAVEN_ERR_FORMAT);
}

static void test_nan(void **st)
{
    (void)st;
    char path[256];
    scratch_path(path, sizeof path, "vasprun_nan", ".xml");
    /* Inside the positions, not the basis. */
    write_edited(path, 1, "name=\"positions\" >\n    <v>", "</v>",
                 "name=\"positions\" >\n    <v> 0.25 NaN 0.5 </v>");
    expect_frame_error(path, 1, HAVEN_ERR_VALUE);
}

static void test_atom_count(void **st)
{
    (void)st;
    char path[256];
    scratch_path(path, sizeof path, "vasprun_count", ".xml");
    write_edited(path, 2, "name=\"positions\" >\n", "</v>\n", "name=\"positions\" >\n");
    expect_frame_error(path, 2, HAVEN_ERR_FORMAT);
    assert_non_null(strstr(haven_last_error(), "5 positions, expected 6"));
}

/* The ML fixture (VASP 6.4.3, ML_OUTBLOCK = stride) with its first `from`
 * replaced by `to`; opening it fails with `status` and `phrase`. */
static void expect_header_error(const char *from, const char *to, haven_status status,
                                const char *phrase)
{
    fixture_system s;
    char path[256];
    size_t len;
    assert_int_equal(fixture_make(&s, 6, 3, 5u, 0, 0), 0);
    scratch_path(path, sizeof path, "vasprun_header", ".xml");
    assert_int_equal(fixture_write_vasprun_flags(&s, path, FIXTURE_VASPRUN_ML), 0);
    fixture_free(&s);
    char *b = slurp(path, &len), *a = strstr(b, from);
    assert_non_null(a);
    FILE *f = fopen(path, "wb");
    fwrite(b, 1, (size_t)(a - b), f);
    fputs(to, f);
    fputs(a + strlen(from), f);
    fclose(f);
    free(b);
    haven_traj *t = NULL;
    assert_int_equal(haven_traj_open(path, NULL, &t), status);
    const char *msg = haven_last_error();
    if (!strstr(msg, path) || !strstr(msg, "line") || !strstr(msg, phrase))
        fail_msg("message lacks file/line/'%s': %s", phrase, msg);
    unlink(path);
}

/* Header values beyond any VASP run would overflow the step arithmetic
 * (ML_OUTBLOCK x step, version parts x 10000): rejected with the line. */
static void test_header_ranges(void **st)
{
    (void)st;
    expect_header_error("ML_OUTBLOCK\">   10", "ML_OUTBLOCK\">   1e300", HAVEN_ERR_VALUE,
                        "ML_OUTBLOCK is 1e+300, expected a whole number from 1 to 1e+06");
    expect_header_error("ML_OUTBLOCK\">   10", "ML_OUTBLOCK\">   2.5", HAVEN_ERR_VALUE,
                        "ML_OUTBLOCK is 2.5");
    expect_header_error("6.4.3 <", "2147483648.4.3 <", HAVEN_ERR_FORMAT,
                        "VASP version '2147483648.4.3 ' not understood");
    expect_header_error("<i name=\"POTIM\">", "<i name=\"POTIM\"> -1e300 </i><i name=\"x\">",
                        HAVEN_ERR_VALUE, "POTIM is -1e+300");
}

/* Nested entities (tests/data/fuzz-repro, 4.6 kB expanding to 300 MB took
 * 45 s and 638 MB with XML_PARSE_HUGE): libxml2's amplification guard
 * stops the parse at once. */
static void test_entity_expansion(void **st)
{
    (void)st;
    const char *path = HAVEN_TEST_DATA "/fuzz-repro/vasprun_entity_expansion_L8.xml";
    haven_traj *t = NULL;
    assert_int_equal(haven_traj_open(path, NULL, &t), HAVEN_ERR_FORMAT);
    const char *msg = haven_last_error();
    if (!strstr(msg, path) || !strstr(msg, "line 19: XML error") || !strstr(msg, "entity"))
        fail_msg("message lacks file/line/entity: %s", msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orthorhombic),  cmocka_unit_test(test_triclinic),
        cmocka_unit_test(test_npt),           cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_ml_blocks),     cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_metadata_ml),   cmocka_unit_test(test_empty),
        cmocka_unit_test(test_truncated),     cmocka_unit_test(test_truncated_gzip),
        cmocka_unit_test(test_wrong_format),  cmocka_unit_test(test_malformed_middle),
        cmocka_unit_test(test_missing_basis), cmocka_unit_test(test_non_numeric),
        cmocka_unit_test(test_nan),           cmocka_unit_test(test_atom_count),
        cmocka_unit_test(test_header_ranges), cmocka_unit_test(test_entity_expansion),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
