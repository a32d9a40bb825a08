/* Fuzz target for the EIS spectrum reader: the input read with format
 * detection, then forced through every instrument format, with the three
 * sign options in turn. A spectrum that reads must be sorted and finite. */
#include "fuzz_file.h"

#include "haven/eis.h"

#include <math.h>
#include <stdint.h>

static const char *const FORMATS[] = {NULL, "csv", "biologic", "gamry", "zview", "versastudio"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    for (size_t k = 0; k < sizeof FORMATS / sizeof FORMATS[0]; k++) {
        haven_eis_data d;
        haven_eis_sign sign = (haven_eis_sign)(k % 3);
        if (haven_eis_read(path, FORMATS[k], sign, &d) != HAVEN_OK)
            continue;
        for (size_t i = 0; i < d.n; i++) {
            if (!(d.freq[i] > 0) || !isfinite(d.freq[i]) || !isfinite(d.zre[i]) ||
                !isfinite(d.zim[i]) || (i > 0 && d.freq[i] < d.freq[i - 1]))
                abort(); /* the reader promised a valid, sorted spectrum */
        }
        haven_eis_data_free(&d);
    }
    return 0;
}
