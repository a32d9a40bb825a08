/* Shared pieces of the haven command-line tool. */
#ifndef HAVEN_TOOLS_CLI_H
#define HAVEN_TOOLS_CLI_H

#include "haven/parallel.h"
#include "haven/arrhenius.h"

#include <stdio.h>

/* Exit codes (STYLE.md): 0 success, 1 bad input or failed analysis, 2 usage. */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

typedef struct {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv); /* argv[0] is the subcommand name */
} cli_command;

/* The table of subcommands, in tools/commands.c. */
extern const cli_command cli_commands[];

/* Print "haven: <msg>" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Report the library's last error with a prefix and return CLI_FAIL. */
int cli_lib_error(const char *context);

/* Strict number parsing: the whole string must be a finite number. */
int cli_parse_double(const char *s, double *out);
int cli_parse_long(const char *s, long *out);
/* Parse sizes like "256M", "2G", "1000000" into bytes. */
int cli_parse_bytes(const char *s, size_t *out);

/* Install a warning sink printing "haven: warning: ..." on stderr. */
void cli_install_warnings(void);

/* Output files (tools/outfile.c). A regular file, or a new one, is written
 * atomically: PATH.tmp.<pid>, renamed over PATH on commit (for a symlink,
 * over its target, in the target's directory, so the link stays a link);
 * abort removes it, and so does SIGINT, SIGTERM or SIGHUP. Devices, FIFOs
 * and dangling links are written in place. Every write error is reported
 * ("error writing PATH: ...") and makes commit return -1. */
typedef struct {
    FILE *fp;
    char *path; /* as named */
    char *dest; /* what the rename replaces; NULL when written in place */
    char *tmp;
    void *slot; /* registration for removal by a signal */
} cli_outfile;
int cli_outfile_open(cli_outfile *f, const char *path);
int cli_outfile_commit(cli_outfile *f);
void cli_outfile_abort(cli_outfile *f);

/* Files written together, all or nothing: each is written to its
 * temporary file, and the commit renames them only once every one is
 * complete (on a failure it removes them all). Zero-initialise; open
 * returns the stream to write, or NULL (reported), and closes the
 * previous file: write them one after the other. */
typedef struct {
    cli_outfile *f;
    size_t n, cap;
} cli_outset;
FILE *cli_outset_open(cli_outset *s, const char *path);
int cli_outset_commit(cli_outset *s);
void cli_outset_abort(cli_outset *s);

/* Close standard output at exit: a write error (a full disk, /dev/full)
 * is reported and turns success into CLI_FAIL. Returns the exit code. */
int cli_finish_stdout(int rc);

/* MPI around a command (tools/cli_mpi.c; no-ops without HAVEN_MPI). */
void cli_mpi_begin(int *argc, char ***argv);
int cli_mpi_end(int rc);
/* This process's share of the work under mpirun with 2+ ranks, else NULL. */
const haven_partition *cli_partition(void);

/* Warn on stderr when an Arrhenius fit's points scatter more than their
 * errors (the errors were widened by the Birge ratio). */
void cli_arrhenius_warning(const char *what, const haven_arrhenius_result *a);

#endif
