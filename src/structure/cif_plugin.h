/* Internal: the CIF module (haven_cif.so) that holds the CIF reader
 * (cif_read.c), the only code that needs the COD CIF library - which pulls
 * in ICU (~30 MB of libicudata and three more libraries). A program that
 * reads no CIF never loads them.
 *
 * A module of its own rather than a part of haven_formats.so: reading a CIF
 * then loads no HDF5/libxml2 (~35 libraries), and reading H5MD no ICU.
 * Like haven_formats.so (io/plugin.h) it uses nothing of the host by symbol
 * (-z defs): the core calls of cif_read.c go through the table below. */
#ifndef HAVEN_SRC_STRUCTURE_CIF_PLUGIN_H
#define HAVEN_SRC_STRUCTURE_CIF_PLUGIN_H

#include "structure/atoms.h"

/* Bumped whenever this table or hs_atoms change. */
#define HAVEN_CIF_PLUGIN_ABI 1
#define HAVEN_CIF_PLUGIN_FILE "haven_cif.so"
#define HAVEN_CIF_PLUGIN_ENTRY "haven_cif_reader"

typedef struct {
    int abi;
    size_t atoms_size; /* sizeof(hs_atoms) on the host */
    haven_status (*fail)(haven_status s, const char *msg);
    int (*element_z)(const char *symbol);
    double (*cell_inverse)(const double cell[3][3], double inv[3][3]);
} haven_cif_host;

/* The module's reader: fills a (zeroed on entry) from the CIF at path; on
 * failure a may hold partial arrays, which the host frees. */
typedef haven_status (*haven_cif_read)(const char *path, hs_atoms *a);

/* The module's entry (HAVEN_CIF_PLUGIN_ENTRY): its reader, or NULL when the
 * host's ABI differs. */
typedef haven_cif_read (*haven_cif_entry)(const haven_cif_host *host);

/* That reader, in the module (cif_read.c). */
haven_status hs_cif_read(const char *path, hs_atoms *a);

#endif
