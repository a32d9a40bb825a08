/* HDF5 error capture, checked attribute reads and dataset storage checks
 * (see h5safe.h). */
#include "io/h5safe.h"

#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Deflate's best ratio is 1032:1; allow a little more for other filters. */
#define H5SAFE_MAX_RATIO 1100

/* Walked downward, entry 0 is the API call haven made and the last entry
 * is where HDF5 found the problem: keep both. */
static herr_t walk_entry(unsigned n, const H5E_error2_t *e, void *data)
{
    haven_h5_trap *trap = data;
    char minor[128] = "";
    if (n == 0)
        snprintf(trap->msg, sizeof trap->msg, "%s", e->func_name ? e->func_name : "HDF5");
    if (!e->desc || !e->desc[0])
        H5Eget_msg(e->min_num, NULL, minor, sizeof minor);
    size_t api = strcspn(trap->msg, ":");
    snprintf(trap->msg + api, sizeof trap->msg - api, ": %s",
             e->desc && e->desc[0] ? e->desc : minor);
    return 0;
}

static herr_t capture(hid_t estack, void *data)
{
    (void)estack; /* H5E_DEFAULT: the stack of the call that just failed */
    haven_h5_trap *trap = data;
    trap->msg[0] = '\0';
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, walk_entry, trap);
    return 0;
}

void haven_h5_trap_begin(haven_h5_trap *trap)
{
    trap->msg[0] = '\0';
    H5Eget_auto2(H5E_DEFAULT, &trap->saved_func, &trap->saved_data);
    H5Eset_auto2(H5E_DEFAULT, capture, trap);
}

void haven_h5_trap_end(const haven_h5_trap *trap)
{
    H5Eset_auto2(H5E_DEFAULT, trap->saved_func, trap->saved_data);
}

haven_status haven_h5_fail(haven_h5_trap *trap, haven_status s, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!trap->msg[0])
        return haven_fail(s, "%s", msg);
    haven_status r = haven_fail(s, "%s (HDF5: %s)", msg, trap->msg);
    trap->msg[0] = '\0';
    return r;
}

int haven_h5_shape_of(hid_t obj, int is_attr, haven_h5_shape *sh)
{
    memset(sh, 0, sizeof *sh);
    hid_t ft = is_attr ? H5Aget_type(obj) : H5Dget_type(obj);
    hid_t sp = is_attr ? H5Aget_space(obj) : H5Dget_space(obj);
    int rank = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1;
    hssize_t n = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    int ok = ft >= 0 && rank >= 0 && rank <= 4 && n >= 0 &&
             (rank == 0 || H5Sget_simple_extent_dims(sp, sh->dims, NULL) == rank);
    if (ok) {
        sh->cls = H5Tget_class(ft);
        sh->type_size = H5Tget_size(ft);
        sh->rank = rank;
        sh->n = (hsize_t)n;
    }
    if (ft >= 0)
        H5Tclose(ft);
    if (sp >= 0)
        H5Sclose(sp);
    return ok && sh->cls != H5T_NO_CLASS && sh->type_size > 0;
}

static const char *class_name(H5T_class_t c)
{
    switch (c) {
    case H5T_INTEGER: return "integer";
    case H5T_FLOAT: return "float";
    case H5T_STRING: return "string";
    case H5T_COMPOUND: return "compound";
    case H5T_ARRAY: return "array";
    case H5T_VLEN: return "variable-length";
    default: return "non-numeric";
    }
}

/* The open attribute a holds n integers or floats: checked, then read. */
static haven_status read_numbers(haven_h5_trap *trap, const char *path, hid_t a, const char *where,
                                 const char *name, hid_t memtype, size_t n, void *out)
{
    haven_h5_shape sh;
    if (!haven_h5_shape_of(a, 1, &sh))
        return haven_h5_fail(trap, HAVEN_ERR_FORMAT, "%s: %s: cannot read attribute '%s'", path,
                             where, name);
    if (!haven_h5_is_number(&sh) || sh.n != n)
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: %s: attribute '%s' holds %llu %s value(s), expected %zu number(s)",
                          path, where, name, (unsigned long long)sh.n, class_name(sh.cls), n);
    if (H5Aread(a, memtype, out) < 0)
        return haven_h5_fail(trap, HAVEN_ERR_FORMAT, "%s: %s: cannot read attribute '%s'", path,
                             where, name);
    return HAVEN_OK;
}

