/* The CIF module's side (see cif_plugin.h): the core calls cif_read.c
 * makes, forwarded to the host that loaded it, and the entry point (the
 * only symbol exported; -z defs makes a call not forwarded here fail the
 * build rather than the load). */
#include "core/error.h"
#include "haven/elements.h"
#include "io/plugin_fail.h"
#include "series/cell.h"
#include "structure/cif_plugin.h"

static const haven_cif_host *host;

int haven_element_z(const char *symbol)
{
    return host->element_z(symbol);
}

double haven_cell_inverse(const double cell[3][3], double inv[3][3])
{
    return host->cell_inverse(cell, inv);
}

__attribute__((visibility("default"))) haven_cif_read haven_cif_reader(const haven_cif_host *h)
{
    if (!h || h->abi != HAVEN_CIF_PLUGIN_ABI || h->atoms_size != sizeof(hs_atoms))
        return NULL;
    host = h; /* the same table on every load: set before the reader runs */
    haven_plugin_fail_to = h->fail;
    return hs_cif_read;
}
