/* Checkpoint and restart: a run split into pieces gives bit for bit the
 * numbers of an uninterrupted run with the same seed; a checkpoint from
 * other parameters, or damaged, is refused. */
#include "kmc_test.h"

#include "kmc/replica.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char prefix[64];

static haven_kmc_params base(const haven_kmc_lattice *L)
{
    haven_kmc_params p = kmc_test_params(L, 100);
    p.n_replicas = 3;
    p.n_blocks = 6;
    p.hops = 30000;
    p.disorder = HAVEN_KMC_DISORDER_GAUSSIAN;
    p.disorder_width = 0.02 * HAVEN_EV;
    p.interaction = 0.01 * HAVEN_EV; /* exercise the interaction path too */
    return p;
}

static void same_numbers(const haven_kmc_result *a, const haven_kmc_result *b)
{
    assert_true(a->D[0].value == b->D[0].value && a->D[0].err == b->D[0].err);
    assert_true(a->D_sigma.value == b->D_sigma.value);
    assert_true(a->correlation.value == b->correlation.value);
    assert_true(a->jumps == b->jumps);
    for (int i = 0; i < a->n_bins; i++) /* empty bins are NaN */
        assert_true(a->bin_occupation[i] == b->bin_occupation[i] ||
                    (isnan(a->bin_occupation[i]) && isnan(b->bin_occupation[i])));
}

/* Whole vs split at blocks 1, 4 and the end, with checkpoint files under
 * path; a finished checkpoint just reports again. */
static void check_split(haven_kmc_params p, const char *path)
{
    haven_kmc_lattice *L = kmc_test_lattice("sc", 6);
    haven_kmc_result whole, part;
    assert_int_equal(haven_kmc_run(L, &p, &whole), HAVEN_OK);
    p.checkpoint = path;
    p.max_blocks = 4;
    assert_int_equal(haven_kmc_run(L, &p, &part), HAVEN_ERR_DATA);
    assert_non_null(strstr(haven_last_error(), "resume"));
    p.max_blocks = 1;
    assert_int_equal(haven_kmc_run(L, &p, &part), HAVEN_ERR_DATA);
    p.max_blocks = 0;
    assert_int_equal(haven_kmc_run(L, &p, &part), HAVEN_OK);
    same_numbers(&whole, &part);
    assert_int_equal(haven_kmc_run(L, &p, &part), HAVEN_OK);
    same_numbers(&whole, &part);
    haven_kmc_lattice_free(L);
}

/* Each selection path keeps different state across a checkpoint: the
 * interaction path (neighbour counts), the tabulated tree (Boltzmann
 * weights), and thinning (the pending hop drawn before the stop). */
static void split_run(void **state)
{
    (void)state;
    haven_kmc_lattice *L = kmc_test_lattice("sc", 6);
    haven_kmc_params p = base(L);
    haven_kmc_lattice_free(L);
    check_split(p, prefix);
    char path[96];
    p.interaction = 0;
    snprintf(path, sizeof path, "%s_table", prefix);
    check_split(p, path);
    p.disorder = HAVEN_KMC_DISORDER_NONE;
    snprintf(path, sizeof path, "%s_thin", prefix);
    check_split(p, path);
}

static void refused(void **state)
{
    (void)state;
    haven_kmc_lattice *L = kmc_test_lattice("sc", 6);
    haven_kmc_params p = base(L);
    haven_kmc_result r;
    p.checkpoint = prefix; /* files left by split_run */
    p.temperature = 310;
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_ERR_VALUE);
    p = base(L);
    p.checkpoint = prefix;
    p.seed = 7; /* replica 0 would read prefix.0 of seed 1 */
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_ERR_VALUE);
    /* Damage replica 1's file: truncated. */
    char path[96];
    snprintf(path, sizeof path, "%s.1", prefix);
    assert_int_equal(truncate(path, 1000), 0);
    p = base(L);
    p.checkpoint = prefix;
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_ERR_FORMAT);
    FILE *fp = fopen(path, "w");
    fputs("not a checkpoint\n", fp);
    fclose(fp);
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_ERR_FORMAT);
    p.max_blocks = -1;
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_ERR_ARG);
    haven_kmc_lattice_free(L);
}

/* Four bytes flipped in the body of a checkpoint (the neighbour counts,
 * the particle table or the carriers, which the engine indexes with):
 * refused as corrupted, where it used to write out of bounds on resume. */
