/* Text reader throughput: writes a large LAMMPS dump, extended XYZ and
 * XDATCAR (default ~300 MB each, in /tmp), then reports MB/s per reader
 * next to the raw read speed of the same file (read(2) into a buffer, what
 * `cat FILE > /dev/null` does) measured in the same run. reader_cpu is
 * MB per CPU second of the reader; ratio = raw time / reader time.
 *
 * usage: bench_read_throughput [MB_PER_FILE] [DIR] [FILE...]
 * (each FILE read the same way after the three, LAMMPS types 1=Li,2=Cl)
 * env: HAVEN_BENCH_ATOMS (atoms per frame, 10000), HAVEN_BENCH_KEEP (keep the
 * files and reuse them), OMP_NUM_THREADS (threads that parse a frame),
 * HAVEN_BENCH_REPEAT (reads of each file, 3: the least CPU and wall time of
 * them are reported, the machine being shared). */
#include "haven/traj.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench_clock.h"

/* Atoms per frame: 10000 (360 KB frames, parsed by one thread), or
 * HAVEN_BENCH_ATOMS (e.g. 100000: 3.6 MB frames, split across threads). */
static int N_ATOMS = 10000;
#define CELL 50.0

/* Deterministic coordinate in [0, 50) with 6 decimals, like `dump custom`. */
static double coord(unsigned long long *st)
{
    *st ^= *st << 13;
    *st ^= *st >> 7;
    *st ^= *st << 17;
    return (double)(*st >> 11) * (CELL / 9007199254740992.0);
}

static void write_frame(FILE *fp, haven_format fmt, long f, unsigned long long *st)
{
    if (fmt == HAVEN_FMT_LAMMPS_DUMP)
        fprintf(fp,
                "ITEM: TIMESTEP\n%ld\nITEM: NUMBER OF ATOMS\n%d\nITEM: BOX BOUNDS pp pp pp\n"
                "0 %g\n0 %g\n0 %g\nITEM: ATOMS id type xu yu zu\n",
                f * 100, N_ATOMS, CELL, CELL, CELL);
    else if (fmt == HAVEN_FMT_EXTXYZ)
        fprintf(fp,
                "%d\nLattice=\"%g 0 0 0 %g 0 0 0 %g\" Properties=species:S:1:pos:R:3 "
                "Time=%ld\n",
                N_ATOMS, CELL, CELL, CELL, f * 100);
    else
        fprintf(fp, "Direct configuration= %6ld\n", f + 1);
    for (int i = 0; i < N_ATOMS; i++) {
        double x = coord(st), y = coord(st), z = coord(st);
        if (fmt == HAVEN_FMT_LAMMPS_DUMP)
            fprintf(fp, "%d %d %.6f %.6f %.6f\n", i + 1, 1 + i % 2, x, y, z);
        else if (fmt == HAVEN_FMT_EXTXYZ)
            fprintf(fp, "%s %.6f %.6f %.6f\n", i % 2 ? "Cl" : "Li", x, y, z);
        else
            fprintf(fp, "  %.8f  %.8f  %.8f\n", x / CELL, y / CELL, z / CELL);
    }
}

static int generate(const char *path, haven_format fmt, double mb)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    unsigned long long st = 88172645463325252ULL;
    if (fmt == HAVEN_FMT_XDATCAR)
        fprintf(fp, "bench\n1.0\n%g 0 0\n0 %g 0\n0 0 %g\nLi Cl\n%d %d\n", CELL, CELL, CELL,
                N_ATOMS / 2, N_ATOMS / 2);
    for (long f = 0; ftell(fp) < (long)(mb * 1e6); f++)
        write_frame(fp, fmt, f, &st);
    return fclose(fp);
}

static double raw_read_seconds(const char *path)
{
    static char buf[1 << 22];
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    double t0 = bench_wall();
    while (read(fd, buf, sizeof buf) > 0)
        ;
    close(fd);
    return bench_wall() - t0;
}

static double reader_seconds(const char *path, long *frames, double *cpu)
{
    haven_traj_options opt;
    haven_traj_options_init(&opt);
    opt.types = "1=Li,2=Cl";
    haven_traj *t;
    const haven_frame *f;
    double t0 = bench_wall(), c0 = bench_cpu();
    if (haven_traj_open(path, &opt, &t) != HAVEN_OK) {
        fprintf(stderr, "%s\n", haven_last_error());
        return -1;
    }
    haven_status s;
    for (*frames = 0; (s = haven_traj_read(t, &f)) == HAVEN_OK; ++*frames)
        ;
    haven_traj_free(t);
    if (s != HAVEN_EOF) {
        fprintf(stderr, "%s\n", haven_last_error());
        return -1;
    }
    *cpu = bench_cpu() - c0;
    return bench_wall() - t0;
}

/* One file: the least wall and CPU time of HAVEN_BENCH_REPEAT reads, next
 * to the raw read of the same (warm) file; a table row. */
static int measure(const char *path, const char *name)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    double size = (double)sb.st_size / 1e6;
    raw_read_seconds(path); /* warm the page cache: both timings read from memory */
    double raw = raw_read_seconds(path);
    long frames;
    int repeat = getenv("HAVEN_BENCH_REPEAT") ? atoi(getenv("HAVEN_BENCH_REPEAT")) : 3;
    double cpu = 0, rd = reader_seconds(path, &frames, &cpu);
    for (int r = 1; r < repeat && rd > 0; r++) {
        double c2 = 0, w2 = reader_seconds(path, &frames, &c2);
        rd = w2 > 0 && w2 < rd ? w2 : rd;
        cpu = c2 > 0 && c2 < cpu ? c2 : cpu;
    }
    if (rd < 0 || raw <= 0)
        return 1;
    printf("%-8s %8.1f %7ld %12.1f %12.1f %9.1f %9.3f\n", name, size, frames, size / rd,
           size / cpu, size / raw, raw / rd);
    return 0;
}

int main(int argc, char **argv)
{
    double mb = argc > 1 ? atof(argv[1]) : 300;
    if (getenv("HAVEN_BENCH_ATOMS"))
        N_ATOMS = atoi(getenv("HAVEN_BENCH_ATOMS")) > 1 ? atoi(getenv("HAVEN_BENCH_ATOMS")) : 2;
    const char *dir = argc > 2 ? argv[2] : "/tmp";
    const haven_format fmts[] = {HAVEN_FMT_LAMMPS_DUMP, HAVEN_FMT_EXTXYZ, HAVEN_FMT_XDATCAR};
    printf("%-8s %8s %7s %12s %12s %9s %9s\n", "format", "size_MB", "frames", "reader_MB/s",
           "reader_cpu", "raw_MB/s", "ratio");
    for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/haven_bench_%g_%d.%s", dir, mb, N_ATOMS,
                 haven_format_name(fmts[k]));
        struct stat sb;
        /* HAVEN_BENCH_KEEP=1 keeps the files and reuses them in later runs. */
        int keep = getenv("HAVEN_BENCH_KEEP") != NULL;
        if ((!keep || stat(path, &sb) != 0) && generate(path, fmts[k], mb) != 0) {
            fprintf(stderr, "cannot write %s\n", path);
            return 1;
        }
        int bad = measure(path, haven_format_name(fmts[k]));
        if (!keep)
            remove(path);
        if (bad)
            return 1;
    }
    /* Files of one's own (e.g. the LAMMPS default %g dump of scale_bench.sh),
     * the same way; named by their base name. */
    for (int k = 3; k < argc; k++) {
        const char *base = strrchr(argv[k], '/');
        if (measure(argv[k], base ? base + 1 : argv[k]))
            return 1;
    }
    return 0;
}
