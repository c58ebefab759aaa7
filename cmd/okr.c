/*
 * okr.c: the verbs only objectives have: the cascade, scoring,
 * staleness and grading; the table of every okr verb.  kr.c has the key
 * results and their check-ins, measure.c what measures count; lib/okr.h
 * the arithmetic.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "okr.h"
#include "out.h"
#include "report.h"
#include "banned.h"

#define BAR_WIDTH 20

/* Settings from bops.yaml. */
static void
okr_conf(struct bops_ws *ws, struct bops_okr_conf *c)
{
	bops_okr_conf_read(c, bops_ws_config_get("okr", ws));
}

/* add: a new objective gets this quarter as its period by default. */
static const struct bops_error *
okr_add(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	struct bops_buf period = BOPS_BUF_INIT;
	struct args with = *a;
	int i;
	bool given = false;

	for (i = 1; i < a->argc; i++)
		given |= strncmp(a->argv[i], "period=", 7) == 0;
	if (given)
		return verb_find(record_verbs, "add")->fn(ctx, kind, a);
	bops_buf_puts(&period, "period=");
	bops_period_quarter(&period, ctx->ws->today);
	with.argv = bops_calloc((size_t)a->argc + 2, sizeof(*with.argv));
	for (i = 0; i < a->argc; i++)
		with.argv[i] = a->argv[i];
	with.argv[with.argc++] = period.ptr;
	err = verb_find(record_verbs, "add")->fn(ctx, kind, &with);
	free(with.argv);
	bops_buf_release(&period);
	return err;
}

/* The cascade (cmd.h). */
const struct bops_error *
cascade_load(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct cascade *c, bool strict)
{
	const struct bops_error *err;
	struct bops_okr_conf conf;
	struct out_opts oo = { 0 };
	char *args[1] = { (char *)"okr" };

	memset(c, 0, sizeof(*c));
	oo.strict = strict;
	okr_conf(ctx->ws, &conf);
	if ((err = gather(ctx, kind, 1, args, &oo, "id", &c->l)))
		return err;
	bops_okr_cascade_build(&c->oc, (const struct bops_record *const *)
	    c->l.recs, c->l.n, &conf, ctx->ws->now, ctx->ws->tz);
	return NULL;
}

void
cascade_release(struct cascade *c)
{
	bops_okr_cascade_release(&c->oc);
	out_list_release(&c->l);
}

static const char *
pace_color(enum bops_pace pace)
{
	switch (pace) {
	case BOPS_PACE_ON_TRACK:
		return "32";
	case BOPS_PACE_AT_RISK:
		return "33";
	case BOPS_PACE_OFF_TRACK:
		return "31";
	default:
		return NULL;
	}
}

/* The value column of a key result: "250/1000 meals". */
static void
kr_value(struct bops_buf *b, const struct bops_node *kr)
{
	const char *unit = bops_node_map_str(kr, "unit");
	const char *cur = bops_node_map_str(kr, "current");

	bops_buf_printf(b, "%s/%s", cur ? cur : bops_node_map_str(kr, "start"),
	    bops_node_map_str(kr, "target"));
	if (unit)
		bops_buf_printf(b, " %s", unit);
}

