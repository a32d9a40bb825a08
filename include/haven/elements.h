/* Periodic table lookups (standard atomic weights, IUPAC 2021 abridged).
 *
 * Thread safety: lookups read a constant table: thread-safe. */
#ifndef HAVEN_ELEMENTS_H
#define HAVEN_ELEMENTS_H

#include "haven/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Atomic number of an element symbol (case-sensitive "Li"), 0 if unknown. */
HAVEN_API int haven_element_z(const char *symbol);
/* Standard atomic mass in kg, or 0 if the symbol is unknown. */
HAVEN_API double haven_element_mass(const char *symbol);
HAVEN_API const char *haven_element_symbol(int z);

#ifdef __cplusplus
}
#endif
#endif
