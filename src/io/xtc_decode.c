/* XTC coordinate decompression (see xtc_decode.h). */
#include "io/xtc_decode.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Sizes of the small-difference ranges: about 2^(k/3), so that three
 * differences fit in k bits. Index FIRSTIDX is the smallest in use. */
static const int magicints[] = {
    0,        0,        0,       0,       0,       0,       0,       0,       0,       8,
    10,       12,       16,      20,      25,      32,      40,      50,      64,      80,
    101,      128,      161,     203,     256,     322,     406,     512,     645,     812,
    1024,     1290,     1625,    2048,    2580,    3250,    4096,    5060,    6501,    8192,
    10321,    13003,    16384,   20642,   26007,   32768,   41285,   52015,   65536,   82570,
    104031,   131072,   165140,  208063,  262144,  330280,  416127,  524287,  660561,  832255,
    1048576,  1321122,  1664510, 2097152, 2642245, 3329021, 4194304, 5284491, 6658042, 8388607,
    10568983, 13316085, 16777216};
enum { FIRSTIDX = 9, LASTIDX = sizeof magicints / sizeof magicints[0] };

typedef struct {
    const unsigned char *buf;
    size_t n, pos;
    unsigned lastbits; /* unread bits held in lastbyte (< 8) */
    unsigned lastbyte;
    int overrun;
} bits;

static unsigned next_byte(bits *b)
{
    if (b->pos < b->n)
        return b->buf[b->pos++];
    b->overrun = 1;
    return 0;
}

/* The next nbits (<= 32) bits, most significant first. */
static unsigned receive_bits(bits *b, int nbits)
{
    uint64_t num = 0;
    while (nbits >= 8) {
        unsigned v = (b->lastbyte << 8) | next_byte(b);
        num |= (uint64_t)((v >> b->lastbits) & 0xffu) << (nbits - 8);
        b->lastbyte = v & ((1u << b->lastbits) - 1);
        nbits -= 8;
    }
    if (nbits > 0) {
        if ((int)b->lastbits < nbits) {
            b->lastbyte = (b->lastbyte << 8) | next_byte(b);
            b->lastbits += 8;
        }
        b->lastbits -= (unsigned)nbits;
        num |= (b->lastbyte >> b->lastbits) & ((1u << nbits) - 1);
        b->lastbyte &= (1u << b->lastbits) - 1;
    }
    return (unsigned)num;
}

/* Bits needed for values 0 .. size-1. */
static int bits_of(unsigned size)
{
    int n = 0;
    uint64_t v = 1;
    while (size >= v && n < 32) {
        n++;
        v <<= 1;
    }
    return n;
}

/* Bits needed for the mixed-radix number of three digits of the given
 * sizes (their product, which may exceed 64 bits: bytewise). */
static int bits_of_product(const unsigned sizes[3])
{
    unsigned char bytes[32] = {1};
    int nbytes = 1, nbits = 0;
    for (int i = 0; i < 3; i++) {
        uint64_t carry = 0;
        int k;
        for (k = 0; k < nbytes; k++) {
            carry += (uint64_t)bytes[k] * sizes[i];
            bytes[k] = carry & 0xff;
            carry >>= 8;
        }
        for (; carry && k < 32; k++) {
            bytes[k] = carry & 0xff;
            carry >>= 8;
        }
        nbytes = k;
    }
    unsigned num = 1;
    nbytes--;
    while (bytes[nbytes] >= num) {
        nbits++;
        num <<= 1;
    }
    return nbits + nbytes * 8;
}

/* Three digits of sizes[] packed in nbits bits (the mixed-radix number,
 * least significant digit first). */
static void receive_ints(bits *b, int nbits, const unsigned sizes[3], int out[3])
{
    unsigned char bytes[32] = {0};
    int nbytes = 0;
    while (nbits > 8 && nbytes < 31) {
        bytes[nbytes++] = (unsigned char)receive_bits(b, 8);
        nbits -= 8;
    }
    if (nbits > 0)
        bytes[nbytes++] = (unsigned char)receive_bits(b, nbits);
    for (int i = 2; i > 0; i--) {
        uint64_t num = 0;
        for (int j = nbytes - 1; j >= 0; j--) {
            num = (num << 8) | bytes[j];
            uint64_t q = num / sizes[i];
            bytes[j] = (unsigned char)q;
            num -= q * sizes[i];
        }
        out[i] = (int)num;
    }
    out[0] = (int)(bytes[0] | (unsigned)bytes[1] << 8 | (unsigned)bytes[2] << 16 |
                   (unsigned)bytes[3] << 24);
}

static int fail(char *err, size_t cap, const char *msg)
{
    snprintf(err, cap, "%s", msg);
    return -1;
}

static void put(float *out, const int64_t c[3], float inv)
{
    for (int k = 0; k < 3; k++)
        out[k] = (float)c[k] * inv;
}

