/*
 * sprint.c: the verbs only sprints have: planning, the sprint board,
 * closing with carry-over, burndown, velocity, rollover and experiments.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "history.h"
#include "date.h"
#include "out.h"
#include "text.h"
#include "sprint.h"
#include "task.h"
#include "banned.h"

static int32_t
record_date(const struct bops_record *rec, const char *field)
{
	int32_t d = 0;
	const char *s = bops_record_str(rec, field);

	if (s)
		(void)bops_date_parse(&d, s);
	return d;
}

/* sprint.start_day of bops.yaml, 1 = Monday .. 7 = Sunday. */
static int
start_day(struct bops_ctx *ctx)
{
	return bops_sprint_start_day(bops_ws_config_str(ctx->ws,
	    "sprint.start_day", NULL));
}

/*
 * All sprints, sorted by start.  strict: for a verb that makes a sprint
 * or chooses one from the list, a sprint that cannot be read is an error
 * (it might hold the days a new sprint would take).
 */
static const struct bops_error *
all_sprints(struct bops_ctx *ctx, struct out_list *l, bool strict)
{
	struct out_opts o = { 0 };
	char *args[1] = { (char *)"sprint" };

	o.strict = strict;
	return gather(ctx, bops_kind_find("sprint"), 1, args, &o, "start,id",
	    l);
}

/*
 * Tasks planned in a sprint.  strict: for a verb that counts or moves
 * them, a task that cannot be read is an error (it might be one of
 * them), and nothing is written.
 */
static const struct bops_error *
sprint_tasks(struct bops_ctx *ctx, const char *sprint, struct out_list *l,
    bool strict)
{
	struct out_opts o = { 0 };
	struct bops_buf f = BOPS_BUF_INIT;
	const struct bops_error *err;
	char *args[2];

	o.strict = strict;
	bops_buf_printf(&f, "sprint=%s", sprint);
	args[0] = (char *)"task";
	args[1] = f.ptr;
	err = gather(ctx, &bops_kind_task, 2, args, &o, "rank,created", l);
	bops_buf_release(&f);
	if (err && strict && err->code == BOPS_ERR_INVALID)
		err = bops_error_fmt(BOPS_ERR_INVALID, "%s; sprint '%s' is "
		    "left as it was: fix that task first, it may be planned "
		    "in it", err->msg, sprint);
	return err;
}

/* The active sprint, else the one whose dates hold today. */
static const struct bops_error *
current_sprint(struct bops_ctx *ctx, struct bops_buf *id)
{
	const struct bops_error *err;
	struct out_list l = { NULL, 0, 0 };
	long found;

	if ((err = all_sprints(ctx, &l, false)))
		return err;
	found = bops_sprint_current((const struct bops_record *const *)l.recs,
	    l.n, ctx->ws->today);
	if (found >= 0)
		bops_buf_puts(id, l.recs[found]->id);
	else
		err = bops_error_fmt(BOPS_ERR_NOT_FOUND, "no current sprint "
		    "(none is active and none holds today)");
	out_list_release(&l);
	return err;
}

/* SPRINT as typed, or the current one when text is NULL. */
static const struct bops_error *
which_sprint(struct bops_ctx *ctx, const char *text, struct bops_buf *id)
{
	bops_buf_reset(id);
	if (text == NULL)
		return current_sprint(ctx, id);
	return bops_store_resolve(ctx->ws, bops_kind_find("sprint"), NULL,
	    text, id);
}

/* new / add */

/*
 * Refuse a sprint from start for length that would share a day with one
 * of the sprints of l, naming it and the next free start.
 */
static const struct bops_error *
refuse_overlap(struct bops_ctx *ctx, const struct out_list *l, int32_t start,
    int64_t length)
{
	const struct bops_error *err = NULL;
	struct bops_sprint_span *spans = bops_calloc(l->n + 1, sizeof(*spans));
	struct bops_buf next = BOPS_BUF_INIT;
	const struct bops_record *other;
	long at;

	bops_sprint_spans(spans, (const struct bops_record *const *)l->recs,
	    l->n);
	at = bops_sprint_overlapping(spans, l->n, start,
	    bops_sprint_end(start, length));
	if (at >= 0) {
		other = l->recs[at];
		bops_date_format(&next, bops_sprint_free_start(spans, l->n,
		    start, start_day(ctx), length));
		err = bops_error_fmt(BOPS_ERR_REFUSED, "the sprint would "
		    "overlap sprint '%s' (%s..%s); the next free start is "
		    "start=%s", other->id, bops_record_str(other, "start"),
		    bops_record_str(other, "end"), next.ptr);
	}
	bops_buf_release(&next);
	free(spans);
	return err;
}

/*
 * Make a sprint record starting on `start` with `length`, checking that
 * it overlaps no other; the id is the ISO week of start unless given.
 */
static const struct bops_error *
make_sprint(struct bops_ctx *ctx, struct bops_record **out, int32_t start,
    int64_t length, const char *slug)
{
	const struct bops_error *err;
	struct out_list l = { NULL, 0, 0 };
	struct bops_buf id = BOPS_BUF_INIT, d = BOPS_BUF_INIT;
	int32_t end = bops_sprint_end(start, length);

	*out = NULL;
	if (end > BOPS_DATE_MAX) {
		bops_date_format(&d, start);
		err = bops_error_fmt(BOPS_ERR_USAGE, "a sprint starting %s "
		    "would end after 9999-12-31", d.ptr);
		goto done;
	}
	if ((err = all_sprints(ctx, &l, true)) ||
	    (err = refuse_overlap(ctx, &l, start, length)))
		goto done;
	if (slug)
		bops_buf_puts(&id, slug);
	else
		bops_date_format_isoweek(&id, start);
	if ((err = bops_record_new(out, ctx->ws, bops_kind_find("sprint"),
	    id.ptr)))
		goto done;
	bops_date_format(&d, start);
	if ((err = bops_record_set(*out, ctx->ws, "start", d.ptr)))
		goto done;
	bops_buf_reset(&d);
	bops_date_format(&d, end);
	err = bops_record_set(*out, ctx->ws, "end", d.ptr);
done:
	if (err) {
		bops_record_free(*out);
		*out = NULL;
	}
	out_list_release(&l);
	bops_buf_release(&id);
	bops_buf_release(&d);
	return err;
}

