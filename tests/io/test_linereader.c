/* Line reader: line splitting (LF, CRLF, no final newline), line numbers,
 * unread, rewind, lines longer than the read block, gzip input equal to
 * plain input, truncated gzip reported as an error, header counts checked
 * against the bytes left in a plain file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "io/linereader.h"
#include "reader_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void expect_line(haven_linereader *lr, const char *want, long lineno)
{
    char *line;
    size_t len;
    assert_int_equal(haven_lr_next(lr, &line, &len), HAVEN_OK);
    assert_string_equal(line, want);
    assert_int_equal(len, strlen(want));
    assert_int_equal(haven_lr_lineno(lr), lineno);
}

static void check_basic(const char *path)
{
    haven_linereader *lr;
    char *line;
    size_t len;
    assert_int_equal(haven_lr_open(path, &lr), HAVEN_OK);
    expect_line(lr, "first", 1);
    expect_line(lr, "", 2);
    expect_line(lr, "crlf line", 3);
    haven_lr_unread(lr);
    assert_int_equal(haven_lr_lineno(lr), 2);
    expect_line(lr, "crlf line", 3);
    expect_line(lr, "  last no newline", 4);
    assert_int_equal(haven_lr_next(lr, &line, &len), HAVEN_EOF);
    assert_int_equal(haven_lr_expect(lr, &line, "a number"), HAVEN_ERR_FORMAT);
    assert_non_null(strstr(haven_last_error(), ":5: unexpected end of file (expected a number)"));
    assert_int_equal(haven_lr_rewind(lr), HAVEN_OK);
    expect_line(lr, "first", 1);
    haven_lr_close(lr);
}

static void test_plain_and_gzip(void **state)
{
    (void)state;
    char plain[512], gz[512];
    tc_tmp_path(plain, sizeof plain, "lr.txt");
    tc_tmp_path(gz, sizeof gz, "lr.txt.gz");
    assert_int_equal(tc_write_text(plain, "first\n\ncrlf line\r\n  last no newline"), 0);
    assert_int_equal(tc_gzip(plain, gz), 0);
    check_basic(plain);
    check_basic(gz);
    remove(plain);
    remove(gz);
}

/* A 9 MB line is longer than the 4 MB read block: the buffer must grow. */
static void test_long_line(void **state)
{
    (void)state;
    char path[512];
    tc_tmp_path(path, sizeof path, "lr_long.txt");
    size_t n = 9u << 20;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, 'x', n);
    big[n] = '\0';
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fprintf(fp, "a\n%s\nb\n", big);
    fclose(fp);
    haven_linereader *lr;
    char *line;
    size_t len;
    assert_int_equal(haven_lr_open(path, &lr), HAVEN_OK);
    expect_line(lr, "a", 1);
    assert_int_equal(haven_lr_next(lr, &line, &len), HAVEN_OK);
    assert_int_equal(len, n);
    assert_int_equal(memcmp(line, big, n), 0);
    expect_line(lr, "b", 3);
    haven_lr_close(lr);
    free(big);
    remove(path);
}

/* A plain file past the 8 MiB steps at which a mapped reader hands the
 * consumed pages back: every line (and a block of lines) read right, a
 * line pushed back across a step handed out again intact, and after a
 * rewind the same lines again (the NULs written into the first pass's
 * lines must not show), for the mapped file and its .gz alike. */
static void check_big(const char *path, long n)
{
    haven_linereader *lr;
    char *line, want[64];
    size_t len;
    assert_int_equal(haven_lr_open(path, &lr), HAVEN_OK);
    for (int pass = 0; pass < 2; pass++) {
        for (long i = 0; i < n; i++) {
            if (i == n / 2) { /* a block of 1000 lines, as the row parsers take them */
                const char *block;
                size_t blen;
                assert_true(haven_lr_block(lr, 1000, &block, &blen));
                snprintf(want, sizeof want, "%09ld line of the big file", i + 999);
                assert_int_equal(memcmp(block + blen - strlen(want) - 1, want, strlen(want)), 0);
                haven_lr_consume(lr, 1000, blen);
                i += 999;
                continue;
            }
            assert_int_equal(haven_lr_next(lr, &line, &len), HAVEN_OK);
            snprintf(want, sizeof want, "%09ld line of the big file", i);
            assert_string_equal(line, want);
            if (i % 100003 == 0) {
                haven_lr_unread(lr);
                assert_int_equal(haven_lr_next(lr, &line, &len), HAVEN_OK);
                assert_string_equal(line, want);
            }
        }
        assert_int_equal(haven_lr_next(lr, &line, &len), HAVEN_EOF);
        assert_int_equal(haven_lr_lineno(lr), n);
        assert_int_equal(haven_lr_rewind(lr), HAVEN_OK);
    }
    haven_lr_close(lr);
}