/* The state of one frame's decoding. */
typedef struct {
    bits b;
    unsigned sizeint[3], bitsizeint[3];
    int large;   /* a range above 2^24: each integer in its own bits */
    int bitsize; /* else: bits of the three packed together */
    int smallidx, smaller, smallnum;
    float inv; /* nm per integer */
} decoder;

static int setup(decoder *d, const haven_xtc_params *p, char *err, size_t errcap)
{
    if (!(p->precision > 0))
        return fail(err, errcap, "precision is not positive");
    for (int k = 0; k < 3; k++) {
        int64_t range = (int64_t)p->maxint[k] - p->minint[k] + 1;
        if (range <= 0 || range > 0x7fffffff)
            return fail(err, errcap, "coordinate range out of bounds");
        d->sizeint[k] = (unsigned)range;
        d->large |= d->sizeint[k] > 0xffffff;
    }
    for (int k = 0; d->large && k < 3; k++)
        d->bitsizeint[k] = (unsigned)bits_of(d->sizeint[k]);
    if (!d->large)
        d->bitsize = bits_of_product(d->sizeint);
    d->smallidx = p->smallidx;
    if (d->smallidx < FIRSTIDX || d->smallidx >= LASTIDX)
        return fail(err, errcap, "small-difference size index out of range");
    d->smaller = magicints[d->smallidx - 1 > FIRSTIDX ? d->smallidx - 1 : FIRSTIDX] / 2;
    d->smallnum = magicints[d->smallidx] / 2;
    d->inv = 1.0f / p->precision;
    return 0;
}

/* An atom in full: the packed integers plus the minimum, within the range. */
static int full_atom(decoder *d, const haven_xtc_params *p, int64_t c[3], char *err, size_t cap)
{
    int raw[3];
    if (d->large)
        for (int k = 0; k < 3; k++)
            raw[k] = (int)receive_bits(&d->b, (int)d->bitsizeint[k]);
    else
        receive_ints(&d->b, d->bitsize, d->sizeint, raw);
    for (int k = 0; k < 3; k++) {
        c[k] = (int64_t)(unsigned)raw[k] + p->minint[k];
        if (c[k] > p->maxint[k])
            return fail(err, cap, "a coordinate lies beyond the frame's range");
    }
    return 0;
}

/* `run` / 3 atoms as small differences from the one before, after the full
 * atom `prev`; writes run/3 + 1 atoms to o. */
static float *small_run(decoder *d, int64_t prev[3], int run, float *o)
{
    unsigned size = (unsigned)magicints[d->smallidx];
    const unsigned sizes[3] = {size, size, size};
    for (int k = 0; k < run; k += 3) {
        int small[3];
        int64_t next[3];
        receive_ints(&d->b, d->smallidx, sizes, small);
        /* Differences stay within a few times the range: no wrap in 64 bits. */
        for (int j = 0; j < 3; j++)
            next[j] = prev[j] + (unsigned)small[j] - d->smallnum;
        if (k == 0) { /* the writer swapped the first two atoms of the run */
            put(o, next, d->inv);
            o += 3;
            put(o, prev, d->inv);
        } else {
            put(o, next, d->inv);
        }
        memcpy(prev, next, sizeof next);
        o += 3;
    }
    return o;
}

/* The size of the small differences follows the data, one step at a time. */
static int adapt(decoder *d, int is_smaller, char *err, size_t errcap)
{
    d->smallidx += is_smaller;
    if (d->smallidx < FIRSTIDX || d->smallidx >= LASTIDX)
        return fail(err, errcap, "small-difference size index out of range");
    if (is_smaller < 0) {
        d->smallnum = d->smaller;
        d->smaller = d->smallidx > FIRSTIDX ? magicints[d->smallidx - 1] / 2 : 0;
    } else if (is_smaller > 0) {
        d->smaller = d->smallnum;
        d->smallnum = magicints[d->smallidx] / 2;
    }
    return 0;
}

int haven_xtc_decode(const haven_xtc_params *p, const unsigned char *buf, size_t nbytes, float *out,
                     char *err, size_t errcap)
{
    decoder d = {.b = {buf, nbytes, 0, 0, 0, 0}};
    if (setup(&d, p, err, errcap) != 0)
        return -1;
    int i = 0, run = 0;
    float *o = out;
    while (i < p->natoms) {
        int64_t cur[3];
        if (full_atom(&d, p, cur, err, errcap) != 0)
            return -1;
        i++;
        int is_smaller = 0;
        if (receive_bits(&d.b, 1)) { /* a new run length, and the size step */
            run = (int)receive_bits(&d.b, 5);
            is_smaller = run % 3;
            run -= is_smaller;
            is_smaller--;
        }
        if (i + run / 3 > p->natoms)
            return fail(err, errcap, "a run of atoms extends past the atom count");
        if (run > 0) {
            o = small_run(&d, cur, run, o);
            i += run / 3;
        } else {
            put(o, cur, d.inv);
            o += 3;
        }
        if (adapt(&d, is_smaller, err, errcap) != 0)
            return -1;
        if (d.b.overrun)
            return fail(err, errcap, "packed coordinates end early (truncated frame?)");
    }
    return 0;
}
