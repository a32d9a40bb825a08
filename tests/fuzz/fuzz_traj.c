/* Fuzz target for one trajectory reader (FUZZ_FORMAT, set by CMake): open
 * the input through the public API with the format forced, read every
 * frame, rewind and read the first frame again. FUZZ_NAMED_FILE: the input
 * goes to a named file, not a memfd (HDF5 cannot open /proc/self/fd/N).
 * FUZZ_HDF5: after haven_traj_free no HDF5 object may be left open (a
 * handle left open on an error path keeps the whole file in memory). */
#include "fuzz_file.h"

#include "haven/traj.h"

#include <stdint.h>
#ifdef FUZZ_HDF5
#include <hdf5.h>
#endif

#ifndef FUZZ_FORMAT
#error "FUZZ_FORMAT must name a haven_format"
#endif

/* Frames read per input at most: long enough for any seed. */
#define FUZZ_MAX_FRAMES 4096

static volatile double fuzz_sink; /* keeps the reads */

static void fuzz_check_closed(void)
{
#ifdef FUZZ_HDF5
    ssize_t n = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL);
    if (n != 0) {
        fprintf(stderr, "fuzz_h5md: %zd HDF5 objects left open\n", n);
        abort();
    }
#endif
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    haven_traj_options opt;
    haven_traj_options_init(&opt);
    opt.format = FUZZ_FORMAT;
    opt.types = "1=Li,2=Cl,3=La,4=O";
    opt.timestep_fs = 2;
    /* Formats without elements or cell (DCD, XTC, TRR, numpy, plain XYZ). */
    opt.elements = "Li:*";
    (void)haven_cell_from_text("10,11,12,80,90,100", opt.cell);
    haven_traj *t;
#ifdef FUZZ_NAMED_FILE
    const char *path = fuzz_named_file("input", data, size);
#else
    const char *path = fuzz_file(data, size);
#endif
    if (haven_traj_open(path, &opt, &t) != HAVEN_OK) {
        fuzz_check_closed();
        return 0;
    }
    size_t n = haven_traj_n_atoms(t);
    for (size_t k = 0; k < haven_traj_n_species(t); k++)
        (void)haven_traj_species_name(t, k);
    for (size_t i = 0; i < n; i++) {
        (void)haven_traj_atom_species(t, i);
        (void)haven_traj_atom_mass(t, i);
    }
    const haven_frame *f;
    double sum = 0;
    for (long k = 0; k < FUZZ_MAX_FRAMES && haven_traj_read(t, &f) == HAVEN_OK; k++) {
        /* Touch every position so a short allocation shows up under ASan. */
        for (size_t i = 0; i < f->n_atoms; i++)
            sum += f->pos[i][0] + f->pos[i][1] + f->pos[i][2];
        if (f->vel && f->n_atoms)
            sum += f->vel[f->n_atoms - 1][0];
        if (f->image && f->n_atoms)
            sum += f->image[f->n_atoms - 1][2];
    }
    if (haven_traj_rewind(t) == HAVEN_OK)
        (void)haven_traj_read(t, &f);
    haven_traj_free(t);
    fuzz_check_closed();
    fuzz_sink = sum;
    return 0;
}
