/* Internal view of a parsed equivalent circuit, shared by the fitter,
 * the initial-guess heuristics and the arc classification. */
#ifndef HAVEN_SRC_EIS_CIRCUIT_H
#define HAVEN_SRC_EIS_CIRCUIT_H

#include "haven/eis.h"

#include <complex.h>

#define EIS_PI 3.14159265358979323846

typedef enum {
    EL_R,
    EL_C,
    EL_L,
    EL_CPE,
    EL_W,
    EL_WO,
    EL_WS,
    EL_G,
    EL_LA,   /* L (j w)^a */
    EL_GS,   /* finite-length Gerischer: R, tau, phi */
    EL_ZARC, /* R / (1 + (j w tau)^a) = p(R, CPE) with Q = tau^a / R */
    EL_TLM,  /* Bisquert transmission line: R_ion, R_ct, Q, a */
    EL_K     /* Voigt RC: R / (1 + j w tau) */
} eis_element;
typedef enum { NODE_ELEMENT, NODE_SERIES, NODE_PARALLEL } eis_node_kind;
/* How a parameter is kept in bounds during the fit. */
typedef enum { TRANSFORM_LOG, TRANSFORM_LOGIT } eis_transform;

typedef struct {
    eis_node_kind kind;
    eis_element element; /* NODE_ELEMENT only */
    char name[16];       /* element name, e.g. "CPE1" */
    size_t p0, np;       /* parameters of the whole subtree: [p0, p0 + np) */
    size_t *child;
    size_t n_child;
    size_t parent; /* (size_t)-1 for the root */
} eis_node;

struct haven_eis_circuit {
    eis_node *node;
    size_t n_node, root;
    size_t n_params;
    char (*param_name)[40];
    size_t *param_node; /* element node owning each parameter */
    eis_transform *transform;
    char *text; /* the string parsed */
};

/* Arc at node k: a parallel block of exactly one R and one C or CPE, or a
 * Zarc or K element. r_param receives the resistance's parameter index. */
int eis_arc_at(const haven_eis_circuit *c, size_t k, size_t *r_param);
/* Time constant (s) of the arc at node k: R C, (R Q)^(1/a), or tau. */
double eis_arc_tau(const haven_eis_circuit *c, size_t k, const double *p);
/* Permutation of the parameters (new p[k] = p[perm[k]]) that puts arcs of
 * the same shape in series with each other in ascending tau; groups with a
 * pinned parameter are left alone. Returns 1 if it is not the identity. */
int eis_arc_order(const haven_eis_circuit *c, const double *p, const int *pinned, size_t *perm);

/* 1 if the circuit has an element that can give Z'' > 0 (L, La). */
int eis_circuit_inductive(const haven_eis_circuit *c);

/* Z of the whole circuit at angular frequency w; dz (n_params, may be NULL)
 * receives dZ/dp. */
double complex eis_circuit_z(const haven_eis_circuit *c, const double *p, double w,
                             double complex *dz);

/* The same split for repeated calls with one parameter vector: prepare
 * fills pre (n_params) with what does not depend on w (a CPE's phase factor
 * e^(-j a pi/2) / Q), and the prepared call takes lnw = log(w) as well. */
void eis_circuit_prepare(const haven_eis_circuit *c, const double *p, double complex *pre);
double complex eis_circuit_z_prepared(const haven_eis_circuit *c, const double *p,
                                      const double complex *pre, double w, double lnw,
                                      double complex *dz);

#endif
