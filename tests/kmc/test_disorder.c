/* Site-energy disorder. Detailed balance of the hop rule makes the
 * equilibrium occupation of a site of energy E the Fermi function
 * 1/(1 + exp((E - mu)/kT)) for ions with site exclusion and no other
 * interaction, whatever the barriers; the chemical potential mu is fixed
 * by the number of ions. */
#include "kmc_test.h"

/* Mean Fermi occupation over a bin of a Gaussian density of width s. */
static double bin_fermi(double e0, double w, double s, double mu, double kT)
{
    double num = 0, den = 0;
    for (int i = 0; i < 64; i++) {
        double e = e0 - w / 2 + (i + 0.5) * w / 64, g = exp(-0.5 * e * e / (s * s));
        num += g / (1 + exp((e - mu) / kT));
        den += g;
    }
    return num / den;
}

static double expected_ions(const haven_kmc_result *r, double s, double mu, double kT)
{
    double w = r->bin_energy[1] - r->bin_energy[0], n = 0;
    for (int b = 0; b < r->n_bins; b++)
        n += r->bin_sites[b] * bin_fermi(r->bin_energy[b], w, s, mu, kT);
    return n;
}

static void fermi_occupation(void **state)
{
    (void)state;
    haven_kmc_lattice *L = kmc_test_lattice("sc", 8);
    double n = (double)haven_kmc_lattice_n_sites(L), T = 600, kT = HAVEN_KB * T;
    double s = 0.1 * HAVEN_EV;
    haven_kmc_params p = kmc_test_params(L, 0.5 * n);
    p.temperature = T;
    p.disorder = HAVEN_KMC_DISORDER_GAUSSIAN;
    p.disorder_width = s;
    p.hops = 300000;
    p.equil_hops = 100000;
    haven_kmc_result r;
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_OK);
    assert_int_equal(r.n_bins, HAVEN_KMC_ENERGY_BINS);
    /* mu from the number of ions (bisection; the count rises with mu). */
    double ions = 0.5 * n * p.n_replicas, lo = -5 * s, hi = 5 * s;
    for (int i = 0; i < 60; i++) {
        double mid = 0.5 * (lo + hi);
        if (expected_ions(&r, s, mid, kT) < ions)
            lo = mid;
        else
            hi = mid;
    }
    double mu = 0.5 * (lo + hi), w = r.bin_energy[1] - r.bin_energy[0];
    printf("mu = %.4f eV\n", mu / HAVEN_EV);
    int checked = 0;
    for (int b = 0; b < r.n_bins; b++) {
        if (r.bin_sites[b] < 100) /* too few sites for a stable mean */
            continue;
        double want = bin_fermi(r.bin_energy[b], w, s, mu, kT);
        printf("E = %+.3f eV  sites %5.0f  occupation %.3f  Fermi %.3f\n",
               r.bin_energy[b] / HAVEN_EV, r.bin_sites[b], r.bin_occupation[b], want);
        /* Each bin averages >= 100 sites x 8 replicas x 10 samples; sites
         * are correlated over a block, so allow 0.025 absolute. A hop rule
         * without detailed balance is off by far more (tens of %). */
        assert_true(fabs(r.bin_occupation[b] - want) < 0.025);
        checked++;
    }
    assert_true(checked >= 8);
    haven_kmc_lattice_free(L);
}

/* Disorder slows a dilute ion: deep sites trap it, so D falls far below
 * the ordered value. */
static void trapping_lowers_D(void **state)
{
    (void)state;
    haven_kmc_lattice *L = kmc_test_lattice("sc", 6);
    haven_kmc_params p = kmc_test_params(L, 1);
    p.hops = 50000;
    haven_kmc_result ordered, gauss;
    assert_int_equal(haven_kmc_run(L, &p, &ordered), HAVEN_OK);
    p.disorder = HAVEN_KMC_DISORDER_GAUSSIAN;
    p.disorder_width = 0.1 * HAVEN_EV; /* 4 kT at 300 K */
    assert_int_equal(haven_kmc_run(L, &p, &gauss), HAVEN_OK);
    printf("D ordered %.3g, Gaussian 0.1 eV %.3g\n", ordered.D[0].value, gauss.D[0].value);
    assert_true(gauss.D[0].hi < 0.5 * ordered.D[0].lo);
    haven_kmc_lattice_free(L);
}

/* The pair-interaction path computes every rate on the fly and updates a
 * wider shell after each hop; with a pair energy far below any energy
 * difference it must reproduce the tabulated path bit for bit. */
static void interaction_path_consistent(void **state)
{
    (void)state;
    haven_kmc_lattice *L = kmc_test_lattice("bcc", 4);
    haven_kmc_params p = kmc_test_params(L, 0.6 * 128);
    p.hops = 20000;
    p.n_replicas = 2;
    p.disorder = HAVEN_KMC_DISORDER_GAUSSIAN;
    p.disorder_width = 0.05 * HAVEN_EV;
    p.field[2] = 1e7;
    haven_kmc_result table, dynamic, repulsive;
    assert_int_equal(haven_kmc_run(L, &p, &table), HAVEN_OK);
    p.interaction = 1e-40; /* J: exp(-J/kT) == 1 in double precision */
    assert_int_equal(haven_kmc_run(L, &p, &dynamic), HAVEN_OK);
    assert_true(table.D[0].value == dynamic.D[0].value);
    assert_true(table.sigma_field.value == dynamic.sigma_field.value);
    /* A real repulsion changes the dynamics. */
    p.interaction = 0.05 * HAVEN_EV;
    assert_int_equal(haven_kmc_run(L, &p, &repulsive), HAVEN_OK);
    assert_true(repulsive.D[0].value != table.D[0].value);
    haven_kmc_lattice_free(L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fermi_occupation),
        cmocka_unit_test(trapping_lowers_D),
        cmocka_unit_test(interaction_path_consistent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
