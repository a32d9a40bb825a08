/* A trajectory read by every process of a communicator side by side
 * (haven/mpi.h, haven_mpi_load). Built only with HAVEN_MPI.
 *
 * The frames are indexed (headers read, rows' newlines counted, nothing
 * converted: by every rank over 1/P of the bytes where a frame start can be
 * told from any byte, else by rank 0), the index shared; each rank reads, unwraps and
 * bookkeeps its own range of frames (series/load_range.h); an exclusive
 * scan of the ranges' image shifts makes the paths continuous across the
 * ranges; the drift of the reference is removed per frame (every atom of a
 * frame is on one rank); then blocks of frames are exchanged all-to-all so
 * that each rank holds its atoms (haven_partition_atoms) for every frame.
 * Each rank converts 1/P of the text and holds ~1/P of the paths. */
#include "haven/mpi.h"

#include "core/error.h"
#include "io/plugin.h"
#include "io/reader.h"
#include "series/load_range.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Doubles per rank and round of the all-to-all: the pack buffers stay
 * small (16 MiB each way) whatever the trajectory. */
#define EXCHANGE_DOUBLES ((size_t)2 << 20)

typedef struct {
    MPI_Comm comm;
    int rank, size;
    long *f;                 /* frame ranges: rank r reads [f[r], f[r + 1]) */
    size_t *a;               /* atom ranges: rank r keeps [a[r], a[r + 1]) */
    unsigned long long sent; /* bytes this rank sent to others */
    int gathered;            /* the index from every rank's part, not rank 0's pass */
} split;

/* Every rank fails if one does, with the message of the lowest failing
 * rank (rank 0 alone prints it), so no rank waits in a collective call. */
static haven_status agree(const split *sp, haven_status s)
{
    int mine = s == HAVEN_OK ? INT_MAX : sp->rank, first;
    if (MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, sp->comm) != MPI_SUCCESS)
        return haven_fail(HAVEN_ERR_IO, "MPI_Allreduce failed");
    if (first == INT_MAX)
        return HAVEN_OK;
    char msg[1024] = "";
    int st = (int)s;
    if (sp->rank == first)
        snprintf(msg, sizeof msg, "%s", haven_last_error());
    MPI_Bcast(msg, (int)sizeof msg, MPI_CHAR, first, sp->comm);
    MPI_Bcast(&st, 1, MPI_INT, first, sp->comm);
    return haven_fail((haven_status)st, "%s", msg);
}

/* Where a rank's part of the index stands (haven_traj_index_part). */
typedef struct {
    unsigned long long n, first, stop, lines;
} index_part;

/* Every part starts where the one before with frames stopped. Sets each
 * part's first line number (rank 0's count from the file's start). */
static int parts_join(const index_part *parts, int P, long *line0)
{
    unsigned long long at = parts[0].first, lines = 0;
    for (int q = 0; q < P; q++) {
        line0[q] = (long)lines;
        if (parts[q].n == 0)
            continue;
        if (parts[q].first != at)
            return 0;
        at = parts[q].stop;
        lines += parts[q].lines;
    }
    return parts[0].n > 0;
}

/* The index built by every rank over 1/P of the bytes (a text format whose
 * frames start with a line found from any byte: LAMMPS dumps), then
 * gathered. Returns 0 - the caller falls back to rank 0's index - when the
 * format has no such line, a part fails (a damaged header: rank 0's pass
 * then names it with its line) or the parts do not join up. */
