/* Site assignment against a synthetic hopping trajectory whose every hop is
 * known: ions vibrate about the sites of a simple cubic lattice (a = 3 A,
 * 4x4x4 supercell of a one-site reference) and hop to an empty neighbour
 * through one frame in the transition region (the midpoint, 1.5 A from
 * both sites, outside the 1.2 A spheres). The counts, back-jumps, D_jump,
 * f and occupancies must come out exactly as generated; sites found from
 * the density maxima must sit on the lattice; CIF expansion and Wyckoff
 * labels; bad inputs. */
#include "haven/sites.h"
#include "structure/estimate.h"
#include "structure/sitemap.h"

#include "check.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#define A 1e-10
#define NC 4     /* supercell */
#define NI 8     /* ions */
#define NT 3000  /* frames */
#define P 0.02   /* hop probability per frame */
#define DT_FS 10.0

typedef struct {
    size_t hops, seq, back, on;
    double S2[2], Q[2]; /* per block: sum |sum a|^2 and sum |a|^2 */
} truth;

static void write_frame(FILE *fp, const double (*r)[3], size_t t)
{
    fprintf(fp, "%d\nLattice=\"%g 0 0 0 %g 0 0 0 %g\" Properties=species:S:1:pos:R:3 Time=%g\n",
            NI + 1, 3.0 * NC, 3.0 * NC, 3.0 * NC, DT_FS * (double)t);
    fprintf(fp, "S 1.5 1.5 1.5\n");
    for (int i = 0; i < NI; i++) {
        double w[3];
        for (int k = 0; k < 3; k++)
            w[k] = r[i][k] - 3.0 * NC * floor(r[i][k] / (3.0 * NC));
        fprintf(fp, "Li %.6f %.6f %.6f\n", w[0], w[1], w[2]);
    }
}

/* Ion state: lattice coordinates (unwrapped), previous site, in transit. */
typedef struct {
    int c[3], prev[3], has_prev, target[3], transit;
    double S[3];
} ion_t;

static int occupied(const ion_t *ion, const int c[3])
{
    for (int j = 0; j < NI; j++) {
        int same = 1, tsame = ion[j].transit;
        for (int k = 0; k < 3; k++) {
            int m = ((c[k] % NC) + NC) % NC;
            same &= ((ion[j].c[k] % NC) + NC) % NC == m;
            tsame &= ((ion[j].target[k] % NC) + NC) % NC == m;
        }
        if (same || tsame)
            return 1;
    }
    return 0;
}

static void hop_done(ion_t *o, truth *tr, size_t t)
{
    size_t b = t * 2 / NT;
    int back = o->has_prev;
    for (int k = 0; k < 3; k++)
        back &= o->target[k] == o->prev[k];
    if (o->has_prev)
        tr->seq++, tr->back += back;
    for (int k = 0; k < 3; k++) {
        double a = 3.0 * (o->target[k] - o->c[k]);
        o->S[k] += a;
        tr->Q[b] += a * a;
        o->prev[k] = o->c[k];
        o->c[k] = o->target[k];
    }
    o->has_prev = 1;
    o->transit = 0;
    tr->hops++;
}

static void close_block(ion_t *ion, truth *tr, size_t b)
{
    for (int i = 0; i < NI; i++) {
        tr->S2[b] += ion[i].S[0] * ion[i].S[0] + ion[i].S[1] * ion[i].S[1] +
                     ion[i].S[2] * ion[i].S[2];
        memset(ion[i].S, 0, sizeof ion[i].S);
    }
}

