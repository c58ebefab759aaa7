/*
 * burndown.c: how sprints go: `bops sprint burndown` (remaining points
 * day by day, from the tasks' history), `velocity` (completed points of
 * the last closed sprints) and `rollover` (tasks carried across
 * sprints).  The series are lib/sprint.h's.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "history.h"
#include "out.h"
#include "sprint.h"
#include "banned.h"

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

const struct bops_error *
sprint_burndown(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_record *sprint = NULL;
	struct bops_buf id = BOPS_BUF_INIT, b = BOPS_BUF_INIT;
	struct bops_burndown bd;
	struct bops_sprint_span span;
	struct remaining r;
	char (*states)[BOPS_OID_HEXSZ + 1] = NULL;
	const char *committed;

	memset(&bd, 0, sizeof(bd));
	if ((err = which_sprint(ctx, a->argc == 2 ? a->argv[1] : NULL, &id)) ||
	    (err = bops_store_read(&sprint, ctx->ws, kind, NULL, id.ptr)))
		goto done;
	bops_sprint_spans(&span, (const struct bops_record *const *)&sprint,
	    1);
	if ((err = bops_burndown_init(&bd, span.start, span.end,
	    ctx->ws->today, ctx->ws->tz))) {
		err = bops_error_fmt(err->code, "%s: %s", sprint->path,
		    err->msg);
		goto done;
	}
	states = bops_calloc(bd.known + 1, sizeof(*states));
	if ((err = bops_history_at(states, ctx->ws, bd.ends, bd.known)))
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
		bops_table_render(b, t, table_flags(ctx), ctx->width);
		bops_buf_printf(b, "mean %.1f points over %zu sprint%s\n",
		    bops_sprint_mean(v, m), m, m == 1 ? "" : "s");
	}
	bops_json_release(&w);
	bops_table_free(t);
}

const struct bops_error *
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

/* rollover: `task list carried>=2`, most carried first. */
const struct bops_error *
sprint_rollover(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	struct args list = *a;
	char *args[3] = { (char *)"list", (char *)"carried>=2", NULL };

	(void)kind;
	if (list.out.fields == NULL)
		list.out.fields = "id,carried,sprint,status,assignee,title";
	if (list.out.sort == NULL)
		list.out.sort = "-carried,id";
	list.argc = 2;
	list.argv = args;
	return verb_find(record_verbs, "list")->fn(ctx, &bops_kind_task,
	    &list);
}