static const struct bops_error *
sprint_new(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	struct bops_record *rec = NULL;
	struct bops_txn *txn = NULL;
	struct bops_buf msg = BOPS_BUF_INIT;
	struct bops_input_ctx ictx;
	const char *slug = a->id, *start_text = NULL, *length_text = NULL;
	char **argv = a->argv;
	int32_t start;
	int64_t length;
	int n = a->argc, i;

	for (i = 1; i < n; i++) {
		if (strncmp(argv[i], "start=", 6) == 0)
			start_text = argv[i] + 6;
		else if (strncmp(argv[i], "length=", 7) == 0)
			length_text = argv[i] + 7;
		else if (strchr(argv[i], '=') == NULL)
			return bops_error_fmt(BOPS_ERR_USAGE, "expected "
			    "field=value, got '%s'", argv[i]);
	}
	bops_ws_input_ctx(ctx->ws, &ictx);
	if (start_text) {
		if ((err = bops_date_parse_relative(&start, start_text,
		    ctx->ws->today, BOPS_DATE_FUTURE)))
			return err;
	}
	length = bops_sprint_length(bops_ws_config_str(ctx->ws,
	    "sprint.length", NULL));
	if (length_text && ((err = bops_duration_parse(&length, length_text))
	    || length < 86400 || length % 86400))
		return bops_error_fmt(BOPS_ERR_USAGE, "length: want whole "
		    "days or weeks (7d, 1w, 2w), got '%s'", length_text);
	if (start_text == NULL)
		start = bops_sprint_next_start(ctx->ws->today, start_day(ctx));
	if ((err = txn_begin(ctx, &txn)))
		goto done;
	if ((err = make_sprint(ctx, &rec, start, length, slug)))
		goto done;
	for (i = 1; i < n; i++)
		if (strncmp(argv[i], "start=", 6) &&
		    strncmp(argv[i], "length=", 7) &&
		    (err = bops_record_assign(rec, ctx->ws, argv[i])))
			goto done;
	if ((err = bops_txn_put(txn, rec, NULL)))
		goto done;
	bops_buf_printf(&msg, "sprint %s: new %s..%s", rec->id,
	    bops_record_str(rec, "start"), bops_record_str(rec, "end"));
	err = commit_tell(ctx, txn, msg.ptr, NULL, rec->id, NULL);
done:
	bops_record_free(rec);
	bops_txn_free(txn);
	bops_buf_release(&msg);
	return err;
}

/* start */

struct start_arg {
	struct out_list tasks;
	struct bops_buf what;
};

static const struct bops_error *
apply_start(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err;
	struct start_arg *s = arg;
	struct bops_sprint_tally t;
	const char *st = bops_record_str(rec, "status");
	char pts[32];

	(void)txn;
	if (st && strcmp(st, "closed") == 0)
		return bops_error_fmt(BOPS_ERR_REFUSED, "sprint '%s' is "
		    "closed", rec->id);
	if (st && strcmp(st, "active") == 0)
		return bops_error_fmt(BOPS_ERR_REFUSED, "sprint '%s' is "
		    "already active", rec->id);
	bops_sprint_tally(&t, ctx->ws, s->tasks.recs, s->tasks.n);
	if ((err = bops_sprint_check_points(rec->id, t.points)))
		return err;
	snprintf(pts, sizeof(pts), "%.15g", t.points);
	bops_buf_printf(&s->what, "start, committed %s point%s in %zu task%s",
	    pts, strcmp(pts, "1") ? "s" : "", s->tasks.n,
	    s->tasks.n == 1 ? "" : "s");
	if (bops_record_set(rec, ctx->ws, "committed", pts))
		return bops_error_fmt(BOPS_ERR_INVALID, "bad points");
	return bops_record_set(rec, ctx->ws, "status", "active");
}

static const struct bops_error *
sprint_start(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct start_arg s = { { NULL, 0, 0 }, BOPS_BUF_INIT };
	struct bops_buf id = BOPS_BUF_INIT;

	if ((err = which_sprint(ctx, a->argv[1], &id)) == NULL &&
	    (err = sprint_tasks(ctx, id.ptr, &s.tasks, true)) == NULL)
		err = record_change(ctx, kind, id.ptr, apply_start, &s, &s.what,
		    NULL);
	out_list_release(&s.tasks);
	bops_buf_release(&s.what);
	bops_buf_release(&id);
	return err;
}

static const struct bops_error *
sprint_current(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_buf id = BOPS_BUF_INIT;
	struct bops_record *rec = NULL;
	struct out_opts *o = &a->out;

	if ((err = out_opts_finish(ctx, o)) ||
	    (err = current_sprint(ctx, &id)))
		goto done;
	if (o->format == OUT_TABLE)
		printf("%s\n", id.ptr);
	else if ((err = bops_store_read(ctx->ws, kind, NULL, id.ptr, &rec)) ==
	    NULL)
		err = out_record(ctx, rec, o);
done:
	bops_record_free(rec);
	bops_buf_release(&id);
	return err;
}

/*
 * plan / unplan: several tasks in one commit, or none: the first task
 * that cannot be changed (unknown, invalid, hand-edited, done) stops the
 * whole command before anything is written.
 */

/* Whether id is one of the lines of ids. */
static bool
listed(const struct bops_buf *ids, const char *id)
{
	size_t len = strlen(id);
	const char *p;

	for (p = ids->ptr; (p = strstr(p, id)); p += len)
		if ((p == ids->ptr || p[-1] == '\n') && p[len] == '\n')
			return true;
	return false;
}

