/* haven_mpi_load (frame-split reading), run as `mpirun -np 2 mpi_test_load`:
 * every rank loads the same file alone (haven_load keeping its atoms) and
 * with the others (each rank reading its own range of frames), and the two
 * must agree:
 *  - paths (wrapped input: atoms cross the box many times, so the image
 *    shifts joined across the ranges matter), velocities and the per-frame
 *    velocity sums to 1e-12 relative of the path scale (the same steps added
 *    in another order);
 *  - frame count, interval, volume, temperature, large-jump count;
 *  - LAMMPS dump, extended XYZ and XDATCAR (split by an index of frames),
 *    H5MD (split by frame numbers: each rank reads its frames' hyperslabs),
 *    a .gz dump (read whole by every rank);
 *  - a bad number in the second rank's range: every rank fails with the
 *    message and line one process gives; frames farther apart from the
 *    second rank's first frame on (each range uniform by itself): every
 *    rank fails naming that frame, as one process does;
 *  - H5MD in builds with parallel HDF5 (HAVEN_H5_MPIO): read through the
 *    MPI-IO driver by collective reads (the $HAVEN_MPI_STATS line says so,
 *    from H5Pget_driver and H5Pget_mpio_actual_io_mode), bit for bit the
 *    paths of the serial HDF5's split read ($HAVEN_MPI_H5=serial: the same
 *    frames, the same arithmetic); a NaN position in the second rank's
 *    range: every rank fails with one process's message, none left waiting
 *    in a collective read (with HAVEN_MPI_BLOCK=4 the ranks' ranges take 7
 *    and 8 rounds and the failing rank stops after its 4th); a truncated
 *    H5MD opened through the MPI-IO module (a collective open): every rank
 *    fails with the serial reader's message, none waits. */
#ifdef HAVEN_H5_MPIO
#include "io/plugin.h"
#include "io/reader.h"
#define H5_SPLIT "MPI-IO (mpio) driver" /* what the stats line says for H5MD */
#else
#define H5_SPLIT "serial library"
#endif
#include "haven/mpi.h"

#include "fixture.h"
#include "mpi_check.h"

#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define N_ATOMS 31
#define N_FRAMES 57
#define BOX 8.0 /* Angstrom */

/* A deterministic random walk in a box, wrapped; the same on every rank. */
typedef struct {
    double x[N_ATOMS][3], v[N_ATOMS][3];
    unsigned long long s;
} walk;

static double uniform(walk *w)
{
    w->s = w->s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(w->s >> 11) / 9007199254740992.0;
}

static void walk_step(walk *w)
{
    for (int i = 0; i < N_ATOMS; i++)
        for (int k = 0; k < 3; k++) {
            w->v[i][k] = (uniform(w) - 0.5) * 20; /* A/ps */
            w->x[i][k] += (uniform(w) - 0.5) * (i % 2 ? 1.6 : 0.6);
        }
}

static double wrapped(double x, double box)
{
    return x - box * floor(x / box);
}

/* The box breathes a little (a variable cell), frame f. */
static double box_of(int f)
{
    return BOX * (1 + 0.002 * sin(0.3 * f));
}

typedef void (*frame_writer)(FILE *out, const walk *w, int f, double box);

static int spoiled_frame = -1; /* a dump frame with a bad number in atom 5's row */
static int slower_from = -1;   /* frames from here on 20 steps apart, not 10 */

static int step_of(int f)
{
    return slower_from < 0 || f < slower_from ? 10 * f : 10 * slower_from + 20 * (f - slower_from);
}

/* Frames 1-20 have longer rows: the index parts (1/P of the bytes each)
 * then do not line up with the frame ranges (1/P of the frames), so a
 * range starts at a frame another rank's part found, with its line number
 * (the messages name lines). */
