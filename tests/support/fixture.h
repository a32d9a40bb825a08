/* Test fixtures: a small synthetic system that every format writer in
 * tests/support/write_<format>.c can write, so each reader is checked
 * against the same known positions. */
#ifndef HAVEN_TESTS_FIXTURE_H
#define HAVEN_TESTS_FIXTURE_H

#include <stddef.h>

typedef struct {
    size_t n_atoms, n_frames;
    char (*symbols)[4];   /* per atom element symbol */
    double (*pos)[3];     /* [frame * n_atoms + atom], Cartesian, Angstrom, UNWRAPPED */
    double (*cell)[3][3]; /* per frame lattice vectors as rows, Angstrom */
    double timestep_fs;   /* MD step */
    long stride;          /* steps between frames */
    double temperature;   /* K */
} fixture_system;

/* Random-walk system: n_atoms split over Li, Cl and (if n_atoms >= 6) La,
 * triclinic cell when `triclinic`, slowly varying cell when `npt`. Steps are
 * small (0.3 A rms) so minimum-image unwrapping is exact. */
int fixture_make(fixture_system *s, size_t n_atoms, size_t n_frames, unsigned seed, int triclinic,
                 int npt);
void fixture_free(fixture_system *s);

/* Position of atom i in frame f wrapped into the cell (fractional in [0,1)). */
void fixture_wrapped(const fixture_system *s, size_t f, size_t i, double cart[3], double frac[3],
                     int image[3]);

/* Writers (each returns 0 on success). Wrapped coordinates unless noted. */
int fixture_write_xdatcar(const fixture_system *s, const char *path);
int fixture_write_extxyz(const fixture_system *s, const char *path);
/* LAMMPS dump with columns in the given order, e.g. "id type x y z ix iy iz". */
int fixture_write_lammps(const fixture_system *s, const char *path, const char *columns);
/* The velocity (A/ps) write_lammps puts in column v<k> of atom i, frame f. */
double fixture_lammps_velocity(size_t f, size_t i, int k);
int fixture_write_vasprun(const fixture_system *s, const char *path);
int fixture_write_h5md(const fixture_system *s, const char *path);

/* Variants (bit flags) of the vasprun.xml and H5MD writers. */
enum {
    FIXTURE_VASPRUN_ML = 1 << 0,     /* ML force-field run: no <scstep>/<energy>, VASP 6.4.3,
                                        ML_OUTBLOCK = stride (vasprun then holds every stride-th
                                        step) */
    FIXTURE_H5MD_FIXED_BOX = 1 << 1, /* box/edges: one fixed diagonal [3] (frame 0's cell) */
    FIXTURE_H5MD_NAMES = 1 << 2,     /* species 0,1,2 + `species_names` attribute */
    FIXTURE_H5MD_ANGSTROM = 1 << 3,  /* lengths in Angstrom ("A") instead of nm */
    FIXTURE_H5MD_VELOCITY = 1 << 4,  /* velocity/value: wrapped position numbers, "<len> ps-1" */
    FIXTURE_H5MD_NO_IMAGE = 1 << 5,  /* no image element (wrapped positions only) */
    FIXTURE_H5MD_CHUNK64 = 1 << 6    /* per-frame data chunked 64 frames per chunk, not 1 */
};
/* A path ending in ".gz" is written gzip-compressed. */
int fixture_write_vasprun_flags(const fixture_system *s, const char *path, unsigned flags);
int fixture_write_h5md_flags(const fixture_system *s, const char *path, unsigned flags);

#endif