static int gathered_index(split *sp, haven_traj *t, haven_frame_pos **pos, size_t *n)
{
    struct stat st;
    const char *mode = getenv("HAVEN_MPI_INDEX");
    int P = sp->size, ok = stat(t->path, &st) == 0 && !(mode && !strcmp(mode, "rank0"));
    unsigned long long B = ok ? (unsigned long long)st.st_size : 0;
    unsigned long long begin = B * (unsigned)sp->rank / (unsigned)P,
                       end = B * (unsigned)(sp->rank + 1) / (unsigned)P;
    haven_frame_pos *mine = NULL;
    size_t m = 0;
    index_part me = {0, 0, 0, 0};
    long lines = 0;
    if (ok &&
        haven_traj_index_part(t, begin, end, &mine, &m, &me.first, &me.stop, &lines) != HAVEN_OK)
        ok = 0;
    me.n = m;
    me.lines = (unsigned long long)lines;
    MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_MIN, sp->comm);
    index_part *parts = ok ? malloc((size_t)P * sizeof *parts) : NULL;
    long *line0 = ok ? malloc((size_t)P * sizeof *line0) : NULL;
    int *cnt = ok ? malloc(2 * (size_t)P * sizeof *cnt) : NULL;
    ok = ok && parts && line0 && cnt;
    MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_MIN, sp->comm);
    if (ok)
        MPI_Allgather(&me, 4, MPI_UNSIGNED_LONG_LONG, parts, 4, MPI_UNSIGNED_LONG_LONG, sp->comm);
    if (ok && parts_join(parts, P, line0)) {
        for (size_t i = 0; i < m; i++)
            mine[i].lineno += line0[sp->rank];
        *n = 0;
        for (int q = 0; q < P; q++) {
            cnt[P + q] = (int)(*n * sizeof **pos);
            cnt[q] = (int)(parts[q].n * sizeof **pos);
            *n += parts[q].n;
        }
        ok = *n <= (size_t)INT_MAX / sizeof **pos && (*pos = malloc(*n * sizeof **pos)) != NULL;
        MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_MIN, sp->comm);
        if (ok)
            MPI_Allgatherv(mine, cnt[sp->rank], MPI_BYTE, *pos, cnt, cnt + P, MPI_BYTE, sp->comm);
    } else {
        ok = 0;
    }
    if (!ok) {
        free(*pos);
        *pos = NULL;
        *n = 0;
    }
    free(mine);
    free(parts);
    free(line0);
    free(cnt);
    return ok;
}

/* The index of frames on every rank: gathered from every rank's part
 * where the format allows, else rank 0's; *n 0 when the file has none. */
static haven_status shared_index(split *sp, haven_traj *t, haven_frame_pos **pos, size_t *n)
{
    if ((sp->gathered = gathered_index(sp, t, pos, n)))
        return HAVEN_OK;
    haven_status s = sp->rank == 0 ? haven_traj_index(t, pos, n) : HAVEN_OK;
    if ((s = agree(sp, s)) != HAVEN_OK)
        return s;
    unsigned long long count = *n;
    MPI_Bcast(&count, 1, MPI_UNSIGNED_LONG_LONG, 0, sp->comm);
    if (count == 0 || count > (unsigned long long)INT_MAX / sizeof **pos)
        return *n = 0, HAVEN_OK; /* not indexed (or an index too big for one message) */
    *n = (size_t)count;
    if (sp->rank > 0 && !(*pos = malloc(*n * sizeof **pos)))
        s = haven_fail(HAVEN_ERR_NOMEM, "out of memory for an index of %zu frames", *n);
    if ((s = agree(sp, s)) != HAVEN_OK)
        return s;
    MPI_Bcast(*pos, (int)(*n * sizeof **pos), MPI_BYTE, 0, sp->comm);
    return HAVEN_OK;
}

/* Pack frames [g, g + c) of atoms [a0, a1) of src (the range's frames)
 * contiguously. */
static void pack(const haven_range *r, double (**src)[3], long g, long c, size_t a0, size_t a1,
                 double *out)
{
    size_t w = (a1 - a0) * 3;
    for (long k = 0; k < c; k++)
        memcpy(out + (size_t)k * w, haven_range_frame(r, src, g + k)[a0], w * sizeof *out);
}

/* Frames of rank q's range in round `round` of b frames: [*g, *g + return). */
static long round_frames(const split *sp, int q, long round, long b, long *g)
{
    *g = sp->f[q] + round * b;
    long end = *g + b < sp->f[q + 1] ? *g + b : sp->f[q + 1];
    return end > *g ? end - *g : 0;
}

/* The exchange: frames of every rank -> this rank's atoms of every frame,
 * into dst [T][a1 - a0][3], in rounds of one block of frames per rank; a
 * block is freed once sent, so that memory stays flat (dst's pages are
 * touched only as frames arrive). */