static void dump_frame(FILE *out, const walk *w, int f, double box)
{
    fprintf(out, "ITEM: TIMESTEP\n%d\nITEM: NUMBER OF ATOMS\n%d\n", step_of(f), N_ATOMS);
    fprintf(out, "ITEM: BOX BOUNDS pp pp pp\n0 %.9f\n0 %.9f\n0 %.9f\n", box, box, box);
    fprintf(out, "ITEM: ATOMS id type x y z vx vy vz\n");
    for (int i = 0; i < N_ATOMS; i++)
        fprintf(out,
                f == spoiled_frame && i == 4 ? "%d %d %.7f %.7fx %.7f %.5f %.5f %.5f\n"
                : f < 20                     ? "%d %d %.15f %.15f %.15f %.13f %.13f %.13f\n"
                                             : "%d %d %.7f %.7f %.7f %.5f %.5f %.5f\n",
                i + 1, 1 + i % 2, wrapped(w->x[i][0], box), wrapped(w->x[i][1], box),
                wrapped(w->x[i][2], box), w->v[i][0], w->v[i][1], w->v[i][2]);
}

static void extxyz_frame(FILE *out, const walk *w, int f, double box)
{
    fprintf(out,
            "%d\nLattice=\"%.9f 0 0 0 %.9f 0 0 0 %.9f\" Properties=species:S:1:pos:R:3 "
            "Time=%d\n",
            N_ATOMS, box, box, box, 10 * f);
    for (int i = 0; i < N_ATOMS; i++)
        fprintf(out, "%s %.7f %.7f %.7f\n", i % 2 ? "Cl" : "Li", wrapped(w->x[i][0], box),
                wrapped(w->x[i][1], box), wrapped(w->x[i][2], box));
}

static void xdatcar_frame(FILE *out, const walk *w, int f, double box)
{
    (void)box;
    if (f == 0)
        fprintf(out, "walk\n1.0\n%.6f 0 0\n0 %.6f 0\n0 0 %.6f\nLi Cl\n%d %d\n", BOX, BOX, BOX,
                (N_ATOMS + 1) / 2, N_ATOMS / 2);
    fprintf(out, "Direct configuration= %d\n", f + 1);
    for (int par = 0; par < 2; par++)          /* Li (even atoms) first, as POSCAR groups them */
        for (int i = par; i < N_ATOMS; i += 2) /* longer rows in frames 1-20, as dump_frame */
            fprintf(out,
                    f == spoiled_frame && i == 4 ? "%.8f %.8fx %.8f\n"
                    : f < 20                     ? "%.16f %.16f %.16f\n"
                                                 : "%.8f %.8f %.8f\n",
                    wrapped(w->x[i][0], BOX) / BOX, wrapped(w->x[i][1], BOX) / BOX,
                    wrapped(w->x[i][2], BOX) / BOX);
}

/* The whole file written by rank 0; bad_frame >= 0 spoils a number there. */
static void write_file(const char *path, frame_writer fw, int variable_cell, int bad_frame)
{
    FILE *out = fopen(path, "w");
    walk w = {.s = 12345};
    for (int i = 0; i < N_ATOMS; i++)
        for (int k = 0; k < 3; k++)
            w.x[i][k] = uniform(&w) * BOX;
    for (int f = 0; out && f < N_FRAMES; f++) {
        walk_step(&w);
        spoiled_frame = bad_frame;
        fw(out, &w, f, variable_cell ? box_of(f) : BOX);
    }
    if (out)
        fclose(out);
}

/* Position x of atom `atom` in frame `frame` of an H5MD file set to NaN. */
static int spoil_h5md(const char *path, hsize_t frame, hsize_t atom)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    hid_t d = f >= 0 ? H5Dopen2(f, "particles/all/position/value", H5P_DEFAULT) : -1;
    hid_t fs = d >= 0 ? H5Dget_space(d) : -1;
    hsize_t start[3] = {frame, atom, 0}, one[3] = {1, 1, 1};
    hid_t ms = H5Screate_simple(3, one, NULL);
    double nan = NAN;
    int ok = fs >= 0 && ms >= 0 &&
             H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, one, NULL) >= 0 &&
             H5Dwrite(d, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, &nan) >= 0;
    if (ms >= 0)
        H5Sclose(ms);
    if (fs >= 0)
        H5Sclose(fs);
    if (d >= 0)
        H5Dclose(d);
    if (f >= 0)
        H5Fclose(f);
    return ok ? 0 : -1;
}

