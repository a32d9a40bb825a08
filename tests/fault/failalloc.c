/* failalloc: an LD_PRELOAD shim that makes the N-th allocation fail.
 *
 *   FAILALLOC_N=N        fail the N-th counted malloc/calloc/realloc (0 or
 *                        unset: count only)
 *   FAILALLOC_PERSIST=1  fail every counted allocation from the N-th on
 *   FAILALLOC_LOG=PATH   append "fail N" and "at OFFSET" (of haven's call, for
 *                        addr2line -e HAVEN) when the failure is injected, and
 *                        "count C" at exit (C counted allocations)
 *   FAILALLOC_ALL=1      count every allocation, not only haven's
 *
 * Only allocations made by haven's own code are counted: the call stack,
 * read from the top, must reach the haven executable or libhaven before any
 * library other than the C library (so haven's strdup, getline and fopen
 * count) and the sanitizer runtimes. Allocations inside HDF5, libxml2, FFTW,
 * GSL, zlib or OpenMP are left alone: their out-of-memory handling is not
 * haven's. Run with OMP_NUM_THREADS=1 so that the order is reproducible.
 *
 * Works in front of glibc's malloc and of gcc's dynamic ASan runtime (then
 * set ASAN_OPTIONS=verify_asan_link_order=0). Build: a shared library,
 * tests/fault/CMakeLists.txt. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void (*real_free)(void *);

static long fail_at, count;
static int persist, count_all, ready, resolving;
static const char *log_path;
static __thread int busy; /* inside the shim's own work (backtrace, dladdr) */

/* Allocations made while dlsym looks up the real functions (other
 * libraries' constructors may allocate before this one runs). */
static char early[8192] __attribute__((aligned(16)));
static size_t early_used;

static int is_early(const void *p)
{
    return (const char *)p >= early && (const char *)p < early + sizeof early;
}

static void *early_alloc(size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (early_used + n > sizeof early)
        return NULL;
    void *p = early + early_used;
    early_used += n;
    return p;
}

static int resolve(void)
{
    if (real_free)
        return 1;
    if (resolving)
        return 0;
    resolving = 1;
    real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
    real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
    real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
    real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
    resolving = 0;
    return real_free != NULL;
}

static void log_line(const char *what, long v)
{
    if (!log_path)
        return;
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%s %ld\n", what, v);
    int fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
        if (write(fd, buf, (size_t)n) != n)
            n = 0;
        close(fd);
    }
}

static void report(void)
{
    log_line("count", __atomic_load_n(&count, __ATOMIC_SEQ_CST));
}

/* Counting starts here, before main. */
__attribute__((constructor)) static void init(void)
{
    busy = 1;
    resolve();
    const char *s = getenv("FAILALLOC_N");
    fail_at = s ? atol(s) : 0;
    persist = getenv("FAILALLOC_PERSIST") && atoi(getenv("FAILALLOC_PERSIST"));
    count_all = getenv("FAILALLOC_ALL") && atoi(getenv("FAILALLOC_ALL"));
    log_path = getenv("FAILALLOC_LOG");
    void *frames[4];
    backtrace(frames, 4); /* loads the unwinder now, not inside malloc */
    atexit(report);
    busy = 0;
    ready = 1;
}

static int is_haven(const char *file)
{
    static char exe[4096];
    if (!exe[0]) {
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        exe[n > 0 ? n : 0] = '\0';
    }
    /* dladdr names the main program as it was started (argv[0]). */
    return !file || !file[0] || !strcmp(file, exe) || !strcmp(file, program_invocation_name) ||
           strstr(file, "libhaven");
}

/* Libraries an allocation of haven's may pass through on its way here. */
static int is_pass_through(const char *file)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    return !strncmp(base, "libc.so", 7) || !strncmp(base, "libasan", 7) ||
           !strncmp(base, "libubsan", 8) || strstr(base, "failalloc");
}

/* Where haven called from, as an offset into its file (for addr2line). */
static __thread unsigned long caller_offset;

static int from_haven(void)
{
    void *frames[12];
    int n = backtrace(frames, 12);
    for (int i = 1; i < n; i++) {
        Dl_info info;
        if (!dladdr(frames[i], &info))
            return 0;
        if (is_haven(info.dli_fname)) {
            caller_offset = (unsigned long)((char *)frames[i] - (char *)info.dli_fbase) - 1;
            return 1;
        }
        if (!is_pass_through(info.dli_fname))
            return 0;
    }
    return 0;
}

/* 1 when this allocation is to fail. */
static int should_fail(void)
{
    if (!ready || busy)
        return 0;
    busy = 1;
    int counted = count_all || from_haven(), fail = 0;
    if (counted) {
        long k = __atomic_add_fetch(&count, 1, __ATOMIC_SEQ_CST);
        fail = fail_at > 0 && (k == fail_at || (persist && k > fail_at));
        if (k == fail_at) {
            log_line("fail", k);
            log_line("at", (long)caller_offset);
        }
    }
    busy = 0;
    return fail;
}

void *malloc(size_t n)
{
    if (!resolve())
        return early_alloc(n);
    if (should_fail()) {
        errno = ENOMEM;
        return NULL;
    }
    return real_malloc(n);
}

void *calloc(size_t m, size_t n)
{
    if (!resolve()) {
        if (n && m > (size_t)-1 / n)
            return NULL;
        return early_alloc(m * n); /* static storage is zeroed */
    }
    if (should_fail()) {
        errno = ENOMEM;
        return NULL;
    }
    return real_calloc(m, n);
}

void *realloc(void *p, size_t n)
{
    if (!resolve() || is_early(p)) {
        void *q = resolve() ? real_malloc(n) : early_alloc(n);
        if (q && p) { /* the old block's size is unknown: copy what can be there */
            size_t left = (size_t)(early + sizeof early - (char *)p);
            memcpy(q, p, n < left ? n : left);
        }
        return q;
    }
    if (should_fail()) {
        errno = ENOMEM;
        return NULL;
    }
    return real_realloc(p, n);
}

void free(void *p)
{
    if (!p || is_early(p))
        return;
    if (resolve())
        real_free(p);
}
