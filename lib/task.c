/*
 * task.c: the rules of tasks, applied by the transaction to every write
 * of one (add, set, edit, move, sprint plan and close, merges...), and
 * the reading of a task's older form.
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "due.h"
#include "report.h"
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
	bool keep;

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
	/* An import keeps when a done task was finished. */
	keep = (bops_txn_flags(txn) & BOPS_TXN_IMPORT) && bops_board_done(ws,
	    status) && bops_record_str(rec, "finished");
	if (err == NULL && bops_board_count(ws) && !keep)
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

/* The fields of a task that what is due reads, packed. */
enum { D_DUE, D_STATUS, D_ASSIGNEE, D_TITLE, D__COUNT };

struct due_walk {
	struct bops_due *d;
	struct bops_ws *ws;
	const struct bops_kind *kind;
};

/*
 * A task not done whose due day has passed, or comes within the window,
 * from its packed fields: `bops due` decodes no task.
 */
static const struct bops_error *
due_one(const char *id, const unsigned char *const *vals, const size_t *lens,
    void *arg)
{
	struct due_walk *w = arg;
	struct bops_due_item it;
	struct bops_buf due = BOPS_BUF_INIT, status = BOPS_BUF_INIT;
	struct bops_buf title = BOPS_BUF_INIT, owner = BOPS_BUF_INIT;
	struct bops_buf cmd = BOPS_BUF_INIT;
	int32_t day, today = bops_date_local(w->d->q->now, w->ws->tz);

	if (bops_store_text(&due, vals[D_DUE], lens[D_DUE]) == NULL ||
	    bops_date_parse(&day, due.ptr) || bops_board_done(w->ws,
	    bops_store_text(&status, vals[D_STATUS], lens[D_STATUS])) ||
	    !bops_due_day_within(w->d->q, day, w->ws->tz))
		goto done;
	memset(&it, 0, sizeof(it));
	bops_buf_printf(&cmd, "bops task done %s", id);
	it.kind = w->kind;
	it.id = id;
	it.title = bops_store_text(&title, vals[D_TITLE], lens[D_TITLE]);
	if (it.title == NULL)
		it.title = id;
	it.owner = bops_store_text(&owner, vals[D_ASSIGNEE], lens[D_ASSIGNEE]);
	it.what = day < today ? "overdue" : day == today ? "due today" :
	    "due";
	it.late = day < today;
	it.since = bops_date_local_start(day, w->ws->tz);
	it.command = cmd.ptr;
	bops_due_add(w->d, &it);
done:
	bops_buf_release(&due);
	bops_buf_release(&status);
	bops_buf_release(&title);
	bops_buf_release(&owner);
	bops_buf_release(&cmd);
	return NULL;
}

static const struct bops_error *
task_due(struct bops_due *d, struct bops_ws *ws, const struct bops_kind *kind)
{
	const char *fields[D__COUNT] = { "due", "status", "assignee" };
	const struct bops_schema *schema;
	const struct bops_error *err;
	struct due_walk w = { d, ws, kind };

	if ((err = bops_ws_schema(&schema, ws, kind)))
		return err;
	fields[D_TITLE] = schema->title ? schema->title : "title";
	return bops_store_fields(ws, kind, d->q->commit, fields, D__COUNT,
	    due_one, NULL, &w);
}

/* The weekly report: tasks finished in the period, WIP limits hit. */

struct finished {
	int64_t at;
	char *title, *detail;
};

struct weekly {
	struct bops_report *r;
	struct bops_ws *ws;
	struct finished *done;	/* tasks finished in the period */
	size_t ndone;
	long *count;		/* tasks per board column */
};

/* The fields the weekly report reads of each task, packed. */
enum { W_STATUS, W_FINISHED, W_ASSIGNEE, W_TITLE, W__COUNT };

static const struct bops_error *
weekly_one(const char *id, const unsigned char *const *vals,
    const size_t *lens, void *arg)
{
	struct weekly *w = arg;
	struct bops_buf status = BOPS_BUF_INIT, fin = BOPS_BUF_INIT;
	struct bops_buf detail = BOPS_BUF_INIT, text = BOPS_BUF_INIT;
	const char *s = bops_store_text(&status, vals[W_STATUS],
	    lens[W_STATUS]);
	long col = bops_board_index(w->ws, s);
	int64_t t;

	if (col >= 0)
		w->count[col]++;
	if (bops_store_text(&fin, vals[W_FINISHED], lens[W_FINISHED]) ==
	    NULL || !bops_board_done(w->ws, s) ||
	    bops_instant_parse(&t, fin.ptr) || t > w->r->now ||
	    t < bops_date_local_start(w->r->period.first, w->r->tz) ||
	    t >= bops_date_local_start(w->r->period.last + 1, w->r->tz))
		goto done;
	if (bops_store_text(&text, vals[W_ASSIGNEE], lens[W_ASSIGNEE]))
		bops_buf_printf(&detail, "%s, ", text.ptr);
	bops_date_format(&detail, bops_date_local(t, w->r->tz));
	w->done = bops_realloc(w->done, (w->ndone + 1) * sizeof(*w->done));
	w->done[w->ndone].at = t;
	w->done[w->ndone].title = bops_strdup(bops_store_text(&text,
	    vals[W_TITLE], lens[W_TITLE]) ? text.ptr : id);
	w->done[w->ndone++].detail = bops_buf_detach(&detail);
done:
	bops_buf_release(&status);
	bops_buf_release(&fin);
	bops_buf_release(&detail);
	bops_buf_release(&text);
	return NULL;
}