static void generate(const char *path, truth *tr)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 11);
    memset(tr, 0, sizeof *tr);
    ion_t ion[NI];
    memset(ion, 0, sizeof ion);
    for (int i = 0; i < NI; i++) /* distinct start sites */
        ion[i].c[0] = i % NC, ion[i].c[1] = (i / NC) * 2, ion[i].c[2] = i % 3;
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    for (size_t t = 0; t < NT; t++) {
        if (t == NT / 2)
            close_block(ion, tr, 0);
        double r[NI][3];
        for (int i = 0; i < NI; i++) {
            ion_t *o = &ion[i];
            if (o->transit)
                hop_done(o, tr, t);
            else if (t > 0 && gsl_rng_uniform(rng) < P) {
                int d = (int)gsl_rng_uniform_int(rng, 6), tg[3];
                memcpy(tg, o->c, sizeof tg);
                tg[d / 2] += d % 2 ? 1 : -1;
                if (!occupied(ion, tg)) {
                    memcpy(o->target, tg, sizeof tg);
                    o->transit = 1;
                }
            }
            for (int k = 0; k < 3; k++)
                r[i][k] = o->transit ? 1.5 * (o->c[k] + o->target[k])
                                     : 3.0 * o->c[k] + gsl_ran_gaussian(rng, 0.15);
            tr->on += !o->transit;
        }
        write_frame(fp, (const double(*)[3])r, t);
    }
    close_block(ion, tr, 1);
    fclose(fp);
    gsl_rng_free(rng);
}

static char traj_path[64], ref_path[64];
static truth tr;

static int setup(void **state)
{
    (void)state;
    strcpy(traj_path, "/tmp/haven_sites_XXXXXX");
    strcpy(ref_path, "/tmp/haven_ref_XXXXXX");
    int fd = mkstemp(traj_path);
    close(fd);
    fd = mkstemp(ref_path);
    FILE *fp = fdopen(fd, "w");
    fprintf(fp, "sc\n1.0\n3 0 0\n0 3 0\n0 0 3\nLi\n1\nDirect\n0 0 0\n");
    fclose(fp);
    generate(traj_path, &tr);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(traj_path);
    unlink(ref_path);
    return 0;
}

static haven_status analyse(const haven_site_set *s, int li_only, haven_sites_result *r)
{
    haven_traj *t;
    haven_status st = haven_traj_open(traj_path, NULL, &t);
    assert_int_equal(st, HAVEN_OK);
    int sel[NI + 1] = {0};
    for (int i = 1; i <= NI; i++)
        sel[i] = li_only;
    haven_sites_options o;
    haven_sites_options_init(&o);
    o.n_blocks = 2;
    st = haven_sites_analyse(t, s, sel, &o, r);
    haven_traj_free(t);
    return st;
}

static void test_exact_counts(void **state)
{
    (void)state;
    haven_site_set s;
    assert_int_equal(haven_sites_from_structure(ref_path, "Li", HAVEN_SITE_TYPES_WYCKOFF, 0, &s),
                     HAVEN_OK);
    assert_int_equal(s.n_sites, 1);
    assert_string_equal(s.type_name[0], "1a");
    haven_sites_result r;
    assert_int_equal(analyse(&s, 1, &r), HAVEN_OK);
    assert_true(tr.hops > 200); /* enough to mean something */
    assert_int_equal(r.n_sites, NC * NC * NC);
    assert_int_equal(r.supercell[0], NC);
    assert_rel(r.radius, 1.2 * A, 1e-12);
    assert_int_equal(r.n_jumps, tr.hops);
    assert_int_equal(r.jumps[0], tr.hops);
    assert_rel(r.distance[0], 3.0 * A, 1e-9);
    assert_rel(r.back_fraction.value, (double)tr.back / (double)tr.seq, 1e-12);
    double T = (NT - 1) * DT_FS * 1e-15;
    assert_rel(r.D_jump.value, (tr.Q[0] + tr.Q[1]) * A * A / (6.0 * NI * T), 1e-9);
    assert_rel(r.jump_rate.value, (double)tr.hops / (NI * T), 1e-12);
    assert_rel(r.f_jumps.value, (tr.S2[0] + tr.S2[1]) / (tr.Q[0] + tr.Q[1]), 1e-9);
    assert_rel(r.on_site_fraction, (double)tr.on / (NI * NT), 1e-12);
    assert_rel(r.occupancy[0].value, (double)tr.on / (NT * 64.0), 1e-12);
    /* every ion belongs to a site from frame 0 on: the rate per ion on a
     * site is the jump rate per ion */
    assert_rel(r.rate[0].value, r.jump_rate.value, 1e-12);
    haven_sites_result_clear(&r);

    /* bad inputs: no ion selected; a site radius that lets spheres overlap */
    assert_int_equal(analyse(&s, 0, &r), HAVEN_ERR_ARG);
    assert_non_null(strstr(haven_last_error(), "no atoms of the selected species"));
    haven_site_set_clear(&s);
    assert_int_equal(haven_sites_from_structure(ref_path, "Na", HAVEN_SITE_TYPES_ONE, 0, &s),
                     HAVEN_ERR_DATA);
    assert_non_null(strstr(haven_last_error(), "no atoms of element 'Na'"));
}

