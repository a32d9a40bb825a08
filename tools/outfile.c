/* Output files of the CLI (--csv, --trajectory, ...) and standard output:
 * every write error is reported and fails the command, a regular file is
 * replaced atomically, anything else is written in place, and no temporary
 * file outlives the process. */
#define _XOPEN_SOURCE 700 /* realpath (XSI), on top of the build's POSIX 2008 */

#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- temporary files removed by SIGINT, SIGTERM, SIGHUP -------------------
 * The handler may run on any thread (OpenMP workers too) at any moment, so
 * it reads only what is never freed or moved: slots with a fixed path
 * buffer, in blocks linked once and kept to the end. A slot's path is
 * written only while it is not live. */

#define SLOTS_PER_BLOCK 32

typedef struct {
    volatile sig_atomic_t live;
    char path[PATH_MAX];
} temp_slot;

typedef struct temp_block {
    temp_slot slot[SLOTS_PER_BLOCK];
    struct temp_block *volatile next;
} temp_block;

static temp_block first_block;
static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void remove_temps_and_die(int sig)
{
    for (temp_block *b = &first_block; b; b = b->next)
        for (int i = 0; i < SLOTS_PER_BLOCK; i++)
            if (b->slot[i].live)
                unlink(b->slot[i].path); /* async-signal-safe */
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    raise(sig); /* die of the same signal, so the caller sees it */
}

/* Once, at the first temporary file; a signal already ignored (nohup,
 * a background job's SIGINT) stays ignored. */
