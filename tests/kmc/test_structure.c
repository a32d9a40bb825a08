/* Lattices from structure files, and every parser's bad input. */
#include "kmc_test.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[64];

static const char *write_file(const char *name, const char *text)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

/* Rock salt LiCl with a_c = 3 sqrt(2) A: the Li sublattice is fcc with
 * nearest-neighbour distance 3 A, the same as the built-in fcc. */
static const char *rocksalt =
    "LiCl rock salt\n1.0\n4.242640687 0 0\n0 4.242640687 0\n0 0 4.242640687\nLi Cl\n4 4\n"
    "Direct\n0 0 0\n0 .5 .5\n.5 0 .5\n.5 .5 0\n.5 .5 .5\n.5 0 0\n0 .5 0\n0 0 .5\n";

static void poscar_fcc(void **state)
{
    (void)state;
    const char *path = write_file("POSCAR", rocksalt);
    haven_kmc_lattice *L = NULL;
    int cells[3] = {5, 5, 5};
    assert_int_equal(haven_kmc_lattice_from_file(path, "Li", 3.3e-10, cells, &L), HAVEN_OK);
    assert_int_equal(haven_kmc_lattice_n_sites(L), 500);
    assert_int_equal(haven_kmc_lattice_coordination(L), 12);
    /* Same lattice as the built-in, so the same vacancy correlation factor
     * (0.78146, within 1% as in test_vacancy). */
    haven_kmc_params p = kmc_test_params(L, 499);
    p.hops = 100000;
    haven_kmc_result r;
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_OK);
    printf("f(cos) fcc from POSCAR: %.5f\n", r.correlation_cos.value);
    assert_true(fabs(r.correlation_cos.value - 0.78146) < 0.01 * 0.78146);
    haven_kmc_lattice_free(L);
    /* Both species as sites: the rock salt is simple cubic at 2.12 A. */
    assert_int_equal(haven_kmc_lattice_from_file(path, NULL, 2.3e-10, cells, &L), HAVEN_OK);
    assert_int_equal(haven_kmc_lattice_n_sites(L), 1000);
    assert_int_equal(haven_kmc_lattice_coordination(L), 6);
    haven_kmc_lattice_free(L);
}

static void extxyz_sc(void **state)
{
    (void)state;
    const char *path =
        write_file("cell.xyz", "2\nLattice=\"3 0 0 0 3 0 0 0 3\" Properties=species:S:1:pos:R:3\n"
                               "Na 0 0 0\nO 1.5 1.5 1.5\n");
    haven_kmc_lattice *L = NULL;
    int cells[3] = {4, 4, 4};
    assert_int_equal(haven_kmc_lattice_from_file(path, "Na", 3.2e-10, cells, &L), HAVEN_OK);
    assert_int_equal(haven_kmc_lattice_n_sites(L), 64);
    assert_int_equal(haven_kmc_lattice_coordination(L), 6);
    assert_true(fabs(haven_kmc_lattice_volume(L) - 64 * 27e-30) < 1e-40);
    haven_kmc_lattice_free(L);
}

/* One ion on the mixed lattice (kmc_test.h): with equal rates Gamma per
 * bond the walk visits every site equally often, and as every site is a
 * centre of inversion successive jumps are uncorrelated, so
 * D = (1/2d) sum_i pi_i sum_j Gamma |d_ij|^2 = (1/6)(1/4)(6 + 3 x 2) Gamma
 * (a/2)^2 = Gamma a^2/8 and the jump rate is 3 Gamma (6 + 2 + 2 + 2 over
 * 4 sites). Exercises the slots beyond a site's own coordination. */
static void mixed_coordination(void **state)
{
    (void)state;
    haven_kmc_lattice *L = kmc_test_mixed_lattice(4);
    assert_int_equal(haven_kmc_lattice_n_sites(L), 256);
    assert_int_equal(haven_kmc_lattice_coordination(L), 6);
    haven_kmc_params p = kmc_test_params(L, 1);
    p.n_replicas = 1;
    p.n_blocks = 4000;
    p.hops = 400000;
    p.equil_hops = HAVEN_KMC_EQUIL_NONE;
    haven_kmc_result r;
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_OK);
    double a = 4e-10;
    /* As in test_single: ~1.5% standard error from 4000 blocks. */
    assert_within("D* (mixed z)", r.D[0], p.nu0 * a * a / 8, 4, 0.025);
    assert_within("jump rate (mixed z)", r.jump_rate[0], 3 * p.nu0, 4, 0.005);
    haven_kmc_lattice_free(L);
}

static void expect_error(const char *name, const char *text, const char *label, double cutoff,
                         int n_cells, haven_status want)
{
    const char *path = text ? write_file(name, text) : name;
    haven_kmc_lattice *L = (haven_kmc_lattice *)&L; /* must be reset to NULL */
    int cells[3] = {n_cells, n_cells, n_cells};
    haven_status st = haven_kmc_lattice_from_file(path, label, cutoff, cells, &L);
    printf("%-12s -> %s\n", name, haven_last_error());
    assert_int_equal(st, want);
    assert_null(L);
    assert_true(strlen(haven_last_error()) > 0);
}