/* Sites from the density: one maximum per visited lattice site, on it. */
static void test_density_sites(void **state)
{
    (void)state;
    haven_traj *t;
    assert_int_equal(haven_traj_open(traj_path, NULL, &t), HAVEN_OK);
    int sel[NI + 1] = {0, 1, 1, 1, 1, 1, 1, 1, 1};
    haven_density_options o;
    haven_density_options_init(&o);
    o.spacing = 0.25 * A;
    o.sigma = 0.3 * A;
    o.select = sel;
    haven_grid g;
    haven_density_info info;
    assert_int_equal(haven_density_compute(t, &o, &g, &info), HAVEN_OK);
    haven_traj_free(t);
    haven_site_set s;
    assert_int_equal(haven_sites_from_grid(&g, 3, 0.05, 1.0 * A, 0, &s), HAVEN_OK);
    assert_true(s.n_sites >= 40 && s.n_sites <= 64);
    for (size_t i = 0; i < s.n_sites; i++)
        for (int k = 0; k < 3; k++) {
            double x = s.frac[i][k] * NC; /* lattice units: integers */
            assert_abs(x - nearbyint(x), 0, 0.1 / 3.0);
        }
    haven_site_set_clear(&s);
    for (size_t i = 0; i < g.n[0] * g.n[1] * g.n[2]; i++)
        g.value[i] = 0;
    assert_int_equal(haven_sites_from_grid(&g, 3, 0.05, 1.0 * A, 0, &s), HAVEN_ERR_DATA);
    haven_grid_clear(&g);
}

/* A CIF in P-1: the general position (0.1, 0.2, 0.3) gives two atoms, the
 * special position (1/2, 0, 0) one (its image merged); spglib labels them
 * 2i and 1d. Operations in both CIF spellings. */
