/*
 * okr.h: the arithmetic of objectives and key results, as pure
 * functions.
 *
 * Progress of a key result is (current - start) / (target - start),
 * clamped to [0, 1]; it serves `down` key results too (start 48,
 * target 24, current 36 gives 0.5).  With target == start it is 1 when
 * the target is reached (current >= target going up, <= going down),
 * else 0.
 *
 * Expected progress is the share of the period elapsed at `now`: 0
 * before the period, 1 after it.  Pace compares progress with expected:
 * on-track when progress >= on_track * expected, at-risk when >=
 * at_risk * expected, else off-track; not-started before the period.
 *
 * Periods themselves (parsing "2026-Q4", the quarter of a day, whether
 * one is over) are the date module's: date.h.
 */
#ifndef BOPS_OKR_H
#define BOPS_OKR_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "date.h"
#include "error.h"
#include "hash.h"
#include "node.h"
#include "record.h"

struct bops_okr_obj;

enum bops_pace {
	BOPS_PACE_NOT_STARTED,
	BOPS_PACE_ON_TRACK,
	BOPS_PACE_AT_RISK,
	BOPS_PACE_OFF_TRACK,
};

double bops_okr_kr_progress(double start, double target, double current,
    bool down);

/*
 * The share of the period elapsed at instant now, counting the period
 * from the start of its first day to the end of its last day in time
 * zone tz.
 */
double bops_okr_expected(const struct bops_period *p, int64_t now,
    const struct bops_tz *tz);

/* Pace from progress and expected; `started` is false before the period. */
enum bops_pace bops_okr_pace(double progress, double expected, bool started,
    double on_track, double at_risk);
const char *bops_pace_name(enum bops_pace pace);

/*
 * A weighted mean: sum(v*w)/sum(w); 0 when the weights sum to 0.
 * Weights that are not positive count as 0; weights of any finite size
 * (1e308) give a finite mean.
 */
double bops_okr_weighted(const double *values, const double *weights,
    size_t n);

/* Round to two decimals (grades). */
double bops_okr_round2(double v);

/* Settings from bops.yaml (okr.*). */
struct bops_okr_conf {
	double on_track, at_risk, achieved;
	int64_t checkin_every;
};

/*
 * The settings of the okr map of bops.yaml (NULL: none set): each one
 * given, else its default: on_track 0.9, at_risk 0.6, achieved 0.7,
 * checkin_every 7 days (also when it is not a duration).
 */
void bops_okr_conf_read(struct bops_okr_conf *out,
    const struct bops_node *okr);

/*
 * Key results live in an objective's key_results list, each a map with
 * its number as id ("save-the-world/2" is the one with id 2).
 */

/* The position of key result n in obj's list, or -1. */
long bops_okr_kr_index(const struct bops_record *obj, long n);
/* Key result n of obj (borrowed from obj), or NULL. */
struct bops_node *bops_okr_kr(const struct bops_record *obj, long n);
/* The number of a new key result in the list krs (may be NULL): one more
 * than the largest there, 1 for the first.  Numbers are never reused
 * while a larger one stands. */
long bops_okr_kr_next(const struct bops_node *krs);

/*
 * Append a check-in to key result kr's log, made when it has none: at
 * (an instant as written), by, value, then confidence when not NULL and
 * note when neither NULL nor empty.  The strings are copied.
 */
void bops_okr_checkin_add(struct bops_node *kr, const char *at,
    const char *by, const char *value, const char *confidence,
    const char *note);

/*
 * The instant of kr's latest check-in as written (the largest `at`;
 * borrowed from kr), or NULL when it has none.
 */
const char *bops_okr_kr_last_checkin(const struct bops_node *kr);
/*
 * Whether kr is stale at now: no check-in within `every` seconds (none
 * at all, or the latest one older, or not an instant).
 */
bool bops_okr_kr_stale(const struct bops_node *kr, int64_t now,
    int64_t every);
/* Whether the key results of o are due for check-ins: it is active and
 * its period has begun. */
bool bops_okr_checkins_due(const struct bops_okr_obj *o);
/* Who answers for key result kr of obj: its owner, else obj's; NULL
 * when neither has one.  Borrowed. */
const char *bops_okr_kr_owner(const struct bops_record *obj,
    const struct bops_node *kr);

/* Whether obj is scored for period (NULL: every period): it is of that
 * period and not dropped. */
bool bops_okr_scored(const struct bops_record *obj, const char *period);

/*
 * A key result's measure: what `okr measure` computes and checks in as
 * its current value, in one of three forms (words split at blanks;
 * filters as `bops KIND list` takes them):
 *
 *   count KIND FILTER...        how many records of KIND match every
 *                               FILTER;
 *   percent KIND FILTER... of FILTER...
 *                               the share (0-100) of the records of KIND
 *                               that match the filters after "of" (none:
 *                               every record) that also match those
 *                               before it;
 *   sla ticket first-response|resolution [FILTER...]
 *                               the share (0-100) of the tickets that
 *                               match the filters, opened in the key
 *                               result's period, whose clock met its
 *                               target, of those whose clock is decided
 *                               (ticket.h: struct bops_sla_tally).
 */
enum bops_okr_measure_form {
	BOPS_MEASURE_COUNT,
	BOPS_MEASURE_PERCENT,
	BOPS_MEASURE_SLA,
};

enum bops_okr_measure_clock {
	BOPS_MEASURE_FIRST_RESPONSE,
	BOPS_MEASURE_RESOLUTION,
};