static void bad_structures(void **state)
{
    (void)state;
    expect_error("/nonexistent/POSCAR", NULL, NULL, 3e-10, 2, HAVEN_ERR_IO);
    expect_error("empty", "", NULL, 3e-10, 2, HAVEN_ERR_FORMAT);
    expect_error("noscale", "title\nabc\n", NULL, 3e-10, 2, HAVEN_ERR_FORMAT);
    expect_error("truncated", "t\n1\n3 0 0\n0 3 0\n0 0 3\nLi\n2\nDirect\n0 0 0\n", NULL, 3.2e-10, 3,
                 HAVEN_ERR_FORMAT);
    expect_error("nan", "t\n1\n3 0 0\n0 3 0\n0 0 3\nLi\n1\nDirect\nnan 0 0\n", NULL, 3.2e-10, 3,
                 HAVEN_ERR_FORMAT);
    expect_error("counts", "t\n1\n3 0 0\n0 3 0\n0 0 3\nLi Cl\n1\nDirect\n0 0 0\n", NULL, 3e-10, 3,
                 HAVEN_ERR_FORMAT);
    expect_error("flat", "t\n1\n3 0 0\n6 0 0\n0 0 3\nLi\n1\nDirect\n0 0 0\n", NULL, 3.2e-10, 3,
                 HAVEN_ERR_VALUE);
    expect_error("nolabel", rocksalt, "Na", 3.3e-10, 3, HAVEN_ERR_VALUE);
    /* One sc cell: every neighbour is the site itself. */
    expect_error("small", "t\n1\n3 0 0\n0 3 0\n0 0 3\nLi\n1\nDirect\n0 0 0\n", NULL, 3.2e-10, 1,
                 HAVEN_ERR_VALUE);
    expect_error("isolated", "t\n1\n3 0 0\n0 3 0\n0 0 3\nLi\n1\nDirect\n0 0 0\n", NULL, 2e-10, 3,
                 HAVEN_ERR_VALUE);
    expect_error("nolattice.xyz", "1\ncomment\nLi 0 0 0\n", NULL, 3e-10, 3, HAVEN_ERR_FORMAT);
    expect_error("short.xyz", "3\nLattice=\"3 0 0 0 3 0 0 0 3\"\nLi 0 0 0\n", NULL, 3.2e-10, 3,
                 HAVEN_ERR_FORMAT);
    expect_error("props.xyz",
                 "1\nLattice=\"3 0 0 0 3 0 0 0 3\" Properties=pos:R:3:species:S:1\n0 0 0 Li\n",
                 NULL, 3.2e-10, 3, HAVEN_ERR_FORMAT);
}

static void builtin_and_params(void **state)
{
    (void)state;
    haven_kmc_lattice *L = NULL;
    int cells[3] = {4, 4, 4}, zero[3] = {0, 4, 4};
    assert_int_equal(haven_kmc_lattice_builtin("hcp", cells, 3e-10, &L), HAVEN_ERR_ARG);
    assert_int_equal(haven_kmc_lattice_builtin("fcc", cells, -1, &L), HAVEN_ERR_ARG);
    assert_int_equal(haven_kmc_lattice_builtin("fcc", zero, 3e-10, &L), HAVEN_ERR_ARG);
    assert_null(L);
    L = kmc_test_lattice("sc", 4);
    haven_kmc_params p = kmc_test_params(L, 10);
    haven_kmc_result r;
    p.species[0].fraction = 1.2;
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_ERR_ARG);
    p = kmc_test_params(L, 10);
    p.temperature = -1;
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_ERR_ARG);
    p = kmc_test_params(L, 10);
    p.n_replicas = 1;
    p.n_blocks = 1;
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_ERR_ARG);
    p = kmc_test_params(L, 10);
    p.disorder = HAVEN_KMC_DISORDER_TABLE; /* without a table */
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_ERR_ARG);
    p = kmc_test_params(L, 64); /* full lattice: no hop possible */
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_ERR_VALUE);
    p = kmc_test_params(L, 0);
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_ERR_VALUE);
    haven_kmc_lattice_free(L);
    haven_kmc_lattice_free(NULL);
}

static void site_energy_files(void **state)
{
    (void)state;
    double *e = NULL;
    const char *path = write_file("energies", "# eV\n0.1 -0.2\n0.3 # last\n");
    assert_int_equal(haven_kmc_read_site_energies(path, 3, &e), HAVEN_OK);
    assert_true(fabs(e[1] / HAVEN_EV + 0.2) < 1e-12);
    free(e);
    assert_int_equal(haven_kmc_read_site_energies(path, 4, &e), HAVEN_ERR_FORMAT);
    assert_int_equal(haven_kmc_read_site_energies(path, 2, &e), HAVEN_ERR_FORMAT);
    path = write_file("energies_bad", "0.1 abc 0.3\n");
    assert_int_equal(haven_kmc_read_site_energies(path, 3, &e), HAVEN_ERR_FORMAT);
    path = write_file("energies_nan", "0.1 nan 0.3\n");
    assert_int_equal(haven_kmc_read_site_energies(path, 3, &e), HAVEN_ERR_FORMAT);
    assert_int_equal(haven_kmc_read_site_energies("/nonexistent/e", 3, &e), HAVEN_ERR_IO);
    assert_null(e);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/haven_kmc_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(poscar_fcc),        cmocka_unit_test(extxyz_sc),
        cmocka_unit_test(bad_structures),    cmocka_unit_test(builtin_and_params),
        cmocka_unit_test(site_energy_files), cmocka_unit_test(mixed_coordination),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