static void test_cif(void **state)
{
    (void)state;
    static const char *const keys[2] = {"_space_group_symop_operation_xyz",
                                        "_symmetry_equiv_pos_as_xyz"};
    for (int v = 0; v < 2; v++) {
        char path[64];
        snprintf(path, sizeof path, "/tmp/haven_cif_%d_%d.cif", (int)getpid(), v);
        FILE *fp = fopen(path, "w");
        fprintf(fp,
                "data_test\n_cell_length_a 3.1\n_cell_length_b 4.2\n_cell_length_c 5.3\n"
                "_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n"
                "loop_\n%s\n'x, y, z'\n'-x, -y, -z'\n"
                "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n"
                "_atom_site_fract_y\n_atom_site_fract_z\n"
                "Li1 Li 0.1 0.2 0.3(2)\nLi2 Li 0.5 0 0\nS1 S 0.3 0.35 0.12\n",
                keys[v]);
        fclose(fp);
        haven_site_set s;
        assert_int_equal(haven_sites_from_structure(path, "Li", HAVEN_SITE_TYPES_WYCKOFF, 0, &s),
                         HAVEN_OK);
        assert_int_equal(s.n_sites, 3);
        assert_int_equal(s.n_types, 2);
        assert_string_equal(s.type_name[s.type[0]], "2i");
        assert_string_equal(s.type_name[s.type[2]], "1d");
        assert_abs(s.frac[1][0], 0.9, 1e-12);
        assert_abs(s.frac[1][2], 0.7, 1e-12);
        assert_rel(s.cell[1][1], 4.2 * A, 1e-12);
        haven_site_set_clear(&s);
        assert_int_equal(haven_sites_from_structure(path, "Li", HAVEN_SITE_TYPES_LABEL, 0, &s),
                         HAVEN_OK);
        assert_string_equal(s.type_name[s.type[1]], "Li1");
        assert_string_equal(s.type_name[s.type[2]], "Li2");
        haven_site_set_clear(&s);
        unlink(path);
    }
    /* a damaged CIF: a clear error naming the file */
    char path[64];
    snprintf(path, sizeof path, "/tmp/haven_cif_%d_bad.cif", (int)getpid());
    FILE *fp = fopen(path, "w");
    fprintf(fp, "data_x\n_cell_length_a 3\nloop_\n_atom_site_fract_x\n0.1\n");
    fclose(fp);
    haven_site_set s;
    assert_int_equal(haven_sites_from_structure(path, NULL, HAVEN_SITE_TYPES_ONE, 0, &s),
                     HAVEN_ERR_FORMAT);
    assert_non_null(strstr(haven_last_error(), path));
    unlink(path);
}

/* The shortest site distance of a large set (cell list) equals the
 * all-pairs minimum-image search. */
static void test_min_distance(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 17);
    haven_site_set s;
    memset(&s, 0, sizeof s);
    s.n_sites = 343;
    s.frac = malloc(s.n_sites * sizeof *s.frac);
    s.cell[0][0] = 21 * A, s.cell[1][0] = 3 * A, s.cell[1][1] = 20 * A, s.cell[2][2] = 22 * A;
    for (size_t i = 0; i < s.n_sites; i++) {
        size_t c[3] = {i / 49, (i / 7) % 7, i % 7};
        for (int k = 0; k < 3; k++)
            s.frac[i][k] = ((double)c[k] + 0.3 * gsl_rng_uniform(rng)) / 7.0;
    }
    double brute = INFINITY;
    for (size_t i = 0; i < s.n_sites; i++)
        for (size_t j = i + 1; j < s.n_sites; j++) {
            double d[3], r[3];
            for (int k = 0; k < 3; k++)
                d[k] = s.frac[i][k] - s.frac[j][k] - nearbyint(s.frac[i][k] - s.frac[j][k]);
            for (int k = 0; k < 3; k++)
                r[k] = d[0] * s.cell[0][k] + d[1] * s.cell[1][k] + d[2] * s.cell[2][k];
            brute = fmin(brute, sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]));
        }
    assert_rel(hs_site_min_distance(&s), brute, 1e-12);
    free(s.frac);
    gsl_rng_free(rng);
}

/* A rate from few jumps: one block with 3 jumps, seven with none. The
 * symmetric t interval would reach below 0; a ratio of counts cannot. A
 * ratio whose numerators can be negative keeps its symmetric interval. */
static void test_ratio_interval(void **state)
{
    (void)state;
    double num[8] = {3, 0, 0, 0, 0, 0, 0, 0}, den[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    haven_estimate e;
    hs_ratio_estimate(num, den, 8, "1/s", &e);
    assert_rel(e.value, 3.0 / 8, 1e-15);
    assert_true(e.err > 0 && e.value - 2 * e.err < 0);
    assert_true(e.lo == 0 && e.hi > e.value);
    num[1] = -3;
    hs_ratio_estimate(num, den, 8, "1", &e);
    assert_true(e.lo < 0 && fabs((e.lo + e.hi) / 2 - e.value) < 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_counts),
        cmocka_unit_test(test_density_sites),
        cmocka_unit_test(test_cif),
        cmocka_unit_test(test_min_distance),
        cmocka_unit_test(test_ratio_interval),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
