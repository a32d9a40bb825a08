#include "fixture.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI /* not declared under strict _POSIX_C_SOURCE */
#define M_PI 3.14159265358979323846
#endif

/* Deterministic normal deviates (xorshift + Box-Muller): tests must not
 * depend on the platform's rand(). */
static double uniform01(unsigned long long *st)
{
    *st ^= *st << 13;
    *st ^= *st >> 7;
    *st ^= *st << 17;
    return ((*st >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static double normal(unsigned long long *st)
{
    double u1 = uniform01(st), u2 = uniform01(st);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

static void invert3(const double m[3][3], double inv[3][3])
{
    double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
                 m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
                 m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            int a = (j + 1) % 3, b = (j + 2) % 3, c = (i + 1) % 3, d = (i + 2) % 3;
            inv[i][j] = (m[a][c] * m[b][d] - m[a][d] * m[b][c]) / det;
        }
}

int fixture_make(fixture_system *s, size_t n_atoms, size_t n_frames, unsigned seed, int triclinic,
                 int npt)
{
    memset(s, 0, sizeof *s);
    s->n_atoms = n_atoms;
    s->n_frames = n_frames;
    s->symbols = calloc(n_atoms, sizeof *s->symbols);
    s->pos = calloc(n_atoms * n_frames, sizeof *s->pos);
    s->cell = calloc(n_frames, sizeof *s->cell);
    if (!s->symbols || !s->pos || !s->cell)
        return -1;
    s->timestep_fs = 2.0;
    s->stride = 10;
    s->temperature = 600.0;
    for (size_t i = 0; i < n_atoms; i++) {
        const char *sym = (n_atoms >= 6 && i % 6 == 5) ? "La" : (i % 2 ? "Cl" : "Li");
        strcpy(s->symbols[i], sym);
    }
    unsigned long long st = 0x9E3779B97F4A7C15ULL ^ seed;
    for (size_t f = 0; f < n_frames; f++) {
        double scale = npt ? 1.0 + 0.02 * sin(0.3 * (double)f) : 1.0;
        double base[3][3] = {{10.0, 0, 0}, {0, 11.0, 0}, {0, 0, 12.0}};
        if (triclinic) {
            base[1][0] = 2.0;
            base[2][0] = -1.5;
            base[2][1] = 1.0;
        }
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                s->cell[f][a][b] = base[a][b] * scale;
        for (size_t i = 0; i < n_atoms; i++) {
            double *r = s->pos[f * n_atoms + i];
            for (int k = 0; k < 3; k++)
                r[k] = f == 0 ? 10.0 * uniform01(&st)
                              : s->pos[(f - 1) * n_atoms + i][k] + 0.3 * normal(&st);
        }
    }
    return 0;
}

void fixture_free(fixture_system *s)
{
    free(s->symbols);
    free(s->pos);
    free(s->cell);
    memset(s, 0, sizeof *s);
}

void fixture_wrapped(const fixture_system *s, size_t f, size_t i, double cart[3], double frac[3],
                     int image[3])
{
    double inv[3][3];
    invert3(s->cell[f], inv);
    const double *r = s->pos[f * s->n_atoms + i];
    for (int k = 0; k < 3; k++) {
        double u = r[0] * inv[0][k] + r[1] * inv[1][k] + r[2] * inv[2][k];
        double fl = floor(u);
        frac[k] = u - fl;
        if (frac[k] >= 1.0)
            frac[k] = 0.0;
        image[k] = (int)fl;
    }
    for (int k = 0; k < 3; k++)
        cart[k] =
            frac[0] * s->cell[f][0][k] + frac[1] * s->cell[f][1][k] + frac[2] * s->cell[f][2][k];
}
