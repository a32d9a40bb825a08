/* The jobs: inputs -> runs -> (pool | temperature series) -> one result. */
#include "analysis/job.h"

#include "core/error.h"

#include <stdlib.h>
#include <string.h>

void haven_analysis_options_init(haven_analysis_options *opt)
{
    memset(opt, 0, sizeof *opt);
    haven_traj_options_init(&opt->traj);
}

void haven_free(void *p)
{
    free(p);
}

static int is_analyze(haven_job job)
{
    return job == HAVEN_JOB_ANALYZE || job == HAVEN_JOB_ARRHENIUS;
}

haven_status haven_analysis_check(haven_job job, size_t n, const haven_analysis_options *o)
{
    if (job != HAVEN_JOB_DIFFUSION && !is_analyze(job))
        return haven_fail(HAVEN_ERR_ARG, "unknown job %d", (int)job);
    if (n == 0)
        return haven_fail(HAVEN_ERR_ARG, "no trajectory given");
    if (o->cont && o->pool)
        return haven_fail(HAVEN_ERR_ARG, "--continue and --pool exclude each other (segments of "
                                         "one run, or independent runs)");
    if (o->pool && n < 2)
        return haven_fail(HAVEN_ERR_ARG,
                          "--pool needs at least two files (independent runs of one state point)");
    if (!is_analyze(job))
        return HAVEN_OK;
    if (!o->charges)
        return haven_fail(HAVEN_ERR_ARG, "analyze needs --charges, e.g. --charges Li=1,Cl=-1");
    double q;
    int found;
    haven_status st = haven_charge_lookup(o->charges, "", &q, &found); /* the list's syntax */
    if (st != HAVEN_OK)
        return st;
    if ((o->nu0 > 0) != (o->jump > 0))
        return haven_fail(HAVEN_ERR_ARG, "--nu0 and --jump go together");
    if (o->temperature && o->n_temperature != n)
        return haven_fail(HAVEN_ERR_ARG,
                          "--temperature: %zu value%s for %zu file%s (one per FILE, in order)",
                          o->n_temperature, o->n_temperature == 1 ? "" : "s", n, n == 1 ? "" : "s");
    return HAVEN_OK;
}

/* D* is what `diffusion` is for: a species whose fit failed fails the run. */
static haven_status check_fits(const haven_run_result *r)
{
    for (size_t g = 0; g < r->n_species; g++)
        if (!r->sp[g].fit_ok)
            return haven_fail(HAVEN_ERR_DATA, "%s: %s: %s", r->path, r->sp[g].name,
                              r->sp[g].fit_error);
    return HAVEN_OK;
}

static haven_status run_one(haven_job job, haven_traj *const *t, size_t n_seg, size_t index,
                            const haven_analysis_options *o, haven_run_result *r)
{
    int analyze = is_analyze(job);
    haven_status st = haven_job_run(o, t, n_seg, analyze, analyze, r);
    if (st == HAVEN_OK)
        st = analyze ? haven_job_transport(o, index, r) : check_fits(r);
    return st;
}

static haven_status combine(haven_job job, const haven_analysis_options *o, haven_analysis *a)
{
    haven_status st = HAVEN_OK;
    if (o->pool) {
        st = haven_job_pool(o, a->runs, a->n_runs, is_analyze(job), &a->pool);
        a->have_pool = 1;
    } else if (is_analyze(job) && (a->n_runs > 1 || job == HAVEN_JOB_ARRHENIUS)) {
        st = haven_job_series(o, a->runs, a->n_runs, &a->series);
        a->have_series = 1;
    }
    if (st == HAVEN_OK && job == HAVEN_JOB_ARRHENIUS && !a->series.ok)
        st = haven_fail(HAVEN_ERR_DATA, "%s",
                        a->have_pool ? "--pool gives no temperature series" : a->series.note);
    return st;
}

