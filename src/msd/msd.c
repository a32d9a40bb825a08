/* Tracer and collective MSDs in one pass over atom blocks. */
#include "core/bigmem.h"
#include "haven/msd.h"

#include "core/error.h"
#include "msd/winstats.h"
#include "msd/xcorr.h"

#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* The block is a copy of paths already held by the store: small enough to
 * be reused from cache block after block rather than filled once in fresh
 * pages (64 MiB cost `haven diffusion` 15-20% more CPU time in page faults
 * and first touches, 1024 atoms x 2501 frames), large enough to give each
 * thread several atoms (see pass_alloc). */
#define DEFAULT_BLOCK_BYTES ((size_t)8 << 20)
#define BLOCK_ATOMS_PER_THREAD 4

void haven_msd_options_init(haven_msd_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->method = HAVEN_MSD_FFT;
}

void haven_msd_clear(haven_msd *m)
{
    if (!m)
        return;
    free(m->msd);
    free(m->tensor);
    free(m->n_obs);
    haven_msd_stats_clear(&m->stats);
    memset(m, 0, sizeof *m);
}

void haven_msd_collective_clear(haven_msd_collective *c)
{
    if (!c)
        return;
    if (c->corr) {
        size_t np = c->n_groups * (c->n_groups + 1) / 2;
        for (size_t p = 0; p < np; p++)
            free(c->corr[p]);
        free(c->corr);
    }
    free(c->sums);
    memset(c, 0, sizeof *c);
}

static int thread_count(void)
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

