/*
 * journey.c: the verbs only journeys have: stages and what they hold,
 * links, the map (text, Mermaid, HTML), approval, review, retirement
 * and the portfolio.  The rules (what approval needs, a stage that
 * records point at) are lib/journey.c's.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "journey.h"
#include "journey-cmd.h"
#include "okr.h"
#include "out.h"
#include "text.h"
#include "banned.h"

/* "J/STAGE" split into the journey as typed and the stage's slug. */
static const struct bops_error *
parse_stage(const char *text, struct bops_buf *journey, const char **slug)
{
	const char *slash = strchr(text, '/');

	if (slash == NULL || slash == text || slash[1] == '\0')
		return bops_error_fmt(BOPS_ERR_USAGE,
		    "expected JOURNEY/STAGE, got '%s'", text);
	bops_buf_put(journey, text, (size_t)(slash - text));
	bops_buf_puts(journey, "");
	*slug = slash + 1;
	return NULL;
}

static const struct bops_field *
stages_field(const struct bops_record *rec)
{
	return bops_schema_field(rec->schema, "stages");
}

/* The index of the stage slug in rec, or -1. */
static long
stage_index(const struct bops_record *rec, const char *slug)
{
	const struct bops_node *stages = bops_record_get(rec, "stages");
	const char *s;
	size_t i;

	for (i = 0; stages && i < stages->n; i++)
		if ((s = bops_node_map_str(stages->items[i], "slug")) &&
		    strcmp(s, slug) == 0)
			return (long)i;
	return -1;
}

/* The stage slug of rec, or BOPS_ERR_NOT_FOUND listing the stages. */
static const struct bops_error *
stage_get(const struct bops_record *rec, const char *slug,
    struct bops_node **out)
{
	long i = stage_index(rec, slug);

	if (i < 0)
		return bops_record_part_missing(rec, "stages", slug);
	*out = bops_record_get(rec, "stages")->items[i];
	return NULL;
}

/*
 * Apply "field=value" assignments to a map inside a record (a stage, a
 * metric, a touchpoint) through the record machinery with schema sub,
 * so that each value is checked as its field says (BOPS_ERR_USAGE).
 */
static const struct bops_error *
sub_assign(struct bops_ctx *ctx, const struct bops_record *rec,
    const struct bops_schema *sub, struct bops_node **map, char **exprs,
    int n)
{
	const struct bops_error *err = NULL;
	struct bops_record *tmp;
	int i;

	tmp = bops_record_wrap(rec->kind, sub, rec->id, *map);
	for (i = 0; i < n && err == NULL; i++)
		err = bops_record_assign(tmp, ctx->ws, exprs[i]);
	*map = tmp->root;
	tmp->root = NULL;
	bops_record_free(tmp);
	return err;
}

/* The words of argv[from..] up to the first assignment, as one text. */
static int
words(struct bops_buf *out, struct args *a, int from)
{
	int i;

	for (i = from; i < a->argc && !strchr(a->argv[i], '='); i++)
		bops_buf_printf(out, "%s%s", out->len ? " " : "", a->argv[i]);
	bops_buf_puts(out, "");
	return i;
}

/* One change to a stage, applied under the write protocol. */
struct stage_change {
	const char *slug;	/* the stage, or NULL for stage add */
	const char *name;	/* a new stage's, a touchpoint's, a metric's */
	const char *text;	/* a pain or an opportunity */
	const char *list;	/* "pains", "opportunities", "links" */
	const char *after, *before;	/* stage add, stage move */
	bool first;		/* stage move to the front */
	bool remove;
	char **exprs;
	int nexprs;
	const struct bops_error *(*apply)(struct bops_ctx *,
	    struct bops_record *, struct stage_change *);
	struct bops_buf what, print;
};

static void
change_init(struct stage_change *c)
{
	memset(c, 0, sizeof(*c));
	bops_buf_init(&c->what);
	bops_buf_init(&c->print);
}

static const struct bops_error *
apply_stage(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	(void)txn;
	return ((struct stage_change *)arg)->apply(ctx, rec, arg);
}