static void
tree_rows(struct bops_ctx *ctx, struct cascade *c, struct bops_okr_obj *o,
    unsigned depth, struct bops_table *t, size_t *row)
{
	const struct bops_node *krs = bops_record_get(o->rec, "key_results");
	struct bops_buf name = BOPS_BUF_INIT, bar = BOPS_BUF_INIT;
	struct bops_buf pct = BOPS_BUF_INIT, val = BOPS_BUF_INIT;
	const char *cells[5];
	size_t i;

	if (depth > 32)
		return;
	bops_buf_pad(&name, ' ', depth * 2);
	bops_buf_printf(&name, "%s  %s", o->rec->id, bops_record_title(o->rec));
	bops_out_bar(&bar, o->progress, BAR_WIDTH, ctx->utf8);
	bops_buf_printf(&pct, "%.0f%%", floor(o->progress * 100 + 0.5));
	cells[0] = name.ptr;
	cells[1] = bar.ptr;
	cells[2] = pct.ptr;
	cells[3] = bops_pace_name(o->pace);
	cells[4] = "";
	bops_table_add(t, cells);
	if (pace_color(o->pace))
		bops_table_color_row(t, *row, pace_color(o->pace));
	(*row)++;
	for (i = 0; krs && i < krs->n; i++) {
		double p = bops_okr_kr_progress_of(krs->items[i]), expected;
		enum bops_pace pace;

		bops_okr_kr_pace(&c->oc, o, p, &expected, &pace);
		bops_buf_reset(&name);
		bops_buf_pad(&name, ' ', depth * 2 + 2);
		bops_buf_printf(&name, "%s. %s",
		    bops_node_map_str(krs->items[i], "id"),
		    bops_node_map_str(krs->items[i], "title"));
		bops_buf_reset(&bar);
		bops_out_bar(&bar, p, BAR_WIDTH, ctx->utf8);
		bops_buf_reset(&pct);
		bops_buf_printf(&pct, "%.0f%%", floor(p * 100 + 0.5));
		bops_buf_reset(&val);
		kr_value(&val, krs->items[i]);
		cells[0] = name.ptr;
		cells[1] = bar.ptr;
		cells[2] = pct.ptr;
		cells[3] = bops_pace_name(pace);
		cells[4] = val.ptr;
		bops_table_add(t, cells);
		if (pace_color(pace))
			bops_table_color_row(t, *row, pace_color(pace));
		(*row)++;
	}
	for (i = 0; i < o->nchildren; i++)
		tree_rows(ctx, c, o->children[i], depth + 1, t, row);
	bops_buf_release(&name);
	bops_buf_release(&bar);
	bops_buf_release(&pct);
	bops_buf_release(&val);
}

/* progress, expected and pace: 4 significant digits. */
static void
pace_json(struct bops_json *w, double progress, double expected,
    enum bops_pace pace)
{
	bops_json_key(w, "progress");
	bops_json_num(w, progress, 4);
	bops_json_key(w, "expected");
	bops_json_num(w, expected, 4);
	bops_json_key(w, "pace");
	bops_json_str(w, bops_pace_name(pace));
}

static void
tree_json(struct bops_ctx *ctx, struct cascade *c, struct bops_okr_obj *o,
    struct bops_json *w, unsigned depth)
{
	const struct bops_node *krs = bops_record_get(o->rec, "key_results");
	struct bops_buf id = BOPS_BUF_INIT;
	size_t i;

	bops_json_begin_object(w, 0);
	bops_json_key(w, "id");
	bops_json_str(w, o->rec->id);
	bops_json_key(w, "title");
	bops_json_str(w, bops_record_title(o->rec));
	pace_json(w, o->progress, o->expected, o->pace);
	bops_json_key(w, "key_results");
	bops_json_begin_array(w, 0);
	for (i = 0; krs && i < krs->n; i++) {
		double p = bops_okr_kr_progress_of(krs->items[i]), expected;
		enum bops_pace pace;

		bops_okr_kr_pace(&c->oc, o, p, &expected, &pace);
		bops_buf_reset(&id);
		bops_buf_printf(&id, "%s/%s", o->rec->id,
		    bops_node_map_str(krs->items[i], "id"));
		bops_json_begin_object(w, 0);
		bops_json_key(w, "id");
		bops_json_str(w, id.ptr);
		bops_json_key(w, "title");
		bops_json_str(w, bops_node_map_str(krs->items[i], "title"));
		pace_json(w, p, expected, pace);
		bops_json_end_object(w);
	}
	bops_json_end_array(w);
	bops_json_key(w, "children");
	bops_json_begin_array(w, 0);
	for (i = 0; i < o->nchildren && depth < 32; i++)
		tree_json(ctx, c, o->children[i], w, depth + 1);
	bops_json_end_array(w);
	bops_json_end_object(w);
	bops_buf_release(&id);
}