/* The first half of a file (an HDF5 file so cut ends before its stated end). */
static void half_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    long n = in && fseek(in, 0, SEEK_END) == 0 ? ftell(in) / 2 : 0;
    char *buf = n > 0 ? malloc((size_t)n) : NULL;
    if (buf && fseek(in, 0, SEEK_SET) == 0 && fread(buf, 1, (size_t)n, in) == (size_t)n && out)
        fwrite(buf, 1, (size_t)n, out);
    free(buf);
    if (in)
        fclose(in);
    if (out)
        fclose(out);
}

static void gzip_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    gzFile out = gzopen(to, "wb");
    char buf[65536];
    size_t n;
    while (in && out && (n = fread(buf, 1, sizeof buf, in)) > 0)
        gzwrite(out, buf, (unsigned)n);
    if (in)
        fclose(in);
    if (out)
        gzclose(out);
}

static double max_abs(const double *a, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        m = fabs(a[i]) > m ? fabs(a[i]) : m;
    return m;
}

/* Paths (or velocities) of the two stores: equal to 1e-12 of their scale. */
static void same_store(const char *what, haven_store *a, haven_store *b)
{
    CHECK(haven_store_n_atoms(a) == haven_store_n_atoms(b) &&
              haven_store_n_frames(a) == haven_store_n_frames(b),
          "%s: store sizes differ", what);
    size_t n = haven_store_n_atoms(a), T = haven_store_n_frames(a), len = n * 3 * T;
    double *x = malloc(len * sizeof *x), *y = malloc(len * sizeof *y), d = 0;
    if (x && y && haven_store_read_atoms(a, 0, n, x) == HAVEN_OK &&
        haven_store_read_atoms(b, 0, n, y) == HAVEN_OK) {
        for (size_t i = 0; i < len; i++)
            d = fabs(x[i] - y[i]) > d ? fabs(x[i] - y[i]) : d;
        CHECK(d <= 1e-12 * max_abs(x, len) && max_abs(x, len) > 0, "%s: differ by %g of %g", what,
              d, max_abs(x, len));
    } else {
        CHECK(0, "%s: cannot read the stores", what);
    }
    free(x);
    free(y);
}

static int close_to(double a, double b)
{
    return fabs(a - b) <= 1e-12 * fmax(fabs(a), fabs(b)) || (isnan(a) && isnan(b));
}

static void same_info(const char *what, const haven_load_info *a, const haven_load_info *b)
{
    CHECK(a->n_frames == b->n_frames && a->n_large_jumps == b->n_large_jumps &&
              a->has_velocities == b->has_velocities && a->n_vel_groups == b->n_vel_groups &&
              a->temperature_source == b->temperature_source,
          "%s: frames %zu/%zu, jumps %zu/%zu, velocities %d/%d", what, a->n_frames, b->n_frames,
          a->n_large_jumps, b->n_large_jumps, a->has_velocities, b->has_velocities);
    CHECK(close_to(a->frame_interval, b->frame_interval) &&
              close_to(a->volume_mean, b->volume_mean) && close_to(a->temperature, b->temperature),
          "%s: interval %g/%g, volume %g/%g, T %g/%g", what, a->frame_interval, b->frame_interval,
          a->volume_mean, b->volume_mean, a->temperature, b->temperature);
    /* Standard deviations from sums of squares: cancellation, looser. */
    CHECK(fabs(a->volume_std - b->volume_std) <= 1e-6 * a->volume_mean &&
              (isnan(a->temperature) ||
               fabs(a->temperature_std - b->temperature_std) <= 1e-6 * a->temperature),
          "%s: volume std %g/%g, T std %g/%g", what, a->volume_std, b->volume_std,
          a->temperature_std, b->temperature_std);
    if (a->vel_sums && b->vel_sums) {
        size_t n = a->n_frames * a->n_vel_groups * 3;
        double d = 0;
        for (size_t i = 0; i < n; i++)
            d = fabs(a->vel_sums[i] - b->vel_sums[i]) > d ? fabs(a->vel_sums[i] - b->vel_sums[i])
                                                          : d;
        CHECK(d <= 1e-12 * max_abs(a->vel_sums, n), "%s: velocity sums differ by %g", what, d);
    }
    CHECK(!a->vel_sums == !b->vel_sums && !a->velocities == !b->velocities,
          "%s: velocities kept in one load only", what);
    if (a->velocities && b->velocities)
        same_store(what, a->velocities, b->velocities);
}

