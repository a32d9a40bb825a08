/* haven sites: which site each ion sits on, frame by frame, and the jumps
 * between sites.
 *
 * Sites come from a reference structure (a POSCAR/CONTCAR, an extended XYZ
 * file, or a CIF file), typed by their Wyckoff
 * position (spglib) or by label, or from the maxima of a density grid. A
 * trajectory whose cell is an integer supercell of the reference is mapped
 * onto it (sites are kept in fractional coordinates, so a changing cell is
 * followed).
 *
 * Assignment: an ion is on a site only inside a sphere of radius r about it;
 * between spheres (the transition region) it still belongs to the site it
 * last sat on, and a jump is counted when it settles inside the sphere of
 * another site. Occupancies count ions inside spheres; residence and jump
 * rates count the time an ion belongs to a site.
 *
 * Errors: the run is cut into time blocks (default 10); every quantity is a
 * ratio of sums over blocks, its standard error the jackknife over blocks
 * (leave one block out) and its 95% interval mean +- t(0.975, B-1) x
 * stderr.
 *
 * Memory: one frame plus O(frames x site types) counters and one record per
 * jump; frames are streamed. Neighbour search: a cell list over the sites.
 * Thread safety: separate data in separate threads. */
#ifndef HAVEN_SITES_H
#define HAVEN_SITES_H

#include "haven/diffusion.h"
#include "haven/structure.h"
#include "haven/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HAVEN_SITE_NAME 32

typedef struct {
    size_t n_sites;
    double cell[3][3];     /* reference cell, m, rows */
    double (*frac)[3];     /* fractional positions in the reference cell */
    int *type;             /* per site, 0..n_types-1 */
    size_t n_types;
    char (*type_name)[HAVEN_SITE_NAME]; /* "24g", "Li1", "A" */
} haven_site_set;

HAVEN_API void haven_site_set_clear(haven_site_set *s);

typedef enum {
    HAVEN_SITE_TYPES_WYCKOFF = 0, /* multiplicity + Wyckoff letter of the whole structure */
    HAVEN_SITE_TYPES_LABEL,       /* the file's labels (CIF _atom_site_label; element otherwise) */
    HAVEN_SITE_TYPES_ONE          /* all sites one type */
} haven_site_typing;

/* Sites = the atoms of element `species` (a comma list, e.g. "S,Cl"; NULL:
 * all) in a structure file:
 * CIF (by extension .cif; symmetry-equivalent positions generated from the
 * file's operations), else a POSCAR/CONTCAR or the first frame of an
 * extended XYZ file (as haven kmc --structure reads them). symprec:
 * tolerance for spglib, m (0: 0.01 A). */
HAVEN_API haven_status haven_sites_from_structure(const char *path, const char *species,
                                                  haven_site_typing typing, double symprec,
                                                  haven_site_set *out);
/* Sites = local maxima of a (smoothed) density above min_fraction x the
 * maximum (0: 0.05), maxima closer than min_separation (m) merged into the
 * denser; positions refined to the density-weighted centroid of the 27
 * points around each. The grid's atoms other than mobile_z (atomic number
 * of the mobile species) are the framework: its space group (spglib,
 * tolerance symprec, 0: 0.3 A, wide enough for thermal displacements)
 * completes the sites (every image of a maximum is a site, visited or not
 * in a short run; images within min_separation of a site are that site),
 * and a type is an orbit, named "orb<k>x<multiplicity>" (orbits numbered
 * by falling density). Without framework atoms, the types are the Wyckoff
 * positions of the sites' own arrangement. */
HAVEN_API haven_status haven_sites_from_grid(const haven_grid *g, int mobile_z,
                                             double min_fraction, double min_separation,
                                             double symprec, haven_site_set *out);

typedef struct {
    size_t ion;       /* index among the selected atoms */
    size_t frame;     /* frame of settling on the new site */
    int from, to;     /* site indices (of the supercell; site % n_ref is the reference site) */
    double vec[3];    /* jump vector, m (site to site, the image the ion took) */
} haven_jump;

typedef struct {
    double radius;   /* m: on a site within this distance (0: 0.4 x shortest site distance) */
    size_t n_blocks; /* time blocks for the errors (0: 10) */
    double temperature; /* K, for site energies (<= 0: none) */
} haven_sites_options;

typedef struct {
    size_t n_ions, n_frames;
    double dt, duration;       /* s */
    size_t n_sites;            /* in the trajectory's (super)cell */
    size_t supercell[3];       /* trajectory cell / reference cell */
    double cell[3][3];         /* the first frame's cell, m */
    double radius;             /* m, as used */
    size_t n_types;
    const char (*type_name)[HAVEN_SITE_NAME]; /* the site set's (not owned) */
    int *site_type;            /* per supercell site */
    double (*site_frac)[3];    /* per supercell site: fractional in the trajectory's cell */
    double *site_occupancy;    /* per supercell site: fraction of frames with an ion inside */
    size_t *type_sites;        /* sites per type */
    haven_estimate *occupancy; /* per type: mean occupation of one site */
    haven_estimate *energy;    /* per type: J, lattice-gas energy kT ln((1-x)/x) relative to
                                  the lowest type (NAN without temperature or at x = 0, 1) */
    haven_estimate *residence; /* per type: s, mean time an ion belongs to one site */
    size_t *jumps;             /* n_types x n_types, [from * n_types + to] */
    haven_estimate *rate;      /* per (from, to): 1/s per ion belonging to a `from` site */
    double *distance;          /* per (from, to): mean jump length, m (NAN: none) */
    size_t n_jumps;
    haven_jump *jump;          /* every jump, in frame order */
    haven_estimate jump_rate;  /* jumps per ion per s */
    haven_estimate back_fraction; /* share of an ion's jumps that return to the site it came from */
    haven_estimate D_jump;     /* m^2/s: sum |a|^2 / (6 N t) */
    haven_estimate f_jumps;    /* <|sum a|^2> / <sum |a|^2> per ion and block */
    double on_site_fraction;   /* ion-frames inside a sphere */
    size_t n_blocks;
} haven_sites_result;

