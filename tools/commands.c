/* The subcommand table: one line per subcommand, each in its own cmd_*.c. */
#include "cli.h"

int cmd_fit(int argc, char **argv);

const cli_command cli_commands[] = {
    {"fit", "fit experimental transport data (Arrhenius, PFG, BPP, ...)", cmd_fit},
    {0, 0, 0},
};