static const struct bops_error *
set_sprint(struct bops_ctx *ctx, const char *sprint, char **tasks, int n,
    const char *verb)
{
	const struct bops_error *err = NULL;
	struct bops_txn *txn = NULL;
	struct bops_buf msg = BOPS_BUF_INIT, ids = BOPS_BUF_INIT;
	struct bops_record *rec = NULL;
	int i, changed = 0;
	bool ch;

	if ((err = txn_begin(ctx, &txn)))
		goto done;
	for (i = 0; i < n; i++) {
		if ((err = bops_txn_load(txn, &bops_kind_task, tasks[i],
		    &rec)))
			goto done;
		/* A task named twice (id and prefix) is one task. */
		if (listed(&ids, rec->id)) {
			bops_record_free(rec);
			rec = NULL;
			continue;
		}
		if ((err = bops_record_set(rec, ctx->ws, "sprint", sprint)) ||
		    (err = bops_txn_put(txn, rec, &ch)))
			goto done;
		changed += ch;
		bops_buf_printf(&ids, "%s\n", rec->id);
		bops_record_free(rec);
		rec = NULL;
	}
	if (sprint)
		bops_buf_printf(&msg, "sprint %s: %s %d task%s", sprint, verb,
		    changed, changed == 1 ? "" : "s");
	else
		bops_buf_printf(&msg, "sprint: unplan %d task%s", changed,
		    changed == 1 ? "" : "s");
	err = commit_tell(ctx, txn, msg.ptr, NULL, NULL, &ids);
done:
	bops_record_free(rec);
	bops_txn_free(txn);
	bops_buf_release(&msg);
	bops_buf_release(&ids);
	return err;
}

static const struct bops_error *
sprint_plan(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	struct bops_buf id = BOPS_BUF_INIT;
	struct bops_record *sprint = NULL;
	struct out_list l = { NULL, 0, 0 };
	struct bops_sprint_tally t;
	const char *cap;
	char **argv = a->argv;
	int n = a->argc;

	if ((err = which_sprint(ctx, argv[1], &id)) ||
	    (err = bops_store_read(ctx->ws, kind, NULL, id.ptr, &sprint)))
		goto done;
	if (strcmp(bops_record_str(sprint, "status"), "closed") == 0) {
		err = bops_error_fmt(BOPS_ERR_REFUSED, "sprint '%s' is "
		    "closed", id.ptr);
		goto done;
	}
	if ((err = set_sprint(ctx, id.ptr, argv + 2, n - 2, "plan")))
		goto done;
	if ((cap = bops_record_str(sprint, "capacity")) &&
	    (err = sprint_tasks(ctx, id.ptr, &l, false)) == NULL) {
		bops_sprint_tally(&t, ctx->ws, l.recs, l.n);
		if (t.points > strtod(cap, NULL))
			warning("sprint '%s' holds %.15g points, over its "
			    "capacity of %s", id.ptr, t.points, cap);
	}
done:
	out_list_release(&l);
	bops_record_free(sprint);
	bops_buf_release(&id);
	return err;
}

static const struct bops_error *
sprint_unplan(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	(void)kind;
	return set_sprint(ctx, NULL, a->argv + 1, a->argc - 1, "unplan");
}

static const struct bops_error *
sprint_board(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_buf id = BOPS_BUF_INIT, f = BOPS_BUF_INIT;
	struct args board = *a;
	char *args[3];

	(void)kind;
	if ((err = which_sprint(ctx, a->argc == 2 ? a->argv[1] : NULL, &id)))
		goto done;
	bops_buf_printf(&f, "sprint=%s", id.ptr);
	args[0] = (char *)"board";
	args[1] = f.ptr;
	args[2] = NULL;
	board.argc = 2;
	board.argv = args;
	err = verb_find(task_verbs, "board")->fn(ctx, &bops_kind_task,
	    &board);
done:
	bops_buf_release(&id);
	bops_buf_release(&f);
	return err;
}

/* close */

/* Stage the unfinished tasks (bops_sprint_carry) into sprint `to`. */
static const struct bops_error *
carry(struct bops_ctx *ctx, struct bops_txn *txn, struct out_list *tasks,
    const char *to, size_t *carried, struct bops_buf *ids)
{
	const struct bops_error *err = NULL;
	struct bops_sprint_carry *c = bops_calloc(tasks->n + 1, sizeof(*c));
	struct bops_record *t = NULL;
	char count[32];
	size_t i, n;

	n = bops_sprint_carry(c, ctx->ws, tasks->recs, tasks->n);
	for (i = 0; i < n; i++) {
		if ((err = bops_txn_load(txn, &bops_kind_task,
		    tasks->recs[c[i].index]->id, &t)))
			break;
		snprintf(count, sizeof(count), "%ld", c[i].carried);
		if ((err = bops_record_set(t, ctx->ws, "carried", count)) ||
		    (err = bops_record_set(t, ctx->ws, "sprint", to)) ||
		    (err = bops_txn_put(txn, t, NULL)))
			break;
		bops_buf_printf(ids, "%s\n", t->id);
		bops_record_free(t);
		t = NULL;
		(*carried)++;
	}
	bops_record_free(t);
	free(c);
	return err;
}

/* Tasks are not carried into a sprint that is over. */
static const struct bops_error *
refuse_closed(struct bops_ctx *ctx, const struct bops_kind *kind,
    const char *id)
{
	const struct bops_error *err;
	struct bops_record *rec = NULL;
	const char *st;

	if ((err = bops_store_read(ctx->ws, kind, NULL, id, &rec)))
		return err;
	st = bops_record_str(rec, "status");
	if (st && strcmp(st, "closed") == 0)
		err = bops_error_fmt(BOPS_ERR_REFUSED, "cannot carry tasks "
		    "into sprint '%s': it is closed", id);
	bops_record_free(rec);
	return err;
}

/*
 * Where the unfinished tasks of `sprint` go: --carry-to's sprint, else
 * the first that starts after it ends; into `to`.  A sprint that does
 * not exist yet is made, as long as `sprint`, as *next (staged in txn).
 */
