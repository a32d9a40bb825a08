/* The reader module's side (see plugin.h): its reader table, and the core
 * calls its readers make, forwarded to the host that loaded it. Only the
 * entry point is exported; the module is linked with -z defs, so a core
 * call not forwarded here fails the build rather than the load. */
#include "io/plugin.h"

#include "core/error.h"
#include "haven/elements.h"
#include "io/plugin_fail.h"

#include <stdarg.h>
#include <stdio.h>

#ifndef HAVEN_H5MD_MPIO
#include <libxml/parser.h>

extern const haven_reader_ops haven_reader_vasprun;
extern const haven_reader_ops haven_reader_npz;
extern const haven_reader_ops haven_reader_asetraj;
#endif
extern const haven_reader_ops haven_reader_h5md;

static const haven_plugin_host *host;

void haven_warn(const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    host->warn(msg);
}

haven_status haven_traj_set_atoms(haven_traj *t, size_t n, const char *const *symbols)
{
    return host->set_atoms(t, n, symbols);
}

haven_status haven_traj_alloc_frame(haven_traj *t, int with_vel, int with_image)
{
    return host->alloc_frame(t, with_vel, with_image);
}

haven_status haven_traj_type_symbol(const haven_traj *t, long type, const char **symbol)
{
    return host->type_symbol(t, type, symbol);
}

const char *haven_element_symbol(int z)
{
    return host->element_symbol(z);
}

/* The host's table, checked: the same on every load, set before any
 * reader runs. */
static int take_host(const haven_plugin_host *h)
{
    if (!h || h->abi != HAVEN_PLUGIN_ABI || h->traj_size != sizeof(struct haven_traj))
        return 0;
    host = h;
    haven_plugin_fail_to = h->fail;
    return 1;
}

#ifndef HAVEN_H5MD_MPIO
__attribute__((visibility("default"))) const haven_reader_ops *const *
haven_formats_readers(const haven_plugin_host *h)
{
    static const haven_reader_ops *const readers[] = {
        &haven_reader_vasprun, &haven_reader_h5md, &haven_reader_npz, &haven_reader_asetraj, NULL};
    if (!take_host(h))
        return NULL;
    /* libxml2 wants its global tables built once, before threads parse: the
     * host loads the module once (pthread_once), before the first parse. */
    xmlInitParser();
    return readers;
}
#else
/* haven_formats_mpio.so: the H5MD reader alone, on parallel HDF5. */
__attribute__((visibility("default"))) const haven_reader_ops *const *
haven_formats_mpio_readers(const haven_plugin_host *h)
{
    static const haven_reader_ops *const readers[] = {&haven_reader_h5md, NULL};
    return take_host(h) ? readers : NULL;
}
#endif