static haven_status exchange(split *sp, haven_range *r, double (**src)[3], double *dst)
{
    int P = sp->size;
    size_t N = r->n_atoms, mine = sp->a[sp->rank + 1] - sp->a[sp->rank];
    long b = (long)r->block, longest = 0;
    for (int q = 0; q < P; q++)
        longest = sp->f[q + 1] - sp->f[q] > longest ? sp->f[q + 1] - sp->f[q] : longest;
    int *cnt = calloc(4 * (size_t)P, sizeof *cnt);
    double *sbuf = malloc((size_t)b * N * 3 * sizeof *sbuf);
    double *rbuf = malloc((size_t)b * mine * 3 * (size_t)P * sizeof *rbuf);
    haven_status s =
        (!cnt || !sbuf || !rbuf) ? haven_fail(HAVEN_ERR_NOMEM, "out of memory") : HAVEN_OK;
    s = agree(sp, s);
    for (long round = 0; s == HAVEN_OK && round * b < longest; round++) {
        int *scnt = cnt, *sdsp = cnt + P, *rcnt = cnt + 2 * P, *rdsp = cnt + 3 * P, off = 0,
            roff = 0;
        long g, c = round_frames(sp, sp->rank, round, b, &g);
        for (int q = 0; q < P; q++) {
            scnt[q] = (int)((size_t)c * (sp->a[q + 1] - sp->a[q]) * 3);
            sdsp[q] = off;
            pack(r, src, g, c, sp->a[q], sp->a[q + 1], sbuf + off);
            off += scnt[q];
            if (q != sp->rank)
                sp->sent += (unsigned long long)scnt[q] * sizeof(double);
            long gq, cq = round_frames(sp, q, round, b, &gq);
            rcnt[q] = (int)((size_t)cq * mine * 3);
            rdsp[q] = roff;
            roff += rcnt[q];
        }
        if (c > 0) { /* this block is sent: its frames are not needed again */
            free(src[round]);
            src[round] = NULL;
        }
        if (MPI_Alltoallv(sbuf, scnt, sdsp, MPI_DOUBLE, rbuf, rcnt, rdsp, MPI_DOUBLE, sp->comm) !=
            MPI_SUCCESS)
            s = haven_fail(HAVEN_ERR_IO, "MPI_Alltoallv failed");
        for (int q = 0; s == HAVEN_OK && q < P; q++) {
            long gq;
            if (round_frames(sp, q, round, b, &gq) > 0)
                memcpy(dst + (size_t)gq * mine * 3, rbuf + rdsp[q], (size_t)rcnt[q] * sizeof *dst);
        }
    }
    free(cnt);
    free(sbuf);
    free(rbuf);
    return s;
}

/* This rank's atoms of every frame of src (the ranges' frames) into a new
 * store. */
static haven_status to_store(split *sp, haven_range *r, double (**src)[3], long T,
                             const haven_load_options *o, haven_store **out)
{
    size_t mine = sp->a[sp->rank + 1] - sp->a[sp->rank];
    double *dst = malloc((size_t)T * mine * 3 * sizeof *dst);
    haven_status s =
        dst ? HAVEN_OK
            : haven_fail(HAVEN_ERR_NOMEM, "out of memory for %ld frames of %zu atoms", T, mine);
    if ((s = agree(sp, s)) == HAVEN_OK)
        s = exchange(sp, r, src, dst);
    if (s == HAVEN_OK &&
        (s = haven_store_create(mine, o->max_bytes, o->scratch_dir, out)) == HAVEN_OK) {
        s = haven_store_adopt(*out, dst, (size_t)T);
        dst = NULL;
        if (s == HAVEN_OK)
            s = haven_store_finish(*out);
    }
    free(dst);
    return s;
}

/* The velocity sums of every frame on every rank (they are per frame). */
static haven_status gather_vel_sums(const split *sp, const haven_range *r, size_t G, long T,
                                    double **out)
{
    int P = sp->size, *cnt = malloc(2 * (size_t)P * sizeof *cnt);
    *out = malloc((size_t)T * G * 3 * sizeof **out);
    haven_status s = cnt && *out ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    if (s == HAVEN_OK && (size_t)T * G * 3 > INT_MAX)
        s = haven_fail(HAVEN_ERR_DATA,
                       "%ld frames x %zu groups of velocity sums: too many for "
                       "one MPI message",
                       T, G);
    if ((s = agree(sp, s)) == HAVEN_OK) {
        for (int q = 0; q < P; q++) {
            cnt[q] = (int)((size_t)(sp->f[q + 1] - sp->f[q]) * G * 3);
            cnt[P + q] = (int)((size_t)sp->f[q] * G * 3);
        }
        if (MPI_Allgatherv(r->vel_sums, cnt[sp->rank], MPI_DOUBLE, *out, cnt, cnt + P, MPI_DOUBLE,
                           sp->comm) != MPI_SUCCESS)
            s = haven_fail(HAVEN_ERR_IO, "MPI_Allgatherv failed");
    }
    free(cnt);
    return s;
}

