/*
 * okr.c: the verbs only objectives have: key results, check-ins, the
 * cascade, scoring, staleness, grading and measuring.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "okr.h"
#include "out.h"
#include "text.h"
#include "banned.h"

#define BAR_WIDTH 20

/* Settings from bops.yaml. */
static void
okr_conf(struct bops_ws *ws, struct bops_okr_conf *c)
{
	bops_okr_conf_read(c, bops_ws_config_get("okr", ws));
}

/* Split "OBJ/N" into the objective text and N. */
static const struct bops_error *
parse_kr(const char *text, struct bops_buf *obj, long *n)
{
	const char *slash = strrchr(text, '/');
	char *end;

	if (slash == NULL || slash == text)
		return bops_error_fmt(BOPS_ERR_USAGE,
		    "expected OBJECTIVE/N for a key result, got '%s'", text);
	errno = 0;
	*n = strtol(slash + 1, &end, 10);
	if (slash[1] == '\0' || *end || errno || *n < 1)
		return bops_error_fmt(BOPS_ERR_USAGE,
		    "expected OBJECTIVE/N for a key result, got '%s'", text);
	bops_buf_reset(obj);
	bops_buf_put(obj, text, (size_t)(slash - text));
	return NULL;
}

/* The sub-schema of key results. */
static const struct bops_field *
kr_field(const struct bops_record *rec)
{
	return bops_schema_field(rec->schema, "key_results");
}

/*
 * Apply "field=value" assignments to a key result's map through the
 * record machinery, with the key results' own schema.
 */
static const struct bops_error *
kr_assign(struct bops_ctx *ctx, const struct bops_record *rec,
    struct bops_node **map, char **exprs, int n)
{
	const struct bops_error *err = NULL;
	struct bops_record *tmp;
	int i;

