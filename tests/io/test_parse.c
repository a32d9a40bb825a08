/* Number parsing: bit-for-bit agreement with strtod (correctly rounded in
 * glibc) on edge cases and random strings; rejection of garbage, NaN, Inf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "io/columns.h"
#include "io/parse.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

static uint64_t bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

/* The fixed-format forms (haven_parse_span, and its SSSE3 form where the
 * processor has SSSE3) on the token of n bytes at buf: each may decline,
 * but where it takes the token it must give the bits of `want` when the
 * line path accepts the whole token (ok), and must not take it otherwise. */
static void check_spans(const char *s, const char *buf, size_t n, int ok, double want)
{
    if (n == 0)
        return;
    double span = -1;
    if (!haven_parse_span(buf, n, &span) && (!ok || bits(span) != bits(want)))
        fail_msg("'%s' (span): haven %.17g, strtod %.17g (line path %s)", s, span, want,
                 ok ? "takes it" : "rejects it");
#if HAVEN_SSSE3
    span = -1;
    if (haven_cpu_ssse3() && !haven_parse_span_ssse3(buf, n, &span) &&
        (!ok || bits(span) != bits(want)))
        fail_msg("'%s' (span ssse3): haven %.17g, strtod %.17g (line path %s)", s, span, want,
                 ok ? "takes it" : "rejects it");
#endif
}

/* The row parsers' form (haven_parse_double_padded) on s followed by term
 * (' ' or '\n') and the zero padding a line reader block has: where
 * haven_parse_double accepts s (r == OK), it must give the same bits and
 * stop at the same place; where it rejects s, so must the padded form. */
static void check_padded(const char *s, char term, haven_parse_result r, double want, size_t stop)
{
    char buf[256 + 64] = {0};
    size_t n = strlen(s);
    if (n >= 256)
        return;
    memcpy(buf, s, n);
    buf[n] = term;
    const char *p = buf;
    double got = -1;
    int fail = haven_parse_double_padded(&p, &got);
    if (r != HAVEN_PARSE_OK) {
        if (!fail)
            fail_msg("'%s' (padded): accepted %.17g, the line path rejects it", s, got);
        check_spans(s, buf, n, 0, 0);
        return;
    }
    if (fail || bits(got) != bits(want) || p != buf + stop)
        fail_msg("'%s' (padded, '%s'): haven %.17g (fail=%d, stop %td), strtod %.17g (stop %zu)", s,
                 term == ' ' ? "blank" : "newline", got, fail, p - buf, want, stop);
    /* The fixed-format forms on the whole string as one token's extent:
     * where they take it, the same bits (they may decline anything). */
    check_spans(s, buf, n, stop == n, want);
}

/* Parse s with haven and strtod; they must agree to the last bit. */
static void check_same(const char *s)
{
    const char *p = s;
    double got = -1;
    haven_parse_result r = haven_parse_double(&p, &got);
    double want = strtod(s, NULL);
    check_padded(s, ' ', r, want, (size_t)(p - s));
    check_padded(s, '\n', r, want, (size_t)(p - s));
    if (!isfinite(want)) { /* e.g. "1.8e308": rounds past DBL_MAX */
        assert_int_equal(r, HAVEN_PARSE_NONFINITE);
        return;
    }
    if (r != HAVEN_PARSE_OK || bits(got) != bits(want))
        fail_msg("'%s': haven %.17g (r=%d), strtod %.17g", s, got, (int)r, want);
    assert_true(*p == '\0' || *p == ' ');
}