static void test_big_file(void **state)
{
    (void)state;
    char plain[512], gz[512];
    tc_tmp_path(plain, sizeof plain, "lr_big.txt");
    tc_tmp_path(gz, sizeof gz, "lr_big.txt.gz");
    const long n = 700000; /* 33 lines a KiB: ~22 MB */
    FILE *fp = fopen(plain, "w");
    assert_non_null(fp);
    for (long i = 0; i < n; i++)
        fprintf(fp, "%09ld line of the big file\n", i);
    fclose(fp);
    assert_int_equal(tc_gzip(plain, gz), 0);
    check_big(plain, n);
    check_big(gz, n);
    remove(plain);
    remove(gz);
}

static void test_truncated_gzip(void **state)
{
    (void)state;
    char plain[512], gz[512];
    tc_tmp_path(plain, sizeof plain, "lr_trunc.txt");
    tc_tmp_path(gz, sizeof gz, "lr_trunc.txt.gz");
    FILE *fp = fopen(plain, "w");
    assert_non_null(fp);
    for (int i = 0; i < 20000; i++)
        fprintf(fp, "%d %d %d\n", i, i * 7 % 13, i * 31 % 1000);
    fclose(fp);
    assert_int_equal(tc_gzip(plain, gz), 0);
    fp = fopen(gz, "r+b");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fclose(fp);
    assert_int_equal(truncate(gz, size / 2), 0);
    haven_linereader *lr;
    char *line;
    size_t len;
    haven_status s;
    assert_int_equal(haven_lr_open(gz, &lr), HAVEN_OK);
    while ((s = haven_lr_next(lr, &line, &len)) == HAVEN_OK)
        ;
    assert_int_equal(s, HAVEN_ERR_FORMAT);
    assert_non_null(strstr(haven_last_error(), "truncated"));
    haven_lr_close(lr);
    remove(plain);
    remove(gz);
}

/* "3\n" then 14 bytes: rows of at least 5 bytes ("ab c\n") fit 3 times, the
 * last without its newline; gzip input is not checked (its size is unknown
 * until read). */
static void test_count_check(void **state)
{
    (void)state;
    char plain[512], gz[512], *line;
    size_t len;
    unsigned long long left = 0;
    tc_tmp_path(plain, sizeof plain, "lr_count.txt");
    tc_tmp_path(gz, sizeof gz, "lr_count.txt.gz");
    assert_int_equal(tc_write_text(plain, "3\nab c\nde f\ngh i"), 0);
    assert_int_equal(tc_gzip(plain, gz), 0);
    haven_linereader *lr;
    assert_int_equal(haven_lr_open(plain, &lr), HAVEN_OK);
    assert_int_equal(haven_lr_next(lr, &line, &len), HAVEN_OK);
    assert_int_equal(haven_lr_bytes_left(lr, &left), 1);
    assert_int_equal(left, 14);
    assert_int_equal(haven_lr_check_count(lr, "atom count", 3, 5), HAVEN_OK);
    assert_int_equal(haven_lr_check_count(lr, "atom count", 4, 5), HAVEN_ERR_FORMAT);
    assert_true(tc_error_is(plain, 1,
                            "atom count is 4, but the 14 bytes left in the file hold "
                            "at most 3 rows"));
    assert_int_equal(haven_lr_check_count(lr, "atom count", 1ull << 62, 1), HAVEN_ERR_FORMAT);
    haven_lr_unread(lr); /* a pushed-back line is not consumed */
    assert_int_equal(haven_lr_bytes_left(lr, &left), 1);
    assert_int_equal(left, 16);
    haven_lr_close(lr);
    assert_int_equal(haven_lr_open(gz, &lr), HAVEN_OK);
    assert_int_equal(haven_lr_next(lr, &line, &len), HAVEN_OK);
    assert_int_equal(haven_lr_bytes_left(lr, &left), 0);
    assert_int_equal(haven_lr_check_count(lr, "atom count", 1ull << 62, 5), HAVEN_OK);
    haven_lr_close(lr);
    remove(plain);
    remove(gz);
}

static void test_missing_file(void **state)
{
    (void)state;
    haven_linereader *lr;
    assert_int_equal(haven_lr_open("/nonexistent/haven/file", &lr), HAVEN_ERR_IO);
    assert_non_null(strstr(haven_last_error(), "/nonexistent/haven/file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_gzip), cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_truncated_gzip), cmocka_unit_test(test_count_check),
        cmocka_unit_test(test_missing_file),   cmocka_unit_test(test_big_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