/* Volume, temperature and jump counts summed over the ranges; the frame
 * interval is rank 0's (frames 1 and 2, as one process reads it). */
static haven_status finish_info(const split *sp, const haven_range *r, const haven_traj *t, long T,
                                haven_load_info *info)
{
    double v[6] = {r->vsum, r->vsum2, r->tsum, r->tsum2, (double)r->nt, (double)r->n_large};
    double interval = r->interval;
    MPI_Allreduce(MPI_IN_PLACE, v, 6, MPI_DOUBLE, MPI_SUM, sp->comm);
    MPI_Bcast(&interval, 1, MPI_DOUBLE, 0, sp->comm);
    /* Each range checked its frames against its own first step; that step
     * must be rank 0's (one process checks every frame against frames 1-2). */
    haven_status s = HAVEN_OK;
    if (fabs(r->interval - interval) > 1e-6 * fmax(fabs(r->interval), fabs(interval)))
        s = haven_fail(HAVEN_ERR_VALUE,
                       "%s: frame %ld is %g fs after the previous one, expected %g fs (frames "
                       "must be evenly spaced)",
                       t->path, r->f0 + 1, r->interval / HAVEN_FS, interval / HAVEN_FS);
    info->n_frames = (size_t)T;
    info->frame_interval = interval;
    info->volume_mean = v[0] / (double)T;
    info->volume_std = sqrt(fmax(0, v[1] / (double)T - info->volume_mean * info->volume_mean));
    info->has_velocities = v[4] > 0;
    if (v[4] > 0) {
        double m = v[2] / v[4];
        info->temperature = m;
        info->temperature_std = sqrt(fmax(0, v[3] / v[4] - m * m));
        info->temperature_source = 1;
    } else if (isfinite(t->file_temperature)) {
        info->temperature = t->file_temperature;
        info->temperature_source = 2;
    }
    info->n_large_jumps = (size_t)v[5];
    return agree(sp, s);
}