static const struct bops_error *
stage_run(struct bops_ctx *ctx, const struct bops_kind *kind,
    const char *journey, struct stage_change *c)
{
	const struct bops_error *err;

	err = record_change(ctx, kind, journey, apply_stage, c, &c->what,
	    &c->print);
	bops_buf_release(&c->what);
	bops_buf_release(&c->print);
	return err;
}

/* Where a stage goes: after=STAGE or before=STAGE, else at the end. */
static const struct bops_error *
stage_place(const struct bops_record *rec, struct stage_change *c,
    size_t n, size_t *at)
{
	const char *other = c->after ? c->after : c->before;
	long i;

	*at = n;
	if (c->first) {
		*at = 0;
		return NULL;
	}
	if (other == NULL)
		return NULL;
	if ((i = stage_index(rec, other)) < 0)
		return bops_record_part_missing(rec, "stages", other);
	*at = (size_t)i + (c->after ? 1 : 0);
	return NULL;
}

/* Split off after= and before= (not fields of a stage). */
static const struct bops_error *
take_place(struct stage_change *c, char **exprs, int n)
{
	int i, k = 0;

	for (i = 0; i < n; i++) {
		if (strncmp(exprs[i], "after=", 6) == 0)
			c->after = exprs[i] + 6;
		else if (strncmp(exprs[i], "before=", 7) == 0)
			c->before = exprs[i] + 7;
		else
			exprs[k++] = exprs[i];
	}
	c->exprs = exprs;
	c->nexprs = k;
	if (c->after && c->before)
		return bops_error_fmt(BOPS_ERR_USAGE,
		    "after= and before= exclude each other");
	if ((c->after && *c->after == '\0') ||
	    (c->before && *c->before == '\0'))
		c->first = true;
	return NULL;
}

static const struct bops_error *
do_stage_add(struct bops_ctx *ctx, struct bops_record *rec,
    struct stage_change *c)
{
	const struct bops_error *err;
	struct bops_node *stages = bops_record_get(rec, "stages"), *st;
	struct bops_buf slug = BOPS_BUF_INIT, base = BOPS_BUF_INIT;
	const char *given = NULL;
	size_t at, i, n = stages ? stages->n : 0;
	int k, j;

	/* slug=S names the stage's key; otherwise it comes of its name */
	for (k = 0, j = 0; k < c->nexprs; k++)
		if (strncmp(c->exprs[k], "slug=", 5) == 0)
			given = c->exprs[k] + 5;
		else
			c->exprs[j++] = c->exprs[k];
	c->nexprs = j;
	if (given)
		bops_buf_puts(&slug, given);
	else {
		bops_journey_slug(&base, c->name);
		if (base.len == 0)
			bops_buf_printf(&base, "stage-%zu", n + 1);
		bops_buf_puts(&slug, base.ptr);
		for (i = 2; stage_index(rec, slug.ptr) >= 0; i++) {
			bops_buf_reset(&slug);
			bops_buf_printf(&slug, "%s-%zu", base.ptr, i);
		}
	}
	if (!bops_id_valid(slug.ptr))
		err = bops_error_fmt(BOPS_ERR_USAGE, "stage slug '%s' must be "
		    "lower case letters, digits and '-'", slug.ptr);
	else if (stage_index(rec, slug.ptr) >= 0)
		err = bops_error_fmt(BOPS_ERR_REFUSED, "journey '%s' already "
		    "has a stage '%s'", rec->id, slug.ptr);
	else
		err = stage_place(rec, c, n, &at);
	if (err)
		goto done;
	st = bops_node_new_map();
	bops_node_map_set_str(st, "slug", slug.ptr, BOPS_SCALAR_TEXT);
	bops_node_map_set_str(st, "name", c->name, BOPS_SCALAR_TEXT);
	if ((err = sub_assign(ctx, rec, stages_field(rec)->sub, &st, c->exprs,
	    c->nexprs))) {
		bops_node_free(st);
		goto done;
	}
	if (stages == NULL) {
		stages = bops_node_new_seq();
		bops_node_map_set(rec->root, "stages", stages);
	}
	bops_node_seq_append(stages, st);
	for (i = stages->n - 1; i > at; i--) {
		stages->items[i] = stages->items[i - 1];
		stages->items[i - 1] = st;
	}
	bops_buf_printf(&c->print, "%s/%s", rec->id, slug.ptr);
	bops_buf_printf(&c->what, "stage %s added", slug.ptr);
done:
	bops_buf_release(&slug);
	bops_buf_release(&base);
	return err;
}