static const struct bops_error *
carry_target(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct bops_txn *txn, const struct bops_record *sprint,
    const char *carry_to, struct bops_buf *to, struct bops_record **next)
{
	const struct bops_error *err = NULL;
	struct out_list all = { NULL, 0, 0 };
	int32_t end = record_date(sprint, "end");
	int64_t len = (int64_t)(end - record_date(sprint, "start") + 1) *
	    86400;
	long at;

	if (carry_to) {
		err = bops_store_resolve(ctx->ws, kind, NULL, carry_to, to);
		if (err && err->code == BOPS_ERR_NOT_FOUND) {
			bops_buf_reset(to);
			err = make_sprint(ctx, next, end + 1, len, carry_to);
		}
	} else if ((err = all_sprints(ctx, &all, true)) == NULL) {
		at = bops_sprint_following((const struct bops_record *const *)
		    all.recs, all.n, end);
		if (at >= 0)
			bops_buf_puts(to, all.recs[at]->id);
		else
			err = make_sprint(ctx, next, end + 1, len, NULL);
	}
	out_list_release(&all);
	if (err)
		return err;
	if (*next) {
		bops_buf_puts(to, (*next)->id);
		if ((err = bops_txn_put(txn, *next, NULL)))
			return err;
	}
	if (strcmp(to->ptr, sprint->id) == 0)
		return bops_error_fmt(BOPS_ERR_USAGE, "cannot carry tasks into "
		    "the sprint being closed");
	if (*next == NULL)
		return refuse_closed(ctx, kind, to->ptr);
	return NULL;
}

/*
 * close: one commit or none.  The sprint's tasks are read strictly (a
 * task that cannot be read might be one of them), the next sprint is
 * made only when there is something to carry into it.
 */
static const struct bops_error *
sprint_close(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_txn *txn = NULL;
	struct bops_record *sprint = NULL, *next = NULL;
	struct out_list tasks = { NULL, 0, 0 };
	struct bops_buf id = BOPS_BUF_INIT, to = BOPS_BUF_INIT;
	struct bops_buf msg = BOPS_BUF_INIT, ids = BOPS_BUF_INIT;
	struct bops_sprint_tally t;
	const char *carry_to = a->carry_to;
	char **argv = a->argv, pts[32];
	size_t carried = 0;
	bool to_backlog;

	to_backlog = carry_to && strcmp(carry_to, "backlog") == 0;
	/* A malformed --carry-to is refused even with nothing to carry. */
	if (carry_to && !to_backlog && (err = bops_id_normalize(&to,
	    carry_to)))
		goto done;
	bops_buf_reset(&to);
	if ((err = txn_begin(ctx, &txn)))
		goto done;
	if ((err = which_sprint(ctx, argv[1], &id)) ||
	    (err = bops_txn_load(txn, kind, id.ptr, &sprint)))
		goto done;
	if (strcmp(bops_record_str(sprint, "status"), "closed") == 0) {
		err = bops_error_fmt(BOPS_ERR_REFUSED, "sprint '%s' is "
		    "already closed", id.ptr);
		goto done;
	}
	if ((err = sprint_tasks(ctx, id.ptr, &tasks, true)))
		goto done;
	bops_sprint_tally(&t, ctx->ws, tasks.recs, tasks.n);
	if ((err = bops_sprint_check_points(id.ptr, t.done)))
		goto done;
	snprintf(pts, sizeof(pts), "%.15g", t.done);
	if ((err = bops_record_set(sprint, ctx->ws, "completed", pts)) ||
	    (err = bops_record_set(sprint, ctx->ws, "status", "closed")) ||
	    (err = bops_txn_put(txn, sprint, NULL)))
		goto done;
	if (t.nopen && !to_backlog && (err = carry_target(ctx, kind, txn,
	    sprint, carry_to, &to, &next)))
		goto done;
	if ((err = carry(ctx, txn, &tasks, to_backlog ? NULL : to.ptr,
	    &carried, &ids)))
		goto done;
	bops_buf_printf(&msg, "sprint %s: close, completed %s point%s", id.ptr,
	    pts, strcmp(pts, "1") ? "s" : "");
	if (carried == 0)
		bops_buf_puts(&msg, ", nothing to carry");
	else
		bops_buf_printf(&msg, ", carried %zu task%s to %s", carried,
		    carried == 1 ? "" : "s", to_backlog ? "the backlog" :
		    to.ptr);
	err = commit_tell(ctx, txn, msg.ptr, NULL, id.ptr, &ids);
done:
	bops_record_free(sprint);
	bops_record_free(next);
	out_list_release(&tasks);
	bops_txn_free(txn);
	bops_buf_release(&id);
	bops_buf_release(&to);
	bops_buf_release(&msg);
	bops_buf_release(&ids);
	return err;
}

/*
 * burndown: remaining points day by day, rebuilt from git history by
 * when things happened (bops_history_at), not by when merges arrived.
 */

struct remaining {
	struct bops_ws *ws;
	const char *sprint;
};

/* bops_burndown_fn: the points left in the sprint at a commit. */
static const struct bops_error *
remaining_at(double *out, const char *state, void *arg)
{
	struct remaining *r = arg;

	return bops_sprint_remaining(out, r->ws, state, r->sprint);
}

/* The chart: a bar a day, as long as the remaining points, and ideal. */
static void
burndown_text(struct bops_buf *b, const struct bops_burndown *bd,
    bool utf8)
{
	struct bops_buf d = BOPS_BUF_INIT;
	double v;
	size_t i;

	for (i = 0; i < bd->ndays; i++) {
		bops_buf_reset(&d);
		bops_date_format(&d, bd->start + (int32_t)i);
		bops_buf_printf(b, "%s  ", d.ptr);
		v = bd->remaining[i];
		if (!isnan(v)) {
			bops_out_bar(b, bd->top > 0 ? v / bd->top : 0, 30,
			    utf8);
			bops_buf_printf(b, "  %6.15g", v);
		} else
			bops_buf_pad(b, ' ', 30 + 7);
		bops_buf_printf(b, "  ideal %.1f\n", bd->ideal[i]);
	}
	bops_buf_release(&d);
}

