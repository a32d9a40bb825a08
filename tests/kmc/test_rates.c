/* Every rate the engine holds equals the rate computed afresh from the
 * site energies, interactions and field (kmc_hop_rate), at the start and
 * after many hops: this checks the tables, the Boltzmann weights (and the
 * exp fallback when the energies span too much for them), and the local
 * updates after each hop, on each selection path (tree with tables,
 * tree with interactions, thinning). */
#include "kmc_test.h"

#include "kmc_rates.h"

#include <stdlib.h>

/* Largest relative difference between the engine's rates and fresh ones. */
static double worst_rate_error(const kmc_state *s)
{
    double worst = 0, total = 0;
    for (size_t c = 0; c < s->n_car; c++)
        for (int k = 0; k < s->zm; k++) {
            double want = kmc_test_pair_rate(s, c, k);
            total += want;
            if (s->thin)
                continue; /* no per-carrier rates: the total is checked */
            double have = s->car_rate[c * s->zm + k];
            double err = want > 0 ? fabs(have - want) / want : fabs(have);
            worst = err > worst ? err : worst;
        }
    double err = fabs(kmc_total_rate(s) - total) / total;
    return err > worst ? err : worst;
}

typedef struct {
    const char *label, *lattice;
    int cells;
    double fill, sigma_E_eV, interaction_eV, field;
    int thin; /* the selection path expected */
} rate_case;

static void check_case(const rate_case *rc, const double *table)
{
    haven_kmc_lattice *L = kmc_test_lattice(rc->lattice, rc->cells);
    double n = (double)haven_kmc_lattice_n_sites(L), T = 300;
    haven_kmc_params p = kmc_test_params(L, rc->fill * n);
    p.temperature = T;
    p.interaction = rc->interaction_eV * HAVEN_EV;
    p.field[2] = rc->field * HAVEN_KB * T / (HAVEN_E_CHARGE * A_NN);
    if (table) {
        p.disorder = HAVEN_KMC_DISORDER_TABLE;
        p.site_energies = table;
    } else if (rc->sigma_E_eV > 0) {
        p.disorder = HAVEN_KMC_DISORDER_GAUSSIAN;
        p.disorder_width = rc->sigma_E_eV * HAVEN_EV;
    }
    kmc_state s;
    assert_int_equal(kmc_state_init(&s, L, &p, 3), HAVEN_OK);
    assert_int_equal(s.thin, rc->thin);
    double e0 = worst_rate_error(&s);
    assert_int_equal(kmc_advance_hops(&s, 20000), 0);
    double e1 = worst_rate_error(&s);
    printf("%-34s (%s, weights %s): worst relative rate error %.1e at start, %.1e after "
           "20000 hops\n",
           rc->label, s.thin ? "thinning" : "tree", s.bw ? "on" : "off", e0, e1);
    /* Sums of up to ~10^4 rates in another order: 1e-12 is far above the
     * rounding and far below any wrong rate. */
    assert_true(e0 < 1e-12 && e1 < 1e-12);
    kmc_state_free(&s);
    haven_kmc_lattice_free(L);
}

static void paths(void **state)
{
    (void)state;
    const rate_case cases[] = {
        {"ordered, field, vacancies", "fcc", 4, 0.95, 0, 0, 0.3, 1},
        {"ordered, field, ions", "bcc", 5, 0.3, 0, 0, 0.3, 1},
        {"gaussian 0.1 eV, field, vacancies", "sc", 6, 0.9, 0.1, 0, 0.2, 0},
        {"gaussian 0.1 eV, ions", "triangular", 12, 0.3, 0.1, 0, 0, 0},
        {"interaction 0.05 eV, gaussian", "square", 10, 0.6, 0.05, 0.05, 0, 0},
        /* A field strong enough that thinning would reject too often. */
        {"ordered, strong field", "sc", 5, 0.5, 0, 0, 3, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_case(&cases[i], NULL);
}

/* Site energies spanning 100 eV: beyond the weights' range (1400 kT), so
 * the rates come from exp of the energies; a run still works and every
 * rate is right. */
static void wide_energies(void **state)
{
    (void)state;
    haven_kmc_lattice *L = kmc_test_lattice("sc", 6);
    size_t n = haven_kmc_lattice_n_sites(L);
    double *e = malloc(n * sizeof *e);
    assert_non_null(e);
    for (size_t x = 0; x < n; x++)
        e[x] = (x == 0 ? 100.0 : 0.02 * (double)(x % 7)) * HAVEN_EV;
    const rate_case rc = {"table spanning 100 eV", "sc", 6, 0.5, 0, 0, 0, 0};
    check_case(&rc, e);
    free(e);
    haven_kmc_lattice_free(L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(paths),
        cmocka_unit_test(wide_energies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
