/* The progress callback: called on the caller's thread only (replicas run
 * on OpenMP threads), with counts that rise to their totals, and without
 * any effect on the numbers. */
#include "kmc_test.h"

#include <pthread.h>
#include <string.h>

typedef struct {
    pthread_t caller;
    int other_thread, calls, equil_max, measure_max, points;
    size_t measure_total, replicas;
    int decreasing;
    size_t last_measure;
} seen;

static void record(const char *stage, size_t done, size_t total, void *user)
{
    seen *s = user;
    s->calls++;
    s->other_thread |= !pthread_equal(pthread_self(), s->caller);
    if (!strcmp(stage, "equilibrate")) {
        s->equil_max = (int)done > s->equil_max ? (int)done : s->equil_max;
        s->replicas = total;
    } else if (!strcmp(stage, "measure")) {
        s->decreasing |= done < s->last_measure;
        s->last_measure = done;
        s->measure_max = (int)done > s->measure_max ? (int)done : s->measure_max;
        s->measure_total = total;
        s->decreasing |= done > total;
    } else if (!strcmp(stage, "point")) {
        s->points = (int)done;
    }
}

static void progress_on_caller_thread(void **state)
{
    (void)state;
    haven_kmc_lattice *L = kmc_test_lattice("sc", 6);
    haven_kmc_params p = kmc_test_params(L, 108);
    p.n_replicas = 6;
    p.hops = 50000;
    haven_kmc_result plain, watched;
    assert_int_equal(haven_kmc_run(L, &p, &plain), HAVEN_OK);
    seen s;
    memset(&s, 0, sizeof s);
    s.caller = pthread_self();
    p.progress = record;
    p.progress_user = &s;
    assert_int_equal(haven_kmc_run(L, &p, &watched), HAVEN_OK);
    assert_true(s.calls > 0);
    assert_false(s.other_thread);
    assert_false(s.decreasing);
    /* The caller's thread sees at least its own steps, and never more than
     * the replicas' total. */
    assert_true(s.measure_total > 0 && (size_t)s.measure_max <= s.measure_total);
    assert_true(s.replicas == 6 || s.equil_max == 0);
    /* The same numbers, bit for bit. */
    assert_memory_equal(&plain.D_tracer, &watched.D_tracer, 4 * sizeof(double));
    assert_memory_equal(&plain.D_sigma, &watched.D_sigma, 4 * sizeof(double));
    assert_true(plain.jumps == watched.jumps);
    haven_kmc_lattice_free(L);
}

static void sweep_reports_points(void **state)
{
    (void)state;
    haven_kmc_sweep_options o;
    haven_kmc_sweep_options_init(&o);
    o.lattice = "sc";
    o.cells[0] = o.cells[1] = o.cells[2] = 4;
    static const double T[] = {400, 500};
    o.T = T;
    o.n_T = 2;
    o.params.hops = 5000;
    o.params.n_replicas = 2;
    seen s;
    memset(&s, 0, sizeof s);
    s.caller = pthread_self();
    o.params.progress = record;
    o.params.progress_user = &s;
    haven_kmc_sweep *sw = NULL;
    assert_int_equal(haven_kmc_sweep_run(&o, &sw), HAVEN_OK);
    assert_int_equal(s.points, 2);
    assert_false(s.other_thread);
    haven_kmc_sweep_free(sw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(progress_on_caller_thread),
        cmocka_unit_test(sweep_reports_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
