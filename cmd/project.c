/*
 * project.c: the verbs that change a project: add and set with exact
 * money, milestones and risks (sub-records by number), actual costs, the
 * budget by category, status reports and the retrospective.  The views
 * (risks, budget, health) are in cmd/health.c; the rules and the
 * arithmetic in lib/project.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "money.h"
#include "project.h"
#include "text.h"
#include "banned.h"

/* A budget is not below zero. */
static const struct bops_error *
parse_budget(int64_t *out, const char *text, const char *code)
{
	return bops_project_amount(out, text, code, false);
}

static const struct money_field budget_field = {
	"budget", "a budget needs its currency (currency=VND)", parse_budget
};

static const struct bops_error *
project_add(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;

	if (arg_value(a->argc, a->argv, 1, "goal") == NULL ||
	    arg_value(a->argc, a->argv, 1, "due") == NULL)
		return bops_error_fmt(BOPS_ERR_USAGE, "a project needs its "
		    "SMART goal and its due day: goal=TEXT due=DATE");
	if ((err = money_check(&budget_field, a->argc, a->argv, 1, NULL)))
		return err;
	return verb_find(record_verbs, "add")->fn(ctx, kind, a);
}

/* A budget= of set checked in the project's own currency, or the new one. */
static const struct bops_error *
project_set(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	return money_set(ctx, kind, a, &budget_field);
}

/* Split "PROJECT/N" into the project text and N. */
static const struct bops_error *
parse_item(const char *text, const char *noun, struct bops_buf *proj,
    long *n)
{
	const char *slash = strrchr(text, '/');
	char *end;

	errno = 0;
	*n = slash ? strtol(slash + 1, &end, 10) : 0;
	if (slash == NULL || slash == text || slash[1] == '\0' || *end ||
	    errno || *n < 1)
		return bops_error_fmt(BOPS_ERR_USAGE, "expected PROJECT/N for "
		    "a %s, got '%s'", noun, text);
	bops_buf_reset(proj);
	bops_buf_put(proj, text, (size_t)(slash - text));
	return NULL;
}

/* Milestones and risks: sub-records numbered within their project. */
struct item {
	const char *field;	/* "milestones" */
	const char *noun;	/* "milestone" */
	const char *namekey;	/* "name" */
	const char *const *needed;	/* fields a new one needs */
	long n;			/* 0: a new one */
	const char *name;	/* of a new one */
	char **exprs;
	int nexprs;
	bool done;		/* milestone done */
	struct bops_buf what, print;
};

/* Apply "field=value" to a sub-record through its own schema. */
static const struct bops_error *
item_assign(struct bops_ctx *ctx, const struct bops_record *rec,
    struct item *it, struct bops_node **map)
{
	const struct bops_error *err = NULL;
	const struct bops_field *f = bops_schema_field(rec->schema, it->field);
	struct bops_record *tmp;
	int i;

	tmp = bops_record_wrap(rec->kind, f->sub, rec->id, *map);
	for (i = 0; i < it->nexprs && err == NULL; i++)
		if (strncmp(it->exprs[i], "id=", 3) == 0)
			err = bops_error_fmt(BOPS_ERR_USAGE, "'%s': the number "
			    "of a %s is kept by bops", it->exprs[i], it->noun);
		else
			err = bops_record_assign(tmp, ctx->ws, it->exprs[i]);
	*map = tmp->root;
	tmp->root = NULL;
	bops_record_free(tmp);
	return err;
}

static const struct bops_error *
item_new(struct bops_ctx *ctx, struct bops_record *rec, struct item *it)
{
	const struct bops_error *err;
	struct bops_node *seq = bops_record_get(rec, it->field), *map;
	long next = bops_project_next(seq);
	size_t i;

	bops_buf_printf(&it->print, "%ld", next);
	map = bops_node_new_map();
	bops_node_map_set_str(map, "id", it->print.ptr, BOPS_SCALAR_RAW);
	bops_node_map_set_str(map, it->namekey, it->name, BOPS_SCALAR_TEXT);
	if ((err = item_assign(ctx, rec, it, &map))) {
		bops_node_free(map);
		return err;
	}
	for (i = 0; it->needed[i]; i++)
		if (bops_node_map_get(map, it->needed[i]) == NULL) {
			bops_node_free(map);
			return bops_error_fmt(BOPS_ERR_USAGE, "a %s needs "
			    "%s=", it->noun, it->needed[i]);
		}
	if (seq == NULL) {
		seq = bops_node_new_seq();
		bops_node_map_set(rec->root, it->field, seq);
	}
	bops_node_seq_append(seq, map);
	bops_buf_reset(&it->print);
	bops_buf_printf(&it->print, "%s/%ld", rec->id, next);
	/* record_change puts "project ID: " ahead */
	bops_buf_printf(&it->what, "%s %ld add ", it->noun, next);
	bops_text_put_quoted(&it->what, it->name, 50);
	return NULL;
}