static void test_edge_cases(void **state)
{
    (void)state;
    static const char *cases[] = {
        "0",
        "-0",
        "+0.0",
        "1",
        "-1",
        ".5",
        "5.",
        "0.1",
        "0.3",
        "1e22",
        "1e23",
        "-1e-22",
        "1e-23",
        "9007199254740992",
        "9007199254740993",
        "9007199254740995",
        "18446744073709551615",
        "18446744073709551616",
        "1234567890123456789",
        "12345678901234567890123",
        "0.000000000000000000000000000001",
        "2.2250738585072014e-308",
        "2.2250738585072011e-308",
        "4.9e-324",
        "2.4e-324",
        "1e-400",
        "1.7976931348623157e308",
        "1.7976931348623158e307",
        "0.1000000000000000055511151231257827",
        "3.14159265358979323846264338327950288",
        "1.00000000000000011102230246251565404236316680908203125",
        "00000000001.5e+0002",
        "7.2057594037927933e16",
        "123.456E-7",
        "0.27985589",
        "8.729014",
        "-12.735865e0",
        "1.0000000000000000000000000000000000000000001",
        "2.5e-5",
        "1E5",
        "1e+05",
        "  42  ",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_same(cases[i]);
}

/* The shapes haven_parse_span decides itself, at and past its limits: an
 * optional '-', 1..17 digits with or without a '.' anywhere (8 digits on
 * a side, 15 in all), leading zeros, and printf's %.Nf of random values;
 * every string also through the padded and line parsers. Seeded. */
static void test_span_shapes(void **state)
{
    (void)state;
    uint64_t st = 0x9e3779b97f4a7c15ULL;
    char buf[64];
    for (int n = 0; n < 300000; n++) {
        st ^= st << 13, st ^= st >> 7, st ^= st << 17;
        int nd = 1 + (int)(st % 17), dot = (int)((st >> 5) % (uint64_t)(nd + 2)) - 1;
        char *q = buf;
        if ((st >> 10) & 1)
            *q++ = '-';
        for (int d = 0; d < nd; d++) {
            if (d == dot)
                *q++ = '.';
            int zero = (st >> 12) % 4 == 0 && d < 3; /* leading zeros now and then */
            *q++ = zero ? '0' : (char)('0' + (st >> (d * 3 % 57)) % 10);
        }
        if (dot == nd)
            *q++ = '.';
        *q = '\0';
        check_same(buf);
        double x = ldexp((double)(st >> 11), -(int)(st % 64)) * ((st >> 1) & 1 ? -1 : 1);
        snprintf(buf, sizeof buf, "%.*f", (int)((st >> 20) % 10), x);
        check_same(buf);
        snprintf(buf, sizeof buf, "%.*g", 1 + (int)((st >> 24) % 17), x);
        check_same(buf);
    }
}

/* Random doubles printed at every precision, and random digit strings:
 * both the fast path and the strtod fallback are exercised. Seeded. */
static void test_random(void **state)
{
    (void)state;
    uint64_t st = 0x1234567887654321ULL;
    char buf[128];
    for (int n = 0; n < 200000; n++) {
        st ^= st << 13, st ^= st >> 7, st ^= st << 17;
        double x;
        uint64_t u = st;
        memcpy(&x, &u, sizeof x);
        if (!isfinite(x))
            continue;
        snprintf(buf, sizeof buf, "%.*e", (int)(st % 20), x);
        check_same(buf);
        snprintf(buf, sizeof buf, "%.*f", (int)(st % 12),
                 ldexp((double)(st >> 20), -(int)(st % 40)));
        check_same(buf);
        int nd = 1 + (int)(st % 25), e = (int)((st >> 8) % 61) - 30;
        char *q = buf;
        for (int d = 0; d < nd; d++) {
            if (d == nd / 2)
                *q++ = '.';
            *q++ = (char)('0' + (st >> (d * 2 % 60)) % 10);
        }
        snprintf(q, 16, "e%d", e);
        check_same(buf);
    }
}

static void expect_reject(const char *s, haven_parse_result want)
{
    const char *p = s;
    double v;
    haven_parse_result r = haven_parse_double(&p, &v);
    if (r != want)
        fail_msg("'%s': result %d, want %d", s, (int)r, (int)want);
    check_padded(s, ' ', r, 0, 0);
    check_padded(s, '\n', r, 0, 0);
    assert_ptr_equal(p, s); /* position unchanged on failure */
}

static void test_reject(void **state)
{
    (void)state;
    const char *syntax[] = {"",     "   ", "abc", "1.0abc", "1e", "1e+",   "--1", "+-1",
                            "0x10", "1,5", ".",   "-",      "e5", "1.2.3", "1d5"};
    for (size_t i = 0; i < sizeof syntax / sizeof syntax[0]; i++)
        expect_reject(syntax[i], HAVEN_PARSE_SYNTAX);
    const char *nonfinite[] = {"nan",  "NaN",      "-nan",  "inf",    "-Inf",
                               "+INF", "Infinity", "1e999", "-2e308", "nan(0x1)"};
    for (size_t i = 0; i < sizeof nonfinite / sizeof nonfinite[0]; i++)
        expect_reject(nonfinite[i], HAVEN_PARSE_NONFINITE);
}

static void test_long(void **state)
{
    (void)state;
    const char *p = " 123 -45 +7";
    long v;
    assert_int_equal(haven_parse_long(&p, &v), HAVEN_PARSE_OK);
    assert_int_equal(v, 123);
    assert_int_equal(haven_parse_long(&p, &v), HAVEN_PARSE_OK);
    assert_int_equal(v, -45);
    assert_int_equal(haven_parse_long(&p, &v), HAVEN_PARSE_OK);
    assert_int_equal(v, 7);
    p = "-9223372036854775808";
    assert_int_equal(haven_parse_long(&p, &v), HAVEN_PARSE_OK);
    assert_true(v == (-9223372036854775807L - 1));
    p = "9223372036854775808";
    assert_int_equal(haven_parse_long(&p, &v), HAVEN_PARSE_RANGE);
    p = "12a";
    assert_int_equal(haven_parse_long(&p, &v), HAVEN_PARSE_SYNTAX);
    p = "1.5";
    assert_int_equal(haven_parse_long(&p, &v), HAVEN_PARSE_SYNTAX);
}

static void test_tokens(void **state)
{
    (void)state;
    const char *line = "  Li\t 1.5  x";
    const char *p = haven_skip_space(line);
    assert_ptr_equal(p, line + 2);
    assert_ptr_equal(haven_token_end(p), line + 4);
    assert_true(haven_line_blank(" \t \r"));
    assert_false(haven_line_blank(" a"));
}

/* Every token of the text trajectories in the test data and the fuzz
 * corpora (what the tests and fuzzing feed the readers): both forms agree
 * with each other, and with strtod where they accept the token. */
static size_t check_file_tokens(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    char tok[256];
    size_t n = 0, count = 0;
    for (int c = fgetc(fp);; c = fgetc(fp)) {
        if (c != EOF && c != ' ' && c != '\n' && c != '\t' && c != '\r' && n + 1 < sizeof tok) {
            tok[n++] = (char)c;
            continue;
        }
        tok[n] = '\0';
        if (n > 0 && strlen(tok) == n) { /* tokens holding NUL: not a C string */
            const char *p = tok;
            double got = -1;
            haven_parse_result r = haven_parse_double(&p, &got);
            if (r == HAVEN_PARSE_OK && bits(got) != bits(strtod(tok, NULL)))
                fail_msg("%s: '%s': haven %.17g, strtod %.17g", path, tok, got, strtod(tok, NULL));
            check_padded(tok, ' ', r, got, (size_t)(p - tok));
            check_padded(tok, '\n', r, got, (size_t)(p - tok));
            count++;
        }
        n = 0;
        if (c == EOF)
            break;
    }
    fclose(fp);
    return count;
}

static void test_corpus_tokens(void **state)
{
    (void)state;
    static const char *dirs[] = {HAVEN_TEST_DATA,
                                 HAVEN_TEST_DATA "/../fuzz/corpus/lammps",
                                 HAVEN_TEST_DATA "/../fuzz/corpus/extxyz",
                                 HAVEN_TEST_DATA "/../fuzz/corpus/xdatcar",
                                 HAVEN_TEST_DATA "/../fuzz/regressions/lammps",
                                 HAVEN_TEST_DATA "/../fuzz/regressions/extxyz",
                                 HAVEN_TEST_DATA "/../fuzz/regressions/xdatcar"};
    size_t tokens = 0;
    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        DIR *dir = opendir(dirs[d]);
        if (!dir)
            continue;
        for (struct dirent *e; (e = readdir(dir));) {
            char path[1024];
            struct stat st;
            snprintf(path, sizeof path, "%s/%s", dirs[d], e->d_name);
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && !strstr(e->d_name, ".gz") &&
                !strstr(e->d_name, ".h5"))
                tokens += check_file_tokens(path);
        }
        closedir(dir);
    }
    assert_true(tokens > 1000); /* the corpora were found */
}

