/* Gyromagnetic ratios for PFG-NMR. gamma_X = (Xi_X / 100) gamma'_p where Xi
 * is the IUPAC 2001 frequency ratio of the nuclide's reference compound to
 * 1H in TMS (R. K. Harris et al., Pure Appl. Chem. 73, 1795 (2001))
 * and gamma'_p/2pi = 42.576 384 74 MHz/T is the CODATA 2018 shielded proton
 * value. Shielding of the reference compounds makes these differ from bare
 * nuclei by < 1e-3 relative, far below PFG gradient calibration errors.
 * Magnitudes only: the Stejskal-Tanner b-value contains gamma^2. */
#include "haven/fit.h"

#include <math.h>
#include <string.h>

#define GAMMA_PROTON_SHIELDED (2.0 * 3.14159265358979323846 * 42.57638474e6)

static const struct {
    const char *name;
    double xi; /* percent */
} nuclei[] = {
    {"1H", 100.000000},  {"2H", 15.350609},   {"6Li", 14.716086},  {"7Li", 38.863797},
    {"9Be", 14.051813},  {"11B", 32.083974},  {"13C", 25.145020},  {"15N", 10.136767},
    {"17O", 13.556457},  {"19F", 94.094011},  {"23Na", 26.451900}, {"25Mg", 6.121635},
    {"27Al", 26.056859}, {"29Si", 19.867187}, {"31P", 40.480742},  {"35Cl", 9.797909},
    {"39K", 4.666373},   {"43Ca", 6.730029},  {"67Zn", 6.256803},  {"133Cs", 13.116142},
};

double haven_nucleus_gamma(const char *name)
{
    if (!name)
        return 0.0;
    for (size_t i = 0; i < sizeof nuclei / sizeof nuclei[0]; i++)
        if (!strcmp(nuclei[i].name, name))
            return nuclei[i].xi / 100.0 * GAMMA_PROTON_SHIELDED;
    return 0.0;
}

const char *haven_nucleus_name(size_t i)
{
    return i < sizeof nuclei / sizeof nuclei[0] ? nuclei[i].name : NULL;
}