	tmp = bops_record_wrap(rec->kind, kr_field(rec)->sub, rec->id, *map);
	for (i = 0; i < n && err == NULL; i++) {
		if (strncmp(exprs[i], "id=", 3) == 0 ||
		    strncmp(exprs[i], "checkins", 8) == 0 ||
		    strncmp(exprs[i], "grade=", 6) == 0)
			err = bops_error_fmt(BOPS_ERR_USAGE, "'%s': id, "
			    "checkins and grade are kept by bops", exprs[i]);
		else
			err = bops_record_assign(tmp, ctx->ws, exprs[i]);
	}
	*map = tmp->root;
	tmp->root = NULL;
	bops_record_free(tmp);
	return err;
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

/*
 * Count the records a measure names: "count KIND FILTER...".  A spec
 * that is no such thing is a usage error.  strict (for a count to be
 * checked in): a record of KIND that cannot be read might match, so the
 * count would be wrong: an error (BOPS_ERR_INVALID), not a warning.
 */
static const struct bops_error *
count_records(struct bops_ctx *ctx, const char *spec, long *out,
    bool strict)
{
	const struct bops_error *err;
	struct bops_okr_measure m;
	struct out_opts o = { 0 };
	struct out_list l = { NULL, 0, 0 };

	if ((err = bops_okr_measure_parse(&m, spec)))
		return err;
	o.strict = strict;
	err = gather(ctx, m.kind, m.argc, m.argv, &o, "id", &l);
	if (err && err->code == BOPS_ERR_INVALID)
		err = bops_error_fmt(BOPS_ERR_INVALID, "%s; measure '%s' "
		    "might count it, so nothing is checked in", err->msg, spec);
	else if (err)
		err = bops_error_wrap(err, "measure '%s'", spec);
	*out = (long)l.n;
	out_list_release(&l);
	bops_okr_measure_release(&m);
	return err;
}

/* kr add / set / rm */

struct kr_change {
	long n;			/* the key result, 0 for a new one */
	const char *title;	/* of a new one */
	char **exprs;
	int nexprs;
	bool remove;
	struct bops_buf what, print;
};

static const struct bops_error *
apply_kr(struct bops_ctx *ctx, struct bops_txn *txn, struct bops_record *rec,
    void *arg)
{
	const struct bops_error *err;
	struct kr_change *c = arg;
	struct bops_node *krs = bops_record_get(rec, "key_results"), *kr;
	struct bops_node *before;
	size_t i;
	long next;

	(void)txn;
	if (c->n == 0) {
		next = bops_okr_kr_next(krs);
		bops_buf_printf(&c->print, "%ld", next);
		kr = bops_node_new_map();
		bops_node_map_set_str(kr, "id", c->print.ptr, BOPS_SCALAR_RAW);
		bops_node_map_set_str(kr, "title", c->title, BOPS_SCALAR_TEXT);
		if ((err = kr_assign(ctx, rec, &kr, c->exprs, c->nexprs))) {
			bops_node_free(kr);
			return err;
		}
		if (bops_node_map_get(kr, "target") == NULL) {
			bops_node_free(kr);
			return bops_error_fmt(BOPS_ERR_USAGE,
			    "a key result needs target=N");
		}
		if (krs == NULL) {
			krs = bops_node_new_seq();
			bops_node_map_set(rec->root, "key_results", krs);
		}
		bops_node_seq_append(krs, kr);
		bops_buf_reset(&c->print);
		bops_buf_printf(&c->print, "%s/%ld", rec->id, next);
		bops_buf_printf(&c->what, "kr %ld add ", next);
		/* record_change puts "okr ID: " ahead */
		bops_text_put_quoted(&c->what, c->title, 50);
		return NULL;
	}
	if ((kr = bops_okr_kr(rec, c->n)) == NULL)
		return bops_error_fmt(BOPS_ERR_NOT_FOUND,
		    "no key result %s/%ld", rec->id, c->n);
	bops_buf_printf(&c->print, "%s/%ld", rec->id, c->n);
	i = (size_t)bops_okr_kr_index(rec, c->n);
	if (c->remove) {
		/* One that tasks point at is refused by the okr rules. */
		bops_buf_printf(&c->what, "kr %ld removed", c->n);
		bops_node_seq_remove(krs, i);
		if (krs->n == 0)
			bops_node_map_remove(rec->root, "key_results");
		return NULL;
	}
	before = bops_node_dup(kr);
	if ((err = kr_assign(ctx, rec, &krs->items[i], c->exprs,
	    c->nexprs)) == NULL) {
		bops_buf_printf(&c->what, "kr %ld ", c->n);
		bops_record_summary(&c->what, before, krs->items[i]);
	}
	bops_node_free(before);
	return err;
}

/* kr add and kr set: a measure is checked before the lock is taken. */
static const struct bops_error *
kr_change(struct bops_ctx *ctx, const struct bops_kind *kind,
    const char *obj, struct kr_change *c)
{
	const struct bops_error *err = NULL;
	long count;
	int i;

	for (i = 0; i < c->nexprs && err == NULL; i++)
		if (strncmp(c->exprs[i], "measure=", 8) == 0 &&
		    c->exprs[i][8] != '\0')
			err = count_records(ctx, c->exprs[i] + 8, &count,
			    false);
	if (err == NULL)
		err = record_change(ctx, kind, obj, apply_kr, c, &c->what,
		    &c->print);
	return err;
}

static const struct bops_error *
kr_add(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	struct bops_buf title = BOPS_BUF_INIT;
	struct kr_change c;
	int i;

	/* Words up to the first assignment make the title. */
	for (i = 2; i < a->argc && !strchr(a->argv[i], '='); i++)
		bops_buf_printf(&title, "%s%s", title.len ? " " : "",
		    a->argv[i]);
	if (title.len == 0)
		return usage_error(a);
	memset(&c, 0, sizeof(c));
	bops_buf_init(&c.what);
	bops_buf_init(&c.print);
	c.title = title.ptr;
	c.exprs = a->argv + i;
	c.nexprs = a->argc - i;
	err = kr_change(ctx, kind, a->argv[1], &c);
	bops_buf_release(&title);
	bops_buf_release(&c.what);
	bops_buf_release(&c.print);
	return err;
}

/* kr set and kr rm: the key result OBJ/N, changed or removed. */
static const struct bops_error *
kr_existing(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a, bool remove)
{
	const struct bops_error *err;
	struct bops_buf obj = BOPS_BUF_INIT;
	struct kr_change c;

	memset(&c, 0, sizeof(c));
	bops_buf_init(&c.what);
	bops_buf_init(&c.print);
	c.remove = remove;
	c.exprs = a->argv + 2;
	c.nexprs = a->argc - 2;
	if ((err = parse_kr(a->argv[1], &obj, &c.n)) == NULL)
		err = kr_change(ctx, kind, obj.ptr, &c);
	bops_buf_release(&obj);
	bops_buf_release(&c.what);
	bops_buf_release(&c.print);
	return err;
}

static const struct bops_error *
kr_set(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	return kr_existing(ctx, kind, a, false);
}

static const struct bops_error *
kr_rm(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	return kr_existing(ctx, kind, a, true);
}

static const struct bops_verb kr_verbs[] = {
	VERB("add", kr_add, "OBJECTIVE TITLE ... target=N [start=N] "
	    "[unit=UNIT] [direction=up|down] [weight=W] [measure=SPEC] "
	    "[field=value ...]", 2, -1, NULL,
	    "add a key result to an objective and print OBJECTIVE/N"),
	VERB("set", kr_set, "OBJECTIVE/N field=value ...", 2, -1, NULL,
	    "change fields of a key result"),
	VERB("rm", kr_rm, "OBJECTIVE/N", 1, 1, NULL,
	    "remove a key result that no task points at"),
	VERBS_END,
};

/* checkin */

struct checkin {
	long n;
	const char *value;
	const char *confidence;
	const char *note;
	struct bops_buf what, print;
};

static const struct bops_error *
apply_checkin(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err;
	struct checkin *c = arg;
	struct bops_node *kr;
	struct bops_buf now = BOPS_BUF_INIT;
	const char *name, *email;
	char *exprs[2];
	struct bops_buf e0 = BOPS_BUF_INIT, e1 = BOPS_BUF_INIT;
	long i;
	int ne = 0;

	(void)txn;
	if ((kr = bops_okr_kr(rec, c->n)) == NULL)
		return bops_error_fmt(BOPS_ERR_NOT_FOUND,
		    "no key result %s/%ld", rec->id, c->n);
	if ((err = bops_ws_identity(ctx->ws, &name, &email)))
		return err;
	bops_buf_printf(&e0, "current=%s", c->value);
	exprs[ne++] = e0.ptr;
	if (c->confidence) {
		bops_buf_printf(&e1, "confidence=%s", c->confidence);
		exprs[ne++] = e1.ptr;
	}
	i = bops_okr_kr_index(rec, c->n);
	if ((err = kr_assign(ctx, rec,
	    &bops_record_get(rec, "key_results")->items[i], exprs, ne)))
		goto done;
	kr = bops_record_get(rec, "key_results")->items[i];
	bops_instant_format(&now, ctx->ws->now);
	bops_okr_checkin_add(kr, now.ptr, name, bops_node_map_str(kr,
	    "current"), c->confidence ? bops_node_map_str(kr, "confidence") :
	    NULL, c->note);
	bops_buf_printf(&c->print, "%s/%ld", rec->id, c->n);
	bops_buf_printf(&c->what, "checkin %ld ", c->n);
	bops_text_put_quoted(&c->what, bops_node_map_str(kr, "title"), 40);
	bops_buf_printf(&c->what, " %s", bops_node_map_str(kr, "current"));
	if (c->confidence)
		bops_buf_printf(&c->what, " (confidence %s)",
		    bops_node_map_str(kr, "confidence"));
done:
	bops_buf_release(&now);
	bops_buf_release(&e0);
	bops_buf_release(&e1);
	return err;
}

static const struct bops_error *
okr_checkin(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_buf obj = BOPS_BUF_INIT;
	struct checkin c;
	const char *note = a->note;
	char **argv = a->argv, *end;
	int n = a->argc;

	memset(&c, 0, sizeof(c));
	bops_buf_init(&c.what);
	bops_buf_init(&c.print);
	c.value = argv[2];
	c.note = note;
	(void)strtod(c.value, &end);
	if (*c.value == '\0' || *end) {
		err = bops_error_fmt(BOPS_ERR_USAGE,
		    "check-in value must be a number, got '%s'", c.value);
		goto done;
	}
	if (n == 4) {
		if (strncmp(argv[3], "confidence=", 11)) {
			err = usage_error(a);
			goto done;
		}
		c.confidence = argv[3] + 11;
		errno = 0;
		if (*c.confidence == '\0' || strtod(c.confidence, &end) < 0 ||
		    strtod(c.confidence, NULL) > 1 || *end) {
			err = bops_error_fmt(BOPS_ERR_USAGE, "confidence "
			    "must be a number from 0 to 1, got '%s'",
			    c.confidence);
			goto done;
		}
	}
	if ((err = parse_kr(argv[1], &obj, &c.n)))
		goto done;
	err = record_change(ctx, kind, obj.ptr, apply_checkin, &c, &c.what,
	    &c.print);
done:
	bops_buf_release(&obj);
	bops_buf_release(&c.what);
	bops_buf_release(&c.print);
	return err;
}

/* The cascade: every objective with its computed progress (lib/okr.c). */

struct cascade {
	struct out_list l;
	struct bops_okr_cascade oc;
};

/* strict: an objective that cannot be read is an error (see gather). */
static const struct bops_error *
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

static void
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
	if (n == 2 && (err = bops_store_resolve(ctx->ws, kind, NULL, argv[1],
	    &id)))
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
		bops_table_render(t, &b, table_flags(ctx), 0);
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
		bops_table_render(t, &b, table_flags(ctx), ctx->width);
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
		bops_table_render(t, &b, table_flags(ctx), ctx->width);
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
	if (bops_okr_period_running(&c.oc, o, &owner, &p)) {
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
	char **argv = a->argv;

	memset(&g, 0, sizeof(g));
	okr_conf(ctx->ws, &g.conf);
	g.force = a->force;
	bops_buf_init(&g.what);
	bops_buf_init(&g.report);
	if ((err = record_change(ctx, kind, argv[1], apply_grade, &g, &g.what,
	    NULL)) == NULL)
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

	err = record_change(ctx, kind, a->argv[1], apply_reopen, &what, &what,
	    NULL);
	bops_buf_release(&what);
	return err;
}

/* measure */

static const struct bops_error *
okr_measure(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err = NULL;
	struct bops_txn *txn = NULL;
	struct cascade c;
	struct bops_buf msg = BOPS_BUF_INIT, ids = BOPS_BUF_INIT;
	struct bops_buf id = BOPS_BUF_INIT, now = BOPS_BUF_INIT;
	const char *name, *email;
	char **argv = a->argv;
	size_t i, k;
	int n = a->argc;

	memset(&c, 0, sizeof(c));
	if (n == 2 && (err = bops_store_resolve(ctx->ws, kind, NULL, argv[1],
	    &id)))
		return err;
	if ((err = txn_begin(ctx, &txn)))
		goto done;
	/*
	 * One commit or none: an objective that cannot be read is an
	 * error, not a gap in the run (only the one named, when named).
	 */
	if (id.len) {
		struct bops_record *named = NULL;

		err = bops_store_read(ctx->ws, kind, NULL, id.ptr, &named);
		bops_record_free(named);
		if (err)
			goto done;
	}
	if ((err = cascade_load(ctx, kind, &c, id.len == 0)))
		goto done;
	bops_instant_format(&now, ctx->ws->now);
	bops_buf_puts(&msg, "okr: measure");
	for (i = 0; i < c.oc.n; i++) {
		struct bops_record *rec = c.l.recs[i];
		struct bops_node *krs = bops_record_get(rec, "key_results");
		bool touched = false;

		if (id.len && strcmp(rec->id, id.ptr))
			continue;
		/* Graded is frozen: refused when named, else left alone. */
		if (bops_record_str(rec, "grade")) {
			if (id.len && (err = bops_okr_refuse_graded(rec)))
				goto done;
			continue;
		}
		for (k = 0; krs && k < krs->n; k++) {
			struct bops_node *kr = krs->items[k];
			const char *spec = bops_node_map_str(kr, "measure");
			long count = 0;

			if (spec == NULL)
				continue;
			if ((err = count_records(ctx, spec, &count, true))) {
				if (err->code == BOPS_ERR_USAGE)
					err = bops_error_fmt(BOPS_ERR_INVALID,
					    "%s: key result %s: %s", rec->path,
					    bops_node_map_str(kr, "id"),
					    err->msg);
				goto done;
			}
			if (!bops_okr_measure_due(kr, count))
				continue;
			/* Something to write: now it takes an identity. */
			if ((err = bops_ws_identity(ctx->ws, &name, &email)))
				goto done;
			bops_okr_measure_checkin(kr, count, now.ptr, name);
			bops_buf_printf(&msg, " %s/%s %ld", rec->id,
			    bops_node_map_str(kr, "id"), count);
			bops_buf_printf(&ids, "%s/%s\n", rec->id,
			    bops_node_map_str(kr, "id"));
			touched = true;
		}
		if (touched) {
			struct bops_record *cur = NULL;

			/* Refuse a hand-edited file, as every write does. */
			if ((err = bops_txn_load(txn, kind, rec->id, &cur)))
				goto done;
			bops_record_free(cur);
			if ((err = bops_txn_put(txn, rec, NULL)))
				goto done;
		}
	}
	if (bops_txn_count(txn) == 0)
		goto done;
	err = commit_tell(ctx, txn, msg.ptr, NULL, NULL, &ids);
done:
	bops_txn_free(txn);
	cascade_release(&c);
	bops_buf_release(&msg);
	bops_buf_release(&ids);
	bops_buf_release(&id);
	bops_buf_release(&now);
	return err;
}

const struct bops_verb okr_verbs[] = {
	VERB_ADD(okr_add,
	    "add an objective (its period defaults to this quarter)"),
	FAMILY("kr", kr_verbs, "add, change or remove a key result"),
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
	VERB("grade", okr_grade, "OBJECTIVE", 1, 1, OPTS(OPT_FORCE),
	    "freeze the grades at period end (before: --force)"),
	VERB("reopen", okr_reopen, "OBJECTIVE", 1, 1, NULL,
	    "clear the grades of an objective; check-ins resume"),
	VERB("measure", okr_measure, "[OBJECTIVE]", 0, 1, NULL,
	    "count what each measure names and check the counts in (cron)"),
	VERBS_END,
};