static const struct bops_error *
stage_add(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	struct bops_buf name = BOPS_BUF_INIT;
	struct stage_change c;
	int i;

	change_init(&c);
	i = words(&name, a, 2);
	if (name.len == 0) {
		bops_buf_release(&name);
		return usage_error(a);
	}
	c.name = name.ptr;
	c.apply = do_stage_add;
	if ((err = take_place(&c, a->argv + i, a->argc - i)) == NULL)
		err = stage_run(ctx, kind, a->argv[1], &c);
	bops_buf_release(&name);
	return err;
}

static const struct bops_error *
do_stage_rm(struct bops_ctx *ctx, struct bops_record *rec,
    struct stage_change *c)
{
	const struct bops_error *err;
	struct bops_node *st, *stages = bops_record_get(rec, "stages");

	(void)ctx;
	if ((err = stage_get(rec, c->slug, &st)))
		return err;
	/* One that records point at is refused by the journey rules. */
	bops_node_seq_remove(stages, (size_t)stage_index(rec, c->slug));
	if (stages->n == 0)
		bops_node_map_remove(rec->root, "stages");
	bops_buf_printf(&c->print, "%s/%s", rec->id, c->slug);
	bops_buf_printf(&c->what, "stage %s removed", c->slug);
	return NULL;
}

static const struct bops_error *
do_stage_move(struct bops_ctx *ctx, struct bops_record *rec,
    struct stage_change *c)
{
	const struct bops_error *err;
	struct bops_node *st, *stages = bops_record_get(rec, "stages");
	size_t from, at, i;

	(void)ctx;
	if ((err = stage_get(rec, c->slug, &st)))
		return err;
	from = (size_t)stage_index(rec, c->slug);
	if ((c->after && strcmp(c->after, c->slug) == 0) ||
	    (c->before && strcmp(c->before, c->slug) == 0))
		return bops_error_fmt(BOPS_ERR_USAGE, "a stage cannot move "
		    "next to itself");
	if ((err = stage_place(rec, c, stages->n, &at)))
		return err;
	if (at > from)
		at--;
	for (i = from; i < at; i++)
		stages->items[i] = stages->items[i + 1];
	for (i = from; i > at; i--)
		stages->items[i] = stages->items[i - 1];
	stages->items[at] = st;
	bops_buf_printf(&c->print, "%s/%s", rec->id, c->slug);
	bops_buf_printf(&c->what, "stage %s moved to %zu", c->slug, at + 1);
	return NULL;
}

/* Verbs on a stage J/STAGE: the journey's part of it, then run. */
static const struct bops_error *
on_stage(struct bops_ctx *ctx, const struct bops_kind *kind,
    const char *ref, struct stage_change *c)
{
	const struct bops_error *err;
	struct bops_buf journey = BOPS_BUF_INIT;

	if ((err = parse_stage(ref, &journey, &c->slug)) == NULL)
		err = stage_run(ctx, kind, journey.ptr, c);
	else {
		bops_buf_release(&c->what);
		bops_buf_release(&c->print);
	}
	bops_buf_release(&journey);
	return err;
}

static const struct bops_error *
stage_rm(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	struct stage_change c;

	change_init(&c);
	c.apply = do_stage_rm;
	return on_stage(ctx, kind, a->argv[1], &c);
}

static const struct bops_error *
stage_move(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct stage_change c;

	change_init(&c);
	c.apply = do_stage_move;
	if ((err = take_place(&c, a->argv + 2, a->argc - 2)) ||
	    c.nexprs || (!c.after && !c.before)) {
		bops_buf_release(&c.what);
		bops_buf_release(&c.print);
		return err ? err : usage_error(a);
	}
	return on_stage(ctx, kind, a->argv[1], &c);
}

static const struct bops_error *
do_touchpoint(struct bops_ctx *ctx, struct bops_record *rec,
    struct stage_change *c)
{
	const struct bops_error *err;
	const struct bops_field *tf;
	struct bops_node *st, *tps, *tp;
	size_t i;

