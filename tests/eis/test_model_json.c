/* Fitted models as JSON: a save/load round trip gives the same circuit and
 * bit-identical values (17 significant digits), so the loaded model predicts
 * the same impedance; damaged documents are errors that name the problem. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "haven/eis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void test_round_trip(void **state)
{
    (void)state;
    const char *text = "R0-La1-p(R2,CPE2)-Zarc3-Gs4-TLM5-Wo6";
    haven_eis_circuit *c;
    assert_int_equal(haven_eis_circuit_parse(text, &c), HAVEN_OK);
    size_t np = haven_eis_circuit_n_params(c);
    double v[32], se[32];
    for (size_t k = 0; k < np; k++) {
        /* values with full 53-bit mantissas; exponents (unit "1") in (0, 1) */
        v[k] = strcmp(haven_eis_circuit_param_unit(c, k), "1") ? exp(0.7 * (double)k - 3.1) / 3
                                                                  : 1.0 / (1.0 + 1.0 / 3 + k * 0.01);
        se[k] = k == 3 ? NAN : v[k] / 7;
    }
    char *json;
    assert_int_equal(haven_eis_model_to_json(c, v, se, &json), HAVEN_OK);
    haven_eis_model m;
    assert_int_equal(haven_eis_model_from_json(json, &m), HAVEN_OK);
    assert_string_equal(haven_eis_circuit_text(m.circuit), text);
    assert_int_equal(m.n_params, np);
    for (size_t k = 0; k < np; k++) {
        assert_true(m.value[k] == v[k]); /* exact: %.17g round-trips a double */
        assert_true(k == 3 ? isnan(m.stderr_[k]) : m.stderr_[k] == se[k]);
    }
    double f[5] = {1e-2, 1, 1e2, 1e4, 1e6}, z1[5], z2[5], y1[5], y2[5];
    haven_eis_circuit_eval(c, v, f, 5, z1, y1, NULL);
    haven_eis_circuit_eval(m.circuit, m.value, f, 5, z2, y2, NULL);
    for (int i = 0; i < 5; i++)
        assert_true(z1[i] == z2[i] && y1[i] == y2[i]);
    haven_eis_model_free(&m);
    free(json);
    haven_eis_circuit_free(c);
}

static void test_bad_documents(void **state)
{
    (void)state;
    static const struct {
        const char *doc;
        haven_status st;
    } BAD[] = {
        {"", HAVEN_ERR_FORMAT},
        {"{\"circuit\": \"R0-p(R1,C1)\"", HAVEN_ERR_FORMAT},
        {"{\"circuit\": \"R0-p(R1\", \"parameters\": []}", HAVEN_ERR_FORMAT},
        {"{\"circuit\": \"R0\", \"parameters\": [{\"name\": \"R9\", \"value\": 1}]}",
         HAVEN_ERR_FORMAT},
        {"{\"circuit\": \"R0-R1\", \"parameters\": [{\"name\": \"R0\", \"value\": 1}]}",
         HAVEN_ERR_FORMAT},
        {"{\"circuit\": \"R0\", \"parameters\": [{\"name\": \"R0\", \"value\": -1}]}",
         HAVEN_ERR_VALUE},
        {"{\"circuit\": \"CPE0\", \"parameters\": [{\"name\": \"CPE0_0\", \"value\": 1}, "
         "{\"name\": \"CPE0_1\", \"value\": 1.5}]}",
         HAVEN_ERR_VALUE},
        {"{\"circuit\": \"R0\", \"parameters\": [{\"name\": \"R0\", \"value\": 1}, "
         "{\"name\": \"R0\", \"value\": 2}]}",
         HAVEN_ERR_FORMAT},
        {"{\"circuit\": \"R0\", \"parameters\": [{\"name\": \"R0\", \"value\": 1}]} x",
         HAVEN_ERR_FORMAT},
        {"[]", HAVEN_ERR_FORMAT},
        {NULL, HAVEN_ERR_FORMAT}, /* 100 nested arrays under an unknown key */
    };
    char deep[256] = "{\"x\": ";
    for (int i = 0; i < 100; i++)
        strcat(deep, "[");
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        haven_eis_model m;
        assert_int_equal(haven_eis_model_from_json(BAD[i].doc ? BAD[i].doc : deep, &m), BAD[i].st);
        assert_null(m.circuit);
        assert_true(strlen(haven_last_error()) > 0);
    }
    /* unknown keys and nested values are skipped */
    haven_eis_model m;
    assert_int_equal(haven_eis_model_from_json(
                         "{\"note\": {\"a\": [1, true, null, \"x\\\"y\"]}, \"circuit\": \"R0\", "
                         "\"parameters\": [{\"name\": \"R0\", \"value\": 2.5e1, \"unit\": \"ohm\", "
                         "\"extra\": [false]}]}",
                         &m),
                     HAVEN_OK);
    assert_true(m.value[0] == 25);
    assert_true(isnan(m.stderr_[0]));
    haven_eis_model_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_bad_documents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
