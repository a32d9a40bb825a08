/* Writes the trajectory seeds of tests/fuzz/corpus with the test suite's
 * fixture writers (tests/support): a few atoms, a few frames, each writer
 * variant the reader tests use. Run by make_corpus.sh; not part of the build.
 * usage: make_seeds CORPUS_DIR */
#include "fixture.h"

#include <stdio.h>

static int n_failed;

static void done(int rc, const char *path)
{
    if (rc != 0) {
        fprintf(stderr, "make_seeds: cannot write %s\n", path);
        n_failed++;
    }
}

#define SEED(dir, name) (snprintf(path, sizeof path, "%s/%s/%s", root, dir, name), path)

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_seeds CORPUS_DIR\n");
        return 2;
    }
    const char *root = argv[1];
    char path[1024];
    fixture_system s, tri, npt;
    if (fixture_make(&s, 6, 3, 11, 0, 0) || fixture_make(&tri, 4, 2, 12, 1, 0) ||
        fixture_make(&npt, 3, 3, 13, 1, 1))
        return 1;
    done(fixture_write_xdatcar(&s, SEED("xdatcar", "fixture")), path);
    done(fixture_write_xdatcar(&npt, SEED("xdatcar", "fixture_npt")), path);
    done(fixture_write_extxyz(&s, SEED("extxyz", "fixture.xyz")), path);
    done(fixture_write_extxyz(&npt, SEED("extxyz", "fixture_npt.xyz")), path);
    done(fixture_write_vasprun(&tri, SEED("vasprun", "fixture.xml")), path);
    done(fixture_write_vasprun_flags(&tri, SEED("vasprun", "fixture_ml.xml"), 1), path);
    done(fixture_write_vasprun(&tri, SEED("vasprun", "fixture.xml.gz")), path);
    const char *columns[] = {"id type x y z ix iy iz", "element xu yu zu id vx vy vz",
                             "id element q xsu ysu zsu", "id type xs ys zs"};
    for (int k = 0; k < 4; k++) {
        char name[32];
        snprintf(name, sizeof name, "fixture_%d.dump", k);
        done(fixture_write_lammps(k == 3 ? &npt : &tri, SEED("lammps", name), columns[k]), path);
    }
    const unsigned h5[] = {0, 1u << 1 | 1u << 2, 1u << 3 | 1u << 4, 1u << 5};
    for (int k = 0; k < 4; k++) {
        char name[32];
        snprintf(name, sizeof name, "fixture_%d.h5", k);
        done(fixture_write_h5md_flags(&tri, SEED("h5md", name), h5[k]), path);
    }
    fixture_free(&s);
    fixture_free(&tri);
    fixture_free(&npt);
    return n_failed != 0;
}