/* stride: steps between frames as given (XDATCAR states no times), or 0. */
static haven_status open_traj(const char *path, long stride, haven_traj **t)
{
    haven_traj_options o;
    haven_traj_options_init(&o);
    if (!strstr(path, ".h5")) { /* H5MD states its times */
        o.types = "1=Li,2=Cl";
        o.timestep_fs = 1;
        o.stride = stride;
    }
    return haven_traj_open(path, &o, t);
}

/* The paths of two stores equal bit for bit. */
static void identical_store(const char *what, haven_store *a, haven_store *b)
{
    size_t n = haven_store_n_atoms(a), T = haven_store_n_frames(a), len = n * 3 * T;
    double *x = malloc(len * sizeof *x), *y = malloc(len * sizeof *y);
    int ok = x && y && n == haven_store_n_atoms(b) && T == haven_store_n_frames(b) &&
             haven_store_read_atoms(a, 0, n, x) == HAVEN_OK &&
             haven_store_read_atoms(b, 0, n, y) == HAVEN_OK && !memcmp(x, y, len * sizeof *x);
    CHECK(ok, "%s: paths not bit for bit those of the serial HDF5's split read", what);
    free(x);
    free(y);
}

/* The $HAVEN_MPI_STATS line of this rank holds `expect` (and, for the
 * MPI-IO driver, says that some reads were collective). */
static void check_stats(const char *path, const char *stats, const char *expect)
{
    char line[1024] = "";
    FILE *f = fopen(stats, "r");
    if (f && !fgets(line, sizeof line, f))
        line[0] = '\0';
    if (f)
        fclose(f);
    CHECK(strstr(line, expect), "%s: stats '%s' lack '%s'", path, line, expect);
    const char *c = strstr(line, "here): ");
    long coll = 0, indep = -1;
    if (strstr(expect, "mpio"))
        CHECK(c && sscanf(c, "here): %ld reads collective, %ld independent", &coll, &indep) == 2 &&
                  coll > 0 && indep == 0,
              "%s: not read by collective transfers: '%s'", path, line);
}

/* The split load of path with `env` set (NAME=VALUE, or NULL). */
static haven_status split_load(haven_traj *t, const char *env, const haven_load_options *lo,
                               haven_store **st, haven_load_info *info)
{
    char name[64] = "";
    if (env) {
        snprintf(name, sizeof name, "%.*s", (int)strcspn(env, "="), env);
        setenv(name, env + strlen(name) + 1, 1);
    }
    haven_traj_rewind(t);
    haven_status s = haven_mpi_load(MPI_COMM_WORLD, t, lo, st, info);
    if (env)
        unsetenv(name);
    return s;
}

/* One process alone (its atoms) against the ranks together. */
/* split_read: whether the ranks must read their own frames (not the whole file
 * each), seen from the $HAVEN_MPI_STATS line the split load writes, which
 * must hold `expect` when not NULL. */