/* A day to come, or before the workspace, has a null remaining. */
static void
burndown_json(struct bops_buf *b, const struct bops_burndown *bd)
{
	struct bops_buf d = BOPS_BUF_INIT;
	struct bops_json w;
	size_t i;

	bops_json_init(&w, b);
	bops_json_begin_array(&w, BOPS_JSON_LINES);
	for (i = 0; i < bd->ndays; i++) {
		bops_buf_reset(&d);
		bops_date_format(&d, bd->start + (int32_t)i);
		bops_json_begin_object(&w, 0);
		bops_json_key(&w, "date");
		bops_json_str(&w, d.ptr);
		bops_json_key(&w, "remaining");
		bops_json_num(&w, bd->remaining[i], 15);
		bops_json_key(&w, "ideal");
		bops_json_round(&w, bd->ideal[i], 4);
		bops_json_end_object(&w);
	}
	bops_json_end_array(&w);
	bops_json_release(&w);
	bops_buf_release(&d);
}

static const struct bops_error *
sprint_burndown(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_record *sprint = NULL;
	struct bops_buf id = BOPS_BUF_INIT, b = BOPS_BUF_INIT;
	struct bops_burndown bd;
	struct remaining r;
	char (*states)[BOPS_OID_HEXSZ + 1] = NULL;
	const char *committed;

	memset(&bd, 0, sizeof(bd));
	if ((err = which_sprint(ctx, a->argc == 2 ? a->argv[1] : NULL, &id)) ||
	    (err = bops_store_read(ctx->ws, kind, NULL, id.ptr, &sprint)))
		goto done;
	if ((err = bops_burndown_init(&bd, record_date(sprint, "start"),
	    record_date(sprint, "end"), ctx->ws->today, ctx->ws->tz))) {
		err = bops_error_fmt(err->code, "%s: %s", sprint->path,
		    err->msg);
		goto done;
	}
	states = bops_calloc(bd.known + 1, sizeof(*states));
	if ((err = bops_history_at(ctx->ws, bd.ends, bd.known, states)))
		goto done;
	r.ws = ctx->ws;
	r.sprint = id.ptr;
	committed = bops_record_str(sprint, "committed");
	if ((err = bops_burndown_fill(&bd,
	    (const char (*)[BOPS_OID_HEXSZ + 1])states, committed ?
	    strtod(committed, NULL) : NAN, remaining_at, &r)))
		goto done;
	if (a->out.json)
		burndown_json(&b, &bd);
	else
		burndown_text(&b, &bd, ctx->utf8);
	out_write(&b);
done:
	bops_burndown_release(&bd);
	bops_record_free(sprint);
	free(states);
	bops_buf_release(&id);
	bops_buf_release(&b);
	return err;
}

/* velocity */

/* The chosen sprints: a table and the mean, or an object in JSON. */
static void
velocity_out(struct bops_ctx *ctx, struct bops_buf *b, bool json,
    const struct out_list *l, const size_t *pick, const double *v, size_t m)
{
	static const char *hdr[4] = { "sprint", "start", "end", "completed" };
	const char *cells[4];
	struct bops_table *t = bops_table_new(4, hdr);
	struct bops_json w;
	char pts[32];
	size_t i;

	bops_json_init(&w, b);
	bops_table_align(t, 3, BOPS_ALIGN_RIGHT);
	if (json) {
		bops_json_begin_object(&w, 0);
		bops_json_key(&w, "sprints");
		bops_json_begin_array(&w, 0);
	}
	for (i = 0; i < m; i++) {
		const struct bops_record *s = l->recs[pick[i]];

		cells[0] = s->id;
		cells[1] = bops_record_str(s, "start");
		cells[2] = bops_record_str(s, "end");
		if (json) {
			bops_json_begin_object(&w, 0);
			bops_json_key(&w, "id");
			bops_json_str(&w, cells[0]);
			bops_json_key(&w, "start");
			bops_json_str(&w, cells[1]);
			bops_json_key(&w, "end");
			bops_json_str(&w, cells[2]);
			bops_json_key(&w, "completed");
			bops_json_num(&w, v[i], 15);
			bops_json_end_object(&w);
			continue;
		}
		/* As records hold numbers: 1234567, not 1.23457e+06. */
		snprintf(pts, sizeof(pts), "%.15g", v[i]);
		cells[3] = pts;
		bops_table_add(t, cells);
	}
	if (json) {
		bops_json_end_array(&w);
		bops_json_key(&w, "mean");
		bops_json_round(&w, bops_sprint_mean(v, m), 4);
		bops_json_end_object(&w);
	} else if (m) {
		bops_table_render(t, b, table_flags(ctx), ctx->width);
		bops_buf_printf(b, "mean %.1f points over %zu sprint%s\n",
		    bops_sprint_mean(v, m), m, m == 1 ? "" : "s");
	}
	bops_json_release(&w);
	bops_table_free(t);
}

static const struct bops_error *
sprint_velocity(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct out_list l = { NULL, 0, 0 };
	struct bops_buf b = BOPS_BUF_INIT;
	const char *count = a->count;
	double *v = NULL;
	size_t *pick = NULL, m, want = 3;
	char *end;

	(void)kind;
	if (count) {
		errno = 0;
		want = (size_t)strtoul(count, &end, 10);
		if (*count == '\0' || *end || errno || want == 0 ||
		    *count == '-')
			return bops_error_fmt(BOPS_ERR_USAGE,
			    "-n: not a count '%s'", count);
	}
	if ((err = all_sprints(ctx, &l, false)))
		goto done;
	v = bops_calloc(l.n + 1, sizeof(*v));
	pick = bops_calloc(l.n + 1, sizeof(*pick));
	/* Newest closed sprints first, up to want of them. */
	m = bops_sprint_velocity(pick, v, (const struct bops_record *const *)
	    l.recs, l.n, want);
	velocity_out(ctx, &b, a->out.json, &l, pick, v, m);
	out_write_color(&b);
done:
	free(v);
	free(pick);
	out_list_release(&l);
	bops_buf_release(&b);
	return err;
}

/* rollover */

