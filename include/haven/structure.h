/* haven structure: where the ions go.
 *
 * Probability density of a species on a grid in fractional coordinates
 * (so a cell that changes with time maps every frame onto the same grid),
 * written as Gaussian cube or VASP CHGCAR; the percolation of that density
 * (the highest isosurface level at which the visited volume connects across
 * the periodic cell in 1, 2 and 3 independent directions) and the effective
 * barrier that follows, -kT ln(rho_level / rho_max).
 *
 * Frames are streamed from a haven_traj: memory is one frame plus the grid.
 * Grids are plain structs owned by the caller (free with haven_grid_clear).
 * Thread safety: every call is thread-safe on separate data; calls that
 * only read a grid (formatting, writing, percolation) may share one grid
 * between threads. No call keeps global state. */
#ifndef HAVEN_STRUCTURE_H
#define HAVEN_STRUCTURE_H

#include "haven/traj.h"
#include "haven/transport.h" /* haven_estimate */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A scalar field on an n[0] x n[1] x n[2] grid spanning the cell; point
 * (i, j, k) sits at fractional (i/n0, j/n1, k/n2), the convention of cube
 * and CHGCAR files, and stands for the voxel around it.
 * value[(i * n[1] + j) * n[2] + k]. */
typedef struct {
    size_t n[3];
    double cell[3][3]; /* lattice vectors as rows, m (the mean cell of a trajectory) */
    double *value;     /* number density of the species, m^-3 */
    size_t n_atoms;    /* atoms drawn with the field, may be 0: from a trajectory, the
                          counted atoms as in the first frame, the others (the framework)
                          at their mean positions over the run */
    double (*atom_frac)[3];
    int *atom_z; /* atomic numbers (0: unknown) */
} haven_grid;

HAVEN_API void haven_grid_clear(haven_grid *g);
/* Allocate value (zeroed) for the given dimensions and copy the cell. */
HAVEN_API haven_status haven_grid_alloc(haven_grid *g, const size_t n[3], const double cell[3][3]);

typedef struct {
    double spacing;    /* m, target voxel edge (0: 0.2 A) */
    const int *select; /* per atom: 1 = counted; NULL = all atoms */
    double sigma;      /* m, Gaussian smoothing of the histogram (0: none) */
    size_t n_blocks;   /* >= 2: also keep the counts of about this many contiguous time blocks
                          (between n and 2n - 1; a block's length doubles as the run grows),
                          for errors by the jackknife (0: none) */
} haven_density_options;

typedef struct {
    size_t n_frames;
    size_t n_selected;     /* atoms counted per frame */
    double frame_interval; /* s (NAN when the file does not say) */
    size_t n_blocks;       /* with options n_blocks: the blocks kept */
    size_t *block_frames;  /* frames per block */
    double *block_counts;  /* [block * voxels + voxel]: counts, unsmoothed */
} haven_density_info;

HAVEN_API void haven_density_info_clear(haven_density_info *info);

HAVEN_API void haven_density_options_init(haven_density_options *o);
/* Histogram the selected atoms of every frame of `t` (read from its current
 * position to the end) on a grid of the first frame's cell divided into
 * ceil(|a_k| / spacing) voxels. The value is the number density: counts per
 * frame / voxel volume (the mean cell), so its integral over the cell is the
 * number of selected atoms. Out: a filled grid with the atoms (the counted
 * ones as in frame 0, the rest at their mean positions). */
HAVEN_API haven_status haven_density_compute(haven_traj *t, const haven_density_options *o,
                                             haven_grid *out, haven_density_info *info);
/* Periodic Gaussian smoothing of a grid, standard deviation sigma (m) along
 * each lattice direction (separable; exact for orthogonal cells). */
HAVEN_API haven_status haven_grid_smooth(haven_grid *g, double sigma);

/* Files. Cube: lengths in bohr, the value in bohr^-3 (number density).
 * CHGCAR: a POSCAR header then value x cell volume in A^3 (VASP's
 * convention for charge densities), x fastest. Readers return the value
 * in m^-3 again, so a round trip is exact up to the printed digits.
 * A CHGCAR needs at least one atom (its POSCAR part). */
typedef enum { HAVEN_GRID_CUBE = 0, HAVEN_GRID_CHGCAR } haven_grid_format;

/* The file's text in memory: *text is malloc'ed and NUL-terminated, *len
 * bytes without the NUL; the caller frees it with free(). For callers that
 * write several outputs all-or-nothing themselves. */
HAVEN_API haven_status haven_grid_format_text(const haven_grid *g, haven_grid_format format,
                                              const char *comment, char **text, size_t *len);
/* The file written to path all-or-nothing: the text goes to a temporary
 * file beside path, renamed over it only once complete and closed; on any
 * failure path is left as it was and the temporary file is removed. */
HAVEN_API haven_status haven_grid_write(const haven_grid *g, haven_grid_format format,
                                        const char *comment, const char *path);
HAVEN_API haven_status haven_grid_read_cube(const char *path, haven_grid *out);
HAVEN_API haven_status haven_grid_read_chgcar(const char *path, haven_grid *out);

/* Percolation of the isosurface network rho >= level, face-connected
 * voxels with periodic boundaries. A connected cluster that reaches its own
 * periodic image along a lattice translation wraps; its dimensionality is
 * the rank of its wrapping translations (1: channels, 2: layers, 3: a 3D
 * network), and the network's is the largest over clusters. */
typedef struct {
    double rho_max;         /* m^-3 */
    double level[3];        /* m^-3: the highest level with dimensionality >= d+1; NAN never */
    double barrier[3];      /* J: -kT ln(level / rho_max) (NAN without T or percolation) */
    int dimensionality;     /* of all visited voxels (rho > 0): 0..3 */
    double visited_fraction; /* of voxels with rho > 0 */
} haven_percolation;

/* temperature in K (<= 0: no barriers). Cost O(N log N) in voxels. */
HAVEN_API haven_status haven_grid_percolation(const haven_grid *g, double temperature,
                                              haven_percolation *out);

/* The same sweep as a curve, for a figure of how the network grows as the
 * level falls: for each of the n levels (m^-3, any order), the fraction of
 * the cell's voxels with rho >= level and rho > 0 (out[k]) and the fraction lying in
 * clusters of those voxels that wrap in at least 1, 2 and 3 independent
 * directions (out[(d + 1) * n + k], d = 0, 1, 2). out holds 4 n values.
 * The wrapping fractions become nonzero exactly at the levels of
 * haven_grid_percolation. Cost O(N log N) in voxels. */
HAVEN_API haven_status haven_grid_percolation_curve(const haven_grid *g, const double *levels,
                                                    size_t n, double *out);

/* Errors of the barriers from the time blocks of haven_density_compute
 * (options n_blocks): the percolation of the density without each block
 * (smoothed with sigma, m, as the full one), jackknife standard error,
 * interval +- t(0.975, B-1) x stderr around the full-data barrier (J); NAN
 * when a leave-one-out density does not percolate in that dimension. g is
 * the full-data grid (for its cell); cost B percolations. */
HAVEN_API haven_status haven_percolation_jackknife(const haven_grid *g,
                                                   const haven_density_info *info, double sigma,
                                                   double temperature,
                                                   const haven_percolation *full,
                                                   haven_estimate barrier[3]);

#ifdef __cplusplus
}
#endif
#endif
