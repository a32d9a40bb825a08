/* Throughput of the vasprun.xml and H5MD readers against a raw read() of
 * the same file in the same run (page cache warm for both).
 *
 *   cmake -S . -B build-bench -DHAVEN_BENCH=ON && cmake --build build-bench
 *   build-bench/bench_read_vasprun [n_atoms=500] [n_frames=6000] [dir=/tmp]
 *
 * The files are generated with the test fixture writers (included below so
 * the bench and the tests write the very same format). */
#define _POSIX_C_SOURCE 200809L

#include "../tests/support/fixture.c"
#include "../tests/support/write_h5md.c"
#include "../tests/support/write_vasprun.c"

#include "haven/traj.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>

#include "bench_clock.h"
#include <unistd.h>

typedef struct {
    double wall, cpu;
} span;

static double file_mb(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (double)st.st_size / 1e6 : 0;
}

/* Time to read() the whole file in 1 MiB blocks (the floor for any reader). */
static span raw_read(const char *path)
{
    static char buf[1 << 20];
    span sp = {-1, -1};
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return sp;
    double w0 = bench_wall(), c0 = bench_cpu();
    while (read(fd, buf, sizeof buf) > 0)
        ;
    sp.wall = bench_wall() - w0;
    sp.cpu = bench_cpu() - c0;
    close(fd);
    return sp;
}

/* Time to read every frame through libhaven; -1 on error. */
static span haven_read(const char *path, long *frames)
{
    haven_traj *t = NULL;
    span sp = {-1, -1};
    double w0 = bench_wall(), c0 = bench_cpu();
    if (haven_traj_open(path, NULL, &t) != HAVEN_OK) {
        fprintf(stderr, "%s\n", haven_last_error());
        return sp;
    }
    const haven_frame *fr;
    haven_status s;
    double sum = 0; /* touch the data so nothing is optimised away */
    *frames = 0;
    while ((s = haven_traj_read(t, &fr)) == HAVEN_OK) {
        sum += fr->pos[0][0];
        (*frames)++;
    }
    haven_traj_free(t);
    if (s != HAVEN_EOF || !(sum == sum)) {
        fprintf(stderr, "%s\n", haven_last_error());
        return sp;
    }
    sp.wall = bench_wall() - w0;
    sp.cpu = bench_cpu() - c0;
    return sp;
}

static void report(const char *label, const char *path)
{
    double mb = file_mb(path);
    raw_read(path); /* warm the page cache */
    span raw = raw_read(path);
    long frames;
    span hv = haven_read(path, &frames);
    printf("%-8s %7.1f MB %6ld frames | raw read %7.0f MB/s wall %7.0f MB/s cpu | haven %6.0f "
           "MB/s wall %6.0f MB/s cpu | haven/raw time %5.1fx wall %5.1fx cpu\n",
           label, mb, frames, mb / raw.wall, mb / raw.cpu, mb / hv.wall, mb / hv.cpu,
           hv.wall / raw.wall, hv.cpu / raw.cpu);
}

int main(int argc, char **argv)
{
    size_t n_atoms = argc > 1 ? (size_t)atol(argv[1]) : 500;
    size_t n_frames = argc > 2 ? (size_t)atol(argv[2]) : 6000;
    const char *dir = argc > 3 ? argv[3] : "/tmp";
    char xml[512], h5[512], h5c[512];
    snprintf(xml, sizeof xml, "%s/haven_bench_%ld.xml", dir, (long)getpid());
    snprintf(h5, sizeof h5, "%s/haven_bench_%ld.h5", dir, (long)getpid());
    snprintf(h5c, sizeof h5c, "%s/haven_bench_%ld_c64.h5", dir, (long)getpid());
    fixture_system s;
    if (fixture_make(&s, n_atoms, n_frames, 1u, 1, 1) != 0)
        return 1;
    double t0 = bench_wall();
    if (fixture_write_vasprun(&s, xml) != 0 || fixture_write_h5md(&s, h5) != 0 ||
        fixture_write_h5md_flags(&s, h5c, FIXTURE_H5MD_CHUNK64) != 0)
        return 1;
    printf("# %zu atoms, %zu frames (generated in %.1f s)\n", n_atoms, n_frames, bench_wall() - t0);
    fixture_free(&s);
    report("vasprun", xml);
    report("h5md", h5);      /* one frame per HDF5 chunk */
    report("h5md-c64", h5c); /* 64 frames per chunk */
    unlink(xml);
    unlink(h5);
    unlink(h5c);
    return 0;
}