static haven_status new_result(haven_job job, size_t n_runs, haven_analysis **out)
{
    haven_analysis *a = calloc(1, sizeof *a);
    if (a)
        a->runs = calloc(n_runs, sizeof *a->runs);
    if (!a || !a->runs) {
        free(a);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    a->job = job;
    *out = a;
    return HAVEN_OK;
}

static haven_status finish(haven_status st, haven_job job, const haven_analysis_options *o,
                           haven_analysis *a, haven_analysis **out)
{
    if (st == HAVEN_OK)
        st = combine(job, o, a);
    if (st != HAVEN_OK) {
        haven_analysis_free(a);
        return st;
    }
    *out = a;
    return HAVEN_OK;
}

/* The inputs of a job: open handles (the caller's), or files opened here. */
typedef struct {
    haven_traj *const *trajs;
    const char *const *paths;
    const haven_traj_options *traj_opt;
} job_inputs;

static haven_status input_get(const job_inputs *in, size_t k, haven_traj **t)
{
    if (in->trajs) {
        *t = in->trajs[k];
        return HAVEN_OK;
    }
    return haven_traj_open(in->paths[k], in->traj_opt, t);
}

static void input_put(const job_inputs *in, haven_traj *t)
{
    if (!in->trajs)
        haven_traj_free(t);
}

/* --continue: every input a segment of one run, all open at once. */
static haven_status run_segments(haven_job job, const job_inputs *in, size_t n,
                                 const haven_analysis_options *o, haven_analysis *a)
{
    haven_traj **t = calloc(n, sizeof *t);
    haven_status st = t ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t k = 0; st == HAVEN_OK && k < n; k++)
        st = input_get(in, k, &t[k]);
    a->n_runs = 1;
    if (st == HAVEN_OK)
        st = run_one(job, t, n, 0, o, &a->runs[0]);
    for (size_t k = 0; t && k < n; k++)
        if (t[k])
            input_put(in, t[k]);
    free(t);
    return st;
}

static haven_status run_job(haven_job job, const job_inputs *in, size_t n,
                            const haven_analysis_options *opt, haven_analysis **out)
{
    haven_analysis_options defaults;
    haven_analysis_options_init(&defaults);
    const haven_analysis_options *o = opt ? opt : &defaults;
    haven_analysis *a = NULL;
    *out = NULL;
    haven_status st = haven_analysis_check(job, n, o);
    if (st == HAVEN_OK)
        st = new_result(job, o->cont ? 1 : n, &a);
    if (st != HAVEN_OK)
        return st;
    if (o->cont)
        st = run_segments(job, in, n, o, a);
    /* One input at a time: a file is read to its end and closed before the next. */
    for (size_t k = 0; !o->cont && st == HAVEN_OK && k < n; k++) {
        haven_traj *t = NULL;
        st = input_get(in, k, &t);
        a->n_runs = k + 1;
        if (st == HAVEN_OK)
            st = run_one(job, &t, 1, k, o, &a->runs[k]);
        if (t)
            input_put(in, t);
    }
    return finish(st, job, o, a, out);
}

haven_status haven_analysis_run_trajs(haven_job job, haven_traj *const *trajs, size_t n,
                                      const haven_analysis_options *opt, haven_analysis **out)
{
    job_inputs in = {trajs, NULL, NULL};
    return run_job(job, &in, n, opt, out);
}

haven_status haven_analysis_run_files(haven_job job, const char *const *paths, size_t n,
                                      const haven_analysis_options *opt, haven_analysis **out)
{
    haven_analysis_options defaults;
    haven_analysis_options_init(&defaults);
    job_inputs in = {NULL, paths, opt ? &opt->traj : &defaults.traj};
    return run_job(job, &in, n, opt, out);
}

void haven_analysis_free(haven_analysis *a)
{
    if (!a)
        return;
    for (size_t k = 0; k < a->n_runs; k++)
        haven_job_run_clear(&a->runs[k]);
    free(a->runs);
    haven_job_series_clear(&a->series);
    haven_job_pool_clear(&a->pool);
    free(a);
}

size_t haven_analysis_n_runs(const haven_analysis *a)
{
    return a ? a->n_runs : 0;
}

static haven_status run_at(const haven_analysis *a, size_t run, const haven_run_result **r)
{
    if (!a || run >= a->n_runs)
        return haven_fail(HAVEN_ERR_ARG, "run %zu: the result has %zu run(s)", run,
                          a ? a->n_runs : 0);
    *r = &a->runs[run];
    return HAVEN_OK;
}

haven_status haven_analysis_msd(const haven_analysis *a, size_t run, const char *name,
                                const haven_msd **msd)
{
    const haven_run_result *r = NULL;
    haven_status st = run_at(a, run, &r);
    for (size_t g = 0; st == HAVEN_OK && g < r->n_species; g++)
        if (name && !strcmp(r->sp[g].name, name)) {
            *msd = &r->sp[g].msd;
            return HAVEN_OK;
        }
    return st != HAVEN_OK ? st
                          : haven_fail(HAVEN_ERR_ARG, "%s: no species '%s' analysed", r->path,
                                       name ? name : "");
}

haven_status haven_analysis_gk_running(const haven_analysis *a, size_t run, const double **sigma,
                                       size_t *n, double *dt)
{
    const haven_run_result *r = NULL;
    haven_status st = run_at(a, run, &r);
    if (st != HAVEN_OK)
        return st;
    *sigma = r->have_gk ? r->gk.running : NULL;
    *n = r->have_gk ? r->gk.n_running : 0;
    *dt = r->info.frame_interval;
    return HAVEN_OK;
}
