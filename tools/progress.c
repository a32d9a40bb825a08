/* Progress on stderr (tools/progress.h). */
#include "progress.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROGRESS_DELAY 1.0   /* s before anything is shown */
#define TTY_INTERVAL 0.1     /* s between redraws of the bar */
#define LINE_INTERVAL 5.0    /* s between lines when stderr is not a terminal */

int cli_progress_mode = CLI_PROGRESS_AUTO;
int cli_quiet = 0;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cli_progress_begin(cli_progress *p, const char *what, double total, const char *unit)
{
    memset(p, 0, sizeof *p);
    int tty = isatty(STDERR_FILENO);
    p->active = cli_progress_mode == CLI_PROGRESS_ON || (cli_progress_mode == CLI_PROGRESS_AUTO && tty);
    p->tty = tty;
    snprintf(p->what, sizeof p->what, "%s", what);
    p->total = total > 0 ? total : 0;
    p->unit = unit ? unit : "";
    p->t0 = p->last = now();
    /* HAVEN_PROGRESS_DELAY=0 shows progress from the start (tests). */
    const char *d = getenv("HAVEN_PROGRESS_DELAY");
    if (d && *d)
        p->last -= PROGRESS_DELAY - atof(d);
}

static void human_time(char *buf, size_t cap, double s)
{
    if (s < 60)
        snprintf(buf, cap, "%.0f s", s);
    else if (s < 3600)
        snprintf(buf, cap, "%.0f min %02.0f s", floor(s / 60), fmod(s, 60));
    else
        snprintf(buf, cap, "%.0f h %02.0f min", floor(s / 3600), fmod(s / 60, 60));
}

static void draw(cli_progress *p, double done, double t)
{
    double el = t - p->t0;
    char elapsed[32], left[48] = "";
    human_time(elapsed, sizeof elapsed, el);
    if (p->total > 0) {
        double f = fmin(fmax(done / p->total, 0), 1);
        if (f > 0.01) {
            char rest[32];
            human_time(rest, sizeof rest, el * (1 - f) / f);
            snprintf(left, sizeof left, ", about %s left", rest);
        }
        if (p->tty) {
            enum { W = 28 };
            char bar[W + 1];
            int k = (int)(f * W + 0.5);
            for (int i = 0; i < W; i++)
                bar[i] = i < k ? '#' : '.';
            bar[W] = 0;
            fprintf(stderr, "\rhaven: %s [%s] %3.0f%% %s%s\033[K", p->what, bar, 100 * f, elapsed,
                    left);
        } else {
            fprintf(stderr, "haven: %s: %.0f%% (%.6g of %.6g %s), %s%s\n", p->what, 100 * f, done,
                    p->total, p->unit, elapsed, left);
        }
    } else {
        fprintf(stderr, "%shaven: %s: %.6g %s, %s%s", p->tty ? "\r" : "", p->what, done, p->unit,
                elapsed, p->tty ? "\033[K" : "\n");
    }
    p->shown = 1;
    p->last = t;
}

void cli_progress_update(cli_progress *p, double done)
{
    if (!p->active)
        return;
    double t = now();
    double wait = !p->shown ? PROGRESS_DELAY : p->tty ? TTY_INTERVAL : LINE_INTERVAL;
    if (t - p->last < wait)
        return;
    draw(p, done, t);
    fflush(stderr);
}

void cli_progress_end(cli_progress *p)
{
    if (!p->active || !p->shown)
        return;
    char elapsed[32];
    human_time(elapsed, sizeof elapsed, now() - p->t0);
    if (p->tty)
        fprintf(stderr, "\r\033[K");
    else
        fprintf(stderr, "haven: %s: done in %s\n", p->what, elapsed);
    fflush(stderr);
    p->shown = 0;
}

void cli_progress_call(const char *stage, const char *path, size_t done, size_t total, void *user)
{
    (void)stage;
    (void)path;
    cli_progress_sink *s = user;
    if (!s->open) {
        cli_progress_begin(&s->bar, s->what, (double)total, s->unit);
        s->open = 1;
    }
    cli_progress_update(&s->bar, (double)done);
}

void cli_progress_sink_end(cli_progress_sink *s)
{
    if (s->open)
        cli_progress_end(&s->bar);
    s->open = 0;
}
