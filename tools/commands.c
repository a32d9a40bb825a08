/* The subcommand table: one line per subcommand, each in its own cmd_*.c. */
#include "cli.h"

const cli_command cli_commands[] = {
    {0, 0, 0},
};
