/* The host's side of the reader module (see plugin.h): stand-ins for the
 * vasprun and H5MD readers that probe in place and, on open, load
 * haven_formats.so once and hand the trajectory to the module's reader.
 * Where the module is looked for: io/plugin_load.h. */
#include "io/plugin.h"

#include "core/error.h"
#include "haven/elements.h"
#include "io/plugin_load.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static haven_status host_fail(haven_status s, const char *msg)
{
    return haven_fail(s, "%s", msg);
}

static void host_warn(const char *msg)
{
    haven_warn("%s", msg);
}

static const haven_plugin_host host = {
    .abi = HAVEN_PLUGIN_ABI,
    .traj_size = sizeof(struct haven_traj),
    .fail = host_fail,
    .warn = host_warn,
    .set_atoms = haven_traj_set_atoms,
    .alloc_frame = haven_traj_alloc_frame,
    .type_symbol = haven_traj_type_symbol,
    .element_symbol = haven_element_symbol,
};

/* A loaded module, set once (pthread_once) and never unloaded. */
typedef struct {
    const haven_reader_ops *const *readers;
    char why[1536]; /* what was tried, when nothing loaded */
} loaded;
static loaded module, mpio;
static pthread_once_t module_once = PTHREAD_ONCE_INIT, mpio_once = PTHREAD_ONCE_INIT;

static void load_into(loaded *m, const char *file, const char *entry_name)
{
    void *h = haven_plugin_dlopen(file, m->why, sizeof m->why);
    if (!h)
        return;
    haven_plugin_entry entry;
    *(void **)&entry = dlsym(h, entry_name);
    m->readers = entry ? entry(&host) : NULL;
    if (!m->readers) {
        snprintf(m->why, sizeof m->why,
                 "%s is from another build of haven (reader module ABI differs)", file);
        dlclose(h);
    }
}

static void load_module(void)
{
    load_into(&module, HAVEN_PLUGIN_FILE, HAVEN_PLUGIN_ENTRY);
}

static void load_mpio(void)
{
    load_into(&mpio, HAVEN_PLUGIN_MPIO_FILE, HAVEN_PLUGIN_MPIO_ENTRY);
}

const haven_reader_ops *haven_plugin_mpio_reader(haven_format format, const char **why)
{
    pthread_once(&mpio_once, load_mpio);
    for (size_t i = 0; mpio.readers && mpio.readers[i]; i++)
        if (mpio.readers[i]->format == format && mpio.readers[i]->par)
            return mpio.readers[i];
    if (why)
        *why = mpio.readers ? "the module has no parallel reader for this format" : mpio.why;
    return NULL;
}

/* The module's reader for t's format, loading the module on first use. */
static haven_status module_open(haven_traj *t)
{
    pthread_once(&module_once, load_module);
    const haven_reader_ops *ops = NULL;
    for (size_t i = 0; module.readers && module.readers[i]; i++)
        if (module.readers[i]->format == t->ops->format)
            ops = module.readers[i];
    if (!ops)
        return haven_fail(HAVEN_ERR_IO,
                          "%s: reading %s needs haven's reader module %s, which did not load "
                          "(tried %s); set HAVEN_PLUGIN_DIR to the folder that holds it",
                          t->path, t->ops->name, HAVEN_PLUGIN_FILE,
                          module.why);
    t->ops = ops; /* from now on the module's reader serves t directly */
    return ops->open(t);
}

const haven_reader_ops haven_reader_vasprun = {
    .name = "vasprun.xml",
    .format = HAVEN_FMT_VASPRUN,
    .probe = haven_probe_vasprun,
    .open = module_open,
};

const haven_reader_ops haven_reader_h5md = {
    .name = "H5MD",
    .format = HAVEN_FMT_H5MD,
    .probe = haven_probe_h5md,
    .open = module_open,
};

const haven_reader_ops haven_reader_npz = {
    .name = "npz",
    .format = HAVEN_FMT_NPZ,
    .probe = haven_probe_npz,
    .open = module_open,
};

const haven_reader_ops haven_reader_asetraj = {
    .name = "ase",
    .format = HAVEN_FMT_ASE_TRAJ,
    .probe = haven_probe_ase,
    .open = module_open,
};
