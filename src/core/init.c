/* Process-wide set-up of the libraries haven calls, done once.
 *
 * Two pieces of state in FFTW and GSL are process-wide and would make
 * concurrent haven calls on separate objects unsafe: FFTW's planner is not
 * reentrant, and GSL's default error handler aborts the process. Both are
 * configured here, once, before any haven call can run: from the shared
 * library's constructor, and again (a no-op then) from every entry point
 * that plans an FFT, for programs linking the static archive. */
#include "haven/core.h"

#include <fftw3.h>
#include <gsl/gsl_errno.h>
#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_once(void)
{
    /* haven checks every GSL status itself; the handler must not abort. */
    gsl_set_error_handler_off();
    /* A lock around every FFTW planner call in the process (libfftw3_threads),
     * so plans may be made and destroyed from any thread. */
    fftw_make_planner_thread_safe();
    /* libxml2's one initialisation is the reader module's (plugin_module.c). */
}

void haven_library_init(void)
{
    pthread_once(&once, init_once);
}

__attribute__((constructor)) static void haven_library_constructor(void)
{
    haven_library_init();
}