static const struct bops_error *
sprint_rollover(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	const struct bops_schema *schema;
	struct out_opts *o = &a->out;
	struct out_list l = { NULL, 0, 0 };
	char *args[2] = { (char *)"task", (char *)"carried>=2" };

	(void)kind;
	if ((err = out_opts_finish(ctx, o)))
		return err;
	if (o->fields == NULL)
		o->fields = "id,carried,sprint,status,assignee,title";
	if ((err = bops_ws_schema(ctx->ws, &bops_kind_task, &schema)))
		return err;
	if ((err = gather(ctx, &bops_kind_task, 2, args, o, "-carried,id",
	    &l)) == NULL)
		err = out_records(ctx, schema, &l, o);
	out_list_release(&l);
	return err;
}

/* experiments: messages x destinations, the winner by a z-test */

static struct bops_node *
find_by(struct bops_node *seq, const char *key, const char *value)
{
	size_t i;

	for (i = 0; seq && i < seq->n; i++)
		if (bops_node_map_str(seq->items[i], key) &&
		    strcmp(bops_node_map_str(seq->items[i], key), value) == 0)
			return seq->items[i];
	return NULL;
}

/* Split "a,b,c" into a list node of non-empty, '/'-free names. */
/*
 * An experiment has a variant per message and destination: at most
 * MAX_NAMES of each, so its record stays far from 1 MiB.
 */
#define MAX_NAMES 100

static const struct bops_error *
name_list(const char *what, const char *text, struct bops_node **out)
{
	struct bops_node *seq = bops_node_new_seq();
	const char *p, *comma;
	struct bops_buf item = BOPS_BUF_INIT;

	*out = NULL;
	for (p = text; *p; p = comma ? comma + 1 : p + strlen(p)) {
		comma = strchr(p, ',');
		bops_buf_reset(&item);
		bops_buf_put(&item, p, comma ? (size_t)(comma - p) : strlen(p));
		if (item.len == 0 || strchr(item.ptr, '/')) {
			bops_node_free(seq);
			bops_buf_release(&item);
			return bops_error_fmt(BOPS_ERR_USAGE, "%s: want a "
			    "comma list of names without '/', got '%s'", what,
			    text);
		}
		if (seq->n == MAX_NAMES) {
			bops_node_free(seq);
			bops_buf_release(&item);
			return bops_error_fmt(BOPS_ERR_USAGE, "%s: at most %d "
			    "names", what, MAX_NAMES);
		}
		bops_node_seq_append(seq, bops_node_new_scalar(item.ptr,
		    BOPS_SCALAR_TEXT));
	}
	bops_buf_release(&item);
	if (seq->n == 0) {
		bops_node_free(seq);
		return bops_error_fmt(BOPS_ERR_USAGE, "%s: want a comma list "
		    "of names without '/', got '%s'", what, text);
	}
	*out = seq;
	return NULL;
}

struct experiment {
	const char *name;
	const char *messages, *destinations;	/* add */
	const char *variant, *reach, *conversions; /* result */
	struct bops_buf what;
};

static const struct bops_error *
apply_experiment_add(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err;
	struct experiment *e = arg;
	struct bops_node *exps = bops_record_get(rec, "experiments");
	struct bops_node *exp, *msgs = NULL, *dests = NULL, *vars;
	struct bops_buf id = BOPS_BUF_INIT;
	size_t i, j;

	(void)txn;
	(void)ctx;
	if (find_by(exps, "name", e->name))
		return bops_error_fmt(BOPS_ERR_REFUSED, "sprint '%s' already "
		    "has an experiment '%s'", rec->id, e->name);
	if ((err = name_list("messages", e->messages, &msgs)) ||
	    (err = name_list("destinations", e->destinations, &dests))) {
		bops_node_free(msgs);
		return err;
	}
	exp = bops_node_new_map();
	bops_node_map_set_str(exp, "name", e->name, BOPS_SCALAR_TEXT);
	vars = bops_node_new_seq();
	for (i = 0; i < msgs->n; i++)
		for (j = 0; j < dests->n; j++) {
			struct bops_node *v = bops_node_new_map();

			bops_buf_reset(&id);
			bops_buf_printf(&id, "%s/%s", msgs->items[i]->str,
			    dests->items[j]->str);
			bops_node_map_set_str(v, "id", id.ptr,
			    BOPS_SCALAR_TEXT);
			bops_node_seq_append(vars, v);
		}
	bops_buf_puts(&e->what, "experiment ");
	bops_text_put_quoted(&e->what, e->name, 30);
	bops_buf_printf(&e->what, " with %zu variants", vars->n);
	bops_node_map_set(exp, "messages", msgs);
	bops_node_map_set(exp, "destinations", dests);
	bops_node_map_set(exp, "variants", vars);
	if (exps == NULL) {
		exps = bops_node_new_seq();
		bops_node_map_set(rec->root, "experiments", exps);
	}
	bops_node_seq_append(exps, exp);
	bops_buf_release(&id);
	return NULL;
}

static const struct bops_error *
count_arg(const char *name, const char *text, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(text, &end, 10);
	if (*text == '\0' || *end || errno || *out < 0)
		return bops_error_fmt(BOPS_ERR_USAGE, "%s: want a count, got "
		    "'%s'", name, text);
	return NULL;
}

static const struct bops_error *
apply_experiment_result(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	struct experiment *e = arg;
	struct bops_node *exp, *v;

	(void)txn;
	(void)ctx;
	if ((exp = find_by(bops_record_get(rec, "experiments"), "name",
	    e->name)) == NULL)
		return bops_error_fmt(BOPS_ERR_NOT_FOUND, "sprint '%s' has no "
		    "experiment '%s'", rec->id, e->name);
	if ((v = find_by(bops_node_map_get(exp, "variants"), "id",
	    e->variant)) == NULL)
		return bops_error_fmt(BOPS_ERR_NOT_FOUND, "experiment '%s' has "
		    "no variant '%s' (variants are MESSAGE/DESTINATION)",
		    e->name, e->variant);
	bops_node_map_set_str(v, "reach", e->reach, BOPS_SCALAR_RAW);
	bops_node_map_set_str(v, "conversions", e->conversions,
	    BOPS_SCALAR_RAW);
	bops_buf_puts(&e->what, "experiment ");
	bops_text_put_quoted(&e->what, e->name, 30);
	bops_buf_printf(&e->what, " %s reach %s conversions %s", e->variant,
	    e->reach, e->conversions);
	return NULL;
}

