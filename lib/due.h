/*
 * due.h: what needs attention, for `bops due` and the cron digests.
 *
 * Every kind adds its own items through the `due` member of its rules
 * (kind.h): overdue tasks, key results with no check-in within the
 * cadence, sprints ending or not started.  This module holds the list
 * they add to, filters it by owner, and sorts it: grouped by owner, the
 * group with the most urgent item first, and inside a group the most
 * urgent item first.
 *
 * Urgency is how late an item is, in days: (now - since) / 86400, where
 * `since` is the instant it fell due (the start of a task's due day or
 * of a sprint's last day, a key result's last check-in plus the
 * cadence).  An item that falls due
 * later inside the window has a negative urgency.  A kind may add to it
 * (an SLA breach weighs more than a late task) through `weight`.
 */
#ifndef BOPS_DUE_H
#define BOPS_DUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "error.h"
#include "kind.h"

/* What the caller asks for. */
struct bops_due_query {
	int64_t now;		/* the clock (BOPS_NOW, --as-of) */
	int64_t within;		/* seconds ahead that count as due */
	const char *commit;	/* the records' commit; NULL: HEAD */
	/*
	 * Whose items to keep: each string a name, an e-mail or "Name
	 * <email>" (the identity when the user typed "me"), compared
	 * folded with an item's owner, its name or its e-mail; NULL
	 * or an empty list: everyone's, those with no owner included.
	 */
	const char *const *owners;
	size_t nowners;
};

/* One item, as a kind adds it; the strings are copied. */
struct bops_due_item {
	const struct bops_kind *kind;
	const char *id;		/* the record ("save-the-world/1" for a
				   key result) */
	const char *title;	/* may be NULL */
	const char *owner;	/* who answers for it; NULL or "": nobody */
	const char *what;	/* "overdue", "due", "no check-in"... */
	int64_t since;		/* when it fell (or falls) due */
	const char *command;	/* the command that deals with it */
	bool late;		/* past due (a problem), not coming due */
	double weight;		/* days added to its urgency (0 mostly) */
	double urgency;		/* set by bops_due_add */
};

struct bops_due {
	const struct bops_due_query *q;	/* borrowed */
	struct bops_due_item *items;	/* strings owned by the list */
	size_t n, alloc;
};

/* A list for query q (borrowed: it must outlive the list). */
void bops_due_init(struct bops_due *d, const struct bops_due_query *q);
/* Free what the list holds.  Safe after init alone. */
void bops_due_release(struct bops_due *d);

/*
 * Add a copy of item, its urgency computed, when its owner passes the
 * query's owner filter (bops_due_owner_match); otherwise nothing.
 */
void bops_due_add(struct bops_due *d, const struct bops_due_item *item);

/*
 * Whether owner (may be NULL or "") passes the filter of q: no filter,
 * or owner folded equal to one of q's strings, or owner "Name <email>"
 * with its name or its e-mail equal to one.
 */
bool bops_due_owner_match(const struct bops_due_query *q,
    const char *owner);

/* Whether a day falls due within the query's window: before the end of
 * the local day of now + within, in time zone tz. */
bool bops_due_day_within(const struct bops_due_query *q, int32_t day,
    const struct bops_tz *tz);

/*
 * Ask every kind of kinds.def with a `due` rule for its items at
 * q->commit, then sort them (see above).  The errors of the kinds'
 * rules; on error d keeps what was added.
 */
const struct bops_error *bops_due_collect(struct bops_due *d,
    struct bops_ws *ws);

/*
 * For a kind's `due` rule: call fn with d, ws, each record of kind at
 * d->q->commit that validates, in id order, and arg, as
 * bops_store_each does (the record is borrowed for the call; one that
 * does not validate is left out).  The first error of fn or of the
 * read, which stops the walk.
 */
struct bops_record;
typedef const struct bops_error *(*bops_due_record_fn)(struct bops_due *d,
    struct bops_ws *ws, struct bops_record *rec, void *arg);
const struct bops_error *bops_due_each(struct bops_due *d,
    struct bops_ws *ws, const struct bops_kind *kind, bops_due_record_fn fn,
    void *arg);

/* Whether two items are in one owner's group: owners equal folded. */
bool bops_due_same_owner(const struct bops_due_item *a,
    const struct bops_due_item *b);

/* Sort the items: by owner group, most urgent first (see above). */
void bops_due_sort(struct bops_due *d);

#endif
