/* haven: command-line entry point; dispatches to one file per subcommand. */
#include "cli.h"
#include "html_report.h"
#include "progress.h"
#include "units_cli.h"

#include "haven/core.h"


#include <stdio.h>
#include <string.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

static void usage(FILE *out)
{
    fprintf(out,
            "usage: haven <command> [options] FILES...\n\n"
            "Analysis of ion transport in electrolytes (haven %s).\n\ncommands:\n",
            haven_version());
    for (const cli_command *c = cli_commands; c->name; c++)
        fprintf(out, "  %-12s %s\n", c->name, c->summary);
    fprintf(out, "\nevery command also takes:\n"
                 "  --quiet      no progress and no notes on stderr (warnings and errors stay)\n"
                 "  --progress   progress on stderr even when it is not a terminal\n"
                 CLI_UNITS_HELP
                 "\n'haven <command> --help' describes a command.\n"
                 "example: haven diffusion run.dump --types 1=Li,2=Cl --timestep 1 --stride 100\n");
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return CLI_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("haven %s\n", haven_version());
        return CLI_OK;
    }
    cli_install_warnings();
    for (const cli_command *c = cli_commands; c->name; c++)
        if (!strcmp(argv[1], c->name))
            return c->run(argc - 1, argv + 1);
    cli_error("unknown command '%s' (see 'haven --help')", argv[1]);
    return CLI_USAGE;
}

/* --quiet, --progress and --units are accepted by every command, anywhere:
 * taken out of argv here. Returns the new argc, or -1 after a bad --units. */
static int take_global_options(int argc, char **argv)
{
    int n = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--units") || !strncmp(argv[i], "--units=", 8)) {
            const char *v = argv[i][7] == '=' ? argv[i] + 8 : i + 1 < argc ? argv[++i] : NULL;
            if (!v) {
                cli_error("--units: expected a unit, e.g. --units S/cm");
                return -1;
            }
            if (cli_units_parse(v) != 0)
                return -1;
        } else if (!strcmp(argv[i], "--quiet")) {
            cli_progress_mode = CLI_PROGRESS_OFF;
            cli_quiet = 1;
        } else if (!strcmp(argv[i], "--progress")) {
            if (!cli_quiet)
                cli_progress_mode = CLI_PROGRESS_ON;
        } else {
            argv[n++] = argv[i];
        }
    }
    argv[n] = NULL;
    return n;
}

/* Blocks of up to 32 MB that are freed stay in the heap for the next
 * allocation, instead of going back to the system and being faulted in
 * and zeroed again: the fits and the FFT plans allocate and free their
 * work arrays many times (1400 of the 2200 page faults of `haven
 * diffusion`, each a trap into the kernel). A command is a short-lived
 * process: holding on to its peak costs nothing. (glibc; elsewhere the
 * allocator's own policy stays.) */
static void malloc_policy(void)
{
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

int main(int argc, char **argv)
{
    malloc_policy();
    cli_report_set_argv(argc, argv);
    argc = take_global_options(argc, argv);
    if (argc < 0)
        return CLI_USAGE;
    int lean = argc < 2 || !strcmp(argv[1], "--version") || !strcmp(argv[1], "--help");
    if (!lean) /* MPI start-up is slow: not for --version */
        cli_mpi_begin(&argc, &argv);
    int rc = cli_finish_stdout(dispatch(argc, argv));
    return lean ? rc : cli_mpi_end(rc);
}
