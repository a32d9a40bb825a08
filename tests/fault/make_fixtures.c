/* Writes the fault tests' trajectories: the test fixture system (6 atoms,
 * 12 frames, timestep 2 fs, stride 10) in every format, with the writers of
 * tests/support. usage: make_fixtures DIR */
#include "fixture.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_fixtures DIR\n");
        return 2;
    }
    fixture_system s;
    if (fixture_make(&s, 6, 12, 7, 1, 0) != 0)
        return 1;
    char path[1024];
    int rc = 0;
#define OUT(name) (snprintf(path, sizeof path, "%s/%s", argv[1], name), path)
    rc |= fixture_write_xdatcar(&s, OUT("XDATCAR"));
    rc |= fixture_write_vasprun(&s, OUT("vasprun.xml"));
    rc |= fixture_write_extxyz(&s, OUT("traj.xyz"));
    rc |= fixture_write_lammps(&s, OUT("traj.dump"), "id element x y z ix iy iz");
    rc |= fixture_write_h5md_flags(&s, OUT("traj.h5"), 1u << 2); /* species names */
    fixture_free(&s);
    if (rc)
        fprintf(stderr, "make_fixtures: cannot write the fixtures in %s\n", argv[1]);
    return rc != 0;
}
