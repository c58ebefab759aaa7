/*
 * task.c: the rules of tasks, applied by the transaction to every write
 * of one (add, set, edit, move, sprint plan and close, merges...).
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "kind.h"
#include "rank.h"
#include "record.h"
#include "store.h"
#include "task.h"
#include "banned.h"

bool
bops_task_done(struct bops_ws *ws, const struct bops_record *task)
{
	return bops_board_done(ws, bops_record_str(task, "status"));
}

double
bops_task_points(const struct bops_record *task)
{
	const char *e = bops_record_str(task, "estimate");

	return e ? strtod(e, NULL) : 1;
}

/*
 * A done task's points count in the sprint it was finished in (sprint
 * close records them there); moving it, still done, into another sprint
 * would count them twice.  Taking it out of a sprint is allowed.
 */
static const struct bops_error *
done_stays(struct bops_ws *ws, const struct bops_record *before,
    const struct bops_record *rec)
{
	const char *done = bops_board_last(ws);
	const char *old = before ? bops_record_str(before, "sprint") : NULL;
	const char *sprint = bops_record_str(rec, "sprint");
	const char *was = before ? bops_record_str(before, "status") : NULL;
	const char *status = bops_record_str(rec, "status");
	const char *finished = bops_record_str(rec, "finished");

	if (before == NULL || sprint == NULL || (old && strcmp(old, sprint) ==
	    0) || was == NULL || strcmp(was, done) || status == NULL ||
	    strcmp(status, done))
		return NULL;
	return bops_error_fmt(BOPS_ERR_REFUSED, "task '%s' is done%s%s%s: "
	    "its points count in the sprint it was finished in%s%s%s; for "
	    "more work on it add a new task, or move it out of '%s' first "
	    "(bops task move %s COLUMN)", rec->id, finished ? " (finished " :
	    "", finished ? finished : "", finished ? ")" : "", old ? " ('" :
	    "", old ? old : "", old ? "')" : "", done, rec->id);
}

/*
 * A new task without a rank gets one at the end of the backlog: after
 * every rank there is (read under the lock, so adds in one second keep
 * their order), ending in its id so that two clones never tie.
 */
static const struct bops_error *
rank_new(struct bops_ws *ws, struct bops_record *rec)
{
	const struct bops_error *err;
	struct bops_buf max = BOPS_BUF_INIT, rank = BOPS_BUF_INIT;

	if ((err = bops_store_max(&max, ws, rec->kind, "rank")) == NULL) {
		bops_rank_append(&rank, max.len ? max.ptr : NULL, ws->now,
		    rec->id);
		err = bops_record_set(rec, ws, "rank", rank.ptr);
	}
	bops_buf_release(&max);
	bops_buf_release(&rank);
	return err;
}

/*
 * When a task's status changes: the WIP limit of the new column (unless
 * forced), then the stamps: `started` the first time it leaves the first
 * column, `finished` when it reaches the last one (cleared when it leaves
 * it).
 */
static const struct bops_error *
status_changed(struct bops_txn *txn, struct bops_record *rec)
{
	const struct bops_error *err = NULL;
	struct bops_ws *ws = bops_txn_ws(txn);
	const char *status = bops_record_str(rec, "status");
	struct bops_buf now = BOPS_BUF_INIT;
	long limit;
	size_t n;

	if ((limit = bops_board_wip(ws, status)) >= 0 &&
	    !(bops_txn_flags(txn) & BOPS_TXN_FORCE)) {
		if ((err = bops_txn_count_value(&n, txn, rec->kind, "status",
		    status, rec->id, NULL, NULL)))
			return err;
		if ((long)n >= limit)
			return bops_error_fmt(BOPS_ERR_WIP, "'%s' is at its WIP "
			    "limit (%zu of %ld)", status, n, limit);
	}
	bops_instant_format(&now, ws->now);
	if (bops_board_count(ws) && strcmp(status, bops_board_first(ws)) &&
	    bops_record_str(rec, "started") == NULL)
		err = bops_record_set(rec, ws, "started", now.ptr);
	if (err == NULL && bops_board_count(ws))
		err = bops_record_set(rec, ws, "finished",
		    bops_board_done(ws, status) ? now.ptr : NULL);
	bops_buf_release(&now);
	return err;
}

static const struct bops_error *
task_check(struct bops_txn *txn, const struct bops_record *before,
    struct bops_record *after)
{
	const struct bops_error *err;
	struct bops_ws *ws = bops_txn_ws(txn);
	const char *old, *status;

	/* A merge keeps what each side wrote; a removal needs nothing. */
	if (after == NULL || (bops_txn_flags(txn) & BOPS_TXN_MERGE))
		return NULL;
	if (before == NULL && bops_record_str(after, "rank") == NULL &&
	    (err = rank_new(ws, after)))
		return err;
	if ((err = done_stays(ws, before, after)))
		return err;
	old = before ? bops_record_str(before, "status") : NULL;
	status = bops_record_str(after, "status");
	if (status == NULL || (old && strcmp(old, status) == 0))
		return NULL;
	return status_changed(txn, after);
}

const struct bops_kind_rules bops_task_rules = {
	.validate = NULL,
	.check = task_check,
	.finished = bops_task_done,
};