static const struct bops_error *
apply_item(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err;
	struct item *it = arg;
	struct bops_node *seq = bops_record_get(rec, it->field), *before;
	struct bops_buf day = BOPS_BUF_INIT;
	size_t i;

	(void)txn;
	if (it->n == 0)
		return item_new(ctx, rec, it);
	for (i = 0; seq && i < seq->n; i++)
		if (seq->items[i] == bops_project_item(seq, it->n))
			break;
	if (seq == NULL || i == seq->n)
		return bops_error_fmt(BOPS_ERR_NOT_FOUND, "no %s %s/%ld",
		    it->noun, rec->id, it->n);
	bops_buf_printf(&it->print, "%s/%ld", rec->id, it->n);
	if (it->done) {
		if (bops_node_map_get(seq->items[i], "done"))
			return NULL;	/* reached already: no change */
		bops_date_format(&day, ctx->ws->today);
		bops_node_map_set_str(seq->items[i], "done", day.ptr,
		    BOPS_SCALAR_RAW);
		bops_buf_printf(&it->what, "%s %ld done", it->noun, it->n);
		bops_buf_release(&day);
		return NULL;
	}
	before = bops_node_dup(seq->items[i]);
	if ((err = item_assign(ctx, rec, it, &seq->items[i])) == NULL) {
		bops_buf_printf(&it->what, "%s %ld ", it->noun, it->n);
		bops_record_summary(&it->what, before, seq->items[i]);
	}
	bops_node_free(before);
	return err;
}

static const struct bops_error *
item_run(struct bops_ctx *ctx, const struct bops_kind *kind,
    const char *project, struct item *it)
{
	const struct bops_error *err;

	err = record_change(ctx, kind, project, apply_item, it, &it->what,
	    &it->print);
	bops_buf_release(&it->what);
	bops_buf_release(&it->print);
	return err;
}

static const char *const milestone_needs[] = { "due", NULL };
static const char *const risk_needs[] = { "probability", "impact", NULL };

/* `milestone add` and `risk add`: words up to the first assignment. */
static const struct bops_error *
item_add(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a,
    struct item *it)
{
	const struct bops_error *err;
	struct bops_buf name = BOPS_BUF_INIT;
	int i;

	for (i = 2; i < a->argc && !strchr(a->argv[i], '='); i++)
		bops_buf_printf(&name, "%s%s", name.len ? " " : "",
		    a->argv[i]);
	if (name.len == 0)
		return usage_error(a);
	it->name = name.ptr;
	it->exprs = a->argv + i;
	it->nexprs = a->argc - i;
	err = item_run(ctx, kind, a->argv[1], it);
	bops_buf_release(&name);
	return err;
}

/* `milestone done` and `risk set`: the item PROJECT/N. */
static const struct bops_error *
item_existing(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a, struct item *it)
{
	const struct bops_error *err;
	struct bops_buf proj = BOPS_BUF_INIT;

	it->exprs = a->argv + 2;
	it->nexprs = a->argc - 2;
	if ((err = parse_item(a->argv[1], it->noun, &proj, &it->n)) == NULL)
		err = item_run(ctx, kind, proj.ptr, it);
	bops_buf_release(&proj);
	return err;
}

#define MILESTONE { "milestones", "milestone", "name", milestone_needs, 0, \
	NULL, NULL, 0, false, BOPS_BUF_INIT, BOPS_BUF_INIT }
#define RISK { "risks", "risk", "title", risk_needs, 0, NULL, NULL, 0, \
	false, BOPS_BUF_INIT, BOPS_BUF_INIT }

static const struct bops_error *
milestone_add(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	struct item it = MILESTONE;

	return item_add(ctx, kind, a, &it);
}

static const struct bops_error *
milestone_done(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	struct item it = MILESTONE;

	it.done = true;
	return item_existing(ctx, kind, a, &it);
}

static const struct bops_error *
milestone_set(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	struct item it = MILESTONE;

	return item_existing(ctx, kind, a, &it);
}

static const struct bops_error *
risk_add(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	struct item it = RISK;

	return item_add(ctx, kind, a, &it);
}