static const struct bops_error *
okr_tree(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	struct cascade c;
	struct bops_buf b = BOPS_BUF_INIT, id = BOPS_BUF_INIT;
	struct bops_table *t = NULL;
	const char *hdr[5] = { "objective", "progress", "%", "pace", "value" };
	struct bops_okr_obj *top = NULL;
	struct bops_json w;
	bool json = a->out.json;
	const char *as_of = a->out.as_of;
	char **argv = a->argv;
	size_t i, row = 0;
	int n = a->argc;

	bops_json_init(&w, &b);
	if (as_of && (err = set_as_of(ctx, as_of)))
		return err;
	if (n == 2 && (err = bops_store_resolve(&id, ctx->ws, kind, NULL,
	    argv[1])))
		return err;
	if ((err = cascade_load(ctx, kind, &c, false)))
		goto done;
	if (n == 2 && (top = bops_okr_cascade_find(&c.oc, id.ptr)) == NULL) {
		err = bops_error_fmt(BOPS_ERR_INVALID, "okr '%s' is not valid",
		    id.ptr);
		goto done;
	}
	t = bops_table_new(5, hdr);
	bops_table_align(t, 2, BOPS_ALIGN_RIGHT);
	if (json)
		bops_json_begin_array(&w, BOPS_JSON_LINES);
	for (i = 0; i < c.oc.n; i++) {
		struct bops_okr_obj *o = &c.oc.objs[i];

		if (top ? o != top : o->parent != NULL)
			continue;
		if (json)
			tree_json(ctx, &c, o, &w, 0);
		else
			tree_rows(ctx, &c, o, 0, t, &row);
	}
	if (json)
		bops_json_end_array(&w);
	else if (row)
		bops_table_render(&b, t, table_flags(ctx), 0);
	out_write_color(&b);
done:
	bops_json_release(&w);
	bops_table_free(t);
	cascade_release(&c);
	bops_buf_release(&b);
	bops_buf_release(&id);
	return err;
}

/* A row of the score: in JSON (w) or in the table (t). */
static void
score_row(struct bops_json *w, struct bops_table *t, const char *id,
    double progress, double expected, enum bops_pace pace,
    const struct bops_node *confidence, const struct bops_field *cf,
    const char *title)
{
	char p[16], e[16];
	const char *cells[6];

	if (w) {
		bops_json_begin_object(w, 0);
		bops_json_key(w, "id");
		bops_json_str(w, id);
		bops_json_key(w, "progress");
		bops_json_fixed(w, progress, 2);
		bops_json_key(w, "expected");
		bops_json_fixed(w, expected, 2);
		bops_json_key(w, "pace");
		bops_json_str(w, bops_pace_name(pace));
		bops_json_key(w, "confidence");
		bops_json_node(w, confidence, cf);
		bops_json_key(w, "title");
		bops_json_str(w, title);
		bops_json_end_object(w);
		return;
	}
	snprintf(p, sizeof(p), "%.2f", progress);
	snprintf(e, sizeof(e), "%.2f", expected);
	cells[0] = id;
	cells[1] = p;
	cells[2] = e;
	cells[3] = bops_pace_name(pace);
	cells[4] = confidence && confidence->type == BOPS_NODE_SCALAR ?
	    confidence->str : "";
	cells[5] = title;
	bops_table_add(t, cells);
	if (pace_color(pace))
		bops_table_color_row(t, bops_table_rows(t) - 1,
		    pace_color(pace));
}