/* Paths continuous across the ranges, then the drift removed. */
static haven_status join_ranges(const split *sp, const haven_drift_ref *d, haven_range *r)
{
    size_t n3 = r->n_atoms * 3;
    if (n3 > INT_MAX)
        return haven_fail(HAVEN_ERR_DATA, "%zu atoms: too many for one MPI message", r->n_atoms);
    double(*shift)[3] = calloc(r->n_atoms, sizeof *shift);
    haven_status s = agree(sp, shift ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory"));
    if (s != HAVEN_OK) {
        free(shift);
        return s;
    }
    MPI_Exscan(r->edge, shift, (int)n3, MPI_DOUBLE, MPI_SUM, sp->comm);
    if (sp->rank > 0) /* rank 0's result is undefined: its range starts the run */
        haven_range_shift(r, (const double(*)[3])shift);
    free(shift);
    double com0[3] = {0, 0, 0};
    if (d->active && sp->rank == 0)
        haven_drift_com(d, (const double(*)[3])r->pos[0], r->n_atoms, com0);
    MPI_Bcast(com0, 3, MPI_DOUBLE, 0, sp->comm);
    haven_range_drift(r, d, com0);
    return HAVEN_OK;
}

/* Wall and CPU seconds (this process) of a phase: index, read, exchange. */
typedef struct {
    double wall, cpu;
} stamp;

static stamp now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (stamp){MPI_Wtime(), (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec};
}

static void lap(stamp *since, stamp *phase)
{
    stamp t = now();
    *phase = (stamp){t.wall - since->wall, t.cpu - since->cpu};
    *since = t;
}

/* $HAVEN_MPI_STATS: one line per rank appended to that file (bench/);
 * how: how an HDF5 file was read, or "". */
static void report_stats(const split *sp, const haven_range *r, const stamp sec[3], const char *how)
{
    const char *path = getenv("HAVEN_MPI_STATS");
    FILE *f = path && *path ? fopen(path, "a") : NULL;
    if (!f)
        return;
    fprintf(f,
            "rank %d of %d: frames %ld..%ld, atoms %zu..%zu, wall/CPU s: index (%s) %.3f/%.3f, "
            "read %.3f/%.3f, exchange %.3f/%.3f; sent %llu bytes%s%s\n",
            sp->rank, sp->size, r->f0 + 1, r->f1, sp->a[sp->rank] + 1, sp->a[sp->rank + 1],
            sp->gathered ? "all ranks" : "rank 0", sec[0].wall, sec[0].cpu, sec[1].wall, sec[1].cpu,
            sec[2].wall, sec[2].cpu, sp->sent, *how ? "; HDF5: " : "", how);
    fclose(f);
}

/* $HAVEN_MPI_BLOCK frames, or 0: the tests' many rounds on a small file. */
static long env_block(void)
{
    const char *e = getenv("HAVEN_MPI_BLOCK");
    return e && atol(e) > 0 ? atol(e) : 0;
}

/* Frames per block of the ranges and per round of the exchange. */
static size_t exchange_block(size_t n_atoms)
{
    size_t b = env_block() > 0 ? (size_t)env_block() : EXCHANGE_DOUBLES / (3 * n_atoms);
    return b > 0 ? b : 1;
}

/* With velocities in every frame: this rank's atoms' velocities (exchanged
 * as the paths are) and every frame's group sums. */
static haven_status keep_velocities(split *sp, haven_range *r, const haven_load_options *o, long T,
                                    haven_load_info *info)
{
    size_t a0 = sp->a[sp->rank], n = sp->a[sp->rank + 1] - a0;
    info->velocity_group = malloc(n * sizeof *info->velocity_group);
    haven_status s =
        agree(sp, info->velocity_group ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory"));
    if (s != HAVEN_OK)
        return s;
    memcpy(info->velocity_group, o->vel_group + a0, n * sizeof *o->vel_group);
    if ((s = to_store(sp, r, r->vel, T, o, &info->velocities)) == HAVEN_OK &&
        (s = gather_vel_sums(sp, r, o->n_vel_groups, T, &info->vel_sums)) == HAVEN_OK)
        info->n_vel_groups = o->n_vel_groups;
    return s;
}

/* The reader of the ranges: t itself, or - an H5MD file, with the MPI-IO
 * module (haven_formats_mpio.so) loaded on every rank - the file opened
 * again on the communicator in *pt (parallel HDF5; free it on every rank:
 * closing is collective). $HAVEN_MPI_H5=serial keeps the serial HDF5 of t
 * (bench/). Builds without parallel HDF5 never look for the module. */
static haven_status parallel_reader(const split *sp, haven_traj *t, haven_traj **pt)
{
    const haven_reader_ops *ops = NULL;
    *pt = NULL;
#ifdef HAVEN_H5_MPIO
    const char *mode = getenv("HAVEN_MPI_H5");
    if (t->ops->format == HAVEN_FMT_H5MD && !(mode && !strcmp(mode, "serial")))
        ops = haven_plugin_mpio_reader(HAVEN_FMT_H5MD, NULL);
#endif
    int all = ops != NULL;
    MPI_Allreduce(MPI_IN_PLACE, &all, 1, MPI_INT, MPI_MIN, sp->comm);
    if (!all)
        return HAVEN_OK;
    MPI_Comm comm = sp->comm;
    return agree(sp, haven_traj_open_par(t->path, &t->opt, ops, &comm, pt));
}

/* This rank's frames [f0, f1), from start = f0 - 1 (or 0), into r: by the
 * parallel reader's collective reads - every rank makes all of them, also
 * after a failure here - or from the index. */
static haven_status read_range(const split *sp, haven_traj *rt, const haven_load_options *o,
                               const haven_frame_pos *pos, haven_drift_ref *d, haven_range *r)
{
    const haven_reader_par *par = rt->ops->par;
    long f0 = sp->f[sp->rank], f1 = sp->f[sp->rank + 1], start = f0 > 0 ? f0 - 1 : 0;
    haven_status s =
        par ? par->range(rt, start, f1, env_block()) : haven_traj_seek(rt, &pos[start], start);
    if (s == HAVEN_OK && par)
        rt->frames_read = start; /* as haven_traj_seek: frames are named from there */
    haven_status sd = haven_drift_init(d, rt, o);
    if (s == HAVEN_OK)
        s = sd;
    if (s == HAVEN_OK)
        s = haven_range_load(rt, o, d, f0, f1, exchange_block(rt->n_atoms), r);
    haven_status se = par ? par->range_end(rt) : HAVEN_OK;
    return s == HAVEN_OK ? se : s;
}

/* Read this rank's frames, join them to the others', exchange. */
static haven_status load_split(split *sp, haven_traj *t, const haven_load_options *o,
                               const haven_frame_pos *pos, long T, stamp sec[3],
                               haven_store **store, haven_load_info *info)
{
    haven_range r = {0};
    haven_drift_ref d = {0};
    haven_traj *pt = NULL;
    char how[256] = "";
    stamp t0 = now();
    haven_status s = parallel_reader(sp, t, &pt);
    if (s == HAVEN_OK) {
        s = read_range(sp, pt ? pt : t, o, pos, &d, &r);
        if (pt)
            pt->ops->par->describe(pt, how, sizeof how);
        else if (t->ops->format == HAVEN_FMT_H5MD)
            snprintf(how, sizeof how, "serial library, independent reads");
    }
    haven_traj_free(pt); /* collective, on every rank */
    if ((s = agree(sp, s)) == HAVEN_OK && (s = agree(sp, haven_range_interval(&r))) == HAVEN_OK &&
        (s = join_ranges(sp, &d, &r)) == HAVEN_OK) {
        lap(&t0, &sec[1]);
        s = finish_info(sp, &r, t, T, info);
    }
    if (s == HAVEN_OK) {
        int vel = o->vel_group && info->has_velocities && r.nt == (size_t)(r.f1 - r.f0);
        MPI_Allreduce(MPI_IN_PLACE, &vel, 1, MPI_INT, MPI_MIN, sp->comm);
        free(r.edge);
        r.edge = NULL;
        if ((s = to_store(sp, &r, r.pos, T, o, store)) == HAVEN_OK && vel)
            s = keep_velocities(sp, &r, o, T, info);
        lap(&t0, &sec[2]);
    }
    report_stats(sp, &r, sec, how);
    haven_range_clear(&r);
    free(d.weight);
    return s;
}

/* Whole-file reading on every rank, each keeping its atoms: for files
 * without an index (compressed, other formats) or too few frames. */
static haven_status load_whole(const split *sp, haven_traj *t, const haven_load_options *o,
                               haven_store **store, haven_load_info *info)
{
    haven_load_options lo = *o;
    lo.atom_begin = sp->a[sp->rank];
    lo.atom_end = sp->a[sp->rank + 1];
    return agree(sp, haven_load(t, &lo, store, info));
}

haven_status haven_mpi_load(MPI_Comm comm, haven_traj *t, const haven_load_options *opt,
                            haven_store **store, haven_load_info *info)
{
    haven_load_options defaults;
    opt = haven_load_begin(opt, &defaults, store, info);
    split sp = {.comm = comm};
    MPI_Comm_rank(comm, &sp.rank);
    MPI_Comm_size(comm, &sp.size);
    sp.f = malloc(((size_t)sp.size + 1) * sizeof *sp.f);
    sp.a = malloc(((size_t)sp.size + 1) * sizeof *sp.a);
    haven_frame_pos *pos = NULL;
    size_t n = 0;
    stamp sec[3] = {{0, 0}, {0, 0}, {0, 0}}, t0 = now();
    haven_status s = sp.f && sp.a ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    if ((s = agree(&sp, s)) == HAVEN_OK) {
        haven_partition p = {.rank = 0, .size = sp.size};
        for (p.rank = 0; p.rank < sp.size; p.rank++)
            haven_partition_atoms(&p, t->n_atoms, &sp.a[p.rank], &sp.a[p.rank + 1]);
        s = shared_index(&sp, t, &pos, &n);
    }
    lap(&t0, &sec[0]);
    /* $HAVEN_MPI_READ=whole: every rank reads the whole file (the baseline
     * of bench/mpi_split.sh, measured in the same run). */
    const char *mode = getenv("HAVEN_MPI_READ");
    int whole = mode && !strcmp(mode, "whole");
    if (s == HAVEN_OK && !whole && n >= 2 * (size_t)sp.size && (size_t)sp.size <= t->n_atoms) {
        for (int q = 0; q <= sp.size; q++) /* by frames: text frames are alike in size */
            sp.f[q] = (long)(n * (size_t)q / (size_t)sp.size);
        s = load_split(&sp, t, opt, pos, (long)n, sec, store, info);
    } else if (s == HAVEN_OK) {
        s = load_whole(&sp, t, opt, store, info);
    }
    free(pos);
    free(sp.f);
    free(sp.a);
    if (s != HAVEN_OK) {
        haven_store_free(*store);
        *store = NULL;
        haven_load_info_clear(info);
    }
    return s;
}