static const struct bops_error *
risk_set(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	struct item it = RISK;

	return item_existing(ctx, kind, a, &it);
}

static const struct bops_verb milestone_verbs[] = {
	VERB("add", milestone_add, "PROJECT NAME ... due=DATE [field=value "
	    "...]", 2, -1, NULL,
	    "add a milestone to a project and print PROJECT/N"),
	VERB("done", milestone_done, "PROJECT/N", 1, 1, NULL,
	    "mark a milestone reached today"),
	VERB("set", milestone_set, "PROJECT/N field=value ...", 2, -1, NULL,
	    "change fields of a milestone"),
	VERBS_END,
};

static const struct bops_verb risk_verbs[] = {
	VERB("add", risk_add, "PROJECT TITLE ... probability=1..5 "
	    "impact=1..5 [owner=WHO] [contingency=TEXT] [field=value ...]", 2,
	    -1, NULL, "add a risk to a project and print PROJECT/N"),
	VERB("set", risk_set, "PROJECT/N field=value ...", 2, -1, NULL,
	    "change fields of a risk (status=closed, contingency=...)"),
	VERBS_END,
};

/* metric set: a quality metric by name, made when new. */
static const struct bops_error *
apply_metric(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err;
	struct item *it = arg;
	struct bops_node *seq = bops_record_get(rec, "metrics"), *m, *before;
	size_t i;

	(void)txn;
	m = bops_node_seq_find(seq, "name", it->name);
	for (i = 0; m && seq->items[i] != m; i++)
		;
	before = m ? bops_node_dup(m) : NULL;
	if (m == NULL) {
		m = bops_node_new_map();
		bops_node_map_set_str(m, "name", it->name, BOPS_SCALAR_TEXT);
	}
	if ((err = item_assign(ctx, rec, it, &m)) == NULL && before == NULL &&
	    bops_node_map_get(m, "target") == NULL)
		err = bops_error_fmt(BOPS_ERR_USAGE, "a new metric needs "
		    "target=N");
	if (err) {
		if (before == NULL)
			bops_node_free(m);
		else
			seq->items[i] = m;
		bops_node_free(before);
		return err;
	}
	if (before) {
		seq->items[i] = m;
		bops_buf_printf(&it->what, "metric %s ", it->name);
		bops_record_summary(&it->what, before, m);
	} else {
		if (seq == NULL) {
			seq = bops_node_new_seq();
			bops_node_map_set(rec->root, "metrics", seq);
		}
		bops_node_seq_append(seq, m);
		bops_buf_printf(&it->what, "metric %s add", it->name);
	}
	bops_node_free(before);
	return NULL;
}

static const struct bops_error *
metric_set(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	struct item it = { "metrics", "metric", "name", NULL, 0, NULL, NULL,
	    0, false, BOPS_BUF_INIT, BOPS_BUF_INIT };
	const struct bops_error *err;
	int i;

	for (i = 3; i < a->argc; i++)
		if (strncmp(a->argv[i], "name=", 5) == 0)
			return bops_error_fmt(BOPS_ERR_USAGE, "'%s': a "
			    "metric is named by its argument", a->argv[i]);
	it.name = a->argv[2];
	it.exprs = a->argv + 3;
	it.nexprs = a->argc - 3;
	err = record_change(ctx, kind, a->argv[1], apply_metric, &it,
	    &it.what, NULL);
	bops_buf_release(&it.what);
	bops_buf_release(&it.print);
	return err;
}

static const struct bops_verb metric_verbs[] = {
	VERB("set", metric_set, "PROJECT NAME [target=N] [current=N] "
	    "[family=F] [factor=F] [field=value ...]", 3, -1, NULL,
	    "set a quality metric's target, value, family or factor"),
	VERBS_END,
};

/* Append {at, by} to the log `field` of rec, and return the entry. */
static const struct bops_error *
log_entry(struct bops_ctx *ctx, struct bops_record *rec, const char *field,
    struct bops_node **out)
{
	const struct bops_error *err;
	struct bops_node *log = bops_record_get(rec, field);
	struct bops_buf now = BOPS_BUF_INIT;
	const char *name, *email;

	*out = NULL;
	if ((err = bops_ws_identity(&name, &email, ctx->ws)))
		return err;
	if (log == NULL) {
		log = bops_node_new_seq();
		bops_node_map_set(rec->root, field, log);
	}
	bops_instant_format(&now, ctx->ws->now);
	*out = bops_node_new_map();
	bops_node_map_set_str(*out, "at", now.ptr, BOPS_SCALAR_RAW);
	bops_node_map_set_str(*out, "by", name, BOPS_SCALAR_TEXT);
	bops_node_seq_append(log, *out);
	bops_buf_release(&now);
	return NULL;
}

