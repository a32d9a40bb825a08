/* haven series: a trajectory turned into continuous per-atom paths.
 *
 * Loading streams the frames once: each frame is unwrapped (minimum-image
 * displacement between consecutive frames, or image flags, or the file's
 * unwrapped columns), corrected for centre-of-mass drift, and appended to a
 * haven_store. The store keeps the paths in memory while they fit within a
 * byte budget and otherwise spills chunks of frames, transposed atom-major,
 * to a scratch file, so trajectories larger than RAM can be analysed by atom
 * blocks. Memory: the loader holds O(n_atoms) per frame; the store holds at
 * most its budget (24 bytes per atom per frame held).
 *
 * Thread safety: a haven_store is used by one thread at a time (reads move
 * its scratch-file position); separate stores and loads are independent. */
#ifndef HAVEN_SERIES_H
#define HAVEN_SERIES_H

#include "haven/traj.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct haven_store haven_store;

/* max_bytes: memory budget for held positions (0: half of physical RAM).
 * scratch_dir: where a spill file goes (NULL: $TMPDIR or /tmp). */
HAVEN_API haven_status haven_store_create(size_t n_atoms, size_t max_bytes, const char *scratch_dir,
                                          haven_store **out);
HAVEN_API void haven_store_free(haven_store *s);
/* Append one frame of continuous Cartesian positions (m). */
HAVEN_API haven_status haven_store_append(haven_store *s, const double (*pos)[3]);
/* Flush pending frames; call once after the last append. */
HAVEN_API haven_status haven_store_finish(haven_store *s);
HAVEN_API size_t haven_store_n_atoms(const haven_store *s);
HAVEN_API size_t haven_store_n_frames(const haven_store *s);
HAVEN_API int haven_store_spilled(const haven_store *s); /* 1 if a scratch file is used */
/* Copy the paths of atoms [a0, a1) into out, laid out
 * out[((a - a0) * 3 + k) * n_frames + t] (atom, component, time). */
HAVEN_API haven_status haven_store_read_atoms(haven_store *s, size_t a0, size_t a1, double *out);
/* The same for the atoms a of [a0, a1) with keep[a] >= 0 only (keep indexed
 * by atom, e.g. an analysis' group of each atom, -1 for atoms it leaves
 * out); the slots of the others in out are not written. */
HAVEN_API haven_status haven_store_read_kept(haven_store *s, size_t a0, size_t a1, const int *keep,
                                             double *out);

typedef enum {
    HAVEN_DRIFT_SYSTEM = 0, /* subtract the mass-weighted centre of mass of all atoms */
    HAVEN_DRIFT_SPECIES,    /* ... of the species flagged in drift_species (a framework) */
    HAVEN_DRIFT_NONE
} haven_drift_mode;

typedef struct {
    haven_drift_mode drift;
    const int *drift_species; /* per species index: 1 = part of the reference (SPECIES mode) */
    size_t max_bytes;         /* store budget, 0 = default */
    const char *scratch_dir;  /* NULL = default */
    double max_jump_fraction; /* warn when a frame-to-frame step exceeds this fraction of the
                                 cell (default 0.25 when 0) */
    const int *vel_group;     /* per atom group (-1: none) for velocity sums, or NULL */
    size_t n_vel_groups;
    void (*progress)(size_t frames, void *user); /* optional, called every 256 frames */
    void *progress_user;
    /* Keep the paths (and velocities) of atoms [atom_begin, atom_end) only,
     * for one process of several (haven_partition_atoms); atom_end 0: all.
     * Unwrapping, drift and the velocity sums still see every atom. */
    size_t atom_begin, atom_end;
    /* Per atom: < 0 leaves its path out of the store (e.g. an analysis'
     * group of each atom, -1 for those it does not use), so the store holds
     * the others only, in file order; NULL keeps every atom. Unwrapping
     * and drift still see every atom. Honoured by haven_load and
     * haven_load_segments (not with atom_begin/atom_end). */
    const int *keep;
} haven_load_options;

typedef struct {
    size_t n_frames;
    double frame_interval;  /* s between frames */
    double volume_mean;     /* m^3, averaged over frames */
    double volume_std;      /* m^3 */
    double temperature;     /* K: from velocities if present, else the file, else NAN */
    double temperature_std; /* K, spread of the kinetic temperature (NAN if no velocities) */
    int temperature_source; /* 0 none, 1 velocities, 2 file */
    int has_velocities;
    size_t n_large_jumps; /* frame-to-frame steps above the warning threshold */
    /* With vel_group and velocities in the file: per frame and group the sum
     * of the velocities, vel_sums[(frame * n_vel_groups + g) * 3 + k], m/s,
     * each less the centre-of-mass velocity of the drift reference (the
     * species currents for Green-Kubo, in the frame of the MSDs). Free with
     * haven_load_info_clear. */
    double *vel_sums;
    size_t n_vel_groups;
    /* With vel_group and velocities in every frame: the velocities themselves
     * (m/s, drift of the drift reference removed), one path per atom, in a
     * store of the same budget as the positions, and a copy of vel_group
     * (per atom); for the velocity autocorrelations. NULL otherwise. */
    haven_store *velocities;
    int *velocity_group;
} haven_load_info;

HAVEN_API void haven_load_options_init(haven_load_options *opt);
HAVEN_API void haven_load_info_clear(haven_load_info *info);

/* Stream every frame of `t` into a new store. The frame interval comes from
 * the file (frame times, or steps with a timestep) or the options given at
 * haven_traj_open (timestep x stride); a conflict, or no way to know it, is
 * an error. */
HAVEN_API haven_status haven_load(haven_traj *t, const haven_load_options *opt, haven_store **store,
                                  haven_load_info *info);
/* Consecutive segments of one run (restarts), in order, into one store: the
 * same atoms in the same order, the same frame spacing; paths stay
 * continuous across the joins (unwrapped from the last frame of one segment
 * to the first of the next), and a first frame that repeats the previous
 * segment's last (same stated step or time, as restarts write) is dropped.
 * Drift and velocities are referenced to the first segment. */
HAVEN_API haven_status haven_load_segments(haven_traj *const *t, size_t n_seg,
                                           const haven_load_options *opt, haven_store **store,
                                           haven_load_info *info);

#ifdef __cplusplus
}
#endif
#endif
