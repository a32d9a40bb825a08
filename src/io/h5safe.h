/* Internal: HDF5 access that a damaged file can neither crash nor leave
 * unexplained, for the H5MD reader.
 *
 * libhdf5 trusts the sizes a file states: an attribute of 4096 ints read
 * into one int overruns the caller's buffer, and a compact dataset whose
 * stored size disagrees with its shape makes H5Dread copy from nowhere.
 * So every attribute's dataspace and type class are checked before
 * H5Aread, and every dataset's storage before H5Dread. HDF5's own error
 * stack is captured into haven's message instead of being printed. */
#ifndef HAVEN_SRC_IO_H5SAFE_H
#define HAVEN_SRC_IO_H5SAFE_H

#include "haven/core.h"

#include <hdf5.h>

/* Replaces HDF5's automatic error printing between begin and end (as
 * H5E_BEGIN_TRY does) with a capture of the error stack of the last
 * failing HDF5 call. */
typedef struct {
    H5E_auto2_t saved_func;
    void *saved_data;
    char msg[320]; /* "H5Dread: <innermost description>", or "" */
} haven_h5_trap;

void haven_h5_trap_begin(haven_h5_trap *trap);
void haven_h5_trap_end(const haven_h5_trap *trap);

/* haven_fail() with " (HDF5: <captured stack>)" appended when an HDF5 call
 * failed since the last begin or fail; clears the capture. */
haven_status haven_h5_fail(haven_h5_trap *trap, haven_status s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Type class, element size and dataspace of a dataset or attribute. */
typedef struct {
    H5T_class_t cls;
    size_t type_size;
    int rank; /* 0 for a scalar */
    hsize_t dims[4];
    hsize_t n; /* elements (1 for a scalar, 0 for a null dataspace) */
} haven_h5_shape;

/* 0 when the type or dataspace cannot be read, or the rank exceeds 4. */
int haven_h5_shape_of(hid_t obj, int is_attr, haven_h5_shape *sh);

/* An integer of at most 8 bytes or a float of at most 16: what converts to
 * int or double (a damaged type of 184 bytes made HDF5 overrun a chunk). */
int haven_h5_is_number(const haven_h5_shape *sh);

/* Read the numeric attribute `name` of obj (named `where` in messages) as n
 * values of memtype (H5T_NATIVE_INT or H5T_NATIVE_DOUBLE) into out, after
 * checking that it holds exactly n integers or floats. *found = 0 (and
 * HAVEN_OK) when obj has no such attribute. */
haven_status haven_h5_attr_numbers(haven_h5_trap *trap, const char *path, hid_t obj,
                                   const char *where, const char *name, hid_t memtype, size_t n,
                                   void *out, int *found);

/* The storage of dataset ds (named `where`) agrees with its shape and type:
 * compact data has exactly their size, contiguous data too and lies inside
 * the file, unfiltered chunks are whole, and the data stored can hold `need` bytes (one frame;
 * filtered data at most 1100:1 - deflate cannot pass 1032:1), so a shape read from a damaged header
 * sizes no allocation the file cannot back. */
haven_status haven_h5_check_storage(haven_h5_trap *trap, const char *path, hid_t file, hid_t ds,
                                    const char *where, hsize_t need);

#endif
