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

int haven_xtc_decode(const haven_xtc_params *p, const unsigned char *buf, size_t nbytes, float *out,
                     char *err, size_t errcap)
{
    unsigned sizeint[3], bitsizeint[3] = {0, 0, 0};
    int large = 0;
    if (!(p->precision > 0))
        return fail(err, errcap, "precision is not positive");
    for (int k = 0; k < 3; k++) {
        int64_t range = (int64_t)p->maxint[k] - p->minint[k] + 1;
        if (range <= 0 || range > 0x7fffffff)
            return fail(err, errcap, "coordinate range out of bounds");
        sizeint[k] = (unsigned)range;
        large |= sizeint[k] > 0xffffff;
    }
    int bitsize = 0;
    if (large)
        for (int k = 0; k < 3; k++)
            bitsizeint[k] = (unsigned)bits_of(sizeint[k]);
    else
        bitsize = bits_of_product(sizeint);
    int smallidx = p->smallidx;
    if (smallidx < FIRSTIDX || smallidx >= LASTIDX)
        return fail(err, errcap, "small-difference size index out of range");
    int smaller = magicints[smallidx - 1 > FIRSTIDX ? smallidx - 1 : FIRSTIDX] / 2;
    int smallnum = magicints[smallidx] / 2;
    unsigned sizesmall[3] = {(unsigned)magicints[smallidx], (unsigned)magicints[smallidx],
                             (unsigned)magicints[smallidx]};
    bits b = {buf, nbytes, 0, 0, 0, 0};
    const float inv = 1.0f / p->precision;
    int i = 0, run = 0;
    float *o = out;
    while (i < p->natoms) {
        int raw[3];
        int64_t cur[3], prev[3];
        if (large)
            for (int k = 0; k < 3; k++)
                raw[k] = (int)receive_bits(&b, (int)bitsizeint[k]);
        else
            receive_ints(&b, bitsize, sizeint, raw);
        i++;
        for (int k = 0; k < 3; k++) {
            prev[k] = cur[k] = (int64_t)(unsigned)raw[k] + p->minint[k];
            if (cur[k] > p->maxint[k])
                return fail(err, errcap, "a coordinate lies beyond the frame's range");
        }
        int is_smaller = 0;
        if (receive_bits(&b, 1)) {
            run = (int)receive_bits(&b, 5);
            is_smaller = run % 3;
            run -= is_smaller;
            is_smaller--;
        }
        if (run > 0) {
            if (i + run / 3 > p->natoms)
                return fail(err, errcap, "a run of atoms extends past the atom count");
            for (int k = 0; k < run; k += 3) {
                int small[3];
                int64_t next[3];
                receive_ints(&b, smallidx, sizesmall, small);
                i++;
                /* Differences stay within a few times the range: no wrap in 64 bits. */
                for (int j = 0; j < 3; j++)
                    next[j] = prev[j] + (unsigned)small[j] - smallnum;
                if (k == 0) {
                    /* The writer swapped the first two atoms of the run. */
                    put(o, next, inv);
                    o += 3;
                    put(o, prev, inv);
                    memcpy(prev, next, sizeof prev);
                } else {
                    memcpy(prev, next, sizeof prev);
                    put(o, next, inv);
                }
                o += 3;
            }
        } else {
            put(o, cur, inv);
            o += 3;
        }
        smallidx += is_smaller;
        if (smallidx < FIRSTIDX || smallidx >= LASTIDX)
            return fail(err, errcap, "small-difference size index out of range");
        if (is_smaller < 0) {
            smallnum = smaller;
            smaller = smallidx > FIRSTIDX ? magicints[smallidx - 1] / 2 : 0;
        } else if (is_smaller > 0) {
            smaller = smallnum;
            smallnum = magicints[smallidx] / 2;
        }
        sizesmall[0] = sizesmall[1] = sizesmall[2] = (unsigned)magicints[smallidx];
        if (b.overrun)
            return fail(err, errcap, "packed coordinates end early (truncated frame?)");
    }
    return 0;
}
