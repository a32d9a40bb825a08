/* Internal: the shape every trajectory reader has (one file per format,
 * LAMMPS-style: add a format by adding a file and a line in traj.c). */
#ifndef HAVEN_SRC_IO_READER_H
#define HAVEN_SRC_IO_READER_H

#include "haven/traj.h"

#define HAVEN_SPECIES_NAME_MAX 16

/* Optional, for a reader that several processes use together on one file
 * (the H5MD reader of haven_formats_mpio.so: parallel HDF5 over MPI-IO).
 * `comm` points to an MPI_Comm (the host's types know no MPI). Every call
 * is collective over that communicator, and so is closing the reader. */
typedef struct haven_reader_par {
    /* Read the header of t (path and options set) opened on *comm. */
    haven_status (*open)(haven_traj *t, const void *comm);
    /* This process reads frames [first, end) next, in order, by collective
     * reads of at most `block` frames (0: the reader's own block) matched
     * across the processes, which may hold ranges of different lengths. */
    haven_status (*range)(haven_traj *t, long first, long end, long block);
    /* The collective reads of the range not made yet, made with nothing
     * selected: after the range was read, or after an error left it
     * unfinished, so no process waits in a read another never makes. */
    haven_status (*range_end)(haven_traj *t);
    /* How the file was read, for $HAVEN_MPI_STATS (driver, read counts). */
    void (*describe)(haven_traj *t, char *buf, size_t cap);
} haven_reader_par;

typedef struct haven_reader_ops {
    const char *name;
    haven_format format;
    /* Confidence 0..100 that the first bytes (decompressed) are this format. */
    int (*probe)(const char *head, size_t len);
    /* Read the header: set atoms (haven_traj_set_atoms), file metadata,
     * allocate t->frame arrays (haven_traj_alloc_frame). */
    haven_status (*open)(haven_traj *t);
    /* Fill t->frame with the next frame, or return HAVEN_EOF. */
    haven_status (*read)(haven_traj *t);
    haven_status (*rewind)(haven_traj *t);
    void (*close)(haven_traj *t); /* free t->impl */
    /* Optional, for an index of frames (haven_traj_index): the text
     * reader's line reader, and a pass over the next frame that checks its
     * header but converts no row (HAVEN_EOF at the end; HAVEN_NO_INDEX when
     * this frame depends on more than its own lines, e.g. an XDATCAR header
     * that changes the cell for the frames after it). */
    struct haven_linereader *(*linereader)(haven_traj *t);
    haven_status (*skip)(haven_traj *t);
    /* Optional: whether a line (after open) is the first line of a frame -
     * a line that nothing else in the file can be - so that frame starts can
     * be found from any byte (haven_traj_index_part). */
    int (*frame_start)(haven_traj *t, const char *line);
    /* Optional, for formats read at any frame (H5MD): the number of frames,
     * known without reading them, and a jump to frame `index`. */
    long (*count)(haven_traj *t);
    haven_status (*seek_frame)(haven_traj *t, long index);
    const haven_reader_par *par; /* optional, see above */
} haven_reader_ops;

#define HAVEN_NO_INDEX ((haven_status)2)

struct haven_traj {
    char *path;
    const haven_reader_ops *ops;
    void *impl;
    haven_traj_options opt;
    char *types; /* owned copy of opt.types */

    size_t n_atoms;
    size_t n_species;
    char (*species_names)[HAVEN_SPECIES_NAME_MAX];
    int *atom_species;
    double *atom_mass;

    double file_timestep;    /* s or NAN */
    long file_stride;        /* or -1 */
    double file_temperature; /* K or NAN */

    haven_frame frame;
    long frames_read;
};

/* The table of readers (io/readers.c), tried in order by detection. */
extern const haven_reader_ops *const haven_readers[];
extern const size_t haven_n_readers;

/* Open path with the reader `ops` on the communicator *comm (ops->par->open:
 * collective), options as haven_traj_open's. */
haven_status haven_traj_open_par(const char *path, const haven_traj_options *opt,
                                 const haven_reader_ops *ops, const void *comm, haven_traj **out);

/* Set the atoms from per-atom element symbols (builds the species table and
 * looks up masses). Unknown symbols are an error naming the symbol. */
haven_status haven_traj_set_atoms(haven_traj *t, size_t n, const char *const *symbols);
/* Set the atoms from t->opt.elements ("Li:32,Cl:32"), for formats (named
 * `what` in messages) whose files name no elements. */
haven_status haven_traj_atoms_from_option(haven_traj *t, size_t n_atoms, const char *what);
/* Allocate frame arrays for n atoms; velocities/images only if asked. */
haven_status haven_traj_alloc_frame(haven_traj *t, int with_vel, int with_image);

/* Where a frame starts in a text file: byte offset, lines before it (for a
 * format with seek_frame: the frame's index, and -1). */
typedef struct {
    unsigned long long offset;
    long lineno;
} haven_frame_pos;

/* The start of every frame of t, from a pass that reads the frame headers
 * and counts the rows' newlines without converting them (t is rewound
 * before and after). *n 0 and *pos NULL when the file cannot be indexed: a
 * compressed file, a reader without skip, HAVEN_NO_INDEX. Formats with
 * count and seek_frame need no pass. Free *pos. */
haven_status haven_traj_index(haven_traj *t, haven_frame_pos **pos, size_t *n);
/* The part of that index whose frames start in bytes [begin, end) of the
 * file (a text reader with frame_start): from the first frame start at or
 * after begin, line numbers counted from there (begin 0: from where a
 * rewind leaves the reader, line numbers from the file's start). *first is
 * that start (`end` if none), *stop where the last frame ends, *lines the
 * line number at *stop; t is rewound after. HAVEN_NO_INDEX: not possible. */
haven_status haven_traj_index_part(haven_traj *t, unsigned long long begin, unsigned long long end,
                                   haven_frame_pos **pos, size_t *n, unsigned long long *first,
                                   unsigned long long *stop, long *lines);
/* Continue with frame `index` (0-based), which starts at *p of the index. */
haven_status haven_traj_seek(haven_traj *t, const haven_frame_pos *p, long index);

/* Map a LAMMPS type number to an element via t->types ("1=Li,2=Cl"). */
haven_status haven_traj_type_symbol(const haven_traj *t, long type, const char **symbol);

#endif