static void compare(const haven_partition *p, const char *path, int velocities, int split_read,
                    const char *expect)
{
    haven_traj *t = NULL;
    if (open_traj(path, 10, &t) != HAVEN_OK) {
        CHECK(0, "%s: %s", path, haven_last_error());
        return;
    }
    static int group[N_ATOMS];
    for (int i = 0; i < N_ATOMS; i++)
        group[i] = haven_traj_atom_species(t, (size_t)i);
    haven_load_options lo;
    haven_load_options_init(&lo);
    if (velocities) {
        lo.vel_group = group;
        lo.n_vel_groups = haven_traj_n_species(t);
    }
    haven_partition_atoms(p, N_ATOMS, &lo.atom_begin, &lo.atom_end);
    haven_store *alone = NULL, *split = NULL;
    haven_load_info ia, is;
    CHECK(haven_load(t, &lo, &alone, &ia) == HAVEN_OK, "%s alone: %s", path, haven_last_error());
    CHECK(haven_traj_rewind(t) == HAVEN_OK, "rewind");
    char stats[320];
    snprintf(stats, sizeof stats, "%s.stats%d", path, p->rank);
    unlink(stats);
    setenv("HAVEN_MPI_STATS", stats, 1);
    CHECK(haven_mpi_load(MPI_COMM_WORLD, t, &lo, &split, &is) == HAVEN_OK, "%s split: %s", path,
          haven_last_error());
    unsetenv("HAVEN_MPI_STATS");
    CHECK((access(stats, F_OK) == 0) == split_read, "%s: %s", path,
          split_read ? "read whole by every rank, not split" : "split, expected whole");
    if (expect)
        check_stats(path, stats, expect);
    unlink(stats);
    if (expect && split && strstr(expect, "mpio")) { /* the serial HDF5's reads: the same bits */
        haven_store *serial = NULL;
        haven_load_info iv;
        CHECK(split_load(t, "HAVEN_MPI_H5=serial", &lo, &serial, &iv) == HAVEN_OK, "%s: %s", path,
              haven_last_error());
        if (serial)
            identical_store(path, split, serial);
        haven_store_free(serial);
        haven_load_info_clear(&iv);
    }
    if (alone && split) {
        same_store(path, alone, split);
        same_info(path, &ia, &is);
        CHECK(ia.n_frames == N_FRAMES, "%s: %zu frames", path, ia.n_frames);
    }
    haven_store_free(alone);
    haven_store_free(split);
    haven_load_info_clear(&ia);
    haven_load_info_clear(&is);
    haven_traj_free(t);
}

/* A file one process cannot load (a bad number in frame 41, or frames
 * farther apart from frame 29 on: the second rank's range with 2 ranks):
 * every rank fails, naming the same frame or line as one process. */
static void bad_file(const haven_partition *p, const char *path, const char *expect, int same_text)
{
    haven_traj *t = NULL;
    if (open_traj(path, 0, &t) != HAVEN_OK) {
        CHECK(0, "%s: %s", path, haven_last_error());
        return;
    }
    haven_load_options lo;
    haven_load_options_init(&lo);
    haven_partition_atoms(p, N_ATOMS, &lo.atom_begin, &lo.atom_end);
    haven_store *st = NULL;
    haven_load_info info;
    char alone[1024] = "";
    haven_status s = haven_load(t, &lo, &st, &info);
    snprintf(alone, sizeof alone, "%s", haven_last_error());
    CHECK(s != HAVEN_OK && strstr(alone, expect), "%s alone: '%s'", path, alone);
    haven_traj_rewind(t);
    s = haven_mpi_load(MPI_COMM_WORLD, t, &lo, &st, &info);
    CHECK(s != HAVEN_OK && strstr(haven_last_error(), expect) &&
              (!same_text || !strcmp(haven_last_error(), alone)),
          "%s split: '%s' (alone: '%s')", path, haven_last_error(), alone);
    haven_traj_free(t);
}

#ifdef HAVEN_H5_MPIO
/* The truncated file through the MPI-IO module: the message of the serial
 * open (up to HDF5's own words, which the two libraries phrase alike but
 * with other numbers), the same on every rank. */
static void truncated_mpio(const char *path)
{
    haven_traj *t = NULL, *pt = NULL;
    haven_status s = haven_traj_open(path, NULL, &t);
    char serial[1024], mine[1024], first[1024];
    snprintf(serial, sizeof serial, "%s", haven_last_error());
    const haven_reader_ops *ops = haven_plugin_mpio_reader(HAVEN_FMT_H5MD, NULL);
    MPI_Comm comm = MPI_COMM_WORLD;
    haven_status sp = ops ? haven_traj_open_par(path, NULL, ops, &comm, &pt) : HAVEN_OK;
    snprintf(mine, sizeof mine, "%s", haven_last_error());
    memcpy(first, mine, sizeof first);
    MPI_Bcast(first, (int)sizeof first, MPI_CHAR, 0, comm);
    size_t k = strcspn(serial, "(");
    CHECK(ops && s != HAVEN_OK && sp != HAVEN_OK && strstr(serial, "truncated") && k > 10 &&
              !strncmp(mine, serial, k) && !strcmp(mine, first),
          "%s through MPI-IO: '%s' (serial: '%s', rank 0: '%s')", path, mine, serial, first);
    haven_traj_free(t);
    haven_traj_free(pt);
}
#endif

