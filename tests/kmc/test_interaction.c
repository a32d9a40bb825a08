/* Nearest-neighbour pair energy J, checked exactly: two ions on a 6x6
 * square torus. In equilibrium the separation r (of B from A) has weight
 * exp(-E(r)/kT), E = J for nearest neighbours, and each of the 8 possible
 * hops (A or B, 4 directions; blocked onto the other ion) has rate
 * nu0 exp(-max(0, E(r') - E(r))/kT), so the mean jump rate per ion is
 * sum_r w(r) R(r) / (2 sum_r w(r)). A wrong energy bookkeeping (e.g. the
 * moving ion counted as its own neighbour) changes it by far more than
 * the statistical error. */
#include "kmc_test.h"

#define L6 6

static int wrap(int x)
{
    return ((x % L6) + L6) % L6;
}

static double pair_energy(int dx, int dy, double J)
{
    dx = wrap(dx), dy = wrap(dy);
    int nn = (dx == 1 || dx == L6 - 1) ? dy == 0 : (dy == 1 || dy == L6 - 1) ? dx == 0 : 0;
    return nn ? J : 0;
}

static double exact_rate(double nu0, double J, double kT)
{
    static const int e[4][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
    double z = 0, sum = 0;
    for (int dx = 0; dx < L6; dx++)
        for (int dy = 0; dy < L6; dy++) {
            if (!dx && !dy)
                continue;
            double E = pair_energy(dx, dy, J), w = exp(-E / kT), R = 0;
            for (int ion = 0; ion < 2; ion++)
                for (int k = 0; k < 4; k++) {
                    int s = ion ? 1 : -1; /* B moves r by +e, A by -e */
                    int nx = wrap(dx + s * e[k][0]), ny = wrap(dy + s * e[k][1]);
                    if (!nx && !ny)
                        continue;
                    double dE = pair_energy(nx, ny, J) - E;
                    R += nu0 * exp(-(dE > 0 ? dE : 0) / kT);
                }
            z += w;
            sum += w * R;
        }
    return sum / (2 * z);
}

static void two_ions(double J_eV)
{
    haven_kmc_lattice *L = kmc_test_lattice("square", L6);
    haven_kmc_params p = kmc_test_params(L, 2);
    p.interaction = J_eV * HAVEN_EV;
    p.hops = 200000;
    p.equil_hops = 1000;
    haven_kmc_result r;
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_OK);
    double want = exact_rate(p.nu0, p.interaction, HAVEN_KB * p.temperature);
    printf("J = %+.2f eV: ", J_eV);
    /* Jump counts are nearly Poisson (1.6e6 jumps); the configuration
     * memory widens that to ~0.3%; 4 sigma, and at most 1% error. */
    assert_within("jump rate", r.jump_rate[0], want, 4, 0.01);
    haven_kmc_lattice_free(L);
}

static void repulsive(void **state)
{
    (void)state;
    two_ions(0.05);
}

static void attractive(void **state)
{
    (void)state;
    two_ions(-0.08);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(repulsive),
        cmocka_unit_test(attractive),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
