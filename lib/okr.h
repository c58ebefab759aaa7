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
/* The objective with id, or NULL. */
struct bops_okr_obj *bops_okr_cascade_find(struct bops_okr_cascade *c,
    const char *id);
/*
 * The objective whose period applies to o: o itself when it has one,
 * else its nearest ancestor that has one; NULL when none has.  *p gets
 * that period.
 */
const struct bops_okr_obj *bops_okr_period_of(const struct bops_okr_obj *o,
    struct bops_period *p);
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
