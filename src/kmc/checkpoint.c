/* Checkpoints: one replica's complete state after a block, so that a run
 * stopped part way resumes to the same numbers as an uninterrupted one.
 * Binary, for this build (the header checks sizes and parameters), with a
 * CRC-32 of everything before it at the end: the body holds indices that
 * the engine follows without checks, so a damaged file must never reach
 * it. On top of the checksum every index is checked on load. */
#include "kmc/replica.h"

#include "core/error.h"

#include <zlib.h>

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CKPT_MAGIC "haven-kmc-ckpt-4"

/* Everything the file must agree on with the run that reads it. */
typedef struct {
    char magic[16];
    size_t n_sites, n_part, n_car, ion_size, sums_size, rng_size;
    unsigned long seed;
    long hops, equil_hops;
    int n_blocks, n_windows, vacancy_carriers, n_species, n_steps, n_levels, n_fine;
    double temperature, nu0, barrier, interaction, disorder_width, field[3];
} ckpt_header;

static void make_header(const kmc_state *s, const kmc_layout *lay, ckpt_header *h)
{
    const haven_kmc_params *p = s->p;
    memset(h, 0, sizeof *h);
    memcpy(h->magic, CKPT_MAGIC, sizeof h->magic);
    h->n_sites = s->L->n_sites;
    h->n_part = s->n_part;
    h->n_car = s->n_car;
    h->ion_size = sizeof(kmc_ion);
    h->sums_size = sizeof(kmc_window);
    h->n_steps = lay->n_steps;
    h->n_levels = lay->n_levels;
    h->n_fine = lay->n_fine;
    h->rng_size = gsl_rng_size(s->rng);
    h->seed = s->seed;
    h->hops = p->hops;
    h->equil_hops = p->equil_hops;
    h->n_blocks = p->n_blocks;
    h->n_windows = p->n_windows;
    h->vacancy_carriers = s->vacancy_carriers;
    h->n_species = (int)p->n_species;
    h->temperature = p->temperature;
    h->nu0 = p->nu0;
    h->barrier = p->barrier;
    h->interaction = p->interaction;
    h->disorder_width = p->disorder_width;
    memcpy(h->field, p->field, sizeof h->field);
}

typedef struct {
    void *data;
    size_t size;
} chunk;

/* The arrays in file order (the RNG state goes between header and these). */
static int chunks(const kmc_state *s, const kmc_progress *pr, const kmc_layout *lay,
                  const replica_out *o, chunk *c)
{
    size_t n = s->L->n_sites, nt = (size_t)lay->offset[lay->n_levels] * K_MAX;
    int k = 0;
    c[k++] = (chunk){(void *)pr, sizeof *pr};
    c[k++] = (chunk){(void *)&s->t, sizeof s->t};
    c[k++] = (chunk){(void *)&s->t_next, sizeof s->t_next};
    /* The hop already drawn for t_next (thinning). */
    c[k++] = (chunk){(void *)&s->pend_c, sizeof s->pend_c};
    c[k++] = (chunk){(void *)&s->pend_k, sizeof s->pend_k};
    c[k++] = (chunk){s->occ, n * sizeof *s->occ};
    c[k++] = (chunk){s->site_sp, n};
    c[k++] = (chunk){s->n_occ_nbr, n * sizeof *s->n_occ_nbr};
    c[k++] = (chunk){s->ion, s->n_part * sizeof *s->ion};
    c[k++] = (chunk){s->species, s->n_part};
    c[k++] = (chunk){s->car_site, s->n_car * sizeof *s->car_site};
    /* Counters of the open window. */
    c[k++] = (chunk){(void *)s->jumps, sizeof s->jumps};
    c[k++] = (chunk){(void *)s->jump_sq, sizeof s->jump_sq};
    c[k++] = (chunk){(void *)s->cos_sum, sizeof s->cos_sum};
    c[k++] = (chunk){(void *)s->cos_n, sizeof s->cos_n};
    c[k++] = (chunk){o->tr, nt * sizeof *o->tr};
    c[k++] = (chunk){o->win, (size_t)lay->n_fine * sizeof *o->win};
    c[k++] = (chunk){o->origin, (size_t)lay->n_levels * s->n_part * sizeof *o->origin};
    c[k++] = (chunk){(void *)o->m0, sizeof o->m0};
    c[k++] = (chunk){(void *)o->bin_sites, sizeof o->bin_sites};
    c[k++] = (chunk){(void *)o->bin_occ, sizeof o->bin_occ};
    c[k++] = (chunk){(void *)o->bin_samples, sizeof o->bin_samples};
    return k;
}

/* fwrite that also runs the checksum. */
static int put(FILE *fp, const void *data, size_t size, uLong *crc)
{
    if (size == 0)
        return 1;
    *crc = crc32_z(*crc, data, size);
    return fwrite(data, size, 1, fp) == 1;
}

