/* Trajectory output, so the KMC's own paths can be analysed like MD. */
#include "kmc/trajectory.h"

#include "core/error.h"

#include <stdlib.h>

static void write_frame(FILE *fp, const kmc_state *s, double t)
{
    const double A = HAVEN_ANGSTROM;
    const double(*c)[3] = s->L->cell;
    fprintf(fp, "%zu\n", s->n_part);
    fprintf(fp,
            "Lattice=\"%.10g %.10g %.10g %.10g %.10g %.10g %.10g %.10g %.10g\" "
            "Properties=species:S:1:pos:R:3 Time=%.10g unwrapped=T pbc=\"T T T\"\n",
            c[0][0] / A, c[0][1] / A, c[0][2] / A, c[1][0] / A, c[1][1] / A, c[1][2] / A,
            c[2][0] / A, c[2][1] / A, c[2][2] / A, t / HAVEN_FS);
    for (size_t p = 0; p < s->n_part; p++) {
        const double *r = s->ion[p].pos;
        fprintf(fp, "%s %.10f %.10f %.10f\n", s->p->species[s->species[p]].name, r[0] / A, r[1] / A,
                r[2] / A);
    }
}

/* A sink gets the frame whole, formatted in memory (frames are sparse
 * against hops: this costs nothing against the run). */
haven_status kmc_traj_frame(const kmc_traj *traj, const kmc_state *s, double t)
{
    if (traj->fp) {
        write_frame(traj->fp, s, t);
        return HAVEN_OK;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for a trajectory frame");
    write_frame(mem, s, t);
    int ok = fclose(mem) == 0;
    ok = ok && traj->write(buf, len, traj->user) == 0;
    free(buf);
    return ok ? HAVEN_OK : haven_fail(HAVEN_ERR_IO, "cannot write the trajectory");
}