static void install_handlers(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    for (size_t k = 0; k < sizeof cleanup_signals / sizeof *cleanup_signals; k++) {
        struct sigaction old, sa;
        if (sigaction(cleanup_signals[k], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
            continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = remove_temps_and_die;
        sigemptyset(&sa.sa_mask);
        sigaction(cleanup_signals[k], &sa, NULL);
    }
}

static temp_slot *register_temp(const char *path)
{
    if (strlen(path) >= PATH_MAX)
        return NULL;
    install_handlers();
    temp_block *b = &first_block;
    for (;;) {
        for (int i = 0; i < SLOTS_PER_BLOCK; i++)
            if (!b->slot[i].live) {
                strcpy(b->slot[i].path, path);
                b->slot[i].live = 1;
                return &b->slot[i];
            }
        if (!b->next) {
            temp_block *nb = calloc(1, sizeof *nb);
            if (!nb)
                return NULL;
            b->next = nb; /* published whole: calloc'd slots are not live */
        }
        b = b->next;
    }
}

static void unregister_temp(temp_slot *s)
{
    if (s)
        s->live = 0;
}

/* ---- one output file -------------------------------------------------------- */

/* Where the atomic rename goes: PATH itself, or a symlink's target (the
 * link stays a link). *through: write into PATH as it is (a device, a
 * FIFO, a dangling link), no temporary file. */
static int choose_destination(const char *path, char **dest, int *through)
{
    struct stat sb;
    *dest = NULL;
    *through = 0;
    if (lstat(path, &sb) != 0) {
        if (errno != ENOENT) {
            cli_error("cannot write %s: %s", path, strerror(errno));
            return -1;
        }
        *dest = strdup(path);
    } else if (S_ISLNK(sb.st_mode)) {
        /* The target is replaced, the link stays; a dangling link (the
         * write creates its target) or one to a device is written through. */
        char *target = realpath(path, NULL);
        if (target && stat(target, &sb) == 0 && S_ISREG(sb.st_mode)) {
            *dest = target;
        } else {
            free(target);
            *through = 1;
        }
    } else if (S_ISREG(sb.st_mode)) {
        *dest = strdup(path);
    } else {
        *through = 1;
    }
    if (!*through && !*dest) {
        cli_error("out of memory");
        return -1;
    }
    return 0;
}

static int open_through(cli_outfile *f, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        cli_error("cannot write %s: it is a directory", path);
        return -1;
    }
    f->fp = fopen(path, "w");
    if (!f->fp) {
        cli_error("cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* A new file next to dest, created exclusively (never through a link that
 * someone placed at the temporary name). */
static int open_temp(cli_outfile *f)
{
    size_t n = strlen(f->dest) + 32;
    f->tmp = malloc(n);
    if (!f->tmp) {
        cli_error("out of memory");
        return -1;
    }
    snprintf(f->tmp, n, "%s.tmp.%ld", f->dest, (long)getpid());
    /* Registered before it exists, so that no signal can leave it behind. */
    f->slot = register_temp(f->tmp);
    if (!f->slot) {
        cli_error("cannot write %s: path too long or out of memory", f->path);
        return -1;
    }
    int fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0) {
        cli_error("cannot write %s: %s", f->path, strerror(errno));
        unregister_temp(f->slot); /* not ours to remove */
        f->slot = NULL;
        return -1;
    }
    if (!(f->fp = fdopen(fd, "w"))) {
        cli_error("cannot write %s: %s", f->path, strerror(errno));
        close(fd);
        return -1;
    }
    return 0;
}

int cli_outfile_open(cli_outfile *f, const char *path)
{
    memset(f, 0, sizeof *f);
    int through;
    f->path = strdup(path);
    if (f->path && cli_partition() && cli_partition()->rank > 0)
        return open_through(f, "/dev/null"); /* under mpirun rank 0 alone writes files */
    int rc = f->path ? choose_destination(path, &f->dest, &through) : -1;
    if (!f->path)
        cli_error("out of memory");
    if (rc == 0)
        rc = through ? open_through(f, path) : open_temp(f);
    if (rc != 0)
        cli_outfile_abort(f);
    return rc;
}

/* Flush and close, reporting a write error (a full disk shows here). */
static int close_checked(cli_outfile *f)
{
    if (!f->fp)
        return 0;
    int bad = ferror(f->fp);
    errno = 0;
    bad |= fclose(f->fp) != 0;
    f->fp = NULL;
    if (bad && errno)
        cli_error("error writing %s: %s", f->path, strerror(errno));
    else if (bad)
        cli_error("error writing %s", f->path);
    return bad ? -1 : 0;
}

static void release(cli_outfile *f)
{
    unregister_temp(f->slot);
    free(f->path);
    free(f->dest);
    free(f->tmp);
    memset(f, 0, sizeof *f);
}

/* Rename the closed temporary file onto its destination. */
static int install(cli_outfile *f)
{
    if (f->tmp && rename(f->tmp, f->dest) != 0) {
        cli_error("cannot create %s: %s", f->path, strerror(errno));
        unlink(f->tmp);
        release(f);
        return -1;
    }
    release(f);
    return 0;
}

int cli_outfile_commit(cli_outfile *f)
{
    if (close_checked(f) != 0) {
        cli_outfile_abort(f);
        return -1;
    }
    return install(f);
}

void cli_outfile_abort(cli_outfile *f)
{
    if (f->fp)
        fclose(f->fp);
    f->fp = NULL;
    if (f->slot) /* the temporary file was created */
        unlink(f->tmp);
    release(f);
}

/* ---- a set of files committed together ----------------------------------- */

FILE *cli_outset_open(cli_outset *s, const char *path)
{
    /* The files are written one after the other: the previous one is
     * complete, and closing it keeps the open files to one. */
    if (s->n > 0 && close_checked(&s->f[s->n - 1]) != 0)
        return NULL;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        cli_outfile *f = realloc(s->f, cap * sizeof *f);
        if (!f) {
            cli_error("out of memory");
            return NULL;
        }
        s->f = f;
        s->cap = cap;
    }
    if (cli_outfile_open(&s->f[s->n], path) != 0)
        return NULL;
    return s->f[s->n++].fp;
}

int cli_outset_commit(cli_outset *s)
{
    int rc = 0;
    for (size_t i = 0; i < s->n && rc == 0; i++)
        rc = close_checked(&s->f[i]);
    if (rc != 0) {
        cli_outset_abort(s);
        return -1;
    }
    /* Every file is whole; only a rename can still fail now. */
    for (size_t i = 0; i < s->n; i++)
        rc |= install(&s->f[i]);
    free(s->f);
    memset(s, 0, sizeof *s);
    return rc;
}

void cli_outset_abort(cli_outset *s)
{
    for (size_t i = 0; i < s->n; i++)
        cli_outfile_abort(&s->f[i]);
    free(s->f);
    memset(s, 0, sizeof *s);
}

/* ---- standard output --------------------------------------------------------- */

int cli_finish_stdout(int rc)
{
    int bad = ferror(stdout);
    errno = 0;
    /* A closed standard output (>&-) that nothing was written to is fine. */
    bad |= fclose(stdout) != 0 && errno != EBADF;
    if (!bad)
        return rc;
    /* errno names the cause when the final flush failed; an earlier
     * failed write left only the error flag. */
    if (errno && errno != EBADF)
        cli_error("error writing standard output: %s", strerror(errno));
    else
        cli_error("error writing standard output");
    return rc == CLI_OK ? CLI_FAIL : rc;
}