haven_status kmc_checkpoint_write(const char *path, const kmc_state *s, const kmc_progress *pr,
                                  const kmc_layout *lay, const replica_out *o)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *fp = fopen(tmp, "wb");
    if (!fp)
        return haven_fail(HAVEN_ERR_IO, "%s: cannot write checkpoint: %s", tmp, strerror(errno));
    ckpt_header h;
    make_header(s, lay, &h);
    chunk c[32];
    uLong crc = crc32_z(0, Z_NULL, 0);
    int n = chunks(s, pr, lay, o, c), ok = put(fp, &h, sizeof h, &crc);
    /* The raw generator state (gsl_rng_fread would call GSL's aborting
     * error handler on a short file). */
    ok = ok && put(fp, gsl_rng_state(s->rng), gsl_rng_size(s->rng), &crc);
    ok = ok && put(fp, s->energy, s->L->n_sites * sizeof *s->energy, &crc);
    for (int i = 0; ok && i < n; i++)
        ok = put(fp, c[i].data, c[i].size, &crc);
    uint32_t sum = (uint32_t)crc;
    ok = ok && fwrite(&sum, sizeof sum, 1, fp) == 1;
    ok = (fclose(fp) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return haven_fail(HAVEN_ERR_IO, "%s: cannot write checkpoint", path);
    }
    return HAVEN_OK;
}

/* Bytes of the checkpoint of this state: header, generator, energies,
 * chunks, checksum. */
static size_t file_size(const kmc_state *s, const chunk *c, int n)
{
    size_t size = sizeof(ckpt_header) + gsl_rng_size(s->rng) + s->L->n_sites * sizeof *s->energy +
                  sizeof(uint32_t);
    for (int i = 0; i < n; i++)
        size += c[i].size;
    return size;
}

/* Whole file into buf (size bytes expected): *complete says whether it
 * had exactly that size, and then its checksum is verified. A file of
 * another size is left to the header comparison, so that one from another
 * run is named as such. */
static haven_status read_file(FILE *fp, const char *path, unsigned char *buf, size_t size,
                              int *complete)
{
    size_t got = fread(buf, 1, size, fp);
    *complete = got == size && fgetc(fp) == EOF;
    if (got < sizeof(ckpt_header) || memcmp(buf, CKPT_MAGIC, sizeof CKPT_MAGIC - 1) != 0)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: not a haven kmc checkpoint", path);
    uint32_t sum;
    memcpy(&sum, buf + size - sizeof sum, sizeof sum);
    if (*complete && sum != (uint32_t)crc32_z(crc32_z(0, Z_NULL, 0), buf, size - sizeof sum))
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: checkpoint is corrupted (checksum mismatch); remove it to start "
                          "anew",
                          path);
    return HAVEN_OK;
}

/* Every index the engine will follow, and the occupation's consistency:
 * particles and sites map one to one, species agree, carriers are
 * distinct sites of the right kind. */
static haven_status check_occupation(const kmc_state *s, const char *path)
{
    size_t n = s->L->n_sites, occupied = 0;
    for (size_t x = 0; x < n; x++) {
        int p = s->occ[x];
        if (p < -1 || (p >= 0 && ((size_t)p >= s->n_part || (size_t)s->ion[p].site != x)))
            return haven_fail(HAVEN_ERR_FORMAT, "%s: checkpoint: site %zu holds a bad particle",
                              path, x);
        if (s->site_sp[x] != (p < 0 ? KMC_EMPTY : s->species[p]))
            return haven_fail(HAVEN_ERR_FORMAT, "%s: checkpoint: species of site %zu disagree",
                              path, x);
        occupied += p >= 0;
    }
    if (occupied != s->n_part)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: checkpoint: %zu occupied sites for %zu ions", path,
                          occupied, s->n_part);
    for (size_t p = 0; p < s->n_part; p++) {
        const kmc_ion *ion = &s->ion[p];
        if (s->species[p] >= s->p->n_species || ion->last < 0 || ion->last > s->n_jump ||
            !isfinite(ion->pos[0]) || !isfinite(ion->pos[1]) || !isfinite(ion->pos[2]))
            return haven_fail(HAVEN_ERR_FORMAT, "%s: checkpoint: ion %zu is damaged", path, p);
    }
    return HAVEN_OK;
}

/* The neighbour counts are kept up to date only on the interaction path
 * (without rate tables); there they must match the occupation. */
static haven_status check_neighbour_counts(const kmc_state *s, const char *path)
{
    const haven_kmc_lattice *L = s->L;
    for (size_t x = 0; !s->rate_tab && x < L->n_sites; x++) {
        int count = 0;
        for (int k = 0; k < L->z[kmc_basis(s, x)]; k++)
            count += s->occ[L->nbr[x * s->zm + k]] >= 0;
        if (s->n_occ_nbr[x] != count)
            return haven_fail(HAVEN_ERR_FORMAT,
                              "%s: checkpoint: neighbour count of site %zu disagrees", path, x);
    }
    return HAVEN_OK;
}

/* Carriers: distinct sites holding an ion (or none, for vacancies); the
 * site -> carrier map is rebuilt from them. */