static int thread_id(void)
{
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

typedef struct {
    haven_store *store;
    const int *group;
    size_t n_groups, T, n_atoms, block;
    const haven_msd_options *opt;
    haven_xcorr_plan *plan;
    int n_threads;
    double *acc;   /* [thread][group][T][6] tracer sums */
    double *sums;  /* [group][3][T] collective series, or NULL */
    double *paths; /* block of atom paths [B][3][T] */
    /* paths' memory, when on huge pages */
    haven_bigbuf paths_map;
    winstats_plan probes;
    double *wacc; /* [thread][group][probe][WINSTATS_SLOTS] window sums */
    double *wsum; /* [thread][group][window] per-window sums over the group */
    size_t Tb;    /* frames per time block, 0: no blocks */
    haven_xcorr_plan *bplan;
    double *bacc;  /* [thread][group][block][3][Tb] block MSD sums */
    double *count; /* [group] atoms, over all processes */
} msd_pass;

static haven_status pass_alloc(msd_pass *ps)
{
    size_t T = ps->T;
    size_t per_atom = 3 * T * sizeof(double);
    size_t budget = ps->opt->max_bytes ? ps->opt->max_bytes : DEFAULT_BLOCK_BYTES;
    ps->n_threads = thread_count();
    ps->block = budget / per_atom;
    if (!ps->opt->max_bytes && ps->block < BLOCK_ATOMS_PER_THREAD * (size_t)ps->n_threads)
        ps->block = BLOCK_ATOMS_PER_THREAD * (size_t)ps->n_threads;
    if (ps->block < 1)
        ps->block = 1;
    if (ps->block > ps->n_atoms)
        ps->block = ps->n_atoms;
    ps->paths = haven_bigmem_alloc(&ps->paths_map, ps->block * per_atom);
    ps->acc = calloc((size_t)ps->n_threads * ps->n_groups * T * 6, sizeof(double));
    if (ps->opt->collective)
        ps->sums = calloc(ps->n_groups * 3 * T, sizeof(double));
    ps->plan = ps->opt->method == HAVEN_MSD_FFT ? haven_xcorr_plan_create(T) : NULL;
    if (winstats_plan_init(&ps->probes, T) != HAVEN_OK)
        return HAVEN_ERR_NOMEM;
    size_t tg = (size_t)ps->n_threads * ps->n_groups;
    ps->wacc = calloc(tg * ps->probes.n * WINSTATS_SLOTS, sizeof(double));
    ps->wsum = calloc(tg * ps->probes.n_windows, sizeof(double));
    ps->Tb = winstats_block_frames(T);
    if (ps->Tb) {
        ps->bplan = haven_xcorr_plan_create(ps->Tb);
        ps->bacc = calloc(tg * WINSTATS_BLOCKS * 3 * ps->Tb, sizeof(double));
        if (!ps->bplan || !ps->bacc)
            return haven_fail(HAVEN_ERR_NOMEM, "out of memory for the block MSDs");
    }
    ps->count = calloc(ps->n_groups ? ps->n_groups : 1, sizeof *ps->count);
    if (!ps->count || !ps->wacc || !ps->wsum || !ps->paths || !ps->acc ||
        (ps->opt->collective && !ps->sums) || (ps->opt->method == HAVEN_MSD_FFT && !ps->plan))
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for the MSD of %zu frames", T);
    return HAVEN_OK;
}

static void pass_free(msd_pass *ps)
{
    haven_bigmem_free(&ps->paths_map, ps->paths);
    free(ps->acc);
    free(ps->sums);
    free(ps->wacc);
    free(ps->wsum);
    free(ps->bacc);
    free(ps->count);
    haven_xcorr_plan_free(ps->bplan);
    winstats_plan_clear(&ps->probes);
    haven_xcorr_plan_free(ps->plan);
}

/* Tracer correlations of one block of atoms, OpenMP over atoms. */
/* A thread's sums of its walkers' correlations (xcorr.h): per group the
 * tracer tensor, and the block MSDs per group and block; flushed into the
 * thread's accumulators once the thread's atoms are done, so that per atom
 * only the forward transforms run. */
typedef struct {
    haven_xcorr_sum **tracer; /* [group] */
    haven_xcorr_sum **blocks; /* [group][WINSTATS_BLOCKS] */
    size_t n_groups;
} thread_sums;

static void thread_sums_free(thread_sums *s)
{
    for (size_t g = 0; s->tracer && g < s->n_groups; g++)
        haven_xcorr_sum_free(s->tracer[g]);
    for (size_t k = 0; s->blocks && k < s->n_groups * WINSTATS_BLOCKS; k++)
        haven_xcorr_sum_free(s->blocks[k]);
    free(s->tracer);
    free(s->blocks);
}

/* 0 when out of memory (s then holds what was made, for thread_sums_free). */
static int thread_sums_init(thread_sums *s, const msd_pass *ps)
{
    s->n_groups = ps->n_groups;
    s->tracer = calloc(ps->n_groups ? ps->n_groups : 1, sizeof *s->tracer);
    s->blocks = ps->bplan ? calloc(ps->n_groups * WINSTATS_BLOCKS + 1, sizeof *s->blocks) : NULL;
    if (!s->tracer || (ps->bplan && !s->blocks))
        return 0;
    for (size_t g = 0; g < ps->n_groups; g++)
        if (!(s->tracer[g] = haven_xcorr_sum_create(ps->plan, &haven_pairs_sym6)))
            return 0;
    for (size_t k = 0; s->blocks && k < ps->n_groups * WINSTATS_BLOCKS; k++)
        if (!(s->blocks[k] = haven_xcorr_sum_create(ps->bplan, &winstats_diag3)))
            return 0;
    return 1;
}

static void thread_sums_flush(thread_sums *s, const msd_pass *ps, haven_xcorr_work *w,
                              haven_xcorr_work *bw, size_t th)
{
    size_t T = ps->T, nb = WINSTATS_BLOCKS * 3 * ps->Tb;
    for (size_t g = 0; g < ps->n_groups; g++) {
        haven_xcorr_sum_flush(w, s->tracer[g], ps->acc + (th * ps->n_groups + g) * T * 6, 6, 1);
        if (s->blocks)
            winstats_flush_blocks(bw, T, s->blocks + g * WINSTATS_BLOCKS,
                                  ps->bacc + (th * ps->n_groups + g) * nb);
    }
}

static int block_tracer(msd_pass *ps, size_t a0, size_t B)
{
    size_t T = ps->T;
    int failed = 0;
    /* Threads only pay off when there is real work: small problems (tests,
     * short runs) stay serial instead of spinning up a team per block. */
    int parallel = (double)B * (double)T > 2e5;
#pragma omp parallel if (parallel)
    {
        haven_xcorr_work *w = ps->plan ? haven_xcorr_work_create(ps->plan) : NULL;
        thread_sums sums = {0};
        int fft = ps->plan && w && thread_sums_init(&sums, ps);
        if (ps->plan && !fft) {
#pragma omp atomic write
            failed = 1;
        }
        size_t th = (size_t)thread_id();
        double *acc_t = ps->acc + th * ps->n_groups * T * 6;
        size_t np = ps->probes.n * WINSTATS_SLOTS, nw = ps->probes.n_windows;
        size_t nb = WINSTATS_BLOCKS * 3 * ps->Tb;
        haven_xcorr_work *bw = ps->bplan ? haven_xcorr_work_create(ps->bplan) : NULL;
        double *bbuf = ps->bplan ? malloc(9 * ps->Tb * sizeof *bbuf) : NULL;
        if (ps->bplan && (!bw || !bbuf)) {
#pragma omp atomic write
            failed = 1;
        }
        /* Static: each thread sums the same walkers in the same order on
         * every run, and the threads' sums are added in thread order, so a
         * result does not change from run to run (dynamic scheduling
         * changed the last digits). Every walker costs the same. */
#pragma omp for schedule(static)
        for (size_t b = 0; b < B; b++) {
            int g = ps->group[a0 + b];
            if (g < 0 || (ps->plan && !fft))
                continue;
            const double *x = ps->paths + b * 3 * T;
            if (fft)
                haven_xcorr_sum_add(w, sums.tracer[g], x, x, 1.0);
            else
                haven_xcorr_direct(T, x, x, &haven_pairs_sym6, 1.0, acc_t + (size_t)g * T * 6, 6);
            size_t tg = th * ps->n_groups + (size_t)g;
            winstats_add_walker(&ps->probes, x, ps->wacc + tg * np, ps->wsum + tg * nw);
            if (bw && bbuf && fft)
                winstats_add_blocks_sum(bw, T, x, x, 1.0, bbuf, sums.blocks + g * WINSTATS_BLOCKS);
            else if (bw && bbuf)
                winstats_add_blocks(bw, T, x, x, 1.0, bbuf, ps->bacc + tg * nb);
        }
        if (fft && (!ps->bplan || (bw && bbuf)))
            thread_sums_flush(&sums, ps, w, bw, th);
        thread_sums_free(&sums);
        haven_xcorr_work_free(bw);
        free(bbuf);
        haven_xcorr_work_free(w);
    }
    return failed;
}

static void block_sums(msd_pass *ps, size_t a0, size_t B)
{
    size_t T = ps->T;
    for (size_t b = 0; b < B; b++) {
        int g = ps->group[a0 + b];
        if (g < 0)
            continue;
        const double *x = ps->paths + b * 3 * T;
        double *s = ps->sums + (size_t)g * 3 * T;
        for (size_t j = 0; j < 3 * T; j++)
            s[j] += x[j];
    }
}

/* Sum the threads' window sums of group g into its statistics. */
static haven_status reduce_stats(msd_pass *ps, size_t g, haven_msd *m)
{
    size_t np = ps->probes.n * WINSTATS_SLOTS, nw = ps->probes.n_windows;
    double *acc = calloc(np, sizeof *acc), *ws = calloc(nw, sizeof *ws);
    haven_status st = acc && ws ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (int th = 0; st == HAVEN_OK && th < ps->n_threads; th++) {
        size_t tg = (size_t)th * ps->n_groups + g;
        for (size_t j = 0; j < np; j++)
            acc[j] += ps->wacc[tg * np + j];
        for (size_t j = 0; j < nw; j++)
            ws[j] += ps->wsum[tg * nw + j];
    }
    if (st == HAVEN_OK)
        st = winstats_finish(&ps->probes, acc, ws, m->n_atoms, &m->stats);
    size_t nb = WINSTATS_BLOCKS * 3 * ps->Tb;
    if (st == HAVEN_OK && ps->Tb) {
        haven_msd_stats *s = &m->stats;
        s->block_msd = calloc(nb, sizeof *s->block_msd);
        if (!s->block_msd)
            st = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
        for (int th = 0; st == HAVEN_OK && th < ps->n_threads; th++) {
            const double *b = ps->bacc + ((size_t)th * ps->n_groups + g) * nb;
            for (size_t j = 0; j < nb; j++)
                s->block_msd[j] += b[j] / (double)m->n_atoms;
        }
        if (st == HAVEN_OK) {
            s->n_blocks = WINSTATS_BLOCKS;
            s->block_frames = ps->Tb;
            s->block_walkers = m->n_atoms;
        }
    }
    free(acc);
    free(ws);
    return st;
}

static haven_status reduce_tracer(msd_pass *ps, double dt, haven_msd *tracer)
{
    size_t T = ps->T;
    for (size_t g = 0; g < ps->n_groups; g++) {
        haven_msd *m = &tracer[g];
        m->n_lags = T;
        m->dt = dt;
        m->n_atoms = (size_t)ps->count[g];
        m->msd = calloc(T, sizeof *m->msd);
        m->tensor = calloc(T, sizeof *m->tensor);
        m->n_obs = calloc(T, sizeof *m->n_obs);
        if (!m->msd || !m->tensor || !m->n_obs)
            return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
        for (int th = 0; th < ps->n_threads; th++) {
            const double *acc = ps->acc + ((size_t)th * ps->n_groups + g) * T * 6;
            for (size_t j = 0; j < T * 6; j++)
                m->tensor[j / 6][j % 6] += acc[j];
        }
        double inv_n = m->n_atoms ? 1.0 / (double)m->n_atoms : 0.0;
        for (size_t t = 0; t < T; t++) {
            for (int c = 0; c < 6; c++)
                m->tensor[t][c] *= inv_n;
            m->msd[t] = m->tensor[t][HAVEN_XX] + m->tensor[t][HAVEN_YY] + m->tensor[t][HAVEN_ZZ];
            m->n_obs[t] = (double)m->n_atoms * (double)(T - t);
        }
        haven_status st = reduce_stats(ps, g, m);
        if (st != HAVEN_OK)
            return st;
    }
    return HAVEN_OK;
}

static haven_status reduce_collective(msd_pass *ps, double dt, haven_msd_collective *c)
{
    size_t K = ps->n_groups, T = ps->T, np = K * (K + 1) / 2;
    c->n_groups = K;
    c->n_lags = T;
    c->dt = dt;
    c->corr = calloc(np, sizeof *c->corr);
    if (!c->corr)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    haven_xcorr_work *w = ps->plan ? haven_xcorr_work_create(ps->plan) : NULL;
    if (ps->plan && !w)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t a = 0; a < K; a++)
        for (size_t b = a; b < K; b++) {
            double(*out)[9] = calloc(T, sizeof *out);
            c->corr[haven_pair_index(a, b, K)] = out;
            if (!out) {
                haven_xcorr_work_free(w);
                return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
            }
            const double *xa = ps->sums + a * 3 * T, *xb = ps->sums + b * 3 * T;
            if (w)
                haven_xcorr_fft(w, xa, xb, &haven_pairs_all9, 1.0, &out[0][0], 9);
            else
                haven_xcorr_direct(T, xa, xb, &haven_pairs_all9, 1.0, &out[0][0], 9);
        }
    haven_xcorr_work_free(w);
    /* The summed positions stay with the result: the noise of any charge- or
     * pair-weighted combination is sampled from them (haven_msd_stats_series). */
    c->sums = ps->sums;
    ps->sums = NULL;
    return HAVEN_OK;
}