static const struct bops_error *
okr_score(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	struct cascade c;
	struct bops_buf b = BOPS_BUF_INIT, period = BOPS_BUF_INIT;
	struct bops_buf id = BOPS_BUF_INIT;
	struct bops_table *t;
	struct bops_period p;
	const char *hdr[6] = { "id", "progress", "expected", "pace",
	    "confidence", "title" };
	struct bops_json w;
	bool json = a->out.json;
	const char *as_of = a->out.as_of;
	char **argv = a->argv;
	size_t i, k;
	int n = a->argc;

	if (as_of && (err = set_as_of(ctx, as_of)))
		return err;
	if (n == 2 && (err = bops_period_parse(&p, argv[1], &period)))
		return err;
	if ((err = cascade_load(ctx, kind, &c, false)))
		return err;
	t = bops_table_new(6, hdr);
	for (k = 1; k < 3; k++)
		bops_table_align(t, k, BOPS_ALIGN_RIGHT);
	bops_json_init(&w, &b);
	if (json)
		bops_json_begin_array(&w, BOPS_JSON_LINES);
	for (i = 0; i < c.oc.n; i++) {
		struct bops_okr_obj *o = &c.oc.objs[i];
		const struct bops_node *krs = bops_record_get(o->rec,
		    "key_results");
		const struct bops_field *kf = bops_schema_field(o->rec->schema,
		    "key_results");
		const struct bops_field *cf = kf && kf->sub ?
		    bops_schema_field(kf->sub, "confidence") : NULL;

		if (!bops_okr_scored(o->rec, period.len ? period.ptr : NULL))
			continue;
		score_row(json ? &w : NULL, t, o->rec->id, o->progress,
		    o->expected, o->pace, NULL, NULL,
		    bops_record_title(o->rec));
		for (k = 0; krs && k < krs->n; k++) {
			double kp = bops_okr_kr_progress_of(krs->items[k]), expected;
			enum bops_pace pace;

			bops_okr_kr_pace(&c.oc, o, kp, &expected, &pace);
			bops_buf_reset(&id);
			bops_buf_printf(&id, "%s/%s", o->rec->id,
			    bops_node_map_str(krs->items[k], "id"));
			score_row(json ? &w : NULL, t, id.ptr, kp, expected,
			    pace, bops_node_map_get(krs->items[k],
			    "confidence"), cf, bops_node_map_str(krs->items[k],
			    "title"));
		}
	}
	if (json)
		bops_json_end_array(&w);
	else if (bops_table_rows(t))
		bops_table_render(&b, t, table_flags(ctx), ctx->width);
	out_write_color(&b);
	bops_json_release(&w);
	bops_table_free(t);
	cascade_release(&c);
	bops_buf_release(&b);
	bops_buf_release(&period);
	bops_buf_release(&id);
	return NULL;
}

/* stale */

static const struct bops_error *
okr_stale(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *args)
{
	const struct bops_error *err;
	struct cascade c;
	struct bops_buf b = BOPS_BUF_INIT, id = BOPS_BUF_INIT;
	struct bops_table *t;
	const char *hdr[4] = { "id", "last", "owner", "title" }, *cells[4];
	bool exit_code = args->exit_code;
	size_t i, k, found = 0;

	if ((err = cascade_load(ctx, kind, &c, false)))
		return err;
	t = bops_table_new(4, hdr);
	for (i = 0; i < c.oc.n; i++) {
		const struct bops_record *rec = c.oc.objs[i].rec;
		const struct bops_node *krs = bops_record_get(rec,
		    "key_results");

		if (!bops_okr_checkins_due(&c.oc.objs[i]))
			continue;
		for (k = 0; krs && k < krs->n; k++) {
			const char *last, *owner;

			if (!bops_okr_kr_stale(krs->items[k], ctx->ws->now,
			    c.oc.conf.checkin_every))
				continue;
			last = bops_okr_kr_last_checkin(krs->items[k]);
			owner = bops_okr_kr_owner(rec, krs->items[k]);
			bops_buf_reset(&id);
			bops_buf_printf(&id, "%s/%s", rec->id,
			    bops_node_map_str(krs->items[k], "id"));
			cells[0] = id.ptr;
			cells[1] = last ? last : "never";
			cells[2] = owner ? owner : "";
			cells[3] = bops_node_map_str(krs->items[k], "title");
			bops_table_add(t, cells);
			found++;
		}
	}
	if (found)
		bops_table_render(&b, t, table_flags(ctx), ctx->width);
	out_write_color(&b);
	bops_table_free(t);
	cascade_release(&c);
	bops_buf_release(&b);
	bops_buf_release(&id);
	return found && exit_code ? bops_error(BOPS_ERR_FOUND) : NULL;
}

