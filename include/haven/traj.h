/* haven trajectories: one streaming reader interface for every format.
 *
 * A haven_traj hands out frames one at a time; nothing but the current
 * frame is held in memory, so files larger than RAM can be read. Units are
 * SI: positions in m, velocities in m/s, time in s, masses in kg.
 *
 * Thread safety: a haven_traj must be used by one thread at a time;
 * separate handles are independent. */
#ifndef HAVEN_TRAJ_H
#define HAVEN_TRAJ_H

#include "haven/core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    HAVEN_FMT_AUTO = 0,
    HAVEN_FMT_XDATCAR,
    HAVEN_FMT_VASPRUN,
    HAVEN_FMT_EXTXYZ,
    HAVEN_FMT_LAMMPS_DUMP,
    HAVEN_FMT_H5MD,
    HAVEN_FMT_XYZ,      /* plain XYZ (cell from options) and CP2K xyz (+ .cell file) */
    HAVEN_FMT_OUTCAR,   /* VASP OUTCAR */
    HAVEN_FMT_ASE_TRAJ, /* ASE .traj (ULM) */
    HAVEN_FMT_XTC,      /* GROMACS compressed trajectory */
    HAVEN_FMT_TRR,      /* GROMACS full-precision trajectory */
    HAVEN_FMT_DCD,      /* CHARMM / NAMD / LAMMPS DCD */
    HAVEN_FMT_NPY,      /* numpy .npy (frames x atoms x 3) */
    HAVEN_FMT_NPZ       /* numpy .npz archive */
} haven_format;
#define HAVEN_FMT_LAST HAVEN_FMT_NPZ

/* How frame positions relate to the continuous (unwrapped) path. */
typedef enum {
    HAVEN_COORD_WRAPPED = 0, /* folded into the cell: unwrap by minimum image */
    HAVEN_COORD_UNWRAPPED,   /* continuous positions (xu yu zu, or unfolded) */
    HAVEN_COORD_IMAGES       /* folded, plus integer image flags in `image` */
} haven_coord_kind;

typedef struct {
    haven_format format; /* HAVEN_FMT_AUTO: detect from content */
    const char *types;   /* LAMMPS type map "1=Li,2=Cl" or NULL */
    double timestep_fs;  /* MD integration step in fs; <= 0: not given */
    long stride;         /* MD steps between saved frames; <= 0: not given */
    /* For files that state no cell (plain XYZ, .npy): lattice vectors as
     * rows, m; all zero: not given. A file's own cell takes precedence. */
    double cell[3][3];
    /* For files that name no elements (DCD, XTC, TRR, .npy): the element of
     * every atom in file order, as "Li:32,Cl:32" (symbol:count, a bare
     * symbol counts 1, a last count "*" takes the remaining atoms); NULL:
     * not given. */
    const char *elements;
} haven_traj_options;

/* Parse a cell given as text, lengths in Angstrom and angles in degrees:
 * "a,b,c" (orthorhombic), "a,b,c,alpha,beta,gamma" (a along x, b in the xy
 * plane), or nine numbers "ax,ay,az,bx,by,bz,cx,cy,cz" (vectors as rows).
 * Commas and blanks separate. Writes the lattice vectors in m. */
HAVEN_API haven_status haven_cell_from_text(const char *text, double cell[3][3]);
/* Lattice vectors (rows, m) from lengths (m) and angles (degrees). */
HAVEN_API haven_status haven_cell_from_parameters(const double len[3], const double angle_deg[3],
                                                  double cell[3][3]);

typedef struct {
    size_t n_atoms;
    double (*pos)[3];  /* Cartesian positions, m */
    int (*image)[3];   /* image flags (coords == HAVEN_COORD_IMAGES) or NULL */
    double (*vel)[3];  /* velocities, m/s, or NULL when the file has none */
    double cell[3][3]; /* lattice vectors as rows, m */
    haven_coord_kind coords;
    double time; /* s, as stated by the file; NAN when it states none */
    long step;   /* MD step as stated by the file; -1 when none */
    long index;  /* 0-based frame index in the file */
} haven_frame;

typedef struct haven_traj haven_traj;

HAVEN_API void haven_traj_options_init(haven_traj_options *opt);

/* Open a trajectory (plain or gzip-compressed) and read its header. */
HAVEN_API haven_status haven_traj_open(const char *path, const haven_traj_options *opt,
                                       haven_traj **out);
HAVEN_API void haven_traj_free(haven_traj *t);

/* Read the next frame. On HAVEN_OK *frame points to storage owned by the
 * handle, valid until the next call. Returns HAVEN_EOF after the last
 * complete frame; a truncated frame is HAVEN_ERR_FORMAT. */
HAVEN_API haven_status haven_traj_read(haven_traj *t, const haven_frame **frame);
HAVEN_API haven_status haven_traj_rewind(haven_traj *t);

HAVEN_API const char *haven_traj_path(const haven_traj *t);
HAVEN_API haven_format haven_traj_format(const haven_traj *t);
HAVEN_API const char *haven_format_name(haven_format f);
/* Parse "xdatcar", "vasprun", "extxyz", "lammps", "h5md", "xyz", "outcar",
 * "ase", "xtc", "trr", "dcd", "npy", "npz" (case-insensitive). */
HAVEN_API haven_status haven_format_from_name(const char *name, haven_format *out);

HAVEN_API size_t haven_traj_n_atoms(const haven_traj *t);
HAVEN_API size_t haven_traj_n_species(const haven_traj *t);
HAVEN_API const char *haven_traj_species_name(const haven_traj *t, size_t k);
/* Species index (0..n_species-1) of atom i, in the file's atom order. */
HAVEN_API int haven_traj_atom_species(const haven_traj *t, size_t i);
HAVEN_API double haven_traj_atom_mass(const haven_traj *t, size_t i); /* kg */

/* What the file itself states (NAN / -1 when it does not). */
HAVEN_API double haven_traj_file_timestep(const haven_traj *t);    /* s, e.g. POTIM */
HAVEN_API long haven_traj_file_stride(const haven_traj *t);        /* e.g. NBLOCK */
HAVEN_API double haven_traj_file_temperature(const haven_traj *t); /* K, e.g. TEBEG */

/* A trajectory from arrays in memory (numpy, ASE, MDAnalysis, another
 * program): n_frames frames of n_atoms atoms, frame_interval seconds apart.
 * The arrays are NOT copied: they must stay valid and unchanged until
 * haven_traj_free. Its format is HAVEN_FMT_AUTO ("arrays" in results). */
typedef struct {
    size_t n_frames, n_atoms;
    const double *pos;          /* m, Cartesian, pos[(frame * n_atoms + atom) * 3 + k] */
    const double *cell;         /* m, lattice vectors as rows: 9 values, or 9 per frame */
    int cell_per_frame;         /* 1: cell holds n_frames cells (NPT); 0: one cell */
    const char *const *symbols; /* element symbol per atom ("Li", "Cl"): species and masses */
    double frame_interval;      /* s between frames (> 0) */
    const double *vel;          /* m/s like pos, or NULL */
    haven_coord_kind coords;    /* HAVEN_COORD_WRAPPED (folded into the cell; unwrapped by
                                   minimum image) or HAVEN_COORD_UNWRAPPED */
    double temperature;         /* K, stated temperature (0: none) */
    const char *name;           /* shown in results and messages as the path (NULL: "arrays") */
} haven_traj_arrays;
HAVEN_API haven_status haven_traj_from_arrays(const haven_traj_arrays *in, haven_traj **out);

#ifdef __cplusplus
}
#endif
#endif
