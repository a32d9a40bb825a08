/* Neighbours by cell arithmetic (src/kmc/grid.h), from the site index or
 * from a kept cell, reproduce the lattice's
 * neighbour and reverse tables exactly, site by site, on every built-in
 * lattice at even, odd and thin supercells, and the fast path is on. */
#include "kmc_test.h"

#include "kmc/grid.h"

static void check_lattice(const char *name, int c0, int c1, int c2)
{
    haven_kmc_lattice *L = NULL;
    int cells[3] = {c0, c1, c2};
    assert_int_equal(haven_kmc_lattice_builtin(name, cells, A_NN, &L), HAVEN_OK);
    kmc_grid g;
    assert_int_equal(kmc_grid_init(&g, L), 0);
    if (!g.on)
        fail_msg("%s %dx%dx%d: arithmetic neighbours not used", name, c0, c1, c2);
    int row[KMC_MAX_Z];
    for (size_t x = 0; x < L->n_sites; x++) {
        int b = (int)(x % (size_t)L->n_basis);
        int z = kmc_grid_neighbours(&g, L, x, b, row);
        assert_int_equal(z, L->z[b]);
        int cell[3], w[3], wb;
        kmc_grid_cell(&g, x, cell);
        for (int k = 0; k < z; k++) {
            assert_int_equal(row[k], L->nbr[x * L->zmax + k]);
            assert_int_equal(kmc_grid_rev(&g, L, x, b, k), L->rev[x * L->zmax + k]);
            /* The division-free step from the site's cell: the same
             * neighbour, and that neighbour's own cell and basis. */
            int y = kmc_grid_step(&g, cell, b, k, w, &wb);
            assert_int_equal(y, row[k]);
            int wc[3];
            kmc_grid_cell(&g, (size_t)y, wc);
            for (int i = 0; i < 3; i++)
                assert_int_equal(w[i], wc[i]);
            assert_int_equal(wb, y % L->n_basis);
        }
    }
    /* Switched off, the same calls read the tables. */
    g.on = 0;
    size_t x = L->n_sites - 1;
    int z = kmc_grid_neighbours(&g, L, x, (int)(x % (size_t)L->n_basis), row);
    for (int k = 0; k < z; k++)
        assert_int_equal(row[k], L->nbr[x * L->zmax + k]);
    kmc_grid_free(&g);
    haven_kmc_lattice_free(L);
}

static void builtin(void **state)
{
    (void)state;
    const char *names[] = {"sc", "bcc", "fcc", "diamond", "square", "triangular", "honeycomb"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        check_lattice(names[i], 4, 4, 4);
        check_lattice(names[i], 5, 3, 7);
    }
    /* Three cells is the thinnest sc supercell without doubled images. */
    check_lattice("sc", 3, 3, 3);
    check_lattice("fcc", 2, 3, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(builtin)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
