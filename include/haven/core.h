/* haven core: status codes, error messages, version, physical constants.
 *
 * Every fallible call in libhaven returns a haven_status; on failure
 * haven_last_error() returns a message (thread-local) naming the file,
 * line or frame and what was expected. The library never prints, exits
 * or aborts on user data. */
#ifndef HAVEN_CORE_H
#define HAVEN_CORE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(HAVEN_BUILDING)
#define HAVEN_API __attribute__((visibility("default")))
#else
#define HAVEN_API
#endif

typedef enum {
    HAVEN_OK = 0,
    HAVEN_EOF = 1,          /* end of data reached (not an error for readers) */
    HAVEN_ERR_IO = -1,      /* cannot open/read/write a file */
    HAVEN_ERR_FORMAT = -2,  /* input does not follow the expected format */
    HAVEN_ERR_VALUE = -3,   /* a value is out of range, NaN or inconsistent */
    HAVEN_ERR_NOMEM = -4,   /* allocation failed */
    HAVEN_ERR_ARG = -5,     /* invalid argument from the caller */
    HAVEN_ERR_NUMERIC = -6, /* a numerical method failed (singular, no convergence) */
    HAVEN_ERR_DATA = -7     /* not enough data for the requested analysis */
} haven_status;

/* Message for the last failure on this thread ("" if none). Thread-safe
 * (thread-local): read it on the thread whose call failed. */
HAVEN_API const char *haven_last_error(void);
/* Short name of a status code ("io error", ...). */
HAVEN_API const char *haven_status_string(haven_status s);
HAVEN_API const char *haven_version(void);

/* Warnings: the library never prints. A caller may install a sink
 * (process-wide, set once before analysis); without one, warnings are dropped.
 * Not thread-safe: set it before starting threads that call haven; the sink
 * itself is called from whichever thread warns, so it must be thread-safe. */
typedef void (*haven_warning_fn)(const char *message, void *user);
HAVEN_API void haven_set_warning_handler(haven_warning_fn fn, void *user);

/* Progress of a long call, given in its options: `stage` names the work
 * (e.g. "load", "msd", "fit", "lambda scan"), `path` the input it is on (or
 * NULL), done of total units (total 0: unknown). Called from the calling
 * thread; it must not call back into the same handle. */
typedef void (*haven_progress_fn)(const char *stage, const char *path, size_t done, size_t total,
                                  void *user);

/* Process-wide set-up, done once and automatically when libhaven is loaded
 * (and again, as a no-op, before haven's first FFT plan):
 *  - GSL's error handler is switched off (gsl_set_error_handler_off): its
 *    default aborts the process, and haven checks every GSL status itself.
 *    A program that wants GSL's handler for its own GSL calls may set it
 *    back, but then GSL failures inside haven abort too.
 *  - FFTW's planner is made thread-safe (fftw_make_planner_thread_safe), so
 *    FFT plans may be made from any thread, by haven or by the program.
 * Calling it yourself is harmless. Thread-safe.
 *
 * Thread safety, for the whole library: any call may run concurrently with
 * any other on different objects (handles, result structs, options); one
 * object must not be used by two threads at once unless its header says so.
 * The exceptions, process-wide settings, say so in their comments. */
HAVEN_API void haven_library_init(void);

/* A measured quantity, the one shape every module reports it in: the
 * estimate, its standard error, the 95% interval (not always symmetric:
 * Student's t for few degrees of freedom, log-space for positive
 * quantities), and its SI unit as a static string ("m^2/s", "S/m", "J",
 * "1" for dimensionless; NULL when unstated). NAN marks what the data do
 * not determine. */
typedef struct {
    double value;
    double err;    /* standard error ("stderr" is a <stdio.h> macro) */
    double lo, hi; /* 95% interval */
    const char *unit;
} haven_estimate;

/* The two-sided 95% quantile: Student's t_{0.975}(dof) for dof > 0, the
 * normal 1.959964 for dof <= 0 or infinite (errors taken as known). The one
 * quantile every interval in haven uses. Thread-safe. */
HAVEN_API double haven_quantile95(double dof);
/* value +- haven_quantile95(dof) err, with the unit. Thread-safe. */
HAVEN_API haven_estimate haven_estimate_make(double value, double err, double dof,
                                             const char *unit);

/* Units of the numbers in the library's JSON documents (haven_analysis_json,
 * haven_eis_batch_json and their _units variants): a conductivity is written
 * as its S/m value times sigma_scale, named sigma_unit; a diffusion
 * coefficient as m^2/s times D_scale, named D_unit. haven_units_default():
 * mS/cm (10, "mS/cm") and cm^2/s (1e4, "cm^2/s"), as the CLI shows them.
 * The unit strings are not copied: they must outlive the call. */
typedef struct {
    double sigma_scale;
    const char *sigma_unit;
    double D_scale;
    const char *D_unit;
} haven_units;
HAVEN_API haven_units haven_units_default(void);

/* CODATA 2018 exact / recommended values, SI. */
#define HAVEN_KB 1.380649e-23             /* J/K */
#define HAVEN_E_CHARGE 1.602176634e-19    /* C */
#define HAVEN_NA 6.02214076e23            /* 1/mol */
#define HAVEN_AMU 1.66053906660e-27       /* kg */
#define HAVEN_ANGSTROM 1e-10              /* m */
#define HAVEN_FS 1e-15                    /* s */
#define HAVEN_PS 1e-12                    /* s */
#define HAVEN_EV 1.602176634e-19          /* J */
#define HAVEN_KB_EV (HAVEN_KB / HAVEN_EV) /* eV/K */

#ifdef __cplusplus
}
#endif
#endif