	if ((err = stage_get(rec, c->slug, &st)))
		return err;
	tf = bops_schema_field(stages_field(rec)->sub, "touchpoints");
	tps = bops_node_map_get(st, "touchpoints");
	for (i = 0; tps && i < tps->n; i++)
		if (bops_node_map_str(tps->items[i], "name") &&
		    bops_text_nfc_equal(bops_node_map_str(tps->items[i],
		    "name"), c->name))
			return bops_error_fmt(BOPS_ERR_REFUSED, "stage '%s/%s' "
			    "already has touchpoint '%s'", rec->id, c->slug,
			    c->name);
	tp = bops_node_new_map();
	bops_node_map_set_str(tp, "name", c->name, BOPS_SCALAR_TEXT);
	if ((err = sub_assign(ctx, rec, tf->sub, &tp, c->exprs, c->nexprs))) {
		bops_node_free(tp);
		return err;
	}
	if (tps == NULL) {
		tps = bops_node_new_seq();
		bops_node_map_set(st, "touchpoints", tps);
	}
	bops_node_seq_append(tps, tp);
	bops_buf_printf(&c->print, "%s/%s", rec->id, c->slug);
	bops_buf_printf(&c->what, "stage %s touchpoint ", c->slug);
	bops_text_put_quoted(&c->what, c->name, 40);
	return NULL;
}

static const struct bops_error *
touchpoint_add(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_buf name = BOPS_BUF_INIT;
	struct stage_change c;
	int i;
	bool channel = false;

	change_init(&c);
	i = words(&name, a, 2);
	c.exprs = a->argv + i;
	c.nexprs = a->argc - i;
	for (; i < a->argc; i++)
		channel |= strncmp(a->argv[i], "channel=", 8) == 0 &&
		    a->argv[i][8];
	if (name.len == 0 || !channel) {
		bops_buf_release(&name);
		bops_buf_release(&c.what);
		bops_buf_release(&c.print);
		return usage_error(a);
	}
	c.name = name.ptr;
	c.apply = do_touchpoint;
	err = on_stage(ctx, kind, a->argv[1], &c);
	bops_buf_release(&name);
	return err;
}

/* pain add, opportunity add, link: an item added to a list of a stage. */
static const struct bops_error *
do_list_add(struct bops_ctx *ctx, struct bops_record *rec,
    struct stage_change *c)
{
	const struct bops_error *err;
	struct bops_node *st;
	struct bops_buf expr = BOPS_BUF_INIT;
	long i;
	char *one;

	if ((err = stage_get(rec, c->slug, &st)))
		return err;
	i = stage_index(rec, c->slug);
	bops_buf_printf(&expr, "%s+=%s", c->list, c->text);
	one = expr.ptr;
	err = sub_assign(ctx, rec, stages_field(rec)->sub,
	    &bops_record_get(rec, "stages")->items[i], &one, 1);
	bops_buf_release(&expr);
	if (err)
		return err;
	bops_buf_printf(&c->print, "%s/%s", rec->id, c->slug);
	bops_buf_printf(&c->what, "stage %s %s +", c->slug, c->list);
	bops_text_put_quoted(&c->what, c->text, 40);
	return NULL;
}

static const struct bops_error *
list_add(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a,
    const char *list)
{
	const struct bops_error *err;
	struct bops_buf text = BOPS_BUF_INIT;
	struct stage_change c;
	int i;

	change_init(&c);
	for (i = 2; i < a->argc; i++)
		bops_buf_printf(&text, "%s%s", text.len ? " " : "", a->argv[i]);
	c.text = text.ptr;
	c.list = list;
	c.apply = do_list_add;
	err = on_stage(ctx, kind, a->argv[1], &c);
	bops_buf_release(&text);
	return err;
}

static const struct bops_error *
pain_add(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	return list_add(ctx, kind, a, "pains");
}

static const struct bops_error *
opportunity_add(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	return list_add(ctx, kind, a, "opportunities");
}

static const struct bops_error *
do_metric(struct bops_ctx *ctx, struct bops_record *rec,
    struct stage_change *c)
{
	const struct bops_error *err;
	const struct bops_field *mf;
	struct bops_node *st, *m, *before;
	int k;