/*
 * The ranked variants: reach and conversions are whole counts (int in
 * the schema, so at most 2^53 - 1: 17 digits write them whole; 0 when
 * not recorded yet), the test's values null for a variant that was not
 * compared.
 */
static void
experiment_json(struct bops_buf *b, const char *sprint, const char *name,
    const char *winner, const struct bops_variant *v, size_t nv)
{
	struct bops_json w;
	size_t i;

	bops_json_init(&w, b);
	bops_json_begin_object(&w, 0);
	bops_json_key(&w, "sprint");
	bops_json_str(&w, sprint);
	bops_json_key(&w, "name");
	bops_json_str(&w, name);
	bops_json_key(&w, "winner");
	bops_json_str(&w, winner);
	bops_json_key(&w, "variants");
	bops_json_begin_array(&w, BOPS_JSON_LINES);
	for (i = 0; i < nv; i++) {
		bops_json_begin_object(&w, 0);
		bops_json_key(&w, "rank");
		bops_json_int(&w, (int64_t)i + 1);
		bops_json_key(&w, "id");
		bops_json_str(&w, v[i].id);
		bops_json_key(&w, "reach");
		bops_json_num(&w, v[i].reach, 17);
		bops_json_key(&w, "conversions");
		bops_json_num(&w, v[i].conv, 17);
		bops_json_key(&w, "rate");
		bops_json_num(&w, v[i].rate, 6);
		bops_json_key(&w, "z");
		if (v[i].tested)
			bops_json_fixed(&w, v[i].z, 4);
		else
			bops_json_null(&w);
		bops_json_key(&w, "p");
		bops_json_num(&w, v[i].tested ? v[i].p : NAN, 6);
		bops_json_key(&w, "p_adjusted");
		bops_json_num(&w, v[i].tested ? v[i].p_adj : NAN, 6);
		bops_json_key(&w, "significant");
		if (v[i].tested)
			bops_json_bool(&w, v[i].significant);
		else
			bops_json_null(&w);
		bops_json_end_object(&w);
	}
	bops_json_end_array(&w);
	bops_json_end_object(&w);
	bops_json_release(&w);
}

static const struct bops_error *
experiment_show(struct bops_ctx *ctx, const char *sprint, const char *name,
    bool json)
{
	const struct bops_error *err;
	struct bops_record *rec = NULL;
	struct bops_node *exp, *vars;
	struct bops_variant *v = NULL;
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_table *t = NULL;
	const char *hdr[8] = { "#", "variant", "reach", "conversions", "rate",
	    "z", "p", "p adj" }, *cells[8];
	char c[8][32];
	size_t i, k, nv, family = 0;
	bool winner;

	if ((err = bops_store_read(ctx->ws, bops_kind_find("sprint"), NULL,
	    sprint, &rec)))
		return err;
	if ((exp = find_by(bops_record_get(rec, "experiments"), "name",
	    name)) == NULL) {
		err = bops_error_fmt(BOPS_ERR_NOT_FOUND, "sprint '%s' has no "
		    "experiment '%s'", sprint, name);
		goto done;
	}
	vars = bops_node_map_get(exp, "variants");
	nv = vars ? vars->n : 0;
	v = bops_calloc(nv + 1, sizeof(*v));
	for (i = 0; i < nv; i++) {
		v[i].id = bops_node_map_str(vars->items[i], "id");
		v[i].reach = strtod(bops_node_map_str(vars->items[i], "reach") ?
		    bops_node_map_str(vars->items[i], "reach") : "0", NULL);
		v[i].conv = strtod(bops_node_map_str(vars->items[i],
		    "conversions") ? bops_node_map_str(vars->items[i],
		    "conversions") : "0", NULL);
	}
	winner = bops_experiment_rank(v, nv);
	for (i = 0; i < nv; i++)
		family += v[i].compared;
	if (json) {
		experiment_json(&b, sprint, name, winner ? v[0].id : NULL, v,
		    nv);
		goto print;
	}
	t = bops_table_new(8, hdr);
	for (k = 2; k < 8; k++)
		bops_table_align(t, k, BOPS_ALIGN_RIGHT);
	bops_table_align(t, 0, BOPS_ALIGN_RIGHT);
	for (i = 0; i < nv; i++) {
		snprintf(c[0], sizeof(c[0]), "%zu", i + 1);
		/* Whole counts (int in the schema), every digit. */
		snprintf(c[2], sizeof(c[2]), "%.0f", v[i].reach);
		snprintf(c[3], sizeof(c[3]), "%.0f", v[i].conv);
		snprintf(c[4], sizeof(c[4]), "%.2f%%", v[i].rate * 100);
		if (v[i].tested) {
			snprintf(c[5], sizeof(c[5]), "%.2f", v[i].z);
			snprintf(c[6], sizeof(c[6]), "%.4f", v[i].p);
			snprintf(c[7], sizeof(c[7]), "%.4f", v[i].p_adj);
		} else {
			c[5][0] = '\0';
			c[6][0] = '\0';
			c[7][0] = '\0';
		}
		cells[0] = c[0];
		cells[1] = v[i].id;
		cells[2] = c[2];
		cells[3] = c[3];
		cells[4] = c[4];
		cells[5] = c[5];
		cells[6] = c[6];
		cells[7] = c[7];
		bops_table_add(t, cells);
		if (i == 0 && winner)
			bops_table_color_row(t, 0, "1;32");
	}
	bops_table_render(t, &b, table_flags(ctx), ctx->width);
	if (winner)
		bops_buf_printf(&b, "winner: %s (better than every other "
		    "variant with results at 95%%, Holm-Bonferroni over %zu "
		    "comparison%s)\n", v[0].id, family, family == 1 ? "" :
		    "s");
	else
		bops_buf_printf(&b, "no winner yet: the best is not better "
		    "than every other variant with results at 95%%, "
		    "Holm-Bonferroni over %zu comparison%s\n", family,
		    family == 1 ? "" : "s");
print:
	out_write_color(&b);
done:
	bops_table_free(t);
	free(v);
	bops_record_free(rec);
	bops_buf_release(&b);
	return err;
}