haven_status haven_h5_attr_numbers(haven_h5_trap *trap, const char *path, hid_t obj,
                                   const char *where, const char *name, hid_t memtype, size_t n,
                                   void *out, int *found)
{
    *found = 0;
    htri_t e = H5Aexists(obj, name);
    if (e < 0)
        return haven_h5_fail(trap, HAVEN_ERR_FORMAT, "%s: %s: cannot look up attribute '%s'", path,
                             where, name);
    if (e == 0)
        return HAVEN_OK;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0)
        return haven_h5_fail(trap, HAVEN_ERR_FORMAT, "%s: %s: cannot open attribute '%s'", path,
                             where, name);
    haven_status s = read_numbers(trap, path, a, where, name, memtype, n, out);
    H5Aclose(a);
    *found = s == HAVEN_OK;
    return s;
}

int haven_h5_is_number(const haven_h5_shape *sh)
{
    return (sh->cls == H5T_INTEGER && sh->type_size <= 8) ||
           (sh->cls == H5T_FLOAT && sh->type_size <= 16);
}

/* Layout, filter count, stored bytes and file offset of a dataset, and the
 * bytes of one chunk (0 unless chunked). */
static int storage_of(hid_t ds, const haven_h5_shape *sh, H5D_layout_t *layout, int *filters,
                      hsize_t *stored, haddr_t *addr, hsize_t *chunk)
{
    hsize_t cdims[H5S_MAX_RANK];
    hid_t pl = H5Dget_create_plist(ds);
    if (pl < 0)
        return 0;
    *layout = H5Pget_layout(pl);
    *filters = H5Pget_nfilters(pl);
    *chunk = 0;
    if (*layout == H5D_CHUNKED && sh->rank > 0 && H5Pget_chunk(pl, sh->rank, cdims) == sh->rank) {
        *chunk = sh->type_size;
        for (int k = 0; k < sh->rank; k++)
            *chunk = cdims[k] == 0 || *chunk <= (hsize_t)-1 / cdims[k] ? *chunk * cdims[k] : 0;
    }
    H5Pclose(pl);
    *stored = H5Dget_storage_size(ds);
    *addr = H5Dget_offset(ds); /* HADDR_UNDEF unless contiguous and allocated */
    return *layout >= 0 && *filters >= 0;
}

haven_status haven_h5_check_storage(haven_h5_trap *trap, const char *path, hid_t file, hid_t ds,
                                    const char *where, hsize_t need)
{
    haven_h5_shape sh;
    H5D_layout_t layout;
    int filters;
    hsize_t stored, chunk, fsize = 0;
    haddr_t addr;
    if (!haven_h5_shape_of(ds, 0, &sh) ||
        !storage_of(ds, &sh, &layout, &filters, &stored, &addr, &chunk) ||
        H5Fget_filesize(file, &fsize) < 0)
        return haven_h5_fail(trap, HAVEN_ERR_FORMAT, "%s: %s: cannot read the dataset's layout",
                             path, where);
    /* Overflow-checked: the shape comes from the file. */
    hsize_t logical = sh.n <= (hsize_t)-1 / sh.type_size ? sh.n * sh.type_size : (hsize_t)-1;
    int contiguous = layout == H5D_CONTIGUOUS && addr != HADDR_UNDEF;
    if ((layout == H5D_COMPACT || contiguous) && stored != logical)
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: %s: %llu bytes stored, but its shape and type need %llu "
                          "(damaged file)",
                          path, where, (unsigned long long)stored, (unsigned long long)logical);
    if (contiguous && (addr > fsize || stored > fsize - addr))
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: %s: data at bytes %llu..%llu lies beyond the end of the %llu-byte "
                          "file (damaged or truncated file)",
                          path, where, (unsigned long long)addr,
                          (unsigned long long)(addr + stored), (unsigned long long)fsize);
    /* Unfiltered chunks are stored whole, edge chunks included. */
    if (layout == H5D_CHUNKED && filters == 0 && (chunk == 0 || stored % chunk != 0))
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: %s: %llu bytes stored, not a whole number of its %llu-byte chunks "
                          "(damaged file)",
                          path, where, (unsigned long long)stored, (unsigned long long)chunk);
    hsize_t room = filters == 0                               ? stored
                   : stored <= (hsize_t)-1 / H5SAFE_MAX_RATIO ? stored * H5SAFE_MAX_RATIO
                                                              : (hsize_t)-1;
    if (need > room)
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: %s: %llu bytes stored, too few for the %llu bytes of one frame "
                          "(damaged file, or data never written)",
                          path, where, (unsigned long long)stored, (unsigned long long)need);
    return HAVEN_OK;
}