	if ((err = stage_get(rec, c->slug, &st)))
		return err;
	for (k = 0; k < c->nexprs; k++)
		if (strncmp(c->exprs[k], "name=", 5) == 0)
			return bops_error_fmt(BOPS_ERR_USAGE, "'%s': the "
			    "metric's name comes before its fields",
			    c->exprs[k]);
	mf = bops_schema_field(stages_field(rec)->sub, "metric");
	m = bops_node_map_take(st, "metric");
	before = m ? bops_node_dup(m) : NULL;
	if (m == NULL)
		m = bops_node_new_map();
	bops_node_map_set_str(m, "name", c->name, BOPS_SCALAR_TEXT);
	err = sub_assign(ctx, rec, mf->sub, &m, c->exprs, c->nexprs);
	if (err == NULL && bops_node_map_get(m, "target") == NULL)
		err = bops_error_fmt(BOPS_ERR_USAGE, "a metric needs target=N");
	if (err) {
		bops_node_free(m);
		if (before)
			bops_node_map_set(st, "metric", before);
		return err;
	}
	bops_node_map_set(st, "metric", m);
	bops_buf_printf(&c->print, "%s/%s", rec->id, c->slug);
	bops_buf_printf(&c->what, "stage %s metric ", c->slug);
	if (before)
		bops_record_summary(&c->what, before, m);
	else
		bops_text_put_quoted(&c->what, c->name, 40);
	bops_node_free(before);
	return NULL;
}

static const struct bops_error *
metric_set(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_buf name = BOPS_BUF_INIT;
	struct stage_change c;
	int i;

	change_init(&c);
	i = words(&name, a, 2);
	if (name.len == 0) {
		bops_buf_release(&name);
		bops_buf_release(&c.what);
		bops_buf_release(&c.print);
		return usage_error(a);
	}
	c.name = name.ptr;
	c.exprs = a->argv + i;
	c.nexprs = a->argc - i;
	c.apply = do_metric;
	err = on_stage(ctx, kind, a->argv[1], &c);
	bops_buf_release(&name);
	return err;
}

/*
 * The record a link names, as KIND/ID with the whole id: a prefix is
 * resolved, a key result OBJ/N must exist.  BOPS_ERR_USAGE for a kind
 * that is none, BOPS_ERR_NOT_FOUND for a record that does not exist.
 */
static const struct bops_error *
link_target(struct bops_ctx *ctx, const char *kindname, const char *text,
    struct bops_buf *out)
{
	const struct bops_error *err;
	const struct bops_kind *kind = bops_kind_find(kindname);
	struct bops_buf n = BOPS_BUF_INIT;
	struct bops_record *rec = NULL;
	const char *slash = strchr(text, '/');

	if (kind == NULL || strcmp(kindname, "journey") == 0)
		return bops_error_fmt(BOPS_ERR_USAGE, "cannot link a '%s': "
		    "want a kind of record other than journey", kindname);
	if (slash && strcmp(kind->name, "okr")) {
		err = bops_error_fmt(BOPS_ERR_USAGE, "'%s': only a key result "
		    "(okr OBJECTIVE/N) has a part to link", text);
		goto done;
	}
	bops_buf_put(&n, text, slash ? (size_t)(slash - text) : strlen(text));
	bops_buf_puts(&n, "");
	if ((err = bops_store_load(&rec, ctx->ws, kind, NULL, n.ptr)))
		goto done;
	bops_buf_printf(out, "%s/%s", kind->name, rec->id);
	if (slash) {
		const struct bops_node *krs = bops_record_get(rec,
		    "key_results");
		size_t i;

		for (i = 0; krs && i < krs->n; i++)
			if (bops_node_map_str(krs->items[i], "id") &&
			    strcmp(bops_node_map_str(krs->items[i], "id"),
			    slash + 1) == 0)
				break;
		if (krs == NULL || i == krs->n) {
			err = bops_error_fmt(BOPS_ERR_NOT_FOUND,
			    "no key result %s%s", rec->id, slash);
			goto done;
		}
		bops_buf_puts(out, slash);
	}
done:
	bops_record_free(rec);
	bops_buf_release(&n);
	return err;
}

