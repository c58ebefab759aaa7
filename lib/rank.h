/*
 * rank.h: backlog order as strings that sort by bytes.
 *
 * A rank is a non-empty string of base-36 digits (0-9 a-z).  Between any
 * two ranks there is always another, so moving one task never renumbers
 * the others.
 */
#ifndef BOPS_RANK_H
#define BOPS_RANK_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"

/* Whether s is a rank. */
bool bops_rank_valid(const char *s);

/*
 * Append a rank strictly between lo and hi (NULL: no bound on that
 * side).  BOPS_ERR_USAGE when lo >= hi, when either is not a rank, or
 * when hi leaves no room below it (all zeros).
 */
const struct bops_error *bops_rank_between(struct bops_buf *out,
    const char *lo, const char *hi);

/* 7 digits of instant t in base 36: ranks that follow the clock. */
void bops_rank_initial(struct bops_buf *out, int64_t t);

/*
 * Append the rank of a record added at the end of the order, at instant
 * t: after `last` (the greatest rank there is; NULL when none, and one
 * that is no rank, a hand edit, is passed over), and no earlier than
 * bops_rank_initial(t); so records added in one second still follow
 * each other.  Then the first 10 digits and letters of `tiebreak` (the
 * new record's id), so that records added at once on two clones, from
 * the same last rank, never tie.
 */
void bops_rank_append(struct bops_buf *out, const char *last, int64_t t,
    const char *tiebreak);

#endif
