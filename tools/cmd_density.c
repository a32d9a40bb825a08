/* haven density: probability density of a species, cube/CHGCAR output,
 * percolation of the density network and its effective barrier. */
#include "haven/structure.h"

#include "cli.h"
#include "fig_structure.h"
#include "structure_cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    st_common c;
    double spacing, smooth; /* m */
    size_t blocks;          /* time blocks for the barrier errors (0: none) */
    const char *cube, *chgcar;
} density_opts;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: haven density FILE --species LI [options]\n\n"
            "Number density of a species on a grid in fractional coordinates (a cell that\n"
            "changes with time maps onto the same grid), written as Gaussian cube and/or\n"
            "VASP CHGCAR (VESTA, OVITO). Percolation: the highest isosurface level at which\n"
            "the visited network connects across the periodic cell in 1, 2 and 3\n"
            "independent directions, and the effective barrier -kT ln(level/rho_max).\n\n"
            "options:\n%s"
            "  --spacing A        grid spacing in Angstrom (default 0.2)\n"
            "  --smooth A         Gaussian smoothing width in Angstrom (default 0: none)\n"
            "  --cube PATH        write the density as a Gaussian cube file (bohr^-3)\n"
            "  --chgcar PATH      write the density as a VASP CHGCAR (rho x V)\n"
            "  --blocks N         errors of the barriers: jackknife over about N time blocks\n"
            "                     (N to 2N-1; memory N to 2N grids; default: no errors)\n"
            "  -h, --help         this text\n\n"
            "figure (--plot, --report): the free energy -kT ln(rho/rho_max), its lowest\n"
            "value along each lattice direction, and the percolation curve (fraction of the\n"
            "cell enclosed and connected in 1, 2, 3 directions against the level) with\n"
            "the thresholds marked.\n\n"
            "example: haven density XDATCAR --species Li --spacing 0.25 --cube li.cube\n",
            st_common_help);
}

static int value(void *ctx, const char *a, const char *v)
{
    density_opts *o = ctx;
    if (!strcmp(a, "--spacing") || !strcmp(a, "--smooth"))
        return st_parse_length(a, v, a[3] == 'p' ? &o->spacing : &o->smooth);
    if (!strcmp(a, "--blocks")) {
        long n;
        if (cli_parse_long(v, &n) != 0 || n < 2 || n > 64) {
            cli_error("--blocks: '%s' is not a whole number from 2 to 64", v);
            return -1;
        }
        o->blocks = (size_t)n;
        return 0;
    }
    if (!strcmp(a, "--cube") || !strcmp(a, "--chgcar")) {
        *(a[3] == 'u' ? &o->cube : &o->chgcar) = v;
        return 0;
    }
    return 1;
}

static int parse(int argc, char **argv, density_opts *o)
{
    memset(o, 0, sizeof *o);
    st_common_init(&o->c);
    o->spacing = 0.2 * HAVEN_ANGSTROM;
    return st_parse(argc, argv, "density", &o->c, usage, NULL, value, o);
}

static const double A3 = 1e-30; /* m^3 per A^3 */

static void print_table(const density_opts *o, const haven_grid *g, const haven_density_info *in,
                        const haven_percolation *p, double T, const haven_estimate *bar)
{
    printf("file: %s\nspecies: %s, %zu atoms, %zu frames\n", o->c.file,
           o->c.species ? o->c.species : "all", in->n_selected, in->n_frames);
    printf("grid: %zu x %zu x %zu points, spacing %.3g A\n", g->n[0], g->n[1], g->n[2],
           o->spacing / HAVEN_ANGSTROM);
    printf("rho_max: %.6g A^-3, visited voxels %.4g%%, dimensionality %d\n", p->rho_max * A3,
           100 * p->visited_fraction, p->dimensionality);
    printf("percolation (T = %g K):\n  %-4s %14s %14s %24s\n", T, "dim", "level A^-3",
           "level/rho_max", "barrier eV");
    for (int d = 0; d < 3; d++)
        printf("  %-4d %14.6g %14.6g %12.5g +- %-9.2g\n", d + 1, p->level[d] * A3,
               p->level[d] / p->rho_max, bar[d].value / HAVEN_EV, bar[d].err / HAVEN_EV);
    if (in->n_blocks)
        printf("  (errors: jackknife over %zu time blocks)\n", in->n_blocks);
}

