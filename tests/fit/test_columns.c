/* The data-file reader of `haven fit`: formats accepted and every error
 * message naming file:line and what was expected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "fit/columns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];

static void write_file(const char *text)
{
    strcpy(path, "/tmp/haven_columns_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs(text, fp);
    fclose(fp);
}

static haven_status read_text(const char *text, size_t lo, size_t hi, fit_columns *t)
{
    write_file(text);
    haven_status st = fit_columns_read(path, lo, hi, t);
    unlink(path);
    return st;
}

static void csv_with_header(void **state)
{
    (void)state;
    fit_columns t;
    assert_int_equal(
        read_text("# conductivity\nT,sigma,err\n300,1e-3,1e-5\n\n350, 2.5e-3 ,2e-5 # hot\n", 2, 3,
                  &t),
        HAVEN_OK);
    assert_int_equal(t.n_rows, 2);
    assert_int_equal(t.n_cols, 3);
    assert_string_equal(t.header[1], "sigma");
    double col[2];
    fit_columns_get(&t, 1, col);
    /* Exact decimal round trip of strtod. */
    assert_true(col[0] == 1e-3 && col[1] == 2.5e-3);
    fit_columns_free(&t);
}

static void whitespace_no_header(void **state)
{
    (void)state;
    fit_columns t;
    assert_int_equal(read_text("1\t2\n3   4\r\n5 6\n", 2, 2, &t), HAVEN_OK);
    assert_int_equal(t.n_rows, 3);
    assert_null(t.header[0]);
    assert_true(t.data[5] == 6.0);
    fit_columns_free(&t);
}

static void expect_error(const char *text, size_t lo, size_t hi, haven_status want,
                         const char *fragment)
{
    fit_columns t;
    assert_int_equal(read_text(text, lo, hi, &t), want);
    assert_non_null(strstr(haven_last_error(), fragment));
    assert_null(t.data); /* nothing leaks on failure */
}

static void bad_input(void **state)
{
    (void)state;
    expect_error("", 2, 3, HAVEN_ERR_DATA, "expected data rows");
    expect_error("# only a comment\nT sigma\n", 2, 3, HAVEN_ERR_DATA, "found none");
    expect_error("1 2\n3 x\n", 2, 3, HAVEN_ERR_FORMAT,
                 ":2: expected a finite number in column 2, got 'x'");
    expect_error("1 2\n3 nan\n", 2, 3, HAVEN_ERR_FORMAT, ":2: expected a finite number");
    expect_error("1 2\n3 4 5\n", 2, 3, HAVEN_ERR_FORMAT, ":2: expected 2 columns");
    expect_error("1\n", 2, 3, HAVEN_ERR_FORMAT, ":1: expected 2 to 3 columns, got 1");
    expect_error("T s\nA B\n1 2\n", 2, 3, HAVEN_ERR_FORMAT, ":2: expected numbers, got 'A'");
    expect_error("1 1e999\n", 2, 3, HAVEN_ERR_FORMAT, ":1: expected a finite number");
    fit_columns t;
    assert_int_equal(fit_columns_read("/nonexistent/x.csv", 2, 3, &t), HAVEN_ERR_IO);
    assert_non_null(strstr(haven_last_error(), "/nonexistent/x.csv: cannot open"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_with_header),
        cmocka_unit_test(whitespace_no_header),
        cmocka_unit_test(bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
