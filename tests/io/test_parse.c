/* Number parsing: bit-for-bit agreement with strtod (correctly rounded in
 * glibc) on edge cases and random strings; rejection of garbage, NaN, Inf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "io/parse.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

/* Parse s with haven and strtod; they must agree to the last bit. */
static void check_same(const char *s)
{
    const char *p = s;
    double got = -1;
    haven_parse_result r = haven_parse_double(&p, &got);
    double want = strtod(s, NULL);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edge_cases), cmocka_unit_test(test_random),
        cmocka_unit_test(test_reject),     cmocka_unit_test(test_long),
        cmocka_unit_test(test_tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
