/*
 * sprint.h: sprint arithmetic as pure functions: dates, the ideal
 * burndown line, velocity and the two-proportion z-test of experiments.
 */
#ifndef BOPS_SPRINT_H
#define BOPS_SPRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "node.h"

struct bops_record;
struct bops_txn;

/*
 * How long a sprint may last: BOPS_SPRINT_MAX_DAYS (a quarter) unless
 * sprint.max_length says otherwise, and that at most
 * BOPS_SPRINT_LIMIT_DAYS (a year), so that nothing sized by a sprint's
 * days (a burndown) is ever larger.
 */
#define BOPS_SPRINT_MAX_DAYS 92
#define BOPS_SPRINT_LIMIT_DAYS 366

/*
 * The first day on or after `today` that is weekday `start_day`
 * (1 = Monday .. 7 = Sunday).
 */
int32_t bops_sprint_next_start(int32_t today, int start_day);

/* The last day of a sprint of `length` seconds (whole days, from one to
 * BOPS_SPRINT_LIMIT_DAYS) starting on `start`: start + days - 1.  It may
 * fall after BOPS_DATE_MAX; bops_sprint_check_dates says so. */
int32_t bops_sprint_end(int32_t start, int64_t length);

/* Whether [a1, a2] and [b1, b2] share a day. */
bool bops_sprint_overlap(int32_t a1, int32_t a2, int32_t b1, int32_t b2);

/*
 * The days of sprint.max_length (a duration as written in bops.yaml, or
 * NULL): BOPS_SPRINT_MAX_DAYS when it is unset or not whole days from 1d
 * to BOPS_SPRINT_LIMIT_DAYS.
 */
int32_t bops_sprint_max_days(const char *max_length);

/*
 * The rule of a sprint's dates, for every sprint however it was made:
 * both in the calendar, the end not before the start, and at most
 * max_days days (start and end included).  BOPS_ERR_INVALID with the
 * message alone ("end 2026-11-01 is before start 2026-11-23", "the
 * sprint lasts 99 days, more than sprint.max_length (92 days)", "the
 * sprint would end after 9999-12-31"); the caller says where.
 */
const struct bops_error *bops_sprint_check_dates(int32_t start, int32_t end,
    int32_t max_days);

/*
 * The same rule for a sprint record's validated map: BOPS_ERR_INVALID
 * "path:line:col: message" at the end date (or "path: message" for a
 * map built in memory).  A map without both dates passes: the schema
 * says what is missing.
 */
const struct bops_error *bops_sprint_check(const char *path,
    const struct bops_node *sprint, int32_t max_days);

/* One sprint's days, for the overlap rule. */
struct bops_sprint_span {
	const char *id;		/* borrowed */
	int32_t start, end;
	long with;		/* set by bops_sprint_overlaps */
};

/*
 * The rule between sprints: no two share a day.  Sort v by start (then
 * id) and set each span's `with` to the index, in the sorted v, of an
 * earlier span it shares a day with (the one reaching furthest), or -1.
 * Returns how many spans overlap an earlier one.  O(n log n).
 */
size_t bops_sprint_overlaps(struct bops_sprint_span *v, size_t n);

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

/*
 * Start sprint (a record loaded for change in txn): freeze its committed
 * points, the sum of the points (bops_task_points) of the tasks planned
 * in it as txn would leave them, and make it active.  what gets the
 * change as a commit says it ("start, committed 10 points in 3 tasks").
 * BOPS_ERR_REFUSED for a sprint that is active or closed;
 * BOPS_ERR_INVALID when a task of the workspace does not read (it might
 * be planned in it), or the points are too large to add up.
 */
const struct bops_error *bops_sprint_start(struct bops_txn *txn,
    struct bops_record *sprint, struct bops_buf *what);

#endif