#if HAVEN_SSSE3
/* Column layouts of the row-form test: up to ROW_COLS columns. */
#define ROW_COLS 10
typedef struct {
    int n;
    signed char slot[ROW_COLS];
} row_layout;

/* The numeric columns of a row the fast forms took (slot >= 0 in the
 * layout, numbered by column): strtod's bits for each token. */
static void check_row_strtod(const char *row, const row_layout *lay, const double *v)
{
    const char *p = row;
    for (int k = 0; k < lay->n; k++) {
        p += strspn(p, " \t");
        int slot = lay->slot[k];
        double want = slot < 0 ? 0 : strtod(p, NULL);
        size_t n = strcspn(p, " \t\n");
        if (slot >= 0 && bits(v[slot]) != bits(want))
            fail_msg("row '%s' column %d: %.17g, strtod %.17g", row, k, v[slot], want);
        p += n;
    }
}

/* One random token at row + len (after a blank or a tab): fixed-format
 * numbers at and past the SSSE3 form's limits or, in short rows, numbers of
 * at most 8 digits and 7 after the point (the AVX-512 form's; LAMMPS's %g),
 * integers, exponents, signs, garbage. Returns its length with the blank. */
static int row_token(char *row, uint64_t st, int short_row)
{
    static const char *odd[] = {"1e5",       "-",         "+3",        "1.2.3",      ".",
                                "-.5",       "5.",        "abc",       "12345678.5", ".12345678",
                                "-.1234567", "-12345678", "1234567.8", "-0.0000001"};
    double sign = (st >> 40) & 1 ? -1 : 1;
    int len = snprintf(row, 64, "%s", (st >> 3) % 3 ? " " : "\t");
    if (st % 7 == 0)
        return len + snprintf(row + len, 64, "%s", odd[(st >> 8) % 14]);
    if (st % 11 == 0) /* an integer: an id, a type */
        return len + snprintf(row + len, 64, "%d", (int)((st >> 8) % 100000000));
    if (short_row) {
        int digits = 1 + (int)((st >> 8) % 8), prec = (int)((st >> 12) % 8);
        return len + snprintf(row + len, 64, "%.*f", prec,
                              (double)((st >> 20) % (uint64_t)pow(10, digits)) /
                                  pow(10, prec + (st >> 16) % 3) * sign);
    }
    return len + snprintf(row + len, 64, "%.*f", (int)((st >> 8) % 10),
                          ldexp((double)(st >> 20), -(int)((st >> 14) % 50)) * sign);
}