static const struct bops_error *
journey_link(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_buf target = BOPS_BUF_INIT, journey = BOPS_BUF_INIT;
	struct stage_change c;
	const char *slug;

	change_init(&c);
	if ((err = parse_stage(a->argv[1], &journey, &slug)) == NULL &&
	    (err = link_target(ctx, a->argv[2], a->argv[3], &target)) ==
	    NULL) {
		c.text = target.ptr;
		c.list = "links";
		c.apply = do_list_add;
		err = on_stage(ctx, kind, a->argv[1], &c);
	} else {
		bops_buf_release(&c.what);
		bops_buf_release(&c.print);
	}
	bops_buf_release(&target);
	bops_buf_release(&journey);
	return err;
}

static const struct bops_verb stage_verbs[] = {
	VERB("add", stage_add, "JOURNEY NAME ... [after=STAGE|before=STAGE] "
	    "[slug=SLUG] [goal=TEXT] [team=TEAM] [emotion=-2..2]", 2, -1, NULL,
	    "add a stage (at the end, after or before another); print "
	    "JOURNEY/STAGE"),
	VERB("rm", stage_rm, "JOURNEY/STAGE", 1, 1, NULL,
	    "remove a stage that no record points at"),
	VERB("move", stage_move, "JOURNEY/STAGE after=STAGE|before=STAGE", 2,
	    2, NULL, "move a stage after or before another (after= first)"),
	VERBS_END,
};

static const struct bops_verb touchpoint_verbs[] = {
	VERB("add", touchpoint_add, "JOURNEY/STAGE NAME ... channel=CHANNEL "
	    "[team=TEAM]", 3, -1, NULL, "add a touchpoint to a stage"),
	VERBS_END,
};

static const struct bops_verb pain_verbs[] = {
	VERB("add", pain_add, "JOURNEY/STAGE TEXT ...", 2, -1, NULL,
	    "add a pain point to a stage"),
	VERBS_END,
};

static const struct bops_verb opportunity_verbs[] = {
	VERB("add", opportunity_add, "JOURNEY/STAGE TEXT ...", 2, -1, NULL,
	    "add an opportunity to a stage"),
	VERBS_END,
};

static const struct bops_verb metric_verbs[] = {
	VERB("set", metric_set, "JOURNEY/STAGE NAME ... target=N [current=N] "
	    "[unit=UNIT] [family=tactical|value|longevity|financial] "
	    "[direction=up|down]", 2, -1, NULL,
	    "set the stage's one outcome metric"),
	VERBS_END,
};

const struct bops_verb journey_verbs[] = {
	VERB("show", journey_show, "ID ...", 1, -1,
	    OPTS(OPT_FIELDS, OPT_AS_OF, OPT_FORMATS),
	    "show a journey, and whether it changed since approval or is "
	    "due for review"),
	FAMILY("stage", stage_verbs, "the journey's stages"),
	FAMILY("touchpoint", touchpoint_verbs, "where customers meet you"),
	FAMILY("pain", pain_verbs, "what hurts at a stage"),
	FAMILY("opportunity", opportunity_verbs, "what could be better"),
	FAMILY("metric", metric_verbs, "the stage's outcome metric"),
	VERB("link", journey_link, "JOURNEY/STAGE KIND ID", 3, 3, NULL,
	    "connect a record (a task, a ticket, okr OBJECTIVE/N) to a "
	    "stage"),
	VERB("map", journey_map, "JOURNEY", 1, 1,
	    OPTS(OPT_VALUE("format", 0, "text|mermaid|html", format, 0),
	    OPT_AS_OF),
	    "draw the journey map: stages and lanes, with what is connected"),
	VERB("approve", journey_approve, "[JOURNEY ...]", 0, -1,
	    OPTS(OPT_WHERE), "approve journeys that have an owner, a sponsor "
	    "and a metric on every stage"),
	VERB("review", journey_review, "[JOURNEY ...]", 0, -1,
	    OPTS(OPT_VALUE("note", 0, "TEXT", note, 0), OPT_WHERE),
	    "record a review; the next is due review_every later"),
	VERB("retire", journey_retire, "[JOURNEY ...]", 0, -1,
	    OPTS(OPT_WHERE), "retire journeys"),
	VERB("portfolio", journey_portfolio, NULL, 0, 0, OPTS(OPT_JSON,
	    OPT_AS_OF), "every journey: owner, status, last review, due, "
	    "stage health"),
	VERBS_END,
};