static void print_json(const density_opts *o, const haven_grid *g, const haven_density_info *in,
                       const haven_percolation *p, double T, const haven_estimate *bar)
{
    json_writer w;
    json_init(&w, stdout);
    json_begin_object(&w, NULL);
    json_string(&w, "command", "density");
    json_string(&w, "haven_version", haven_version());
    json_string(&w, "file", o->c.file);
    json_string(&w, "species", o->c.species ? o->c.species : "all");
    json_int(&w, "atoms", (long long)in->n_selected);
    json_int(&w, "frames", (long long)in->n_frames);
    json_begin_array(&w, "grid");
    for (int k = 0; k < 3; k++)
        json_int(&w, NULL, (long long)g->n[k]);
    json_end_array(&w);
    json_number(&w, "spacing_A", o->spacing / HAVEN_ANGSTROM);
    json_number(&w, "temperature_K", T);
    json_number(&w, "rho_max_per_A3", p->rho_max * A3);
    json_number(&w, "visited_fraction", p->visited_fraction);
    json_int(&w, "dimensionality", p->dimensionality);
    json_int(&w, "error_blocks", (long long)in->n_blocks);
    json_begin_array(&w, "percolation");
    for (int d = 0; d < 3; d++) {
        json_begin_object(&w, NULL);
        json_int(&w, "dimension", d + 1);
        json_number(&w, "level_per_A3", p->level[d] * A3);
        json_number(&w, "level_fraction", p->level[d] / p->rho_max);
        /* without --blocks no sampling error is estimated (null) */
        json_quantity(&w, "barrier", bar[d].value / HAVEN_EV, bar[d].err / HAVEN_EV,
                      bar[d].lo / HAVEN_EV, bar[d].hi / HAVEN_EV, "eV");
        json_end_object(&w);
    }
    json_end_array(&w);
    json_end_object(&w);
    json_finish(&w);
}

/* One grid file into the output set (written only if all succeed). */
static int put_grid(cli_outset *set, const char *path, const haven_grid *g,
                    haven_grid_format format, const char *comment)
{
    char *text;
    size_t len;
    if (haven_grid_format_text(g, format, comment, &text, &len) != HAVEN_OK)
        return cli_lib_error(path), -1;
    FILE *fp = cli_outset_open(set, path); /* reports; write errors at the commit */
    if (fp)
        fwrite(text, 1, len, fp);
    free(text);
    return fp ? 0 : -1;
}

static int write_files(const density_opts *o, const haven_grid *g, const haven_percolation *p,
                       double T)
{
    cli_outset set = {0};
    char comment[512];
    snprintf(comment, sizeof comment, "haven density of %s from %s",
             o->c.species ? o->c.species : "all atoms", o->c.file);
    FILE *fp;
    if ((o->cube && put_grid(&set, o->cube, g, HAVEN_GRID_CUBE, comment) != 0) ||
        (o->chgcar && put_grid(&set, o->chgcar, g, HAVEN_GRID_CHGCAR, comment) != 0))
        goto fail;
    if (o->c.csv_dir) {
        if (!(fp = st_csv_open(&set, o->c.csv_dir, "percolation.csv")))
            goto fail;
        fprintf(fp, "dimension,level_per_A3,level_fraction,barrier_eV,T_K\n");
        for (int d = 0; d < 3; d++)
            fprintf(fp, "%d,%.10g,%.10g,%.10g,%g\n", d + 1, p->level[d] * A3,
                    p->level[d] / p->rho_max, p->barrier[d] / HAVEN_EV, T);
    }
    return cli_outset_commit(&set) == 0 ? CLI_OK : CLI_FAIL;
fail:
    cli_outset_abort(&set);
    return CLI_FAIL;
}

static fig *make_figure(const void *ctx)
{
    return density_figure(ctx);
}

static void fill_report(cli_report *r, const void *ctx)
{
    density_report(r, ctx);
}

int cmd_density(int argc, char **argv)
{
    density_opts o;
    int rc = parse(argc, argv, &o);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    haven_traj *t;
    int *sel;
    size_t n_sel;
    if ((rc = st_open(&o.c, &t, &sel, &n_sel)) != CLI_OK)
        return rc;
    haven_density_options dopt;
    haven_density_options_init(&dopt);
    dopt.spacing = o.spacing;
    dopt.sigma = o.smooth;
    dopt.select = sel;
    dopt.n_blocks = o.blocks;
    haven_grid g;
    haven_density_info info;
    haven_percolation p;
    double T = st_temperature(&o.c, t);
    if (haven_density_compute(t, &dopt, &g, &info) != HAVEN_OK)
        rc = cli_lib_error(o.c.file);
    else if (haven_grid_percolation(&g, T, &p) != HAVEN_OK)
        rc = cli_lib_error(o.c.file);
    haven_estimate bar[3];
    for (int d = 0; rc == CLI_OK && d < 3; d++)
        bar[d] = haven_estimate_make(p.barrier[d], NAN, 0, "J");
    if (rc == CLI_OK && o.blocks &&
        haven_percolation_jackknife(&g, &info, o.smooth, T, &p, bar) != HAVEN_OK)
        rc = cli_lib_error(o.c.file);
    density_view view = {o.c.file, o.c.species ? o.c.species : "all atoms", &g, &p, bar,
                         info.n_frames, info.n_blocks, T};
    if (rc == CLI_OK)
        rc = write_files(&o, &g, &p, T);
    if (rc == CLI_OK)
        rc = st_fig_outputs(&o.c, "density", make_figure, fill_report, &view);
    if (rc == CLI_OK) {
        if (o.c.json)
            print_json(&o, &g, &info, &p, T, bar);
        else
            print_table(&o, &g, &info, &p, T, bar);
    }
    haven_grid_clear(&g);
    haven_density_info_clear(&info);
    free(sel);
    haven_traj_free(t);
    return rc;
}