/* grade */

struct grade {
	struct bops_okr_conf conf;
	bool force;
	double grade;
	struct bops_buf what, report;
};

/*
 * Grades are for the end of the period: the objective's own, else its
 * nearest ancestor's.  Before then only with --force.
 */
static const struct bops_error *
period_over(struct bops_ctx *ctx, const struct bops_record *rec)
{
	const struct bops_error *err;
	const struct bops_okr_obj *owner;
	struct bops_okr_obj *o;
	struct bops_period p;
	struct bops_buf last = BOPS_BUF_INIT;
	struct cascade c;

	if ((err = cascade_load(ctx, rec->kind, &c, false)))
		return err;
	o = bops_okr_cascade_find(&c.oc, rec->id);
	if (bops_okr_period_running(&owner, &p, &c.oc, o)) {
		bops_date_format(&last, p.last);
		err = bops_error_fmt(BOPS_ERR_REFUSED, "okr '%s' is in its "
		    "period %s until %s; grade it after that, or now with "
		    "--force", rec->id, bops_record_str(owner->rec, "period"),
		    last.ptr);
	}
	bops_buf_release(&last);
	cascade_release(&c);
	return err;
}

static const struct bops_error *
apply_grade(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err;
	struct grade *g = arg;
	struct bops_node *krs = bops_record_get(rec, "key_results");
	struct bops_buf v = BOPS_BUF_INIT;
	double *vals;
	size_t i;
	bool achieved;

	(void)txn;
	if (krs == NULL || krs->n == 0)
		return bops_error_fmt(BOPS_ERR_USAGE,
		    "okr '%s' has no key results to grade", rec->id);
	if (!g->force && (err = period_over(ctx, rec)))
		return err;
	vals = bops_calloc(krs->n, sizeof(*vals));
	g->grade = bops_okr_grade(vals, krs);
	for (i = 0; i < krs->n; i++)
		bops_buf_printf(&g->report, "  %s %s/%s %.2f  %s\n",
		    bops_okr_achieved(vals[i], g->conf.achieved) ?
		    (ctx->utf8 ? "✓" : "+") : (ctx->utf8 ? "·" : "-"),
		    rec->id, bops_node_map_str(krs->items[i], "id"), vals[i],
		    bops_node_map_str(krs->items[i], "title"));
	free(vals);
	achieved = bops_okr_achieved(g->grade, g->conf.achieved);
	bops_buf_reset(&v);
	bops_buf_printf(&v, "%.2f", g->grade);
	if ((err = bops_record_set(rec, ctx->ws, "grade", v.ptr)) == NULL)
		err = bops_record_set(rec, ctx->ws, "status",
		    achieved ? "achieved" : "missed");
	bops_buf_printf(&g->what, "graded %.2f, %s", g->grade,
	    achieved ? "achieved" : "missed");
	bops_buf_release(&v);
	return err;
}

static const struct bops_error *
okr_grade(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	struct grade g;
	struct bulk b;

	memset(&g, 0, sizeof(g));
	okr_conf(ctx->ws, &g.conf);
	g.force = a->force;
	bops_buf_init(&g.what);
	bops_buf_init(&g.report);
	b = (struct bulk){ .apply = apply_grade, .arg = &g, .what = "graded",
	    .said = &g.what };
	if ((err = bulk_verb(ctx, kind, a, 1, a->argc, &b)) == NULL)
		say_lines(ctx, &g.report);
	bops_buf_release(&g.what);
	bops_buf_release(&g.report);
	return err;
}

/* reopen */

