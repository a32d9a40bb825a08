/* The host's side of the CIF module (see cif_plugin.h): hs_atoms_from_cif
 * loads haven_cif.so on the first CIF read and hands the file to it. */
#include "core/error.h"
#include "haven/elements.h"
#include "io/plugin_load.h"
#include "series/cell.h"
#include "structure/cif_plugin.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static haven_status host_fail(haven_status s, const char *msg)
{
    return haven_fail(s, "%s", msg);
}

static const haven_cif_host host = {
    .abi = HAVEN_CIF_PLUGIN_ABI,
    .atoms_size = sizeof(hs_atoms),
    .fail = host_fail,
    .element_z = haven_element_z,
    .cell_inverse = haven_cell_inverse,
};

/* The loaded module, set once (pthread_once) and never unloaded. */
static struct {
    haven_cif_read read;
    char why[1536]; /* what was tried, when nothing loaded */
} module;
static pthread_once_t module_once = PTHREAD_ONCE_INIT;

static void load_module(void)
{
    void *h = haven_plugin_dlopen(HAVEN_CIF_PLUGIN_FILE, module.why, sizeof module.why);
    if (!h)
        return;
    haven_cif_entry entry;
    *(void **)&entry = dlsym(h, HAVEN_CIF_PLUGIN_ENTRY);
    module.read = entry ? entry(&host) : NULL;
    if (!module.read) {
        snprintf(module.why, sizeof module.why,
                 "%s is from another build of haven (CIF module ABI differs)",
                 HAVEN_CIF_PLUGIN_FILE);
        dlclose(h);
    }
}

haven_status hs_atoms_from_cif(const char *path, hs_atoms *a)
{
    memset(a, 0, sizeof *a);
    pthread_once(&module_once, load_module);
    if (!module.read)
        return haven_fail(HAVEN_ERR_IO,
                          "%s: reading CIF needs haven's CIF module %s, which did not load "
                          "(tried %s); set HAVEN_PLUGIN_DIR to the folder that holds it",
                          path, HAVEN_CIF_PLUGIN_FILE, module.why);
    haven_status s = module.read(path, a);
    if (s != HAVEN_OK)
        hs_atoms_clear(a);
    return s;
}