/* Add the threads' sums of one [thread][n] array into thread 0's. */
static void fold_threads(double *a, size_t n, int n_threads)
{
    for (int th = 1; th < n_threads; th++)
        for (size_t j = 0; j < n; j++)
            a[j] += a[(size_t)th * n + j];
}

/* Atoms per group here, then (with a partition) over all processes, whose
 * sums are added into this one's: threads first, then processes. */
static haven_status share_sums(msd_pass *ps)
{
    const haven_partition *pt = ps->opt->partition;
    for (size_t i = 0; i < ps->n_atoms; i++)
        if (ps->group[i] >= 0)
            ps->count[ps->group[i]] += 1;
    if (!pt || pt->size <= 1)
        return HAVEN_OK;
    size_t K = ps->n_groups, T = ps->T;
    size_t np = ps->probes.n * WINSTATS_SLOTS, nw = ps->probes.n_windows;
    size_t nb = WINSTATS_BLOCKS * 3 * ps->Tb;
    fold_threads(ps->acc, K * T * 6, ps->n_threads);
    fold_threads(ps->wacc, K * np, ps->n_threads);
    fold_threads(ps->wsum, K * nw, ps->n_threads);
    if (ps->bacc)
        fold_threads(ps->bacc, K * nb, ps->n_threads);
    ps->n_threads = 1;
    haven_status s = haven_partition_sum(pt, ps->count, K, "MSD atom counts");
    if (s == HAVEN_OK)
        s = haven_partition_sum(pt, ps->acc, K * T * 6, "MSD sums");
    if (s == HAVEN_OK)
        s = haven_partition_sum(pt, ps->wacc, K * np, "MSD window sums");
    if (s == HAVEN_OK)
        s = haven_partition_sum(pt, ps->wsum, K * nw, "MSD window sums");
    if (s == HAVEN_OK && ps->bacc)
        s = haven_partition_sum(pt, ps->bacc, K * nb, "MSD block sums");
    if (s == HAVEN_OK && ps->sums)
        s = haven_partition_sum(pt, ps->sums, K * 3 * T, "collective sums");
    return s;
}

