/* Fixture writer: H5MD 1.1 file with one particle group "all": wrapped
 * positions and image flags per frame (one frame per chunk, the costliest
 * layout to read, unless FIXTURE_H5MD_CHUNK64), time-dependent box edges,
 * species as atomic numbers. */
#include "fixture.h"

#include <hdf5.h>
#include <stdlib.h>
#include <string.h>

static void attr_string(hid_t obj, const char *name, const char *const *vals, hsize_t n)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, 16);
    char buf[3][16] = {{0}};
    for (hsize_t k = 0; k < n && k < 3; k++)
        strncpy(buf[k], vals[k], 15);
    hid_t sp = n == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, NULL);
    hid_t a = H5Acreate2(obj, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, t, buf);
    H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(t);
}

/* Chunks of `frames` leading entries (at most the dataset's length). */
static hid_t dataset(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims,
                     hsize_t frames)
{
    hid_t sp = H5Screate_simple(rank, dims, NULL);
    hid_t pl = H5Pcreate(H5P_DATASET_CREATE);
    hsize_t chunk[3] = {frames < dims[0] ? frames : dims[0], rank > 1 ? dims[1] : 1,
                        rank > 2 ? dims[2] : 1};
    H5Pset_chunk(pl, rank, chunk);
    hid_t d = H5Dcreate2(loc, name, type, sp, H5P_DEFAULT, pl, H5P_DEFAULT);
    H5Pclose(pl);
    H5Sclose(sp);
    return d;
}

static void write_all(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims,
                      const void *data, const char *unit, hsize_t chunk_frames)
{
    hid_t d = dataset(loc, name, type, rank, dims, chunk_frames);
    H5Dwrite(d, type == H5T_IEEE_F64LE ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT, H5S_ALL, H5S_ALL,
             H5P_DEFAULT, data);
    if (unit)
        attr_string(d, "unit", &unit, 1);
    H5Dclose(d);
}

/* step and time datasets of one element group. */
static void write_step_time(hid_t g, const fixture_system *s)
{
    hsize_t nf = s->n_frames;
    int *step = malloc(nf * sizeof *step);
    double *time = malloc(nf * sizeof *time);
    for (size_t f = 0; f < nf; f++) {
        step[f] = (int)(f * (size_t)s->stride);
        time[f] = (double)step[f] * s->timestep_fs * 1e-3; /* ps */
    }
    write_all(g, "step", H5T_STD_I32LE, 1, &nf, step, NULL, 1024);
    write_all(g, "time", H5T_IEEE_F64LE, 1, &nf, time, "ps", 1024);
    free(step);
    free(time);
}

static void write_species(hid_t part, const fixture_system *s, unsigned flags)
{
    static const char *const names[] = {"Li", "Cl", "La"};
    hsize_t n = s->n_atoms;
    int *z = malloc(n * sizeof *z);
    for (size_t i = 0; i < n; i++) {
        int k = !strcmp(s->symbols[i], "Li") ? 0 : !strcmp(s->symbols[i], "Cl") ? 1 : 2;
        static const int atomic_number[] = {3, 17, 57};
        z[i] = (flags & FIXTURE_H5MD_NAMES) ? k : atomic_number[k];
    }
    hid_t sp = H5Screate_simple(1, &n, NULL);
    hid_t d = H5Dcreate2(part, "species", H5T_STD_I32LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, z);
    if (flags & FIXTURE_H5MD_NAMES)
        attr_string(d, "species_names", names, 3);
    H5Dclose(d);
    H5Sclose(sp);
    free(z);
}

