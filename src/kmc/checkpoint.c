/* Checkpoints: one replica's complete state after a block, so that a run
 * stopped part way resumes to the same numbers as an uninterrupted one.
 * Binary, for this build (the header checks sizes and parameters). */
#include "kmc/replica.h"

#include "core/error.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CKPT_MAGIC "haven-kmc-ckpt-2"

/* Everything the file must agree on with the run that reads it. */
typedef struct {
    char magic[16];
    size_t n_sites, n_part, n_car, ion_size, sums_size, rng_size;
    unsigned long seed;
    long hops, equil_hops;
    int n_blocks, n_windows, vacancy_carriers, n_species;
    double temperature, nu0, barrier, interaction, disorder_width, field[3];
} ckpt_header;

static void make_header(const kmc_state *s, ckpt_header *h)
{
    const haven_kmc_params *p = s->p;
    memset(h, 0, sizeof *h);
    memcpy(h->magic, CKPT_MAGIC, sizeof h->magic);
    h->n_sites = s->L->n_sites;
    h->n_part = s->n_part;
    h->n_car = s->n_car;
    h->ion_size = sizeof(kmc_ion);
    h->sums_size = sizeof(kmc_sums);
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
static int chunks(const kmc_state *s, const kmc_progress *pr, const replica_out *o, chunk *c)
{
    size_t n = s->L->n_sites, nb = s->p->n_blocks, nw = s->p->n_windows;
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
    c[k++] = (chunk){o->blocks, nb * sizeof *o->blocks};
    c[k++] = (chunk){o->dm, nb * nw * sizeof *o->dm};
    c[k++] = (chunk){(void *)o->bin_sites, sizeof o->bin_sites};
    c[k++] = (chunk){(void *)o->bin_occ, sizeof o->bin_occ};
    c[k++] = (chunk){(void *)o->bin_samples, sizeof o->bin_samples};
    return k;
}

haven_status kmc_checkpoint_write(const char *path, const kmc_state *s, const kmc_progress *pr,
                                  const replica_out *o)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *fp = fopen(tmp, "wb");
    if (!fp)
        return haven_fail(HAVEN_ERR_IO, "%s: cannot write checkpoint: %s", tmp, strerror(errno));
    ckpt_header h;
    make_header(s, &h);
    chunk c[24];
    int n = chunks(s, pr, o, c), ok = fwrite(&h, sizeof h, 1, fp) == 1;
    /* The raw generator state (gsl_rng_fread would call GSL's aborting
     * error handler on a short file). */
    ok = ok && fwrite(gsl_rng_state(s->rng), gsl_rng_size(s->rng), 1, fp) == 1;
    ok = ok && fwrite(s->energy, sizeof *s->energy, s->L->n_sites, fp) == s->L->n_sites;
    for (int i = 0; ok && i < n; i++)
        ok = c[i].size == 0 || fwrite(c[i].data, c[i].size, 1, fp) == 1;
    ok = (fclose(fp) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return haven_fail(HAVEN_ERR_IO, "%s: cannot write checkpoint", path);
    }
    return HAVEN_OK;
}

static haven_status read_body(FILE *fp, const char *path, kmc_state *s, kmc_progress *pr,
                              replica_out *o)
{
    size_t n = s->L->n_sites;
    double *energy = malloc(n * sizeof *energy);
    if (!energy)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    int ok = fread(gsl_rng_state(s->rng), gsl_rng_size(s->rng), 1, fp) == 1 &&
             fread(energy, sizeof *energy, n, fp) == n;
    /* Same seed and disorder parameters draw the same landscape. */
    int same = ok && memcmp(energy, s->energy, n * sizeof *energy) == 0;
    free(energy);
    if (!ok)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: truncated checkpoint", path);
    if (!same)
        return haven_fail(HAVEN_ERR_VALUE, "%s: checkpoint has other site energies", path);
    chunk c[24];
    int m = chunks(s, pr, o, c);
    for (int i = 0; ok && i < m; i++)
        ok = c[i].size == 0 || fread(c[i].data, c[i].size, 1, fp) == 1;
    if (!ok || fgetc(fp) != EOF)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: truncated or over-long checkpoint", path);
    if (pr->next_block < 0 || pr->next_block > s->p->n_blocks)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: checkpoint block %d out of range", path,
                          pr->next_block);
    for (size_t x = 0; s->site_car && x < n; x++)
        s->site_car[x] = -1;
    for (size_t k = 0; k < s->n_car; k++) {
        if (s->car_site[k] < 0 || (size_t)s->car_site[k] >= n)
            return haven_fail(HAVEN_ERR_FORMAT, "%s: carrier %zu off the lattice", path, k);
        if (s->site_car)
            s->site_car[s->car_site[k]] = (int)k;
    }
    kmc_refresh_rates(s);
    if (s->thin && isfinite(s->t_next) && !kmc_pending_ok(s))
        return haven_fail(HAVEN_ERR_FORMAT, "%s: checkpoint's pending hop is not possible", path);
    s->measuring = 1;
    return HAVEN_OK;
}

haven_status kmc_checkpoint_read(const char *path, kmc_state *s, kmc_progress *pr, replica_out *o)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return haven_fail(HAVEN_ERR_IO, "%s: cannot open checkpoint: %s", path, strerror(errno));
    ckpt_header h, want;
    make_header(s, &want);
    haven_status st;
    if (fread(&h, sizeof h, 1, fp) != 1 || memcmp(h.magic, CKPT_MAGIC, sizeof h.magic) != 0)
        st = haven_fail(HAVEN_ERR_FORMAT, "%s: not a haven kmc checkpoint", path);
    else if (memcmp(&h, &want, sizeof h) != 0)
        st = haven_fail(HAVEN_ERR_VALUE,
                        "%s: checkpoint is from a run with other parameters (lattice, ions, "
                        "temperature, energies, field, hops or blocks); remove it to start anew",
                        path);
    else
        st = read_body(fp, path, s, pr, o);
    fclose(fp);
    return st;
}