static haven_status set_carriers(kmc_state *s, const char *path)
{
    size_t n = s->L->n_sites;
    unsigned char *seen = calloc(n, 1);
    if (!seen)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t x = 0; s->site_car && x < n; x++)
        s->site_car[x] = -1;
    haven_status st = HAVEN_OK;
    for (size_t k = 0; st == HAVEN_OK && k < s->n_car; k++) {
        int x = s->car_site[k];
        if (x < 0 || (size_t)x >= n || seen[x] || (s->occ[x] < 0) != s->vacancy_carriers)
            st = haven_fail(HAVEN_ERR_FORMAT, "%s: checkpoint: carrier %zu is on a bad site", path,
                            k);
        else
            seen[x] = 1;
        if (st == HAVEN_OK && s->site_car)
            s->site_car[x] = (int)k;
    }
    free(seen);
    return st;
}

static int all_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return 0;
    return 1;
}

/* Progress, times and sums: in range and finite. */
static haven_status check_progress(const kmc_state *s, const kmc_progress *pr,
                                   const kmc_layout *lay, const replica_out *o, const char *path)
{
    if (pr->next_step < 0 || pr->next_step > lay->n_steps || pr->next_win < 0 ||
        pr->next_win > lay->n_fine || pr->doublings != 0)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: checkpoint step %d out of range", path,
                          pr->next_step);
    size_t nt = (size_t)lay->offset[lay->n_levels] * K_MAX;
    if (pr->frame < 0 || !isfinite(pr->t0) || !(pr->tau > 0) || !isfinite(pr->tau) ||
        !isfinite(s->t) || isnan(s->t_next) || s->t_next < s->t || !all_finite(o->tr, nt) ||
        !all_finite((const double *)o->win, (size_t)lay->n_fine * sizeof *o->win / sizeof(double)) ||
        !all_finite((const double *)o->origin, (size_t)lay->n_levels * s->n_part * 3) ||
        !all_finite(o->m0, 3) || !all_finite(s->jumps, K_MAX) || !all_finite(s->jump_sq, K_MAX) ||
        !all_finite(s->cos_sum, K_MAX) || !all_finite(s->cos_n, K_MAX) ||
        !all_finite(o->bin_sites, HAVEN_KMC_ENERGY_BINS) ||
        !all_finite(o->bin_occ, HAVEN_KMC_ENERGY_BINS) ||
        !all_finite(o->bin_samples, HAVEN_KMC_ENERGY_BINS))
        return haven_fail(HAVEN_ERR_FORMAT, "%s: checkpoint has times or sums out of range", path);
    return HAVEN_OK;
}

/* Copy the checked file into the state, then check what it says. */
static haven_status restore(const unsigned char *buf, const char *path, kmc_state *s,
                            kmc_progress *pr, const kmc_layout *lay, replica_out *o)
{
    size_t n = s->L->n_sites, at = sizeof(ckpt_header);
    memcpy(gsl_rng_state(s->rng), buf + at, gsl_rng_size(s->rng));
    at += gsl_rng_size(s->rng);
    /* Same seed and disorder parameters draw the same landscape. */
    if (memcmp(buf + at, s->energy, n * sizeof *s->energy) != 0)
        return haven_fail(HAVEN_ERR_VALUE, "%s: checkpoint has other site energies", path);
    at += n * sizeof *s->energy;
    chunk c[32];
    int m = chunks(s, pr, lay, o, c);
    for (int i = 0; i < m; i++) {
        if (c[i].size)
            memcpy(c[i].data, buf + at, c[i].size);
        at += c[i].size;
    }
    haven_status st = check_progress(s, pr, lay, o, path);
    if (st == HAVEN_OK)
        st = check_occupation(s, path);
    if (st == HAVEN_OK)
        st = check_neighbour_counts(s, path);
    if (st == HAVEN_OK)
        st = set_carriers(s, path);
    if (st != HAVEN_OK)
        return st;
    kmc_refresh_rates(s);
    if (s->thin && isfinite(s->t_next) && !kmc_pending_ok(s))
        return haven_fail(HAVEN_ERR_FORMAT, "%s: checkpoint's pending hop is not possible", path);
    s->measuring = 1;
    return HAVEN_OK;
}

haven_status kmc_checkpoint_read(const char *path, kmc_state *s, kmc_progress *pr,
                                 const kmc_layout *lay, replica_out *o)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return haven_fail(HAVEN_ERR_IO, "%s: cannot open checkpoint: %s", path, strerror(errno));
    chunk c[32];
    size_t size = file_size(s, c, chunks(s, pr, lay, o, c));
    unsigned char *buf = malloc(size);
    int complete = 0;
    haven_status st = buf ? read_file(fp, path, buf, size, &complete)
                          : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    fclose(fp);
    ckpt_header want;
    make_header(s, lay, &want);
    if (st == HAVEN_OK && memcmp(buf, &want, sizeof want) != 0)
        st = haven_fail(HAVEN_ERR_VALUE,
                        "%s: checkpoint is from a run with other parameters (lattice, ions, "
                        "temperature, energies, field, hops or blocks); remove it to start anew",
                        path);
    if (st == HAVEN_OK && !complete)
        st = haven_fail(HAVEN_ERR_FORMAT, "%s: truncated or over-long checkpoint", path);
    if (st == HAVEN_OK)
        st = restore(buf, path, s, pr, lay, o);
    free(buf);
    return st;
}
