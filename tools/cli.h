/* Shared pieces of the haven command-line tool. */
#ifndef HAVEN_TOOLS_CLI_H
#define HAVEN_TOOLS_CLI_H

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
/* Progress is shown when stderr is a terminal or --progress was given. */
extern int cli_progress_enabled;

/* Write to PATH atomically: open PATH.tmp.<pid>, and on commit rename it
 * over PATH; on abort remove it, so no half-written file is left. */
typedef struct {
    FILE *fp;
    char *path;
    char *tmp;
} cli_outfile;
int cli_outfile_open(cli_outfile *f, const char *path);
int cli_outfile_commit(cli_outfile *f);
void cli_outfile_abort(cli_outfile *f);

#endif