/* cost add */

struct cost {
	const char *amount, *category, *currency, *note;
	struct bops_buf what;
};

static const struct bops_error *
apply_cost(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err;
	struct cost *c = arg;
	const char *cur = c->currency ? c->currency :
	    bops_record_str(rec, "currency");
	struct bops_node *e;
	char code[4];
	int64_t v;

	(void)txn;
	if (cur == NULL)
		return bops_error_fmt(BOPS_ERR_USAGE, "project '%s' has no "
		    "currency: give the cost's (currency=VND)", rec->id);
	if ((err = bops_money_currency(code, cur)) ||
	    (err = bops_project_amount(&v, c->amount, code, true)))
		return err;
	if ((err = log_entry(ctx, rec, "costs", &e)))
		return err;
	bops_node_map_set_str(e, "amount", c->amount, BOPS_SCALAR_TEXT);
	bops_node_map_set_str(e, "currency", code, BOPS_SCALAR_RAW);
	bops_node_map_set_str(e, "category", c->category, BOPS_SCALAR_TEXT);
	if (c->note)
		bops_node_map_set_str(e, "note", c->note, BOPS_SCALAR_TEXT);
	bops_buf_puts(&c->what, "cost ");
	if (v < 0)
		bops_buf_putc(&c->what, '-');
	bops_money_format(&c->what, v < 0 ? -(bops_money_sum)v : v,
	    bops_money_minor(code), 1, true);
	bops_buf_printf(&c->what, " %s %s", code, c->category);
	return NULL;
}

static const struct bops_error *
cost_add(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	struct bops_buf note = BOPS_BUF_INIT;
	struct cost c = { a->argv[2], NULL, NULL, NULL, BOPS_BUF_INIT };
	char code[4];
	int64_t v;
	int i;

	for (i = 3; i < a->argc; i++)
		if (strncmp(a->argv[i], "category=", 9) &&
		    strncmp(a->argv[i], "currency=", 9))
			return usage_error(a);
	c.category = arg_value(a->argc, a->argv, 3, "category");
	c.currency = arg_value(a->argc, a->argv, 3, "currency");
	if (c.category == NULL)
		return bops_error_fmt(BOPS_ERR_USAGE, "a cost needs its "
		    "budget category (category=staff)");
	/* The amount is checked before the lock when its currency is
	 * known; with the project's, once it is loaded. */
	if (c.currency && ((err = bops_money_currency(code, c.currency)) ||
	    (err = bops_project_amount(&v, c.amount, code, true))))
		return err;
	if (a->note && (err = read_text(&note, a->note)))
		goto done;
	c.note = a->note ? note.ptr : NULL;
	err = record_change(ctx, kind, a->argv[1], apply_cost, &c, &c.what,
	    NULL);
done:
	bops_buf_release(&note);
	bops_buf_release(&c.what);
	return err;
}

static const struct bops_verb cost_verbs[] = {
	VERB("add", cost_add, "PROJECT AMOUNT category=CATEGORY "
	    "[currency=CUR]", 2, 4, OPTS(OPT_VALUE("note", 0, "TEXT", note, 0)),
	    "record an actual cost (negative: a correction)"),
	VERBS_END,
};

/* budget-line */

struct line {
	const char *category, *amount, *currency;
	struct bops_buf what;
};