static const struct bops_error *
apply_reopen(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err = NULL;
	struct bops_buf *what = arg;
	struct bops_node *krs = bops_record_get(rec, "key_results");
	const char *grade = bops_record_str(rec, "grade");
	const char *status = bops_record_str(rec, "status");
	bool cleared = bops_okr_ungrade(krs) || grade != NULL;

	(void)txn;
	if (!cleared)
		return NULL;
	if (grade)
		bops_buf_printf(what, "reopen, grade %s cleared", grade);
	else
		bops_buf_puts(what, "reopen, grades cleared");
	if (grade && (err = bops_record_set(rec, ctx->ws, "grade", NULL)))
		return err;
	if (status && (strcmp(status, "achieved") == 0 ||
	    strcmp(status, "missed") == 0))
		err = bops_record_set(rec, ctx->ws, "status", "active");
	return err;
}

static const struct bops_error *
okr_reopen(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	struct bops_buf what = BOPS_BUF_INIT;
	struct bulk b = { .apply = apply_reopen, .arg = &what, .what = "reopen",
	    .said = &what, .finished = true };

	err = bulk_verb(ctx, kind, a, 1, a->argc, &b);
	bops_buf_release(&what);
	return err;
}


/* celebrate: what the kind's report rule names as achievements. */
static const struct bops_error *
okr_celebrate(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_report r;
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i, j;

	if ((err = report_open(ctx, &r, "okr", a->argc == 2 ? a->argv[1] :
	    NULL, a->out.as_of)))
		return err;
	r.topic = "celebrate";
	if ((err = kind->rules->report(&r, ctx->ws, kind)))
		goto done;
	for (i = 0; i < r.n; i++)
		for (j = 0; j < r.sections[i].n; j++) {
			const struct bops_report_block *bl =
			    &r.sections[i].blocks[j];
			size_t k;

			for (k = 0; k < bl->n; k++) {
				bops_buf_printf(&b, "%s\n", bl->rows[k].label);
				if (bl->rows[k].detail)
					bops_buf_printf(&b, "  %s\n",
					    bl->rows[k].detail);
			}
		}
	out_write(&b);
done:
	bops_report_release(&r);
	bops_buf_release(&b);
	return err;
}

const struct bops_verb okr_verbs[] = {
	VERB_ADD(okr_add,
	    "add an objective (its period defaults to this quarter)"),
	FAMILY("kr", kr_verbs, "add, change or remove a key result"),
	VERB("show", okr_show, "OBJECTIVE|OBJECTIVE/N [OBJECTIVE ...]", 1,
	    -1, OPTS(OPT_FIELDS, OPT_AS_OF, OPT_FORMATS),
	    "show objectives, or one key result with its check-ins"),
	VERB("checkin", okr_checkin, "OBJECTIVE/N VALUE [confidence=C]", 2, 3,
	    OPTS(OPT_VALUE("note", 'm', "TEXT", note, 0)),
	    "check a key result in: its current value, with a check-in"),
	VERB("tree", okr_tree, "[OBJECTIVE]", 0, 1, OPTS(OPT_JSON, OPT_AS_OF),
	    "the cascade of objectives with progress bars and pace"),
	VERB("score", okr_score, "[PERIOD]", 0, 1, OPTS(OPT_JSON, OPT_AS_OF),
	    "progress, expected progress and pace of each objective and KR"),
	VERB("stale", okr_stale, NULL, 0, 0,
	    OPTS(OPT_FLAG("exit-code", 0, exit_code, 0)),
	    "key results with no check-in within okr.checkin_every"),
	VERB("celebrate", okr_celebrate, "[PERIOD]", 0, 1, OPTS(OPT_AS_OF),
	    "key results that reached target, objectives achieved, and who"),
	VERB("grade", okr_grade, "[OBJECTIVE ...]", 0, -1,
	    OPTS(OPT_WHERE, OPT_FORCE),
	    "freeze the grades at period end (before: --force)"),
	VERB("reopen", okr_reopen, "[OBJECTIVE ...]", 0, -1, OPTS(OPT_WHERE),
	    "clear the grades of objectives; check-ins resume"),
	VERB("measure", okr_measure, "[OBJECTIVE]", 0, 1, NULL,
	    "count what each measure names and check the counts in (cron)"),
	VERBS_END,
};