static void flipped_bytes(void **state)
{
    (void)state;
    haven_kmc_lattice *L = kmc_test_lattice("sc", 6);
    haven_kmc_params p = base(L);
    haven_kmc_result r;
    char path[96], replica[112];
    snprintf(path, sizeof path, "%s_flip", prefix);
    snprintf(replica, sizeof replica, "%s.0", path);
    p.checkpoint = path;
    p.max_blocks = 2;
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_ERR_DATA);
    FILE *fp = fopen(replica, "r+b");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    long size = ftell(fp);
    for (long at = size / 2; at < size / 2 + 4; at++) {
        assert_int_equal(fseek(fp, at, SEEK_SET), 0);
        int c = fgetc(fp);
        assert_int_equal(fseek(fp, at, SEEK_SET), 0);
        fputc(c ^ 0xff, fp);
    }
    fclose(fp);
    p.max_blocks = 0;
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_ERR_FORMAT);
    assert_non_null(strstr(haven_last_error(), "checksum mismatch"));
    haven_kmc_lattice_free(L);
}

/* A state that cannot be, written with a valid checksum (by a buggy or a
 * hostile writer), fails the index checks on load. */
typedef void (*damage_fn)(kmc_state *s, kmc_progress *pr);
static void particle_off_range(kmc_state *s, kmc_progress *pr)
{
    (void)pr;
    s->occ[s->ion[0].site] = 1 << 30;
}
static void particle_moved(kmc_state *s, kmc_progress *pr)
{
    (void)pr;
    s->ion[0].site = (s->ion[0].site + 1) % (int)haven_kmc_lattice_n_sites(s->L);
}
static void bad_species(kmc_state *s, kmc_progress *pr)
{
    (void)pr;
    s->species[0] = 200;
}
static void bad_last_jump(kmc_state *s, kmc_progress *pr)
{
    (void)pr;
    s->ion[1].last = -5;
}
static void carrier_twice(kmc_state *s, kmc_progress *pr)
{
    (void)pr;
    s->car_site[1] = s->car_site[0];
}
static void carrier_off_lattice(kmc_state *s, kmc_progress *pr)
{
    (void)pr;
    s->car_site[0] = -7;
}
static void block_off_range(kmc_state *s, kmc_progress *pr)
{
    (void)s;
    pr->next_step = 1000;
}
static void neighbour_count(kmc_state *s, kmc_progress *pr)
{
    (void)pr;
    s->n_occ_nbr[3] += 9;
}

static void bad_indices(void **state)
{
    (void)state;
    const damage_fn damage[] = {particle_off_range, particle_moved, bad_species,
                                bad_last_jump,      carrier_twice,  carrier_off_lattice,
                                block_off_range,    neighbour_count};
    haven_kmc_lattice *L = kmc_test_lattice("sc", 6);
    haven_kmc_params p = base(L); /* with interactions: neighbour counts kept */
    kmc_layout lay;
    kmc_layout_init(&lay, &p, 1);
    replica_out o;
    char path[96];
    snprintf(path, sizeof path, "%s_damaged", prefix);
    for (size_t i = 0; i < sizeof damage / sizeof *damage; i++) {
        kmc_state s;
        kmc_progress pr = {.tau = 1e-9, .next_step = 1};
        assert_int_equal(kmc_state_init(&s, L, &p, 1), HAVEN_OK);
        assert_int_equal(kmc_replica_alloc(&o, &lay, s.n_part), HAVEN_OK);
        for (size_t k = 0; k < lay.n_levels * s.n_part; k++)
            o.origin[k][0] = o.origin[k][1] = o.origin[k][2] = 0;
        damage[i](&s, &pr);
        assert_int_equal(kmc_checkpoint_write(path, &s, &pr, &lay, &o), HAVEN_OK);
        kmc_state_free(&s);
        assert_int_equal(kmc_state_init(&s, L, &p, 1), HAVEN_OK);
        haven_status st = kmc_checkpoint_read(path, &s, &pr, &lay, &o);
        printf("damage %zu: %s\n", i, haven_last_error());
        assert_int_equal(st, HAVEN_ERR_FORMAT);
        kmc_state_free(&s);
        kmc_replica_free(&o);
    }
    haven_kmc_lattice_free(L);
}

static int setup(void **state)
{
    (void)state;
    char dir[] = "/tmp/haven_ckpt_XXXXXX";
    if (!mkdtemp(dir))
        return -1;
    snprintf(prefix, sizeof prefix, "%s/run", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf \"$(dirname '%s')\"", prefix);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(split_run),
        cmocka_unit_test(refused),
        cmocka_unit_test(flipped_bytes),
        cmocka_unit_test(bad_indices),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