static const struct bops_error *
apply_line(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err;
	struct line *l = arg;
	struct bops_node *seq = bops_record_get(rec, "budget_lines"), *e;
	const char *cur = l->currency ? l->currency :
	    bops_record_str(rec, "currency");
	char code[4];
	int64_t v;
	size_t i;

	(void)txn;
	if (cur == NULL)
		return bops_error_fmt(BOPS_ERR_USAGE, "project '%s' has no "
		    "currency: give the line's (currency=VND)", rec->id);
	if ((err = bops_money_currency(code, cur)) ||
	    (err = bops_project_amount(&v, l->amount, code, false)))
		return err;
	e = bops_node_seq_find(seq, "category", l->category);
	if (v == 0) {
		for (i = 0; e && i < seq->n; i++)
			if (seq->items[i] == e) {
				bops_node_seq_remove(seq, i);
				bops_buf_printf(&l->what, "budget line %s "
				    "removed", l->category);
				break;
			}
		if (seq && seq->n == 0)
			bops_node_map_remove(rec->root, "budget_lines");
		return NULL;
	}
	if (e == NULL) {
		if (seq == NULL) {
			seq = bops_node_new_seq();
			bops_node_map_set(rec->root, "budget_lines", seq);
		}
		e = bops_node_new_map();
		bops_node_map_set_str(e, "category", l->category,
		    BOPS_SCALAR_TEXT);
		bops_node_seq_append(seq, e);
	}
	bops_node_map_set_str(e, "amount", l->amount, BOPS_SCALAR_TEXT);
	if (l->currency && strcmp(code, bops_record_str(rec, "currency") ?
	    bops_record_str(rec, "currency") : ""))
		bops_node_map_set_str(e, "currency", code, BOPS_SCALAR_RAW);
	else
		bops_node_map_remove(e, "currency");
	bops_buf_printf(&l->what, "budget line %s ", l->category);
	bops_money_format(&l->what, v, bops_money_minor(code), 1, true);
	bops_buf_printf(&l->what, " %s", code);
	return NULL;
}

static const struct bops_error *
project_budget_line(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct line l = { a->argv[2], a->argv[3], NULL, BOPS_BUF_INIT };
	char code[4];
	int64_t v;

	if (a->argc == 5) {
		if (strncmp(a->argv[4], "currency=", 9))
			return usage_error(a);
		l.currency = a->argv[4] + 9;
		if ((err = bops_money_currency(code, l.currency)) ||
		    (err = bops_project_amount(&v, l.amount, code, false)))
			return err;
	}
	err = record_change(ctx, kind, a->argv[1], apply_line, &l, &l.what,
	    NULL);
	bops_buf_release(&l.what);
	return err;
}

/* status */

struct report {
	const char *note;
	struct bops_buf what;
};

static const struct bops_error *
apply_status(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err;
	struct report *r = arg;
	struct bops_project_health h;
	struct bops_node *e;
	size_t i;

	(void)txn;
	if ((err = project_health_of(ctx, rec, &h)))
		return err;
	if ((err = log_entry(ctx, rec, "reports", &e)) == NULL) {
		bops_buf_puts(&r->what, "status");
		for (i = 0; i < BOPS_PART__COUNT; i++) {
			bops_node_map_set_str(e, bops_health_part_name(i),
			    bops_health_name(h.part[i]), BOPS_SCALAR_TEXT);
			bops_buf_printf(&r->what, " %s %s",
			    bops_health_part_name(i),
			    bops_health_name(h.part[i]));
		}
		if (r->note)
			bops_node_map_set_str(e, "note", r->note,
			    BOPS_SCALAR_TEXT);
	}
	bops_project_health_release(&h);
	return err;
}

static const struct bops_error *
project_status(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err = NULL;
	struct bops_buf note = BOPS_BUF_INIT;
	struct report r = { NULL, BOPS_BUF_INIT };
	struct bulk b;

	if (a->note && (err = read_text(&note, a->note)))
		goto done;
	r.note = a->note ? note.ptr : NULL;
	b = (struct bulk){ .apply = apply_status, .arg = &r,
	    .what = "status report", .said = &r.what };
	err = bulk_verb(ctx, kind, a, 1, a->argc, &b);
done:
	bops_buf_release(&note);
	bops_buf_release(&r.what);
	return err;
}

/* retro */

static const struct bops_error *
retro_task(struct bops_ctx *ctx, struct bops_txn *txn,
    const struct bops_record *project, const char *text,
    struct bops_record **out)
{
	const struct bops_error *err;
	struct bops_record *task = NULL;

	*out = NULL;
	if ((err = bops_record_new(&task, ctx->ws, &bops_kind_task, NULL)) ||
	    (err = bops_record_set(task, ctx->ws, "title", text)) ||
	    (err = bops_record_set(task, ctx->ws, "project", project->id)) ||
	    (err = bops_record_assign(task, ctx->ws, "tags+=retro")) ||
	    (err = bops_txn_put(txn, task, NULL))) {
		bops_record_free(task);
		return err;
	}
	*out = task;
	return NULL;
}

