/* The packed layout of pair-indexed arrays (haven/msd.h). */
#include "haven/msd.h"

size_t haven_pair_index(size_t a, size_t b, size_t n)
{
    if (a > b) {
        size_t t = a;
        a = b;
        b = t;
    }
    return a * n - a * (a - 1) / 2 + (b - a);
}
