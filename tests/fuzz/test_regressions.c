/* The defects fuzzing found, each with its input in tests/fuzz/regressions:
 * the reader must now refuse the input with the stated status and a
 * message, instead of crashing or misreading it. (The fuzz_replay_* tests
 * also run every input under the sanitizer build.) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "haven/traj.h"

#include <string.h>

#define REGRESSIONS HAVEN_EXAMPLES "/../tests/fuzz/regressions"

static void expect_traj_error(const char *file, haven_format format, haven_status want,
                              const char *message)
{
    haven_traj_options opt;
    haven_traj_options_init(&opt);
    opt.format = format;
    haven_traj *t = NULL;
    assert_int_equal(haven_traj_open(file, &opt, &t), want);
    assert_null(t);
    assert_non_null(strstr(haven_last_error(), message));
}

/* ML_OUTBLOCK 1e47: converting it to long was undefined (UBSan:
 * float-cast-overflow at src/io/vasprun.c:302). */
static void vasprun_ml_outblock_range(void **st)
{
    (void)st;
    expect_traj_error(REGRESSIONS "/vasprun/ml_outblock_1e47.xml", HAVEN_FMT_VASPRUN,
                      HAVEN_ERR_FORMAT, "ML_OUTBLOCK");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vasprun_ml_outblock_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
