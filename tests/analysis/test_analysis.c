/* The library's jobs against the CLI: `haven analyze|diffusion --json` on
 * the shipped LiCl runs prints exactly the document haven_analysis_json
 * gives for the same inputs (the CLI only parses options and prints), and
 * a trajectory handed over as arrays gives the same D* as the file it came
 * from. OpenMP runs on one thread here (CMake), so sums are in one order
 * and text comparison is exact. */
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

#define EX HAVEN_EXAMPLES "/molten_licl/"
static const char *const files[] = {EX "licl_T900.dump.gz", EX "licl_T1000.dump.gz",
                                    EX "licl_T1100.dump.gz", EX "licl_T1200.dump.gz"};

/* The CLI's stdout for `args`, as a new string. */
static char *cli_output(const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' %s 2>/dev/null", HAVEN_CLI, args);
    char *out = test_cli_output(cmd);
    assert_non_null(out);
    return out;
}

static char *library_json(haven_job job, size_t n, const haven_analysis_options *o)
{
    haven_analysis *a = NULL;
    if (haven_analysis_run_files(job, files, n, o, &a) != HAVEN_OK)
        fail_msg("%s", haven_last_error());
    char *json = NULL;
    assert_int_equal(haven_analysis_json(a, &json), HAVEN_OK);
    haven_analysis_free(a);
    return json;
}

static void analyze_series_matches_cli(void **state)
{
    (void)state;
    haven_analysis_options o;
    haven_analysis_options_init(&o);
    o.traj.timestep_fs = 1;
    o.charges = "Li=1,Cl=-1";
    o.nu0 = 1e13;
    o.jump = 2.5e-10;
    char *lib = library_json(HAVEN_JOB_ANALYZE, 4, &o);
    char *cli = cli_output("analyze " EX "licl_T900.dump.gz " EX "licl_T1000.dump.gz " EX
                           "licl_T1100.dump.gz " EX "licl_T1200.dump.gz --timestep 1 --charges "
                           "Li=1,Cl=-1 --nu0 1e13 --jump 2.5 --json");
    assert_string_equal(lib, cli);
    /* Not an empty agreement: the series and the entropy are in both. */
    assert_non_null(strstr(lib, "\"activation_entropy\""));
    assert_non_null(strstr(lib, "\"green_kubo\""));
    haven_free(lib);
    free(cli);
}

static void diffusion_pool_matches_cli(void **state)
{
    (void)state;
    haven_analysis_options o;
    haven_analysis_options_init(&o);
    o.traj.timestep_fs = 1;
    o.pool = 1;
    o.species = "Li";
    o.has_start = 1;
    o.start = 0.5e-12;
    char *lib = library_json(HAVEN_JOB_DIFFUSION, 2, &o);
    char *cli = cli_output("diffusion " EX "licl_T900.dump.gz " EX "licl_T1000.dump.gz "
                           "--timestep 1 --pool --species Li --start 0.5 --json");
    assert_string_equal(lib, cli);
    assert_non_null(strstr(lib, "\"pooled\""));
    haven_free(lib);
    free(cli);
}

/* Every frame of a file into arrays (unwrapped positions, as the dump holds). */
static void read_frames(const char *path, double **pos, double **cell, char ***sym, size_t *nf,
                        size_t *na)
{
    haven_traj_options to;
    haven_traj_options_init(&to);
    to.timestep_fs = 1;
    haven_traj *t = NULL;
    assert_int_equal(haven_traj_open(path, &to, &t), HAVEN_OK);
    *na = haven_traj_n_atoms(t);
    *sym = calloc(*na, sizeof **sym);
    for (size_t i = 0; i < *na; i++)
        (*sym)[i] = strdup(haven_traj_species_name(t, (size_t)haven_traj_atom_species(t, i)));
    size_t cap = 0;
    *nf = 0;
    *pos = NULL;
    *cell = NULL;
    const haven_frame *f;
    while (haven_traj_read(t, &f) == HAVEN_OK) {
        assert_int_equal(f->coords, HAVEN_COORD_UNWRAPPED);
        if (*nf == cap) {
            cap = cap ? 2 * cap : 64;
            *pos = realloc(*pos, cap * *na * 3 * sizeof **pos);
            *cell = realloc(*cell, cap * 9 * sizeof **cell);
        }
        memcpy(*pos + *nf * *na * 3, f->pos, *na * 3 * sizeof **pos);
        memcpy(*cell + *nf * 9, f->cell, 9 * sizeof **cell);
        (*nf)++;
    }
    haven_traj_free(t);
}