static const struct bops_error *
project_retro(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	static const char *const parts[][2] = { { "went-well", "went_well" },
	    { "improve", "to_improve" }, { "action", "actions" } };
	const struct bops_error *err;
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL, *task = NULL;
	struct bops_buf text = BOPS_BUF_INIT, expr = BOPS_BUF_INIT;
	struct bops_buf msg = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < 3 && strcmp(a->argv[2], parts[i][0]); i++)
		;
	if (i == 3)
		return bops_error_fmt(BOPS_ERR_USAGE, "unknown part of a "
		    "retrospective '%s'; one of: went-well, improve, action",
		    a->argv[2]);
	if ((err = read_text(&text, a->argv[3])))
		goto done;
	/* One line: a list's items are one-line strings. */
	for (char *p = text.ptr; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	bops_buf_printf(&expr, "%s+=%s", parts[i][1], text.ptr);
	if ((err = bops_id_normalize(&msg, a->argv[1])) ||
	    (err = txn_begin(ctx, &txn)) ||
	    (err = bops_txn_load(&rec, txn, kind, a->argv[1])) ||
	    (err = bops_record_assign(rec, ctx->ws, expr.ptr)))
		goto done;
	/* An action is also a task, whatever the project's status. */
	if (i == 2 && (err = retro_task(ctx, txn, rec, text.ptr, &task)))
		goto done;
	if ((err = bops_txn_put(txn, rec, NULL)))
		goto done;
	bops_buf_reset(&msg);
	bops_buf_printf(&msg, "project %s: retro %s ", rec->id, a->argv[2]);
	bops_text_put_quoted(&msg, text.ptr, 50);
	if (task)
		bops_buf_printf(&msg, ", task %s", task->id);
	if ((err = commit_print(txn, msg.ptr, NULL, task ? task->id :
	    rec->id, NULL)))
		goto done;
	if (task)
		say(ctx, "added task %s: %s (project %s's retrospective)",
		    task->id, text.ptr, rec->id);
	else
		say(ctx, "%s", msg.ptr);
done:
	bops_txn_free(txn);
	bops_record_free(rec);
	bops_record_free(task);
	bops_buf_release(&text);
	bops_buf_release(&expr);
	bops_buf_release(&msg);
	return err;
}

#define OPT_OPEN OPT_FLAG("open", 0, open, 0)
#define OPT_MATRIX OPT_FLAG("matrix", 0, matrix, 0)

const struct bops_verb project_verbs[] = {
	VERB("add", project_add, "TITLE ... goal=TEXT due=DATE [customer=C] "
	    "[budget=AMOUNT currency=CUR] [field=value ...]", 1, -1,
	    OPTS(OPT_VALUE("id", 0, "SLUG", id, 0), OPT_FORCE),
	    "add a project with its SMART goal and print its id"),
	VERB("set", project_set, "[ID ...] field=value|field+=item|"
	    "field-=item|field= ...", 1, -1, OPTS(OPT_WHERE, OPT_FORCE),
	    "change fields of projects: the ids given, or what --where picks"),
	FAMILY("milestone", milestone_verbs,
	    "a project's milestones: add, done, set"),
	FAMILY("risk", risk_verbs, "a project's risks: add, set"),
	FAMILY("metric", metric_verbs, "a project's quality metrics: set"),
	VERB("risks", project_risks, "[PROJECT]", 0, 1, OPTS(OPT_OPEN,
	    OPT_MATRIX, OPT_JSON),
	    "risks by score, or the 5 x 5 matrix of probability and impact"),
	FAMILY("cost", cost_verbs, "a project's actual costs: add"),
	VERB("budget-line", project_budget_line, "PROJECT CATEGORY AMOUNT "
	    "[currency=CUR]", 3, 4, NULL,
	    "set the budget of a category (0 removes it)"),
	VERB("resource", project_resource, "PROJECT PERSON ALLOCATION "
	    "[role=ROLE]", 3, 4, NULL,
	    "set a person's allocation % to a project (0 removes them)"),
	VERB("csat", project_csat, "PROJECT SCORE", 2, 2, NULL,
	    "set the customer's satisfaction score, 0 to 5"),
	VERB("budget", project_budget, "PROJECT", 1, 1, OPTS(OPT_JSON),
	    "budget against actual by category; burn, earned value, forecast"),
	VERB("status", project_status, "[PROJECT ...]", 0, -1,
	    OPTS(OPT_VALUE("note", 0, "TEXT", note, 0), OPT_WHERE),
	    "record a status report with each project's health"),
	VERB("health", project_health, "[PROJECT]", 0, 1, OPTS(OPT_JSON),
	    "schedule, cost, quality and risk: green, amber or red, and why"),
	VERB("retro", project_retro, "PROJECT went-well|improve|action TEXT",
	    3, 3, NULL, "add to the retrospective; an action becomes a task"),
	VERBS_END,
};
