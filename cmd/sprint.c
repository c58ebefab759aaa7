/*
 * sprint.c: the verbs only sprints have: making and starting one,
 * planning, the sprint board, closing with carry-over; the table of
 * every sprint verb.  burndown.c has burndown, velocity and rollover,
 * experiment.c the experiments; lib/sprint.h the arithmetic.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "sprint.h"
#include "banned.h"

/* sprint.start_day of bops.yaml, 1 = Monday .. 7 = Sunday. */
static int
start_day(struct bops_ctx *ctx)
{
	return bops_sprint_start_day(bops_ws_config_str(ctx->ws,
	    "sprint.start_day", NULL));
}

const struct bops_error *
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

const struct bops_error *
which_sprint(struct bops_ctx *ctx, const char *text, struct bops_buf *id)
{
	bops_buf_reset(id);
	if (text == NULL)
		return current_sprint(ctx, id);
	return bops_store_resolve(id, ctx->ws, bops_kind_find("sprint"), NULL,
	    text);
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

static const struct bops_error *
apply_start(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err;
	struct bops_buf *said = arg;
	struct out_list tasks = { NULL, 0, 0 };
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
	if ((err = sprint_tasks(ctx, rec->id, &tasks, true)))
		return err;
	bops_sprint_tally(&t, ctx->ws, tasks.recs, tasks.n);
	if ((err = bops_sprint_check_points(rec->id, t.points)))
		goto done;
	snprintf(pts, sizeof(pts), "%.15g", t.points);
	bops_buf_printf(said, "start, committed %s point%s in %zu task%s",
	    pts, strcmp(pts, "1") ? "s" : "", tasks.n,
	    tasks.n == 1 ? "" : "s");
	if (bops_record_set(rec, ctx->ws, "committed", pts))
		err = bops_error_fmt(BOPS_ERR_INVALID, "bad points");
	else
		err = bops_record_set(rec, ctx->ws, "status", "active");
done:
	out_list_release(&tasks);
	return err;
}

static const struct bops_error *
sprint_start(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_buf said = BOPS_BUF_INIT;
	struct bulk b = { .apply = apply_start, .arg = &said, .what = "start",
	    .said = &said };

	err = bulk_verb(ctx, kind, a, 1, a->argc, &b);
	bops_buf_release(&said);
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
	else if ((err = bops_store_read(&rec, ctx->ws, kind, NULL, id.ptr)) ==
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
		if ((err = bops_txn_load(&rec, txn, &bops_kind_task, tasks[i])))
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
	    (err = bops_store_read(&sprint, ctx->ws, kind, NULL, id.ptr)))
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
		if ((err = bops_txn_load(&t, txn, &bops_kind_task,
		    tasks->recs[c[i].index]->id)))
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

	if ((err = bops_store_read(&rec, ctx->ws, kind, NULL, id)))
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
	struct bops_sprint_span span;
	int32_t end;
	int64_t len;
	long at;

	bops_sprint_spans(&span, &sprint, 1);
	end = span.end;
	len = (int64_t)(end - span.start + 1) * 86400;

	if (carry_to) {
		err = bops_store_resolve(to, ctx->ws, kind, NULL, carry_to);
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
	    (err = bops_txn_load(&sprint, txn, kind, id.ptr)))
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

/* sprint new and sprint add take the same. */
#define NEW_ARGS "[start=DATE] [length=DURATION] [goal=TEXT] [field=value ...]"
#define NEW_OPTS OPTS(OPT_VALUE("id", 0, "SLUG", id, 0))

const struct bops_verb sprint_verbs[] = {
	VERB("new", sprint_new, NEW_ARGS, 0, -1, NEW_OPTS,
	    "plan a sprint, by default from the next start day; prints its id"),
	VERB("add", sprint_new, NEW_ARGS, 0, -1, NEW_OPTS,
	    "the same as new"),
	VERB("start", sprint_start, "[SPRINT ...]", 0, -1, OPTS(OPT_WHERE),
	    "make sprints active and freeze their committed points"),
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
	VERB("lookalike", sprint_lookalike, "SPRINT", 1, 1,
	    OPTS(OPT_AUDIENCE), "the customers won in the sprint, as the "
	    "seed of a lookalike audience"),
	VERBS_END,
};