static void write_box(hid_t part, const fixture_system *s, unsigned flags, double scale,
                      const char *unit)
{
    static const char *const periodic[] = {"periodic", "periodic", "periodic"};
    hid_t box = H5Gcreate2(part, "box", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int dim = 3;
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(box, "dimension", H5T_STD_I32LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_INT, &dim);
    H5Aclose(a);
    H5Sclose(sp);
    attr_string(box, "boundary", periodic, 3);
    if (flags & FIXTURE_H5MD_FIXED_BOX) {
        double diag[3] = {s->cell[0][0][0] * scale, s->cell[0][1][1] * scale,
                          s->cell[0][2][2] * scale};
        hsize_t three = 3;
        write_all(box, "edges", H5T_IEEE_F64LE, 1, &three, diag, unit, 3);
    } else {
        hid_t e = H5Gcreate2(box, "edges", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        hsize_t dims[3] = {s->n_frames, 3, 3};
        double *v = malloc(s->n_frames * 9 * sizeof *v);
        for (size_t k = 0; k < s->n_frames * 9; k++)
            v[k] = (&s->cell[0][0][0])[k] * scale;
        write_all(e, "value", H5T_IEEE_F64LE, 3, dims, v, unit, 1024);
        write_step_time(e, s);
        free(v);
        H5Gclose(e);
    }
    H5Gclose(box);
}

static void write_element(hid_t part, const char *name, const fixture_system *s, hid_t type,
                          const void *data, const char *unit, unsigned flags)
{
    hid_t g = H5Gcreate2(part, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hsize_t dims[3] = {s->n_frames, s->n_atoms, 3};
    write_all(g, "value", type, 3, dims, data, unit, (flags & FIXTURE_H5MD_CHUNK64) ? 64 : 1);
    write_step_time(g, s);
    H5Gclose(g);
}

static void write_particles(hid_t file, const fixture_system *s, unsigned flags)
{
    int ang = (flags & FIXTURE_H5MD_ANGSTROM) != 0;
    double scale = ang ? 1.0 : 0.1; /* fixture Angstrom -> file unit */
    const char *unit = ang ? "A" : "nm";
    size_t n = s->n_frames * s->n_atoms;
    double(*pos)[3] = malloc(n * sizeof *pos);
    int(*img)[3] = malloc(n * sizeof *img);
    for (size_t f = 0; f < s->n_frames; f++)
        for (size_t i = 0; i < s->n_atoms; i++) {
            double frac[3], *r = pos[f * s->n_atoms + i];
            fixture_wrapped(s, f, i, r, frac, img[f * s->n_atoms + i]);
            for (int k = 0; k < 3; k++)
                r[k] *= scale;
        }
    hid_t parts = H5Gcreate2(file, "particles", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hid_t all = H5Gcreate2(parts, "all", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    write_element(all, "position", s, H5T_IEEE_F64LE, pos, unit, flags);
    if (!(flags & FIXTURE_H5MD_NO_IMAGE))
        write_element(all, "image", s, H5T_STD_I32LE, img, NULL, flags);
    if (flags & FIXTURE_H5MD_VELOCITY)
        write_element(all, "velocity", s, H5T_IEEE_F64LE, pos, ang ? "A ps-1" : "nm ps-1", flags);
    write_box(all, s, flags, scale, unit);
    write_species(all, s, flags);
    H5Gclose(all);
    H5Gclose(parts);
    free(pos);
    free(img);
}

int fixture_write_h5md_flags(const fixture_system *s, const char *path, unsigned flags)
{
    hid_t file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (file < 0)
        return -1;
    hid_t h5md = H5Gcreate2(file, "h5md", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int version[2] = {1, 1};
    hsize_t two = 2;
    hid_t sp = H5Screate_simple(1, &two, NULL);
    hid_t a = H5Acreate2(h5md, "version", H5T_STD_I32LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_INT, version);
    H5Aclose(a);
    H5Sclose(sp);
    H5Gclose(h5md);
    write_particles(file, s, flags);
    return H5Fclose(file) < 0 ? -1 : 0;
}

int fixture_write_h5md(const fixture_system *s, const char *path)
{
    return fixture_write_h5md_flags(s, path, 0);
}