static haven_status run_pass(msd_pass *ps)
{
    for (size_t a0 = 0; a0 < ps->n_atoms; a0 += ps->block) {
        size_t B = ps->n_atoms - a0 < ps->block ? ps->n_atoms - a0 : ps->block;
        /* Only the atoms of a group: the others are skipped by every sum. */
        haven_status s = haven_store_read_kept(ps->store, a0, a0 + B, ps->group, ps->paths);
        if (s != HAVEN_OK)
            return s;
        if (block_tracer(ps, a0, B))
            return haven_fail(HAVEN_ERR_NOMEM, "out of memory for FFT workspaces");
        if (ps->sums)
            block_sums(ps, a0, B);
        if (ps->opt->progress)
            ps->opt->progress(a0 + B, ps->n_atoms, ps->opt->progress_user);
    }
    return HAVEN_OK;
}

haven_status haven_msd_compute(haven_store *store, const int *group, size_t n_groups, double dt,
                               const haven_msd_options *opt, haven_msd *tracer,
                               haven_msd_collective *coll)
{
    haven_msd_options defaults;
    if (!opt) {
        haven_msd_options_init(&defaults);
        opt = &defaults;
    }
    if (opt->collective && !coll)
        return haven_fail(HAVEN_ERR_ARG, "collective MSD requested without an output");
    msd_pass ps = {.store = store,
                   .group = group,
                   .n_groups = n_groups,
                   .opt = opt,
                   .T = haven_store_n_frames(store),
                   .n_atoms = haven_store_n_atoms(store)};
    if (ps.T < 2)
        return haven_fail(HAVEN_ERR_DATA, "MSD needs at least 2 frames (have %zu)", ps.T);
    for (size_t i = 0; i < ps.n_atoms; i++)
        if (group[i] >= (int)n_groups)
            return haven_fail(HAVEN_ERR_ARG, "atom %zu: group %d out of range", i, group[i]);
    memset(tracer, 0, n_groups * sizeof *tracer);
    if (coll)
        memset(coll, 0, sizeof *coll);
    haven_status s = pass_alloc(&ps);
    if (s == HAVEN_OK)
        s = run_pass(&ps);
    if (s == HAVEN_OK)
        s = share_sums(&ps);
    if (s == HAVEN_OK)
        s = reduce_tracer(&ps, dt, tracer);
    if (s == HAVEN_OK && opt->collective)
        s = reduce_collective(&ps, dt, coll);
    pass_free(&ps);
    return s;
}