static const struct bops_error *
sprint_experiment_add(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err = NULL;
	struct experiment e;
	struct bops_buf id = BOPS_BUF_INIT;
	struct bops_node *m = NULL, *d = NULL;
	int i;

	memset(&e, 0, sizeof(e));
	bops_buf_init(&e.what);
	e.name = a->argv[2];
	for (i = 3; i < a->argc; i++)
		if (strncmp(a->argv[i], "messages=", 9) == 0)
			e.messages = a->argv[i] + 9;
		else if (strncmp(a->argv[i], "destinations=", 13) == 0)
			e.destinations = a->argv[i] + 13;
	if (!e.messages || !e.destinations)
		return usage_error(a);
	/* Bad names are refused before the lock is taken. */
	if ((err = which_sprint(ctx, a->argv[1], &id)) == NULL &&
	    (err = name_list("messages", e.messages, &m)) == NULL &&
	    (err = name_list("destinations", e.destinations, &d)) == NULL)
		err = record_change(ctx, kind, id.ptr, apply_experiment_add,
		    &e, &e.what, NULL);
	bops_node_free(m);
	bops_node_free(d);
	bops_buf_release(&e.what);
	bops_buf_release(&id);
	return err;
}

static const struct bops_error *
sprint_experiment_result(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err = NULL;
	struct experiment e;
	struct bops_buf id = BOPS_BUF_INIT;
	long reach = 0, conv = 0;
	int i;

	memset(&e, 0, sizeof(e));
	bops_buf_init(&e.what);
	e.name = a->argv[2];
	e.variant = a->argv[3];
	for (i = 4; i < a->argc; i++)
		if (strncmp(a->argv[i], "reach=", 6) == 0)
			e.reach = a->argv[i] + 6;
		else if (strncmp(a->argv[i], "conversions=", 12) == 0)
			e.conversions = a->argv[i] + 12;
	if (!e.reach || !e.conversions)
		return usage_error(a);
	if ((err = which_sprint(ctx, a->argv[1], &id)) ||
	    (err = count_arg("reach", e.reach, &reach)) ||
	    (err = count_arg("conversions", e.conversions, &conv)))
		goto done;
	if (conv > reach) {
		err = bops_error_fmt(BOPS_ERR_USAGE, "conversions "
		    "(%ld) cannot exceed reach (%ld)", conv, reach);
		goto done;
	}
	err = record_change(ctx, kind, id.ptr, apply_experiment_result, &e,
	    &e.what, NULL);
done:
	bops_buf_release(&e.what);
	bops_buf_release(&id);
	return err;
}

static const struct bops_error *
sprint_experiment_show(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_buf id = BOPS_BUF_INIT;

	(void)kind;
	if ((err = which_sprint(ctx, a->argv[1], &id)) == NULL)
		err = experiment_show(ctx, id.ptr, a->argv[2], a->out.json);
	bops_buf_release(&id);
	return err;
}

static const struct bops_verb experiment_verbs[] = {
	VERB("add", sprint_experiment_add, "SPRINT NAME messages=A,B,... "
	    "destinations=X,Y,...", 4, 4, NULL,
	    "add an experiment: a variant per message and destination"),
	VERB("result", sprint_experiment_result, "SPRINT NAME "
	    "MESSAGE/DESTINATION reach=N conversions=N", 5, 5, NULL,
	    "record the reach and conversions of one variant"),
	VERB("show", sprint_experiment_show, "SPRINT NAME", 2, 2,
	    OPTS(OPT_JSON),
	    "the variants by conversion rate, z-tested against the best"),
	VERBS_END,
};

/* sprint new and sprint add take the same. */
#define NEW_ARGS "[start=DATE] [length=DURATION] [goal=TEXT] [field=value ...]"
#define NEW_OPTS OPTS(OPT_VALUE("id", 0, "SLUG", id, 0))

const struct bops_verb sprint_verbs[] = {
	VERB("new", sprint_new, NEW_ARGS, 0, -1, NEW_OPTS,
	    "plan a sprint, by default from the next start day; prints its id"),
	VERB("add", sprint_new, NEW_ARGS, 0, -1, NEW_OPTS,
	    "the same as new"),
	VERB("start", sprint_start, "SPRINT", 1, 1, NULL,
	    "make a sprint active and freeze its committed points"),
	VERB("current", sprint_current, NULL, 0, 0,
	    OPTS(OPT_FIELDS, OPT_AS_OF, OPT_FORMATS),
	    "the active sprint, else the one whose dates hold today"),
	VERB("plan", sprint_plan, "SPRINT TASK ...", 2, -1, NULL,
	    "plan tasks in a sprint (a warning when over its capacity)"),
	VERB("unplan", sprint_unplan, "TASK ...", 1, -1, NULL,
	    "take tasks out of their sprint, back to the backlog"),
	VERB("board", sprint_board, "[SPRINT]", 0, 1, OPTS(OPT_JSON),
	    "the task board of a sprint (default: the current one)"),
	VERB("close", sprint_close, "SPRINT", 1, 1,
	    OPTS(OPT_VALUE("carry-to", 0, "NEXT|backlog", carry_to, 0)),
	    "close a sprint; carry unfinished tasks on (made when missing)"),
	VERB("burndown", sprint_burndown, "[SPRINT]", 0, 1, OPTS(OPT_JSON),
	    "remaining points per day, from the tasks' history, and ideal"),
	VERB("velocity", sprint_velocity, NULL, 0, 0,
	    OPTS(OPT_VALUE("count", 'n', "N", count, OPT_SHORT), OPT_JSON),
	    "completed points of the last N closed sprints (3), and the mean"),
	VERB("rollover", sprint_rollover, NULL, 0, 0,
	    OPTS(OPT_SORT, OPT_FIELDS, OPT_LIMIT, OPT_AS_OF, OPT_FORMATS),
	    "tasks carried across two or more sprints, with the count"),
	FAMILY("experiment", experiment_verbs,
	    "messages x destinations; the winner by a two-proportion z-test"),
	VERBS_END,
};