struct bops_okr_measure {
	enum bops_okr_measure_form form;
	const struct bops_kind *kind;
	/*
	 * argv[0] the kind's name, then the filters of what is counted:
	 * for a percent, the filters after "of" first, then those before
	 * it, so that argv[0..whole) select the records the share is of,
	 * and all of argv the part.  whole is argc for the other forms.
	 */
	int argc, whole;
	char **argv;		/* NULL-terminated, into text */
	enum bops_okr_measure_clock clock;	/* sla */
	char *text;
};

/*
 * Split spec into m.  BOPS_ERR_USAGE "measure 'SPEC': want 'count KIND
 * FILTER...', 'percent KIND FILTER... of FILTER...' or 'sla ticket
 * first-response|resolution [FILTER...]'" when it is no such thing (m
 * then holds nothing).  Release with bops_okr_measure_release.
 */
const struct bops_error *bops_okr_measure_parse(struct bops_okr_measure *m,
    const char *spec);
void bops_okr_measure_release(struct bops_okr_measure *m);

/*
 * part of whole as a percentage, to a tenth (half a tenth rounds up),
 * into *out; false, and *out untouched, when whole is 0 (no share).
 */
bool bops_okr_measure_share(double *out, size_t part, size_t whole);

/* Whether kr's current value is not value yet: a value to check in. */
bool bops_okr_measure_due(const struct bops_node *kr, double value);
/*
 * Check value in as kr's current value (written to a tenth at most: 3,
 * 95.5): current set, and a check-in at `at` by `by` with the measure as
 * its note.
 */
void bops_okr_measure_checkin(struct bops_node *kr, double value,
    const char *at, const char *by);

/*
 * Grade the key results krs (the list of an objective) at period end:
 * each one's grade is its progress rounded to two decimals, written to
 * its map as `grade` and to grades[i] when grades is not NULL (room for
 * krs->n).  Returns the objective's grade: their mean weighted by
 * `weight` (1 when unset), rounded to two decimals; 0 for none.
 */
double bops_okr_grade(double *grades, struct bops_node *krs);
/* Whether a grade reaches the mark `achieved` (a hair's tolerance). */
bool bops_okr_achieved(double grade, double achieved);
/* Take the grades off the key results krs (may be NULL): whether any
 * had one. */
bool bops_okr_ungrade(struct bops_node *krs);
/*
 * A graded objective is frozen: its key results take no check-in and
 * no change until `okr reopen` clears the grades.  BOPS_ERR_REFUSED
 * "okr 'ID' is graded (GRADE, STATUS): its key results are frozen; ..."
 * when obj has a grade, else NULL.
 */
const struct bops_error *bops_okr_refuse_graded(
    const struct bops_record *obj);

/*
 * The progress of a key result's map (start, target, current defaulting
 * to start, direction).
 */
double bops_okr_kr_progress_of(const struct bops_node *kr);

/* One objective of a cascade. */
struct bops_okr_obj {
	const struct bops_record *rec;		/* borrowed */
	struct bops_okr_obj *parent;		/* NULL at the top */
	struct bops_okr_obj **children;
	size_t nchildren, achildren;
	double progress;	/* its key results, else its children */
	double expected;	/* the share of its period gone at now */
	enum bops_pace pace;
	bool done;
};

struct bops_okr_cascade {
	struct bops_okr_obj *objs;
	size_t n;
	struct bops_okr_conf conf;
	int64_t now;
	const struct bops_tz *tz;	/* borrowed */
	struct bops_strset ids;	/* objs[i]'s id at index i */
};

/*
 * Link objectives to their parents (a cycle made by hand is cut where it
 * closes: its member that comes last in recs keeps no parent) and compute
 * each one's progress, expected progress and pace at `now`, in time
 * linear in n.  An objective without a period takes its nearest ancestor's.
 * The records are borrowed; release with bops_okr_cascade_release().
 */
void bops_okr_cascade_build(struct bops_okr_cascade *c,
    const struct bops_record *const *recs, size_t n,
    const struct bops_okr_conf *conf, int64_t now,
    const struct bops_tz *tz);
void bops_okr_cascade_release(struct bops_okr_cascade *c);
/* The objective with id, or NULL; borrowed from the cascade. */
struct bops_okr_obj *bops_okr_cascade_find(struct bops_okr_cascade *c,
    const char *id);
/*
 * The objective whose period applies to o: o itself when it has one,
 * else its nearest ancestor that has one; NULL when none has.  *p gets
 * that period.
 */
const struct bops_okr_obj *bops_okr_period_of(const struct bops_okr_obj *o,
    struct bops_period *p);
/*
 * Whether the period of o (bops_okr_period_of) is still running at the
 * cascade's now: then *owner is the objective whose period it is and *p
 * that period.  False when it is over or o has none: o may be graded.
 */
bool bops_okr_period_running(const struct bops_okr_obj **owner,
    struct bops_period *p, const struct bops_okr_cascade *c,
    const struct bops_okr_obj *o);
/* Expected progress and pace of a key result of o with this progress. */
void bops_okr_kr_pace(const struct bops_okr_cascade *c,
    const struct bops_okr_obj *o, double progress, double *expected,
    enum bops_pace *pace);

/*
 * The rule of one objective record: it is not its own parent.
 * BOPS_ERR_INVALID "path:line:col: parent 'x' is the objective itself".
 */
const struct bops_error *bops_okr_check(const char *path, const char *id,
    const struct bops_node *okr);

/*
 * Parent cycles among objectives (made by hand; a write refuses them).
 * ids[i] and parents[i] (NULL: none) of n objectives, ids unique.  Sets
 * up[i] to the index of i's parent among them (-1 when it has none or
 * the parent is not there) and on_cycle[i] to whether following parents
 * from i comes back to i.  Returns how many are on a cycle.  O(n).
 */
size_t bops_okr_cycles(const char *const *ids, const char *const *parents,
    size_t n, long *up, bool *on_cycle);

#endif
