/* The subcommand table: one line per subcommand, each in its own cmd_*.c. */
#include "cli.h"

int cmd_analyze(int argc, char **argv);
int cmd_arrhenius(int argc, char **argv);
int cmd_density(int argc, char **argv);
int cmd_diffusion(int argc, char **argv);
int cmd_eis(int argc, char **argv);
int cmd_fit(int argc, char **argv);
int cmd_kmc(int argc, char **argv);
int cmd_rotation(int argc, char **argv);
int cmd_sites(int argc, char **argv);
int cmd_vanhove(int argc, char **argv);

const cli_command cli_commands[] = {
    {"analyze", "transport summary: D*, sigma, Haven ratio, transference, Onsager, tensor",
     cmd_analyze},
    {"arrhenius", "activation energy and 300 K extrapolation across temperatures", cmd_arrhenius},
    {"density", "probability density of a species: cube/CHGCAR, percolation, barrier",
     cmd_density},
    {"diffusion", "tracer diffusion coefficients D* from MD trajectories", cmd_diffusion},
    {"eis", "impedance spectra: read, fit circuits, Lin-KK, DRT, conductivity", cmd_eis},
    {"fit", "fit experimental transport data (Arrhenius, PFG, BPP, ...)", cmd_fit},
    {"kmc", "lattice kinetic Monte Carlo of ion hopping (D*, f, H_R, sigma, E_a)", cmd_kmc},
    {"rotation", "polyanion reorientation times and their coupling to cation motion",
     cmd_rotation},
    {"sites", "site occupancies, jumps and rates between site types, f = D*/D_jump", cmd_sites},
    {"vanhove", "van Hove self/distinct, RDF, F_s(Q,t) with KWW fits, Chudley-Elliott",
     cmd_vanhove},
    {0, 0, 0},
};