/* In the order they were finished, whatever their ids. */
static int
by_finished(const void *x, const void *y)
{
	const struct finished *a = x, *b = y;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return strcmp(a->title, b->title);
}

static const struct bops_error *
task_report(struct bops_report *r, struct bops_ws *ws,
    const struct bops_kind *kind)
{
	const struct bops_error *err;
	struct bops_report_block *wip = NULL, *b = NULL;
	struct bops_buf label = BOPS_BUF_INIT;
	struct weekly w = { r, ws, NULL, 0, NULL };
	const char *fields[W__COUNT] = { "status", "finished", "assignee" };
	const struct bops_schema *schema;
	size_t i, n = bops_board_count(ws);
	long limit;

	if (strcmp(r->topic, "weekly"))
		return NULL;
	if ((err = bops_ws_schema(&schema, ws, kind)))
		return err;
	fields[W_TITLE] = schema->title ? schema->title : "title";
	w.count = bops_calloc(n + 1, sizeof(*w.count));
	if ((err = bops_store_fields(ws, kind, r->commit, fields, W__COUNT,
	    weekly_one, NULL, &w)))
		goto done;
	bops_qsort(w.done, w.ndone, sizeof(*w.done), by_finished);
	if (w.ndone)
		b = bops_report_block(bops_report_section(r, "progress",
		    "Progress"), BOPS_BLOCK_LIST, "progress-tasks",
		    "Tasks done");
	for (i = 0; i < w.ndone; i++)
		bops_report_line(b, w.done[i].title, w.done[i].detail);
	for (i = 0; i < n; i++) {
		if ((limit = bops_board_wip(ws, bops_board_column(ws, i))) < 0 ||
		    w.count[i] < limit)
			continue;
		if (wip == NULL)
			wip = bops_report_block(bops_report_section(r,
			    "problems", "Problems"), BOPS_BLOCK_LIST,
			    "problems-wip", "WIP limits");
		bops_buf_reset(&label);
		bops_buf_printf(&label, "%s: %ld of %ld", bops_board_column(ws,
		    i), w.count[i], limit);
		bops_report_line(wip, label.ptr, w.count[i] > limit ?
		    "over the limit" : "at the limit");
	}
done:
	for (i = 0; i < w.ndone; i++) {
		free(w.done[i].title);
		free(w.done[i].detail);
	}
	free(w.done);
	free(w.count);
	bops_buf_release(&label);
	return err;
}

/* The first of a record's stamps that is set, to date what it held. */
static const struct bops_node *
stamp(const struct bops_node *root)
{
	static const char *const names[] = { "created", "updated" };
	const struct bops_node *n;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if ((n = bops_node_map_get(root, names[i])) &&
		    n->type == BOPS_NODE_SCALAR && n->len)
			return n;
	return NULL;
}

/*
 * Before the notes log, a task's free text was `notes: TEXT`; it is the
 * description now.  The text is read as the description when the task
 * has none, and otherwise as the log's one entry, dated by the task's
 * created (else updated) stamp and by its assignee ("unknown" when it
 * has none): only what the file holds, so every clone reads it alike.
 * A task with neither stamp cannot date an entry: the text then ends its
 * description, after a blank line.
 */
static bool
task_upgrade(struct bops_buf *note, const char *path, struct bops_node *root)
{
	struct bops_node *old = bops_node_map_get(root, "notes");
	struct bops_node *desc = bops_node_map_get(root, "description");
	struct bops_node *entry, *log;
	struct bops_buf text = BOPS_BUF_INIT;
	const struct bops_node *at = stamp(root);
	const char *by = bops_node_map_str(root, "assignee"), *how;
	unsigned line, col;

	if (old == NULL || old->type != BOPS_NODE_SCALAR || (desc &&
	    desc->type != BOPS_NODE_SCALAR))
		return false;	/* the schema says what is wrong */
	line = old->key_line;
	col = old->key_col;
	if (old->len == 0) {
		bops_node_map_remove(root, "notes");
		how = "read as no notes, being empty";
	} else if (desc == NULL || desc->len == 0) {
		bops_node_map_set(root, "description", bops_node_map_take(root,
		    "notes"));
		how = "read as the description";
	} else if (at) {
		entry = bops_node_new_map();
		bops_node_map_set(entry, "at", bops_node_dup(at));
		bops_node_map_set_str(entry, "by", by && *by ? by : "unknown",
		    BOPS_SCALAR_TEXT);
		bops_node_map_set(entry, "text", bops_node_map_take(root,
		    "notes"));
		log = bops_node_new_seq();
		bops_node_seq_append(log, entry);
		bops_node_map_set(root, "notes", log);
		how = "read as one entry of the log";
	} else {
		bops_buf_printf(&text, "%s\n\n%s", desc->str, old->str);
		bops_node_set_str(desc, text.ptr, BOPS_SCALAR_TEXT);
		bops_buf_release(&text);
		bops_node_map_remove(root, "notes");
		how = "read as the end of the description, having no "
		    "created stamp to date an entry by";
	}
	if (note)
		bops_buf_printf(note, "%s:%u:%u: note: 'notes' holds text, as "
		    "before the notes log: %s; the next write of the task "
		    "stores it so", path, line, col, how);
	return true;
}

const struct bops_kind_rules bops_task_rules = {
	.upgrade = task_upgrade,
	.validate = NULL,
	.check = task_check,
	.finished = bops_board_done,
	.due = task_due,
	.report = task_report,
};