int main(int argc, char **argv)
{
    int provided;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    haven_partition part;
    if (haven_mpi_partition(MPI_COMM_WORLD, &part) != HAVEN_OK)
        MPI_Abort(MPI_COMM_WORLD, 1);
    char dir[256] = "";
    if (part.rank == 0) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/haven-mpi-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir))
            MPI_Abort(MPI_COMM_WORLD, 1);
    }
    MPI_Bcast(dir, sizeof dir, MPI_CHAR, 0, MPI_COMM_WORLD);
    static const char *const names[] = {"w.dump",   "w.xyz",  "XDATCAR",     "w.dump.gz",
                                        "bad.dump", "w.h5",   "slower.dump", "XDATCAR_bad",
                                        "nan.h5",   "half.h5"};
    enum { N_PATHS = sizeof names / sizeof names[0] };
    char path[N_PATHS][300];
    for (int i = 0; i < N_PATHS; i++)
        snprintf(path[i], sizeof path[i], "%s/%s", dir, names[i]);
    if (part.rank == 0) {
        write_file(path[0], dump_frame, 1, -1);
        write_file(path[1], extxyz_frame, 1, -1);
        write_file(path[2], xdatcar_frame, 0, -1);
        gzip_file(path[0], path[3]);
        write_file(path[4], dump_frame, 0, 40);
        write_file(path[7], xdatcar_frame, 0, 40);
        slower_from = 27; /* frame 28 (index) on: exactly the second range with 2 ranks */
        write_file(path[6], dump_frame, 0, -1);
        fixture_system fs; /* triclinic, variable cell, wrapped, velocities, 64-frame chunks */
        unsigned flags = FIXTURE_H5MD_NO_IMAGE | FIXTURE_H5MD_VELOCITY | FIXTURE_H5MD_NAMES |
                         FIXTURE_H5MD_CHUNK64;
        if (fixture_make(&fs, N_ATOMS, N_FRAMES, 7, 1, 1) ||
            fixture_write_h5md_flags(&fs, path[5], flags) || fixture_write_h5md(&fs, path[8]) ||
            spoil_h5md(path[8], 40, 4))
            MPI_Abort(MPI_COMM_WORLD, 1);
        half_file(path[5], path[9]);
        fixture_free(&fs);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    compare(&part, path[0], 1, 1, NULL);
    compare(&part, path[0], 0, 1, NULL);
    compare(&part, path[1], 0, 1, NULL);
    compare(&part, path[2], 0, 1, NULL);
    compare(&part, path[3], 1, 0, NULL);      /* .gz: every rank reads it whole */
    bad_file(&part, path[4], "bad.dump:", 1); /* the same file, line and text */
    bad_file(&part, path[6], "frame 29 is", 0);
    bad_file(&part, path[7], "XDATCAR_bad:", 1);
    compare(&part, path[5], 1, 1, H5_SPLIT);
    /* frame 41 (index 40): the second rank's range; images, one frame a chunk */
    bad_file(&part, path[8], "position is not finite", 1);
#ifdef HAVEN_H5_MPIO
    truncated_mpio(path[9]);
#endif
    int all = 0;
    MPI_Allreduce(&failures, &all, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    MPI_Barrier(MPI_COMM_WORLD);
    if (part.rank == 0) {
        for (int i = 0; i < N_PATHS; i++)
            unlink(path[i]);
        rmdir(dir);
        printf("%s: %d ranks, %d failures\n", all ? "FAIL" : "ok", part.size, all);
    }
    MPI_Finalize();
    return all != 0;
}
