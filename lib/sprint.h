/*
 * sprint.h: sprint arithmetic as pure functions: dates, which sprint is
 * current, the points of a sprint's tasks, what `sprint close` carries,
 * the burndown series, velocity and the two-proportion z-test of
 * experiments.
 */
#ifndef BOPS_SPRINT_H
#define BOPS_SPRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "date.h"
#include "error.h"
#include "git.h"
#include "node.h"
#include "record.h"
#include "workspace.h"

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

/*
 * The weekday sprint.start_day names (a weekday's name, or NULL), 1 =
 * Monday .. 7 = Sunday: Monday unless it names another.
 */
int bops_sprint_start_day(const char *start_day);

/*
 * The length in seconds of a new sprint by sprint.length (a duration as
 * written in bops.yaml, or NULL): 7 days when it is unset, not a
 * duration or under a day.
 */
int64_t bops_sprint_length(const char *length);

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
 * The spans of n sprint records, in their order: each one's id
 * (borrowed from it) and dates (day 0 for a date that does not read).
 */
void bops_sprint_spans(struct bops_sprint_span *out,
    const struct bops_record *const *sprints, size_t n);

/*
 * The first of the n spans of v that shares a day with start..end: its
 * index, or -1.
 */
long bops_sprint_overlapping(const struct bops_sprint_span *v, size_t n,
    int32_t start, int32_t end);

/*
 * The rule between sprints: no two share a day.  Sort v by start (then
 * id) and set each span's `with` to the index, in the sorted v, of an
 * earlier span it shares a day with (the one reaching furthest), or -1.
 * Returns how many spans overlap an earlier one.  O(n log n).
 */
size_t bops_sprint_overlaps(struct bops_sprint_span *v, size_t n);

/*
 * The first day on or after `from` that is weekday start_day and starts
 * a sprint of `length` seconds (bops_sprint_end) sharing no day with
 * any of the n spans of v (in any order; their `with` is not read): the
 * next free start, offered when a new sprint would overlap.
 */
int32_t bops_sprint_free_start(const struct bops_sprint_span *v, size_t n,
    int32_t from, int start_day, int64_t length);

/*
 * Which sprint is current on day `today`: the last of the n sprints
 * whose status is active, else the first whose days hold today.  Its
 * index, or -1 when there is none.
 */
long bops_sprint_current(const struct bops_record *const *sprints, size_t n,
    int32_t today);

/*
 * Of n sprints sorted by start, the first that starts after day `end`:
 * the one unfinished tasks carry into at close.  Its index, or -1.
 */
long bops_sprint_following(const struct bops_record *const *sprints,
    size_t n, int32_t end);

/* What a sprint's tasks add up to (bops_sprint_tally). */
struct bops_sprint_tally {
	double points;		/* the points of every task */
	double done;		/* the points of the tasks done */
	double open;		/* the points of the others */
	size_t ndone;		/* how many are done */
	size_t nopen;		/* how many are not */
};

/*
 * Add up the points (bops_task_points) of the n tasks of a sprint, and
 * of those done (bops_task_done: in the last column of ws's board).  A
 * sum may be infinite: bops_sprint_check_points says so.
 */
void bops_sprint_tally(struct bops_sprint_tally *out, struct bops_ws *ws,
    struct bops_record *const *tasks, size_t n);

/*
 * BOPS_ERR_INVALID "the estimates of sprint 'ID' are too large to add
 * up" when points is not finite, else NULL: a sum is written to the
 * sprint (committed, completed) only when it is a number.
 */
const struct bops_error *bops_sprint_check_points(const char *sprint,
    double points);

/* A task that `sprint close` carries on. */
struct bops_sprint_carry {
	size_t index;		/* in the sprint's tasks */
	long carried;		/* its `carried` count once carried */
};

/*
 * The tasks that `sprint close` carries into the next sprint or the
 * backlog: those of the n tasks not done (bops_task_done), in their
 * order, each with its `carried` count plus one (no count is 0).  out
 * has room for n.  Returns how many carry.
 */
