/* The subcommand table: one line per subcommand, each in its own cmd_*.c. */
#include "cli.h"

int cmd_kmc(int argc, char **argv);

const cli_command cli_commands[] = {
    {"kmc", "lattice kinetic Monte Carlo of ion hopping (D*, f, H_R, sigma, E_a)", cmd_kmc},
    {0, 0, 0},
};
