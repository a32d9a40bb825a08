/* Every trajectory format haven reads: one line per reader file. */
#include "io/reader.h"

const haven_reader_ops *const haven_readers[] = {
    NULL, /* until the first reader lands */
};
const size_t haven_n_readers = 0;
