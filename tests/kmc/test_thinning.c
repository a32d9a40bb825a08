/* Selection by thinning (src/kmc/engine.c) is exact: for a fixed state the
 * hop drawn is distributed as the rates and the waiting time is
 * exponential with the total rate, as in the residence-time algorithm.
 * The rates expected here come from kmc_hop_rate (the energies and field
 * factors), not from the tables the thinning reads. A field makes the
 * rates unequal, so the acceptance step is exercised too; both carrier
 * kinds, and both neighbour paths (tables on a small lattice, cell
 * arithmetic on a large one). */
#include "kmc_test.h"

#include "kmc_rates.h"

#include <stdlib.h>

/* Draw the next hop m times from the same state: chi-square of the pair
 * counts against m r/R, and the mean and mean square of the waiting time
 * against 1/R and 2/R^2. */
static void check_draws(haven_kmc_lattice *L, const char *lattice, double fill, long m)
{
    double n = (double)haven_kmc_lattice_n_sites(L), T = 300;
    haven_kmc_params p = kmc_test_params(L, fill * n);
    p.field[0] = 0.5 * HAVEN_KB * T / (HAVEN_E_CHARGE * A_NN); /* rates differ by e^0.5 */
    p.field[1] = 0.2 * HAVEN_KB * T / (HAVEN_E_CHARGE * A_NN);
    kmc_state s;
    assert_int_equal(kmc_state_init(&s, L, &p, 7), HAVEN_OK);
    assert_true(s.thin);
    assert_false(s.thin_equal);
    size_t n_pairs = s.n_car * (size_t)L->zmax;
    double *rate = calloc(n_pairs, sizeof *rate), R = 0;
    long *count = calloc(n_pairs, sizeof *count);
    assert_non_null(rate);
    assert_non_null(count);
    for (size_t i = 0; i < n_pairs; i++)
        R += rate[i] = kmc_test_pair_rate(&s, i / L->zmax, (int)(i % L->zmax));
    assert_true(fabs(kmc_total_rate(&s) - R) <= 1e-12 * R);
    double sum_t = 0, sum_t2 = 0;
    for (long i = 0; i < m; i++) {
        kmc_refresh_all(&s);
        count[(size_t)s.pend_c * L->zmax + s.pend_k]++;
        double dt = (s.t_next - s.t) * R;
        sum_t += dt;
        sum_t2 += dt * dt;
    }
    double chi2 = 0;
    int dof = -1;
    for (size_t i = 0; i < n_pairs; i++) {
        if (rate[i] == 0) {
            if (count[i] != 0)
                fail_msg("%s: impossible hop %zu drawn %ld times", lattice, i, count[i]);
            continue;
        }
        double e = (double)m * rate[i] / R;
        chi2 += (count[i] - e) * (count[i] - e) / e;
        dof++;
    }
    double mean = sum_t / m, msq = sum_t2 / m;
    printf("%s, fill %.2f (%s carriers, grid %s): chi2 %.1f for %d dof; "
           "<dt> R = %.4f, <dt^2> R^2 = %.4f\n",
           lattice, fill, s.vacancy_carriers ? "vacancy" : "ion", s.car_cell ? "on" : "off", chi2,
           dof, mean, msq);
    /* chi2 has mean dof and sd sqrt(2 dof); the Exp(1) moments have sd
     * 1/sqrt(m) and sqrt(20/m). */
    assert_true(chi2 < dof + 5 * sqrt(2.0 * dof));
    assert_true(fabs(mean - 1) < 5 / sqrt((double)m));
    assert_true(fabs(msq - 2) < 5 * sqrt(20.0 / m));
    free(rate);
    free(count);
    kmc_state_free(&s);
    haven_kmc_lattice_free(L);
}

static void vacancies_tables(void **state)
{
    (void)state;
    check_draws(kmc_test_lattice("sc", 4), "sc 4^3", 0.9, 400000);
}

static void ions_tables(void **state)
{
    (void)state;
    check_draws(kmc_test_lattice("bcc", 3), "bcc 3^3", 0.2, 400000);
}

static void vacancies_grid(void **state)
{
    (void)state;
    /* fcc 17^3: the neighbour tables pass 1 MB and cell arithmetic is on. */
    check_draws(kmc_test_lattice("fcc", 17), "fcc 17^3", 0.995, 1000000);
}

/* Sites with 6 and with 2 neighbours (kmc_test.h): slots beyond a site's
 * own coordination are drawn and rejected. */
static void mixed_coordination(void **state)
{
    (void)state;
    check_draws(kmc_test_mixed_lattice(3), "mixed z 3^3", 0.9, 400000);
    check_draws(kmc_test_mixed_lattice(3), "mixed z 3^3", 0.3, 400000);
}

/* After many hops with the cell arithmetic, the bookkeeping still agrees:
 * every carrier's cell and basis and empty site, and each
 * ion's site. */
static void bookkeeping(void **state)
{
    (void)state;
    haven_kmc_lattice *L = kmc_test_lattice("fcc", 17);
    double n = (double)haven_kmc_lattice_n_sites(L);
    haven_kmc_params p = kmc_test_params(L, 0.95 * n);
    kmc_state s;
    assert_int_equal(kmc_state_init(&s, L, &p, 11), HAVEN_OK);
    assert_true(s.thin && s.thin_equal && s.car_cell);
    assert_int_equal(kmc_advance_hops(&s, 300000), 0);
    for (size_t c = 0; c < s.n_car; c++) {
        int cell[3];
        size_t x = (size_t)s.car_site[c];
        kmc_grid_cell(&s.grid, x, cell);
        for (int i = 0; i < 3; i++)
            assert_int_equal(s.car_cell[c][i], cell[i]);
        assert_int_equal(s.car_cell[c][3], (int)(x % L->n_basis));
        assert_int_equal(s.occ[x], -1);
    }
    for (size_t i = 0; i < s.n_part; i++) {
        assert_int_equal(s.occ[s.ion[i].site], (int)i);
        assert_int_equal(s.site_sp[s.ion[i].site], s.species[i]);
    }
    kmc_state_free(&s);
    haven_kmc_lattice_free(L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vacancies_tables), cmocka_unit_test(ions_tables),
        cmocka_unit_test(vacancies_grid),   cmocka_unit_test(mixed_coordination),
        cmocka_unit_test(bookkeeping),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