/* Rows of random tokens (row_token; every other row a short one) through
 * every form of the row parser: the same end, values and text, and where
 * they take the row, strtod's value for every number. Seeded. Returns the
 * rows taken. */
static int row_forms(const row_layout *lay, uint64_t st)
{
    haven_columns c;
    haven_columns_init(&c, lay->n);
    for (int k = 0; k < lay->n; k++)
        haven_columns_set(&c, k, lay->slot[k]);
    int rows = 0, avx2_rows = 0, avx512_rows = 0;
    int avx512 = c.lead >= 0 && haven_cpu_avx512();
    for (int n = 0; n < 200000; n++) {
        char row[ROW_COLS * 64 + 64] = {0};
        int len = 0;
        for (int k = 0; k < lay->n; k++) {
            st ^= st << 13, st ^= st >> 7, st ^= st << 17;
            len += row_token(row + len, st, n % 2);
        }
        row[len++] = '\n';
        double a[ROW_COLS] = {0}, b[ROW_COLS] = {0}, x[ROW_COLS] = {0}, y[ROW_COLS] = {0};
        const char *ta = NULL, *tb = NULL, *tx = NULL, *ty = NULL;
        size_t la = 0, lb = 0, lx = 0, ly = 0;
        /* (the outputs of a row a form declines are unspecified) */
        const char *ea = haven_columns_row_fast_swar(&c, row, a, &ta, &la);
        const char *eb = haven_columns_row_fast_ssse3(&c, row, b, &tb, &lb);
        if (ea != eb || (ea && (ta != tb || la != lb || memcmp(a, b, sizeof a))))
            fail_msg("row '%.*s': the SWAR and SSSE3 forms differ", len - 1, row);
        if (haven_cpu_avx2()) {
            const char *ex = haven_columns_row_fast_avx2(&c, row, x, &tx, &lx);
            if (ex != ea || (ea && (tx != ta || lx != la || memcmp(a, x, sizeof a))))
                fail_msg("row '%.*s': the SWAR and AVX2 forms differ", len - 1, row);
            avx2_rows += ex != NULL;
        }
        if (avx512) {
            const char *ey = haven_columns_row_fast_avx512(&c, row, y, &ty, &ly);
            if (ey != ea || (ea && (ty != ta || ly != la || memcmp(a, y, sizeof a))))
                fail_msg("row '%.*s': the SWAR and AVX-512 forms differ", len - 1, row);
            avx512_rows += ey != NULL;
        }
        if (ea)
            check_row_strtod(row, lay, a);
        rows += ea != NULL;
    }
    assert_true(!haven_cpu_avx2() || avx2_rows == rows);
    assert_true(!avx512 || avx512_rows == rows);
    return rows;
}
#endif

