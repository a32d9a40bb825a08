/* The KMC job against the CLI: `haven kmc --json` prints exactly the
 * document haven_kmc_sweep_json gives for the same options (the CLI only
 * parses options and prints), for a temperature sweep with its E_a and a
 * finite-size sweep; only the measured speed (hops per second) differs.
 * Replicas have fixed seeds and are reduced in one order, so the numbers
 * are bit for bit the same whatever the threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cli_output.h"
#include "haven/haven.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Drop the lines with a wall-clock speed, in place. */
static void strip_timing(char *s)
{
    char *out = s;
    for (char *line = s; *line;) {
        char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line + 1) : strlen(line);
        char keep = line[len - 1 + !end]; /* the line as a string, for strstr */
        line[len - 1 + !end] = '\0';
        int timing = strstr(line, "hops_per_second") != NULL;
        line[len - 1 + !end] = keep;
        if (!timing) {
            memmove(out, line, len);
            out += len;
        }
        line += len;
    }
    *out = '\0';
}

static char *cli_json(const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' kmc --json %s 2>/dev/null", HAVEN_CLI, args);
    char *out = test_cli_output(cmd);
    assert_non_null(out);
    strip_timing(out);
    return out;
}

static haven_kmc_sweep *run(const haven_kmc_sweep_options *o)
{
    haven_kmc_sweep *s = NULL;
    if (haven_kmc_sweep_run(o, &s) != HAVEN_OK)
        fail_msg("%s", haven_last_error());
    return s;
}

static char *library_json(const haven_kmc_sweep *s)
{
    char *json = NULL;
    assert_int_equal(haven_kmc_sweep_json(s, &json), HAVEN_OK);
    strip_timing(json);
    return json;
}

static void temperature_sweep_matches_cli(void **state)
{
    (void)state;
    haven_kmc_sweep_options o;
    haven_kmc_sweep_options_init(&o);
    o.lattice = "sc";
    o.cells[0] = o.cells[1] = o.cells[2] = 4;
    o.occupancy = 0.6;
    static const double T[] = {400, 500, 600};
    o.T = T;
    o.n_T = 3;
    o.params.disorder = HAVEN_KMC_DISORDER_GAUSSIAN;
    o.params.disorder_width = 0.05 * HAVEN_EV;
    o.params.hops = 20000;
    o.params.n_replicas = 3;
    o.params.seed = 7;
    haven_kmc_sweep *s = run(&o);
    char *lib = library_json(s);
    char *cli = cli_json("--lattice sc --cells 4 --occupancy 0.6 --T 400:600:100 "
                         "--disorder gaussian:0.05 --hops 20000 --replicas 3 --seed 7");
    assert_string_equal(lib, cli);
    assert_non_null(strstr(lib, "\"arrhenius\""));
    /* E_a is the shared Arrhenius fit of the points' D* (ln D vs 1/kT). */
    haven_estimate y[3];
    double Ts[3];
    for (int i = 0; i < 3; i++) {
        y[i] = s->point[i].D[0];
        Ts[i] = s->point[i].temperature;
    }
    haven_arrhenius_result a;
    assert_int_equal(haven_kmc_activation(Ts, y, 3, 0, &a), HAVEN_OK);
    assert_true(s->Ea_D_ok[0] && s->Ea_D[0].Ea.value == a.Ea.value);
    /* Gaussian disorder of 0.05 eV lowers the effective barrier's
     * curvature only slightly: E_a stays near the 0.3 eV of the hops. */
    assert_true(fabs(a.Ea.value / HAVEN_EV - 0.3) < 0.1);
    haven_free(lib);
    free(cli);
    haven_kmc_sweep_free(s);
}

static void size_sweep_matches_cli(void **state)
{
    (void)state;
    haven_kmc_sweep_options o;
    haven_kmc_sweep_options_init(&o);
    o.lattice = "bcc";
    static const int sizes[] = {3, 4};
    o.sizes = sizes;
    o.n_sizes = 2;
    static const double T[] = {500};
    o.T = T;
    o.n_T = 1;
    o.params.hops = 20000;
    o.params.n_replicas = 3;
    o.params.seed = 1;
    haven_kmc_sweep *s = run(&o);
    char *lib = library_json(s);
    char *cli = cli_json("--lattice bcc --cells 3,4 --T 500 --hops 20000 --replicas 3");
    assert_string_equal(lib, cli);
    assert_int_equal(s->n_points, 2);
    assert_true(s->size_sweep && s->size_sites[0] == 54 && s->size_sites[1] == 128);
    assert_non_null(strstr(lib, "\"finite_size\""));
    haven_free(lib);
    free(cli);
    haven_kmc_sweep_free(s);
}

/* Zeroed options are the defaults: fcc 8x8x8, one species Li+ at half
 * filling, 300 K (here with few hops, so that it is quick). */
static void zeroed_options_are_defaults(void **state)
{
    (void)state;
    haven_kmc_sweep_options o;
    memset(&o, 0, sizeof o);
    o.params.hops = 2000;
    o.params.n_replicas = 2;
    o.params.n_blocks = 4;
    haven_kmc_sweep *s = run(&o);
    assert_string_equal(s->lattice, "fcc");
    assert_int_equal(s->sites, 4 * 512);
    assert_int_equal(s->params.n_species, 1);
    assert_string_equal(s->params.species[0].name, "Li");
    assert_true(s->params.species[0].fraction == 0.5 && s->params.species[0].charge == 1);
    assert_true(s->point[0].temperature == 300 && s->params.nu0 == 1e13);
    assert_true(fabs(s->params.barrier - 0.3 * HAVEN_EV) < 1e-30);
    assert_string_equal(s->point[0].D[0].unit, "m^2/s");
    assert_string_equal(s->point[0].sigma.unit, "S/m");
    haven_kmc_sweep_free(s);
}

static void bad_options_fail_clearly(void **state)
{
    (void)state;
    haven_kmc_sweep_options o;
    haven_kmc_sweep_options_init(&o);
    static const int one[] = {4};
    o.sizes = one;
    o.n_sizes = 1;
    haven_kmc_sweep *s = (haven_kmc_sweep *)1;
    assert_int_equal(haven_kmc_sweep_run(&o, &s), HAVEN_ERR_ARG);
    assert_null(s);
    assert_non_null(strstr(haven_last_error(), "cell sizes"));
    haven_kmc_sweep_options_init(&o);
    o.structure = "/nonexistent/POSCAR";
    assert_int_equal(haven_kmc_sweep_run(&o, &s), HAVEN_ERR_ARG);
    assert_non_null(strstr(haven_last_error(), "cutoff"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(temperature_sweep_matches_cli),
        cmocka_unit_test(size_sweep_matches_cli),
        cmocka_unit_test(zeroed_options_are_defaults),
        cmocka_unit_test(bad_options_fail_clearly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
