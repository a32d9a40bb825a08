/* Internal: the reader module (haven_formats.so) that holds the readers
 * needing large libraries - vasprun.xml (libxml2), H5MD (HDF5), .npz
 * (libzip, which brings libcrypto and libbz2) and ASE .traj (cJSON) - so a
 * program that reads none of them never loads them (HDF5 alone brings in
 * ~35 shared libraries: curl, Kerberos, TLS...).
 *
 * The module is built from h5md.c, h5safe.c and vasprun.c plus
 * plugin_module.c, and uses nothing of the host by symbol: the few core
 * calls those readers make (errors, warnings, the atom table) go through
 * the table below, handed over when the host loads it. So the module loads
 * the same way into a program linked with libhaven.so, with libhaven.a, or
 * into the CLI, and a module from another build is refused by its ABI
 * number rather than crashing. */
#ifndef HAVEN_SRC_IO_PLUGIN_H
#define HAVEN_SRC_IO_PLUGIN_H

#include "io/reader.h"

#include <string.h>

/* Bumped whenever this table, haven_reader_ops or struct haven_traj change. */
#define HAVEN_PLUGIN_ABI 3
#define HAVEN_PLUGIN_FILE "haven_formats.so"
#define HAVEN_PLUGIN_ENTRY "haven_formats_readers"
/* MPI builds with Debian's parallel HDF5 (hdf5-openmpi): the same H5MD
 * reader compiled against it (HAVEN_H5MD_MPIO), whose reader has the
 * parallel ops (haven_reader_par: the file opened with the MPI-IO driver,
 * frames read by collective transfers). Same host table, own entry. */
#define HAVEN_PLUGIN_MPIO_FILE "haven_formats_mpio.so"
#define HAVEN_PLUGIN_MPIO_ENTRY "haven_formats_mpio_readers"

typedef struct {
    int abi;
    size_t traj_size; /* sizeof(struct haven_traj) on the host */
    haven_status (*fail)(haven_status s, const char *msg);
    void (*warn)(const char *msg);
    haven_status (*set_atoms)(haven_traj *t, size_t n, const char *const *symbols);
    haven_status (*alloc_frame)(haven_traj *t, int with_vel, int with_image);
    haven_status (*type_symbol)(const haven_traj *t, long type, const char **symbol);
    const char *(*element_symbol)(int z);
} haven_plugin_host;

/* The module's entry (HAVEN_PLUGIN_ENTRY): its readers, NULL-terminated, or
 * NULL when the host's ABI differs. */
typedef const haven_reader_ops *const *(*haven_plugin_entry)(const haven_plugin_host *host);

/* Host side: the MPI-IO module's reader for `format`, the module loaded on
 * first use (src/mpi/ of MPI builds); NULL when it did not load (*why, if
 * not NULL, then says what was tried). */
const haven_reader_ops *haven_plugin_mpio_reader(haven_format format, const char **why);

/* Format probes: in the host (detection must not load the module) and in
 * the module's reader tables alike. */
static inline int haven_probe_vasprun(const char *head, size_t len)
{
    (void)len;
    if (strstr(head, "<modeling"))
        return 100;
    return strstr(head, "<?xml") && strstr(head, "vasp") ? 60 : 0;
}

static inline int haven_probe_h5md(const char *head, size_t len)
{
    static const unsigned char magic[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    return len >= sizeof magic && memcmp(head, magic, sizeof magic) == 0 ? 100 : 0;
}

/* numpy .npz: a zip local header whose first member is a .npy. */
static inline int haven_probe_npz(const char *head, size_t len)
{
    if (len < 30 || memcmp(head, "PK\x03\x04", 4) != 0)
        return 0;
    size_t name_len = (unsigned char)head[26] | (size_t)(unsigned char)head[27] << 8;
    return 30 + name_len <= len && name_len >= 4 && !memcmp(head + 30 + name_len - 4, ".npy", 4)
               ? 95
               : 0;
}

/* ASE .traj: the ULM magic and the ASE-Trajectory tag. */
static inline int haven_probe_ase(const char *head, size_t len)
{
    return len >= 24 && !memcmp(head, "- of Ulm", 8) && !memcmp(head + 8, "ASE-Trajectory", 14) ? 95
                                                                                                : 0;
}

#endif
