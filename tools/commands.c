/* The subcommand table: one line per subcommand, each in its own cmd_*.c. */
#include "cli.h"

int cmd_eis(int argc, char **argv);

const cli_command cli_commands[] = {
    {"eis", "impedance spectra: read, fit circuits, Lin-KK, conductivity vs T", cmd_eis},
    {0, 0, 0},
};
