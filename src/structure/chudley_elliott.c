/* Chudley-Elliott jump diffusion: the isotropic model and the exact powder
 * average over the directions of Q for the jump vectors of a lattice. */
#include "haven/vanhove.h"

#include <gsl/gsl_integration.h>
#include <math.h>
#include <string.h>

#define PI 3.14159265358979323846
#define N_THETA 64
#define N_PHI 128

double haven_chudley_elliott(double q, double a, double gamma, double t)
{
    double qa = q * a;
    return exp(-gamma * t * (1 - (qa > 1e-8 ? sin(qa) / qa : 1 - qa * qa / 6)));
}

double haven_chudley_elliott_powder(double q, const double (*jumps)[3], size_t n, double gamma,
                                    double t)
{
    if (n == 0)
        return NAN;
    gsl_integration_glfixed_table *gl = gsl_integration_glfixed_table_alloc(N_THETA);
    if (!gl)
        return NAN;
    double sum = 0;
    for (size_t i = 0; i < N_THETA; i++) {
        double u, w;
        gsl_integration_glfixed_point(-1, 1, i, &u, &w, gl);
        double s = sqrt(fmax(0, 1 - u * u));
        for (int k = 0; k < N_PHI; k++) { /* periodic: the trapezoid rule is spectral */
            double phi = 2 * PI * (k + 0.5) / N_PHI;
            double Q[3] = {q * s * cos(phi), q * s * sin(phi), q * u}, c = 0;
            for (size_t j = 0; j < n; j++)
                c += cos(Q[0] * jumps[j][0] + Q[1] * jumps[j][1] + Q[2] * jumps[j][2]);
            sum += w * exp(-gamma * t * (1 - c / (double)n)) / N_PHI;
        }
    }
    gsl_integration_glfixed_table_free(gl);
    return sum / 2; /* the weights integrate cos theta over [-1, 1] */
}

size_t haven_cubic_jumps(const char *lattice, double a, double (*out)[3])
{
    size_t n = 0;
    if (!strcmp(lattice, "sc")) {
        for (int k = 0; k < 3; k++)
            for (int s = -1; s <= 1; s += 2, n++) {
                out[n][0] = out[n][1] = out[n][2] = 0;
                out[n][k] = s * a;
            }
    } else if (!strcmp(lattice, "bcc")) {
        double h = a / sqrt(3.0);
        for (int i = 0; i < 8; i++, n++)
            for (int k = 0; k < 3; k++)
                out[n][k] = (i >> k & 1) ? h : -h;
    } else if (!strcmp(lattice, "fcc")) {
        double h = a / sqrt(2.0);
        for (int k = 0; k < 3; k++)
            for (int i = 0; i < 4; i++, n++) {
                out[n][k] = 0;
                out[n][(k + 1) % 3] = (i & 1) ? h : -h;
                out[n][(k + 2) % 3] = (i & 2) ? h : -h;
            }
    }
    return n;
}
