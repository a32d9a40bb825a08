/* Fuzz target for the equivalent-circuit parser: parse the input as a
 * circuit string; a circuit that parses must name every parameter and
 * evaluate (with derivatives) at a few frequencies. */
#include "fuzz_file.h"

#include "haven/eis.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    haven_eis_circuit *c;
    haven_status st = haven_eis_circuit_parse(text, &c);
    free(text);
    if (st != HAVEN_OK)
        return 0;
    size_t np = haven_eis_circuit_n_params(c);
    for (size_t i = 0; i < np; i++) {
        const char *name = haven_eis_circuit_param_name(c, i);
        if (!name || !haven_eis_circuit_param_unit(c, i) || haven_eis_circuit_find(c, name) < 0)
            abort(); /* every parameter has a name and a unit, found by name */
    }
    enum { NF = 4 };
    const double freq[NF] = {1e-2, 1, 1e3, 1e6};
    double *p = malloc((np ? np : 1) * sizeof *p), zre[NF], zim[NF];
    double *jac = malloc((np ? np : 1) * 2 * NF * sizeof *jac);
    if (p && jac) {
        for (size_t i = 0; i < np; i++)
            p[i] = 0.5; /* inside every element's range (alpha < 1) */
        (void)haven_eis_circuit_eval(c, p, freq, NF, zre, zim, jac);
    }
    free(p);
    free(jac);
    haven_eis_circuit_free(c);
    return 0;
}