size_t bops_sprint_carry(struct bops_sprint_carry *out, struct bops_ws *ws,
    struct bops_record *const *tasks, size_t n);

/*
 * The points still to do in sprint at commit (NULL: HEAD): the points of
 * its tasks not done there.  A task that does not validate there is left
 * out.  The errors of bops_store_each.
 */
const struct bops_error *bops_sprint_remaining(double *out,
    struct bops_ws *ws, const char *commit, const char *sprint);

/*
 * A burndown: the points left at the end of each day of a sprint, from
 * the history of its tasks, and the ideal line.  Made in three steps:
 *
 *	bops_burndown_init(&bd, start, end, today, tz);
 *	bops_history_at(states, ws, bd.ends, bd.known);
 *	bops_burndown_fill(&bd, states, committed, fn, arg);
 *
 * and released with bops_burndown_release.
 */
struct bops_burndown {
	int32_t start;		/* the sprint's first day */
	size_t ndays;		/* its days */
	size_t known;		/* of them, those up to today: the days
				   whose value is known */
	int64_t *ends;		/* known: the instant each known day ends */
	double *remaining;	/* ndays: the points left at the end of
				   each day; NAN for a day still to come or
				   one before the workspace's history */
	double *ideal;		/* ndays: bops_sprint_ideal from committed */
	double committed;	/* where the ideal line starts */
	double top;		/* the largest value of remaining and
				   committed: a full bar of the chart */
};

/*
 * Set bd up for the sprint from start to end on day `today`, in time
 * zone tz (the days end at its midnights).  BOPS_ERR_INVALID as
 * bops_sprint_check_dates with BOPS_SPRINT_LIMIT_DAYS (the message alone:
 * the caller says where); bd then holds nothing to release.
 */
const struct bops_error *bops_burndown_init(struct bops_burndown *bd,
    int32_t start, int32_t end, int32_t today, const struct bops_tz *tz);

/* The points left in the workspace as commit `state` holds it. */
typedef const struct bops_error *(*bops_burndown_fn)(double *out,
    const char *state, void *arg);

/*
 * Fill the series from the state at the end of each known day,
 * states[i] (bops_history_at: "" before the workspace's first commit,
 * which leaves the day without a value).  fn counts the points of a
 * state; a day whose state is the day before's takes its value without
 * a call.  committed is the sprint's committed points, or NAN when it
 * has none (not started): the first day with a value stands for it
 * then (0 when none has).  Then the ideal line and top.  The errors of
 * fn.
 */
const struct bops_error *bops_burndown_fill(struct bops_burndown *bd,
    const char (*states)[BOPS_OID_HEXSZ + 1], double committed,
    bops_burndown_fn fn, void *arg);

void bops_burndown_release(struct bops_burndown *bd);

/*
 * Velocity: of n sprints sorted by start, the newest `want` closed ones,
 * newest first: their indices into pick and their completed points into
 * points (0 for one closed without them); pick and points have room for
 * the smaller of n and want.  Returns how many; their mean is
 * bops_sprint_mean(points, count).
 */
size_t bops_sprint_velocity(size_t *pick, double *points,
    const struct bops_record *const *sprints, size_t n, size_t want);

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
 * A new experiment, for a sprint's experiments list: a map of name,
 * messages, destinations (ownership of both lists of names taken) and a
 * variant per message and destination, in that order, each a map whose
 * id is "MESSAGE/DESTINATION".  The caller frees it (bops_node_free).
 */
struct bops_node *bops_experiment_new(const char *name,
    struct bops_node *messages, struct bops_node *destinations);

/*
 * The variants of an experiment map, as listed, into *out (allocated,
 * the caller frees it; ids borrowed from exp): reach and conversions as
 * recorded, 0 when not yet.  Returns how many.
 */
size_t bops_experiment_variants(struct bops_variant **out,
    const struct bops_node *exp);

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
