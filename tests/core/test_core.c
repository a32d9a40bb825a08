/* Core: element table against IUPAC standard atomic weights, error and
 * status reporting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "check.h"
#include "core/error.h"
#include "haven/elements.h"

#include <string.h>

static void element_masses(void **state)
{
    (void)state;
    /* IUPAC 2021 conventional values (amu) times the CODATA atomic mass unit. */
    assert_rel(haven_element_mass("Li"), 6.94 * HAVEN_AMU, 1e-12);
    assert_rel(haven_element_mass("Cl"), 35.45 * HAVEN_AMU, 1e-12);
    assert_rel(haven_element_mass("Zn"), 65.38 * HAVEN_AMU, 1e-12);
    assert_int_equal(haven_element_z("Al"), 13);
    assert_int_equal(haven_element_z("Mg"), 12);
    assert_string_equal(haven_element_symbol(20), "Ca");
    assert_int_equal(haven_element_z("Xx"), 0);
    assert_true(haven_element_mass("li") == 0.0); /* symbols are case-sensitive */
    assert_null(haven_element_symbol(0));
}

static void errors_carry_context(void **state)
{
    (void)state;
    assert_int_equal(haven_fail(HAVEN_ERR_FORMAT, "line %d: expected a number", 7),
                     HAVEN_ERR_FORMAT);
    haven_error_prefix("%s:", "run.xyz");
    assert_string_equal(haven_last_error(), "run.xyz:line 7: expected a number");
    assert_string_equal(haven_status_string(HAVEN_ERR_IO), "i/o error");
    assert_non_null(strstr(haven_version(), "."));
}

static int warnings_seen;
static void count_warning(const char *msg, void *user)
{
    (void)msg;
    *(int *)user += 1;
}

static void warnings_reach_the_handler(void **state)
{
    (void)state;
    haven_warn("dropped: no handler yet");
    haven_set_warning_handler(count_warning, &warnings_seen);
    haven_warn("frame %d", 3);
    haven_set_warning_handler(NULL, NULL);
    haven_warn("dropped again");
    assert_int_equal(warnings_seen, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(element_masses),
        cmocka_unit_test(errors_carry_context),
        cmocka_unit_test(warnings_reach_the_handler),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