HAVEN_API void haven_sites_options_init(haven_sites_options *o);
/* Stream the frames of t; select[i] = 1 for the mobile ions. */
HAVEN_API haven_status haven_sites_analyse(haven_traj *t, const haven_site_set *sites,
                                           const int *select, const haven_sites_options *o,
                                           haven_sites_result *out);
HAVEN_API void haven_sites_result_clear(haven_sites_result *r);

/* Transport of the selected atoms from the rest of t (rewound first):
 * the series store (out of core when large), the all-origin MSD, haven's
 * GLS fit with the data's own noise (as haven diffusion) for D*, and with a
 * temperature the Einstein-Helfand conductivity of the selected ions as one
 * carrier of charge `charge` (e), its D_sigma and Haven ratio (as haven
 * analyze). */
typedef struct {
    haven_dfit_result tracer; /* D*, m^2/s */
    int have_sigma;           /* cond filled (temperature > 0 and the fit succeeded) */
    haven_conductivity cond;  /* sigma (S/m), d_sigma, haven_ratio */
    double volume;            /* m^3, mean over frames */
    size_t n_ions;
    double charge, temperature;
} haven_sites_transport;

HAVEN_API haven_status haven_sites_transport_compute(haven_traj *t, const int *select,
                                                     haven_drift_mode drift, double charge,
                                                     double temperature,
                                                     haven_sites_transport *out);
HAVEN_API void haven_sites_transport_clear(haven_sites_transport *tr);

/* The jumps against the transport coefficients:
 *   f      = D* / D_jump (the correlation factor from MD)
 *   sigma1 = (f_jumps / H_R) (n q^2 / kT) <a^2> Gamma / 6 (eq. 1 of the seeds,
 *            <a^2> Gamma / 6 = D_jump; f_jumps from the jump vectors, H_R and
 *            n = N/V from the transport)
 *   ratio  = sigma1 / sigma_EH: 1 when the counted jumps carry all the
 *            diffusion (no motion missed between sites, none counted twice).
 * Errors combined from the parts' relative errors as if independent (they
 * come from one trajectory, so this is approximate); intervals +- 1.96 err. */
typedef struct {
    haven_estimate f, sigma1, ratio;
} haven_sites_eq1;
HAVEN_API void haven_sites_eq1_check(const haven_sites_transport *tr,
                                     const haven_sites_result *r, haven_sites_eq1 *out);

/* Correlation factor f = D* / D_jump with the relative errors combined
 * (independent estimates), interval mean +- 1.96 stderr. */
HAVEN_API void haven_correlation_factor(double D, double D_err, const haven_estimate *D_jump,
                                        haven_estimate *f);

/* Concerted jumps: pairs of jumps by different ions within `window` (s)
 * of each other whose midpoints lie within `radius` (m), against the count
 * expected if the same jumps happened at independent uniform times (each
 * spatially close pair coincides with probability P(|t_i - t_j| <= window)
 * for two uniform frames of the run). Significance: Poisson, P(N >= observed
 * | expected); z = (N - E)/sqrt(E). Groups: connected sets of concerted
 * pairs, by size. Cost: a cell list over the jump midpoints. */
typedef struct {
    double window, radius; /* as used: s, m */
    size_t window_frames;
    size_t pairs;          /* observed concerted pairs */
    size_t close_pairs;    /* pairs within radius at any time */
    double expected;       /* at random times */
    double z, p_value;
    size_t groups[5];      /* groups of 2, 3, 4, 5 and 6 or more jumps */
} haven_concerted;

HAVEN_API haven_status haven_sites_concerted(const haven_sites_result *r, double window,
                                             double radius, haven_concerted *out);

/* Configurational entropy of the site occupation, per site type:
 * s = -k [x ln x + (1 - x) ln(1 - x)] per site (lattice gas), from the
 * type's mean occupancy; and the mixing entropy of several species over one
 * set of sites (anion site mixing): s = -k sum_s x_s ln x_s per site with
 * x_s the fraction of the sites held by species s. J/K per site. */
HAVEN_API void haven_sites_entropy(const haven_sites_result *r, haven_estimate *per_type);
HAVEN_API double haven_mixing_entropy(const double *fractions, size_t n);

/* Site mixing of a structure with partial occupancies (a CIF's
 * _atom_site_occupancy; 1 for other files): the atoms of the `species` list
 * that share a position form one site, typed by Wyckoff position (spglib,
 * tolerance symprec, 0: 0.01 A; sites of different composition are
 * different spglib types); per type the mean occupancy of each species,
 * the vacant share and the mixing entropy -k sum x ln x per site
 * (vacancies included). */
typedef struct {
    size_t n_types, n_species;
    char (*type_name)[HAVEN_SITE_NAME];
    size_t *type_sites;
    char (*species)[8];
    double *fraction; /* [type * n_species + s] */
    double *vacant;   /* per type */
    double *entropy;  /* per type, J/K per site */
} haven_site_mixing;

HAVEN_API haven_status haven_structure_mixing(const char *path, const char *species,
                                              double symprec, haven_site_mixing *out);
HAVEN_API void haven_site_mixing_clear(haven_site_mixing *m);

#ifdef __cplusplus
}
#endif
#endif
