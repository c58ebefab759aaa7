/*
 * sprint.h: sprint arithmetic as pure functions: dates, the ideal
 * burndown line, velocity and the two-proportion z-test of experiments.
 */
#ifndef BOPS_SPRINT_H
#define BOPS_SPRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The first day on or after `today` that is weekday `start_day`
 * (1 = Monday .. 7 = Sunday).
 */
int32_t bops_sprint_next_start(int32_t today, int start_day);

/* The last day of a sprint of `length` seconds (whole days, at least
 * one) starting on `start`: start + days - 1. */
int32_t bops_sprint_end(int32_t start, int64_t length);

/* Whether [a1, a2] and [b1, b2] share a day. */
bool bops_sprint_overlap(int32_t a1, int32_t a2, int32_t b1, int32_t b2);

/*
 * The ideal remaining points at the end of day i (0-based) of a sprint of
 * ndays days that committed `committed` points: a straight line from
 * committed at the start to 0 at the end of the last day.
 */
double bops_sprint_ideal(double committed, size_t ndays, size_t i);

/* The mean of n values; 0 for none. */
double bops_sprint_mean(const double *v, size_t n);

/*
 * Two-proportion z-test of conversions c1 of n1 against c2 of n2
 * (pooled standard error).  *z is positive when the first rate is
 * higher; *p is the two-sided p-value.  Returns false (z = 0, p = 1)
 * when a sample is empty or the pooled rate is 0 or 1.
 */
bool bops_ztest(double c1, double n1, double c2, double n2, double *z,
    double *p);

/*
 * Holm-Bonferroni: the adjusted p-values of a family of m tests, in the
 * order of p.  The i-th smallest p (from 0) is multiplied by m - i, the
 * products are made non-decreasing in that order (each the largest so
 * far) and capped at 1.  A test is significant at level a when its
 * adjusted p is below a; this keeps the chance of any false positive in
 * the family at most a.  out may be p.
 */
void bops_holm(double *out, const double *p, size_t m);

/* One variant of an experiment. */
struct bops_variant {
	const char *id;		/* MESSAGE/DESTINATION, borrowed */
	double reach, conv;	/* people reached, people converted */
	double rate;		/* set by bops_experiment_rank */
	double z, p;		/* against the best; set when tested */
	bool tested;
	bool compared;		/* in the family compared with the best */
	double p_adj;		/* p adjusted over the family (Holm) */
	bool significant;	/* the best beats it: z > 0, p_adj < 0.05 */
};

/*
 * Rank variants by conversion rate (then reach, then id) and compare the
 * best (the first) with each other variant that has results (reach > 0):
 * a two-proportion z-test each (p = 1 when there is no test), the family
 * of p-values adjusted by bops_holm.  Say whether the best is the winner:
 * significantly better than every variant it was compared with at 95%,
 * two-sided, after the adjustment.  Variants not yet run are ranked but
 * not compared.
 */
bool bops_experiment_rank(struct bops_variant *v, size_t n);

#endif