static void arrays_equal_file(void **state)
{
    (void)state;
    haven_analysis_options o;
    haven_analysis_options_init(&o);
    o.traj.timestep_fs = 1;
    haven_analysis *from_file = NULL, *from_arrays = NULL;
    assert_int_equal(haven_analysis_run_files(HAVEN_JOB_DIFFUSION, files, 1, &o, &from_file),
                     HAVEN_OK);
    double *pos, *cell;
    char **sym;
    size_t nf, na;
    read_frames(files[0], &pos, &cell, &sym, &nf, &na);
    haven_traj_arrays in = {.n_frames = nf,
                            .n_atoms = na,
                            .pos = pos,
                            .cell = cell,
                            .cell_per_frame = 1,
                            .symbols = (const char *const *)sym,
                            .frame_interval = from_file->runs[0].info.frame_interval,
                            .coords = HAVEN_COORD_UNWRAPPED,
                            .name = "licl_T900 (arrays)"};
    haven_traj *t = NULL;
    assert_int_equal(haven_traj_from_arrays(&in, &t), HAVEN_OK);
    assert_int_equal(haven_analysis_run_trajs(HAVEN_JOB_DIFFUSION, &t, 1, &o, &from_arrays),
                     HAVEN_OK);
    const haven_run_result *a = &from_file->runs[0], *b = &from_arrays->runs[0];
    assert_int_equal(a->n_species, b->n_species);
    assert_string_equal(b->format, "arrays");
    for (size_t g = 0; g < a->n_species; g++) {
        assert_string_equal(a->sp[g].name, b->sp[g].name);
        /* Same positions, same frame times: the same numbers, to rounding. */
        assert_true(fabs(b->sp[g].fit.D.value / a->sp[g].fit.D.value - 1) < 1e-12);
        assert_true(fabs(b->sp[g].fit.D.err / a->sp[g].fit.D.err - 1) < 1e-9);
    }
    /* The arrays are the caller's: bad ones are refused with the reason. */
    haven_traj *bad = NULL;
    in.frame_interval = 0;
    assert_int_equal(haven_traj_from_arrays(&in, &bad), HAVEN_ERR_ARG);
    assert_non_null(strstr(haven_last_error(), "time between frames"));
    haven_traj_free(t);
    haven_analysis_free(from_file);
    haven_analysis_free(from_arrays);
    for (size_t i = 0; i < na; i++)
        free(sym[i]);
    free(sym);
    free(pos);
    free(cell);
}

static void options_checked_before_work(void **state)
{
    (void)state;
    haven_analysis_options o;
    haven_analysis_options_init(&o);
    haven_analysis *a = (haven_analysis *)&o; /* must come back NULL */
    o.pool = o.cont = 1;
    assert_int_equal(haven_analysis_run_files(HAVEN_JOB_DIFFUSION, files, 2, &o, &a),
                     HAVEN_ERR_ARG);
    assert_null(a);
    assert_non_null(strstr(haven_last_error(), "exclude each other"));
    o.pool = o.cont = 0;
    o.charges = "Li=1,Cl";
    assert_int_equal(haven_analysis_check(HAVEN_JOB_ANALYZE, 1, &o), HAVEN_ERR_ARG);
    o.charges = NULL;
    assert_int_equal(haven_analysis_check(HAVEN_JOB_ANALYZE, 1, &o), HAVEN_ERR_ARG);
    assert_int_equal(haven_analysis_check(HAVEN_JOB_DIFFUSION, 1, &o), HAVEN_OK);
    /* The exported pair index: (a, b) and (b, a) alike, packed upper triangle. */
    assert_int_equal(haven_pair_index(0, 0, 3), 0);
    assert_int_equal(haven_pair_index(2, 1, 3), 4);
    assert_int_equal(haven_pair_index(2, 2, 3), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(options_checked_before_work),
        cmocka_unit_test(arrays_equal_file),
        cmocka_unit_test(diffusion_pool_matches_cli),
        cmocka_unit_test(analyze_series_matches_cli),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