/* The forms on column layouts that take different paths: a text column
 * among numbers; all numbers (LAMMPS id type x y z); text, then numbers
 * (extended XYZ); skipped columns, then numbers; a skipped last column;
 * numbers after a skipped column into slots out of column order; ten
 * numbers (two groups of the AVX-512 form's eight). */
static void test_row_forms(void **state)
{
    (void)state;
#if HAVEN_SSSE3
    if (!haven_cpu_ssse3())
        skip();
    enum { S = HAVEN_COL_SKIP, T = HAVEN_COL_TEXT };
    static const row_layout layouts[] = {
        {6, {0, 1, T, 3, 4, 5}},
        {6, {0, 1, 2, 3, 4, 5}},
        {6, {T, 1, 2, 3, 4, 5}},
        {6, {S, 1, 2, 3, 4, 5}},
        {6, {S, T, 2, 3, 4, 5}},
        {6, {0, 1, 2, 3, 4, S}},
        {6, {S, 5, 3, 1, 2, 4}},
        {10, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
        {10, {T, 9, 8, 7, 6, 5, 4, 3, 2, 1}},
    };
    for (size_t l = 0; l < sizeof layouts / sizeof layouts[0]; l++) {
        int rows = row_forms(&layouts[l], 0x2545f4914f6cdd1dULL + l);
        print_message("layout %zu: %d of 200000 rows taken\n", l, rows);
        if (rows < 5000) /* enough rows take the fast forms */
            fail_msg("layout %zu: only %d rows taken", l, rows);
    }
#else
    skip();
#endif
}

/* A batched layout takes the AVX-512 form for rows of short numbers and
 * the AVX2 form for rows of longer ones (haven_columns_sample). */
static void test_sample(void **state)
{
    (void)state;
#if HAVEN_SSSE3
    if (!haven_cpu_avx512())
        skip();
    haven_columns c;
    haven_columns_init(&c, 5);
    for (int k = 0; k < 5; k++)
        haven_columns_set(&c, k, k);
    assert_ptr_equal(c.fast, haven_columns_row_fast_avx2); /* not batched */
    haven_columns_batched(&c);
    assert_ptr_equal(c.fast, haven_columns_row_fast_avx512);
    static const struct {
        const char *row;
        int short_numbers;
    } rows[] = {
        {"1 1 12.5107 -29.9155 0.0034314\n", 1},
        {"17 2 -1.5 2 .5\n", 1},
        {"1 1 12.5107 29.9155 0.00343143\n", 0},
        {"1 1 12.51070000 0 0\n", 0},
        {"1 1 1.2e-05 0 0\n", 0},
        {"1 1 1.2.3 0 0\n", 0},
        {"123456789 1 0 0 0\n", 0},
        {"1 1 0 0 0", 0}, /* no '\n': the form stays the last row's */
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        haven_columns_sample(&c, rows[k].row, strlen(rows[k].row));
        if ((c.fast == haven_columns_row_fast_avx512) != rows[k].short_numbers)
            fail_msg("row '%s': the %s form", rows[k].row,
                     c.fast == haven_columns_row_fast_avx512 ? "AVX-512" : "AVX2");
    }
#else
    skip();
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edge_cases),    cmocka_unit_test(test_random),
        cmocka_unit_test(test_span_shapes),   cmocka_unit_test(test_row_forms),
        cmocka_unit_test(test_sample),        cmocka_unit_test(test_reject),
        cmocka_unit_test(test_long),          cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_corpus_tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
